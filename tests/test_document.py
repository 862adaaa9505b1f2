"""Document fields: publication date and dateline place from the structure of the header."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extractors.document import header_end

# (text, expected publication date, expected dateline)
CASES = [
    ("JAKARTA, 20 October 2015 – The European Union and ASEAN today launched a programme.",
     date(2015, 10, 20), "JAKARTA"),
    ("подписка на рассылку\n\n2019-11-07 › Achievements of the initiative\n\nThe OSCE concluded a conference.",
     date(2019, 11, 7), None),
    ("Delegation of the European Union\n\nBorder Management - Phase 9\n\n26/06/2018 - 00:00\nMigration\n\nText.",
     date(2018, 6, 26), None),
    ("All news\n|\nPrint\n21 June 2013 - Media release\n\nTools\n\nLYON, France – Enhancing European security was the focus of a meeting.",
     date(2013, 6, 21), "LYON"),
    ("ICMPD Lebanon – Integrated Border Management\nYou are here: News\n\nBeirut, 12.10.2021\n\nEU hands over equipment.",
     date(2021, 10, 12), "Beirut"),
    ("European Commission – Questions and answers\n\nMEMO/23/6012\n\nBrussels, 21 November 2023\n\nQuestions.",
     date(2023, 11, 21), "Brussels"),
    ("International Organization for Migration (IOM) – News\n\nThe Hague, 02.06.2023\n\nCOMPASS partners agree.",
     date(2023, 6, 2), "The Hague"),
    ("INTERPOL\nHome > News > 2022\n\n2022-09-14\n\nTitle here\n\nDOHA – Forty-two police and security officers completed a course.",
     date(2022, 9, 14), "DOHA"),
    ("Newsroom\n\nPublished: 3 May 2021\n\nVienna – The OSCE opened a new training centre for border officials in Dushanbe today.",
     date(2021, 5, 3), "Vienna"),
    ("Countering Serious Crime in the Western Balkans – Project Newsletter\n\nJoint investigations\n\n"
     "Organised crime groups rarely stop at a border. A delegation agreement was signed in December 2017.",
     None, None),
    ("Monday, 20 October 2015\n\nThe EU launched it.", date(2015, 10, 20), None),
    ("Brussels, Monday 20 October 2015\n\nThe EU launched it.", date(2015, 10, 20), "Brussels"),
    ("Press release | 12 March 2020\n\nThe project was extended until 2025.", date(2020, 3, 12), None),
    ("Representatives from the UN attended the conference on 5 May 2019 in Almaty.", None, None),
    ("Header\n\n1 April 2020 marked the launch of the project in the region.", None, None),
    # a period in a fact box is not the date of issue, in any label or date style
    ("Water for Towns – project page\n\nProject period: 01/03/2018 - 28/02/2021\nLead agency: Ministry\n\nToday, towns get water.",
     None, None),
    ("Rural Roads Facility\n\nRunning time: 1 June 2019 – 31 May 2022\n\nThe facility paves roads.", None, None),
    ("Key data\nTerm: 2017-05-01 to 2020-04-30\n\nThe works continue.", None, None),
    # but a header date next to a fact-box period still counts
    ("Published: 9 August 2020\nDuration: 01/01/2019 - 31/12/2021\n\nThe works continue.", date(2020, 8, 9), None),
    # US-style dateline with the month first
    ("OTTAWA, August 2, 2019 — The fund approved a grant for rural clinics across three provinces.",
     date(2019, 8, 2), "OTTAWA"),
]


@pytest.mark.parametrize("text,pub,dateline", CASES)
def test_document_fields(pipeline, text, pub, dateline):
    result = pipeline.extract(text, doc_id="t")
    assert result.document.publication_date == pub
    assert result.document.dateline == dateline


def test_publication_date_is_also_a_date(pipeline):
    result = pipeline.extract("LISBON, 31 January 2023 – The agency today opened a project.", doc_id="t")
    assert [(d.text, d.value) for d in result.dates] == [("31 January 2023", "2023-01-31"), ("today", "2023-01-31")]


def test_given_publication_date_anchors_relative_words(pipeline):
    result = pipeline.extract("LISBON, 31 January 2023 – It opened yesterday.", doc_id="t", publication_date="2020-01-02")
    assert result.document.publication_date == date(2020, 1, 2)
    assert [d.value for d in result.dates] == ["2023-01-31", "2020-01-01"]


def test_header_end_counts_non_empty_lines():
    assert header_end("a\n\nb\nc\n", 2) == 5
    assert header_end("", 3) == 0


def test_no_publication_date_leaves_relative_words_unresolved(pipeline):
    text = "Clean Harbours project\n\nTerm: 10/02/2016 - 09/02/2019\n\nToday, fishermen sell more. This year the port reopened."
    result = pipeline.extract(text, doc_id="t")
    assert result.document.publication_date is None
    assert [d.text for d in result.dates] == []
