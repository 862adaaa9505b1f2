"""Extractor for the officials table: named people acting in an official role.

A person is found structurally: a run of capitalised words (a name), optionally
opened by honorifics (``Ms``, ``H.E.``, ``Dr.h.c.``), an organisation acronym
and title words (``INTERPOL Secretary General``, ``Brigadier General``). A row
needs a role in context:

* a pre-title (``Secretary General Ronald K. Noble``),
* an apposition after the name (``Francisco Fontan, EU Ambassador to ASEAN``;
  comma chains ``Major General, Head of ...``),
* a title segment before it (``the Ambassador of the European Union to Lebanon,
  H.E. Ralph Tarraf``; ``a representative of the European Commission, Ulrich Reiner``),
* a rank with an ``of ...`` tail (``Lieutenant Colonel X of the Directorate's Unit``).

Every PERSON entity of the statistical model that no capitalised run gave a role is a
candidate too (``officials.person_entity``): its title is read from the words written right
before it (a role head with its modifiers, ``Prime Minister``, ``Interior Minister``, and
before those the body, country or nationality it belongs to, ``UNHCR``, ``Kenya's``,
``Peruvian``), an apposition after it or a title segment before it. Where the model bounds a
person differently from the capitalised run (``Mariana Ferreira`` + ``de Almeida``), the
entity wins; where it finds no person or only part of one, given names (Faker's, see
:mod:`pipeline.names`) say where a name starts after a title (``Minister of Roads and
Transport Lucía Fernanda Ramírez Soto``).

Word lists live in ``models/lexicons`` (honorifics, military_ranks, role_nouns,
title_modifiers, org_heads, org_units, countries, demonyms, name_particles).
A later bare surname (``said Noble``, ``Ambassador Tarraf``) is merged into
the full name found elsewhere in the document: one row per person.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter, deque
import itertools
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..context import DocContext
from ..names import common_words, given_names, place_names, stop_words
from ..records import Entity, Official

#: Patterns built from lexicon entries, compiled once: there are more of them than
#: the ``re`` module's own cache holds, and recompiling them dominated the run time.
_compile = lru_cache(maxsize=1024)(re.compile)


@lru_cache(maxsize=256)
def _alt(words: frozenset) -> str:
    """A regex alternation of ``words``, longest first (built once per word list)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4096)
def _word_re(word: str) -> re.Pattern:
    """``word`` as a whole word."""
    return re.compile(r"\b" + re.escape(word) + r"\b")


def _word_search(word: str, text: str) -> re.Match | None:
    """The first whole-word occurrence of ``word`` in ``text``; most lexicon words are
    absent, and a substring test says so without running a regex."""
    return _word_re(word).search(text) if word in text else None


def _word_finditer(word: str, text: str):
    """Every whole-word occurrence of ``word`` in ``text`` (see ``_word_search``)."""
    return _word_re(word).finditer(text) if word in text else iter(())

def _char_class(pred, top: int = 0x20000) -> str:
    """A regex character class of the characters below ``top`` that satisfy ``pred``, as ranges."""
    spans: list[list[int]] = []
    for c in range(top):
        if pred(chr(c)):
            if spans and spans[-1][1] == c - 1:
                spans[-1][1] = c
            else:
                spans.append([c, c])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans) + "]"


#: Capital and small letters of every script (``Đ``, ``Ж``, ``Ł``), built once: names are not Latin-1 only.
_UP = _char_class(lambda ch: ch.isalpha() and ch.isupper())
_LO = _char_class(lambda ch: ch.isalpha() and ch.islower())
_UP_RE = re.compile(_UP)
_SPACE = r"[ \t\u00a0]+"
# a capitalised word, also after an elided particle ("d'Affaires", "d'Almeida")
_WORD = rf"(?:[dl]['’])?{_UP}[\w'’.\-/]*"
_INITIAL = re.compile(rf"{_UP}{_LO}?\.")   # "J.", and a two-letter initial ("Ts. Ganbold")
_ACRONYM = re.compile(rf"{_UP}(?:[^\W\d_]|[/&+\-])*")
_HYPHENATED_NAME = re.compile(rf"{_UP}{_LO}+-{_UP}{_LO}+")
_END_CHARS = ",;:\"“”\n"
#: A short name defined in brackets after a word with a capital in it: ``... Agency (Sida)``. The
#: word is read from its first character (not again from every capital in it: a long hyphenated
#: word would cost its length squared), and only its group is used.
_DEFINED = re.compile(rf"(?<![\w\-])(?=[\w\-]*?{_UP})[\w\-]++[ \u00a0]+\(({_UP}(?:[^\W\d_]|-){{1,11}})\)")


@dataclass
class _Lex:
    run: re.Pattern
    #: a title word, a lower-case role noun or an honorific's first word: a line without one (and without a
    #: person the model finds) has no official
    signal: re.Pattern
    honorifics: list[str]
    #: the honorifics by their first word, longest first (``Tan`` -> ``Tan Sri``)
    honorifics_by_first: dict[str, list[str]]
    ranks: set[str]
    rank_words: set[str]
    role_words: set[str]
    title_words: set[str]
    org_heads: set[str]
    units: set[str]
    countries: set[str]
    demonyms: dict[str, str]
    particles: set[str]
    aliases: dict[str, str]
    parents: dict[str, str]
    role_orgs: dict[str, str]
    credits: list[str]
    contact_words: list[str]
    role_bodies: dict[str, str]
    #: subject before "Minister" -> the portfolio its ministry is named by ("Foreign" -> "Foreign Affairs")
    ministry_subjects: dict[str, str]
    #: what the model reads as a nationality or place in this document ("Ruritanian")
    nationalities: frozenset
    defined: set[str]
    lower_roles: frozenset
    #: the lower-case role nouns of the lexicon alone: after "a"/"an" a role noun describes a person
    #: ("X, a drug policy researcher at ...") unless it is one of these
    described_roles: frozenset
    #: built from the lexicons once per document, not on every line or official that reads them:
    #: an alternation of the countries without "the", the pattern of ``_tail_pre_titles``
    bare_countries: str
    tail_pre_title: re.Pattern
    #: where the tagger reads a common noun or adjective (``_person_candidates``), found when first needed
    nouns: set[int] | None = None
    #: the words the text writes in lower case, found when first needed
    lower_words: set[str] | None = None
    #: the document's text
    text: str = ""
    #: the PERSON entities of the model, by start, and the same as an index of spans
    person_entities: list = field(default_factory=list)
    persons: "_SpanIndex | None" = None
    #: given names that are not also places (:mod:`pipeline.names`): where a name starts when the model does not say
    given: frozenset = frozenset()
    #: where title segments end in this document (see ``_Clauses``), built when first needed
    clauses: "_Clauses | None" = None
    #: the organisation the document names most, once found (``_dominant_org``)
    dominant: tuple[str | None] | None = None
    #: body -> where the text names it, with the country after it there (``country_form``)
    written: dict | None = None
    #: searches of the whole text, once per pattern (``_first_match``, ``_last_before``)
    memo: dict = field(default_factory=dict)


def _lex(ctx: DocContext) -> _Lex:
    r = ctx.rules
    get = lambda name: r.lexicons.get(name, [])  # noqa: E731
    ranks = set(get("military_ranks"))
    roles = get("role_nouns")
    role_words = {e.split()[-1] for e in roles} - {"General"}
    rank_words = {w for e in ranks for w in e.split()}
    # every capitalised word of a multi-word role opens a title too ("Chargé" of "Chargé d'Affaires")
    role_parts = {w for e in roles for w in e.split()[:-1] if w[:1].isupper()}
    title_words = role_words | role_parts | rank_words | set(get("title_modifiers")) | {"General"}
    short_forms = {k: v for k, v in r.mappings.get("country_short_forms", {}).items() if not k.startswith("_")}
    countries = set(get("countries"))
    honorifics = sorted(get("honorifics"), key=len, reverse=True)
    particles = set(get("name_particles"))
    return _Lex(
        text=ctx.text,
        run=_run_pattern(frozenset(honorifics), frozenset(particles), frozenset(title_words)),
        signal=_signal_pattern(frozenset(title_words) | frozenset(get("role_nouns_lower") or _LOWER_ROLES)
                               | frozenset(h.split()[0] for h in honorifics)),
        honorifics=honorifics,
        honorifics_by_first=_by_first_word(tuple(honorifics)),
        # a role noun written in lower case ("EIB vice president") is still one
        lower_roles=(frozenset(get("role_nouns_lower")) or _LOWER_ROLES)
        | {w.lower() for w in get("role_nouns") if " " not in w},
        described_roles=frozenset(get("role_nouns_lower")) or _LOWER_ROLES,
        bare_countries=_bare_countries(frozenset(countries)),
        tail_pre_title=_tail_pre_title_pattern(frozenset(title_words), frozenset(role_words)),
        given=_given_not_places(),
        person_entities=(people := _with_initials(
            sorted((e for e in ctx.entities if e.label == "PERSON" and e.source == "model"), key=lambda e: (e.start, e.end)),
            ctx, frozenset(h.rstrip(".") for h in honorifics), countries)),
        persons=_SpanIndex([(e.start, e.end) for e in people]),
        ranks=ranks, rank_words=rank_words, role_words=role_words, title_words=title_words,
        org_heads=set(get("org_heads")), units=set(get("org_units")),
        countries=countries, demonyms={**r.mappings.get("demonyms", {}), **short_forms},
        particles=particles, aliases=r.mappings.get("organisation_aliases", {}),
        parents=r.mappings.get("organisation_parents", {}),
        role_orgs={k: v for k, v in r.mappings.get("role_organisations", {}).items() if not k.startswith("_")},
        credits=sorted(get("credit_markers"), key=len, reverse=True),
        contact_words=sorted(get("contact_words"), key=len, reverse=True),
        role_bodies={k: v for k, v in r.mappings.get("role_bodies", {}).items() if not k.startswith("_")},
        ministry_subjects={k: v for k, v in r.mappings.get("ministry_subjects", {}).items() if not k.startswith("_")},
        nationalities=frozenset(e.text for e in ctx.entities if e.source == "model" and e.label in ("NORP", "GPE")),
        # short names the text defines, including mixed-case ones: "Swedish ... Agency (Sida)"
        # but not a country in brackets: "Financial Reporting Centre (Kenya)"
        defined=(set(ctx.acronyms or {}) | set(_DEFINED.findall(ctx.text)))
        - countries,
    )


@lru_cache(maxsize=1)
def _given_not_places() -> frozenset[str]:
    """Given names that are not also the name of a place (``Asia``, ``Georgia``), made once."""
    return given_names() - place_names()


@lru_cache(maxsize=8)
def _signal_pattern(words: frozenset) -> re.Pattern:
    """Any of ``words`` as a word, or as a part of a hyphenated word (``Vice-Minister``)."""
    return _compile(rf"(?<![\w'’])(?:{_alt(words)})(?![\w'’])")


def _run_pattern(honorifics: frozenset, particles: frozenset, title_words: frozenset) -> re.Pattern:
    """A run of capitalised words (with honorifics, name particles and the lower-case words
    of titles inside it): where an official's name and title are looked for."""
    hon = _alt(honorifics) or "(?!)"
    part = _alt(particles) or "(?!)"
    # lower-case words of a title inside a capitalised run ("Chargé d'affaires")
    low = _alt(frozenset(w for w in title_words if w[:1].islower())) or "(?!)"
    tok = rf"(?:(?:{hon})(?=[\s\u00a0])|{_WORD}|(?:{low})(?![\w'’\-]))"
    return _compile(rf"{tok}(?:{_SPACE}(?:(?:{part}){_SPACE})*{tok})*")


