"""Reading TimeML files into gold and scoring predictions against them (pipeline.timeml)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from pipeline import timeml
from pipeline.evaluate import score

from conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "timeml" / "sample_grant.tml"


def test_gold_keeps_calendar_dates_and_lengths_and_marks_the_debatable_optional():
    doc = timeml.read_timeml(SAMPLE)
    assert doc.dct == "2019-03-08" and doc.text.lstrip().startswith("The regional water fund")
    assert "<TIMEX3" not in doc.text
    dates = {(d["value"], bool(d.get("optional"))) for d in doc.gold["dates"]}
    assert dates == {("2019-03-08", False), ("2018-11-20", False), ("2021-06", False),
                     ("2019-03-07", True)}  # the evening's day; the quarter is not scored
    durations = {(d["value"], bool(d.get("optional"))) for d in doc.gold["durations"]}
    assert durations == {("P3Y", False), ("P2W", False), ("P1Y6M", True)}  # PXY is not scored


def test_an_interval_counts_as_its_two_end_dates_and_hours_are_not_scored():
    extraction = NS(dates=[NS(text="today", value="2019-03-08")],
                    durations=[NS(text="2018-2021", value="2018/2021-06"),
                               NS(text="three-year", value="P3Y"),
                               NS(text="four hours", value="PT4H")])
    got = timeml.predictions(extraction)
    assert [d["value"] for d in got["dates"]] == ["2019-03-08", "2018", "2021-06"]
    assert [d["value"] for d in got["durations"]] == ["P3Y"]


def test_scores_count_misses_and_spurious_items():
    doc = timeml.read_timeml(SAMPLE)
    predicted = {doc.doc: {**doc.gold, "dates": [{"text": "today", "value": "2019-03-08"},
                                                  {"text": "1990", "value": "1990"},
                                                  {"text": "yesterday", "value": "2019-03-07"}],
                           "durations": [{"text": "three-year", "value": "P3Y"}]}}
    result = score({doc.doc: doc.gold}, predicted)
    assert (result.dates.tp, result.dates.fp, result.dates.fn) == (1, 1, 2)  # the optional day counts neither way
    assert (result.durations.tp, result.durations.fp, result.durations.fn) == (1, 0, 1)
    report = timeml.format_report(result)
    assert "MISS" in report and 'SPURIOUS  dates' in report and "1990" in report


@pytest.mark.parametrize("body, message", [
    ("<TimeML><TEXT>x</TEXT>", "not well-formed"),
    ("<TimeML><TEXT>x</TEXT></TimeML>", "no document creation date"),
    ('<TimeML><DCT><TIMEX3 type="DATE" value="1998-01-08">x</TIMEX3></DCT></TimeML>', "no <TEXT>"),
])
def test_broken_files_are_named_in_the_error(tmp_path, body, message):
    path = tmp_path / "bad.tml"
    path.write_text(body)
    with pytest.raises(ValueError, match=message) as info:
        timeml.read_timeml(path)
    assert "bad.tml" in str(info.value)
