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

Word lists live in ``models/lexicons`` (honorifics, military_ranks, role_nouns,
title_modifiers, org_heads, org_units, countries, demonyms, name_particles).
A later bare surname (``said Noble``, ``Ambassador Tarraf``) is merged into
the full name found elsewhere in the document: one row per person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..context import DocContext
from ..records import Official

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
_SPACE = r"[ \t\u00a0]+"
# a capitalised word, also after an elided particle ("d'Affaires", "d'Almeida")
_WORD = rf"(?:[dl]['’])?{_UP}[\w'’.\-/]*"
_INITIAL = re.compile(rf"{_UP}\.")
_ACRONYM = re.compile(rf"{_UP}(?:[^\W\d_]|[/&+\-])*")
_HYPHENATED_NAME = re.compile(rf"{_UP}{_LO}+-{_UP}{_LO}+")
_END_CHARS = ",;:\"“”\n"


@dataclass
class _Lex:
    run: re.Pattern
    honorifics: list[str]
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
    role_bodies: dict[str, str]
    defined: set[str]
    lower_roles: frozenset


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
        run=_run_pattern(frozenset(honorifics), frozenset(particles), frozenset(title_words)),
        honorifics=honorifics,
        lower_roles=frozenset(get("role_nouns_lower")) or _LOWER_ROLES,
        ranks=ranks, rank_words=rank_words, role_words=role_words, title_words=title_words,
        org_heads=set(get("org_heads")), units=set(get("org_units")),
        countries=countries, demonyms={**r.mappings.get("demonyms", {}), **short_forms},
        particles=particles, aliases=r.mappings.get("organisation_aliases", {}),
        parents=r.mappings.get("organisation_parents", {}),
        role_orgs={k: v for k, v in r.mappings.get("role_organisations", {}).items() if not k.startswith("_")},
        credits=sorted(get("credit_markers"), key=len, reverse=True),
        role_bodies={k: v for k, v in r.mappings.get("role_bodies", {}).items() if not k.startswith("_")},
        # short names the text defines, including mixed-case ones: "Swedish ... Agency (Sida)"
        # but not a country in brackets: "Financial Reporting Centre (Kenya)"
        defined=(set(ctx.acronyms or {}) | set(_compile(rf"{_UP}[\w\-]*[ \u00a0]+\(({_UP}(?:[^\W\d_]|-){{1,11}})\)").findall(ctx.text)))
        - countries,
    )


def _run_pattern(honorifics: frozenset, particles: frozenset, title_words: frozenset) -> re.Pattern:
    """A run of capitalised words (with honorifics, name particles and the lower-case words
    of titles inside it): where an official's name and title are looked for."""
    hon = _alt(honorifics) or "(?!)"
    part = _alt(particles) or "(?!)"
    # lower-case words of a title inside a capitalised run ("Chargé d'affaires")
    low = _alt(frozenset(w for w in title_words if w[:1].islower())) or "(?!)"
    tok = rf"(?:(?:{hon})(?=[\s\u00a0])|{_WORD}|(?:{low})(?![\w'’\-]))"
    return _compile(rf"{tok}(?:{_SPACE}(?:(?:{part}){_SPACE})*{tok})*")


def is_title_word(word: str, lx: _Lex) -> bool:
    """A word of a title, or a hyphenated compound of ranks (``Colonel-Major``)."""
    return word in lx.title_words or ("-" in word and all(p in lx.rank_words for p in word.split("-")))


def is_rank(pre: str | None, lx: _Lex) -> bool:
    """A rank kept in the title: listed, or every word of it a rank word (``Colonel-Major``)."""
    if not pre:
        return False
    return pre in lx.ranks or ("-" in pre and all(p in lx.rank_words for p in re.split(r"[- ]", pre)))


# ---------------------------------------------------------------- pure helpers