@lru_cache(maxsize=8)
def _tail_pre_title_pattern(title_words: frozenset, role_words: frozenset) -> re.Pattern:
    """Title words closed by a role noun, ``for``/``of``/``to``/``in`` and a run of capitalised words
    (``_tail_pre_titles``)."""
    tw, rw = _alt(title_words), _alt(role_words)
    cap = rf"{_UP}[\w'’\-]{{0,60}}"
    # "Commissioner General of Prisons X": a role closed by "General"; "Representative in Honduras X"
    # (title words, place tail and name bounded: a list of capitalised words is not read again
    # from each title word in it)
    return re.compile(rf"(?<![\w\-])((?:(?:{tw})[ \u00a0]+(?:and[ \u00a0]+(?=[A-Z]))?){{0,10}}(?:{rw})(?:[ \u00a0]+General)?)[ \u00a0]+(?:for|of|to|in)[ \u00a0]+"
                      rf"((?:the[ \u00a0]+)?{cap}(?:(?:,[ \u00a0]+|[ \u00a0]+(?:and|of|the)[ \u00a0]+(?:the[ \u00a0]+)?|[ \u00a0]+){cap}){{0,30}})"
                      rf"(?=[.,;:!?\"”)]|[ \u00a0]+{_LO}|$)")


@lru_cache(maxsize=8)
def _bare_countries(countries: frozenset) -> str:
    """An alternation of the country names without a leading ``the`` (``country_form``)."""
    return _alt(frozenset(re.sub(r"^(?:the|The) ", "", c) for c in countries))


def is_title_word(word: str, lx: _Lex) -> bool:
    """A word of a title, a hyphenated compound of ranks (``Colonel-Major``) or a hyphenated role noun
    (``Vice-Minister``, ``Under-Secretary``)."""
    if word in lx.title_words or _hyphenated_role(word, lx.role_words):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(p in lx.rank_words for p in parts)


def _hyphenated_role(word: str, role_words: set[str] | frozenset) -> bool:
    """``Vice-Minister``, ``Under-Secretary``, ``Inspector-General``: a capitalised word joined to a role noun
    by a hyphen (on either side)."""
    return "-" in word and word[:1].isupper() and any(p in role_words for p in word.split("-"))


def is_rank(pre: str | None, lx: _Lex) -> bool:
    """A rank kept in the title: listed, or every word of it a rank word (``Colonel-Major``)."""
    if not pre:
        return False
    return pre in lx.ranks or ("-" in pre and all(p in lx.rank_words for p in re.split(r"[- ]", pre)))


# ---------------------------------------------------------------- pure helpers

@lru_cache(maxsize=16384)  # called on every word of every capitalised run; words recur
def is_acronym(word: str) -> bool:
    """An organisation acronym: two or more capitals, no spaces (``ICMPD``, ``CoESPU``, ``OSR/CTHB``).

    >>> is_acronym("ICMPD"), is_acronym("CoESPU"), is_acronym("Noble"), is_acronym("K."), is_acronym("McNamara")
    (True, True, False, False, False)
    """
    if not _ACRONYM.fullmatch(word):
        return False
    upper = sum(c.isupper() for c in word)
    # a name with a capital inside ("McNamara", "DeLuca") has far more small letters than capitals
    return upper >= 2 and upper * 2 >= sum(c.islower() for c in word) and not _HYPHENATED_NAME.fullmatch(word)


_LOWER_ROLES = frozenset(("head", "representative", "director", "chief", "coordinator", "co-ordinator", "adviser",
                          "advisor", "manager", "officer", "spokesperson", "commander", "deputy", "minister",
                          "prosecutor"))


def role_head_ok(segment: str, role_words: set[str], lower_roles: frozenset | set = _LOWER_ROLES) -> bool:
    """True when the head of ``segment`` (the words before its first preposition) holds a role noun.

    >>> role_head_ok("EU Ambassador to ASEAN", {"Ambassador"})
    True
    >>> role_head_ok("who attended a course", {"Ambassador"})
    False
    >>> role_head_ok("FINTRACE team leader at Expertise France", {"Leader"}, {"leader"})
    True
    >>> role_head_ok("Inspector-General of Police", {"Inspector"})
    True
    """
    words = segment.split()
    for w in words[:8]:
        if w in ("of", "at", "in", "to", "for", "on", "with", "who", "which", "said"):
            break
        w = re.sub(r"(?:'s|’s)$", "", w.strip("(),")).replace("’", "'")
        if w in role_words or (w[:1].islower() and w in lower_roles) or _hyphenated_role(w, role_words):
            return True
    return False


