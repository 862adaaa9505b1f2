"""Rules and lexicons: the data files under ``models/``, loaded and validated in one place.

Layout of a models folder::

    models/
      patterns/<kind>.jsonl   one rule per line: {"id": ..., "pattern": <regex>, ...}
      lexicons/<name>.txt     one entry per line; lines starting with '#' are comments
      lexicons/<name>.json    a mapping (for example currency symbol -> ISO code)

A pattern may use ``{name}`` placeholders naming a ``.txt`` lexicon; each is
replaced by a regex alternation of the lexicon's entries (escaped, longest
first). A placeholder may instead name a fragment of ``patterns/fragments.json``
(name -> regex): one piece of grammar that many rules share, such as an
organisation's name (``{org}``), written once; a fragment may hold lexicon
placeholders and name the fragments defined above it (``{org_list}``).
Patterns are compiled with ``re.IGNORECASE`` only when the rule says
``"ignore_case": true``. A rule whose matches never cross a line break may give
a ``"line_trigger"``: a cheap pattern every match's line must contain (a digit
for amounts); the rule then runs only over such lines, which finds the same
matches in less time. Every other key of a rule is kept in ``Rule.attrs`` for
the extractor that owns the kind; ``"type"`` names the recognizer that reads
the rule's groups (an extractor's ``RECOGNIZERS``), checked when a pipeline
loads its rules (:func:`pipeline.extractors.check`).

What the code needs of a folder is declared once, below: the pattern kinds
(:data:`KINDS`), the ``.txt`` lexicons (:data:`LEXICONS`) and the ``.json``
mappings with the type of their entries (:data:`MAPPINGS`). :func:`load_rules`
checks a folder against it, so a broken folder fails before any document is
read, with the file and what is wrong. Code reads rules only from the
:class:`Rules` it is given (``ctx.rules``); functions whose ``rules`` argument
is optional fall back to the project's folder only when called on their own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import names

#: The models folder shipped with the project.
DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class RulesError(ValueError):
    """A rule or lexicon file is malformed; the message names the file and line."""


# --- what the code needs of a models folder ---------------------------------------------
# tests/test_models_folder.py checks that every name the code (or a {placeholder} of the
# shipped patterns) reads is declared here, and that everything declared is read.

#: Pattern kinds (``patterns/<kind>.jsonl``) the extractors read; each needs at least one rule.
KINDS: tuple[str, ...] = ("amounts", "dates", "document", "durations", "programme_roles", "programmes")

#: ``.txt`` lexicons the code reads, or the shipped patterns name as ``{placeholder}``.
LEXICONS: tuple[str, ...] = (
    # amounts
    "amount_label_nouns", "amount_qualifiers", "currency_codes_named_country", "currency_subunits",
    "magnitude_letters", "magnitude_words", "measure_currency_words", "money_nouns", "number_words",
    "vehicle_currencies",
    # dates, durations, the publication date
    "date_modifiers", "duration_qualifiers", "duration_units", "header_date_labels", "relative_dates",
    "release_labels",
    # sentences
    "abbreviations_before_figures",
    # programmes and their funders and implementers
    "admin_divisions", "event_nouns", "fund_verbs", "funding_bodies", "funding_instrument_heads", "implement_verbs",
    "launch_verbs", "lender_heads", "name_connectors",
    "non_programme_words", "organisation_descriptors", "organisation_heads", "organisation_only_titles",
    "organisation_programme_prefixes", "phase_nouns", "programme_anaphor_heads", "programme_anaphor_modifiers",
    "programme_box_labels", "programme_heads", "weak_modifiers", "work_nouns",
    # officials and organisations
    "contact_words", "countries", "credit_markers", "honorifics", "military_ranks", "name_particles", "org_heads",
    "org_units", "role_nouns", "role_nouns_lower", "title_modifiers",
)


#: Lexicons made from CLDR through Babel (:mod:`pipeline.names`): month names, their
#: abbreviations (``Sept``, ``Sep``) and weekday names of the English locales; the ISO 4217 codes,
#: the currency symbols (``$``, ``GH₵``, ``Ksh``) and the currency words (``cedis``, ``Kenyan
#: shillings``) of the currencies in use. A folder needs no file for them; a ``<name>.txt`` it has
#: adds its entries (``juin``, ``Kshs``), as ``countries.txt`` does to CLDR's country names.
CLDR_LEXICONS: tuple[str, ...] = ("months", "months_abbr", "weekdays", "currency_codes", "currency_symbols",
                                  "currency_words")


def _cldr_rules() -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
    """The :data:`CLDR_LEXICONS` and :data:`CLDR_MAPPINGS` as CLDR gives them."""
    months, abbreviations = names.month_names(), names.month_abbreviations()
    forms = names.currency_forms()
    words = [f for f in forms if f.islower() and not re.search(r"[^\w' ʻ-]", f) and len(f) > 2]
    word_set = frozenset(words)
    symbols = [f for f in forms if f not in word_set]
    lexicons = {"months": list(months), "months_abbr": list(abbreviations), "weekdays": list(names.weekday_names()),
                "currency_codes": list(names.current_currency_codes()),
                "currency_symbols": symbols, "currency_words": words}
    mappings = {"months": {n.lower(): v for n, v in {**months, **abbreviations}.items()},
                "weekdays": {n.lower(): v for n, v in names.weekday_names().items()},
                "currency_forms": {form: list(codes) for form, codes in forms.items()}}
    return lexicons, mappings


def _json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, with its article."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string", type(None): "null"}.get(type(value), "a value")


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _relative_offset(v: Any) -> bool:
    return (isinstance(v, dict) and bool(v) and set(v) <= {"days", "months", "years", "grain"}
            and all(_whole(v[k]) for k in ("days", "months", "years") if k in v)
            and v.get("grain", "day") in ("day", "month", "year"))


def _regex(key: str) -> bool:
    try:
        re.compile(key)
    except re.error:
        return False
    return True


@dataclass(frozen=True)
class Entries:
    """What every entry of a ``.json`` mapping must be. A key starting with ``_`` is a
    comment (its value is text) and is not checked."""

    #: the value, as the error message says it: ``text``, ``a whole number``, ...
    value: str
    value_ok: Callable[[Any], bool]
    #: the key, when it is more than text
    key: str = "text"
    key_ok: Callable[[str], bool] = lambda key: True

    def problem(self, data: Any) -> str | None:
        """What is wrong with a decoded mapping file, or None."""
        if not isinstance(data, dict):
            return f"expected a JSON object ({self.key} -> {self.value}), found {_json_type(data)}"
        entries = {k: v for k, v in data.items() if not k.startswith("_")}
        if not entries:
            return "mapping is empty"
        for k, v in data.items():
            if k.startswith("_"):
                if not isinstance(v, str):
                    return f"comment {k!r} must be a string, found {_json_type(v)}"
            elif not self.key_ok(k):
                return f"key {k!r} is not {self.key}"
            elif not self.value_ok(v):
                return f"{k!r} must map to {self.value}, found {_json_type(v)} {json.dumps(v, ensure_ascii=False)}"
        return None


TEXT = Entries("text", lambda v: isinstance(v, str) and bool(v.strip()))
WHOLE_NUMBER = Entries("a whole number", _whole)

#: ``.json`` mappings the code reads, with the type of their entries.
MAPPINGS: dict[str, Entries] = {
    # amounts: symbol, code or word -> ISO 4217 code; magnitude word -> factor; number word -> value
    "currencies": Entries("an ISO 4217 code", lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v) is not None),
    "magnitudes": Entries("a positive number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0),
    "number_words": WHOLE_NUMBER,
    # dates and durations: unit word -> ISO 8601 designator (Y, 10Y, TH, ...);
    # phrase -> offset from the publication date ({"days": -1, "grain": "day"})
    "duration_units": Entries("an ISO 8601 unit (Y, M, W, D, 10Y, TH, ...)",
                              lambda v: isinstance(v, str) and re.fullmatch(r"\d*T?[YMWDH]", v) is not None),
    "relative_dates": Entries('an offset object ({"days"|"months"|"years": whole number, "grain": "day"|"month"|"year"})',
                              _relative_offset),
    # the letter of a numbered part of a year (Q1, H2) -> months in one part, a divisor of 12
    "year_parts": Entries("a whole number of months dividing 12",
                          lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0 and 12 % v == 0),
    # programmes: phase words -> phase number
    "ordinals": WHOLE_NUMBER,
    "roman_numerals": WHOLE_NUMBER,
    # organisations and officials: name -> canonical name; regex over a name -> top-level body;
    # demonym or short form -> country; role -> the body it names
    "organisation_aliases": TEXT,
    "organisation_parents": Entries("text", lambda v: isinstance(v, str) and bool(v.strip()), key="a regex", key_ok=_regex),
    "demonyms": TEXT,
    "country_short_forms": TEXT,
    "role_organisations": TEXT,
    "role_bodies": TEXT,
    "ministry_subjects": TEXT,
}


#: Mappings made from CLDR the same way (month name or abbreviation, lower case -> 1..12; weekday
#: name -> 0 for Monday to 6 for Sunday; a currency's word or symbol -> the codes it may stand for);
#: a ``<name>.json`` of a folder adds to them, and its entries are checked like any mapping's.
CLDR_MAPPINGS: dict[str, Entries] = {
    "months": Entries("a month number (1 to 12)", lambda v: _whole(v) and 1 <= v <= 12),
    "weekdays": Entries("a weekday number (0 for Monday to 6 for Sunday)", lambda v: _whole(v) and 0 <= v <= 6),
    "currency_forms": Entries("a list of ISO 4217 codes", lambda v: isinstance(v, list) and bool(v) and all(
        isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c) for c in v)),
}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    regex: re.Pattern
    #: when set, the rule only runs over the lines this cheaper pattern finds something in
    trigger: re.Pattern | None = field(default=None, compare=False)
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    #: where the rule is written (``path:line``), for error messages
    source: str = field(default="", compare=False)


@dataclass
class Rules:
    """All rules and lexicons of one models folder."""

    root: Path
    patterns: dict[str, list[Rule]]
    lexicons: dict[str, list[str]]
    mappings: dict[str, dict[str, Any]]
    fingerprint: str

    def kind(self, kind: str) -> list[Rule]:
        """The rules of one kind (the stem of a patterns file), in file order."""
        return self.patterns.get(kind, [])

    def lexicon(self, name: str) -> list[str]:
        try:
            return self.lexicons[name]
        except KeyError:
            raise RulesError(f"{self.root}/lexicons/{name}.txt: no such lexicon") from None

    def mapping(self, name: str) -> dict[str, Any]:
        try:
            return self.mappings[name]
        except KeyError:
            raise RulesError(f"{self.root}/lexicons/{name}.json: no such mapping") from None

    def alternation(self, name: str) -> str:
        """A regex alternation matching any entry of a lexicon (longest first)."""
        return _alternation(tuple(self.lexicon(name)))


@lru_cache(maxsize=None)
def _alternation(entries: tuple[str, ...]) -> str:
    ordered = sorted(set(entries), key=lambda s: (-len(s), s))
    return "(?:" + "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in ordered) + ")"


def _read_text(path: Path) -> str:
    """A rule file's text (UTF-8, a byte-order mark allowed)."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise RulesError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _read_lexicon(path: Path) -> list[str]:
    entries = []
    for line in _read_text(path).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    if not entries:
        raise RulesError(f"{path}: lexicon is empty")
    return entries