def is_acronym(word: str) -> bool:
    """An organisation acronym: two or more capitals, no spaces (``ICMPD``, ``CoESPU``, ``OSR/CTHB``).

    >>> is_acronym("ICMPD"), is_acronym("CoESPU"), is_acronym("Noble"), is_acronym("K.")
    (True, True, False, False)
    """
    return bool(_ACRONYM.fullmatch(word)) and sum(c.isupper() for c in word) >= 2 \
        and not _HYPHENATED_NAME.fullmatch(word)


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
    """
    words = segment.split()
    for w in words[:8]:
        if w in ("of", "at", "in", "to", "for", "on", "with", "who", "which", "said"):
            break
        w = re.sub(r"(?:'s|’s)$", "", w.strip("(),"))
        if w in role_words or (w[:1].islower() and w in lower_roles):
            return True
    return False


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


def _tokens(text: str, start: int, end: int):
    for m in re.finditer(r"\S+", text[start:end]):
        yield m.start() + start, m.end() + start, m.group()


def _candidates(ctx: DocContext, lx: _Lex, sent_start: int, sent_end: int) -> list[_Cand]:
    """Runs of capitalised words split into honorific / org / pre-title / name."""
    text = ctx.text
    out = []
    for m in lx.run.finditer(text, sent_start, sent_end):
        toks = list(_tokens(text, m.start(), m.end()))
        i = 0
        # a capitalised function word opening the run is not part of it ("Your Excellency", "On Monday")
        while i < len(toks) and toks[i][2].lower() in STOP_WORDS and not is_acronym(toks[i][2]):
            i += 1
        honorific = org_prefix = None
        pre: list[str] = []
        pre_start = None
        while i < len(toks):
            s, e, w = toks[i]
            h = next((h for h in lx.honorifics if text.startswith(h, s) and s + len(h) >= e), None)
            if h and s + len(h) == e:
                honorific = honorific or w
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
        while i < len(toks) and toks[i][2].lower() in STOP_WORDS and not is_acronym(toks[i][2]):
            i += 1
        name_toks = []
        for s, e, w in toks[i:]:
            bare = w.rstrip(".")
            if is_title_word(bare, lx) or bare in lx.org_heads or is_acronym(bare) or bare in lx.countries \
                    or bare in lx.demonyms or re.search(r"(?:'s|’s)$", w):
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


def _segment_end(ctx: DocContext, start: int, limit: int) -> int:
    """End of a title segment starting at ``start``: a clause mark or a finite verb."""
    text = ctx.text
    end = start
    while end < limit:
        c = text[end]
        if c in _END_CHARS:
            break
        if c == "." and (end + 1 >= limit or text[end + 1] in " \n\r\u00a0\"”") and \
                not _compile(rf"(?:\b{_UP}|Dr|St|No)$").search(text[start:end]) and \
                not _compile(rf"[ \u00a0]+{_LO}").match(text[end + 1:end + 3]):
            break
        if text.startswith(" – ", end) or text.startswith(" - ", end):
            break
        end += 1
    # finite verbs end a title ("... Counter-Terrorism Unit said the workshop")
    doc = ctx.doc
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for t in span:
                if t.idx > start and (t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.lower_ in ("who", "which", "as", "when")):
                    end = min(end, t.idx)
                    break
    while end > start and text[end - 1] in " \u00a0":
        end -= 1
    return end


_LEAD = re.compile(r"^(?:(?:and|the|a|an|Honourable|Honorable|Dear|Your Excellency|Excellency|Mr|Ms|Mrs|Madam|said|by)\s+)+", re.I)


def _after_title(ctx: DocContext, lx: _Lex, pos: int, limit: int) -> tuple[str | None, int, str | None]:
    """Apposition after a name: ``(title, end, of-tail)``."""
    text = ctx.text
    org_tail = None
    m = re.match(r"[ \u00a0]+(of|from)[ \u00a0]+", text[pos:limit])
    if m:
        e = _segment_end(ctx, pos + m.end(), limit)
        tail = text[pos + m.end():e]
        if text.startswith(", ", e) and role_head_ok(text[e + 2:_segment_end(ctx, e + 2, limit)], lx.role_words, lx.lower_roles):
            org_tail, pos = tail, e
        else:
            return None, pos, ("of " + tail) if m.group(1) == "of" else None
    parts: list[str] = []
    end = pos
    while text.startswith(",", end) and end < limit:
        s = end + 1
        while s < limit and text[s] in " \u00a0":
            s += 1
        e = _segment_end(ctx, s, limit)
        seg = text[s:e]
        art = re.match(r"(?:the|a|an)[ \u00a0]+", seg)
        if art:
            s, seg = s + art.end(), seg[art.end():]
        if not seg or re.match(r"(?:and|or|but|who|which)\b", seg) or not role_head_ok(seg, lx.role_words | (lx.rank_words - {"General"}), lx.lower_roles):
            break
        parts.append(seg)
        end = e
    return (", ".join(parts) or None), end, org_tail


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
    if seg and seg[0].isupper() and role_head_ok(seg, lx.role_words, lx.lower_roles) and len(seg.split()) <= 20:
        return seg
    if seg and seg.split()[0] in ("representative", "head", "director"):
        return seg
    return None


# ---------------------------------------------------------------- organisation

def _long_form(acr: str, ctx: DocContext) -> tuple[str | None, str | None]:
    """``(long form, country)`` of an acronym defined in the text as ``Long Form (ACR)``."""
    lf = ctx.acronyms.get(acr) if ctx.acronyms else None
    m = None
    for m in re.finditer(rf"((?:{_UP}[\w'’\-]*[ \u00a0]+(?:(?:of|for|and|on|in|the|de)[ \u00a0]+)*)+)\(" + re.escape(acr) + r"\)", ctx.text):
        break
    country = None
    if m:
        cand = m.group(1).strip()
        cand = re.sub(r"^(?:The|the)\s+", "", cand)
        if not lf and len(cand.split()) >= 2:
            lf = cand
        before = ctx.text[max(0, m.start() - 40):m.start()]
        cm = _compile(rf"({_UP}[\w ]+?)(?:'s|’s)\s*$").search(before)
        if cm and cm.group(1).split()[-1]:
            country = cm.group(1).strip()
    if not lf:
        lf = spelled_out(acr, ctx.text)
    return lf, country


def spelled_out(acr: str, text: str) -> str | None:
    """A capitalised name in ``text`` whose word initials spell ``acr`` (function words skipped).

    >>> spelled_out("UNDP", "run by the United Nations Development Programme | Pacific Office")
    'United Nations Development Programme'
    >>> spelled_out("UN", "the United Nations") is None
    True
    """
    if not _compile(rf"{_UP}{{3,8}}").fullmatch(acr):
        return None
    words = rf"{_UP}[\w'’\-]*"
    pat = _compile(rf"{words}(?:[ \u00a0]+(?:(?:of|for|and|on|de|the)[ \u00a0]+)*{words})*")
    for m in pat.finditer(text):
        toks = list(re.finditer(r"\S+", m.group(0)))
        caps = [t for t in toks if t.group(0)[0].isupper()]
        for i in range(len(caps) - len(acr) + 1):
            if "".join(t.group(0)[0] for t in caps[i:i + len(acr)]) == acr:
                return m.group(0)[caps[i].start():caps[i + len(acr) - 1].end()]
    return None


def _resolve_definite(head: str, ctx: DocContext, before: int) -> tuple[str | None, str | None]:
    """``the Directorate`` -> the last full name ending in ``Directorate`` before ``before``."""
    found = None
    for m in re.finditer(rf"(?:({_UP}[\w ]*?)(?:'s|’s)[ \u00a0]+)?((?:{_UP}[\w\-]*[ \u00a0]+)+" + re.escape(head) + r")\b",
                         ctx.text[:before]):
        found = m
    if not found:
        return None, None
    return found.group(2), found.group(1)


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
            org, c = _resolve_definite(bare, ctx, at)
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
        org = _dominant_org(ctx, lx)
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
    countries = _alt(frozenset(re.sub(r"^(?:the|The) ", "", c) for c in lx.countries))
    cm = _compile(rf"(.+?)[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?({countries})").fullmatch(org)
    bare, own = (cm.group(1), cm.group(2)) if cm else (org, None)
    if len(bare.split()) < 2 or bare in lx.role_bodies.values() or bare in lx.countries:
        return org, country
    tail = _compile(rf"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?({countries})\b")
    outside = [m for m in _word_finditer(bare, text) if not start <= m.start() < end]
    if not outside:
        return org, country
    want = own or country
    for m in outside:
        tm = tail.match(text, m.end())
        if tm and (want is None or re.sub(r"^the ", "", want) == tm.group(1)):
            return bare + re.sub(r"\s+", " ", tm.group(0)), country or tm.group(1)
    if own and not any(tail.match(text, m.end()) for m in outside):
        return bare, country or own
    return org, country


_MINISTRY_HEADS = ("Ministry", "Secretariat", "Department", "Secretary of State")


def _body_of_role(t: str, ctx: DocContext, lx: _Lex) -> str | None:
    """``Director of National Parks`` -> ``Department of National Parks`` where the text names it;
    ``Minister of Justice of Armenia`` -> ``Ministry of Justice``."""
    # "Commissioner General of Prisons": a role closed by "General" names its body the same way
    m = _compile(rf"\b({_UP}[\w\-]*)(?:[ \u00a0]+General)?[ \u00a0]+(of|for)[ \u00a0]+(?:the[ \u00a0]+)?({_UP}.*)$").search(t)
    if not m or m.group(1) not in lx.role_words:
        return None
    what = m.group(3)
    cm = _compile(rf"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?({_UP}[\w ]*)$").search(what)
    if cm and cm.group(1) in lx.countries:
        what = what[:cm.start()]
    # a minister heads a ministry, whatever the text calls it ("Secretariat of Security"), not an
    # "Academy of Justice" the text also names
    heads = _alt(frozenset(_MINISTRY_HEADS if m.group(1) == "Minister" else lx.org_heads))
    # the body the text names by the same function: "Secretariat of Security", "Kenya Prisons Service"
    bm = _compile(rf"\b({heads})[ \u00a0]+(?:of|for)[ \u00a0]+(?:the[ \u00a0]+)?{re.escape(what)}\b").search(ctx.text)
    if bm:
        return re.sub(r"[ \u00a0]+", " ", bm.group(0)).replace(" the " + what, " " + what)
    bm = _compile(rf"\b(?:{_UP}[\w\-]*[ \u00a0]+)*{re.escape(what)}[ \u00a0]+(?:{heads})\b").search(ctx.text)
    if bm:
        return re.sub(r"^(?:The|the)[ \u00a0]+", "", re.sub(r"[ \u00a0]+", " ", bm.group(0)))
    if m.group(1) == "Minister":
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
    m = re.search(rf"\b(?:{alt})[ \u00a0]+{re.escape(body)}\b(?:[ \u00a0]+{_UP}[\w\-]*)*|\b{re.escape(body)}[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?(?:{alt})\b", ctx.text)
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
        m = re.search(re.escape(org) + rf"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?((?:{_UP}[\w\-]*[ \u00a0]*)+)", ctx.text)
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
    last = 0
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
        if key.split()[0].lower() in STOP_WORDS or len(key.split()) < 2 or key in lx.aliases or key in lx.aliases.values():
            continue  # stop words; names the alias count above already covers
        counts[key] += 1
        first[key] = min(first.get(key, 10**9), m.start())
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return best if counts[best] >= 3 else None


# ---------------------------------------------------------------- extract

def _same_person(short: str, full: str) -> bool:
    """``short`` names the person ``full`` names: its words appear in order in ``full``.

    >>> _same_person("Noble", "Ronald K. Noble"), _same_person("Ronald Noble", "Ronald K. Noble")
    (True, True)
    >>> _same_person("van der Linde", "Anouk van der Linde"), _same_person("Jane Roe", "John Roe")
    (True, False)
    """
    s, f = short.split(), full.split()
    if len(s) >= len(f):
        return False
    it = iter(f)
    return all(w in it for w in s)


def _tail_pre_titles(ctx: DocContext, lx: _Lex, line_start: int, line_end: int, ner) -> list[_Cand]:
    """A pre-title with a place tail: ``World Bank Country Director for Ethiopia and Sudan Jane Roe``.

    The run after ``for``/``of``/``to`` holds the tail and the name; the name is what follows
    the last country in it, or a person NER finds there.
    """
    text = ctx.text
    tw = _alt(frozenset(lx.title_words))
    rw = _alt(frozenset(lx.role_words))
    cap = rf"{_UP}[\w'’\-]*"
    # "Commissioner General of Prisons X": a role closed by "General"; "Representative in Honduras X"
    pat = _compile(rf"(?<![\w\-])((?:(?:{tw})[ \u00a0]+)*(?:{rw})(?:[ \u00a0]+General)?)[ \u00a0]+(?:for|of|to|in)[ \u00a0]+"
                     rf"((?:the[ \u00a0]+)?{cap}(?:(?:,[ \u00a0]+|[ \u00a0]+(?:and|of|the)[ \u00a0]+(?:the[ \u00a0]+)?|[ \u00a0]+){cap})*)"
                     rf"(?=[.,;:!?\"”)]|[ \u00a0]+{_LO}|$)")
    countries = sorted(lx.countries, key=len, reverse=True)
    out = []
    for m in pat.finditer(text, line_start, line_end):
        stretch_start, stretch = m.start(2), m.group(2)
        cut = None
        for c in countries:
            for cm in _word_finditer(c, stretch):
                cut = max(cut or 0, cm.end())
        if cut is None:
            s0 = next((s for s, e in ner if stretch_start < s and e == m.end(2)), None)
            cut = s0 - stretch_start if s0 is not None else None
            # a subject tail ("Minister of Foreign Affairs X"), not a unit ("Head of Unit X")
            # (a tail of several words joined by "and" is a subject: "for Customs and Border Control")
            tail_words = stretch[:cut].split()
            if cut is not None and any(w in lx.org_heads for w in tail_words) and "and" not in tail_words:
                cut = None
        if cut is None:
            continue
        name_start = stretch_start + cut
        while name_start < m.end(2) and text[name_start] in " \u00a0":
            name_start += 1
        name = re.sub(r"\s+", " ", text[name_start:m.end(2)])
        words = name.split()
        if not 2 <= len(words) <= 4 or any(is_title_word(w, lx) or w in lx.org_heads or w in lx.countries
                                          or w in lx.demonyms or is_acronym(w) or w.lower() in STOP_WORDS
                                          for w in words):
            continue
        title = re.sub(r"\s+", " ", text[m.start(1):name_start]).rstrip(" ,")
        # the capitalised words just before the title name its body ("World Bank Country Director")
        org_prefix = None
        pm = _compile(rf"((?:{_UP}[\w&\-]*[ \u00a0]+)+)$").search(text[line_start:m.start(1)])
        span_start = m.start(1)
        if pm and _orgish(pm.group(1).strip(), lx):
            org_prefix, span_start = pm.group(1).strip(), line_start + pm.start(1)
            # "IDB Representative in Honduras X": a body's post in a country is written with the
            # acronym (not a diplomatic rank, "EU Ambassador to Georgia X", nor a subject,
            # "KRA Commissioner for Customs X")
            if is_acronym(org_prefix) and _compile(r"[ \u00a0]in[ \u00a0]").search(title) \
                    and _country_in(title, lx) and not any(_word_search(r, title) for r in lx.role_bodies):
                title = f"{org_prefix} {title}"

        out.append(_Cand(name=name, name_start=name_start, name_end=m.end(2), honorific=None,
                         org_prefix=org_prefix, pre_title=None, span_start=span_start, span_end=m.end(2),
                         title=title, strength=2))
    return out


def extract(ctx: DocContext) -> list:
    lx = _lex(ctx)
    text = ctx.text
    ner = [(e.start, e.end) for e in ctx.entities if e.label == "PERSON" and e.source == "model"]
    other = [(e.start, e.end) for e in ctx.entities if e.source == "model"
             and e.label in ("DATE", "TIME")]
    found: list[_Cand] = []
    # "Photo:", "By": a name after a credit marker is the author, not an official
    credit = _compile(rf"(?:{_alt(frozenset(lx.credits))})[ \u00a0]*[:\-–]?", re.I) if lx.credits else None
    # lines, not sentences: the sentence splitter may cut after "Dr.h.c." or "H.E."
    for line in re.finditer(r"[^\n]+", ctx.text):
        sent = line
        sent_start, sent_end = line.start(), line.end()
        for c in _candidates(ctx, lx, sent_start, sent_end):
            lead = text[sent_start:c.name_start].strip(" \u00a0\t(")
            if c.honorific:
                lead = lead[:len(lead) - len(c.honorific)].rstrip()
            if credit and credit.fullmatch(lead):
                continue  # a byline or credit line: the author, not an official
            title, end, tail = _after_title(ctx, lx, c.name_end, sent_end)
            before = _before_title(ctx, lx, c.span_start, sent_start)
            pre = c.pre_title
            rank = is_rank(pre, lx)
            if title and pre and (rank or any(w in lx.role_words for w in pre.split())
                                  and not any(_word_search(r, pre) for r in lx.role_bodies)):
                # "Judge X, national coordinator ...": a role before the name opens the title too
                # (a diplomatic rank, "Ambassador X, Head of ...", is a form of address)
                c.title, c.strength = f"{pre}, {title}", 3
            elif title:
                c.title, c.strength = title, 3
            elif before:
                c.title, c.strength = before, 2
            elif pre and tail and rank:
                c.title, c.strength = f"{pre} {tail}", 2
            elif pre and (rank or any(w in lx.role_words for w in pre.split())):
                c.title, c.strength = pre, 1
            else:
                continue
            c.org_tail = None
            if not title and not before and tail:
                # "Commissioner X of the Customs Commission": the body the role belongs to
                bare_tail = re.sub(r"^of[ \u00a0]+(?:the[ \u00a0]+)?", "", tail)
                if _orgish(bare_tail, lx):
                    c.org_tail = bare_tail
            if title:
                _, _, c.org_tail = (None, None, None)
                m = re.match(r"[ \u00a0]+(?:of|from)[ \u00a0]+(?:the[ \u00a0]+)?([^,]+),", ctx.text[c.name_end:end])
                if m:
                    c.org_tail = m.group(1)
            c.span_end = max(c.name_end, end) if title else c.name_end
            if c.strength >= 2 and not c.honorific and not pre and len(c.name.split()) < 2:
                continue
            if not (c.honorific or pre) and any(s < c.name_end and c.name_start < e for s, e in other) \
                    and not any(s < c.name_end and c.name_start < e for s, e in ner):
                continue  # NER calls it a place, date or organisation and nothing says person
            if not (c.honorific or pre or any(s < c.name_end and c.name_start < e for s, e in ner)) \
                    and len(c.name.split()) < 2:
                continue
            if c.strength == 3 and c.title:
                m = _compile(rf"({_UP}[\w\-]*(?:[ \u00a0]+{_UP}[\w\-]*)*)(?:'s|’s)[ \u00a0]+").match(c.title)
                if m and m.group(1) not in lx.countries and (is_acronym(m.group(1)) or _orgish(m.group(1), lx)):
                    c.org_prefix, c.title = m.group(1), c.title[m.end():]
                # "AFD Country Director ...": an acronym the text defines names the body, not the title
                m = _compile(rf"({_UP}[\w\-]*)[ \u00a0]+(?=\S)").match(c.title)
                if m and not c.org_prefix and m.group(1) in lx.defined and is_acronym(m.group(1)) \
                        and is_title_word(c.title[m.end():].split()[0], lx):
                    c.org_prefix, c.title = m.group(1), c.title[m.end():]
            found.append(c)
        found.extend(_tail_pre_titles(ctx, lx, sent_start, sent_end, ner))
    # pre-title only mentions need a person: NER, an honorific, or a full name found elsewhere
    full = [c.name for c in found if c.strength >= 2]
    found = [c for c in found if c.strength >= 2 or c.honorific
             or any(s <= c.name_start and c.name_end <= e for s, e in ner)
             or any(_same_person(c.name, n) for n in full)]
    # one row per person: full names first, later surnames merge into them
    people: dict[str, _Cand] = {}
    for c in sorted(found, key=lambda c: -len(c.name.split())):
        key = next((n for n in people if _same_person(c.name, n)), c.name)
        best = people.get(key)
        if best is None or c.strength > best.strength:
            if best is not None:
                c = _Cand(**{**c.__dict__, "name": best.name})
                c.honorific = c.honorific or best.honorific
            people[key] = c
    out = []
    for c in sorted(people.values(), key=lambda c: c.span_start):
        org, country = affiliation(c.title, c.org_prefix, c.org_tail, ctx, lx, c.span_start,
                                   max(c.span_end, c.name_end))
        title = c.title
        rule = {3: "officials.apposition", 2: "officials.title_before", 1: "officials.pre_title"}[c.strength]
        s = ctx.sentence_of(c.name_start)
        start, end = max(c.span_start, s.start), min(c.span_end, s.end)
        out.append(Official(**ctx.mention(start, end, rule), name=c.name, honorific=c.honorific,
                            title=title, organisation=org, country=country))
    return out
