"""Document fields: the publication date as a date and an anchor. The invented headers with the
publication date and dateline they must give are in models/corpus/document.jsonl (tests/test_corpus.py)."""

from __future__ import annotations

from datetime import date

from pipeline.extractors.document import header_end


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
