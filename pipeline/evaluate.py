"""Score extractions against gold annotations (``tests/data/FORMAT.md``).

The gold is one JSON file per press release. :func:`load_gold` reads a folder
of them, :func:`predictions_from_tables` turns the Parquet tables of a run into
the same shape, :func:`score` compares the two and :func:`format_report` /
:func:`score_to_json` present the result.

Matching, per document and field:

* programmes: a prediction's ``name`` or ``acronym`` equals the gold ``name``,
  ``acronym`` or one of its ``aliases`` after :func:`normalise_name`;
* amounts: same currency and ``|value - gold| <= 0.0001 * |gold|`` (0.01 %);
* durations and dates: the same ``value`` string;
* officials: the same name after :func:`normalise_person`.

Predictions and gold items are sets per document: repeated items count once.
Two predictions are the same item when they have the same key (programmes:
the same normalised name) or would match the same gold item; the first one is
kept and its empty attributes are filled from the later ones. Gold items with
the same key are merged too (optional only if all of them are).

Required gold items are matched first, then leftover predictions may match
optional gold items; a prediction matched to an optional item counts neither
as a true nor as a false positive, and an optional item nobody predicts is not
missed. Matching is a maximum bipartite matching found with augmenting paths
in document order, so it is deterministic, and with exact keys it is the
obvious one-to-one pairing.

Document fields: the publication date must be equal (null equals null); the
dateline, reported separately, is compared after :func:`normalise_name`.
Links (FORMAT.md's last row): a matched required amount or duration with a gold
``programme`` is right when the predicted ``programme`` equals a name, acronym
or alias of the gold programme that link names; a matched required programme
gives one link per gold funder and implementer, right when a predicted funder
(implementer) equals it. Titles score token F1 and organisations equality,
over matched required officials with a gold title (organisation). Every ratio
with nothing to score is 1.0, as are P, R and F1 with nothing to find and
nothing predicted (with nothing predicted but something to find, P = 0).

Only documents present in the gold are scored. A gold document is looked up
in the predictions by its key (``doc``); where that key is absent, a
prediction whose doc_id has the same base name (``sub/x.txt`` for ``x.txt``)
is used, the first in sorted order if several have it. A gold document with
no prediction misses all its required items and scores its publication date
and dateline as wrong unless the gold is null.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

#: The five item fields, in report order.
FIELDS: tuple[str, ...] = ("programmes", "amounts", "durations", "officials", "dates")

#: Keys every gold file must have.
GOLD_KEYS: tuple[str, ...] = ("doc", "publication_date", "dateline", *FIELDS)

#: Keys every gold item of a field must have.
GOLD_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "programmes": ("name",),
    "amounts": ("value", "currency"),
    "durations": ("value",),
    "officials": ("name",),
    "dates": ("value",),
}

#: Honorifics dropped from the start of person names (after case folding);
#: each may be followed by a full stop ("mr" also drops "Mr.").
HONORIFICS: tuple[str, ...] = (
    "mr", "mrs", "ms", "miss", "mx", "mme", "mlle", "m.",
    "dr", "dr.h.c.", "dr. h.c.", "h.c.", "prof", "prof.dr.", "prof. dr.",
    "h.e.", "his excellency", "her excellency", "excellency",
    "sir", "dame", "madam", "madame", "hon", "rt. hon", "rev",
)

#: Relative tolerance for amounts: 0.01 %.
AMOUNT_TOLERANCE = Decimal("0.0001")

#: Link kinds, in report order.
LINK_KINDS: tuple[str, ...] = ("amounts", "durations", "funders", "implementers")

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_POSSESSIVE = re.compile(r"^\S+'s\s+(?=\S)")
_HONORIFIC = re.compile(
    r"^(?:" + "|".join(re.escape(h) + r"\.?" for h in sorted(HONORIFICS, key=len, reverse=True))
    + r")\s+(?=\S)")
_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------- normalisation

def normalise_text(text: str | None) -> str:
    """NFKC, case folded, straight quotes, ``-`` for every dash, white space collapsed.

    >>> normalise_text("  EU\u2013ASEAN   \u2018Border\u2019 ")
    "eu-asean 'border'"
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    text = _DASHES.sub("-", text).casefold()
    return " ".join(text.split())


