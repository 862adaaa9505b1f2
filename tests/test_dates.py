"""Dates: the relative flag and the date functions. The invented sentences with the date rows they
must give (absolute dates at their grain, year-less dates, relative words, and what is not a date)
are in models/corpus/dates.jsonl (tests/test_corpus.py)."""

from __future__ import annotations

import pytest

from pipeline import timex


def _dates(pipeline, text, pub="2022-11-23"):
    return pipeline.extract(text, doc_id="t", publication_date=pub).dates


def test_relative_flag(pipeline):
    found = _dates(pipeline, "On 17 November, and yesterday, and on 2 May 2019.", "2022-11-23")
    assert [(d.value, d.relative) for d in found] == [("2022-11-17", True), ("2022-11-22", True), ("2019-05-02", False)]


@pytest.mark.parametrize("groups,default,expected", [
    (("20", "October", "2015"), None, "2015-10-20"),
    ((None, "Sept", "2020"), None, "2020-09"),
    (("31", "April", "2020"), None, None),
    (("17", "November", None), 2019, "2019-11-17"),
    ((None, None, "1850"), None, None),
])
def test_date_value(groups, default, expected):
    assert timex.date_value(*groups, default_year=default) == expected


@pytest.mark.parametrize("phrase,anchor,expected", [
    ("yesterday", "2021-03-01", ("2021-02-28", "day")),
    ("last month", "2023-01-12", ("2022-12", "month")),
    ("next year", "2019-11-22", ("2020", "year")),
    ("Today", None, None),
    ("the other day", "2019-11-22", None),
])
def test_relative_date(phrase, anchor, expected):
    from datetime import date
    assert timex.relative_date(phrase, date.fromisoformat(anchor) if anchor else None) == expected


def test_parse_never_raises():
    assert timex.date_match("calendar", {"day": "99", "month": "March", "year": "2020"}) is None
    assert timex.date_match("no_such_type", {}) is None
