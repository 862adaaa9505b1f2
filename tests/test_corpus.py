"""The corpus: invented sentences and the rows each kind must give, one file per kind.

``models/corpus/<kind>.jsonl`` holds one case a line (blank lines and lines starting
with ``//`` are comments, as in ``models/patterns``)::

    {"text": "...", "expected": [{<field>: <value>, ...}, ...], "note": "...",
     "publication_date": "2022-11-23", "xfail": "<why it is a known miss>"}

``note``, ``publication_date`` (anchors relative dates) and ``xfail`` (a strict
expected failure) are optional. Each line runs through the pipeline loaded once per
session; the rows of its kind, in order, must equal ``expected`` on the fields
:data:`KINDS` declares for the kind (a value is compared as JSON writes it: a
``Decimal`` or a date as its string). Every row's offsets must also give its text.
A new rule comes with a sentence in the corpus of its kind.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pipeline.extractors.acronyms import find_definitions

CORPUS = Path(__file__).resolve().parent.parent / "models" / "corpus"

#: kind (file ``models/corpus/<kind>.jsonl``) -> the fields compared for each of its rows.
KINDS: dict[str, tuple[str, ...]] = {
    "acronyms": ("acronym", "long_form"),
    "amounts": ("text", "value", "currency", "qualifier", "label", "programme"),
    "dates": ("text", "value", "grain"),
    "document": ("publication_date", "dateline"),
    "durations": ("text", "value", "kind", "qualifier", "programme"),
    "officials": ("name", "honorific", "title", "organisation", "country"),
    "programme_roles": ("name", "acronym", "funders", "implementers"),
    "programmes": ("name", "acronym"),
}

LINE_KEYS = {"text", "expected", "note", "publication_date", "xfail"}


def _lines(path: Path) -> list[tuple[int, str]]:
    """``(line number, line)`` of every case of a corpus file."""
    return [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("//")]


def _params() -> list:
    params = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for lineno, line in _lines(path):
            try:
                case = json.loads(line)
            except json.JSONDecodeError:
                case = None  # reported by test_corpus_is_well_formed
            xfail = case.get("xfail") if isinstance(case, dict) else None
            marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
            params.append(pytest.param(path.stem, case, id=f"{path.stem}:{lineno}", marks=marks))
    return params


def _problem(kind: str, case: Any) -> str | None:
    """What is wrong with one corpus line, or None."""
    if not isinstance(case, dict):
        return "not a JSON object"
    if not isinstance(case.get("text"), str) or not isinstance(case.get("expected"), list):
        return 'a case needs "text" (a string) and "expected" (a list of rows)'
    if set(case) - LINE_KEYS:
        return f"unknown keys {sorted(set(case) - LINE_KEYS)} (allowed: {sorted(LINE_KEYS)})"
    for row in case["expected"]:
        if not isinstance(row, dict) or set(row) != set(KINDS[kind]):
            return f"every expected row gives exactly the fields {list(KINDS[kind])}: {row!r}"
    return None


def test_corpus_is_well_formed():
    assert {p.stem for p in CORPUS.glob("*.jsonl")} == set(KINDS)
    problems = []
    for kind in KINDS:
        path = CORPUS / f"{kind}.jsonl"
        for lineno, line in _lines(path):
            try:
                problem = _problem(kind, json.loads(line))
            except json.JSONDecodeError as exc:
                problem = f"invalid JSON: {exc}"
            if problem:
                problems.append(f"{path.relative_to(CORPUS.parent.parent)}:{lineno}: {problem}")
    assert not problems, "\n".join(problems)


def _rows(pipeline, kind: str, case: dict) -> list:
    if kind == "acronyms":  # the definitions themselves: no table of their own
        return find_definitions(case["text"], frozenset(pipeline.rules.lexicon("organisation_heads")))
    result = pipeline.extract(case["text"], doc_id="corpus", publication_date=case.get("publication_date"))
    if kind == "document":
        return [result.document]
    return result.programmes if kind == "programme_roles" else getattr(result, kind)


def _json(value: Any) -> Any:
    if isinstance(value, (Decimal, date)):
        return str(value)
    return list(value) if isinstance(value, tuple) else value


#: (start, end, text) attributes of a row whose offsets must give its text
_SPANS = (("start", "end", "text"), ("acr_start", "acr_end", "acronym"), ("long_start", "long_end", "long_form"))


@pytest.mark.parametrize("kind, case", _params())
def test_corpus(pipeline, kind, case):
    assert _problem(kind, case) is None, _problem(kind, case)
    text = case["text"]
    rows = _rows(pipeline, kind, case)
    got = [{f: _json(getattr(row, f)) for f in KINDS[kind]} for row in rows]
    assert got == case["expected"]
    for row in rows:
        for start, end, value in _SPANS:
            if all(hasattr(row, a) for a in (start, end, value)):
                assert text[getattr(row, start):getattr(row, end)] == getattr(row, value)
        if kind == "officials":
            assert row.name in row.text or row.name.split()[-1] in row.text