def normalise_name(name: str | None) -> str:
    """A name for comparison: :func:`normalise_text`, then a leading ``the`` and a
    possessive organisation prefix (a first word ending in ``'s``) dropped.

    >>> normalise_name("The EU\u2019s Spotlight Initiative")
    'spotlight initiative'
    >>> normalise_name("INTERPOL's   Project\u00a0Stadia")
    'project stadia'
    """
    text = normalise_text(name)
    if text.startswith("the ") and len(text) > 4:
        text = text[4:]
    return _POSSESSIVE.sub("", text, count=1)


def normalise_person(name: str | None) -> str:
    """A person's name for comparison: :func:`normalise_name` without leading honorifics.

    >>> normalise_person("H.E. Dr. Jürgen  Stock")
    'jürgen stock'
    >>> normalise_person("Dr.h.c. Detlef Schröder")
    'detlef schröder'
    """
    text = normalise_name(name)
    while True:
        stripped = _HONORIFIC.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def title_tokens(title: str | None) -> list[str]:
    """Word tokens of a title after :func:`normalise_text`.

    >>> title_tokens("EU Ambassador to ASEAN")
    ['eu', 'ambassador', 'to', 'asean']
    """
    return _TOKEN.findall(normalise_text(title))


def token_f1(gold: str | None, predicted: str | None) -> float:
    """Token-overlap F1 (multiset) between two strings.

    >>> token_f1("Director of the EMCDDA", "Director")
    0.4
    >>> token_f1("Secretary General", None)
    0.0
    """
    g, p = title_tokens(gold), title_tokens(predicted)
    if not g and not p:
        return 1.0
    remaining = list(g)
    common = 0
    for token in p:
        if token in remaining:
            remaining.remove(token)
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _decimal(value: Any) -> Decimal | None:
    """A number as a Decimal (floats through their shortest repr), None if not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _value(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _names(values: Iterable[str | None] | None) -> list[str]:
    return [n for n in (normalise_name(v) for v in values or ()) if n]


# --------------------------------------------------------------------------- result types

@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); with no prediction 1.0 if nothing was to find, else 0.0."""
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); with nothing to find 1.0 if nothing was predicted, else 0.0."""
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall.

        >>> round(Counts(tp=3, fp=1, fn=2).f1, 3)
        0.667
        >>> Counts().f1
        1.0
        """
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass
class Ratio:
    """A sum of per-case scores over a number of cases (accuracies, mean F1)."""

    hits: float = 0.0
    total: int = 0

    @property
    def value(self) -> float:
        """hits / total; 1.0 when there was nothing to score."""
        return self.hits / self.total if self.total else 1.0

    def add(self, hit: float) -> None:
        self.hits += hit
        self.total += 1

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)


@dataclass
class Miss:
    """A required gold item no prediction matched."""

    field: str
    doc: str
    item: dict[str, Any]


@dataclass
class Spurious:
    """A prediction that matched no gold item."""

    field: str
    doc: str
    item: dict[str, Any]


@dataclass
class Mismatch:
    """A matched item (or a document field) with a wrong attribute.

    ``aspect`` is ``programme``, ``funders``, ``implementers``, ``title``,
    ``organisation`` or ``value`` (publication_date, dateline); ``item`` is the
    gold item (empty for document fields).
    """

    field: str
    doc: str
    aspect: str
    expected: str | None
    got: str | None
    item: dict[str, Any] = field(default_factory=dict)


@dataclass
class Score:
    """Everything :func:`score` measures."""

    programmes: Counts = field(default_factory=Counts)
    amounts: Counts = field(default_factory=Counts)
    durations: Counts = field(default_factory=Counts)
    officials: Counts = field(default_factory=Counts)
    dates: Counts = field(default_factory=Counts)
    publication_date: Ratio = field(default_factory=Ratio)
    dateline: Ratio = field(default_factory=Ratio)
    title: Ratio = field(default_factory=Ratio)
    organisation: Ratio = field(default_factory=Ratio)
    links: dict[str, Ratio] = field(default_factory=lambda: {k: Ratio() for k in LINK_KINDS})
    misses: list[Miss] = field(default_factory=list)
    spurious: list[Spurious] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    n_docs: int = 0

    @property
    def fields(self) -> dict[str, Counts]:
        """Field name -> its counts, in :data:`FIELDS` order."""
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def overall(self) -> Counts:
        """Counts summed over the five fields (micro average)."""
        total = Counts()
        for counts in self.fields.values():
            total = total + counts
        return total

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def f1(self) -> float:
        return self.overall.f1

    @property
    def link(self) -> Ratio:
        """All links together."""
        total = Ratio()
        for ratio in self.links.values():
            total = total + ratio
        return total

    @property
    def publication_date_accuracy(self) -> float:
        return self.publication_date.value

    @property
    def dateline_accuracy(self) -> float:
        return self.dateline.value

    @property
    def title_token_f1(self) -> float:
        return self.title.value

    @property
    def organisation_accuracy(self) -> float:
        return self.organisation.value

    @property
    def link_accuracy(self) -> float:
        return self.link.value


