"""Dates: absolute dates at their grain, year-less dates, relative words, and what is not a date."""

from __future__ import annotations

import pytest

from pipeline import timex
from pipeline.extractors import dates


def _dates(pipeline, text, pub="2022-11-23"):
    return pipeline.extract(text, doc_id="t", publication_date=pub).dates


# (text, publication date, expected [(mention text, value, grain)])
CASES = [
    ("The office opened on 20 October 2015 in Jakarta.", None, [("20 October 2015", "2015-10-20", "day")]),
    ("It was adopted in June 2007 by the Council.", None, [("June 2007", "2007-06", "month")]),
    ("In 2003, the ministry launched the process.", None, [("2003", "2003", "year")]),
    ("The report is dated 26/06/2018 and signed.", None, [("26/06/2018", "2018-06-26", "day")]),
    ("The meeting of 12.10.2021 was postponed.", None, [("12.10.2021", "2021-10-12", "day")]),
    ("Published 2019-11-07 by the office.", None, [("2019-11-07", "2019-11-07", "day")]),
    ("The talks resumed on October 20, 2015 in Geneva.", None, [("October 20, 2015", "2015-10-20", "day")]),
    ("The scheme was relaunched in mid-2021 after a pause.", None, [("mid-2021", "2021", "year")]),
    ("Cooperation grew at the beginning of 2000 in the region.", None, [("the beginning of 2000", "2000", "year")]),
    ("It should be close to the end of 2027.", None, [("the end of 2027", "2027", "year")]),
    ("Courses moved online in the spring of 2022.", None, [("the spring of 2022", "2022", "year")]),
    ("The workshop closed on 17 November with a ceremony.", "2022-11-23", [("17 November", "2022-11-17", "day")]),
    ("In May, the two sides agreed to extend the project.", "2022-09-14", [("May", "2022-05", "month")]),
    ("The EU today launched a programme.", "2015-10-20", [("today", "2015-10-20", "day")]),
    ("The results were presented yesterday in Singapore.", "2019-11-22", [("yesterday", "2019-11-21", "day")]),
    ("Last month the last group returned home.", "2021-11-08", [("Last month", "2021-10", "month")]),
    ("A new call is expected next year.", "2019-11-22", [("next year", "2020", "year")]),
    ("More trainings were held this year in Doha.", "2022-09-14", [("this year", "2022", "year")]),
    ("The project will open its next call for exchanges in January.", "2021-11-08", [("January", "2022-01", "month")]),
    # years before 1900 where the context makes them years: a month name, in/since/until/before/after
    ("The lighthouse was built in 1874 by sailors.", None, [("1874", "1874", "year")]),
    ("The treaty of 4 March 1815 still applies.", None, [("4 March 1815", "1815-03-04", "day")]),
    ("Records go back to May 1862 in the archive.", None, [("May 1862", "1862-05", "month")]),
    ("The market has existed since 1790 on this square.", None, [("1790", "1790", "year")]),
    ("Trade routes closed at the end of 1888 for good.", None, [("the end of 1888", "1888", "year")]),
    # ... but not a bare number or a count
    ("The committee counted 1874 and then 1862 votes.", None, []),
    ("They planted trees in 1500 villages.", None, []),
    ("A total of 1850 officers took part.", None, []),
    # one of two consecutive days joined by 'and' is a period end, not a date
    ("The clinic held open days on 14 and 15 March.", "2022-11-23", []),
    # two days that are not consecutive stay dates (the first has no month of its own)
    ("Hearings took place on 3 and 17 March.", "2022-11-23", [("17 March", "2022-03-17", "day")]),
    # relative words without a publication date are not dates
    ("The EU today launched a programme. This year we sat together.", None, []),
    # 'Today' meaning 'nowadays'
    ("Today they are cooperation projects that happen to use training.", "2023-10-12", []),
    # not dates: money, counts, number groups, phone and reference numbers, times
    ("The budget is €2020 and the reserve EUR 2019.", None, []),
    ("Some 2003 participants attended 16 sites.", None, []),
    ("The equipment cost nearly USD 1 150 000 in total.", None, []),
    ("Call +36 1 803 2020 or tel. 2019 1234 for details.", None, []),
    ("See News release No 2/2023 and Ref. CEPOL/PR/2021/17.", None, []),
    ("The session started at 10:30 and ended at 16:45.", None, []),
    ("Growth reached 2020 % in the model.", None, []),
    # both ends of a period are durations, not dates
    ("It runs from January 2023 to December 2027.", None, []),
    ("The strategy 2021–2025 is in force.", None, []),
    ("Met between 1 and 3 March in Vienna.", "2020-05-01", []),
]


@pytest.mark.parametrize("text,pub,expected", CASES)
def test_dates(pipeline, text, pub, expected):
    found = _dates(pipeline, text, pub)
    assert [(d.text, d.value, d.grain) for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.text


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
    assert dates.parse("date_dmy", {"day": "99", "month": "March", "year": "2020"}) is None
    assert dates.parse("unknown_rule", {}) is None


# month-day without a year (US order), a day with a relative year, a year ending a name (invented)
CASES_MORE = [
    ("On March 14, the two agencies signed the grant.", "2023-05-02", [("March 14", "2023-03-14", "day")]),
    ("The vessel was handed over on September 3 in Davao.", "2023-10-01", [("September 3", "2023-09-03", "day")]),
    ("The centre will open on 12 May next year.", "2023-10-01", [("12 May next year", "2024-05-12", "day")]),
    ("It closed on June 30 last year.", "2023-10-01", [("June 30 last year", "2022-06-30", "day")]),
    ("The region's Green Transport Vision 2040 guides the plan.", None, []),
    ("The plan follows the Border Strategy 2035 of the union.", None, []),
    ("The network should cover every port by 2030.", None, [("2030", "2030", "year")]),
    ("In 2030 the loan will be repaid.", None, [("2030", "2030", "year")]),
]


@pytest.mark.parametrize("text,pub,expected", CASES_MORE)
def test_dates_more(pipeline, text, pub, expected):
    found = _dates(pipeline, text, pub)
    assert [(d.text, d.value, d.grain) for d in found] == expected
    assert all(text[d.start:d.end] == d.text for d in found)
