"""Durations: lengths as ISO 8601 durations and periods as ISO intervals at the grain written. The
invented sentences with the duration rows they must give are in models/corpus/durations.jsonl
(tests/test_corpus.py)."""

from __future__ import annotations

import pytest

from pipeline import timex
from pipeline.extractors import durations


def _durations(pipeline, text, pub=None):
    return pipeline.extract(text, doc_id="t", publication_date=pub).durations


def test_interval_ends_and_offsets(pipeline):
    text = "EU4MD II will run from January 2023 to December 2027."
    [d] = _durations(pipeline, text)
    assert (d.text, d.period_start, d.period_end) == ("January 2023 to December 2027", "2023-01", "2027-12")
    assert (d.start, d.end) == (text.index("January"), text.index("."))


@pytest.mark.parametrize("number,unit,half,expected", [
    (3, "year", False, "P3Y"),
    (36, "months", False, "P36M"),
    (2, "weeks", False, "P2W"),
    (4, "years", True, "P4Y6M"),
    (1.5, "years", False, "P1.5Y"),
    (0, "years", False, None),
    (3, "fortnights", False, None),
])
def test_duration_iso(number, unit, half, expected):
    assert timex.duration_iso(number, unit, half=half) == expected


@pytest.mark.parametrize("word,expected", [
    ("eighteen", 18), ("Two", 2), ("twenty-four", 24), ("48", 48), ("a", None), ("fourteen-two", None),
])
def test_parse_number(word, expected):
    assert timex.parse_number(word) == expected


def test_parse_interval_rejects_backwards_and_bad_separators():
    assert durations.parse_interval("interval_years", {"y1": "2021", "sep": "–", "y2": "2020"}) is None
    assert durations.parse_interval("interval_years", {"pre": "between", "y1": "2019", "sep": " to ", "y2": "2022"}) is None
    assert durations.parse_interval("interval_days", {"d1": "5", "sep": "-", "d2": "6", "m2": "November"}) is None


@pytest.mark.parametrize("groups,expected", [
    ({"lo": "six", "range": " to ", "num": "nine", "unit": "months"}, ("P6M", "P9M")),
    ({"lod": "10", "ranged": "–", "num": "12", "unit": "weeks"}, ("P10W", "P12W")),
    ({"lo": "five", "range": " to ", "num": "two", "unit": "years"}, None),
    ({"num": "two", "unit": "years"}, None),
])
def test_parse_range(groups, expected):
    assert durations.parse_range(groups) == expected