# --------------------------------------------------------------------------- loading

def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Every ``*.json`` gold file in ``gold_dir``, keyed by its ``doc`` field.

    Raises ``ValueError`` naming the file when one is not valid JSON, lacks a
    key of :data:`GOLD_KEYS` or an item key of :data:`GOLD_ITEM_KEYS`, or
    repeats another file's ``doc``.
    """
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"gold folder not found: {folder}")
    gold: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        doc = _read_gold_file(path)
        if doc["doc"] in gold:
            raise ValueError(f"{path}: doc {doc['doc']!r} is already given by another gold file")
        gold[doc["doc"]] = doc
    return gold


def _read_gold_file(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: malformed JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: expected a JSON object, got {type(doc).__name__}")
    missing = [key for key in GOLD_KEYS if key not in doc]
    if missing:
        raise ValueError(f"{path}: missing key(s) {', '.join(missing)}")
    if not isinstance(doc["doc"], str) or not doc["doc"]:
        raise ValueError(f"{path}: 'doc' must be a non-empty string")
    pub = doc["publication_date"]
    if pub is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(pub)):
        raise ValueError(f"{path}: publication_date must be YYYY-MM-DD or null, got {pub!r}")
    for name in FIELDS:
        items = doc[name]
        if not isinstance(items, list):
            raise ValueError(f"{path}: {name!r} must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValueError(f"{path}: {name}[{i}] must be an object")
            lacking = [key for key in GOLD_ITEM_KEYS[name] if key not in item]
            if lacking:
                raise ValueError(f"{path}: {name}[{i}] lacks key(s) {', '.join(lacking)}")
    return doc


def predictions_from_tables(out_dir: str | Path) -> dict[str, dict]:
    """The Parquet tables of a run in ``out_dir`` as predictions in the gold shape.

    ``documents.parquet`` is required and every document in it gets an entry;
    a missing item table counts as empty. Keys are the tables' ``doc_id``.
    """
    from .load import read_rows

    def rows(table: str, *, required: bool = False) -> list[dict[str, Any]]:
        return read_rows(out_dir, table, required=required)

    predicted: dict[str, dict] = {}
    for row in rows("documents", required=True):
        predicted[row["doc_id"]] = _empty_prediction(
            row["doc_id"], _iso_date(row.get("publication_date")), row.get("dateline"))
    for name, convert in _ROW_CONVERTERS.items():
        for row in rows(name):
            doc_id = row["doc_id"]
            if doc_id not in predicted:
                predicted[doc_id] = _empty_prediction(doc_id, None, None)
            predicted[doc_id][name].append(convert(row))
    return predicted


def _empty_prediction(doc: str, publication_date: str | None, dateline: str | None) -> dict:
    return {"doc": doc, "publication_date": publication_date, "dateline": dateline,
            **{name: [] for name in FIELDS}}


def _iso_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _number(value: Any) -> int | float | None:
    """A decimal as a JSON number: int when whole.

    >>> _number(Decimal("4000000.000000")), _number(Decimal("4954784.930000"))
    (4000000, 4954784.93)
    """
    number = _decimal(value)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _pick(row: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: row.get(key) for key in keys}


def _programme_row(row: Mapping[str, Any]) -> dict[str, Any]:
    item = _pick(row, "name", "acronym", "parent", "phase", "funding_instrument")
    item["funders"] = list(row.get("funders") or [])
    item["implementers"] = list(row.get("implementers") or [])
    return item


def _amount_row(row: Mapping[str, Any]) -> dict[str, Any]:
    item = _pick(row, "text", "value", "currency", "qualifier", "label", "programme")
    item["value"] = _number(item["value"])
    return item


_ROW_CONVERTERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "programmes": _programme_row,
    "amounts": _amount_row,
    "durations": lambda row: _pick(row, "text", "value", "qualifier", "programme"),
    "officials": lambda row: _pick(row, "name", "title", "organisation", "country"),
    "dates": lambda row: _pick(row, "text", "value"),
}


# --------------------------------------------------------------------------- matching

def programme_forms(item: Mapping[str, Any], *, aliases: bool = True) -> set[str]:
    """Normalised name, acronym and (for gold) aliases of a programme.

    >>> sorted(programme_forms({"name": "The MIEUX Initiative", "acronym": "MIEUX",
    ...                         "aliases": ["MIgration EU eXpertise"]}))
    ['mieux', 'mieux initiative', 'migration eu expertise']
    """
    forms = [item.get("name"), item.get("acronym")]
    if aliases:
        forms.extend(item.get("aliases") or [])
    return set(_names(forms))


def item_key(field_name: str, item: Mapping[str, Any]) -> Any:
    """The key under which items of a field are the same item.

    >>> item_key("amounts", {"value": 5000000, "currency": "eur"}) == item_key(
    ...     "amounts", {"value": 5e6, "currency": "EUR"})
    True
    >>> item_key("officials", {"name": "Ms Kateřina Horáková"})
    'kateřina horáková'
    """
    if field_name == "programmes":
        return normalise_name(item.get("name")) or normalise_name(item.get("acronym"))
    if field_name == "amounts":
        number = _decimal(item.get("value"))
        return (_value(item.get("currency")).upper(), None if number is None else number.normalize())
    if field_name == "officials":
        return normalise_person(item.get("name"))
    return _value(item.get("value"))


def matches(field_name: str, predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """Whether a prediction matches a gold item (see the module docstring).

    >>> matches("programmes", {"name": "EU4MD II"}, {"name": "EU4Monitoring Drugs II", "acronym": "EU4MD II"})
    True
    >>> matches("amounts", {"value": 4000400, "currency": "EUR"}, {"value": 4000000, "currency": "EUR"})
    True
    >>> matches("amounts", {"value": 4000401, "currency": "EUR"}, {"value": 4000000, "currency": "EUR"})
    False
    """
    if field_name == "programmes":
        return bool(programme_forms(predicted, aliases=False) & programme_forms(gold))
    if field_name == "amounts":
        p, g = _decimal(predicted.get("value")), _decimal(gold.get("value"))
        same_currency = _value(predicted.get("currency")).upper() == _value(gold.get("currency")).upper()
        return p is not None and g is not None and same_currency and abs(p - g) <= AMOUNT_TOLERANCE * abs(g)
    key = item_key(field_name, gold)
    return bool(key) and item_key(field_name, predicted) == key


def _merge_into(kept: dict[str, Any], duplicate: Mapping[str, Any]) -> None:
    """Fill the empty attributes of ``kept`` from a duplicate of it."""
    for key, value in duplicate.items():
        if key != "optional" and value not in (None, "", []) and kept.get(key) in (None, "", []):
            kept[key] = value


def dedupe_gold(field_name: str, items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Gold items with equal keys merged; the merge is optional only if all were.

    >>> dedupe_gold("dates", [{"value": "2015-10-20"}, {"value": "2015-10-20", "optional": True}])
    [{'value': '2015-10-20'}]
    """
    kept: dict[Any, dict[str, Any]] = {}
    for item in items:
        key = item_key(field_name, item)
        if key not in kept:
            kept[key] = dict(item)
            continue
        if not item.get("optional"):
            kept[key].pop("optional", None)
        _merge_into(kept[key], item)
    return list(kept.values())


