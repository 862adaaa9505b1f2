"""Shared fixtures: one loaded pipeline and one run per gold set per session."""

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

#: Every gold set: name -> (folder of releases, folder of gold files). The seeds and the
#: dev set are what the rules were developed on; the held-out sets were written without
#: looking at the rules (see each folder's README) and measure how the rules carry over.
GOLD_SETS = {
    "seeds": (SEEDS, SEED_GOLD),
    "dev": (DEV_DOCS, DEV_GOLD),
    "holdout": (DATA / "holdout" / "docs", DATA / "holdout" / "gold"),
    "holdout2": (DATA / "holdout2" / "docs", DATA / "holdout2" / "gold"),
    "holdout3": (DATA / "holdout3" / "docs", DATA / "holdout3" / "gold"),
    "holdout4": (DATA / "holdout4" / "docs", DATA / "holdout4" / "gold"),
    "holdout5": (DATA / "holdout5" / "docs", DATA / "holdout5" / "gold"),
    "holdout6": (DATA / "holdout6" / "docs", DATA / "holdout6" / "gold"),
    "holdout7": (DATA / "holdout7" / "docs", DATA / "holdout7" / "gold"),
    "holdout8": (DATA / "holdout8" / "docs", DATA / "holdout8" / "gold"),
    "holdout9": (DATA / "holdout9" / "docs", DATA / "holdout9" / "gold"),
    "holdout10": (DATA / "holdout10" / "docs", DATA / "holdout10" / "gold"),
    "holdout11": (DATA / "holdout11" / "docs", DATA / "holdout11" / "gold"),
    "holdout12": (DATA / "holdout12" / "docs", DATA / "holdout12" / "gold"),
    "holdout13": (DATA / "holdout13" / "docs", DATA / "holdout13" / "gold"),
    "holdout14": (DATA / "holdout14" / "docs", DATA / "holdout14" / "gold"),
    "holdout15": (DATA / "holdout15" / "docs", DATA / "holdout15" / "gold"),
}


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


@pytest.fixture(scope="session")
def gold_set_output(request, pipeline, seed_output, dev_output, tmp_path_factory):
    """``name -> output folder`` for every gold set, each run once per session."""
    outputs = {"seeds": seed_output, "dev": dev_output}

    def get(name: str) -> Path:
        if name not in outputs:
            out = tmp_path_factory.mktemp(name) / "output"
            run([GOLD_SETS[name][0]], out, pipeline=pipeline)
            outputs[name] = out
        return outputs[name]

    return get
