"""Durations: lengths as ISO 8601 durations and periods as ISO intervals at the grain written."""

from __future__ import annotations

import pytest

from pipeline import timex
from pipeline.extractors import durations


def _durations(pipeline, text, pub=None):
    return pipeline.extract(text, doc_id="t", publication_date=pub).durations


# (text, publication date, expected [(value, kind, qualifier)])
CASES = [
    ("They launched a three-year programme.", None, [("P3Y", "length", None)]),
    ("It was a two-day conference.", None, [("P2D", "length", None)]),
    ("The action lasted 18 months.", None, [("P18M", "length", None)]),
    ("Over eighteen months, experts worked together.", None, [("P18M", "length", "over")]),
    ("A two-week course was held.", None, [("P2W", "length", None)]),
    ("It includes a 36-month mentoring track.", None, [("P36M", "length", None)]),
    ("In four and a half years of work, much changed.", None, [("P4Y6M", "length", None)]),
    ("The phase will run for three years.", None, [("P3Y", "length", None)]),
    ("During the more than 10 years of history.", None, [("P10Y", "length", "more than")]),
    ("Officers spent up to two weeks abroad.", None, [("P2W", "length", "up to")]),
    ("It has grown for twenty-four months.", None, [("P24M", "length", None)]),
    ("Duration: June 2015 - June 2018", None, [("2015-06/2018-06", "interval", None)]),
    ("Plans for 2020–2021 were agreed.", None, [("2020/2021", "interval", None)]),
    ("The EU 2014 – 2017 crime priorities.", None, [("2014/2017", "interval", None)]),
    ("It ran from 2019 to 2022 with a budget.", None, [("2019/2022", "interval", None)]),
    ("Held between 5-6 November in Almaty.", "2019-11-07", [("2019-11-05/2019-11-06", "interval", None)]),
    ("The experts met between 1 and 3 March in Vienna.", "2020-05-01", [("2020-03-01/2020-03-03", "interval", None)]),
    ("Carried out between 29 October and 7 November.", "2019-11-22", [("2019-10-29/2019-11-07", "interval", None)]),
    ("It was implemented between July 2019 and December 2022.", None, [("2019-07/2022-12", "interval", None)]),
    ("Implementation period: 01/04/2021 - 31/12/2023", None, [("2021-04-01/2023-12-31", "interval", None)]),
    ("Both run from 1 April 2020 to 31 March 2024.", None, [("2020-04-01/2024-03-31", "interval", None)]),
    ("The season runs 28 December to 3 January 2020.", None, [("2019-12-28/2020-01-03", "interval", None)]),
    ("The plan covers 2019-20 only.", None, [("2019/2020", "interval", None)]),
    # 'for' opens the span of a length it governs (checked in test_length_spans)
    ("The garden was closed for two weeks.", None, [("P2W", "length", None)]),
    # an article as the number: needs a qualifier, 'for' or 'half'
    ("The village has waited more than a decade for a bridge.", None, [("P10Y", "length", "more than")]),
    ("The drought lasted almost a year.", None, [("P1Y", "length", "almost")]),
    ("Volunteers stayed for a month in the camp.", None, [("P1M", "length", None)]),
    ("Repairs took half a year to finish.", None, [("P6M", "length", None)]),
    ("The bridge closed for half a day.", None, [("PT12H", "length", None)]),
    ("The survey took a year and a half.", None, [("P1Y6M", "length", None)]),
    ("Two decades of work paid off.", None, [("P20Y", "length", None)]),
    ("It was planned over a decade ago.", None, []),
    ("Inspectors visit twice a year and the port earns $2 billion a year.", None, []),
    # a range of lengths: one row per end
    ("Each cohort trains for six to nine months.", None,
     [("P6M", "length", "at least"), ("P9M", "length", "up to")]),
    ("Delivery takes 2-3 weeks.", None, [("P2W", "length", "at least"), ("P3W", "length", "up to")]),
    ("A visa costs ten or twelve days of wages.", None, [("P10D", "length", "at least"), ("P12D", "length", "up to")]),
    ("Experts stayed about two to three weeks.", None, [("P2W", "length", "about"), ("P3W", "length", "about")]),
    # two consecutive days joined by 'and' are a period, without 'between'
    ("The fair was held on 14 and 15 March.", "2022-11-23", [("2022-03-14/2022-03-15", "interval", None)]),
    ("Talks ran on 30 April and 1 May in Oslo.", "2022-11-23", [("2022-04-30/2022-05-01", "interval", None)]),
    # not durations: ages, clock times, dates, two separate years
    ("Hearings took place on 3 and 17 March.", "2022-11-23", []),
    ("A 25-year-old officer and a man aged 40 years.", None, []),
    ("They met at two in the morning.", None, []),
    ("It was published 2022-11-23 online.", None, []),
    ("It was founded in 2019 and 2022 saw growth.", None, []),
    ("Between 2000 and 3000 officers were trained.", None, []),
]


@pytest.mark.parametrize("text,pub,expected", CASES)
def test_durations(pipeline, text, pub, expected):
    found = _durations(pipeline, text, pub)
    assert [(d.value, d.kind, d.qualifier) for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.text
        assert d.programme is None


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
    assert durations.parse_interval("interval_y_y", {"y1": "2021", "sep": "–", "y2": "2020"}) is None
    assert durations.parse_interval("interval_y_y", {"pre": "between", "y1": "2019", "sep": " to ", "y2": "2022"}) is None
    assert durations.parse_interval("interval_d_dm", {"d1": "5", "sep": "-", "d2": "6", "m2": "November"}) is None


@pytest.mark.parametrize("text,expected", [
    ("The garden was closed for two weeks.", ["for two weeks"]),
    ("Volunteers stayed for a month in the camp.", ["for a month"]),
    ("They stayed for more than a decade.", ["more than a decade"]),
    ("Funds for two-day workshops were set aside.", ["two-day"]),
    ("Each cohort trains for six to nine months.", ["for six to nine months", "for six to nine months"]),
    ("A woman aged 18 to 25 years applied.", []),
])
def test_length_spans(pipeline, text, expected):
    found = _durations(pipeline, text)
    assert [d.text for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("groups,expected", [
    ({"lo": "six", "range": " to ", "num": "nine", "unit": "months"}, ("P6M", "P9M")),
    ({"lod": "10", "ranged": "–", "num": "12", "unit": "weeks"}, ("P10W", "P12W")),
    ({"lo": "five", "range": " to ", "num": "two", "unit": "years"}, None),
    ({"num": "two", "unit": "years"}, None),
])
def test_parse_range(groups, expected):
    assert durations.parse_range(groups) == expected
