"""The spaCy-NER-only baseline: dateparser settings, and that the rules beat it."""

from __future__ import annotations

import pytest

from pipeline.baseline import _dateparser_value, ner_only_predictions
from pipeline.evaluate import load_gold, predictions_from_tables, score

from conftest import SEED_GOLD


@pytest.mark.parametrize("text, base, expected", [
    ("20 October 2015", None, "2015-10-20"),
    ("June 2007", None, "2007-06"),
    ("2003", None, "2003"),
    ("26/06/2018", None, "2018-06-26"),       # day first, not month first
    ("yesterday", "2019-11-22", "2019-11-21"),  # against the release's date, not the clock
    ("the beginning of 2000", None, None),
])
def test_dateparser_is_called_with_explicit_settings(text, base, expected):
    assert _dateparser_value(text, base) == expected


def test_rules_beat_the_ner_only_baseline_on_every_field(pipeline, seed_output):
    gold = load_gold(SEED_GOLD)
    rules = score(gold, predictions_from_tables(seed_output))
    ner = score(gold, ner_only_predictions(seed_output, pipeline.rules))
    assert ner.overall.f1 < rules.overall.f1
    for field in ("programmes", "amounts", "durations", "officials", "dates"):
        assert getattr(ner, field).f1 < getattr(rules, field).f1, field