def _read_mapping(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise RulesError(f"{path}: invalid JSON: {exc}") from None


def _check_required(lex_dir: Path, lexicons: dict[str, list[str]], mappings: dict[str, Any]) -> None:
    """Every declared lexicon and mapping is there, as the right kind of file, with the right entries."""
    for name in LEXICONS:
        if name not in lexicons:
            also = f"; {name}.json is a mapping, this must be one entry per line" if name in mappings else ""
            raise RulesError(f"{lex_dir / (name + '.txt')}: missing (a lexicon the pipeline needs){also}")
    for name, entries in MAPPINGS.items():
        if name not in mappings:
            also = f"; {name}.txt is a list, this must be a JSON mapping" if name in lexicons else ""
            raise RulesError(f"{lex_dir / (name + '.json')}: missing (a mapping of {entries.key} -> "
                             f"{entries.value} the pipeline needs){also}")
        problem = entries.problem(mappings[name])
        if problem:
            raise RulesError(f"{lex_dir / (name + '.json')}: {problem}")


@lru_cache(maxsize=None)
def _first_chars(entries: tuple[str, ...]) -> str:
    """A lookahead for the first characters of a lexicon's entries: ``(?=[abc])``."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({e[0] for e in entries})) + "])"


def _expand(pattern: str, lexicons: dict[str, list[str]], where: str, flags: int = 0,
            fragments: dict[str, str] | None = None) -> str:
    if fragments:
        pattern = _PLACEHOLDER.sub(lambda m: fragments.get(m.group(1), m.group(0)), pattern)

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in lexicons:
            raise RulesError(f"{where}: unknown placeholder {{{name}}} (no lexicon or fragment of that name)")
        entries = tuple(lexicons[name])
        # Python's re tries the entries of an alternation one by one wherever it is reached. A
        # case-sensitive entry opening with a letter is ruled out in C without entering it, a
        # case-insensitive one is not: each costs a backtracking step, and a rule opening with an
        # optional qualifier ((?:(?P<qual>(?i:{amount_qualifiers}))\s+)?) pays them at every
        # word of every line it runs on. A lookahead for the entries' first characters (needed
        # for any entry to match, so the matches are the same) rules them out in one step.
        if flags & re.IGNORECASE or pattern.endswith("(?i:", 0, m.start()):
            return _first_chars(entries) + _alternation(entries)
        return _alternation(entries)

    return _PLACEHOLDER.sub(sub, pattern)


def _compile(pattern: str, flags: int, lexicons: dict[str, list[str]], where: str,
             fragments: dict[str, str] | None = None) -> re.Pattern:
    try:
        return re.compile(_expand(pattern, lexicons, where, flags, fragments), flags)
    except re.error as exc:
        raise RulesError(f"{where} does not compile: {exc}") from None


#: Named regex fragments of a models folder (``patterns/fragments.json``), optional.
FRAGMENTS = "fragments.json"


def _read_fragments(path: Path, lexicons: dict[str, list[str]]) -> dict[str, str]:
    """The fragments a pattern may name as ``{name}`` (keys starting with ``_`` are comments): each a
    regex that compiles, named apart from every lexicon; a fragment may name a fragment defined above it
    (expanded here, so no fragment can name itself)."""
    if not path.exists():
        return {}
    data = _read_mapping(path)
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a JSON object (name -> regex), found {_json_type(data)}")
    out = {}
    for name, value in data.items():
        if name.startswith("_"):
            continue
        where = f"{path}: fragment {name!r}"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or not isinstance(value, str):
            raise RulesError(f"{where}: a fragment is a lower-case name mapping to a regex string")
        if name in lexicons:
            raise RulesError(f"{where}: named like the lexicon {name}.txt; a placeholder must name one thing")
        inner = [m.group(1) for m in _PLACEHOLDER.finditer(value) if m.group(1) not in lexicons and m.group(1) not in out]
        if inner:
            raise RulesError(f"{where}: names {{{inner[0]}}}, which is no lexicon nor a fragment defined above it")
        value = _PLACEHOLDER.sub(lambda m: out.get(m.group(1), m.group(0)), value)
        _compile(value, re.UNICODE, lexicons, where)
        out[name] = value
    return out


def load_rules(root: str | Path | None = None) -> Rules:
    """Load and validate every rule and lexicon file under ``root`` (default: the project's
    ``models/``), and check that it holds every kind, lexicon and mapping the code needs
    (:data:`KINDS`, :data:`LEXICONS`, :data:`MAPPINGS`), each of the right type.

    Raises :class:`RulesError` naming the file (and line) of the first problem. A folder
    is read once per process while its files stay as they are.
    """
    root = (Path(root) if root is not None else DEFAULT_MODELS_DIR).resolve()
    return _load_rules(root, _stamp(root))


def _stamp(root: Path) -> tuple:
    """Name, size and modification time of every file of a models folder: the cache key
    that makes an edited (or broken) folder load again."""
    out = []
    for sub in ("lexicons", "patterns"):
        try:
            with os.scandir(root / sub) as entries:
                out += sorted((sub, e.name, st.st_size, st.st_mtime_ns) for e in entries for st in (e.stat(),))
        except OSError:
            out.append((sub, "", -1, -1))
    return tuple(out)


@lru_cache(maxsize=8)
def _load_rules(root: Path, stamp: tuple = ()) -> Rules:
    if not root.is_dir():
        raise RulesError(f"{root}: models folder not found")
    lex_dir, pat_dir = root / "lexicons", root / "patterns"
    for folder in (pat_dir, lex_dir):
        if not folder.is_dir():
            raise RulesError(f"{folder}: missing (a models folder holds patterns/ and lexicons/)")
    digest = hashlib.sha256()
    lexicons: dict[str, list[str]] = {}
    mappings: dict[str, Any] = {}
    for path in sorted(lex_dir.glob("*")):
        if path.suffix == ".txt":
            lexicons[path.stem] = _read_lexicon(path)
        elif path.suffix == ".json":
            mappings[path.stem] = _read_mapping(path)
        else:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    _check_required(lex_dir, lexicons, mappings)
    cldr_lexicons, cldr_mappings = _cldr_rules()
    for name, entries in cldr_lexicons.items():
        lexicons[name] = list(dict.fromkeys(entries + lexicons.get(name, [])))
    for name, entries in cldr_mappings.items():
        problem = CLDR_MAPPINGS[name].problem(mappings[name]) if name in mappings else None
        if problem:
            raise RulesError(f"{lex_dir / (name + '.json')}: {problem}")
        added = mappings.get(name, {})
        mappings[name] = {**entries, **{k: sorted(set(entries.get(k, [])) | set(v)) if isinstance(v, list) else v
                                        for k, v in added.items()}}
    # the country names of CLDR (Babel) complete the project's forms (lexicons/countries.txt)
    lexicons["countries"] = list(dict.fromkeys(lexicons["countries"] + list(names.country_names())))
    # lexicons taken from installed libraries: a new version may change what is extracted
    digest.update(names.source().encode() + b"\0")

    fragments = _read_fragments(pat_dir / FRAGMENTS, lexicons)
    if fragments:
        digest.update(FRAGMENTS.encode() + b"\0" + (pat_dir / FRAGMENTS).read_bytes())
    patterns: dict[str, list[Rule]] = {}
    seen: dict[str, str] = {}
    for path in sorted(pat_dir.glob("*.jsonl")):
        text = _read_text(path)
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        kind = path.stem
        rules = patterns.setdefault(kind, [])
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path}:{lineno}"
            try:
                spec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RulesError(f"{where}: invalid JSON: {exc}") from None
            if not isinstance(spec, dict) or "id" not in spec or "pattern" not in spec:
                raise RulesError(f'{where}: a rule needs "id" and "pattern"')
            rule_id = spec.pop("id")
            if rule_id in seen:
                raise RulesError(f"{where}: duplicate rule id {rule_id!r} (first in {seen[rule_id]})")
            seen[rule_id] = where
            flags = re.UNICODE | (re.IGNORECASE if spec.pop("ignore_case", False) else 0)
            regex = _compile(spec.pop("pattern"), flags, lexicons, f"{where}: rule {rule_id!r}", fragments)
            trigger = None
            if "line_trigger" in spec:
                trigger = _compile(spec.pop("line_trigger"), flags, lexicons, f"{where}: trigger of {rule_id!r}",
                                   fragments)
            rules.append(Rule(id=rule_id, kind=kind, regex=regex, trigger=trigger, attrs=spec, source=where))
    for kind in KINDS:
        if not patterns.get(kind):
            path = pat_dir / f"{kind}.jsonl"
            raise RulesError(f"{path}: {'no rules' if path.exists() else 'missing'} (the {kind} extractor needs its rules)")
    return Rules(root=root, patterns=patterns, lexicons=lexicons, mappings=mappings,
                 fingerprint=digest.hexdigest()[:16])