def dedupe_predictions(field_name: str, items: Iterable[Mapping[str, Any]],
                       gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predictions merged when they have the same key or would match the same gold item."""
    groups: list[tuple[dict[str, Any], set[Any], set[int]]] = []
    for item in items:
        key = item_key(field_name, item)
        hits = {i for i, g in enumerate(gold) if matches(field_name, item, g)}
        for kept, keys, kept_hits in groups:
            if (key and key in keys) or hits & kept_hits:
                _merge_into(kept, item)
                keys.add(key)
                kept_hits |= hits
                break
        else:
            groups.append((dict(item), {key}, hits))
    return [kept for kept, _, _ in groups]


def max_matching(n_left: int, n_right: int, edge: Callable[[int, int], bool],
                 free_right: Iterable[int] | None = None) -> dict[int, int]:
    """A maximum one-to-one matching, left index -> right index, by augmenting paths.

    Left and right items are tried in index order, so the result is deterministic.

    >>> max_matching(2, 2, lambda i, j: (i, j) in {(0, 0), (0, 1), (1, 0)})
    {0: 1, 1: 0}
    """
    allowed = set(range(n_right) if free_right is None else free_right)
    adjacency = [[j for j in range(n_right) if j in allowed and edge(i, j)] for i in range(n_left)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return dict(sorted((i, j) for j, i in owner.items()))


@dataclass
class _FieldMatch:
    """The outcome of matching one field of one document."""

    pairs: list[tuple[dict[str, Any], dict[str, Any]]]
    missed: list[dict[str, Any]]
    spurious: list[dict[str, Any]]


def match_field(field_name: str, gold_items: Iterable[Mapping[str, Any]],
                predicted_items: Iterable[Mapping[str, Any]]) -> _FieldMatch:
    """Match one field of one document: required gold first, then optional gold."""
    gold = dedupe_gold(field_name, gold_items)
    predicted = dedupe_predictions(field_name, predicted_items, gold)
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]

    def edge(items: list[dict[str, Any]]) -> Callable[[int, int], bool]:
        return lambda i, j: matches(field_name, predicted[j], items[i])

    first = max_matching(len(required), len(predicted), edge(required))
    used = set(first.values())
    second = max_matching(len(optional), len(predicted), edge(optional),
                          free_right=[j for j in range(len(predicted)) if j not in used])
    used |= set(second.values())
    return _FieldMatch(
        pairs=[(required[i], predicted[j]) for i, j in sorted(first.items())],
        missed=[g for i, g in enumerate(required) if i not in first],
        spurious=[p for j, p in enumerate(predicted) if j not in used],
    )


# --------------------------------------------------------------------------- scoring

def score(gold: Mapping[str, dict], predicted: Mapping[str, dict]) -> Score:
    """Score ``predicted`` against ``gold`` (both keyed by document, gold shape)."""
    result = Score()
    by_base = _by_basename(predicted)
    for doc_id in sorted(gold):
        gold_doc = gold[doc_id]
        pred_doc = _lookup(doc_id, predicted, by_base)
        _score_document(result, doc_id, gold_doc, pred_doc)
        result.n_docs += 1
    return result


def _basename(doc_id: str) -> str:
    """
    >>> _basename("sub/dir\\\\x.txt")
    'x.txt'
    """
    return re.split(r"[\\/]", doc_id)[-1]


def _by_basename(predicted: Mapping[str, dict]) -> dict[str, str]:
    by_base: dict[str, str] = {}
    for doc_id in sorted(predicted):
        by_base.setdefault(_basename(doc_id), doc_id)
    return by_base


def _lookup(doc_id: str, predicted: Mapping[str, dict], by_base: dict[str, str]) -> dict | None:
    if doc_id in predicted:
        return predicted[doc_id]
    key = by_base.get(_basename(doc_id))
    return None if key is None else predicted[key]


def _score_document(result: Score, doc_id: str, gold_doc: Mapping[str, Any],
                    pred_doc: Mapping[str, Any] | None) -> None:
    pred_doc = pred_doc or {}
    _score_document_field(result, doc_id, "publication_date", gold_doc, pred_doc,
                          lambda v: _iso_date(v) or "")
    _score_document_field(result, doc_id, "dateline", gold_doc, pred_doc, normalise_name)
    gold_programmes = list(gold_doc.get("programmes") or [])
    for name in FIELDS:
        outcome = match_field(name, gold_doc.get(name) or [], pred_doc.get(name) or [])
        counts: Counts = getattr(result, name)
        counts.tp += len(outcome.pairs)
        counts.fn += len(outcome.missed)
        counts.fp += len(outcome.spurious)
        result.misses.extend(Miss(name, doc_id, g) for g in outcome.missed)
        result.spurious.extend(Spurious(name, doc_id, p) for p in outcome.spurious)
        for g, p in outcome.pairs:
            _score_pair(result, doc_id, name, g, p, gold_programmes)


def _score_document_field(result: Score, doc_id: str, key: str, gold_doc: Mapping[str, Any],
                          pred_doc: Mapping[str, Any], norm: Callable[[Any], str]) -> None:
    expected, got = gold_doc.get(key), pred_doc.get(key)
    right = norm(expected) == norm(got)
    getattr(result, key).add(1.0 if right else 0.0)
    if not right:
        result.mismatches.append(Mismatch(key, doc_id, "value", _text(expected), _text(got), {}))


def _text(value: Any) -> str | None:
    return None if value is None else _iso_date(value)


def _score_pair(result: Score, doc_id: str, name: str, gold: dict[str, Any],
                predicted: dict[str, Any], gold_programmes: list[Mapping[str, Any]]) -> None:
    if name in ("amounts", "durations") and gold.get("programme"):
        forms = _linked_programme_forms(gold["programme"], gold_programmes)
        right = normalise_name(predicted.get("programme")) in forms
        _link(result, doc_id, name, "programme", gold, right, gold["programme"], predicted.get("programme"))
    elif name == "programmes":
        for kind in ("funders", "implementers"):
            got = set(_names(predicted.get(kind)))
            for organisation in gold.get(kind) or []:
                right = normalise_name(organisation) in got
                _link(result, doc_id, name, kind, gold, right, organisation,
                      ", ".join(predicted.get(kind) or []) or None)
    elif name == "officials":
        _score_official(result, doc_id, gold, predicted)


def _linked_programme_forms(link: str, gold_programmes: list[Mapping[str, Any]]) -> set[str]:
    """All forms of the gold programme a gold link names (just the link if none is listed)."""
    target = normalise_name(link)
    for programme in gold_programmes:
        forms = programme_forms(programme)
        if target in forms:
            return forms
    return {target}


def _link(result: Score, doc_id: str, name: str, aspect: str, gold: dict[str, Any],
          right: bool, expected: str, got: str | None) -> None:
    kind = name if aspect == "programme" else aspect
    result.links[kind].add(1.0 if right else 0.0)
    if not right:
        result.mismatches.append(Mismatch(name, doc_id, aspect, expected, got, gold))


def _score_official(result: Score, doc_id: str, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
    if gold.get("title"):
        f1 = token_f1(gold["title"], predicted.get("title"))
        result.title.add(f1)
        if f1 < 1.0:
            result.mismatches.append(
                Mismatch("officials", doc_id, "title", gold["title"], predicted.get("title"), gold))
    if gold.get("organisation"):
        right = normalise_name(gold["organisation"]) == normalise_name(predicted.get("organisation"))
        result.organisation.add(1.0 if right else 0.0)
        if not right:
            result.mismatches.append(Mismatch("officials", doc_id, "organisation", gold["organisation"],
                                              predicted.get("organisation"), gold))


# --------------------------------------------------------------------------- reporting

def format_report(result: Score, *, details: bool = True) -> str:
    """A fixed-width report: per-field counts and scores, the other measures, then
    (with ``details``) every miss, spurious item and mismatch grouped by document."""
    lines = [f"{'field':<12}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}", "-" * 54]
    for name, counts in [*result.fields.items(), ("overall", result.overall)]:
        if name == "overall":
            lines.append("-" * 54)
        lines.append(f"{name:<12}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
                     f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}")
    lines.append("")
    measures = [("publication-date accuracy", result.publication_date),
                ("dateline accuracy", result.dateline),
                ("title token-F1", result.title),
                ("organisation accuracy", result.organisation),
                ("link accuracy", result.link),
                *((f"  {kind} links", ratio) for kind, ratio in result.links.items())]
    lines.extend(f"{label:<28}{_ratio(ratio)}" for label, ratio in measures)
    lines.append(f"{'overall micro P / R / F1':<28}"
                 f"{result.precision:.3f} / {result.recall:.3f} / {result.f1:.3f}  ({result.n_docs} documents)")
    if details:
        lines.extend(_detail_lines(result))
    return "\n".join(lines)


def _ratio(ratio: Ratio) -> str:
    if ratio.total == 0:
        return "n/a (0)"
    hits = f"{ratio.hits:.0f}" if float(ratio.hits).is_integer() else f"{ratio.hits:.2f}"
    return f"{ratio.value:.3f} ({hits}/{ratio.total})"


def _detail_lines(result: Score) -> list[str]:
    entries: list[tuple[str, int, str]] = []
    for miss in result.misses:
        entries.append((miss.doc, 0, f"MISS      {miss.field:<16} {miss.doc}  {describe(miss.field, miss.item)}"))
    for extra in result.spurious:
        entries.append((extra.doc, 1, f"SPURIOUS  {extra.field:<16} {extra.doc}  {describe(extra.field, extra.item)}"))
    for bad in result.mismatches:
        what = describe(bad.field, bad.item, brief=True) + "  " if bad.item else ""
        entries.append((bad.doc, 2, f"MISMATCH  {bad.field:<16} {bad.doc}  {what}"
                                    f"{bad.aspect}: expected {_quote(bad.expected)}, got {_quote(bad.got)}"))
    lines: list[str] = []
    current = None
    for doc, _, line in sorted(entries, key=lambda e: (e[0], e[1])):
        if doc != current:
            lines.extend(["", f"== {doc}"])
            current = doc
        lines.append(line)
    return lines


def _quote(value: Any) -> str:
    return "null" if value is None else f'"{value}"'


def describe(field_name: str, item: Mapping[str, Any], *, brief: bool = False) -> str:
    """The key fields of an item on one line (``brief``: without title, organisation, link).

    >>> describe("amounts", {"text": "€4 million", "value": 4000000, "currency": "EUR"})
    '"€4 million" 4000000 EUR'
    >>> describe("programmes", {"name": "EU4Monitoring Drugs II", "acronym": "EU4MD II", "optional": True})
    '"EU4Monitoring Drugs II" (EU4MD II) [optional]'
    """
    parts: list[str]
    if field_name == "programmes":
        parts = [_quote(item.get("name"))]
        if item.get("acronym"):
            parts.append(f"({item['acronym']})")
    elif field_name == "officials":
        parts = [_quote(item.get("name"))]
        if not brief:
            parts += [f"{key}={_quote(item[key])}" for key in ("title", "organisation") if item.get(key)]
    else:
        parts = [_quote(item["text"])] if item.get("text") else []
        if field_name == "amounts":
            parts += [str(_number(item.get("value"))), str(item.get("currency"))]
        else:
            parts.append(str(item.get("value")))
        if item.get("programme") and not brief:
            parts.append(f"-> {item['programme']}")
    if item.get("optional"):
        parts.append("[optional]")
    return " ".join(p for p in parts if p)


def score_to_json(result: Score) -> dict[str, Any]:
    """The score as plain JSON-serialisable data."""
    def counts(c: Counts) -> dict[str, Any]:
        return {"tp": c.tp, "fp": c.fp, "fn": c.fn,
                "precision": c.precision, "recall": c.recall, "f1": c.f1}

    def ratio(r: Ratio) -> dict[str, Any]:
        return {"hits": r.hits, "total": r.total, "value": r.value}

    return {
        "documents": result.n_docs,
        "fields": {name: counts(c) for name, c in result.fields.items()},
        "overall": counts(result.overall),
        "publication_date_accuracy": ratio(result.publication_date),
        "dateline_accuracy": ratio(result.dateline),
        "title_token_f1": ratio(result.title),
        "organisation_accuracy": ratio(result.organisation),
        "link_accuracy": {**ratio(result.link),
                          "by_kind": {kind: ratio(r) for kind, r in result.links.items()}},
        "misses": [{"field": m.field, "doc": m.doc, "item": _jsonable(m.item)} for m in result.misses],
        "spurious": [{"field": s.field, "doc": s.doc, "item": _jsonable(s.item)} for s in result.spurious],
        "mismatches": [{"field": m.field, "doc": m.doc, "aspect": m.aspect, "expected": m.expected,
                        "got": m.got, "item": _jsonable(m.item)} for m in result.mismatches],
    }


def _jsonable(value: Any) -> Any:
    """Decimals, dates and tuples made JSON-friendly, recursively."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
