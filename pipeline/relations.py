"""Relations stage: who funds and implements each programme, and which programme each amount and
duration belongs to.

It runs after extraction and normalisation, over one document's tables. Both relations read one
index of programme mentions (:func:`mention_index`: the programme records with the spans where the
programmes extractor found each written) and resolve anaphors (``the project``, ``the new phase``,
``the first phase``) with one function, :func:`resolve_anaphor`, which picks the programme
mentioned last before a point.

Roles come from the rules of ``models/patterns/programme_roles.jsonl``: each names organisations
(groups ``orgs``, ``orgs2``), their ``role`` and how the programme is found (its ``target``: in the
sentence, the one following, the fact box, an anaphor, ...). Possessive owners (``EU's BOMCA``) fund
or implement what they own, and a phase the text gives no roles takes its parent's. The names are
made canonical as the normalise stage does (:func:`pipeline.normalise.organisations`).

Links: for each amount or duration, in order of preference:

1. a programme named right after it (``C$3 million to TRACE``);
2. the nearest programme mention before it in its sentence;
3. an anaphor in the sentence resolved to the programme mentioned last before the sentence;
4. the nearest programme mention after it in its sentence;
5. for a fact-box line (``Budget: EUR 7 000 000``), the programme of the box
   (its ``Project:`` line or heading);
6. the nearest mention before it in its paragraph;
7. the first mention after it in its paragraph where that mention is the subject of its sentence
   (``A US$5 million credit ... . The X Project will ...``);
8. the programme the release is about (its first mention).

A bare ``Phase III`` and ``the second phase of (the project) X`` are mentions of the phase record of
that number (:func:`_phase_mentions`).

The link names the programme by its acronym where it has one, else its name.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .context import DocContext
from .extractors.acronyms import BOARD_PREFIX
from .extractors.programmes import header_line_regex, ordinals, phase_number
from .names import stop_words
from .normalise import organisations
from .records import Programme
from .rules import Rules

_FACT_LINE = re.compile(r"^[ \t]*(?:[-•*][ \t]*)?[A-Z][^:\n]{1,40}:[ \t]*\S")
_AFTER = re.compile(r"^[^\n.;]{0,25}?\b(?:to|for|of)\s+(?:the\s+)?$")
_INSTRUMENT = re.compile(r"\bInstrument\b")
_FROM = re.compile(r"^[^\n.;]{0,25}?\b(?:from|through|via)\s+(?:the\s+|its\s+|their\s+)?$")


@dataclass(frozen=True)
class Mention:
    """One written mention of a programme."""

    start: int
    end: int
    label: str                  # how a link names the programme: its acronym, else its name
    phase: str | None
    parent: str | None
    instrument: bool            # a funding instrument (``... Instrument``): no anaphor points to it
    n_mentions: int
    kind: str | None            # what the text calls it: "project", "programme", "initiative"
    record: Programme = field(compare=False, repr=False)


def mention_index(programmes: list[Programme], ctx: DocContext) -> list[Mention]:
    """Every mention of the document's programmes, in text order (then by end): each record with the
    spans the programmes extractor found it written at (``ctx.programme_mentions``)."""
    out = []
    # a funding instrument's phase is one too ("IPA III" of the Instrument for Pre-accession Assistance)
    instruments = {r.acronym or r.name for r in programmes if _INSTRUMENT.search(r.name)}
    for rec, (spans, kind) in zip(programmes, ctx.programme_mentions, strict=True):
        label = rec.acronym or rec.name
        instrument = bool(_INSTRUMENT.search(rec.name)) or rec.parent in instruments
        out += [Mention(s, e, label, rec.phase, rec.parent, instrument, rec.n_mentions, kind, rec) for s, e in spans]
    out.sort(key=lambda m: (m.start, m.end))
    return _phase_mentions(out, programmes, ctx)


@lru_cache(maxsize=8)
def _phase_word_regex(nouns: str) -> re.Pattern:
    """``Phase III runs ...``, ``(the) second tranche of (the project) <Programme>``: a phase written by its
    number (``nouns``: the alternation of the phase nouns lexicon)."""
    return re.compile(rf"\b(?:(?P<ord>[A-Za-z]{{3,8}}|\d{{1,2}}(?:st|nd|rd|th))[ \t]+(?i:{nouns})"
                      rf"|(?:{nouns})[ \t]+(?P<num>[IVX]{{1,5}}|\d{{1,2}}))\b")


def _phase_word(rules: Rules) -> re.Pattern:
    return _phase_word_regex(rules.alternation("phase_nouns"))


_DEFINES = re.compile(r"\b(?:is|was|as|becomes|became|marks|be)[ \t]+(?:the[ \t]+|a[ \t]+)?$")
_PHASE_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?:(?:project|programme|program|initiative)[ \t]+)?[\"“'‘]?")


def _written_phase(p: re.Match, rules: Rules, words: dict[str, str]) -> str | None:
    """The number of a phase ``_phase_word`` found (``Phase III`` -> ``3``, ``second phase`` -> ``2``);
    ``words`` are the ordinals (:func:`ordinals`)."""
    return phase_number(p.group("num"), rules) if p.group("num") else words.get(p.group("ord").lower())


def _phase_mentions(out: list[Mention], programmes: list[Programme], ctx: DocContext) -> list[Mention]:
    """Mentions of a phase the programmes extractor found by its number alone: a bare ``Phase III`` (or
    ``the second phase``) followed by ``of <Programme>``, where one phase record of that number (of that
    programme) exists. ``the second phase of the project X`` then names the phase, not X; a bare
    ``Phase III`` elsewhere is a mention of the phase. Only phases with a parent are concerned."""
    rules, text = ctx.rules, ctx.text
    phases: dict[str, list[Programme]] = {}
    for rec in programmes:
        n = phase_number(rec.phase, rules) if rec.phase and rec.parent else None
        if n:
            phases.setdefault(n, []).append(rec)
    if not phases:
        return out
    words = ordinals(rules)
    starts = [m.start for m in out]
    extra, replaced = [], {}
    for p in _phase_word(rules).finditer(text):
        n = _written_phase(p, rules, words)
        recs = phases.get(n or "", [])
        if not recs:
            continue
        # "<phase> of (the project) <Programme>": the mention right after names that programme's phase
        i = bisect.bisect_left(starts, p.end())
        after = out[i] if i < len(out) and _PHASE_OF.fullmatch(text, p.end(), out[i].start) else None
        if after is not None:
            # "the first phase of X" is X itself; "Y is the second phase of X" defines Y, X stays X
            if n == "1" or _DEFINES.search(text, max(0, p.start() - 20), p.start()):
                continue
            rec = next((r for r in recs if r.parent in (after.record.acronym, after.record.name)), None)
            if rec is not None and not after.record.phase:
                replaced[after.start] = rec
                # and its acronym in brackets right after: "the second phase of X (XP)"
                j = i + 1
                while j < len(out) and out[j].start <= out[i].end + 3 and out[j].record is after.record:
                    if re.fullmatch(r"\s*\(", text[out[i].end:out[j].start]):
                        replaced[out[j].start] = rec
                    j += 1
            continue
        if len(recs) != 1 or p.group("num") is None:
            continue    # a bare ordinal ("the second phase") is an anaphor: resolve_anaphor reads it
        i = bisect.bisect_right(starts, p.start())
        # "<Programme> (Phase III)": the mention right before names that programme's phase
        before = out[i - 1] if i else None
        if before is not None and _PAREN_AFTER.fullmatch(text, before.end, p.start()) \
                and recs[0].parent in (before.record.acronym, before.record.name) and not before.record.phase:
            # and the name right before its acronym: "<Name> (<ACR>) (Phase III)"
            replaced[before.start] = recs[0]
            k = i - 2
            if k >= 0 and out[k].record is before.record and _OPEN_PAREN.fullmatch(text, out[k].end, before.start):
                replaced[out[k].start] = recs[0]
            continue
        if i and out[i - 1].end > p.start():
            continue    # inside a mention already found (``MSCIP Phase III``)
        rec = recs[0]
        extra.append(Mention(p.start(), p.end(), rec.acronym or rec.name, rec.phase, rec.parent, False,
                             rec.n_mentions, None, rec))
    if not extra and not replaced:
        return out
    fixed = [m if m.start not in replaced else
             Mention(m.start, m.end, replaced[m.start].acronym or replaced[m.start].name, replaced[m.start].phase,
                     replaced[m.start].parent, m.instrument, m.n_mentions, m.kind, replaced[m.start])
             for m in out]
    fixed += extra
    fixed.sort(key=lambda m: (m.start, m.end))
    return fixed


@lru_cache(maxsize=8)
def _time_before(names: tuple[str, ...]) -> re.Pattern:
    """A weekday or month (lexicons ``weekdays``, ``months``), with last/next/this before it, opening a body's
    name: ``Last Thursday IFAD``."""
    times = "|".join(re.escape(w.capitalize()) for w in names)
    return re.compile(rf"^(?:(?:Last|Next|This)\s+)?(?:{times})\s+(?=[A-Z])")


@lru_cache(maxsize=8)
def _time_after(weekdays: tuple[str, ...]) -> re.Pattern:
    """A weekday (lexicon ``weekdays``) with ``on`` ending a body's name: ``Government of X on Monday``."""
    days = "|".join(re.escape(w.capitalize()) for w in weekdays)
    return re.compile(rf"\s+on\s+(?:{days})$")


