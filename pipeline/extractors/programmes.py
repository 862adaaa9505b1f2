"""Programmes: named programmes, projects, initiatives and their phases.

Candidates come from acronym definitions whose long form or context says
programme (``... Facility (TAF)``, ``the SWEDD [...] project``), from the data
rules in ``models/patterns/programmes.jsonl`` (names ending in a head noun,
``Project Stadia``, ``X - Phase III``, ``Phase II of X``, ``X, the second phase
of Y``, ``Project:`` fact-box lines) and from known programmes followed by a
phase numeral (``TOPCOP II``). Candidates sharing a written form are merged
into one row per programme; every mention of its forms is counted, and where
they are written (with what the text calls the programme) is left on
``ctx.programme_mentions``, which the records do not hold and the relations
stage (:mod:`pipeline.relations`: funders, implementers, links) reads.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..context import DocContext
from ..names import place_words, stop_words
from ..records import Programme
from ..rules import Rules, load_rules
from . import acronyms as acr


def ordinals(rules: Rules | None = None) -> dict[str, str]:
    """Ordinal words as number strings (``models/lexicons/ordinals.json``): ``second`` -> ``2``."""
    return {k: str(v) for k, v in (rules or load_rules()).mapping("ordinals").items() if not k.startswith("_")}


def roman_numerals(rules: Rules | None = None) -> dict[str, str]:
    """Roman phase numerals as number strings (``models/lexicons/roman_numerals.json``): ``III`` -> ``3``."""
    return {k: str(v) for k, v in (rules or load_rules()).mapping("roman_numerals").items() if not k.startswith("_")}


@lru_cache(maxsize=8)
def _header_regex(labels: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?m)^[ \t]*(?:[-•*▪][ \t]*)?(?:{'|'.join(map(re.escape, labels))})[ \t]*:")


def header_line_regex(rules: Rules) -> re.Pattern:
    """The fact-box line naming the programme of its box (``Project: EUROMED Police``)."""
    return _header_regex(tuple(rules.lexicon("programme_box_labels")))

_LEAD = re.compile(r"^(?:(?:the|The|a|an|An|A|its|Its|their|Their|this|This|that|That|Through|Under|Via|With|By)\s+)+")
_POSSESSIVE = re.compile(r"^[A-Z][\w.-]*['’]s\s+")
#: an owner inside a name: an acronym anywhere (``... Team of UNODC's Global Maritime Crime Programme``) or a
#: leading multi-word name (``African Union's Silencing the Guns``); the programme's name starts after it
_INNER_OWNER = re.compile(r"^(?:.*\s)?[A-Z][A-Z0-9-]+['’]s\s+(?=[A-Z])|^(?![A-Z]\w*ing\s)[A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,2}['’]s\s+(?=[A-Z])")
_FUNDED_WORD = re.compile(r"^(?:[A-Z][\w.]*\s+){0,3}[\w–-]*-(?:funded|led|backed|financed|run|supported)(?:\s+|$)", re.IGNORECASE)
_OPENERS = {"Since", "In", "On", "At", "From", "By", "For", "With", "After", "Before", "During", "Under", "Over",
            "Until", "Through", "Today", "Yesterday", "Last", "Next", "This", "Meanwhile", "However", "About"}
_LOWER_HEAD = re.compile(r"\s+(?:project|programme|program|initiative)$")
_SIBLING = re.compile(r"\b([A-Z]{2,})(\d+)\b")


def phase_number(text: str | None, rules: Rules | None = None) -> str | None:
    """A phase as a number string (``second`` -> ``2``, ``III`` -> ``3``, ``9th`` -> ``9``).

    >>> [phase_number(s) for s in ["second", "III", "9th", "2.0", "x"]]
    ['2', '3', '9', '2', None]
    """
    if not text:
        return None
    t = text.strip()
    words, roman = ordinals(rules), roman_numerals(rules)
    if t.lower() in words:
        return words[t.lower()]
    if t in roman:
        return roman[t]
    m = re.match(r"^(\d+)(?:st|nd|rd|th|\.\d+)?$", t)
    return m.group(1) if m else None


def clean_name(name: str, keep_possessive: bool = False) -> str:
    """A written name without leading determiners, possessive owner (unless ``keep_possessive``) or ``EU-funded``.

    >>> clean_name("the EU-funded CSC WB")
    'CSC WB'
    >>> clean_name("INTERPOL's Project Stadia")
    'Project Stadia'
    >>> clean_name("Head of the Ocean Team of UNODC's Global Maritime Crime Programme")
    'Global Maritime Crime Programme'
    >>> clean_name("Fast Track Initiative to Reduce Stunting’")
    'Fast Track Initiative to Reduce Stunting'
    """
    prev = None
    name = name.strip()
    while prev != name:
        prev = name
        name = _LEAD.sub("", name)
        if not keep_possessive:
            name = _POSSESSIVE.sub("", name)
            name = _INNER_OWNER.sub("", name)
        name = _FUNDED_WORD.sub("", name)
    name = name.strip(" ,;:\"“”")
    # a closing single quote with no opening one is the quote the name stood in ("... Stunting’")
    if name[-1:] in ("’", "'") and not any(q in name[:-1] for q in ("‘", "'")):
        name = name[:-1].rstrip()
    return name


def norm(name: str | None) -> str:
    """A comparison key for a written form."""
    if not name:
        return ""
    s = name.replace("’", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s*-\s*", " - ", s)
    return re.sub(r"\s+", " ", clean_name(s)).lower()


#: The candidates made in code rather than by a rule of ``models/patterns/programmes.jsonl``:
#: rule id (the ``rule_id`` of their rows) -> type.
ACRONYM_DEFINITION = "programme.acronym_definition"  # a definition (acronyms.find_definitions) that says programme
ACRONYM_PAIR = "programme.acronym_pair"              # a bare acronym whose long form is a programme's name
KNOWN_PHASE = "programme.known_phase"                # a known programme's form + phase numeral: TOPCOP II, RSRP Phase 2
SIBLING_ACRONYM = "programme.sibling_acronym"        # IPA7 when IPA8 is defined
PARENT = "programme.parent"                          # a parent named only through its phase, written alone elsewhere
CODE_RULES = {ACRONYM_DEFINITION: "acronym_definition", ACRONYM_PAIR: "acronym_pair", KNOWN_PHASE: "known_phase",
              SIBLING_ACRONYM: "sibling_acronym", PARENT: "parent"}


@dataclass
class Candidate:
    name: str
    start: int
    end: int
    rule_id: str
    acronym: str | None = None
    parent: str | None = None
    phase: str | None = None
    aliases: set[str] = field(default_factory=set)
    defining: bool = False
    #: what found it: a rule type of models/patterns/programmes.jsonl (:data:`RECOGNIZERS`) or one of :data:`CODE_RULES`
    type: str = ""
    #: a possessive inside the name is part of it (``Rural Women's Empowerment Programme``), not its owner
    possessive: bool = False

    def __post_init__(self) -> None:
        self.type = self.type or CODE_RULES.get(self.rule_id, "")

    def forms(self) -> set[str]:
        out = {norm(self.name)} | {norm(a) for a in self.aliases}
        if self.acronym:
            out.add(norm(self.acronym))
        return {f for f in out if f}


@dataclass
class Group:
    candidates: list[Candidate]
    forms: set[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def first(self) -> Candidate:
        defs = [c for c in self.candidates if c.defining]
        return min(defs or self.candidates, key=lambda c: c.start)


class _Lex:
    def __init__(self, ctx: DocContext):
        lex = ctx.rules.lexicons
        self.heads = set(lex.get("programme_heads", []))
        self.org_heads = set(lex.get("organisation_heads", []))
        self.phase_nouns = {w.lower() for w in lex.get("phase_nouns", [])}
        self.non_names = set(lex.get("non_programme_words", []))
        self.event_of = _event_of(ctx.rules.alternation("event_nouns"))
        self.weak = set(lex.get("weak_modifiers", []))
        self.months = set(lex.get("months", []))
        self.instrument_heads = set(lex.get("funding_instrument_heads", []))
        self.time_tail = _time_tail(ctx.rules.alternation("weekdays"), ctx.rules.alternation("months"))
        aliases = ctx.rules.mappings.get("organisation_aliases", {})
        self.orgs = (set(aliases) | set(aliases.values()) | set(lex.get("funding_bodies", []))
                     | set(lex.get("countries", [])))
        self.org_words = set(lex.get("org_heads", []))
        self.numbers = {w.lower() for w in ctx.rules.mappings.get("number_words", {})}
        self.magnitudes = {w.lower() for w in lex.get("magnitude_words", [])}
        #: words of country and region names (CLDR, via Babel) and the project's country list
        self.places = place_words() | {w for c in lex.get("countries", []) for w in c.split()}
        #: organisations whose name ends in a programme noun ("World Food Programme")
        self.programme_orgs = sorted((o for o in self.orgs if o.split()[-1] in self.heads), key=len, reverse=True)
        self.roles = tuple(lex.get("role_nouns", []))
        self.org_prefixes = tuple(lex.get("organisation_programme_prefixes", []))
        self.currency_codes = set(lex.get("currency_codes", []))
        #: a head noun opening a purpose: "Initiative to Reduce Stunting"
        self.purpose = _purpose_after_head(frozenset(self.heads))
        #: whether the release calls something "the project" (a programme anaphor), found when first needed
        self.calls_project: bool | None = None


@lru_cache(maxsize=8)
def _event_of(events: str) -> re.Pattern:
    """``Workshop on``, ``Conference of``: a meeting's noun (``events``, an alternation) and the preposition
    that opens its subject."""
    return re.compile(rf"\b(?:{events})\s+(?:on|of|for|about)\b")


@lru_cache(maxsize=8)
def _time_tail(weekdays: str, months: str) -> re.Pattern:
    """``X Programme on Tuesday``, ``X Compact in March 2024``: a time after the name, which is no part of it."""
    return re.compile(rf"\s+(?:on|in|at|from|since|by|until|last|this|next)\s+(?:{weekdays}|{months})\b.*$")


@lru_cache(maxsize=8)
def _purpose_after_head(heads: frozenset[str]) -> re.Pattern:
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(heads)))})\s+to\s+[A-Z]")


def _all_organisations(name: str, lex: _Lex) -> bool:
    """``EU and Council of Europe``: every part of the name is an organisation or a country (an owner list before a
    generic noun, not a programme's name)."""
    parts = [re.sub(r"^the\s+", "", p) for p in re.split(r"\s+and\s+|,\s*|[-–](?=[A-Z])", name) if p]
    return bool(parts) and all(p in lex.orgs or p.split()[0] in lex.org_words or p.split()[-1] in lex.org_heads
                               for p in parts)


def _office_of_programme(words: list[str], lex: _Lex) -> bool:
    """``X Programme Office of Y``: a head noun followed by an organisation's head names a unit, not a programme."""
    return any(w in lex.heads and nxt in lex.org_heads for w, nxt in zip(words, words[1:]))


def _body_of(words: list[str], lex: _Lex) -> bool:
    """``Secretariat of the X Programme``, ``Office for Y``: a name opening with an organisation's head and
    ``of``/``for`` names the body, not a programme."""
    return len(words) > 2 and words[0] in lex.org_heads and words[1] in ("of", "for")


def _programme_like_long_form(long_form: str, lex: _Lex) -> bool:
    words = re.findall(r"[\w'’+-]+", long_form)
    if not words or words[-1] in lex.org_heads or _office_of_programme(words, lex) or _body_of(words, lex):
        return False
    return any(w in lex.heads for w in words) or words[-1].lower() in ("project", "programme", "program")


def _titled_action(long_form: str, lex: _Lex) -> bool:
    """A title-case name that starts with a verb in -ing (``Strengthening Maritime Law Enforcement in ...``),
    with ``Towards`` or with an action noun and its preposition (``Support to ...``, ``Action against ...``).

    Such names describe an action, which is how projects are titled; organisations are not.
    """
    words = long_form.split()
    caps = [w for w in words if w[:1].isupper()]
    return (len(words) >= 3 and len(caps) >= 3 and _ACTION_OPENER.match(long_form) is not None
            and not any(w in lex.org_heads for w in words))


_ACTION_OPENER = re.compile(rf"(?:[A-Z][a-z]{{3,30}}ing|Towards?|{acr.ACTION_OPENER})\s")


_HEAD_WORDS = frozenset(("project", "programme", "program", "initiative"))

#: Why a candidate is not a programme's name: reason -> what it means. ``rejection`` gives the
#: first that holds; the extractor drops such candidates in one place.
REJECTIONS = {
    "generic": "a head noun with only a determiner, a count or a descriptive compound before it "
               "('Two Projects', 'a Dakar-based initiative')",
    "amount_words": "a name that opens with a magnitude word: a headline's figure ('Million for Second Phase of X')",
    "finite_verb": "a clause, not a name: a finite verb inside (a headline: 'Japan Contributes to X Programme')",
    "phase_and_head": "a phase number and a head only ('Phase III project', 'Programme Phase 2')",
    "owner_and_head": "an organisation and a head only ('INTERPOL Project')",
    "organisation": "a known organisation named with a programme noun ('World Food Programme'), or a name opening "
                    "with an organisation's head and of/for ('Secretariat of the Regional Environment Programme'), "
                    "or the end of one ('Office for Project Services')",
    "currency_prefix": "the letters of a currency sign or a currency code ('the project is US$ 4.7 million', "
                       "'the project budget is EUR 1 240 500')",
    "possessive": "an owner's possessive, not a name ('the project is USAID's largest')",
    "event": "a meeting about a programme, not a programme ('Regional Workshop on Window 4 of X')",
    "channel": "a funder's own instrument the money goes through ('co-financing through its X Window')",
}
_FINITE = frozenset(("VBZ", "VBD", "VBP", "MD"))
#: an organisation's head word and of/for right before a name: the name ends the body's ("Office for X")
_BODY_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?$")
_THROUGH_ITS = re.compile(r"\b(?:through|via)\s+(?:its|their)\s+$")
_CURRENCY_SIGN = re.compile(r"[$€£¥₹₦]")
_FIGURE = re.compile(r"\d[\d.,]*")


_PLACE_TAIL = re.compile(r"\s+in\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*){0,4})$")
_CURRENCY_TO = re.compile(r"^([A-Z]{3})\s+(?:to|for)\s+(?:the\s+)?(?=[A-Z])")
#: a sum of money before a phase mention in its sentence, or right after it (", financed with a $90 million loan")
_SUM_BEFORE = re.compile(r"(?:[$€£¥]|\b[A-Z]{3}\b)[ \t]?\d|\d[\d.,]*[ \t]*(?:million|billion|bn|m)\b")
_SUM_AFTER = re.compile(r"[^.;:\n]{0,40}?,[ \t]+(?:which[ \t]+was[ \t]+)?(?:financed|funded)[ \t]+(?:with|by)[ \t]+"
                        r"(?:an?[ \t]+)?(?:[$€£¥]|[A-Z]{3}[ \t]?)\d")
_BODY_FOR = re.compile(r"^(?P<body>[A-Z][\w'’-]*(?:\s+(?:of|the|and|[A-Z][\w'’-]*)){0,8}?)\s+for\s+the\s+(?=[A-Z])")
_FINANCING_FOR = re.compile(r"^(?:[A-Z][\w'’-]*\s+){1,2}(?:Financing|Loan|Credit|Grant)\s+for\s+(?:the\s+)?(?=[A-Z])")


def trimmed(c: Candidate, lex: _Lex, text: str) -> Candidate:
    """A candidate without what is not part of the name: a country or region it runs in after its
    head (``Rural Finance Project in the Republic of the Gambia``; not where the text defines the
    whole, ``[Border Management Programme in Central Asia]``, ``... in Central Asia (BOMCA)``) and a
    financing instrument before it (``Istisna'a Financing for the Qom Water Supply Project``) and the currency code
    of a figure before it (``USD to the X Programme``)."""
    name, start, end = c.name, c.start, c.end
    m = lex.time_tail.search(name)
    if m and not c.acronym and not c.defining:
        end -= len(name) - m.start() if end - start >= len(name) else 0
        name = name[:m.start()]
    m = _PLACE_TAIL.search(name)
    defined = c.acronym or c.defining or text[end:end + 1] == "]" or text[end:end + 3].lstrip()[:1] in ("(", "[")
    # after the head, or after a purpose the head opens ("Initiative to Reduce Stunting in Papua New Guinea")
    before_place = name[:m.start()] if m else ""
    after_head = bool(m) and (before_place.split()[-1] in lex.heads or lex.purpose.search(before_place) is not None)
    if m and after_head and not defined \
            and all(w in lex.places or w in ("Republic", "Kingdom", "State", "States") for w in m.group("place").split()
                    if w not in ("of", "the")):
        tail = name[m.start():]
        name = name[:m.start()]
        end -= len(tail) if end - start >= len(tail) else 0
    # "650,000 USD to the UNODC Country Programme": the currency of a figure before the name
    m = _CURRENCY_TO.match(name)
    if m and m.group(1) in lex.currency_codes:
        name = name[m.end():]
        start += m.end() if end - start > m.end() else 0
    m = _FINANCING_FOR.match(name)
    if m and name.split()[-1] in lex.heads:
        name = name[m.end():]
        start += m.end() if end - start > m.end() else 0
    # "a grant from the Government of Japan for the Project for X": a body before "for the <programme>"
    m = _BODY_FOR.match(name)
    rest = name[m.end():].split() if m else []
    if m and m.group("body").split()[0] in lex.org_words and (rest[0] in lex.heads or rest[-1] in lex.heads):
        name = name[m.end():]
        start += m.end() if end - start > m.end() else 0
    if name == c.name:
        return c
    return replace(c, name=name, start=start, end=end)


def rejection(c: Candidate, ctx: DocContext, lex: _Lex) -> str | None:
    """The first of :data:`REJECTIONS` that holds for a candidate, or None."""
    words = c.name.split()
    if not words:
        return None
    if c.end > c.start and not c.acronym:
        span = ctx.doc.char_span(c.start, c.end, alignment_mode="expand") if ctx.doc is not None else None
        if span is not None and any(t.tag_ in _FINITE and t.text[:1].isupper() for t in span):
            return "finite_verb"
    if _CURRENCY_SIGN.match(ctx.text, c.end) or (words[0] in lex.currency_codes and not c.acronym
                                                  and all(_FIGURE.fullmatch(w) for w in words[1:])):
        return "currency_prefix"
    if c.name[-2:] in ("'s", "’s"):
        return "possessive"
    while len(words) > 1 and (words[0].lower() in stop_words() or words[0].lower() in lex.numbers):
        words = words[1:]   # "Two INTERPOL Project meetings": a count or a determiner opens no name
    last = words[-1]
    if len(words) == 1 and last.lower() in _HEAD_WORDS:
        return "generic"
    if words[0].lower() in lex.magnitudes:
        return "amount_words"
    if len(words) == 2 and last.lower() in _HEAD_WORDS and acr.DESCRIPTIVE_COMPOUND.fullmatch(words[0]):
        return "generic"
    if len(words) <= 3 and words[0].lower() == "phase" and last.lower() in _HEAD_WORDS:
        return "phase_and_head"
    if len(words) <= 3 and words[0].lower() in _HEAD_WORDS and words[1].lower() in lex.phase_nouns:
        return "phase_and_head"   # "Programme Phase 2" of "the Green Valley Programme Phase 2"
    if len(words) == 2 and last.lower() in _HEAD_WORDS and words[0] in lex.orgs and not c.acronym:
        return "owner_and_head"
    for org in lex.programme_orgs:
        if c.name == org or c.name.startswith(org + " "):
            return "organisation"
    if _body_of(c.name.split(), lex):
        return "organisation"
    before = _BODY_BEFORE.search(ctx.text, max(0, c.start - 40), c.start) if c.end > c.start else None
    if before and before.group(1) in lex.org_heads and not c.acronym:
        return "organisation"   # "United Nations Office for Project Services": the end of a body's name
    if lex.event_of.search(c.name):
        return "event"
    if _THROUGH_ITS.search(ctx.text, max(0, c.start - 20), c.start) and not c.acronym \
            and last in lex.instrument_heads:
        return "channel"
    return None


def _valid_name(name: str, lex: _Lex, called: bool = False) -> bool:
    """Whether ``name`` can name a programme; ``called``: the text calls it a programme or a project right
    there (a quoted title after or before the noun), so a body's head word at its end does not rule it out
    ('programme "Equal Voices in Local Governance"')."""
    words = name.split()
    if not words or not name[:1].isalnum():
        return False
    if len(words) == 1 and words[0] in lex.heads:
        return False
    if words[0] in lex.months:
        return False
    if len(words) == 2 and words[1] in lex.heads and (words[0] in lex.weak or words[0] in lex.months):
        return False
    if not called and (words[-1] in lex.org_heads or _office_of_programme(words, lex)):
        return False
    return True


_BEFORE_PROJECT_NOUN = re.compile(r"(?<![\w&+/.-])([\w&+/.-]++)(?:\s+\[[^\]\n]{0,200}\])?\s+(?:project|programme|initiative)\b", re.IGNORECASE)


def _verb_after(ctx: DocContext, pos: int) -> bool:
    """Whether the word after ``pos`` is a finite verb or a modal (the tagger's reading): a noun phrase
    before it is a clause's subject, not an apposition."""
    m = _NEXT_WORD.match(ctx.text, pos)
    if m is None or ctx.doc is None:
        return False
    span = ctx.doc.char_span(m.start(1), m.start(1) + 1, alignment_mode="expand")
    return span is not None and span[0].tag_ in _FINITE


_NEXT_WORD = re.compile(r"\s*(\S)")


def _from_definitions(ctx: DocContext, lex: _Lex, defs: list[acr.Definition],
                      forced: set[int] = frozenset()) -> list[Candidate]:
    text = ctx.text
    # acronyms written before "project" ("the SWEDD [...] project"): the words before each such noun, found once
    before_noun = {m.group(1) for m in _BEFORE_PROJECT_NOUN.finditer(text)}
    acronym_project = set()
    for d in defs:
        last = d.acronym.split()[-1] if d.acronym.split() else d.acronym
        if last in before_noun and re.search(
                rf"(?<![\w-]){re.escape(d.acronym)}(?:\s+\[[^\]\n]{{0,200}}\])?\s+(?:project|programme|initiative)\b",
                text, re.IGNORECASE):
            acronym_project.add(d.acronym)
    out = []
    for d in defs:
        after = text[d.end:d.end + 60]
        first = min(d.start, d.long_start)   # "project FINTRACE [Long Form]": the cue precedes the acronym
        before = text[max(0, first - 40):first]
        long_form = clean_name(d.long_form)
        # "SCoPe (Supporting ...), a project that ...": an apposition says what it is, whatever its last word
        called = re.match(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:project|programme|program|initiative)\b", after)
        if called and _verb_after(ctx, d.end + called.end()):
            called = None   # "Through the X (XO), the first project will help ...": the clause's subject
        cue = (_programme_like_long_form(long_form, lex)
               or re.match(r"\s*(?:[Pp]roject|[Pp]rogramme|[Pp]rogram|[Ii]nitiative|Facility)\b", after)
               or re.search(r"\b(?:project|programme|initiative)\s*[,:]?\s*$", before)
               or re.match(r"\s*,?\s*(?:is|was|will\s+be|has\s+been)\s+(?:(?:jointly|also)\s+)?(?:co-)?(?:funded|financed|implemented)\b", after)
               or _titled_action(long_form, lex)
               or re.search(header_line_regex(ctx.rules).pattern + r"\s*$", before)
               or re.match(r",\s+the\s+\w+\s+phase\s+of", after)
               or called
               or d.acronym in acronym_project
               or re.search(r"\bPhase\s+(?:[IVX]+|\d+)$", long_form)
               or id(d) in forced)
        if not cue:
            continue
        words = long_form.split()
        if words and words[-1] in lex.org_heads and id(d) not in forced and not called:
            continue
        if _LOWER_HEAD.search(long_form):
            aliases = {_LOWER_HEAD.sub("", long_form)}
        else:
            aliases = set()
        m = re.match(r"\s*(Initiative|Programme|Project|Facility)\b", after)
        if m:
            aliases.add(f"{long_form} {m.group(1)}")
        # "Phase III of the X Programme (XP)": the acronym names the programme, the phase is a mention of it
        ph = re.match(r"^Phase\s+(?:[IVX]+|\d+)\s+of\s+(?:the\s+)?(?=[A-Z])", long_form)
        if ph and len(long_form[ph.end():].split()) >= 2 and not re.search(r"\b(?:[IVX]+|\d+)$", d.acronym):
            inner = long_form[ph.end():]
            start = d.long_start + d.long_form.index(inner)
            c = Candidate(inner, start, d.end, ACRONYM_DEFINITION, acronym=d.acronym, defining=True)
            out.append(c)
            continue
        c = Candidate(long_form, d.start, d.end, ACRONYM_DEFINITION, acronym=d.acronym,
                      aliases=aliases, defining=True)
        _phase_from_forms(c)
        stem = c.parent
        if c.phase and stem and d.acronym.startswith(stem) and not re.search(r"\b(?:[IVX]+|\d+(?:\.\d+)?)$", long_form):
            # "the second phase of the X Programme (XP II)": the long form names the programme (XP);
            # the acronym with its numeral names the phase
            # (the phase first: a figure right before the definition is the phase's)
            out.append(Candidate(d.acronym, d.start, d.end, ACRONYM_DEFINITION, parent=stem, phase=c.phase, defining=True))
            c = Candidate(long_form, d.start, d.end, ACRONYM_DEFINITION, acronym=stem, aliases=aliases, defining=True)
        out.append(c)
    return out


def _phase_from_forms(c: Candidate) -> None:
    """``EU4MD II`` / ``EU4Monitoring Drugs II`` -> phase II of EU4MD."""
    for form in filter(None, [c.acronym, c.name]):
        m = re.match(r"^(?P<core>.+?)(?:\s+|\s*[-–]\s*)(?:Phase\s+)?(?P<phase>[IVX]+|\d+(?:\.\d+)?)$", form)
        if m and c.phase is None and not re.search(r"\d$", m.group("core")):
            c.phase = m.group("phase")
            c.parent = m.group("core").strip()


def _geographic(ctx: DocContext, start: int, end: int) -> bool:
    """Whether every capitalised word of text[start:end] is a place, nationality or the EU/UN."""
    places = [(e.start, e.end) for e in ctx.entities if e.label in ("GPE", "LOC", "NORP")]
    for m in re.finditer(r"[A-Z][\w]*", ctx.text[start:end]):
        s, e = start + m.start(), start + m.end()
        if m.group(0) in ("EU", "UN"):
            continue
        if not any(ps <= s and e <= pe for ps, pe in places):
            return False
    return True


@lru_cache(maxsize=8)
def _role_prefix_regex(roles: tuple[str, ...]) -> re.Pattern:
    alt = "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True))
    return re.compile(rf"^(?:[A-Z][\w-]*\s+){{0,2}}?(?:{alt})\s+(?:of|for)\s+(?:the\s+)?(?=[A-Z])")


_COORD = re.compile(r"(?:\s+and|,)\s+the\s+(?=\S)")


def trim_name(name: str, roles: tuple[str, ...] = (), heads: frozenset[str] = frozenset()) -> tuple[int, str, bool]:
    """The programme name inside a written candidate: (offset, name, was a person's title).

    Drops a person's role before it (``Head of the X Programme in Ghana`` -> ``X Programme``, the place being where
    the role is held), sentence openers (``Under the X Programme``) and the left conjunct of a coordination whose
    right conjunct carries the head noun (``Y Council and the X Programme`` -> ``X Programme``).

    >>> trim_name("Head of the Blue Coast Programme in Ruritania", ("Head",), frozenset({"Programme"}))
    (12, 'Blue Coast Programme', True)
    >>> trim_name("Under the Regional Sea Programme", (), frozenset({"Programme"}))
    (10, 'Regional Sea Programme', False)
    >>> trim_name("Harbour Council and the Blue Coast Initiative", (), frozenset({"Initiative"}))
    (24, 'Blue Coast Initiative', False)
    """
    off, role = 0, False
    m = _role_prefix_regex(tuple(roles)).match(name) if roles else None
    if m and len(name[m.end():].split()) >= 2:
        off, role = m.end(), True
        tail = re.search(r"\s+in\s+(?:the\s+)?[A-Z][^()]*$", name[off:])
        if tail and any(w in heads for w in name[off:off + tail.start()].split()):
            name = name[:off + tail.start()]
    m = re.match(r"^(?:%s)\s+(?:(?:the|a|an|its|their)\s+)?(?=[A-Z])" % "|".join(sorted(_OPENERS)), name[off:])
    if m and len(name[off + m.end():].split()) >= 2:
        off += m.end()
    for m in reversed(list(_COORD.finditer(name, off))):
        right = name[m.end():]
        if any(w in heads for w in right.split()) and len(right.split()) >= 2:
            off = m.end()
            break
    return off, name[off:], role


def _site_header(text: str, name: str, start: int, lex: _Lex) -> bool:
    """A web site's banner (``European Union External Action`` on a line of its own): an organisation's name and
    at most two more words filling a whole line, never written again in the text."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls:le if le >= 0 else len(text)].strip()
    if line != name or text.count(name) != 1:
        return False
    owner = [o for o in lex.orgs if name.startswith(o + " ")]
    return bool(owner) and len(name[len(max(owner, key=len)):].split()) <= 2


def _phase_dash(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """``X - Phase III``: the phase, and its parent as a programme too."""
    out: list[Candidate] = []
    g = m.groupdict()
    parent = clean_name(re.sub(r"\s*\([^()]*\)$", "", g["parent"]))
    paren = re.search(r"\(([^()]*)\)$", g["parent"])
    # "X Programme, Phase II": after a comma, the parent must end in a programme head or be an acronym no
    # body goes by ("Council of Europe, Phase II" names no phase)
    if ctx.text[m.end("parent"):m.start("phase")].lstrip().startswith(",") and parent.split()[-1:] \
            and parent.split()[-1] not in lex.heads and (not acr.looks_like_acronym(parent) or parent in lex.orgs):
        return out
    name = clean_name(m.group(0))
    c = Candidate(name, m.start() + m.group(0).index(name), m.end(), rule.id,
                  parent=paren.group(1) if paren else parent, phase=g["phase"])
    if paren:
        c.aliases.add(f"{paren.group(1)} – Phase {g['phase']}")
    out.append(c)
    out.append(Candidate(parent, m.start("parent"), m.start("parent") + len(parent), rule.id + ".parent",
                         acronym=paren.group(1) if paren else None))
    return out


def _phase_of(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """``Phase II of X``."""
    out: list[Candidate] = []
    text = ctx.text
    g = m.groupdict()
    # "Phase III of East African border control project": the capitals modify a generic description
    if re.match(r"(?:[ \t]+[a-z][\w-]*){1,4}[ \t]+(?:project|programme|program|initiative)\b", text[m.end():]):
        return out
    parent = clean_name(g["parent"])
    out.append(Candidate(m.group(0), m.start(), m.end(), rule.id, parent=parent, phase=g["phase"]))
    return out


def _phase_apposition(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """``X, the second phase of Y``."""
    out: list[Candidate] = []
    g = m.groupdict()
    name = clean_name(g["name"])
    if not _valid_name(name, lex) and not acr.looks_like_acronym(name):
        return out
    start = m.start("name") + g["name"].index(name)
    parent = clean_name(g["parent"])
    parent = parent if parent[:1].isupper() else None
    c = Candidate(name, start, start + len(name), rule.id, phase=phase_number(g["ord"], ctx.rules), parent=parent)
    if parent is None:
        _phase_from_forms(c)
        c.phase = phase_number(g["ord"], ctx.rules) or c.phase
        if c.parent is None:
            c.parent = "@anaphor"
    out.append(c)
    return out


def _quoted(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """a quoted title after a cue word: ``the project 'Safer Borders for All'``."""
    out: list[Candidate] = []
    g = m.groupdict()
    name = g["name"].strip(" ,.;:")
    # "'Urban Partnerships for Poverty Reduction (UPPR)'": the acronym the title defines inside its quotes
    inner = _TITLE_ACRONYM.fullmatch(name)
    acronym = None
    if inner and acr.looks_like_acronym(inner.group("acr")) and acr.match_acronym(inner.group("acr"), inner.group("long")):
        name, acronym = inner.group("long"), inner.group("acr")
    if _valid_name(name, lex, called=True) and len(name.split()) >= 2:
        out.append(Candidate(name, m.start("name"), m.start("name") + len(name), rule.id, acronym=acronym,
                             defining=True))
    return out


_TITLE_ACRONYM = re.compile(r"(?P<long>[^()]+?)\s*\((?P<acr>[^()\s]{2,15})\)")


def _named(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """a name with a programme head noun: at its end (``... Programme``), first (``Project Stadia``), in lower case (``the SWEDD project``), in apposition, called a project, or after a cue with its acronym."""
    out: list[Candidate] = []
    text = ctx.text
    g = m.groupdict()
    kind = rule.attrs["type"]
    raw = g["name"]
    if kind == "head_final" and g.get("tail"):
        words = g["tail"].split()
        # "Programme to Support X" names a purpose; "Programme to Ukraine", "to UNICEF" name a recipient
        if any(w in lex.months or w[:1].isdigit() for w in words) \
                or words[0] == "to" and (words[1] in lex.places or words[1] in lex.orgs or words[1].isupper()):
            raw = raw[: raw.index(g["tail"])]
    off, raw2, role = trim_name(raw, lex.roles, frozenset(lex.heads))
    if off or raw2 != raw:
        if role and any(clean_name(raw2).startswith(p + " ") for p in lex.org_prefixes):
            return out   # "Resident Representative of the United Nations Development Programme": a body
        raw = raw2
    possessive = _possessive_in_name(raw, m.start("name") + off, ctx, lex)
    name = clean_name(raw, possessive)
    if not name:
        return out
    start = m.start("name") + off + raw.index(name)
    # "Project Management Consultancy", "Project Cycle Management": a compound noun, not a name
    if kind == "head_first" and (g["x"].split()[0] in lex.non_names or re.fullmatch(r"[IVX]+|\d+", g["x"])):
        return out
    if kind == "lower_head":
        if len(name.split()) < 2 and not re.search(r"\w-\w", name):
            return out
        # "the Council of Europe project \"...\"": the owner and a generic noun before the real name
        if re.match(r"[ \t]*(?:[\"“]|(?:entitled|titled|called|named)\b)", text[m.end():]):
            return out
        if _all_organisations(name, lex):
            return out
        full = name + " " + g["head"]
        c = Candidate(full, start, m.end(), rule.id, aliases={name})
    elif kind == "cue_named":
        c = Candidate(name, start, m.end(), rule.id, acronym=g["acronym"].strip(), defining=True)
        _phase_from_forms(c)
    else:
        c = Candidate(name, start, start + len(name), rule.id)
        bare = name.rsplit(" ", 1)[0] if kind == "head_final" else name.split(" ", 1)[-1]
        if kind == "head_first" or (bare != name and acr.looks_like_acronym(bare)):
            c.aliases.add(bare)
        if kind == "head_final" and g.get("phase"):
            # "X Scheme II", "X Scheme Phase-II": the parent ends at the head noun
            parent = name[: -len(g["phase"])].rstrip(" \t-")
            words = parent.split()
            if len(words) > 1 and words[-1].lower() in lex.phase_nouns:
                parent = parent[: -len(words[-1])].rstrip()
            c.phase, c.parent = g["phase"], parent
    c.possessive = possessive
    if kind == "head_final" and _site_header(text, name, start, lex):
        return out
    if kind == "apposition":
        # "because of COVID-19, the programme equipped ...": the noun is a clause's subject, no apposition
        # (told by the tag of the word after the noun: a finite verb, not a participle before "by")
        span = ctx.doc.char_span(m.start("head"), m.end("head"), alignment_mode="expand")
        head = span[0] if span is not None and span[0].idx == m.start("head") else None
        nxt = head.nbor(1) if head is not None and head.i + 1 < len(ctx.doc) else None
        if nxt is not None and (nxt.tag_ in ("VBZ", "VBP", "MD") or (
                nxt.tag_ == "VBD" and not (nxt.i + 1 < len(ctx.doc) and nxt.nbor(1).lower_ == "by"))):
            return out
        # "under Safe Routes: Preventing ..., a programme": a title with its subtitle is one name
        pre = re.search(r"(?<=[a-z][ \t])((?:[A-Z][\w'’-]*[ \t]+){0,3}[A-Z][\w'’-]*):[ \t]+$",
                        text[max(0, start - 60):start])
        if pre and not any(w in lex.heads for w in pre.group(1).split()):
            pstart = start - len(pre.group(0))
            c = Candidate(text[pstart:c.end], pstart, c.end, rule.id, aliases={pre.group(1)})
            name = c.name
    if kind in ("apposition",) and len(name.split()) == 1 and not acr.looks_like_acronym(name):
        return out
    if kind in ("apposition", "lower_head") and (name.split()[0] in _OPENERS
                                                 or any(w.isdigit() for w in name.split())
                                                 or _geographic(ctx, start, start + len(name))):
        return out
    if not _valid_name(c.name.split(" (")[0], lex):
        return out
    out.append(c)
    return out


_INNER_POSSESSIVE = re.compile(r"([\w-]+)['’]s?\s+(?=[A-Z])")


def _possessive_in_name(raw: str, start: int, ctx: DocContext, lex: _Lex) -> bool:
    """``Rural Women's Empowerment Programme``: a possessive the model reads as inside one organisation-like
    name (its entity runs on past the possessive) and whose possessor is no known body or acronym, belongs to
    the name; ``the EU's Green Deal Programme`` names its owner."""
    m = _INNER_POSSESSIVE.search(raw)
    if m is None or ctx.doc is None or m.group(1).isupper() or m.group(1) in lex.orgs:
        return False
    span = ctx.doc.char_span(start + m.end(1), start + m.end(), alignment_mode="expand")
    if span is None:
        return False
    after = span[-1].i + 1
    return span[0].ent_iob_ == "I" and after < len(ctx.doc) and ctx.doc[after].ent_iob_ == "I"


def _head_for(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """``The Project for Strengthening X ..., Phase III``: a title that starts with its head noun."""
    out: list[Candidate] = []
    text = ctx.text
    g = m.groupdict()
    # "The Project for Strengthening X at Y in Z, Phase III": a title that starts with its head noun
    name, start = g["name"], m.start("name")
    prev = re.search(r"([A-Za-z][\w'’-]*)[ \t]+$", text[max(0, start - 40):start])
    # "... Capacity Building Programme on ...": a longer name ending in the head, not a title starting with it
    if len(name.split()) < 4 or (prev and prev.group(1)[:1].isupper() and prev.group(1) not in ("The", "A", "An")):
        return out
    if g.get("phase"):
        out.append(Candidate(text[start:m.end()], start, m.end(), rule.id, parent=name, phase=g["phase"],
                             aliases={f"Phase {g['phase']}"}))
        out.append(Candidate(name, start, start + len(name), rule.id + ".parent"))
    else:
        out.append(Candidate(name, start, start + len(name), rule.id))
    return out


def _listed(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """bare acronyms listed as projects: ``other projects include X (ACR), ... and CRIMJUST``."""
    out: list[Candidate] = []
    g = m.groupdict()
    # "Other projects of the programme include X (ACR), ... and CRIMJUST, which ...": bare acronyms
    # listed as projects are projects
    base = m.start("list")
    for item in re.finditer(r"(?:^|,[ \t]+|[ \t]+and[ \t]+)(?:the[ \t]+)?(?P<a>[A-Z][A-Z0-9+-]{2,})"
                            r"(?=[ \t]*(?:,|$)|[ \t]+(?:and|which|that|project|programme|initiative)\b)",
                            g["list"]):
        a = item.group("a")
        if a in lex.orgs or not acr.looks_like_acronym(a):
            continue
        out.append(Candidate(a, base + item.start("a"), base + item.end("a"), rule.id))
    return out


def _fact_box_header(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """a fact-box line: ``Project: Long Name (ACR) – Phase 2``."""
    out: list[Candidate] = []
    g = m.groupdict()
    value = g["name"]
    inner = re.match(r"^(?P<long>[^()]+?)\s*\((?P<acr>[^()]+)\)\s*(?:[-–]\s*Phase\s+(?P<phase>\S+))?$", value)
    if inner:
        long_form, a = inner.group("long"), inner.group("acr")
        if not clean_name(long_form):
            return out   # "Project:\u00a0(ABC)", "Project: , (ABC)": no long form before the bracket
        start = m.start("name")
        out.append(Candidate(long_form, start, start + len(long_form), rule.id, acronym=a))
    else:
        name = clean_name(value)
        if not name:
            return out   # "Project: " with only a space, NBSP or quote after the label: no name
        start = m.start("name") + value.index(name)
        out.append(Candidate(name, start, start + len(name), rule.id))
    return out


def _ordinal_phase_of(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """``the first phase of X``: a mention of a phase of a known programme, never a programme of its own
    (the extractor adds it to the group of that phase, when there is one)."""
    # the parent is the run of capitalised words after "of" ("the first phase of EU IBM Lebanon in ...")
    run = _CAPITALISED_RUN.match(m.group("parent"))
    if run is None:
        return []
    end = m.start("parent") + run.end()
    return [Candidate(ctx.text[m.start():end], m.start(), end, rule.id, parent=run.group(0),
                      phase=phase_number(m.group("ord"), ctx.rules))]


_TITLE_JOINERS = frozenset(("a", "an", "the", "of", "for", "and", "to", "in", "on", "with", "against", "through", "at", "by"))


def _title_line(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """a line that is a whole action title (``Strengthening Human Rights Safeguards in Prisons in X``): every
    word capitalised or a joiner, no organisation head at its end, and the release calls something a project."""
    name = m.group("name").rstrip()
    words = name.split()
    if not 4 <= len(words) <= 25 or words[-1] in lex.org_heads:
        return []
    if any(not (w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_JOINERS) for w in words):
        return []
    if lex.calls_project is None:
        heads = "|".join(map(re.escape, ctx.rules.lexicon("programme_anaphor_heads")))
        lex.calls_project = re.search(rf"\b(?:the|this|its)[ \t]+(?:new[ \t]+)?(?:{heads})\b", ctx.text,
                                      re.IGNORECASE) is not None
    if not lex.calls_project:
        return []
    return [Candidate(name, m.start("name"), m.start("name") + len(name), rule.id, defining=True)]


def _coined(m: re.Match, rule, ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """a coined name with no head noun: ``EU4Business``."""
    return [Candidate(m.group("name"), m.start("name"), m.end("name"), rule.id)]


_CAPITALISED_RUN = re.compile(r"[A-Z][\w+-]*(?:[ \t]+[A-Z][\w+-]*)*")


#: rule ``type`` (models/patterns/programmes.jsonl) -> the recognizer that reads a match of it
RECOGNIZERS = {
    "phase_dash": _phase_dash,
    "phase_of": _phase_of,
    "ordinal_phase_of": _ordinal_phase_of,
    "phase_apposition": _phase_apposition,
    "quoted": _quoted,
    **dict.fromkeys(("head_final", "lower_head", "apposition", "called_project", "cue_named", "head_first"), _named),
    "head_for": _head_for,
    "listed": _listed,
    "fact_box_header": _fact_box_header,
    "coined": _coined,
    "title_line": _title_line,
}


def _rule_candidates(ctx: DocContext, lex: _Lex) -> list[Candidate]:
    """The candidates of the data rules, each match read by the recognizer of its rule's type."""
    out: list[Candidate] = []
    for rule in ctx.rules.kind("programmes"):
        read = RECOGNIZERS[rule.attrs["type"]]
        for m in ctx.rule_hits(rule):
            for c in read(m, rule, ctx, lex):
                c.type = rule.attrs["type"]
                out.append(c)
    return out


def _merge(cands: list[Candidate]) -> list[Group]:
    groups: list[Group] = []
    for c in sorted(cands, key=lambda c: (not c.defining, c.start)):
        forms = c.forms()
        hits = [g for g in groups if g.forms & forms]
        if not hits:
            groups.append(Group([c], set(forms)))
            continue
        keep = hits[0]
        keep.candidates.append(c)
        keep.forms |= forms
        for other in hits[1:]:
            keep.candidates += other.candidates
            keep.forms |= other.forms
            groups.remove(other)
    return groups


def _acronym_pairs(cands: list[Candidate], lex: _Lex) -> list[Candidate]:
    """``the Long Name project`` ... ``the ACR project`` with no bracketed definition: when the acronym's letters
    spell the long name, both are one programme named by the long name."""
    known = {c.acronym for c in cands if c.acronym}
    lower = [c for c in cands if c.type == "lower_head"]
    out = []
    for a in lower:
        short = _LOWER_HEAD.sub("", clean_name(a.name))
        if " " in short or not acr.looks_like_acronym(short) or short in known or short in lex.orgs \
                or not short[-1:].isalpha():   # "ACR+ project", "ACR2 project": a phase, not the programme
            continue
        for b in lower:
            long_form = _LOWER_HEAD.sub("", clean_name(b.name))
            if b is a or len(long_form.split()) < 3:
                continue
            if acr.match_acronym(short, long_form) or acr.match_acronym(short.replace("-", ""), long_form):
                out.append(Candidate(long_form, b.start, b.start + len(long_form), ACRONYM_PAIR,
                                     acronym=short, aliases={b.name, a.name}, defining=True))
                known.add(short)
                break
    return out


_CAPITALS_WORD = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{2,9}(?!\w)")


def _implicit_acronyms(cands: list[Candidate], text: str, lex: _Lex) -> list[Candidate]:
    """``RISE I was launched ...`` in a release that names the Rangeland Investment for Sustainable Economies
    programme: a word in capitals that spells the initials of a programme's capitalised words, in order (with
    or without its head noun), is that programme's acronym, though no bracket defines it."""
    known = {c.acronym for c in cands if c.acronym}
    by_initials: dict[str, tuple[Candidate, str]] = {}
    for c in cands:
        if c.acronym or c.phase:
            continue
        name = _LOWER_HEAD.sub("", clean_name(c.name))
        words = [w for w in re.split(r"[\s/]+", name) if w[:1].isupper()]
        if len(words) < 3:
            continue
        by_initials.setdefault("".join(w[0] for w in words), (c, name))
        if words[-1] in lex.heads and len(words) > 3:
            by_initials.setdefault("".join(w[0] for w in words[:-1]), (c, name))
    out = []
    if not by_initials:
        return out
    for m in _CAPITALS_WORD.finditer(text):
        word = m.group(0)
        if word in known or word in lex.orgs or word not in by_initials:
            continue
        c, name = by_initials[word]
        out.append(Candidate(name, c.start, c.start + len(name), ACRONYM_PAIR, acronym=word, aliases={c.name},
                             defining=True))
        known.add(word)
    return out


def _merge_suffixes(groups: list[Group]) -> list[Group]:
    """A name written once without its first word (``Proceeds of Crime Programme`` for ``Pacific Proceeds of Crime
    Programme``) is the same programme, when nothing else defines it."""
    out = list(groups)
    # a form that ends with a name of three or more words ends with the same last three words: the
    # groups that can take a name, by the last three words of their forms (only groups with a defining
    # mention take names, and a group that gives its names away has none)
    order = {id(h): i for i, h in enumerate(groups)}
    takers: dict[tuple[str, ...], list[Group]] = {}

    def index(h: Group, forms) -> None:
        for f in forms:
            words = f.split()
            if len(words) >= 4:
                takers.setdefault(tuple(words[-3:]), []).append(h)

    for h in groups:
        if any(c.defining for c in h.candidates):
            index(h, h.forms)
    for g in groups:
        if any(c.defining or c.acronym or c.phase for c in g.candidates):
            continue
        names = {norm(c.name) for c in g.candidates}
        near = {id(h): h for n in names if len(n.split()) >= 3 for h in takers.get(tuple(n.split()[-3:]), ())}
        for h in sorted(near.values(), key=lambda h: order[id(h)]):
            if h is g:
                continue
            hits = [f for f in h.forms for n in names if len(n.split()) >= 3 and f.endswith(" " + n)
                    and len(f.split()) == len(n.split()) + 1]
            if hits and any(c.defining for c in h.candidates):
                h.candidates += g.candidates
                index(h, g.forms - h.forms)
                h.forms |= g.forms
                out.remove(g)
                break
    return out


def _merge_parents(groups: list[Group]) -> list[Group]:
    """The different parents one phase names (``BOMCA``, ``Border Management in Central Asia``) are one."""
    changed = True
    while changed:
        changed = False
        for g in groups:
            parents = {norm(c.parent) for c in g.candidates if c.parent and c.phase}
            hits = [o for o in groups if o is not g and o.forms & parents]
            if len(hits) > 1:
                keep = hits[0]
                for other in hits[1:]:
                    keep.candidates += other.candidates
                    keep.forms |= other.forms
                    groups.remove(other)
                changed = True
                break
    return groups


def _merge_same_phase(groups: list[Group], rules: Rules) -> list[Group]:
    """Two groups naming the same phase of the same parent are one programme (``X Project, the second phase of
    the Y Program (YP)`` and ``YP 2``); a bare acronym-like form of the merged group becomes its acronym."""
    out: list[Group] = []
    seen: dict[tuple[str, str], Group] = {}
    owner = {f: id(g) for g in groups for f in g.forms}
    for g in groups:
        parent, phase = _group_phase(g)
        key = (owner.get(norm(parent), norm(parent)), phase_number(phase, rules)) if parent and phase else None
        if key and key in seen:
            keep = seen[key]
            keep.candidates += g.candidates
            keep.forms |= g.forms
            if _group_acronym(keep) is None:
                short = [c for c in keep.candidates if c.type == "known_phase"
                         and acr.looks_like_acronym(c.name) and " " in c.name and c.name == keep.candidates[-1].name]
                for c in short:
                    c.acronym = c.name
            continue
        if key:
            seen[key] = g
        out.append(g)
    return out


def _initials(name: str) -> str:
    """``United Nations Development Programme`` -> ``UNDP``."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


_BY_AGENT = re.compile(r"\b(?:implemented|led|run|managed|executed|delivered)\s+by\s+(?:the\s+)?")
_SAID = re.compile(r"\bsaid\s+(?:the\s+)?")
_SAID_AFTER = re.compile(r"\s+said\b")


class _TitledForms:
    """The text right before each organisation-only title and right after each copyright sign of a
    document, found once and kept by length, so that asking whether a name stands there costs a set
    look-up (not a copy of the text before every title for every group)."""

    def __init__(self, text: str, titles: tuple[str, ...], modifiers: tuple[str, ...] = ()):
        title_re, copy_re = _org_title_regexes(titles, modifiers)
        self.text = text
        self.title_starts = [m.start() for m in title_re.finditer(text)] if titles else []
        self.copy_ends = [m.end() for m in copy_re.finditer(text)] if titles else []
        self.by_starts = [m.end() for m in _BY_AGENT.finditer(text)]
        self.said_starts = [m.end() for m in _SAID.finditer(text)]
        self.said_ends = [m.start() for m in _SAID_AFTER.finditer(text)]
        self._before: dict[int, set[str]] = {}
        self._after: dict[int, set[str]] = {}

    def before_title(self, form: str) -> bool:
        """``form`` ends right before a title, after no word character or hyphen."""
        n, text = len(form), self.text
        if n not in self._before:
            found = set()
            for s in self.title_starts:
                if s < n:
                    continue
                ch = text[s - n - 1] if n and s - n - 1 >= 0 else ""
                if not re.match(r"[\w-]", ch or " "):
                    found.add(text[s - n:s])
            self._before[n] = found
        return form in self._before[n]

    def agent(self, form: str) -> bool:
        """``form`` acts as a body: ``implemented by (the) form``, ``said (the) form.``, ``form said``."""
        text, n = self.text, len(form)
        return (any(text.startswith(form, s) and not re.match(r"[\w-]", text[s + n:s + n + 1]) for s in self.by_starts)
                or any(text.startswith(form, s) and re.match(r"\s*[.,;]", text[s + n:s + n + 3]) for s in self.said_starts)
                or any(e >= n and text.startswith(form, e - n) and not re.match(r"[\w-]", text[e - n - 1:e - n])
                       for e in self.said_ends))

    def after_copyright(self, form: str) -> bool:
        """``form`` starts right after a copyright sign, before no word character or hyphen."""
        n, text = len(form), self.text
        if n not in self._after:
            found = set()
            for e in self.copy_ends:
                if e + n > len(text):
                    continue
                ch = text[e + n:e + n + 1]
                if not re.match(r"[\w-]", ch or " "):
                    found.add(text[e:e + n])
            self._after[n] = found
        return form in self._after[n]


def _acts_as_organisation(ctx: DocContext, g: Group, titled: _TitledForms | None = None) -> bool:
    """A name ending in ``Programme`` that the text treats as a body: it (or its initials) carries a title only an
    organisation has (``UNDP Resident Representative``), follows a copyright sign, or acts as one
    (``implemented by the World Food Programme``, ``said WFP``)."""
    prefixes = ctx.rules.lexicons.get("organisation_programme_prefixes", [])
    for c in g.candidates:
        if c.type == "acronym_definition" and any(
                c.name.startswith(p + " ") and c.name.split()[-1] in ("Programme", "Program", "Fund")
                for p in prefixes):
            return True
    forms = {c.name for c in g.candidates} | {c.acronym for c in g.candidates if c.acronym}
    titled = titled or _titled_forms(ctx)
    # an agent: "implemented by the World Food Programme", "said WFP"
    if any(titled.agent(form) for form in forms):
        return True
    forms |= {_initials(f) for f in list(forms) if len(_initials(f)) >= 3}
    return any(titled.before_title(form) or titled.after_copyright(form) for form in forms)


@lru_cache(maxsize=8)
def _org_title_regexes(titles: tuple[str, ...], modifiers: tuple[str, ...] = ()) -> tuple[re.Pattern, re.Pattern]:
    """Organisation-only titles after a space, with title modifiers before them (``... Resident Representative``,
    ``... Regional Representative``), and a copyright sign, compiled once."""
    alt = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in sorted(modifiers, key=len, reverse=True))
    lead = rf"(?:(?:{mods})[ \t]+){{0,3}}" if mods else ""
    return re.compile(rf"[ \t]+{lead}(?:{alt})\b"), re.compile(r"©[ \t]*(?:\d{4}[ \t]+)?")


def _titled_forms(ctx: DocContext) -> "_TitledForms":
    lex = ctx.rules.lexicons
    return _TitledForms(ctx.text, tuple(lex.get("organisation_only_titles", [])), tuple(lex.get("title_modifiers", [])))


_KIND = re.compile(r"\b(project|programme|program|initiative)\b[\s,:\"“]*$", re.IGNORECASE)


def _group_kind(text: str, g: Group) -> str | None:
    """What the text calls the programme: the head noun of its name or the generic noun introducing it
    (``the project "..."``, ``The project, X (ACR), ...``) -- ``project``, ``programme``, ``initiative`` or None."""
    for c in sorted(g.candidates, key=lambda c: c.start):
        last = clean_name(c.name).split()[-1].lower() if clean_name(c.name) else ""
        if last in ("project", "programme", "program", "initiative"):
            return "programme" if last == "program" else last
        m = _KIND.search(text[max(0, c.start - 30):c.start])
        if m:
            return "programme" if m.group(1).lower() == "program" else m.group(1).lower()
    return None


def _group_acronym(g: Group) -> str | None:
    for c in sorted(g.candidates, key=lambda c: (not c.defining, c.start)):
        if c.acronym:
            return c.acronym
    return None


def _group_phase(g: Group, known: frozenset[str] | dict = frozenset()) -> tuple[str | None, str | None]:
    """(parent, phase) of a group: from its defining candidates first; a parent that names another group
    (``known``: normalised forms) before one that names none (``X – Phase 3 (XP 3)``: ``X``, not ``XP``)."""
    phased = [c for c in sorted(g.candidates, key=lambda c: (not c.defining, c.start)) if c.phase]
    for c in phased:
        if c.parent and norm(c.parent) in known and norm(c.parent) not in g.forms:
            return c.parent, c.phase
    return (phased[0].parent, phased[0].phase) if phased else (None, None)


def _find_forms(text: str, groups: list[Group]) -> None:
    """Every written occurrence of every group's forms (longest first, no overlaps).

    Linear in the text: one pass finds where any form's first word is written, each
    form is tried only there, and spans already taken are kept sorted (a bisection
    tells whether a new one overlaps them).
    """
    taken = _Spans()
    written: list[tuple[str, Group]] = []
    for g in groups:
        seen = set()
        for c in g.candidates:
            for form in [c.name, c.acronym, *c.aliases]:
                if form and form not in seen and len(form) > 1:
                    seen.add(form)
                    written.append((form, g))
    written.sort(key=lambda x: -len(x[0]))
    pieces = {form: re.split(r"\s+", form) for form, _ in written}
    starts = _word_starts(text, {p[0] for p in pieces.values() if p[0]})
    for form, g in written:
        pattern = _form_regex(form)
        first = pieces[form][0]
        if not first:   # a form opening with white space: no first word to look for
            found = list(pattern.finditer(text))
        else:
            found, pos = [], 0
            for i in starts.get(first, ()):
                if i >= pos and (m := pattern.match(text, i)):
                    found.append(m)
                    pos = m.end()
        for m in found:
            if not taken.overlaps(m.start(), m.end()):
                taken.add(m.start(), m.end())
                g.mentions.append((m.start(), m.end()))
    for g in groups:
        for c in g.candidates:
            # (every mention of the group is taken, so a candidate clear of the taken spans is clear of them too)
            if not taken.overlaps(c.start, c.end):
                g.mentions.append((c.start, c.end))
                taken.add(c.start, c.end)
        g.mentions.sort()


@lru_cache(maxsize=4096)
def _form_regex(form: str) -> re.Pattern:
    """A written form with any white space (or none) between its words, as a whole name."""
    return re.compile(r"(?<![\w-])" + r"\s*".join(re.escape(p) for p in re.split(r"\s+", form))
                      + r"(?![\w+]|\s+(?:[IVX]+|\d+)\b)")


_WORD_START = re.compile(r"(?<![\w-])\S")


def _word_starts(text: str, words: set[str]) -> dict[str, list[int]]:
    """Where each of ``words`` is written in ``text`` after no word character or hyphen, in order:
    one pass over the text along a trie of the words.

    >>> _word_starts("EU and EUROMED, (EU)", {"EU", "EUROMED", "(EU)"})
    {'EU': [0, 7, 17], 'EUROMED': [7], '(EU)': [16]}
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = w   # no character is the empty string: the key marks a word's end
    out: dict[str, list[int]] = {}
    n = len(text)
    for m in _WORD_START.finditer(text):
        i = j = m.start()
        node = trie
        while j < n and (node := node.get(text[j])) is not None:
            j += 1
            if "" in node:
                out.setdefault(node[""], []).append(i)
    return out


class _Spans:
    """Spans taken in a text, kept sorted: whether a new span overlaps one of them, in log time.

    ``(s, e)`` overlaps ``(a, b)`` when ``s < b and a < e``. Non-empty spans never overlap each
    other here (a span is added only when it overlaps none), so the one starting last before
    a new span's end is the only one that can overlap it. An empty span ``(p, p)`` overlaps the
    spans strictly around ``p`` and is kept apart, and so is a reversed one (end before start).
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.points: list[int] = []
        self.reversed: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, min(end, start) if end < start else max(end, start + 1)) - 1
        if i >= 0 and self.ends[i] > start and (end != start or self.starts[i] < start):
            return True
        if end <= start:   # an empty or reversed span overlaps no empty or reversed one
            return False
        j = bisect.bisect_right(self.points, start)
        return (j < len(self.points) and self.points[j] < end) or any(start < b and a < end for a, b in self.reversed)

    def add(self, start: int, end: int) -> None:
        if end > start:
            i = bisect.bisect_left(self.starts, start)
            self.starts.insert(i, start)
            self.ends.insert(i, end)
        elif end == start:
            bisect.insort(self.points, start)
        else:
            self.reversed.append((start, end))


class _SpanIndex:
    """Spans, sorted once, to ask in logarithmic time whether one contains, overlaps or holds a given span."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end = list(itertools.accumulate((e for _, e in spans), max))    # furthest end so far
        self.min_end = list(itertools.accumulate((e for _, e in reversed(spans)), min))[::-1]   # nearest end from here

    def contains(self, start: int, end: int) -> bool:
        """Some other span holds ``[start, end)``: ``s <= start``, ``end <= e``, ``(s, e) != (start, end)``."""
        i = bisect.bisect_right(self.starts, start)
        if not i or self.max_end[i - 1] < end:
            return False
        if self.max_end[i - 1] > end:
            return True
        j = bisect.bisect_left(self.starts, start)   # a span ending at ``end`` must start before ``start``
        return j > 0 and self.max_end[j - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Some span has ``s < end`` and ``start < e``."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start

    def inside(self, start: int, end: int) -> bool:
        """Some span lies within ``[start, end]``: ``start <= s`` and ``e <= end``."""
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.min_end[i] <= end


#: Where a phase may follow a name: spaces, then a Roman numeral or a digit; a bracketed "(Phase 2)"; a hyphen
#: and a Roman numeral ("RISE-III").
_BEFORE_PHASE = re.compile(r"(?=[ \t\u00a0]+(?:[Pp]hase[ \t\u00a0-]+)?[IVX\d]|[ \t\u00a0]*\([ \t]*[Pp]hase[ \t\u00a0-]|-[IVX])")


def _forms_ending_at(text: str, forms: set[str], sites) -> dict[str, list[int]]:
    """For each of ``forms``, the starts of its occurrences that end at one of ``sites`` (in order):
    one look-up per site and form length, not one pass over the text per form."""
    lengths = sorted({len(f) for f in forms if f})
    out: dict[str, list[int]] = {}
    for w in sites:
        for n in lengths:
            if n > w:
                break
            if text[w - n:w] in forms:
                out.setdefault(text[w - n:w], []).append(w - n)
    return out


def _phase_stems(c: Candidate, lex: _Lex) -> set[str | None]:
    """The forms a phase numeral can follow for a programme: its name, its acronym, and the
    upper-case code a head-first name carries (``Project TIGRIS`` -> ``TIGRIS Phase II``)."""
    forms = {c.name, c.acronym}
    first, _, rest = c.name.partition(" ")
    if first in lex.heads and rest and all(w.isupper() and len(w) > 2 for w in rest.split()):
        forms.add(rest)
    return forms


def _form_then(form: str, after: re.Pattern, text: str, starts) -> list[tuple[int, re.Match]]:
    """Where ``form`` is written as a whole word at one of ``starts`` and ``after`` matches right
    after it, without overlaps: ``(start, match of after)``, in order. One compiled ``after`` serves
    every form (no pattern is compiled per form and document)."""
    out, end = [], 0
    for p in sorted(set(starts)):
        if p < end or (p and re.match(r"[\w-]", text[p - 1])):
            continue
        m = after.match(text, p + len(form))
        if m:
            out.append((p, m))
            end = m.end() if m.end() > p else m.end() + 1
    return out


#: A phase numeral after a known programme's form (``TOPCOP II``, ``RSRP Phase 2``), and a plus sign (``MMPP+``)
# "X II", "X Phase 2", and "X (Phase 2)" (Japanese loan releases name phases in brackets)
_PHASE_AFTER = re.compile(r"[ \t\u00a0]+(?:[Pp]hase[ \t\u00a0-]+)?(?P<phase>[IVX]+|\d{1,2}(?:\.\d+)?)(?![\w.]*\w)"
                          r"|-(?P<hyphened>[IVX]+)(?![\w.]*\w)"
                          r"|[ \t\u00a0]*\([ \t]*[Pp]hase[ \t\u00a0-]+(?P<bracketed>[IVX]+|\d{1,2})[ \t]*\)"
                          # a part of the phase in a second bracket: "X Project (Phase 3) (Tranche II)"
                          r"(?:[ \t]*\([ \t]*[A-Z][a-z]+[ \t]+(?:[IVX]+|\d{1,2})[ \t]*\))?")
_PLUS_AFTER = re.compile(r"\+(?![\w+])")


def extract(ctx: DocContext) -> list:
    lex = _Lex(ctx)
    text = ctx.text
    defs = ctx.definitions
    rule_cands = _rule_candidates(ctx, lex)
    # ordinal phase mentions ("the first phase of EU IBM Lebanon") are no programme: they join the group
    # of the phase they name, once the groups are made
    ordinal = [c for c in rule_cands if c.type == "ordinal_phase_of"]
    rule_cands = [c for c in rule_cands if c.type != "ordinal_phase_of"]
    # a text that calls a defined name a project makes the definition a programme
    forced, rest = set(), []
    for c in rule_cands:
        # the name inside a definition's long form, or its acronym ("The ACSJF is a ten-year initiative")
        hit = [d for d in defs if d.long_start <= c.start < d.long_end or d.acronym == c.name] \
            if c.type in ("called_project", "apposition") else []
        if hit:
            forced.add(id(hit[0]))
        else:
            rest.append(c)
    rule_cands = rest
    titles = _SpanIndex((c.start, c.end) for c in rule_cands if c.type == "head_for")
    rule_cands = [c for c in rule_cands if c.type == "head_for"
                  or not titles.contains(c.start, c.end)]
    cands = _from_definitions(ctx, lex, defs, forced)
    def_spans = _SpanIndex((d.long_start, d.long_end) for d in defs)
    for c in rule_cands:
        # a name inside a definition's long form is that definition's
        if c.type == "head_final" and def_spans.contains(c.start, c.end):
            continue
        if c.type == "head_final" and def_spans.overlaps(c.start, c.end) \
                and not def_spans.inside(c.start, c.end):
            continue
        cands.append(c)
    cands += _acronym_pairs(cands, lex)
    cands += _implicit_acronyms(cands, text, lex)
    cands = [c for c in (trimmed(c, lex, text) for c in cands) if rejection(c, ctx, lex) is None]

    known = {norm(c.name): c for c in cands} | {norm(c.acronym): c for c in cands if c.acronym}
    # anaphoric parents ("the fourth phase of the Initiative") -> nearest preceding candidate
    latest = None   # the candidates without a phase by end, with the latest in the list so far
    for c in cands:
        if c.parent == "@anaphor" or (c.parent and norm(c.parent) not in known and c.parent.split()[-1] in lex.heads
                                      and len(c.parent.split()) == 1):
            if latest is None:
                ends = sorted((o.end, i) for i, o in enumerate(cands) if not o.phase)
                latest = ([e for e, _ in ends], list(itertools.accumulate((i for _, i in ends), max)))
            k = bisect.bisect_right(latest[0], c.start)
            prior = cands[latest[1][k - 1]] if k else None
            if prior is c:   # an empty candidate ends before itself: the one before it
                rest = [o for o in cands if o.end <= c.start and o is not c and not o.phase]
                prior = rest[-1] if rest else None
            c.parent = (prior.acronym or prior.name) if prior else None
    # phases of known programmes: TOPCOP II, EUROMED Police IV, EL PAcCTO 2.0, RSRP Phase 2
    known_forms = {form for c in known.values() for form in _phase_stems(c, lex) if form}
    before_phase = _forms_ending_at(text, known_forms, (m.start() for m in _BEFORE_PHASE.finditer(text)))
    before_plus = _forms_ending_at(text, known_forms, (m.start() for m in re.finditer(r"\+", text)))
    for c in list(known.values()):
        for form in filter(None, _phase_stems(c, lex)):
            for p, m in _form_then(form, _PHASE_AFTER, text, before_phase.get(form, ())):
                out = Candidate(text[p:m.end()], p, m.end(), KNOWN_PHASE, parent=c.acronym or c.name,
                                phase=m.group("phase") or m.group("hyphened") or m.group("bracketed"))
                cands.append(out)
            # "MMPP+": a plus sign after a known acronym names its follow-up phase
            if form == c.acronym:
                for p, m in _form_then(form, _PLUS_AFTER, text, before_plus.get(form, ())):
                    cands.append(Candidate(text[p:m.end()], p, m.end(), KNOWN_PHASE, parent=form, phase="+"))
    # sibling numbered acronyms: IPA8 defined -> IPA7 is a programme too
    stems = {}
    for c in cands:
        if c.acronym and (m := re.fullmatch(r"([A-Z]{2,})(\d+)", c.acronym)):
            stems[m.group(1)] = c
    for m in _SIBLING.finditer(text):
        if m.group(1) in stems and m.group(0) != stems[m.group(1)].acronym:
            cands.append(Candidate(m.group(0), m.start(), m.end(), SIBLING_ACRONYM))

    # parents named only through a phase: create them where the text writes them alone
    for c in list(cands):
        if c.parent and norm(c.parent) not in {f for o in cands for f in o.forms()}:
            alone = re.search(rf"(?<![\w-]){re.escape(c.parent)}(?![\w+]|\s+(?:[IVX]+|\d+|Phase)\b)", text)
            if c.type == "phase_dash" or alone:
                pos = alone.start() if alone else c.start
                cands.append(Candidate(c.parent, pos, pos + len(c.parent), PARENT))
    # a phase of no named parent is no programme
    kept = []
    for c in cands:
        if c.type == "phase_of" and not c.parent:
            continue
        kept.append(c)
    groups = _merge(kept)
    groups = _merge_suffixes(groups)
    groups = _merge_parents(groups)
    groups = _merge_same_phase(groups, ctx.rules)
    titled = _titled_forms(ctx)
    groups = [g for g in groups if not _acts_as_organisation(ctx, g, titled)]
    # the ordinal phase mention of a known phase is a mention of that phase (the groups by their parent and
    # phase number, found once: a mention added to a group names the phase the group already has)
    by_phase: dict[tuple[str, str | None], list[tuple[Group, str, str]]] = {}
    for g in groups:
        parent, phase = _group_phase(g)
        if parent:
            by_phase.setdefault((norm(parent), phase_number(phase, ctx.rules)), []).append((g, parent, phase))
    group_of = {f: g for g in groups for f in g.forms}
    # the programmes that have a phase of their own already, by any of their forms
    phased = {f for parent, _ in by_phase if parent in group_of for f in group_of[parent].forms}
    funded_phases: dict[tuple[str, str], Group] = {}
    for c in ordinal:
        for g, parent, phase in by_phase.get((norm(c.parent), c.phase), ()):
            g.candidates.append(replace(c, parent=parent, phase=phase))
        if norm(c.parent) not in group_of or norm(c.parent) in phased:
            continue
        # "a $120 million loan to finance the second phase of the X Program": a phase of a known programme that
        # money is given to, in its sentence, is a programme of its own (once, at its first such mention), when
        # the programme has no phase the text names otherwise ("X Phase 2" makes "the first phase of X" a mention)
        sent = ctx.sentence_of(c.start)
        if not _SUM_BEFORE.search(text, sent.start, c.start) and not _SUM_AFTER.match(text, c.end, sent.end):
            continue
        key = (norm(c.parent), c.phase)
        if key in funded_phases:
            funded_phases[key].candidates.append(c)
            continue
        g = Group([c], set(c.forms()))
        funded_phases[key] = g
        groups.append(g)
    # parents link to a group: use the parent's acronym when it has one
    _find_forms(text, groups)
    # drop groups without a proper mention: geographic uses ("Eastern Partnership region")
    records = []
    written = []
    by_form = {f: g for g in groups for f in g.forms}
    for g in groups:
        first = g.first
        names = [clean_name(c.name, c.possessive) for c in g.candidates if c.type != "ordinal_phase_of"]
        proper = [n for n in names if not _LOWER_HEAD.search(n)] or names
        name = max(proper, key=len) if proper else first.name
        acronym = _group_acronym(g)
        parent, phase = _group_phase(g, by_form)
        if parent and norm(parent) in g.forms:
            parent, phase = None, None
        if parent and norm(parent) in by_form:
            pg = by_form[norm(parent)]
            parent = _group_acronym(pg) or parent
        s, e = first.start, first.end
        while s < e and text[s].isspace():
            s += 1
        if "\n" in text[s:e]:
            e = s + text[s:e].index("\n")
        e = min(e, ctx.sentence_of(s).end)
        rule_ids = list(dict.fromkeys([first.rule_id] + [c.rule_id for c in g.candidates]))
        rec = Programme(**ctx.mention(s, e, first.rule_id), name=name, acronym=acronym, phase=phase,
                        parent=parent, n_mentions=max(1, len(g.mentions)), rule_ids=rule_ids)
        records.append(rec)
        written.append((list(g.mentions), _group_kind(text, g)))
    ctx.programme_mentions = written
    return records