@lru_cache(maxsize=8)
def _by_first_word(entries: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in entries:   # in the order given (longest first)
        out.setdefault(e.split()[0], []).append(e)
    return out


def _honorific_at(text: str, toks: list, i: int, lx: "_Lex") -> int:
    """How many of the words ``toks[i:]`` an honorific covers, 0 when none starts there
    (``Dr.`` is one word, ``Tan Sri`` and ``Right Honourable`` are two)."""
    s = toks[i][0]
    for h in lx.honorifics_by_first.get(toks[i][2], ()):   # longest first
        if text.startswith(h, s):
            end = s + len(h)
            for j in range(i, min(len(toks), i + len(h.split()))):
                if toks[j][1] == end:
                    return j - i + 1
    return 0


def _honorific_into(text: str, lo: int, toks: list, lx: "_Lex") -> tuple[int, int] | None:
    """An honorific that opens on the word before ``toks`` (read from ``lo``) and ends inside them (``Datuk`` +
    ``Seri Halim Osman``): where it starts and how many of ``toks`` it covers; None when there is none."""
    prev = _compile(r"(\S+)[ \u00a0]+$").search(text, lo, toks[0][0])
    n = _honorific_at(text, [prev.span(1) + (prev.group(1),)] + toks, 0, lx) if prev else 0
    return (prev.start(1), n - 1) if n > 1 else None


def _honorific_before(text: str, lo: int, hi: int, lx: "_Lex") -> str | None:
    """The honorific that ``text[lo:hi]`` ends with, white space aside, as a whole word or words."""
    stretch = text[lo:hi].rstrip()
    for h in lx.honorifics:   # longest first
        if stretch.endswith(h) and (len(stretch) == len(h) or stretch[-len(h) - 1].isspace()):
            return h
    return None


def split_honorific(text: str, honorifics: list[str]) -> tuple[str | None, str]:
    """``(honorific, rest)`` for a leading honorific.

    >>> split_honorific("Dr.h.c. Detlef Schröder", ["Dr.h.c.", "Dr"])
    ('Dr.h.c.', 'Detlef Schröder')
    """
    for h in honorifics:
        if text.startswith(h + " ") or text.startswith(h + "\u00a0"):
            return h, text[len(h):].lstrip()
    return None, text


# ---------------------------------------------------------------- candidates

#: The recognizers of this module, by the rule id of the rows they make (``rule_id`` names the one that
#: gave the title; ``rule_ids`` adds PERSON_ENTITY when the model's entity bounds the name).
APPOSITION = "officials.apposition"                    # "X, Head of Y": the title after the name
RANK_AND_APPOSITION = "officials.rank_and_apposition"  # "Judge X, national coordinator ...": a role before and after
TITLE_SEGMENT = "officials.title_segment"              # "the Ambassador of the EU to Lebanon, H.E. X": before, after a comma
RANK_OF = "officials.rank_of"                          # "Lieutenant Colonel X of the Unit": a rank with an of-tail
PRE_TITLE = "officials.pre_title"                      # "Secretary General X", "Kenya's Health Minister X"
PRE_TITLE_WITH_PLACE = "officials.pre_title_with_place"  # "Country Director for Ethiopia and Sudan X"
PERSON_ENTITY = "officials.person_entity"              # a PERSON entity of the model is the person (_person_candidates)
INITIALLED_NAME = "officials.initialled_name"          # a name after an initial, taken in as a person (_with_initials)


@dataclass
class _Cand:
    name: str
    name_start: int
    name_end: int
    honorific: str | None
    org_prefix: str | None
    pre_title: str | None
    span_start: int
    span_end: int
    title: str | None = None
    org_tail: str | None = None  # "of the University of Coimbra" before an apposition
    strength: int = 0
    rule: str = ""  # the recognizer that gave the title (one of the ids below)
    anchored: bool = False  # the model's PERSON entity bounds the name (PERSON_ENTITY)


def _tokens(text: str, start: int, end: int):
    for m in re.finditer(r"\S+", text[start:end]):
        yield m.start() + start, m.end() + start, m.group()


def _candidates(ctx: DocContext, lx: _Lex, sent_start: int, sent_end: int) -> list[_Cand]:
    """Runs of capitalised words split into honorific / org / pre-title / name."""
    text = ctx.text
    persons = lx.persons
    out = []
    for m in lx.run.finditer(text, sent_start, sent_end):
        toks = list(_tokens(text, m.start(), m.end()))
        i = 0
        # a capitalised function word opening the run is not part of it ("Your Excellency", "On Monday")
        while i < len(toks) and toks[i][2].lower() in stop_words() and not is_acronym(toks[i][2]):
            i += 1
        honorific = org_prefix = None
        pre: list[str] = []
        pre_start = None
        while i < len(toks):
            s, e, w = toks[i]
            n = _honorific_at(text, toks, i, lx)
            if n:
                honorific = honorific or text[s:toks[i + n - 1][1]]
                i += n
                continue
            elif not pre and not org_prefix and (is_acronym(w) or re.search(r"(?:'s|’s)$", w) or w in lx.demonyms) \
                    and i + 1 < len(toks) \
                    and toks[i + 1][2] in lx.title_words:
                org_prefix = re.sub(r"(?:'s|’s)$", "", w)
            elif is_title_word(w, lx) and i + 1 < len(toks):
                pre.append(w)
                pre_start = pre_start if pre_start is not None else s
            else:
                break
            i += 1
        # a capitalised function word opening the run is not part of a name ("On Monday")
        while i < len(toks) and toks[i][2].lower() in stop_words() and not is_acronym(toks[i][2]):
            i += 1
        name_toks = []
        for s, e, w in toks[i:]:
            bare = w.rstrip(".")
            # a country's name inside a person the model finds is a name ("Montserrat Marín López")
            place = (bare in lx.countries or bare in lx.demonyms) and not persons.contains(s, e)
            # a word in capitals inside a person the model finds is a name's ("KATO Hiroshi"), not a body's
            caps_name = persons.contains(s, e) and _capitals_name(bare, toks[i:], lx)
            if is_title_word(bare, lx) or bare in lx.org_heads or (is_acronym(bare) and not caps_name) or place \
                    or re.search(r"(?:'s|’s)$", w):
                break
            name_toks.append((s, e, w))
            if w.endswith(".") and not _INITIAL.fullmatch(w):
                break
        if not name_toks:
            continue
        # a trailing period belongs to the sentence unless the word is an initial
        s0 = name_toks[0][0]
        e1 = name_toks[-1][1]
        if text[e1 - 1] == "." and not _INITIAL.fullmatch(name_toks[-1][2]):
            e1 -= 1
        name = re.sub(r"\s+", " ", text[s0:e1])
        if not _compile(_LO).search(name):
            continue
        # particle-initial tails inside the run ("van der Linde") are kept by the regex
        out.append(_Cand(name=name, name_start=s0, name_end=e1, honorific=honorific,
                         org_prefix=org_prefix, pre_title=" ".join(pre) or None,
                         span_start=m.start(), span_end=e1))
    return out


_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")


def _lower_words(lx: _Lex) -> set[str]:
    """The words the text writes in lower case, found once per document."""
    if lx.lower_words is None:
        lx.lower_words = set(_LOWER_WORD.findall(lx.text))
    return lx.lower_words


def _common(word: str, lower: set[str], lx: _Lex) -> bool:
    """A common word, not a name's: a common English word (or its singular), one the text writes in lower
    case, a country or a body's head word."""
    w = word.lower()
    return w in lower or w in common_words() or (w.endswith("s") and w[:-1] in common_words()) \
        or word in lx.countries or word in lx.org_heads


#: what may stand between a title's last part and the person it is followed by: a comma, or the rest of a
#: subject list ("and Forestry", with or without a comma after it)
_TITLE_LIST_TAIL = re.compile(r"[ \t]+and[ \t]+[A-Z][\w'’-]*(?:(?:[ \t]+[A-Z][\w'’-]*){1,3},[ \t]+|,?[ \t]+)|,[ \t]+")


def _before_person(text: str, end: int, person_starts: set[int], lx: _Lex) -> bool:
    """Whether a person the model finds starts after ``text[end:]``'s comma (and the rest of a list before it),
    past at most three honorific, rank or title words (``, ASP Grace X``, ``, Mr. Peter Y``)."""
    m = _TITLE_LIST_TAIL.match(text, end)
    if m is None:
        return False
    pos = m.end()
    for _ in range(4):
        w = _NEXT_WORD.match(text, pos)
        if w is None:
            return False
        if not _address_word(w.group(1).rstrip(","), lx):
            return pos in person_starts   # a name the model reads as a person's, not a title word it takes in
        pos = w.end()
    return False


_NEXT_WORD = re.compile(r"(\S+)[ \t]*")


def _address_word(word: str, lx: _Lex) -> bool:
    """A word that may stand between a title and a name: an honorific's first word (``Mr.``), a rank or
    title word, or an acronym (``ASP``)."""
    return word in lx.honorifics_by_first or word.rstrip(".") in lx.honorifics_by_first \
        or is_title_word(word, lx) or is_acronym(word)


#: The model's entity labels that name no person.
_NOT_PERSON = ("ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART")

#: The most lines a contact block under a heading such as ``Media contact`` runs to (a blank line ends it sooner).
CONTACT_BLOCK_LINES = 6


#: What can end a title segment: a clause mark, a dash between spaces, a full stop (see ``_Clauses``).
_CLAUSE_MARK = re.compile(r'(?=[,;:"“”\n.]| [–-] )')
_NON_WORD = re.compile(r"\W")
_SMALL = re.compile(_LO)
_VERB_TAGS = ("VBD", "VBZ", "VBP", "MD")
_CLAUSE_WORDS = ("who", "which", "as", "when")


def _abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an initial or ``Dr``/``St``/``No`` in the segment
    ``text[start:dot]`` (a capital alone at a word start, as ``\\b[A-Z]$`` reads the segment)."""
    if dot - 1 >= start and _UP_RE.match(text, dot - 1) and (dot - 1 == start or _NON_WORD.match(text, dot - 2)):
        return True
    return dot - start >= 2 and text[dot - 2:dot] in ("Dr", "St", "No")


def _full_stop(text: str, start: int, dot: int, limit: int) -> bool:
    """Whether the full stop at ``dot`` ends the segment that starts at ``start``: it ends the
    line or is followed by a space or quote, ends no abbreviation and no lower-case word follows."""
    return (dot + 1 >= limit or text[dot + 1] in " \n\r\u00a0\"”") and not _abbreviation(text, start, dot) \
        and not (text[dot + 1:dot + 2] in (" ", "\u00a0") and _SMALL.match(text, dot + 2))


def _token_starts(doc, tags: tuple[str, ...], words: tuple[str, ...] = ()) -> list[int]:
    """The character offsets of the tokens of ``doc`` whose tag is one of ``tags`` or whose lower-case
    form is one of ``words``, in order (read from the ``Doc``'s arrays, not token by token)."""
    from spacy.attrs import IDX, LOWER, TAG

    arr = doc.to_array([TAG, LOWER, IDX])
    if not len(arr):
        return []
    strings = doc.vocab.strings
    keep = np.isin(arr[:, 0], np.array([strings.add(t) for t in tags], dtype=np.uint64))
    if words:
        keep |= np.isin(arr[:, 1], np.array([strings.add(w) for w in words], dtype=np.uint64))
    return arr[keep, 2].tolist()


class _Clauses:
    """Where title segments end in one document, found in one pass.

    A segment ends at its first clause mark, dash between spaces or full stop that ends it
    (whether a full stop does depends on the segment only within its first two characters), and
    before a finite verb. Both are kept as sorted offsets, so that finding a segment's end is a
    bisection, not a walk to it: many names on one long line share the same long stretch.
    """

    def __init__(self, text: str, doc) -> None:
        self.text = text
        self.stops = [m.start() for m in _CLAUSE_MARK.finditer(text)
                      if text[m.start()] != "." or (m.start() >= 2 and _full_stop(text, 0, m.start(), len(text)))]
        self.verbs = None if doc is None else _token_starts(doc, _VERB_TAGS, _CLAUSE_WORDS)

    def end(self, start: int, limit: int) -> int:
        text = self.text
        end = None
        for p in range(start, min(start + 2, limit)):
            if text[p] in _END_CHARS or text.startswith(" – ", p) or text.startswith(" - ", p) \
                    or (text[p] == "." and _full_stop(text, start, p, limit)):
                end = p
                break
        if end is None:
            i = bisect.bisect_left(self.stops, start + 2)
            end = self.stops[i] if i < len(self.stops) and self.stops[i] < limit else limit
            if end == limit and limit - 1 >= start + 2 and text[limit - 1] == "." \
                    and _full_stop(text, start, limit - 1, limit):
                end = limit - 1   # a full stop just before the limit ends the segment whatever follows it
        # finite verbs end a title ("... Counter-Terrorism Unit said the workshop")
        if self.verbs is not None:
            j = bisect.bisect_right(self.verbs, start)
            if j < len(self.verbs) and self.verbs[j] < end:
                end = self.verbs[j]
        while end > start and text[end - 1] in " \u00a0":
            end -= 1
        return end


def _segment_end(ctx: DocContext, lx: _Lex, start: int, limit: int) -> int:
    """End of a title segment starting at ``start``: a clause mark or a finite verb."""
    if lx.clauses is None:
        lx.clauses = _Clauses(ctx.text, ctx.doc)
    return lx.clauses.end(start, limit)


_OF_FROM = re.compile(r"[ \u00a0]+(of|from)[ \u00a0]+")
#: Comma segments an apposition chain takes at most (``Major General, Head of ..., Chair of ...``):
#: a list of people with their titles joined onto one line is not one person's title.
MAX_APPOSITIONS = 8

_LEAD = re.compile(r"^(?:(?:and|the|a|an|Honourable|Honorable|Dear|Your Excellency|Excellency|Mr|Ms|Mrs|Madam|said|by)\s+)+", re.I)


def _after_title(ctx: DocContext, lx: _Lex, pos: int, limit: int) -> tuple[str | None, int, str | None]:
    """Apposition after a name: ``(title, end, of-tail)``; also a title in brackets (``X (Chief Veterinary
    Officer, Zimbabwe)``: the part before a comma that is a role)."""
    text = ctx.text
    org_tail = None
    b = _BRACKETED.match(text, pos, limit)
    if b:
        first = b.group("inner").split(",")[0].strip()
        role_words = lx.role_words | (lx.rank_words - {"General"})
        if first and first[0].isupper() and role_head_ok(first, role_words, lx.lower_roles):
            return first, b.end(), None
    m = _OF_FROM.match(text, pos, limit)
    if m:
        e = _segment_end(ctx, lx, m.end(), limit)
        tail = text[m.end():e]
        if text.startswith(", ", e) and role_head_ok(text[e + 2:_segment_end(ctx, lx, e + 2, limit)], lx.role_words, lx.lower_roles):
            org_tail, pos = tail, e
        else:
            return None, pos, ("of " + tail) if m.group(1) == "of" else None
    parts: list[str] = []
    end = pos
    role_words = lx.role_words | (lx.rank_words - {"General"})
    while text.startswith(",", end) and end < limit and len(parts) < MAX_APPOSITIONS:
        s = end + 1
        while s < limit and text[s] in " \u00a0":
            s += 1
        e = _segment_end(ctx, lx, s, limit)
        seg = text[s:e]
        art = re.match(r"(?:the|a|an)[ \u00a0]+", seg)
        if art:
            s, seg = s + art.end(), seg[art.end():]
        lower = lx.described_roles if art and art.group(0).startswith("a") else lx.lower_roles
        if not seg or re.match(r"(?:and|or|but|who|which)\b", seg) or not role_head_ok(seg, role_words, lower):
            break
        parts.append(seg)
        end = e
    return (", ".join(parts) or None), end, org_tail


#: a bracket right after a name, on its line
_BRACKETED = re.compile(r"[ \t\u00a0]*\((?P<inner>[^()\n]{3,150})\)")

#: The title that ends a segment: capitalised words and title joiners, from a capitalised word on
_TITLE_TAIL = re.compile(r"(?:[A-Z][\w'’.\-]*)(?:\s+(?:[A-Z][\w'’.\-]*|of|for|and|the|to|in|at|on|d['’]\w+))*$")


def _before_title(ctx: DocContext, lx: _Lex, pos: int, sent_start: int) -> str | None:
    """A title segment ending in ``", "`` just before ``pos``."""
    text = ctx.text
    j = pos
    while j > sent_start and text[j - 1] in " \u00a0":
        j -= 1
    if j <= sent_start or text[j - 1] != ",":
        return None
    k = j - 1
    i = k
    while i > sent_start and text[i - 1] not in _END_CHARS and not text.startswith(" said ", i - 1):
        i -= 1
    seg = text[i:k].strip()
    seg = re.sub(r"^.*\b(?:said|by)\s+", "", seg)
    seg = _LEAD.sub("", seg).strip()
    # "A, Minister of X, and the Ambassador of Y, Name": the last of coordinated titles is the name's
    last = re.split(r"\s+and\s+(?:the\s+)?(?=[A-Z])", seg)[-1]
    if last != seg and role_head_ok(last, lx.role_words, lx.lower_roles):
        seg = last
    # "... held a phone call with the Minister of Foreign Affairs of the Kyrgyz Republic, Name": a clause
    # before the title; the title is the run of capitalised words and joiners that ends the segment
    tail = _TITLE_TAIL.search(seg, max(0, len(seg) - 300))   # bounded: a title is far shorter
    if tail and tail.start() > 0 and role_head_ok(tail.group(0), lx.role_words, lx.lower_roles):
        head = seg[:tail.start()].split()
        if any(w[:1].islower() and w not in _TITLE_JOINERS for w in head):
            seg = _LEAD.sub("", tail.group(0)).strip()
    if seg and seg[0].isupper() and role_head_ok(seg, lx.role_words, lx.lower_roles) and len(seg.split()) <= 20:
        return seg
    if seg and seg.split()[0] in ("representative", "head", "director"):
        return seg
    return None


# ---------------------------------------------------------------- organisation

def _long_form(acr: str, ctx: DocContext) -> tuple[str | None, str | None]:
    """``(long form, country)`` of an acronym defined in the text as ``Long Form (ACR)``."""
    lf = ctx.acronyms.get(acr) if ctx.acronyms else None
    span = _defined_before(acr, ctx.text)
    country = None
    if span:
        start = span[0]
        cand = ctx.text[start:span[1]].strip()
        cand = re.sub(r"^(?:The|the)\s+", "", cand)
        if not lf and len(cand.split()) >= 2:
            lf = cand
        before = ctx.text[max(0, start - 40):start]
        cm = _compile(rf"({_UP}[\w ]+?)(?:'s|’s)\s*$").search(before)
        if cm and cm.group(1).split()[-1]:
            country = cm.group(1).strip()
    if not lf:
        lf = spelled_out(acr, ctx.text)
    return lf, country


_NAME_CHAR = re.compile(r"[\w'’\-]")
_LONG_FORM_CONNECTORS = frozenset(("of", "for", "and", "on", "in", "the", "de"))


def _defined_before(acr: str, text: str) -> tuple[int, int] | None:
    """Where the first ``Long Form (ACR)`` of ``text`` has its long form (capitalised words, joined by
    spaces and function words, up to the bracket): what ``((?:[A-Z][\\w'’-]*[ ]+(?:(?:of|for|...)[ ]+)*)+)\\(ACR\\)``
    finds searching ``text``, without reading the text again for every acronym.

    >>> text = "the Office of Drugs (OD), and OD again, Border Police (BP)"
    >>> [text[s:e] for s, e in [_defined_before("OD", text), _defined_before("BP", text)]]
    ['Office of Drugs ', 'Border Police ']
    >>> _defined_before("XY", text) is None
    True
    """
    if "(" in acr or ")" in acr:   # not a word the bracket index holds: search as written
        m = re.search(rf"((?:{_UP}[\w'’\-]*[ \u00a0]+(?:(?:of|for|and|on|in|the|de)[ \u00a0]+)*)+)\(" + re.escape(acr) + r"\)", text)
        return m.span(1) if m else None
    for bracket in _brackets(text).get(acr, ()):
        # a long form cannot run across an earlier bracket, so the first one with a long form is the leftmost
        start = _name_before(text, bracket)
        if start is not None:
            return start, bracket
    return None


@lru_cache(maxsize=4)
def _brackets(text: str) -> dict[str, list[int]]:
    """What each pair of brackets in ``text`` holds -> where the opening brackets are, in order."""
    out: dict[str, list[int]] = {}
    for m in re.finditer(r"\(([^()]*)\)", text):
        out.setdefault(m.group(1), []).append(m.start())
    return out


def _name_before(text: str, end: int) -> int | None:
    r"""Where ``(?:[A-Z][\w'’-]*[ ]+(?:(?:of|for|and|on|in|the|de)[ ]+)*)+`` ending at ``end`` starts
    leftmost (None when it does not end there), read backwards from ``end``."""
    return _words_before(text, 0, end, _NAME_CHAR, _LONG_FORM_CONNECTORS)


def _words_before(text: str, lo: int, end: int, word_char: re.Pattern,
                  connectors: frozenset[str] = frozenset()) -> int | None:
    """Where a run of capitalised words (each made of ``word_char`` and followed by spaces,
    with ``connectors`` words allowed between them) ending at ``end`` starts leftmost, not
    before ``lo``; None when no such run ends there. Read backwards from ``end`` in one pass,
    where a regex search would try every start and read the words after it again."""
    found = None
    j = end
    while True:
        k = j
        while k > lo and text[k - 1] in " \u00a0":
            k -= 1
        if k == j:
            return found
        while True:   # function words, each with the spaces before it
            w = k
            while w > lo and word_char.match(text, w - 1):
                w -= 1
            if w > lo and text[w - 1] in " \u00a0" and text[w:k] in connectors:
                k = w
                while k > lo and text[k - 1] in " \u00a0":
                    k -= 1
                continue
            break
        q = next((i for i in range(w, k) if _UP_RE.match(text, i)), None)
        if q is None:
            return found
        found = q
        if q != w:
            return found
        j = w


@lru_cache(maxsize=4)
def _initials(text: str) -> dict[str, tuple[int, int]]:
    """For each run of 3 to 8 capitalised words inside a capitalised name of ``text`` (function words
    skipped): their initials -> where the first such run is. Built once per text, so that spelling out
    an acronym does not read the text again."""
    words = rf"{_UP}[\w'’\-]*"
    pat = _compile(rf"{words}(?:[ \u00a0]+(?:(?:of|for|and|on|de|the)[ \u00a0]+)*{words})*")
    index: dict[str, tuple[int, int]] = {}
    for m in pat.finditer(text):
        caps = [t for t in re.finditer(r"\S+", m.group(0)) if t.group(0)[0].isupper()]
        letters = "".join(t.group(0)[0] for t in caps)
        for i in range(len(caps)):
            for k in range(3, min(8, len(caps) - i) + 1):
                index.setdefault(letters[i:i + k], (m.start() + caps[i].start(), m.start() + caps[i + k - 1].end()))
    return index


def spelled_out(acr: str, text: str) -> str | None:
    """A capitalised name in ``text`` whose word initials spell ``acr`` (function words skipped).

    >>> spelled_out("UNDP", "run by the United Nations Development Programme | Pacific Office")
    'United Nations Development Programme'
    >>> spelled_out("UN", "the United Nations") is None
    True
    """
    if not _compile(rf"{_UP}{{3,8}}").fullmatch(acr):
        return None
    span = _initials(text).get(acr)
    return text[span[0]:span[1]] if span else None


def _resolve_definite(head: str, ctx: DocContext, lx: _Lex, before: int) -> tuple[str | None, str | None]:
    """``the Directorate`` -> the last full name ending in ``Directorate`` before ``before``."""
    pattern = _compile(rf"(?:({_UP}[\w ]*?)(?:'s|’s)[ \u00a0]+)?((?:{_UP}[\w\-]*[ \u00a0]+)+" + re.escape(head) + r")\b")
    found = _last_before(lx, pattern, ctx.text, before)
    if not found:
        return None, None
    return found.group(2), found.group(1)


#: How far before its end a search is repeated to find the last match of a text's beginning
#: (see ``_last_before``): more than any match, and what the search reads to find it, spans.
_RESYNC = 2000


def _last_before(lx: _Lex, pattern: re.Pattern, text: str, before: int) -> re.Match | None:
    """The last match of ``pattern.finditer(text[:before])`` (offsets in ``text``), without searching
    the whole beginning of the text for every ``before``. The text's matches are found once; the
    beginning has the same ones up to ``_RESYNC`` characters before its end, so the search is
    repeated only from there (from the start of a match of the text that runs across that point)."""
    key = ("all", pattern)
    if key not in lx.memo:
        matches = list(pattern.finditer(text))
        lx.memo[key] = (matches, [m.start() for m in matches])
    matches, starts = lx.memo[key]
    resume = max(0, before - _RESYNC)
    i = bisect.bisect_right(starts, resume) - 1
    if i >= 0 and matches[i].end() > resume:
        resume, i = starts[i], i - 1
    found = deque(pattern.finditer(text, resume, before), maxlen=1)
    return found[0] if found else matches[i] if i >= 0 else None


def _first_match(lx: _Lex, pattern: re.Pattern, text: str) -> re.Match | None:
    """``pattern.search(text)``, once per pattern in a document: the same body is looked up for many officials."""
    key = ("first", pattern)
    if key not in lx.memo:
        lx.memo[key] = pattern.search(text)
    return lx.memo[key]


def _orgish(chunk: str, lx: _Lex) -> bool:
    words = chunk.replace("(", " ").replace(")", " ").split()
    if not words:
        return False
    if any(re.search(p, chunk) for p in lx.parents if not p.startswith("_")):
        return True
    if any(w in lx.org_heads for w in words) or chunk in lx.aliases:
        return words[0][:1].isupper()
    return len(words) == 1 and (is_acronym(words[0]) or words[0] in lx.aliases.values() or words[0] in lx.aliases
                                or words[0] in lx.defined)


def _country_in(text: str, lx: _Lex) -> str | None:
    """The first country named in ``text`` (the longest name where two start together)."""
    found = [(m.start(), -len(c), c) for c in lx.countries for m in [_word_search(c, text)] if m]
    if not found:
        return None
    return re.sub(r"^the ", "", min(found)[2])


def affiliation(title: str | None, org_prefix: str | None, org_tail: str | None, ctx: DocContext,
                lx: _Lex, at: int, span_end: int | None = None) -> tuple[str | None, str | None]:
    """``(organisation, country)`` of a title: the top-level body and the country it names."""
    org = country = None
    gov = None  # "Spain's Secretary of State": a government role
    t = title or ""
    t = re.sub(r"[ \u00a0]+to[ \u00a0]+.*$", "", t)  # recipient: "Ambassador to ASEAN"
    # possessive owners: "Georgia's Ministry", "INTERPOL's unit", "the Directorate's Unit"
    for m in _compile(rf"((?:the[ \u00a0]+)?{_UP}[\w\-]*(?:[ \u00a0]+{_UP}[\w\-]*)*)(?:'s|’s)\b").finditer(t):
        owner = m.group(1)
        bare = re.sub(r"^the[ \u00a0]+", "", owner)
        if not (bare in lx.countries or is_acronym(bare) or _orgish(bare, lx) or owner.startswith("the ")):
            continue
        if bare in lx.countries:
            country = country or bare
            if m.start() == 0:
                gov = bare
        elif owner.startswith("the ") and len(bare.split()) == 1:
            org, c = _resolve_definite(bare, ctx, lx, at)
            if c and c in lx.countries:
                country = country or c
            break
        elif not org:
            org = bare
    if org_prefix and not org:
        if org_prefix in lx.countries:
            country = country or org_prefix
        elif org_prefix in lx.demonyms:  # "US Chargé d'Affaires": a country, not a body
            country = country or lx.demonyms[org_prefix]
        else:
            org = org_prefix
    located = None  # "... in Niger": the country only when nothing else names one
    m = _compile(rf"[ \u00a0]in[ \u00a0]+(?:the[ \u00a0]+)?({_UP}[\w ]*)$").search(t)
    if m and m.group(1) in lx.countries:
        located = m.group(1)
        t = t[:m.start()]
    country = country or _country_in(t, lx)
    for d, c in lx.demonyms.items():
        if not country and _word_search(d, t):
            country = c
    if not org:
        words = t.split()
        if len(words) > 1 and is_acronym(words[0]) and words[1] in lx.title_words:
            org = words[0]
    if not org:
        for role, body in lx.role_orgs.items():
            if role in t:
                org = body
                break
    if not org:
        chunks: list[str] = []
        for piece in _compile(rf"[ \u00a0]+(?:at|in)[ \u00a0]+(?:the[ \u00a0]+)?(?={_UP})|(?:'s|’s)[ \u00a0]+").split(t):
            chunks.extend(_split_of(piece, lx))
        orgs = [c for c in chunks[1:] if _orgish(c, lx)]
        if org_tail:
            orgs = orgs or [c for c in _split_of(org_tail, lx) if _orgish(c, lx)]
        if orgs:
            org = orgs[-1]
    if not org:
        m = _compile(rf"((?:{_UP}[\w\-]*[ \u00a0]+(?:(?:of|on|for|and)[ \u00a0]+)*)+)\((?:[^\W\d_]|/){{2,}}\)").search(t)
        if m:
            org = m.group(1).strip()
            head, _, tail = org.rpartition(" and ")
            if head and role_head_ok(head, lx.role_words):
                org = tail
    if org:
        org, c = _clean_org(org, ctx, lx, at)
        country = country or c
        if org in lx.units:
            org = None  # "Head of Unit": a unit with no body named is no organisation
    if not org:
        # "team leader at Expertise France": the capitalised name a role is held at is its body
        m = _compile(rf"[ \u00a0]at[ \u00a0]+(?:the[ \u00a0]+)?({_UP}[\w'’\-]*(?:[ \u00a0]+{_UP}[\w'’\-]*)+)$").search(t)
        if m and m.group(1) not in lx.countries:
            org = m.group(1)
    if not org:
        org = _body_of_role(t, ctx, lx)
    if not org and (country or gov):
        org = _diplomatic_body(t, country or gov, ctx, lx)
    country = country or _country_in(t, lx) or located
    if not org and gov:
        org = "Government of " + gov
    if not org and country:
        org = country
    if not org:
        if lx.dominant is None:
            lx.dominant = (_dominant_org(ctx, lx),)   # the same for every official of the document
        org = lx.dominant[0]
    if org and span_end is not None:
        org, country = country_form(org, country, ctx, lx, at, span_end)
    return org, country


def country_form(org: str, country: str | None, ctx: DocContext, lx: _Lex, start: int, end: int
                 ) -> tuple[str, str | None]:
    """The body as the rest of the text names it, with or without its country.

    ``Ministry of Interior`` becomes ``Ministry of Interior of the Kyrgyz Republic`` where the text
    names it so outside the official's mention; ``Supreme Judicial Council of Armenia`` becomes
    ``Supreme Judicial Council`` where the text elsewhere names it only bare. A body named only in
    the mention, a generic one-word body (``Government of Spain``) or a diplomatic mission
    (``Embassy of Japan``) is kept as it is.
    """
    text = ctx.text
    countries = lx.bare_countries
    cm = _compile(rf"(.+?)[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?({countries})").fullmatch(org)
    bare, own = (cm.group(1), cm.group(2)) if cm else (org, None)
    if len(bare.split()) < 2 or bare in lx.role_bodies.values() or bare in lx.countries:
        return org, country
    # where the text names the body, and the country written after it there (once per body and
    # document: a list of officials of the same body would read the whole text for each of them)
    if lx.written is None:
        lx.written = {}
    if bare not in lx.written:
        tail = _compile(rf"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?({countries})\b")
        found = [(m.start(), tail.match(text, m.end())) for m in _word_finditer(bare, text)]
        tails: dict[int, re.Match] = {p: tm for p, tm in found if tm}
        by_country: dict[str, list[int]] = {}
        for p, tm in tails.items():
            by_country.setdefault(tm.group(1), []).append(p)
        lx.written[bare] = ([p for p, _ in found], list(tails), by_country, tails)
    places, with_tail, by_country, tails = lx.written[bare]
    if _first_outside(places, start, end) is None:
        return org, country
    want = own or country
    p = _first_outside(with_tail if want is None else by_country.get(re.sub(r"^the ", "", want), []), start, end)
    if p is not None:
        tm = tails[p]
        return bare + re.sub(r"\s+", " ", tm.group(0)), country or tm.group(1)
    if own and _first_outside(with_tail, start, end) is None:
        return bare, country or own
    return org, country


def _first_outside(places: list[int], start: int, end: int) -> int | None:
    """The first of the sorted ``places`` not in ``[start, end)``, or None."""
    if places and places[0] < start:
        return places[0]
    i = bisect.bisect_left(places, end)
    return places[i] if i < len(places) else None


_MINISTRY_HEADS = ("Ministry", "Secretariat", "Department", "Secretary of State")


def _body_of_role(t: str, ctx: DocContext, lx: _Lex) -> str | None:
    """``Director of National Parks`` -> ``Department of National Parks`` where the text names it;
    ``Minister of Justice of Armenia`` -> ``Ministry of Justice``."""
    # "Health Minister", "Finance Minister of Guinea": the subject before the role names the ministry
    sm = _compile(rf"((?:{_UP}[\w\-]*[ \u00a0]+(?:(?:and|&)[ \u00a0]+)?){{1,4}})Minister(?:[ \u00a0]+(?:of|for|to)[ \u00a0]+"
                  rf"(?:the[ \u00a0]+)?({_UP}[\w \u00a0]*))?$").search(t)
    if sm and (sm.group(2) is None or sm.group(2) in lx.countries):
        words = sm.group(1).split()
        # not the country, its demonym (one the model reads as a nationality or place: "Ruritanian") or a title
        # word before the subject ("Deputy Health")
        while words and (words[0] in lx.countries or words[0] in lx.demonyms or words[0] in lx.nationalities
                         or is_title_word(words[0], lx) or words[0] in ("and", "&")):
            words = words[1:]
        subject = " ".join(words)
        if subject and not is_title_word(words[-1], lx):
            return f"Ministry of {lx.ministry_subjects.get(subject, subject)}"
    # "Commissioner General of Prisons": a role closed by "General" names its body the same way
    m = _compile(rf"\b({_UP}[\w\-]*)(?:[ \u00a0]+General)?[ \u00a0]+(of|for)[ \u00a0]+(?:the[ \u00a0]+)?({_UP}.*)$").search(t)
    if not m:
        return None
    role = m.group(1)
    if role not in lx.role_words and _hyphenated_role(role, lx.role_words):
        # "Vice-Minister of X" heads what a minister heads; "Inspector-General of X" what an inspector does
        role = next(p for p in reversed(role.split("-")) if p in lx.role_words)
    if role not in lx.role_words:
        return None
    what = m.group(3)
    cm = _compile(rf"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?({_UP}[\w ]*)$").search(what)
    if cm and cm.group(1) in lx.countries:
        what = what[:cm.start()]
    # a minister heads a ministry, whatever the text calls it ("Secretariat of Security"), not an
    # "Academy of Justice" the text also names
    heads = _alt(frozenset(_MINISTRY_HEADS if role == "Minister" else lx.org_heads))
    # the body the text names by the same function: "Secretariat of Security", "Kenya Prisons Service"
    # (with the further fields its name joins: "Secretariat of Agriculture and Livestock")
    bm = _first_match(lx, _compile(rf"\b({heads})[ \u00a0]+(?:of|for)[ \u00a0]+(?:the[ \u00a0]+)?{re.escape(what)}"
                                   rf"(?:,?[ \u00a0]+(?:and|&)[ \u00a0]+{_UP}[\w\-]*)?\b"), ctx.text)
    if bm:
        body = re.sub(r"[ \u00a0]+", " ", bm.group(0)).replace(" the " + what, " " + what)
        joined = re.search(r",? (?:and|&) (\S+)$", body)
        if joined and (joined.group(1) in lx.countries or joined.group(1) in lx.demonyms):
            body = body[:joined.start()]   # "Ministry of Labor and Skills and Somalia's ...": the next body's country
        return body
    bm = _first_match(lx, _compile(rf"\b(?:{_UP}[\w\-]*[ \u00a0]+)*{re.escape(what)}[ \u00a0]+(?:{heads})\b"), ctx.text)
    if bm:
        return re.sub(r"^(?:The|the)[ \u00a0]+", "", re.sub(r"[ \u00a0]+", " ", bm.group(0)))
    if role == "Minister":
        return f"Ministry {m.group(2)} {what}"
    return None


def _diplomatic_body(t: str, country: str, ctx: DocContext, lx: _Lex) -> str | None:
    """``British High Commissioner`` -> the High Commission the text names (``British High Commission
    Lilongwe``), else ``<country as written> High Commission``."""
    role = next((r for r in sorted(lx.role_bodies, key=len, reverse=True) if _word_search(r, t)), None)
    if not role:
        return None
    body = lx.role_bodies[role]
    forms = [country] + [d for d, c in lx.demonyms.items() if c == country]
    alt = _alt(frozenset(forms))
    m = _first_match(lx, _compile(rf"\b(?:{alt})[ \u00a0]+{re.escape(body)}\b(?:[ \u00a0]+{_UP}[\w\-]*)*|\b{re.escape(body)}[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?(?:{alt})\b"), ctx.text)
    if m:
        return m.group(0)
    written = next((f for f in sorted(forms, key=len, reverse=True) if _word_search(f, t)), country)
    return f"{written} {body}"


def _clean_org(org: str, ctx: DocContext, lx: _Lex, at: int) -> tuple[str, str | None]:
    """Top-level form of an organisation chunk, and a country it names."""
    country = None
    org = re.sub(r"^(?:the|The)[ \u00a0]+", "", org).strip()
    m = _compile(rf"({_UP}[\w ]*?)(?:'s|’s)[ \u00a0]+(.+)$").match(org)
    if m and m.group(1) in lx.countries:
        country, org = m.group(1), m.group(2)
    org = re.sub(r"[ \u00a0]+System$", "", org)
    for pattern, parent in lx.parents.items():
        if not pattern.startswith("_") and re.search(pattern, org):
            return parent, None
    m = re.match(r"(.+?)[ \u00a0]*\([^)]*\)", org)
    if m:
        rest = org[m.end():]
        org = m.group(1)
        country = _country_in(rest, lx)
    words = org.split()
    if len(words) > 1 and words[0] in lx.demonyms:
        country = country or lx.demonyms[words[0]]
        if "Ministry" in words[1:2]:
            org = " ".join(words[1:])
    if len(words) > 1 and is_acronym(words[0]) and words[-1] in lx.units:
        org = words[0]
    m = re.search(r"[ \u00a0]of[ \u00a0]+(?:the[ \u00a0]+)?(.+)$", org)
    if m and m.group(1) in lx.countries:
        country = country or m.group(1)
    if org in lx.countries:
        country = country or org
    if " " not in org and org not in lx.aliases and org not in lx.countries:
        lf, c = _long_form(org, ctx)
        if lf:
            country = country or c
            org, c2 = _clean_org(lf, ctx, lx, at) if lf != org else (lf, None)
            country = country or c2
            lw = lf.split()
            if len(lw) > 1 and is_acronym(lw[0]) and lw[1] in lx.units:
                org = lw[0]
            for pattern, parent in lx.parents.items():
                if not pattern.startswith("_") and re.search(pattern, org):
                    return parent, country
    # a unit named elsewhere as "<unit> of the <Body>" is lifted to the body
    if " " in org:
        m = _first_match(lx, _compile(re.escape(org) + rf"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?((?:{_UP}[\w\-]*[ \u00a0]*)+)"), ctx.text)
        if m and _orgish(m.group(1).strip(), lx):
            org = m.group(1).strip()
            for d, c in lx.demonyms.items():
                if org.startswith(d + " "):
                    country = country or c
    # a unit whose definition is led by its body's acronym: "OSCE Office of ..."
    pos = ctx.text.find(org)
    if pos > 0 and org.split()[0] in lx.units:
        m = _compile(rf"({_UP}{{2,}})[ \u00a0]+$").search(ctx.text[max(0, pos - 20):pos])
        if m:
            org = m.group(1)
    return org, country


def _split_of(piece: str, lx: _Lex) -> list[str]:
    """Split ``A of the B`` where B is itself an organisation (``Staff of the Armed Forces``)."""
    out: list[str] = []
    seps = list(_compile(rf"[ \u00a0]+(?:of|for)[ \u00a0]+(?=the[ \u00a0]|{_UP})").finditer(piece))
    bounds = [(0, None)] + [(m.end(), m) for m in seps]
    for k, (s, sep) in enumerate(bounds):
        e = seps[k].start() if k < len(seps) else len(piece)
        p = piece[s:e]
        p2 = re.sub(r"^the[ \u00a0]+", "", p)
        pw = p2.split()
        if out and p2 == p and len(pw) > 1 and pw[-1] in lx.units and not _orgish(" ".join(pw[:-1]), lx) \
                and _orgish(out[-1], lx):
            # "Council of Europe Office": the office of the body "Council of Europe"
            out[-1] = out[-1] + sep.group(0) + " ".join(pw[:-1])
        elif out and not _orgish(p2, lx):
            out[-1] = out[-1] + sep.group(0) + p
        else:
            out.append(p2)
    return out


def _dominant_org(ctx: DocContext, lx: _Lex) -> str | None:
    """The organisation the document names most (first named on a tie)."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for key in set(lx.aliases.values()) | {k for k in lx.aliases if " " not in k}:
        found = [m.start() for m in _word_finditer(key, ctx.text)]
        if found:
            canon = lx.aliases.get(key, key)
            counts[canon] += len(found)
            first[canon] = min(first.get(canon, 10**9), found[0])
    # bodies named by a short capitalised name with an organisation head ("World Bank")
    heads = _alt(frozenset(lx.org_heads))
    for m in _compile(rf"\b(?:{_UP}{_LO}+[ \u00a0]){{1,2}}(?:{heads})\b(?![ \u00a0]+(?:of|for)\b)").finditer(ctx.text):
        key = re.sub(r"^(?:The|the) ", "", re.sub(r"\s+", " ", m.group(0)))
        if key.split()[0].lower() in stop_words() or len(key.split()) < 2 or key in lx.aliases or key in lx.aliases.values():
            continue  # stop words; names the alias count above already covers
        counts[key] += 1
        first[key] = min(first.get(key, 10**9), m.start())
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return best if counts[best] >= 3 else None


# ---------------------------------------------------------------- extract

def _name_words(name: str) -> list[str]:
    """A name's words, case-folded, an initial written against the next word apart (``Ts.Munkhbat``)."""
    return _GLUED_INITIAL.sub(". ", name).casefold().split()


_GLUED_INITIAL = re.compile(r"\.(?=\w)")


def _same_person(short: str, full: str) -> bool:
    """``short`` names the person ``full`` names: its words appear in order in ``full``.

    >>> _same_person("Noble", "Ronald K. Noble"), _same_person("Ronald Noble", "Ronald K. Noble")
    (True, True)
    >>> _same_person("van der Linde", "Anouk van der Linde"), _same_person("Jane Roe", "John Roe")
    (True, False)
    >>> _same_person("Kato", "KATO Hiroshi")   # a family name written in capitals once
    True
    >>> _same_person("Munkhbat", "Ts.Munkhbat")   # an initial written against the name
    True
    """
    s, f = _name_words(short), _name_words(full)
    if len(s) >= len(f):
        return False
    it = iter(f)
    return all(w in it for w in s)


#: How far back from a title the capitalised words naming its body are read.
_PREFIX_REACH = 1000
_WORD_CHAR = re.compile(r"[\w&\-]")


def _capitalised_before(text: str, lo: int, end: int) -> int | None:
    """Where the capitalised words just before ``end`` start, each followed by spaces: what
    ``((?:[A-Z][\\w&-]*[ ]+)+)$`` finds searching ``text[lo:end]``, read backwards from ``end``
    (a search tries every start and reads the words after it again).

    >>> _capitalised_before("the World Bank Country Director", 0, 15), _capitalised_before("xY Bank ", 0, 8)
    (4, 1)
    """
    return _words_before(text, lo, end, _WORD_CHAR)


def _name_after(text: str, start: int, end: int, lx: _Lex) -> tuple[int, int, str] | None:
    """``(start, end, name)`` of the name of 2-4 words written from ``start`` up to ``end`` or to an
    ``and`` before ``end``; None when what is there is not a name (a comma first, a title word,
    an organisation head, a country, an acronym or a function word in it)."""
    while start < end and text[start] in " \u00a0":
        start += 1
    if text.startswith(",", start):
        return None  # "Ambassador to France, Ms X": an apposition, read as a title segment
    m = _compile(r"[ \u00a0]+and[ \u00a0]").search(text, start, end)
    stop = m.start() if m else end
    name = re.sub(r"\s+", " ", text[start:stop])
    words = name.split()
    if not 2 <= len(words) <= 4 or any(is_title_word(w, lx) or w in lx.org_heads or w in lx.countries
                                      or w in lx.demonyms or is_acronym(w) or w.lower() in stop_words()
                                      for w in words):
        return None
    return start, stop, name


def _tail_pre_titles(ctx: DocContext, lx: _Lex, line_start: int, line_end: int,
                     ner_by_end: dict[int, list[int]]) -> list[_Cand]:
    """A pre-title with a place tail: ``World Bank Country Director for Ethiopia and Sudan Jane Roe``.

    The run after ``for``/``of``/``to`` holds the tail and the name; the name is what follows
    the last country in it, or a person NER finds there (``ner_by_end``: the starts of the
    person names NER finds, by end, in the order NER gives them).
    """
    text = ctx.text
    out = []
    for m in lx.tail_pre_title.finditer(text, line_start, line_end):
        stretch_start, stretch = m.start(2), m.group(2)
        ends = sorted({cm.end() for c in lx.countries for cm in _word_finditer(c, stretch)}, reverse=True)
        cut = ends[0] if ends else None
        if cut is None:
            s0 = next((s for s in ner_by_end.get(m.end(2), ()) if stretch_start < s), None)
            cut = s0 - stretch_start if s0 is not None else None
            toks = [(stretch_start + w.start(), stretch_start + w.end(), w.group())
                    for w in _compile(r"\S+").finditer(stretch)]
            if cut is not None:
                # the model's person may start inside the name: "... Transport Lucía Fernanda" + "Zelaya Ortiz"
                before = [t for t in toks if t[1] <= s0]
                given = _given_before(before, lx)
                if given:
                    cut = before[-given][0] - stretch_start
            else:
                # no person found by the model: the name starts at the first given name after the subject
                for j in range(1, len(toks) - 1):
                    if toks[j][2] in lx.given and toks[j - 1][2] not in _TITLE_JOINERS \
                            and 2 <= len(toks) - j <= 4 and _given_before(toks[:j + 1], lx):
                        cut = toks[j][0] - stretch_start
                        break
            # a subject tail ("Minister of Foreign Affairs X"), not a unit ("Head of Unit X")
            # (a tail of several words joined by "and" is a subject: "for Customs and Border Control")
            tail_words = stretch[:cut].split()
            # (the unit right before a given name is the title's: "EUAM Head of Mission Antti Hartikainen")
            unit_then_given = cut is not None and tail_words and tail_words[-1] in lx.org_heads \
                and stretch[cut:].split()[:1] and stretch[cut:].split()[0] in lx.given
            if cut is not None and any(w in lx.org_heads for w in tail_words) and "and" not in tail_words \
                    and not unit_then_given:
                cut = None
        if cut is None:
            continue
        # after the last country, or an earlier one when a coordinated title follows the name
        # ("to Bangladesh Kenji Watanabe-Hori and the Head of ... Canada")
        found_name = None
        for at in [cut] + [e for e in ends if e < cut]:
            found_name = _name_after(text, stretch_start + at, m.end(2), lx)
            if found_name:
                break
        if found_name is None:
            continue
        name_start, name_end, name = found_name
        # an honorific between the title and the name ("Minister of Transport Datuk Seri X"), also one the
        # model's person starts inside ("Datuk" + "Seri Halim Osman")
        honorific = None
        toks = list(_tokens(text, name_start, name_end))
        into = _honorific_into(text, m.start(1), toks, lx)
        if into and into[1] < len(toks) - 1:
            hon_start, k = into
            honorific = text[hon_start:toks[k - 1][1]]
            name_start = toks[k][0]
            name = re.sub(r"\s+", " ", text[name_start:name_end])
        title = re.sub(r"\s+", " ", text[m.start(1):name_start]).rstrip(" ,")
        honorific = honorific or _honorific_before(title, 0, len(title), lx)
        if honorific:
            title = title[:-len(honorific)].rstrip(" ,")
        # the capitalised words just before the title name its body ("World Bank Country Director")
        org_prefix = None
        pm = _capitalised_before(text, max(line_start, m.start(1) - _PREFIX_REACH), m.start(1))
        span_start = m.start(1)
        if pm is not None and _orgish(text[pm:m.start(1)].strip(), lx):
            org_prefix, span_start = text[pm:m.start(1)].strip(), pm
            # "IDB Representative in Honduras X": a body's post in a country is written with the
            # acronym (not a diplomatic rank, "EU Ambassador to Georgia X", nor a subject,
            # "KRA Commissioner for Customs X")
            if is_acronym(org_prefix) and _compile(r"[ \u00a0]in[ \u00a0]").search(title) \
                    and _country_in(title, lx) and not any(_word_search(r, title) for r in lx.role_bodies):
                title = f"{org_prefix} {title}"

        if org_prefix is None:
            # a nationality before the title names the country ("Japanese Ambassador to Ghana")
            dm = _compile(rf"({_UP}\w+)[ \u00a0]+$").search(text, max(line_start, m.start(1) - 60), m.start(1))
            country = dm and (lx.demonyms.get(dm.group(1)) or demonym_country(dm.group(1), lx.countries))
            if country and dm.group(1) not in lx.countries:
                title, span_start, org_prefix = f"{dm.group(1)} {title}", dm.start(1), country
        out.append(_Cand(name=name, name_start=name_start, name_end=name_end, honorific=honorific,
                         org_prefix=org_prefix, pre_title=None, span_start=span_start, span_end=name_end,
                         title=title, strength=2, rule=PRE_TITLE_WITH_PLACE))
    return out


_LEAD_STRIP = " \u00a0\t("


def _lead_span(text: str, lead_from: int, c: _Cand) -> tuple[int, int]:
    """Where the text before a name on its line is, as ``text[line_start:c.name_start].strip(" \\u00a0\\t(")``
    without the name's honorific and the white space before it (``lead_from``: the line's first character
    that the strip keeps). Offsets, not a copy: a long line is not copied for every name on it."""
    if lead_from >= c.name_start:
        return c.name_start, c.name_start
    end = c.name_start
    while end > lead_from and text[end - 1] in _LEAD_STRIP:
        end -= 1
    if c.honorific:
        cut = end - lead_from - len(c.honorific)   # as lead[:len(lead) - len(honorific)] cuts
        end = lead_from + (cut if cut >= 0 else max(0, end - lead_from + cut))
        while end > lead_from and text[end - 1].isspace():
            end -= 1
    return lead_from, end


class _SpanIndex:
    """Spans sorted by start with the running maximum of their ends: whether one of them overlaps,
    or contains, a range is a bisection, not a scan of them all."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span ``(s, e)`` has ``s < end and start < e``."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Whether a span ``(s, e)`` has ``s <= start and end <= e``."""
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end


class _Names:
    """Full names indexed by their words, in the order added: the first one a shorter name
    names the same person as (``_same_person``) is looked for among those holding its rarest word."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.by_word: dict[str, list[int]] = {}

    def add(self, name: str) -> None:
        for w in dict.fromkeys(_name_words(name)):
            self.by_word.setdefault(w, []).append(len(self.names))
        self.names.append(name)

    def first_holding(self, short: str) -> str | None:
        words = _name_words(short)
        if not words:
            pool = range(len(self.names))
        else:
            pool = min((self.by_word.get(w, []) for w in words), key=len)
        return next((self.names[i] for i in pool if _same_person(short, self.names[i])), None)


#: Lower-case words that may join the words of a title written before a name
#: (``Minister of State for Foreign Affairs X``).
_TITLE_JOINERS = frozenset(("of", "for", "and", "the", "on", "to", "in", "at"))
#: Most words a title written before a name is looked for in.
MAX_CHAIN = 12
#: Most words of organisation, country or subject before a role head (``World Bank Regional Director``).
MAX_PREFIX = 6
_CHAIN_WORD = re.compile(rf"(?:{_UP}[\w'’.\-&/]*|[\w'’\-]*{_UP}[\w'’.\-&/]*)")


def _entity_words(ctx: DocContext, labels: tuple[str, ...]) -> "_SpanIndex":
    return _SpanIndex([(e.start, e.end) for e in ctx.entities if e.source == "model" and e.label in labels])


def _prefix_word(w: str, start: int, lx: _Lex, places: "_SpanIndex") -> bool:
    """A word that names who a title belongs to rather than the title: an acronym, a possessive,
    a country or demonym, an organisation head, or a word the model reads as a place,
    nationality or organisation (``UNHCR``, ``Kenya's``, ``Ruritanian``, ``Bank``)."""
    bare = re.sub(r"(?:'s|’s)$", "", w)
    return (bare != w or is_acronym(bare) or bare in lx.countries or bare in lx.demonyms
            or bare in lx.org_heads or places.contains(start, start + len(bare)))


def _title_before_name(ctx: DocContext, lx: _Lex, words: list[tuple[int, int, str]],
                       places: "_SpanIndex", times: "_SpanIndex") -> tuple[str | None, str | None, int | None]:
    """``(title, owner, start)`` of the title words right before a name (``words``, in text order,
    ending at the name): the run from the first role head on (``Minister of Health``), with the
    modifiers before it (``Prime``, ``Interior``, ``Executive``) and, before those, the words that
    say whose role it is (``UNHCR``, ``Kenya's``, ``World Bank``) as ``owner``."""
    role_words = lx.role_words | (lx.rank_words - {"General"})
    heads = [i for i, (_, _, w) in enumerate(words)
             if re.sub(r"(?:'s|’s)$", "", w) in role_words or _is_role_word(w, lx)]
    if not heads or words[-1][2] in _TITLE_JOINERS:
        return None, None, None
    r = heads[0]
    k = r
    while k > 0 and r - k < MAX_PREFIX:
        s, _, w = words[k - 1]
        if w in _TITLE_JOINERS:
            if k - 1 == 0 or words[k - 2][2] in _TITLE_JOINERS:
                break
        elif w.lower() in stop_words() or times.overlaps(s, s + len(w)):
            break
        k -= 1
    while k < r and words[k][2] in _TITLE_JOINERS:
        k += 1
    p = k
    while p < r and (_prefix_word(words[p][2], words[p][0], lx, places)
                     or (words[p][2] in _TITLE_JOINERS and p > k)):
        p += 1
        if re.search(r"(?:'s|’s)$", words[p - 1][2]):
            break   # a possessive ends the owner: "World Bank's Dhaka office officer"
    while p > k and words[p - 1][2] in _TITLE_JOINERS:
        p -= 1
    text = ctx.text
    title = re.sub(r"\s+", " ", text[words[p][0]:words[-1][1]])
    owner = re.sub(r"\s+", " ", text[words[k][0]:words[p - 1][1]]) if p > k else None
    if owner:
        owner = re.sub(r"(?:'s|’s)$", "", owner)
        if owner in lx.demonyms or (owner not in lx.countries and _DEMONYM_END.search(owner)):
            # a nationality stays in the title ("Dutch Ambassador to Kenya") and names the country
            title = f"{owner} {title}"
            owner = lx.demonyms.get(owner) or demonym_country(owner, lx.countries)
    return title, owner, words[k][0]


#: How a nationality adjective ends (``Kenyan``, ``Peruvian``, ``Chinese``, ``Swedish``, ``Iraqi``)
_DEMONYM_END = re.compile(r"^[A-Z][a-z]+(?:an|ese|ish|i|ic)$")


def demonym_country(word: str, countries: set[str]) -> str | None:
    """The listed country a nationality adjective is formed from (``Kenyan`` -> ``Kenya``,
    ``Peruvian`` -> ``Peru``): the country sharing the longest start with it, at least all its
    letters but the last two and four in all, when no other country shares as much.

    >>> demonym_country("Peruvian", {"Peru", "Kenya", "Chile"}), demonym_country("Ruritanian", {"Peru"})
    ('Peru', None)
    """
    best, ties, length = None, 0, 0
    for c in countries:
        n = len(os.path.commonprefix([c, word]))
        if n >= 4 and n >= len(c) - 2 and " " not in c:
            if n > length:
                best, ties, length = c, 1, n
            elif n == length:
                ties += 1
    return best if ties == 1 else None


def _given_before(words: list[tuple[int, int, str]], lx: _Lex) -> int:
    """How many of the last ``words`` (the words before a name, in text order) are given names
    that belong to the name: ``Transport Lucía Fernanda`` before ``Zelaya Ortiz`` gives 2. A word
    right after a title joiner is the title's subject (``of Justice``), never the name's."""
    n = 0
    while n < min(3, len(words)):
        w = words[-1 - n][2]
        before = words[-2 - n][2] if len(words) > n + 1 else None
        if before is None or before in _TITLE_JOINERS or is_title_word(w, lx) or w in lx.org_heads \
                or w in lx.countries or w in lx.demonyms or is_acronym(w) or not _UP_RE.match(w) \
                or w in lx.honorifics or w.endswith("."):
            break
        # a given name, or any other capitalised word between a role noun or a body's head word and the
        # name ("Specialist Nguyễn" + "Thị Thu Hà", "Secretary of the X Division Nasrin" + "Akhter Lipi"):
        # a role noun or a body's head ends a title, so the word after it is the name's
        if w not in lx.given and not _is_role_word(before, lx) and before not in lx.org_heads \
                and not _subject_then_name(words, n, lx):
            break
        n += 1
    return n


def _subject_then_name(words: list[tuple[int, int, str]], n: int, lx: _Lex) -> bool:
    """``of Finance Hykmete`` before ``Bajrami``: the word before the last ``n`` is a common word right after a
    title joiner (the title's subject), the word after it no common word: a name's."""
    if len(words) < n + 3 or words[-3 - n][2] not in ("of", "for"):
        return False
    lower = _lower_words(lx)
    return _common(words[-2 - n][2], lower, lx) and not _common(words[-1 - n][2], lower, lx)


def _lower_title_word(w: str, start: int, lx: _Lex, nouns: set[int]) -> bool:
    """A lower-case word of a title written before a name (``EIB vice president X``, ``ADB principal
    energy specialist X``): a role or title word, or a noun or adjective the tagger reads there."""
    return w[:1].islower() and (w in lx.lower_roles or w.capitalize() in lx.title_words or start in nouns)


#: A name written with a one- or two-letter initial before it and a dot ("Ts. Ganbold", "G.Sarangerel", "J. Smith").
_INITIALLED = re.compile(rf"(?<![\w.’'-])(?P<initial>{_UP}{_LO}?)\.[ \u00a0]?(?P<name>{_UP}{_LO}{{2,}})(?![\w’'-])")


def _with_initials(people: list, ctx: DocContext, honorifics: frozenset[str], countries) -> list:
    """The model's PERSON entities, a name written after an initial with a dot taken in: an entity that
    starts right after one (``Ts.`` + ``Munkhbat``) opens at the initial, and such a name the model does not
    tag (``G.Sarangerel``) is added, unless it lies in another of its entities, the initial is an
    honorific (``Dr. Smith`` is found as a name after an honorific) or the name is a country or a common
    word (``St. Lucia``, ``No. Five``)."""
    text = ctx.text
    starts = {e.start: e for e in people}
    others = _SpanIndex(sorted((e.start, e.end) for e in ctx.entities if e.source == "model" and e.label != "PERSON"))
    out = list(people)
    for m in _INITIALLED.finditer(text):
        if m.group("initial") in honorifics or m.group("name") in countries or m.group("name").lower() in common_words():
            continue
        entity = starts.get(m.start("name"))
        # the model's person that ends inside the initial ("Roads Ch" of "Minister of Roads Ch.Batbold")
        cut = next((e for e in out if e.start < m.start("name") < e.end <= m.start("name") + 1
                    or e.start < m.end("initial") <= e.end <= m.start("name") + 1), None)
        if entity is not None:
            out[out.index(entity)] = Entity(**ctx.mention(m.start(), entity.end, INITIALLED_NAME), label="PERSON",
                                            source="rule")
        elif cut is not None:
            out[out.index(cut)] = Entity(**ctx.mention(m.start(), m.end(), INITIALLED_NAME), label="PERSON",
                                         source="rule")
        elif not others.overlaps(m.start(), m.end()) and not any(e.start <= m.start() < e.end for e in out):
            out.append(Entity(**ctx.mention(m.start(), m.end(), INITIALLED_NAME), label="PERSON", source="rule"))
    return sorted(out, key=lambda e: (e.start, e.end))


def _person_candidates(ctx: DocContext, lx: _Lex, line_start: int, line_end: int,
                       taken: "_SpanIndex", places: "_SpanIndex", times: "_SpanIndex") -> list[_Cand]:
    """People the statistical model finds (PERSON entities) that no capitalised run on the line
    gave a role, with the honorific and the title words written right before them.

    Title and honorific words the model put inside the entity (``Minister Jan Nowak``) go back
    before the name; at most ``MAX_CHAIN`` words before it are read, and a comma, a lower-case
    word other than a title joiner, or the line's start ends them.
    """
    text = ctx.text
    out = []
    nouns = None
    people = lx.person_entities
    first = bisect.bisect_left(lx.persons.starts, line_start)
    for e in itertools.takewhile(lambda e: e.start < line_end, itertools.islice(people, first, None)):
        if taken.overlaps(e.start, e.end):
            continue
        toks = list(_tokens(text, e.start, e.end))
        honorific = None
        i = 0
        hon_in = None
        hon_starts: set[int] = set()   # where the honorific words inside the entity start
        # an honorific that opens before the entity and ends inside it ("Datuk" + "Seri Halim Osman")
        into = _honorific_into(text, max(line_start, e.start - 40), toks, lx)
        if into and into[1] < len(toks):
            hon_start, i = into
            hon_in = text[hon_start:toks[i - 1][1]]
            hon_starts.update(t[0] for t in toks[:i])
        while i < len(toks) - 1:
            n = _honorific_at(text, toks, i, lx)
            if n and i + n < len(toks):
                hon_in = hon_in or text[toks[i][0]:toks[i + n - 1][1]]
                hon_starts.update(t[0] for t in toks[i:i + n])
                i += n
                continue
            if not (is_title_word(toks[i][2], lx)
                                     or toks[i][2] in lx.demonyms
                                     or (is_acronym(toks[i][2]) and not _capitals_name(toks[i][2], toks, lx))
                                     or toks[i][2] in lx.countries):
                break
            i += 1
        # "Minister of" + "Agriculture José Ángel ...": words of the title's subject the model put inside the
        # entity, before the first given name, when a title joiner comes right before it
        prev_word = text[max(line_start, e.start - 5):e.start].split()[-1:]
        if prev_word and prev_word[0] in _TITLE_JOINERS:
            j = next((k for k in range(i, len(toks) - 1) if toks[k][2] in lx.given), None)
            if j is not None and j - i <= 3:
                i = j
        name_toks = toks[i:]
        # capitalised words the model left out at the end of the name ("Sigrid Hølmebakk" + "Ødegård",
        # "Rosa Elvira" + "Quispe Mamani"), up to four words in all
        end = e.end
        while len(name_toks) < 4:
            nxt = _compile(rf"[ \u00a0]({_UP}[\w'’\-]*)(?![\w'’\-.])").match(text, end, line_end)
            if not nxt or nxt.group(1).lower() in stop_words() or is_title_word(nxt.group(1), lx) \
                    or nxt.group(1) in lx.org_heads or nxt.group(1) in lx.countries \
                    or is_acronym(nxt.group(1)) or taken.overlaps(*nxt.span(1)):
                break
            name_toks = name_toks + [(nxt.start(1), nxt.end(1), nxt.group(1))]
            end = nxt.end(1)
        name_start, name_end = name_toks[0][0], name_toks[-1][1]
        name = " ".join(w for _, _, w in name_toks)
        if not _compile(_LO).search(name) or any(ch.isdigit() for ch in name):
            continue
        # a body or place the model took for a person ("Community Department"), or a lone word
        # nothing else marks as a person's name
        if any(is_title_word(w, lx) or w in lx.org_heads or (is_acronym(w) and not _capitals_name(w, name_toks, lx))
               or w in lx.countries
               or w in lx.demonyms for _, _, w in name_toks):
            continue
        lone = len(name_toks) < 2 and hon_in is None and not _INITIALLED.fullmatch(name) \
            and _honorific_before(text, max(line_start, e.start - 24), e.start, lx) is None
        if nouns is None:   # where the tagger reads a noun or adjective
            if lx.nouns is None:
                lx.nouns = set(_token_starts(ctx.doc, ("NN", "NNS", "JJ"))) if ctx.doc is not None else set()
            nouns = lx.nouns
        # the words before the name: those inside the entity, then back along the line
        words = [t for t in toks[:i]]
        pos = e.start
        back: list[tuple[int, int, str]] = []
        for m in _compile(r"\S+").finditer(text, max(line_start, e.start - 400), e.start):
            back.append((m.start(), m.end(), m.group()))
        chain: list[tuple[int, int, str]] = []
        titled = False   # a title word is among the words read so far
        other = False    # the words stopped at another person's name
        for s, t_end, w in reversed(back):
            if t_end != pos and text[t_end:pos].strip():
                break
            if len(chain) >= MAX_CHAIN or not (w in _TITLE_JOINERS or _CHAIN_WORD.fullmatch(w)
                                               or _lower_title_word(w, s, lx, nouns)):
                break
            if titled and not (is_title_word(w, lx) or w in lx.org_heads or w in _TITLE_JOINERS) and (
                    lx.persons.overlaps(s, t_end) or w in lx.given):
                other = True
                break   # another person: "X and USAID Mission Director Y" gives Y no words of X's
            titled = titled or is_title_word(w, lx)
            chain.append((s, t_end, w))
            pos = s
        words = list(reversed(chain)) + words
        if other:
            # the rest of the other person's name runs up to the "and" that joins the two
            cut = next((j for j, t in enumerate(words) if t[2] == "and"), None)
            words = words[cut + 1:] if cut is not None else words
        given = _given_before(words, lx)
        if given:
            # the model's person starts inside the name ("Zelaya Ortiz" of "Lucía Fernanda Zelaya Ortiz")
            name_start = words[-given][0]
            name = re.sub(r"\s+", " ", text[name_start:name_end])
            words = words[:-given]
        elif lone:
            continue   # a lone word with nothing that says it is a person's name
        while words:
            h = _honorific_before(text, words[0][0], words[-1][1], lx)
            if h is None:
                break
            honorific = honorific or h
            del words[-len(h.split()):]
        honorific = honorific or hon_in
        words = [t for t in words if t[0] not in hon_starts]
        title = owner = None
        start = name_start
        if words:
            title, owner, t_start = _title_before_name(ctx, lx, words, places, times)
            # "the Italian judge X": a lower-case role after an article describes a person, it is no title
            if title and not any(w in lx.role_words for w in title.split()) \
                    and _compile(r"\b(?:the|a|an)[ \u00a0]+$", re.I).search(text, max(line_start, t_start - 6), t_start):
                title = owner = None
            if title:
                start = t_start
        if title is None:
            # "The Director, Financial Inclusion, Mr. X": a role and its unit, each between commas, before the name
            ct = _comma_title(text, max(line_start, name_start - 120), name_start, lx)
            if ct is not None:
                title, start = ct
        out.append(_Cand(name=name, name_start=name_start, name_end=name_end, honorific=honorific,
                         org_prefix=owner, pre_title=title, span_start=start, span_end=name_end))
    return out


_COMMA_TITLE = re.compile(r"(?P<title>(?P<role>(?!(?:The|A|An)[ \t])[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}),[ \t]+[A-Z][\w'’-]*"
                          r"(?:[ \t]+(?:of|for|and|the|[A-Z][\w'’-]*)){0,5}),[ \t]+(?P<between>(?:\S+[ \t]+){0,2})$")


def _comma_title(text: str, lo: int, name_start: int, lx: _Lex) -> tuple[str, int] | None:
    """``Director, Financial Inclusion`` (and where it starts) before ``, Mr. X``: a role noun closing the first
    part, a unit after the comma, only honorific or rank words between it and the name."""
    m = _COMMA_TITLE.search(text, lo, name_start)
    if m is None or m.group("role").split()[-1] not in lx.role_words:
        return None
    if not all(_address_word(w, lx) for w in m.group("between").split()):
        return None
    return m.group("title"), m.start("title")


def _capitals_name(w: str, name_toks: list, lx: _Lex) -> bool:
    """A name part written in capitals (``KATO Hiroshi``, ``Joseph KAMAU``): letters only, no known body,
    among words of which one in ordinary capitalisation is no title word (``Minister`` does not make
    ``UNDP Minister`` a name)."""
    return w.isalpha() and len(w) >= 3 and w not in lx.aliases and w not in lx.aliases.values() \
        and any(t[2][:1].isupper() and t[2][1:].islower() and not is_title_word(t[2], lx) for t in name_toks)


def _is_role_word(w: str, lx: _Lex) -> bool:
    """A role noun as written before a name: listed (``Minister``), or in lower case
    (``director``, ``president`` of ``vice president``)."""
    if _hyphenated_role(w, lx.role_words):
        return True
    return w in lx.role_words or (w[:1].islower() and (w in lx.lower_roles or w.capitalize() in lx.role_words))


def _has_role(title: str, lx: _Lex) -> bool:
    """Whether a title written before a name holds a role noun (``Minister``, ``vice president``)."""
    return any(_is_role_word(w.rstrip(","), lx) for w in title.split())


def _split_person(c: _Cand, text: str, persons: list[tuple[int, int]], lx: _Lex) -> bool:
    """Whether a PERSON entity crosses the candidate's name: it goes on after the name
    (``Mariana Ferreira`` + ``de Almeida``), it starts before the name on a given name
    (``... Transport Lucía`` + ``Fernanda Zelaya Ortiz``), or a name of two words or more starts
    two words or more into it."""
    i = bisect.bisect_left(persons, (c.name_end,))
    for s, e in persons[max(0, i - 4):i]:
        if e <= c.name_start:
            continue
        if e > c.name_end:
            return True
        if s < c.name_start and any(w in lx.given and not is_title_word(w, lx)
                                    for w in text[s:c.name_start].split()):
            return True
        if s > c.name_start and len(text[c.name_start:s].split()) >= 2 and len(text[s:e].split()) >= 2:
            return True  # "Foreign Affairs" + "Małgorzata Wiśniewska-Łuczak": the title ran into the name
    return False


_BODY_NAME = re.compile(r"[A-Z][\w'’&.\-]*(?:[ \u00a0]+(?:[A-Z][\w'’&.\-]*|of|for|and|the|on|in|de))*")


def _judge(c: _Cand, ctx: DocContext, lx: _Lex, sent_start: int, sent_end: int,
           ner_ix: "_SpanIndex", other_ix: "_SpanIndex") -> bool:
    """Give a candidate its title from its neighbourhood (an apposition after the name, a title
    segment before it, title words right before it); False when nothing there is a role."""
    title, end, tail = _after_title(ctx, lx, c.name_end, sent_end)
    before = _before_title(ctx, lx, c.span_start, sent_start)
    pre = c.pre_title
    rank = is_rank(pre, lx)
    if title and pre and (rank or _has_role(pre, lx)
                          and not any(_word_search(r, pre) for r in lx.role_bodies)):
        # "Judge X, national coordinator ...": a role before the name opens the title too
        # (a diplomatic rank, "Ambassador X, Head of ...", is a form of address)
        c.title, c.strength, c.rule = f"{pre}, {title}", 3, RANK_AND_APPOSITION
    elif title:
        c.title, c.strength, c.rule = title, 3, APPOSITION
    elif before:
        c.title, c.strength, c.rule = before, 2, TITLE_SEGMENT
    elif pre and tail and rank:
        c.title, c.strength, c.rule = f"{pre} {tail}", 2, RANK_OF
    elif pre and (rank or _has_role(pre, lx)):
        c.title, c.strength, c.rule = pre, 1, PRE_TITLE
    else:
        return False
    c.org_tail = None
    if not title and not before and tail:
        # "Commissioner X of the Customs Commission": the body the role belongs to
        bare_tail = re.sub(r"^of[ \u00a0]+(?:the[ \u00a0]+)?", "", tail)
        # the body's name ends where a lower-case word other than a joiner starts ("... Affairs about the plans")
        bare_tail = _BODY_NAME.match(bare_tail).group(0).rstrip() if _BODY_NAME.match(bare_tail) else bare_tail
        bare_tail = re.sub(r"(?:[ \u00a0]+(?:of|for|and|the|on|in|de))+$", "", bare_tail)
        if _orgish(bare_tail, lx):
            c.org_tail = bare_tail
    if title:
        _, _, c.org_tail = (None, None, None)
        m = re.match(r"[ \u00a0]+(?:of|from)[ \u00a0]+(?:the[ \u00a0]+)?([^,]+),", ctx.text[c.name_end:end])
        if m:
            c.org_tail = m.group(1)
    c.span_end = max(c.name_end, end) if title else c.name_end
    if c.strength >= 2 and not c.honorific and not pre and len(c.name.split()) < 2:
        return False
    if not (c.honorific or pre) and other_ix.overlaps(c.name_start, c.name_end) \
            and not ner_ix.overlaps(c.name_start, c.name_end):
        return False  # NER calls it a place, date or organisation and nothing says person
    if not (c.honorific or pre or ner_ix.overlaps(c.name_start, c.name_end)) \
            and len(c.name.split()) < 2:
        return False
    if c.strength == 3 and c.title:
        m = _compile(rf"({_UP}[\w\-]*(?:[ \u00a0]+{_UP}[\w\-]*)*)(?:'s|’s)[ \u00a0]+").match(c.title)
        if m and m.group(1) not in lx.countries and (is_acronym(m.group(1)) or _orgish(m.group(1), lx)):
            c.org_prefix, c.title = m.group(1), c.title[m.end():]
        # "AFD Country Director ...": an acronym the text defines names the body, not the title
        m = _compile(rf"({_UP}[\w\-]*)[ \u00a0]+(?=\S)").match(c.title)
        if m and not c.org_prefix and m.group(1) in lx.defined and is_acronym(m.group(1)) \
                and is_title_word(c.title[m.end():].split()[0], lx):
            c.org_prefix, c.title = m.group(1), c.title[m.end():]
    return True


def extract(ctx: DocContext) -> list:
    lx = _lex(ctx)
    text = ctx.text
    ner = [(e.start, e.end) for e in lx.person_entities]
    ner_ix = lx.persons
    places, times = _entity_words(ctx, ("GPE", "NORP", "ORG")), _entity_words(ctx, ("DATE", "TIME"))
    ner_by_end: dict[int, list[int]] = {}
    for s, e in ner:
        ner_by_end.setdefault(e, []).append(s)
    found: list[_Cand] = []
    # "Photo:", "By": a name after a credit marker is the author, not an official
    credit = _compile(rf"(?:{_alt(frozenset(lx.credits))})[ \u00a0]*[:\-–]?", re.I) if lx.credits else None
    # "Press office contact: X", "For more information, please contact:": a short label (at most four words
    # before it) ending in a contact word
    credit_label = _compile(rf"(?:[\w’'-]+,?[ \u00a0]+){{0,4}}(?:{_alt(frozenset(lx.contact_words))})[ \u00a0]*:?",
                            re.I) if lx.contact_words else None

    def credited(s: str, lo: int, hi: int) -> bool:
        """Whether ``s[lo:hi]`` is a credit marker or a contact label."""
        return bool(credit and credit.fullmatch(s, lo, hi) or credit_label and credit_label.fullmatch(s, lo, hi))

    # the lines under a heading that is a credit marker or a contact label ("Media contact"), up to a blank line
    # and at most CONTACT_BLOCK_LINES lines
    block_left = 0
    # lines, not sentences: the sentence splitter may cut after "Dr.h.c." or "H.E."
    prev_end = 0
    for line in re.finditer(r"[^\n]+", ctx.text):
        sent_start, sent_end = line.start(), line.end()
        heading = line.group().strip()
        if text.count("\n", prev_end, sent_start) > 1 or not heading:
            block_left = 0   # a blank line ends a block
        prev_end = sent_end
        if not heading:
            continue
        if credited(heading, 0, len(heading)):
            block_left = CONTACT_BLOCK_LINES
            continue
        if block_left:
            block_left -= 1
            continue  # a contact block: its people are contacts, not officials
        if not ner_ix.overlaps(sent_start, sent_end) and lx.signal.search(text, sent_start, sent_end) is None:
            continue  # no person the model finds, no title or honorific word: no official on the line
        lead_from = sent_start
        while lead_from < sent_end and text[lead_from] in _LEAD_STRIP:
            lead_from += 1
        taken = []
        for c in _candidates(ctx, lx, sent_start, sent_end):
            if credited(text, *_lead_span(text, lead_from, c)):
                continue  # a byline or credit line: the author, not an official
            if _split_person(c, text, ner, lx):
                continue  # the model bounds the person otherwise: read from its entity
            if _judge(c, ctx, lx, sent_start, sent_end, ner_ix, times):
                found.append(c)
                taken.append((c.span_start, max(c.span_end, c.name_end)))
        for c in _person_candidates(ctx, lx, sent_start, sent_end, _SpanIndex(taken), places, times):
            if credited(text, *_lead_span(text, lead_from, c)):
                continue
            if _judge(c, ctx, lx, sent_start, sent_end, ner_ix, times):
                c.anchored = True
                found.append(c)
        found.extend(c for c in _tail_pre_titles(ctx, lx, sent_start, sent_end, ner_by_end)
                     if not _split_person(c, text, ner, lx))
    # pre-title only mentions need a person: NER, an honorific, or a full name found elsewhere
    full = _Names()
    for c in found:
        if c.strength >= 2:
            full.add(c.name)
    found = [c for c in found if c.strength >= 2 or c.honorific or c.anchored
             or ner_ix.contains(c.name_start, c.name_end) or c.name.split()[0] in lx.given
             or full.first_holding(c.name) is not None]
    # a name the model reads inside a body, place or event's name ("AIIB Vice President, Investment Operations",
    # "Head, Public Relations Unit") whose every word is a common word (written in lower case in the text, or a
    # place or a body's head word), with no person, honorific or given name to say otherwise, is none
    bodies = _entity_words(ctx, _NOT_PERSON)
    lower = _lower_words(lx)
    found = [c for c in found if c.honorific or ner_ix.overlaps(c.name_start, c.name_end)
             or c.name.split()[0] in lx.given or not bodies.contains(c.name_start, c.name_end)
             or not all(_common(w, lower, lx) for w in c.name.split())]
    # "Director, Public Affairs, ASP Grace X", "Secretary for Environment, Climate Change and Forestry, Jane Y": a
    # unit or a part of a title's subject list between commas, right before a person the model finds, is no person
    person_starts = {e.start for e in lx.person_entities}
    found = [c for c in found if c.honorific or ner_ix.overlaps(c.name_start, c.name_end)
             or not _before_person(text, c.name_end, person_starts, lx)]
    # one row per person: full names first, later surnames merge into them
    people: dict[str, _Cand] = {}
    keys = _Names()
    for c in sorted(found, key=lambda c: -len(_name_words(c.name))):
        key = keys.first_holding(c.name)
        key = c.name if key is None else key
        best = people.get(key)
        if best is None or c.strength > best.strength:
            if best is not None:
                c = _Cand(**{**c.__dict__, "name": best.name})
                c.honorific = c.honorific or best.honorific
            if key not in people:
                keys.add(key)
            people[key] = c
    out = []
    for c in sorted(people.values(), key=lambda c: c.span_start):
        org, country = affiliation(c.title, c.org_prefix, c.org_tail, ctx, lx, c.span_start,
                                   max(c.span_end, c.name_end))
        title = c.title
        rule = c.rule
        s = ctx.sentence_of(c.name_start)
        # the evidence holds the name, also where the sentence splitter cut it at an initial ("Bo. Altangerel")
        start, end = min(max(c.span_start, s.start), c.name_start), max(min(c.span_end, s.end), c.name_end)
        out.append(Official(**ctx.mention(start, end, rule), name=c.name, honorific=c.honorific,
                            title=title, organisation=org, country=country,
                            rule_ids=[rule] + ([PERSON_ENTITY] if c.anchored else [])))
    return out