@lru_cache(maxsize=8)
def _anaphor_regex(mods: tuple[str, ...], heads: tuple[str, ...], units: tuple[str, ...] = ()) -> re.Pattern:
    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    # a length before the head: "the four-year partnership", "the 36-month project"
    length = rf"(?:[\w.]+-(?:{alt(units)})(?:-long)?\s+)?" if units else ""
    return re.compile(rf"\b(?:the|this|that|its)\s+(?:(?P<mod>{alt(mods)})\s+)?{_MONEY_BEFORE_HEAD}{length}"
                      rf"(?P<head>{alt(heads)})\b", re.IGNORECASE)


#: a sum before an anaphor's head: "the €18 million project", "the US$ 2.6-million programme", "the EUR 5m action"
_MONEY_BEFORE_HEAD = (r"(?:(?:[A-Z]{2,3}\$?\s?|[$€£¥]\s?)\d[\d.,]*(?:[\s-](?:million|billion|thousand)\b|[mk]\b|bn\b)?"
                      r"[\s-]+)?")


def anaphor_regex(rules: Rules) -> re.Pattern:
    """``the project``, ``the new phase``, ``its second programme``: a noun phrase pointing back to a programme.

    Groups ``mod`` (modifier or ordinal, may be None) and ``head``; the words come from the lexicons
    ``programme_anaphor_modifiers``, ``ordinals`` and ``programme_anaphor_heads``; a length may stand before the
    head (``the four-year partnership``, units from ``duration_units``).
    """
    mods = tuple(rules.lexicon("programme_anaphor_modifiers")) + tuple(ordinals(rules))
    return _anaphor_regex(mods, tuple(rules.lexicon("programme_anaphor_heads")), tuple(rules.lexicon("duration_units")))


def resolve_anaphor(mod: str | None, head: str, index: _Index, before: int, rules: Rules) -> str | None:
    """The label of the programme an anaphor (groups ``mod`` and ``head`` of ``anaphor_regex``) points to,
    among the mentions ending at or before ``before`` that are no funding instrument, or None.

    An ordinal or ``phase`` picks a phase (the one of that number, else the parent of the last phase for
    ``the first``/``previous``/``original``, else the last phase); ``the project`` after a programme and a
    project picks the one the text calls a project; otherwise the programme mentioned last.
    """
    last = index.last("usable", before)
    if last is None:
        return None
    mod = (mod or "").lower()
    ordinal = ordinals(rules)
    if head.lower() == "phase" or mod in ordinal:
        want = ordinal.get(mod)
        phase = index.last("phase", before)
        if want:
            exact = index.last(("number", want), before)
            if exact:
                return exact.label
            if phase and (want == "1" or mod in ("previous", "earlier", "former", "original")):
                return phase.parent
        if mod in ("previous", "earlier", "former", "original") and phase:
            return phase.parent
        if phase and head.lower() == "phase" and mod != "first":
            return phase.label
        if want == "1" and last.phase and phase_number(last.phase, rules) != "1":
            return last.parent
        return last.label
    # "the project" after a programme and a project: the one the text calls a project
    noun = {"program": "programme"}.get(head.lower(), head.lower())
    if noun not in _GENERIC_HEADS:
        # "the Facility", "the partnership": the last programme whose name ends in that word, else none
        named = index.last(("head", noun), before)
        return named.label if named else None
    named = index.last(("kind", noun), before)
    if named and last.kind != noun:
        return named.label
    return last.label


_SUBJECT_START = re.compile(r"\s*(?:The\s+|the\s+)?")
#: anaphor heads any programme answers to; another head ("the Facility") points only to a programme so named
_GENERIC_HEADS = frozenset({"programme", "project", "initiative", "phase", "action"})
_FACT_LINE_AT = re.compile(_FACT_LINE.pattern[1:])   # matched at a line's start with pos/endpos
_IT = re.compile(r"\s*Its?\b")


