"""Officials extractor: offsets and the helper functions. The invented sentences with the official
rows they must give are in models/corpus/officials.jsonl (tests/test_corpus.py)."""

from __future__ import annotations

import pytest

from pipeline.core import Pipeline
from pipeline.extractors.officials import is_acronym, role_head_ok, spelled_out, split_honorific


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


def _rows(pipe, text):
    return pipe.extract(text, doc_id="t").officials


@pytest.mark.parametrize("text, span", [
    ("ICMPD Director General Michael Spindelegger said it.", "ICMPD Director General Michael Spindelegger"),
    ('said Alexis Goosdeel, Director of the EMCDDA. Goosdeel noted it.', "Alexis Goosdeel, Director of the EMCDDA"),
])
def test_offsets(pipe, text, span):
    (row,) = _rows(pipe, text)
    assert (row.start, row.end, row.text) == (text.index(span), text.index(span) + len(span), span)
    assert row.rule_id.startswith("officials.")


@pytest.mark.parametrize("word, expected", [("ICMPD", True), ("CoESPU", True), ("OSR/CTHB", True),
                                            ("Noble", False), ("K.", False), ("Al-Dosari", False)])
def test_is_acronym(word, expected):
    assert is_acronym(word) is expected


@pytest.mark.parametrize("segment, expected", [
    ("Head of Training at X", True), ("head of ICMPD's Beirut office", True),
    ("who attended a course", False), ("Spain's Secretary of State", True),
    ("team leader at Expertise Unit", False)])
def test_role_head_ok(segment, expected):
    assert role_head_ok(segment, {"Head", "Secretary", "Director"}) is expected


@pytest.mark.parametrize("segment, lower, expected", [
    ("team leader at Expertise France", {"leader"}, True),
    ("FINTRACE team leader", {"leader"}, True),
    ("team leader at Expertise France", set(), False),
    ("Team leader", {"leader"}, True)])
def test_role_head_ok_lower_roles(segment, lower, expected):
    assert role_head_ok(segment, {"Leader"}, lower) is expected


def test_split_honorific():
    assert split_honorific("H.E. Ralph Tarraf", ["H.E.", "Mr"]) == ("H.E.", "Ralph Tarraf")
    assert split_honorific("Ralph Tarraf", ["H.E.", "Mr"]) == (None, "Ralph Tarraf")


@pytest.mark.parametrize("acr, text, expected", [
    ("UNDP", "run by the United Nations Development Programme | Office", "United Nations Development Programme"),
    ("WFP", "the World Food Programme and the FAO", "World Food Programme"),
    ("UN", "the United Nations", None),          # too short to trust initials
    ("ABC", "Any Big Thing", None),
])
def test_spelled_out(acr, text, expected):
    assert spelled_out(acr, text) == expected
