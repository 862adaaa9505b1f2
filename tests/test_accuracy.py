"""Regression tests on extraction accuracy: no score may fall below the committed baseline,
on the seeds, the dev set and the four held-out sets; the seeds and the dev set must also
meet the project's targets.

The baseline (``tests/accuracy_baseline.json``) holds the scores the rules
reached when it was last raised; raise it when the rules get better, never
lower it to make a test pass. Refresh it with ``python tests/update_baseline.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import load_gold, predictions_from_tables, score, score_to_json

from conftest import GOLD_SETS

BASELINE = json.loads((Path(__file__).parent / "accuracy_baseline.json").read_text())
FIELDS = ["programmes", "amounts", "durations", "officials", "dates"]
METRICS = FIELDS + ["overall", "publication_date_accuracy", "link_accuracy", "title_token_f1",
                    "organisation_accuracy"]

#: The project's targets: seeds F1 >= 0.9 per field and publication dates all right;
#: dev F1 >= 0.75 per field and >= 0.85 overall.
TARGETS = {"seeds": (0.9, 0.9, 1.0), "dev": (0.75, 0.85, 0.0)}


@pytest.fixture(scope="module")
def scores(gold_set_output):
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            gold = load_gold(GOLD_SETS[name][1])
            cache[name] = score_to_json(score(gold, predictions_from_tables(gold_set_output(name))))
        return cache[name]

    return get


def measured(result: dict, metric: str) -> float:
    if metric in FIELDS:
        return result["fields"][metric]["f1"]
    if metric == "overall":
        return result["overall"]["f1"]
    return result[metric]["value"]


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("name", list(GOLD_SETS))
def test_no_score_falls_below_the_baseline(scores, name, metric):
    baseline = BASELINE[name][metric]
    assert measured(scores(name), metric) >= baseline - 1e-9, f"{name} {metric} fell below {baseline}"


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_field_meets_the_project_target(scores, name):
    result = scores(name)
    per_field, overall, pub_date = TARGETS[name]
    assert all(result["fields"][f]["f1"] >= per_field for f in FIELDS), result["fields"]
    assert result["overall"]["f1"] >= overall
    assert result["publication_date_accuracy"]["value"] >= pub_date