class _Index:
    """What ``link_one`` and ``resolve_anaphor`` ask of a document, built once so that each item costs a
    logarithmic number of steps (not a pass over every mention or over the text):

    * the mentions' starts, for the mentions of a sentence or a span;
    * for each kind of mention (all, not an instrument, with a phase, with a phase number, of a
      text kind), the mentions sorted by end with the latest one so far: the last mention of a
      kind ending before a point;
    * the mentions preceded by ``from``/``to``/``for``/``of`` (and ``the``), by where that word starts;
    * the text's newlines, paragraph breaks and blocks of non-blank lines.
    """

    def __init__(self, ctx: DocContext, all_m: list[Mention]):
        text, rules = ctx.text, ctx.rules
        self.ctx, self.text, self.all_m = ctx, text, all_m
        #: last words of a fund, window or facility's name (lexicon ``funding_instrument_heads``)
        self.instrument_heads = frozenset(rules.lexicons.get("funding_instrument_heads", []))
        self.starts = [m.start for m in all_m]
        self.by_label: dict[str, Programme] = {}
        for m in all_m:
            self.by_label.setdefault(m.label, m.record)
        groups: dict = {}
        for i, m in enumerate(all_m):
            keys = ["all"]
            if not m.instrument:
                keys.append("usable")
                if m.phase:
                    keys += ["phase", ("number", phase_number(m.phase, rules))]
                if m.kind:
                    keys.append(("kind", m.kind))
                keys.append(("head", m.record.name.split()[-1].lower()))
            for key in keys:
                groups.setdefault(key, []).append((m.end, i))
        self.last_of = {}
        for key, items in groups.items():
            items.sort()
            ends, latest, best = [], [], -1
            for e, i in items:
                best = max(best, i)
                ends.append(e)
                latest.append(best)
            self.last_of[key] = (ends, latest)
        # where the word before a mention starts, past its spaces and a 'the'
        self.word_before = sorted((self._word_start(m.start), i) for i, m in enumerate(all_m))
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.breaks = [m.start() for m in re.finditer(r"\n(?=\n)", text)]
        self.anaphors: dict[tuple[int, int], str | None] = {}
        self.headers: dict[tuple[int, int], re.Match | None] = {}
        self._lines = None

    def _word_start(self, pos: int) -> int:
        """The end of the text before ``pos`` once its spaces, a ``the`` and the spaces before that are
        dropped: a pattern ``<up to 25 characters><word>\\s+(?:the\\s+)?$`` matches ``text[end:pos]`` only
        if this is at most 25 characters plus the word after ``end``."""
        text, k = self.text, pos
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if text.endswith("the", 0, k):
            j = k - 3
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if j < k - 3:
                k = j
        return k

    def last(self, key, before: int) -> Mention | None:
        """The last mention (in text order) of a kind that ends at or before ``before``."""
        ends, latest = self.last_of.get(key, ((), ()))
        i = bisect.bisect_right(ends, before)
        return self.all_m[latest[i - 1]] if i else None

    def first_from(self, lo: int, hi: int) -> int:
        """Index of the first mention starting in ``[lo, hi)``, or -1."""
        i = bisect.bisect_left(self.starts, lo)
        return i if i < len(self.starts) and self.starts[i] < hi else -1

    def next_newline(self, pos: int) -> int:
        """``text.find("\n", pos)``."""
        i = bisect.bisect_left(self.newlines, pos)
        return self.newlines[i] if i < len(self.newlines) else -1

    def line_start(self, pos: int) -> int:
        """``text.rfind("\n", 0, pos) + 1``."""
        i = bisect.bisect_left(self.newlines, pos)
        return self.newlines[i - 1] + 1 if i else 0

    def paragraph_start(self, pos: int) -> int:
        """Where the paragraph of ``pos`` starts: after the last blank line before it."""
        i = bisect.bisect_right(self.breaks, pos - 2)
        return self.breaks[i - 1] + 2 if i else 0

    def is_source(self, i: int) -> bool:
        """Whether mention ``i`` is where money comes from (``a grant from the X``, ``... from the X (XF)``,
        ``the X Facility covers EUR 2 million``)."""
        # "of which the X Facility covers up to EUR 260 million": a fund or facility that gives the money
        m = self.all_m[i]
        if m.record.name.split()[-1] in self.instrument_heads and _GIVES_AFTER.match(self.text, m.end):
            return True
        for k in (i, i - 1):
            if k < 0 or (k < i and (self.all_m[k].label != self.all_m[i].label
                                    or not _OPEN_PAREN.fullmatch(self.text, self.all_m[k].end, self.all_m[i].start))):
                return False
            if _FROM_BEFORE.search(self.text, max(0, self.all_m[k].start - 20), self.all_m[k].start):
                return True
        return False

    def is_channel(self, i: int) -> bool:
        """Whether mention ``i`` (or the name whose bracket holds it) follows ``by``/``under``/``through``:
        what money is given through (``Financed by the EU's Instrument ... (IPA III) with €6.5 million``),
        not what it is given to."""
        k = i
        if i > 0 and _OPEN_PAREN.fullmatch(self.text, self.all_m[i - 1].end, self.all_m[i].start):
            k = i - 1
        return _CHANNEL_BEFORE.search(self.text, max(0, self.all_m[k].start - 60), self.all_m[k].start) is not None

    def is_container(self, i: int) -> bool:
        """Whether mention ``i`` names what the release's programme is part of (``part of the wider X``,
        ``contributes to X``), not the programme itself."""
        m = self.all_m[i]
        return bool(_CONTAINER_BEFORE.search(self.text, max(0, m.start - 40), m.start))

    def last_from(self, before: int, floor: int, containers: bool = True) -> Mention | None:
        """The last mention ending by ``before`` and starting at or after ``floor`` (a sentence's or a
        paragraph's start) that is no funding instrument money goes through (``Financed by the EU's Instrument
        ... (IPA III) with €6.5 million, the project ...``, ``is_channel``), that money does not come from or go
        through (``... through its EEA; Sweden contributes EUR 3 million``), nor, without ``containers``, a
        programme the release's one is part of: the programme the passage is about."""
        ends, latest = self.last_of["all"]
        i = bisect.bisect_right(ends, before)
        if i == 0:
            return None
        for k in range(latest[i - 1], -1, -1):
            m = self.all_m[k]
            if m.start < floor:
                break
            if m.end <= before and not (m.instrument and self.is_channel(k)) and not self.is_source(k) \
                    and (containers or not self.is_container(k)):
                return m
        return None

    def subject_before(self, before: int) -> Mention | None:
        """What ``It`` at ``before`` points to: the last usable mention ending before it that is not a
        money source (``... a grant from the Road Fund (RF). It will ...`` -> the programme, not RF) nor a
        channel (``... a grant under the X Facility. Its cost ...``); a few mentions back at most, else the last
        usable mention."""
        last = self.last("usable", before)
        if last is None:
            return None
        ends, latest = self.last_of["usable"]
        top = latest[bisect.bisect_right(ends, before) - 1]
        for k in range(top, max(-1, top - 6), -1):
            m = self.all_m[k]
            if not m.instrument and m.end <= before and not self.is_source(k) and not self.is_channel(k):
                return m
        return last

    def paragraph_end(self, pos: int) -> int:
        """Where the paragraph of ``pos`` ends: at the next blank line, else the end of the text."""
        i = bisect.bisect_left(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else len(self.text)

    def block(self, pos: int) -> tuple[int, int]:
        """The run of non-blank lines around ``pos`` (from the text's lines, split once)."""
        if self._lines is None:
            lines = self.text.splitlines(keepends=True)
            starts, o = [], 0
            for line in lines:
                starts.append(o)
                o += len(line)
            # a blank line or a rule line ("-----", "=====") ends a block
            full = [bool(line.strip()) and not _RULE_LINE.fullmatch(line) for line in lines]
            first = list(range(len(lines)))
            for k in range(1, len(lines)):
                if full[k - 1]:
                    first[k] = first[k - 1]
            last = list(range(len(lines)))
            for k in range(len(lines) - 2, -1, -1):
                if full[k + 1]:
                    last[k] = last[k + 1]
            self._lines = (starts, [s + len(line) for s, line in zip(starts, lines)], first, last)
        starts, ends, first, last = self._lines
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0 or pos >= ends[i]:
            i = len(starts) - 1
        return starts[first[i]], ends[last[i]]

    def header(self, bs: int, be: int):
        if (bs, be) not in self.headers:
            self.headers[(bs, be)] = header_line_regex(self.ctx.rules).search(self.text, bs, be)
        return self.headers[(bs, be)]

    def sources(self, end: int, sent) -> set[str]:
        """Labels of the mentions after ``end`` in the sentence that money comes from (``a grant from X``)."""
        out = set()
        i = bisect.bisect_left(self.word_before, (end, -1))
        while i < len(self.word_before) and self.word_before[i][0] <= end + 29:
            m = self.all_m[self.word_before[i][1]]
            if m.start >= end and sent.start <= m.start and m.end <= sent.end and _FROM.match(self.text[end:m.start]):
                out.add(m.label)
            i += 1
        return out


def _fact_box(ctx: DocContext, pos: int, index: _Index) -> str | None:
    """For a fact-box line (``Budget: EUR 7 000 000``), the programme of its box."""
    text, all_m = ctx.text, index.all_m
    line_start = index.line_start(pos)
    line_end = index.next_newline(pos)
    line_end = len(text) if line_end < 0 else line_end
    if not _FACT_LINE_AT.match(text, line_start, line_end):
        k = line_start
        while k < line_end and text[k].isspace():
            k += 1
        if not text.startswith("of which", k, line_end):
            return None
    bs, be = index.block(pos)
    header = index.header(bs, be)
    if header:
        h_end = index.next_newline(header.start())
        i = index.first_from(header.start(), h_end if h_end > 0 else be)
        if i >= 0:
            m = all_m[i]
            if m.phase and m.n_mentions <= 1 and m.parent:
                return m.parent
            return m.label
    first_line_end = index.next_newline(bs)
    first_line_end = be if first_line_end < 0 else first_line_end
    i = index.first_from(bs, first_line_end)
    if i >= 0:
        return all_m[i].label
    return all_m[0].label


def _first_after(index: _Index, end: int, sent, skip: set[str]) -> Mention | None:
    """The first mention of the sentence starting at or after ``end`` whose label is not in ``skip``."""
    i = bisect.bisect_left(index.starts, max(end, sent.start))
    while i < len(index.starts) and index.starts[i] <= sent.end:
        m = index.all_m[i]
        if m.end <= sent.end and m.label not in skip:
            return m
        i += 1
    return None


def link_one(ctx: DocContext, start: int, end: int, index: _Index) -> str:
    """The programme an item at ``text[start:end]`` belongs to (the index has at least one mention).

    A phase chosen from outside the item's sentence gives way to its parent when the sentence
    names another phase by its number (``Phase II, financed with ...`` in a release about Phase III).
    """
    label, local = _nearest(ctx, start, end, index)
    if not local:
        rec = index.by_label.get(label)
        if rec is not None and rec.phase and rec.parent:
            sent = ctx.sentence_of(start)
            mine = phase_number(rec.phase, ctx.rules)
            words = ordinals(ctx.rules)
            for p in _phase_word(ctx.rules).finditer(ctx.text, sent.start, sent.end):
                n = _written_phase(p, ctx.rules, words)
                if n and n != mine:
                    return rec.parent
    return label


def _nearest(ctx: DocContext, start: int, end: int, index: _Index) -> tuple[str, bool]:
    """``link_one``'s choice, and whether the item's own sentence (or its fact box) gave it."""
    text = ctx.text
    sent = ctx.sentence_of(start)
    # "a grant from <Programme>": the programme the money comes from is its source, not its target
    first = _first_after(index, end, sent, index.sources(end, sent))
    if first and index._word_start(first.start) - end <= 29 and _AFTER.match(text[end:first.start]):
        return first.label, True
    prior = index.last_from(min(start, sent.end), sent.start)
    if prior is not None:
        return prior.label, True
    key = (sent.start, sent.end)
    if key not in index.anaphors:
        index.anaphors[key] = None
        for a in anaphor_regex(ctx.rules).finditer(text, sent.start, sent.end):
            found = resolve_anaphor(a.group("mod"), a.group("head"), index, sent.start, ctx.rules)
            if found:
                index.anaphors[key] = found
                break
    if index.anaphors[key]:
        return index.anaphors[key], True
    if _IT.match(text, sent.start, start):
        prior = index.subject_before(sent.start)
        if prior:
            return prior.label, False
    if first:
        return first.label, True
    boxed = _fact_box(ctx, start, index)
    if boxed:
        return boxed, True
    # (a programme that only frames the release's one, "part of the wider X", is no topic of a later sentence)
    prior = index.last_from(start, index.paragraph_start(start), containers=False)
    if prior is not None:
        return prior.label, False
    # a paragraph that names its programme only after the figure, as the subject of the next sentence
    # ("A US$5 million credit will ... The X Project will ...")
    i = index.first_from(end, index.paragraph_end(end))
    if i >= 0:
        m = index.all_m[i]
        nxt = ctx.sentence_of(m.start)
        if nxt.start > sent.start and _SUBJECT_START.fullmatch(text, nxt.start, m.start):
            return m.label, False
    # the programme the release is about: its first mention that is no funding instrument
    return next((m for m in index.all_m if not m.instrument), index.all_m[0]).label, False


# a governing board named for its organisation: "<Org> Board of Executive Directors", "<Org>'s Board",
# "Executive Board of the <Org>", "Board of Directors of the <Org>"
_BOARD_SUFFIX = re.compile(r"(?:['’]s)?\s+(?:Executive\s+)?Boards?(?:\s+of\s+(?:Executive\s+)?(?:Directors|Governors))?$")
_BOARD_ONLY = re.compile(r"(?:Executive\s+)?Boards?(?:\s+of\s+(?:Executive\s+)?(?:Directors|Governors))?")


def governed_body(name: str, bodies: frozenset[str] = frozenset()) -> str:
    """The organisation a board governs (``World Bank Board of Executive Directors`` -> ``World Bank``), else the name.
    A bare ``Board`` at the end ends a body's own name (``National Water Board``) unless what comes before it is
    an acronym or ends with one of ``bodies`` (``World Bank Board``, with ``Bank`` among them).

    >>> [governed_body(n) for n in ["World Bank Board of Executive Directors", "Executive Board of the Nordic Fund", "Board"]]
    ['World Bank', 'Nordic Fund', 'Board']
    >>> [governed_body(n, frozenset({"Bank"})) for n in ["World Bank Board", "AfDB Board", "National Water Board"]]
    ['World Bank', 'AfDB', 'National Water Board']
    """
    m = _BOARD_SUFFIX.search(name)
    if m and m.start() > 0:
        rest = name[:m.start()]
        bare = not re.search(r"Executive|Directors|Governors|['’]s", m.group(0))
        if bare and " " in rest and rest.split()[-1] not in bodies:
            return name
        return rest
    m = BOARD_PREFIX.match(name)
    return name[m.end():] if m and m.end() < len(name) else name


_BASED_PREFIX = re.compile(r"^[A-Z][\w-]*-based\s+(?=[A-Z])")
_POSSESSIVE_END = re.compile(r"['’]s$")
_COINED_FOR = re.compile(r"([A-Z]{2,})4[A-Z]")
_CONTAINER_BEFORE = re.compile(r"\b(?:part[ \t]+of|within|contribut(?:es|ing|e)[ \t]+to)[ \t]+(?:the[ \t]+)?"
                               r"(?:(?:wider|broader|larger|overall|regional|global)[ \t]+)?$")
#: how far after an approval that names no programme the programme it approves may first be named (characters)
_APPROVED_REACH = 300
#: between a programme (or its acronym's bracket) and a cue in an apposition describing it: ``), a two-year project ``
_APPOSITION_TO = re.compile(r"(?:[ \t]*\([^()]{1,20}\))?,[ \t]+(?:a|an|the)[ \t]+[^,.;()\n]{0,120}")
#: an owner's possessive right before a name: "through NDF's (Adaptation Grant Window)"
_OWNER_BEFORE = r"(?:[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,4}['’]s[ \t]+)?$"
_CHANNEL_BEFORE = re.compile(r"\b(?:by|under|from|through|via)[ \t]+(?:the[ \t]+)?" + _OWNER_BEFORE)
_FROM_BEFORE = re.compile(r"\b(?:from|through|via)[ \t]+(?:the[ \t]+|its[ \t]+|their[ \t]+)?" + _OWNER_BEFORE)
#: a verb of giving money right after a name (its bracketed acronym between): "(CEF) covers up to", "will provide"
_GIVES_AFTER = re.compile(r"(?:\s*\([^()\n]{1,20}\))?\s+(?:will\s+|also\s+|would\s+)?"
                          r"(?:covers?|provides?|contributes?|finances?|funds?|grants?|adds?|lends?|gives?)\b")
_OPEN_PAREN = re.compile(r"\s*\(\s*")
_PAREN_AFTER = re.compile(r"\)?\s*\(\s*")
_BOX_CHANNEL = re.compile(r",?[ \t]+(?:through|via|with)[ \t]+(?:the[ \t]+)?(?=[A-Z])")
_DIGIT = re.compile(r"\d")
_LIST_THEN = re.compile(r"\w,\s+(?:the\s+)?$")
_FOR_THEN = re.compile(r"\w\s+(?:for|to)\s+(?:the\s+)?$")
_LIST_TAIL_WORDS = frozenset(("and", "the", "its"))


@lru_cache(maxsize=8)
def _descriptor_regex(descriptors: tuple[str, ...], demonyms: tuple[str, ...]) -> re.Pattern | None:
    """A generic descriptor opening a list item, with a nationality or ``X-based`` before it; None without
    descriptors."""
    if not descriptors:
        return None
    alt = "|".join(re.escape(d) for d in sorted(descriptors, key=len, reverse=True))
    nationality = "|".join(re.escape(d) for d in sorted(demonyms, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:(?<=^)|(?<=[,;]\s)|(?<=\sand\s))(the\s+)?(?:(?:{nationality}|[A-Z][\w-]*-based)\s+)?"
                      rf"(?:{alt})\s+(?=[A-Z])")


def _drop_descriptors(value: str, descriptors: Iterable[str], demonyms: Iterable[str] = ()) -> str:
    """The names of a list without the generic descriptor before each (``the grid operators X and Y``,
    ``UNICEF; the NGO Water Mission``), with a nationality or a ``-based`` before it (``the Swiss NGO X``,
    ``the Zomba-based organisation X``).

    >>> _drop_descriptors("the Swiss NGO Helvetas and the Zomba-based organisation Amayi", ["NGO", "organisation"],
    ...                   ["Swiss"])
    'the Helvetas and the Amayi'
    >>> _drop_descriptors("the Kenya NGO Council", ["NGO"], ["Kenyan"])
    'the Kenya NGO Council'
    """
    regex = _descriptor_regex(tuple(descriptors), tuple(demonyms))
    return value if regex is None else regex.sub(lambda m: m.group(1) or "", value)


def _list_head(value: str) -> str:
    """``value`` without the commas, spaces and joining words at its end (``X, the`` -> ``X``): a loop over
    its words, not a regex anchored at the end (which would retry every run of spaces)."""
    words = value.replace(",", " ").split()
    while words and words[-1] in _LIST_TAIL_WORDS:
        words.pop()
    if not words:
        return ""
    return value[:value.rindex(words[-1]) + len(words[-1])]
_SHARED_QUALIFIER = re.compile(r"^(?P<name>.+?)\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w]*(?:\s[A-Z][\w]*)*)$")


def _split_and(part: str, whole: frozenset[str] = frozenset(), heads: frozenset[str] = frozenset(),
               countries: frozenset[str] = frozenset()) -> list[str]:
    """Split one comma-free piece at ``and`` unless the ``and`` is inside a name (``Ministry of Justice and Security``,
    a name of ``whole``: ``Food and Agriculture Organization``, or a lone word before a name ending in a head
    word of ``heads``: ``Oceans and Fisheries Division``)."""
    out: list[str] = []
    pieces = re.split(r"\s+and\s+", part)
    cur = pieces[0]
    for nxt in pieces[1:]:
        inside_name = re.search(r"\s(?:of|for|für|on|de)\s", cur) and not re.match(r"(?:the\s+|[A-Z]{2,}\b)", nxt)
        joint = f"{cur.split()[-1] if cur.split() else ''} and {nxt.split()[0] if nxt.split() else ''}"
        if not nxt.startswith("the ") and any(re.search(rf"(?<![\w-]){re.escape(joint)}(?![\w-])", name)
                                              for name in whole):
            inside_name = True
        words = nxt.split()
        if heads and re.fullmatch(r"[A-Z][a-z]+", cur) and cur not in countries and cur not in heads \
                and words and words[-1] in heads and all(w[:1].isupper() for w in words):
            inside_name = True    # "Oceans and Fisheries Division": one unit's subjects
        if _OWNER_OPENS.match(nxt):
            inside_name = False   # "Ministry of Labor and Skills and Somalia's Ministry of ...": a new name
        if inside_name or not nxt[:1].isupper() and not nxt.startswith("the "):
            cur = f"{cur} and {nxt}"
        else:
            out.append(cur)
            cur = nxt
    out.append(cur)
    return out


_KEPT_COMMA = "\u0000"
_OWNER_OPENS = re.compile(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)?['’]s\s+[A-Z]")


def _list_pieces(text: str) -> list[tuple[str, str]]:
    """The pieces of a list between commas and semicolons, each with the separator before it (``""`` first)."""
    parts = re.split(r"([,;])\s*", text)
    return [("", parts[0])] + list(zip(parts[1::2], parts[2::2]))


def split_orgs(text: str, countries: frozenset[str] = frozenset(), heads: frozenset[str] = frozenset(),
               whole: frozenset[str] = frozenset()) -> list[str]:
    """Organisation names of a cue's object: a coordinated list, parenthesised countries and acronyms dropped.
    An ``and`` or a comma inside one of the names ``whole`` (the organisations the model or the aliases know) does
    not split.

    >>> split_orgs("UNICEF; the Bureau of Risk Management (BRM); and Catholic Relief Services")
    ['UNICEF', 'Bureau of Risk Management', 'Catholic Relief Services']
    >>> split_orgs("Government of Japan; European Union", heads=frozenset({"Government"}))
    ['Government of Japan', 'European Union']
    >>> split_orgs("Foreign, Commonwealth & Development Office and UNICEF",
    ...            whole=frozenset({"Foreign, Commonwealth & Development Office"}))
    ['Foreign, Commonwealth & Development Office', 'UNICEF']

    >>> split_orgs("GIZ, the Italian Ministry of the Interior and the Center for International Legal Cooperation (CILC)")
    ['GIZ', 'Italian Ministry of the Interior', 'Center for International Legal Cooperation']
    >>> split_orgs("Expertise France and CIVIPOL (France), the Italo-Latin American Organisation IILA (Italy) and "
    ...            "the Ministry of Foreign Affairs and the Ministry of Justice and Security of the Netherlands",
    ...            frozenset({"Netherlands"}))
    ['Expertise France', 'CIVIPOL', 'Italo-Latin American Organisation', 'Ministry of Foreign Affairs', 'Ministry of Justice and Security']

    With ``heads`` (organisation head words), a comma piece that names no body continues the ``of`` list of
    the name before it:

    >>> split_orgs("the Department of Health, Humanitarian Affairs and Social Development", heads=frozenset({"Department"}))
    ['Department of Health, Humanitarian Affairs and Social Development']

    A lone word before a name listing its subjects is the name's; an article inside a name stays:

    >>> split_orgs("the Foreign, Commonwealth & Development Office and Oxfam", heads=frozenset({"Office"}))
    ['Foreign, Commonwealth & Development Office', 'Oxfam']
    >>> split_orgs("Oxfam, Save the Children and Both ENDS")
    ['Oxfam', 'Save the Children', 'Both ENDS']
    """
    text = re.sub(r"\s*\([^()]*\)", "", text)
    # a comma inside a known name ("Foreign, Commonwealth & Development Office") separates nothing
    for name in whole:
        if ", " in name and name in text:
            text = text.replace(name, name.replace(",", _KEPT_COMMA))
    out: list[str] = []
    chunks: list[str] = []
    for sep, chunk in _list_pieces(text):
        chunk = re.sub(r"^(?:and|or)\s+", "", chunk)   # "A, B, and C"; "A; B; and C"
        prev = chunks[-1] if chunks else ""
        words = re.findall(r"[\w'’-]+", chunk)
        if heads and sep == "," and re.search(r"\s(?:of|for|on)\s", prev) and words and words[0][:1].isupper() \
                and not any(w in heads or w in countries or (len(w) > 1 and w.isupper()) for w in words) \
                and not re.match(r"(?:the|The)\s", chunk):
            chunks[-1] = f"{prev}, {chunk}"
        else:
            chunks.append(chunk)
    # "Foreign, Commonwealth & Development Office": a lone capitalised word before a name that lists its
    # subjects with "&" or "and" and ends in a head word is that name's first subject
    for i in range(len(chunks) - 2, -1, -1):
        lone, nxt = re.sub(r"^(?:the|The)\s+", "", chunks[i].strip()), chunks[i + 1].strip()
        words = nxt.split()
        j = next((k for k, w in enumerate(words) if w in heads), None)
        if heads and re.fullmatch(r"[A-Z][a-z]+", lone) and lone not in heads and lone not in countries \
                and j is not None and any(w in ("&", "and") for w in words[:j]) \
                and all(w[:1].isupper() or w in ("&", "and") for w in words[:j + 1]):
            chunks[i:i + 2] = [f"{lone}, {nxt}"]
    for chunk in chunks:
        for part in _split_and(chunk.strip(" .;"), whole, heads, countries):
            # "the X", "Both the X" (a capitalised function word before the article), not "Save the Children"
            part = part.strip(" .;")
            opener = re.match(r"^(?:([A-Z][a-z]+)\s+)?(?:the|The)\s+", part)
            if opener and (opener.group(1) is None or opener.group(1).lower() in stop_words()):
                part = part[opener.end():]
            owner = re.match(r"^(?P<owner>[A-Z][\w ]*?)['’]s\s+(?P<rest>[A-Z].*)$", part)
            if owner and owner.group("owner") in countries:
                rest = owner.group("rest")
                # a generic body keeps its country ("New Zealand's Ministry of ..." -> "New Zealand Ministry of ...")
                generic = heads and rest.split()[0] in heads and re.search(r"\sof\s", rest)
                part = f"{owner.group('owner')} {rest}" if generic else rest
            # an acronym in apposition after a multi-word name: "Italo-Latin American Organisation IILA"
            part = re.sub(r"^(?P<n>\S+\s+.*[a-z][\w-]*)\s+[A-Z]{2,}$", r"\g<n>", part)
            # a pronoun or another function word opening a sentence ("They will add ...") names no body
            if part[:1].isupper() and part.lower() not in stop_words():
                out.append(part)
    out = [part.replace(_KEPT_COMMA, ",") for part in out]
    # "the Ministry of A and the Ministry of B of the Netherlands": a country shared by the list is dropped
    for i in range(1, len(out)):
        q = _SHARED_QUALIFIER.match(out[i])
        if q and q.group("country") in countries and out[i - 1].split()[0] == out[i].split()[0] \
                and not any(q2.group("country") in countries for q2 in [_SHARED_QUALIFIER.match(out[i - 1])] if q2):
            out[i] = q.group("name")
    return out


def _top_level(name: str, known: set[str], units: set[str], parents: dict) -> str:
    """The body an organisation unit belongs to: ``OSCE Office of the ...`` -> ``OSCE``."""
    for pattern, parent in parents.items():
        if not pattern.startswith("_") and re.search(pattern, name):
            return parent
    words = name.split()
    if len(words) >= 2 and words[1] in units and (words[0] in known or words[0].isupper()):
        return words[0]
    return name


def _roles(ctx: DocContext, programmes: list[Programme], index: _Index) -> None:
    """Funders, implementers and funding instruments the text states for each programme, as written."""
    text = ctx.text
    spans = [(m.start, m.end, m.record) for m in index.all_m]
    headline = spans[0][2]
    rules = ctx.rules
    aliases = rules.mappings.get("organisation_aliases", {})
    anaphor, header_line = anaphor_regex(rules), header_line_regex(rules)
    countries = frozenset(rules.lexicons.get("countries", []))
    funding_bodies = set(rules.lexicons.get("funding_bodies", []))
    demonyms = rules.mappings.get("demonyms", {})
    demonym_words = tuple(demonyms)
    units = set(rules.lexicons.get("org_units", []))
    parents = rules.mappings.get("organisation_parents", {})
    months = set(rules.lexicons.get("months", []))
    currency_codes = set(rules.lexicons.get("currency_codes", []))
    role_nouns = set(rules.lexicons.get("role_nouns", []))
    honorifics = {h.rstrip(".") for h in rules.lexicons.get("honorifics", [])}
    descriptors = tuple(rules.lexicons.get("organisation_descriptors", []))
    instrument_heads = index.instrument_heads
    org_words = set(rules.lexicons.get("org_heads", []))
    time_before = _time_before(tuple(rules.lexicon("weekdays")) + tuple(rules.lexicon("months")))
    time_after = _time_after(tuple(rules.lexicon("weekdays")))
    heads = frozenset(rules.lexicons.get("organisation_heads", [])) | frozenset(units)
    known = set(aliases) | set(aliases.values())
    # names with an "and" inside that the model tags as one organisation, the aliases list or an acronym's
    # definition gives; names with a comma inside that the aliases list or an acronym's definition gives
    whole = frozenset(itertools.chain(
        (n for n in itertools.chain((e.text for e in ctx.entities_of("ORG")), known, ctx.acronyms.values())
         if n.count(" and ") == 1),
        (n for n in itertools.chain(known, ctx.acronyms.values()) if ", " in n)))
    # the full names a short form may stand for ("the Arab Fund" for "Arab Fund for Economic and Social
    # Development"): organisations the model tags and long forms of acronyms, written with "for" or "of"
    full_names = {re.sub(r"^(?:the|The)\s+", "", n)
                  for n in itertools.chain((e.text for e in ctx.entities_of("ORG")), ctx.acronyms.values())
                  if re.search(r"\s(?:for|of)\s", n)}
    short_heads = heads | org_words | instrument_heads

    def full_form(name: str) -> str:
        """The one full name of the document that ``name`` shortens by dropping its ``for``/``of`` part."""
        if name.split()[-1] not in short_heads:
            return name
        longer = {n for n in full_names
                  for m in [re.match(rf"{re.escape(name)}\s+(?:for|of)\s+(?:the\s+)?", n)]
                  if m and n[m.end():] not in countries}   # "World Bank for Papua New Guinea" names no body
        return longer.pop() if len(longer) == 1 else name

    # names a rule's match may open but not hold whole: with a comma inside, or lower-case words an
    # acronym's definition gives ("Agence française de développement (AFD)")
    long_names = sorted({n for n in whole if ", " in n}
                        | {n for n in ctx.acronyms.values() if " " in n and not _JOINS_BODIES.search(n)},
                        key=len, reverse=True)
    by_label = {}
    for r in programmes:
        by_label.setdefault(r.acronym or r.name, r)
    # the release's one programme, when it names one (no phases, no funding instrument)
    only = [r for r in programmes if not _INSTRUMENT.search(r.name)]
    only = only if len(only) == 1 and not only[0].phase else []

    work_nouns = frozenset(rules.lexicon("work_nouns"))
    lender_heads = frozenset(rules.lexicon("lender_heads"))
    anaphor_heads = frozenset(rules.lexicon("programme_anaphor_heads"))
    programme_heads = frozenset(rules.lexicon("programme_heads"))
    programme_names = {n for r in programmes for n in (r.name, r.acronym) if n}

    def focus(pos: int, end: int | None = None) -> list:
        """The programme a clause that ends at ``pos`` (a role cue) speaks of though it names none and
        holds no anaphor: the release's programme (its only one, else its first) when the cue opens the
        sentence ("Led by X, ...") or the subject before the clause's first auxiliary is "it" or the
        programme's work or team ("Works will be carried out by", "The consortium is led by"); the
        programme last named before with that head noun when the subject is one ("The window will be
        managed by" after "the Finance Window"); nothing when the subject is another thing ("The
        building will be managed by", "a grant from the X Fund, administered by")."""
        start = ctx.sentence_of(pos).start
        if anaphor.search(text, start, pos):
            return []
        # "The Ministry will implement the works": the object is the programme's work
        obj = _WORK_OBJECT.match(text, end) if end is not None else None
        release_only = obj is not None and obj.group("head").lower() in work_nouns
        # "The works will be ...": the release's programme, or the programme its paragraph names first
        para = index.paragraph_start(pos)
        release = only or [r for s, e, r in spans if para <= s and e <= start][:1] or [headline]
        if release_only:
            return release
        aux = _AUXILIARY.search(text, start, pos)
        # "The interconnector, co-financed by X, is being built by Y": a subject set off by a comma
        lead = _SUBJECT_COMMA.match(text, start, pos)
        if lead is not None:
            subject = lead.group("subject").split()
        elif aux is None:
            return [] if text[start:pos].strip() else release
        else:
            subject = _CLAUSE_BREAK.split(text[start:aux.start()])[-1].split()
        # "said the scheme would be ...": the subject starts after its determiner
        det = max((i for i, w in enumerate(subject) if w.lower() in ("the", "all", "its", "their")), default=-1)
        subject = subject[det + 1:]
        if not subject or len(subject) > 3 or not all(w.islower() for w in subject[1:]):
            return []
        head = subject[-1].lower()
        return named_by_head(head, pos) or (release if head in work_nouns or subject == ["it"] else [])

    def named_by_head(head: str, before: int) -> list:
        """The programme last named by ``before`` whose name ends in ``head`` ("the window" after "the
        Finance Window"), as a list of at most one."""
        return [r for s, e, r in spans if e <= before and r.name.split()[-1].lower() == head.lower()][-1:]

    def government_of(name: str) -> str:
        """A country as the text names its government, where it does (``Government of Norway``)."""
        return f"Government of {name}" if name in countries and f"Government of {name}" in text else name

    def in_sentence(pos: int):
        sent = ctx.sentence_of(pos)
        return sent, [(s, e, r) for s, e, r in spans if sent.start <= s and e <= sent.end]

    def parent_of(rec):
        return next((r for r in programmes if rec.parent and rec.parent in (r.acronym, r.name) and r is not rec), None)

    def target(kind: str, start: int, end: int):
        sent, inside = in_sentence(start)
        if kind == "box":
            bs = index.block(start)[0]
            header = header_line.search(text, bs, start + 1)
            first_line_end = text.find("\n", header.start() if header else bs)
            line_start = text.rfind("\n", 0, start) + 1
            hits = [r for s, e, r in spans if (header.start() if header else bs) <= s < first_line_end
                    and not line_start <= s < end]
            if hits:
                rec = hits[0]
                out = [rec]
                if rec.phase and rec.parent and rec.n_mentions <= 1:
                    out += [r for _, _, r in spans if rec.parent in (r.acronym, r.name)][:1]
                return out
            return [headline]
        if kind == "all_after":
            return list({id(r): r for s, e, r in inside if s >= end}.values())
        if kind == "following":
            after = [r for s, e, r in inside if s >= end]
            if after:
                return after[:1]
            # "EUROMED Police, the EU-funded project that ...": the programme the apposition describes
            prior = [r for s, e, r in inside if e <= start and re.fullmatch(r",\s+(?:the|a|an)\s+", text[e:start])]
            return prior[-1:]
        if kind == "prior":
            # "The EU financed it": the programme named last before the pronoun
            prior = [r for s, e, r in spans if e <= start and not _INSTRUMENT.search(r.name)]
            return prior[-1:]
        if kind == "adjacent":
            return [r for s, e, r in inside if end <= s <= end + 2][:1]
        if kind == "previous":
            # ends right before the match, or before the bracket closing its acronym: "X (XP), a UN initiative"
            return [r for s, e, r in inside if start - 1 <= e <= start and text[e:start] in ("", ")")][:1]
        if kind == "approval":
            # the programmes its sentence names after the approval; later ones: see ``approved`` below
            named = {id(r): r for s, e, r in inside if s >= start}
            return list(named.values())
        if kind == "named_after":
            named = [r for s, e, r in inside if s >= end and re.search(r"\bto\s+(?:the\s+)?$", text[max(end, s - 12):s])]
            if named:
                return named
            # "contributes EUR 2 million to the project": the programme the anaphor points back to
            for a in anaphor.finditer(text, end, sent.end):
                if re.search(r"\bto\s+$", text[max(end, a.start() - 4):a.start()]):
                    label = resolve_anaphor(a.group("mod"), a.group("head"), index, sent.start, rules)
                    if label in by_label:
                        return [by_label[label]]
                    break
        # "a grant from the Road Fund (RF) and EUR 5 million from <Org>": a programme the money comes
        # from is a source, not the programme the sentence funds
        # ("support from the DFRI, a two-year project funded by X": the apposition describes the programme)
        # "The interconnector, co-financed by X and by a grant under the Y Facility, is built by Z": the
        # subject the sentence opens with, when it names a programme by its head word, is what the cues speak of
        lead = _SUBJECT_COMMA.match(text, sent.start, start) if kind in ("sentence", "anaphor") else None
        # not when the subject names the programme itself or one follows it in apposition ("The third phase, X,")
        if lead is not None and not any(s <= lead.end() + 2 for s, _e, _r in inside):
            head = lead.group("subject").split()[-1]
            a = anaphor.search(text, lead.start("subject"), lead.end("subject"))
            if a is not None:   # "The first phase, ...": an anaphor with its modifier
                label = resolve_anaphor(a.group("mod"), a.group("head"), index, sent.start, rules)
                if label in by_label:
                    return [by_label[label]]
            elif head.lower() not in anaphor_heads and (named := named_by_head(head, sent.start)):
                return named
        source = {id(r) for s, e, r in inside if _FROM_BEFORE.search(text, max(0, s - 20), s)
                  and not (e <= start and _APPOSITION_TO.fullmatch(text, e, start))}
        inside = [(s, e, r) for s, e, r in inside if id(r) not in source]
        before = [r for s, e, r in inside if e <= start]
        if before:
            return before[-1:]
        for a in anaphor.finditer(text, sent.start, sent.end if kind == "anaphor" else start):
            label = resolve_anaphor(a.group("mod"), a.group("head"), index, sent.start, rules)
            if label in by_label:
                return [by_label[label]]
        after = [r for s, e, r in inside if s >= end][:1]
        if not after and _IT.match(text, sent.start, start):
            # "It is backed by ...": the subject is the programme mentioned last before the sentence
            prior = index.subject_before(sent.start)
            if prior and prior.label in by_label:
                return [by_label[prior.label]]
        if not after and kind == "sentence" and not text[sent.start:start].strip():
            # "Led by X together with Y, the first phase ran ...": a cue opening the sentence, an anaphor after it
            for a in anaphor.finditer(text, end, sent.end):
                label = resolve_anaphor(a.group("mod"), a.group("head"), index, sent.start, rules)
                if label in by_label:
                    return [by_label[label]]
                break
        return after

    def names_of(value: str, rule) -> list[str]:
        if rule.attrs.get("demonyms"):
            return [demonyms[w] for w in re.split(r",\s*|\s+and\s+", value) if w in demonyms]
        out = []
        # "the grid operators X and Y", "the NGO Water Mission": a generic descriptor before a name is no part of it
        value = _drop_descriptors(value, descriptors, demonym_words)
        for n in split_orgs(value, countries, heads, whole):
            if n in months or n in currency_codes:
                continue
            if rule.attrs.get("signatories") and (_BORROWER.match(n) or n in countries):
                continue   # "JICA and the Government of X signed a loan agreement": the borrower lends nothing
            # "Last Thursday IFAD's Executive Board approved": a time before the name is no part of it
            n = time_after.sub("", time_before.sub("", n))   # "... Commission on Tuesday approved"
            if not n:
                continue
            # a person or a person's title is no organisation: "Ms Osei", "the UNDP Resident Representative"
            if n.split()[0].rstrip(".") in honorifics or len(n.split()) > 1 and _title_head(n) in role_nouns:
                continue
            if (n in heads or n in org_words) and n not in known:
                continue    # "The Bank will finance ...": a body named by its head noun alone is no name
            if n.endswith("-based") and " " not in n:
                continue    # "the Zomba-based organisation X": the list stopped at the descriptor
            n = _BASED_PREFIX.sub("", n)     # "Saudi-based Islamic Development Bank"
            n = _POSSESSIVE_END.sub("", n)   # "from ADB's ordinary capital resources"
            # "Commissioner <Name> of the <Body>": a person's title before the body
            titled = re.match(r"^(?P<t>[A-Z][\w-]*)\s+(?:[A-Z][\w-]*\s+){1,3}of\s+the\s+(?P<rest>[A-Z].*)$", n)
            if titled and titled.group("t") in role_nouns:
                n = titled.group("rest")
            # "<Org> Board of Executive Directors", "Executive Board of the <Org>": the body the board governs
            n = governed_body(n, org_words)
            if _BOARD_ONLY.fullmatch(n):
                continue    # "The Board approved ...": a board that names no organisation
            # "UNODC's Global Maritime Crime Programme" -> UNODC; "United Nations Children's Fund" stays whole
            owner = n if re.search(r"['’]s\s+[A-Z][\w-]*$", n) else re.split(r"['’]s\s", n)[0]
            if owner != n and not (owner.isupper() or owner in known or owner in countries
                                   or any(w in heads or w in org_words for w in owner.split())):
                if n.split()[-1] not in org_words:
                    continue   # "Women's Rural Savings Window, which will provide ...": the owner is no body
                owner = n      # "Children's Investment Fund Foundation": a body's name with a possessive inside
            unit = n[len(owner):].lstrip("'’s ") if owner != n else ""
            if not (unit and owner in heads):   # "the Ministry's Rural Access Directorate": the unit names the body
                out.append(_top_level(full_form(owner), known, units, parents))
            # "the OPCW's International Cooperation and Assistance Division": the unit that does the work, too
            words = unit.split()
            # "... Assistance Division", or "Department of Agricultural Extension" (a unit head, then of/for)
            if unit not in out and (words and words[-1] in units and words[-1] not in programme_heads
                                    and words[0] not in units
                                    or len(words) > 2 and words[0] in units and words[1] in ("of", "for")):
                out.append(unit)
        return out

    approved: list[tuple[int, list[str], str]] = []   # (where, funders, rule id) of an "approval" target
    for rule in rules.kind("programme_roles"):
        role, kind = rule.attrs.get("role"), rule.attrs.get("target")
        for m in ctx.rule_hits(rule):
            value = m.group("orgs")
            # "funded by the Foreign, Commonwealth & Development Office": a single name stops at its comma;
            # "with the Agence française de développement (AFD)": at a lower-case word its definition holds
            at = m.start("orgs") + (4 if text.startswith("the ", m.start("orgs")) else 0)
            value = next((n for n in long_names if len(n) > len(value) - (at - m.start("orgs"))
                          and text.startswith(n, at)), value)
            if re.match(r"[$€£¥]", text[m.end("orgs"):m.end("orgs") + 1]):
                continue  # "backed by NZ$4.5 million": a currency prefix, not an organisation
            if value in demonyms and not rule.attrs.get("demonyms") \
                    and re.match(r"[^\S\r\n]+[a-z]", text[m.end("orgs"):m.end("orgs") + 2]):
                continue  # "carried out by Japanese contractors": a nationality, not an organisation
            end = m.end()
            # "Implemented by X, the Y Project ...": a list of bodies stops where a programme is named
            os_, oe = m.span("orgs")
            cut = next((s for s, _e, _r in spans if os_ < s < oe and _LIST_THEN.search(text, os_, s)), None)
            if cut is not None and kind != "box":
                value = _list_head(text[os_:cut])
                end = cut
            # "a grant from the Government of Japan for the Project for X": a name stops before the programme
            cut = next((f for s, _e, _r in spans if os_ < s <= oe
                        for f in [_FOR_THEN.search(text, os_, s)] if f), None)
            if cut is not None and kind != "box":
                value = text[os_:cut.start() + 1]
                end = cut.start() + 1
            recs = target(kind, m.start(), end)
            if kind == "approval":
                approved.append((m.start(), names_of(value, rule), rule.id))
            if not recs and rule.attrs.get("fallback") == "main":
                recs = [headline]
            if not recs and rule.attrs.get("fallback") == "focus":
                recs = focus(m.start(), m.end())   # "Works will be carried out by X": the release's programme
            if not recs:
                continue
            if rule.attrs.get("inherit_parent") == "its":
                sent = ctx.sentence_of(m.start())
                if re.search(r"\bits\s+(?:[\w-]+\s+){0,4}?(?:project|programme|program|initiative)\b", text[m.end():sent.end]):
                    recs = recs + [p for p in map(parent_of, recs) if p is not None]
            if role == "instrument" or kind == "box":
                head, _, rest = value.partition(" – ")
                if role == "instrument":
                    names = [re.sub(r"\s*\([^()]*\)\s*$", "", value).strip()]
                else:
                    # every body the line lists ("A, B and C", "A, through B"), not a figure ("A, EUR 5 million")
                    head = _BOX_CHANNEL.sub(", ", head)
                    if m.groupdict().get("orgs2"):
                        head = f"{head}, {m.group('orgs2')}"
                    names = [n for n in split_orgs(head, countries, heads, whole) if not _DIGIT.search(n)
                             and n not in currency_codes]
                    if rest and re.search(r"Instrument|Program", rest):
                        for r in recs:
                            r.funding_instrument = r.funding_instrument or re.sub(r"\s*\([^()]*\)\s*$", "", rest).strip()
            else:
                names = names_of(value, rule)
                if m.groupdict().get("orgs2"):
                    names += names_of(m.group("orgs2"), rule)
            for r in recs:
                for name in names:
                    name = demonyms.get(name, name)
                    name = government_of(name)
                    if name in (r.name, r.acronym):
                        continue   # "the X Fund ... has committed USD 60 million": no programme funds itself
                    if name in programme_names and role == "owner":
                        continue   # "SAPIP complements the work of UNODC under its ...": a programme owns nothing
                    this = role
                    if role == "channel":
                        this = "instrument" if name.split()[-1] in instrument_heads else "funder"
                    if role == "owner":
                        # a bank that owns a programme lends to it ("which the Bank launched with the X Bank")
                        this = "funder" if name in funding_bodies or aliases.get(name) in funding_bodies \
                            or name.split()[-1] in lender_heads else "implementer"
                    if this == "instrument":
                        r.funding_instrument = r.funding_instrument or name
                    elif this == "funder" and name not in r.funders:
                        r.funders.append(name)
                    elif this == "implementer" and name not in r.implementers:
                        r.implementers.append(name)
                    else:
                        continue
                    _set_by(r, rule.id)
            # "financed by A through B": what the money goes through is a funder too, or the instrument
            channel = m.groupdict().get("channel")
            # the channel's whole name, commas and all: "the Neighbourhood, Development and ... Instrument"
            whole_channel = _NAME_WITH_COMMAS.match(text, m.start("channel")).group(0) if channel else ""
            if channel and any(w in instrument_heads for w in whole_channel.split()):
                instrument = whole_channel.strip(" ,")
                for r in recs:
                    if not r.funding_instrument:
                        r.funding_instrument = instrument
                        _set_by(r, rule.id)
            elif channel:
                for r in recs:
                    for name in names_of(channel, rule):
                        if name not in r.funders and name not in programme_names:
                            r.funders.append(name)
                            _set_by(r, rule.id)
    # a lender approving a set of projects funds every programme named after it that no rule gave a funder
    if approved:
        first_at: dict[int, int] = {}
        for s, _e, r in spans:
            first_at.setdefault(id(r), s)
        # "The board of X approved a loan to rebuild schools. The programme, Y, ...": the programme named
        # first after an approval that names none, within the next sentence or two, is the one approved
        for pos, names, rid in approved:
            sent = ctx.sentence_of(pos)
            if any(sent.start <= s < sent.end for s, _e, _r in spans):
                continue
            nxt = min(((s, r) for s, _e, r in spans if s >= sent.end), key=lambda x: x[0], default=None)
            if nxt and nxt[0] - sent.end <= _APPROVED_REACH and first_at.get(id(nxt[1])) == nxt[0] \
                    and not _INSTRUMENT.search(nxt[1].name):
                added = [n for n in names if n not in nxt[1].funders]
                nxt[1].funders.extend(added)
                if added:
                    _set_by(nxt[1], rid)
        for r in programmes:
            if r.funders:
                continue
            hits = [(names, rid) for pos, names, rid in approved if pos <= first_at.get(id(r), -1)]
            if hits and not _INSTRUMENT.search(r.name):
                names, rid = hits[-1]   # the approval nearest before it
                r.funders.extend(n for n in names if n not in r.funders)
                if names:
                    _set_by(r, rid)
    # possessive owners (EU's BOMCA, INTERPOL's Project Stadia), owner-first names and coined names (EU4Youth)
    for s, _e, r in spans:
        # "the ILO's regional initiative SPIWA": a few lower-case words may stand between owner and name
        m = re.search(r"([A-Z][\w-]*)['’]s\s+(?:[a-z][\w-]*\s+){0,3}$", text[max(0, s - 60):s])
        owner = m.group(1) if m else None
        first = r.name.split()[0]
        if owner is None and (first in aliases or first in aliases.values()) and first != r.name:
            owner = first
        coined = _COINED_FOR.match(r.name)
        if owner is None and coined and (coined.group(1) in aliases or coined.group(1) in aliases.values()):
            owner = coined.group(1)   # "EU4Youth": the body before the 4 ("for")
        if owner in countries and m is not None:
            # "Canada's Anti-Crime Capacity Building Program": a country's programme is funded by it
            name = government_of(owner)
            if name not in r.funders and not r.funders:
                r.funders.append(name)
                _set_by(r, POSSESSIVE_OWNER)
            continue
        if not owner or not (owner in aliases or owner in aliases.values() or owner.isupper()):
            continue
        if owner in funding_bodies or aliases.get(owner) in funding_bodies:
            if owner not in r.funders:
                r.funders.append(owner)
                _set_by(r, POSSESSIVE_OWNER)
        elif owner not in r.implementers:
            r.implementers.append(owner)
            _set_by(r, POSSESSIVE_OWNER)
    # a phase the text gives no roles for takes its parent's
    for r in programmes:
        p = parent_of(r)
        if r.phase and p is not None and ((not r.funders and p.funders) or (not r.implementers and p.implementers)):
            r.funders.extend([] if r.funders else p.funders)
            r.implementers.extend([] if r.implementers else p.implementers)
            _set_by(r, PARENT_ROLES)


#: The ids of the relations this module sets without a rule of ``models/patterns`` (``rule_ids``).
POSSESSIVE_OWNER = "relations.possessive_owner"   # "EU's BOMCA": the owner named before the programme
PARENT_ROLES = "relations.parent_roles"           # a phase with no roles of its own takes its parent's


#: a party to a loan agreement that borrows: a state or one of its ministries
_BORROWER = re.compile(r"(?:Government|Republic|Kingdom|State|Ministry|Federal|Democratic|Islamic|People['’]s)\b")
#: words that join two bodies, not the words of one name: a definition holding one ("IOM with the United
#: Nations Children's Fund (UNICEF)") is read wrong and lengthens no name
_JOINS_BODIES = re.compile(r"\b(?:with|together|through|by|from|via|and)\b")

#: a name whose words may be joined by commas: "Neighbourhood, Development and International Cooperation Instrument"
_NAME_WITH_COMMAS = re.compile(r"[A-Z][\w’'-]*(?:,?[^\S\r\n]+(?:(?:and|for|of|the|&)[^\S\r\n]+)*[A-Z][\w’'-]*){0,30}")
#: a line drawn with one repeated character, separating blocks of a page
_RULE_LINE = re.compile(r"[^\S\r\n]*([-=_*~•])\1{2,}[^\S\r\n]*\r?\n?")
#: the object after a role verb: "(implement) the works", "(implement) its field activities"
_WORK_OBJECT = re.compile(r"(?:the|its|their|all)\s+(?:[a-z][\w-]*\s+)?(?P<head>[a-z][\w-]*)\b")
#: a sentence's subject followed by a comma and the cue: "The interconnector, co-financed by"
_SUBJECT_COMMA = re.compile(r"\s*(?P<subject>(?:The|Its)\s+(?:[\w-]+\s+){0,2}?[\w-]+),\s")
#: the first auxiliary of a clause, which ends its subject ("Works will be ...", "Implementation is ...")
_AUXILIARY = re.compile(r"\b(?:will|shall|would|is|are|was|were|has|have|had|can|may|must)\b")
#: where a clause's subject starts at the latest: "Funded by X, it is implemented by Y"
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:that|which|and|but|while)\b")


def _title_head(name: str) -> str:
    """The head word of a name's first phrase, before any "of"/"for" and after any hyphen: a role
    noun here makes the name a person's title ("WHO Regional Director for the Western Pacific",
    "Under-Secretary of State X"), not an organisation ("Office of the High Commissioner")."""
    head = re.split(r"\s+(?:of|for)\s+", name, maxsplit=1)[0].split()
    return head[-1].rsplit("-", 1)[-1] if head else ""


def _set_by(record, rule_id: str) -> None:
    """Record that ``rule_id`` set a field of ``record`` (its ``rule_ids``, each id once)."""
    if rule_id not in record.rule_ids:
        record.rule_ids.append(rule_id)


def run(tables: dict[str, list], ctx: DocContext) -> None:
    """Set the roles of the programmes (canonical names) and ``programme`` on amounts and durations, in place."""
    programmes = tables.get("programmes", [])
    all_m = mention_index(programmes, ctx)
    if not all_m:
        return
    index = _Index(ctx, all_m)
    _roles(ctx, programmes, index)
    for programme in programmes:
        # no programme funds or runs itself, nor a phase its programme ("XP III will add ..." read as a body)
        own = {programme.name, programme.acronym, programme.parent} | {
            f for p in programmes if programme.parent and programme.parent in (p.name, p.acronym)
            for f in (p.name, p.acronym)}
        programme.funders = [o for o in organisations(programme.funders, ctx) if o not in own]
        programme.implementers = [o for o in organisations(programme.implementers, ctx) if o not in own]
    for table in ("amounts", "durations"):
        for item in tables.get(table, []):
            if not item.programme:
                item.programme = link_one(ctx, item.start, item.end, index)
