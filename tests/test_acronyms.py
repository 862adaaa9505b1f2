"""Acronym matching (Schwartz-Hearst). The invented sentences with the definitions they must give, in
both orders, are in models/corpus/acronyms.jsonl (tests/test_corpus.py, which also checks offsets)."""

import pytest

from pipeline.extractors.acronyms import looks_like_acronym, match_acronym


@pytest.mark.parametrize("acronym, long_form, expected", [
    ("BOMCA", "Border Management Programme in Central Asia", True),
    ("EUDiF", "European Union Global Diaspora Facility", True),
    ("MIEUX", "MIgration EU eXpertise", True),
    ("EU4MD II", "EU4Monitoring Drugs II", True),
    ("FPI", "Border Management Programme", False),
])
def test_match_acronym(acronym, long_form, expected):
    assert match_acronym(acronym, long_form) is expected


@pytest.mark.parametrize("text, expected", [
    ("BOMCA", True), ("iARMS", True), ("GLACY+", True), ("Italy", False), ("2019", False), ("a", False),
])
def test_looks_like_acronym(text, expected):
    assert looks_like_acronym(text) is expected
