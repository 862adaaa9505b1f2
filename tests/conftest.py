"""Shared fixtures: one loaded pipeline and one run over the seeds and the dev set per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import run

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"
SEED_GOLD = DATA / "seeds" / "gold"
DEV_DOCS = DATA / "dev" / "docs"
DEV_GOLD = DATA / "dev" / "gold"


@pytest.fixture(scope="session")
def pipeline():
    from pipeline.core import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_output(pipeline, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "output"
    run([SEEDS], out, pipeline=pipeline)
    return out


@pytest.fixture(scope="session")
def dev_output(pipeline, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dev") / "output"
    run([DEV_DOCS], out, pipeline=pipeline)
    return out
