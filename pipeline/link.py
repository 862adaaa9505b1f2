"""Link stage: tie amounts and durations to the programme they belong to.

The programmes extractor leaves an index of every programme mention on
``ctx.programme_index``. For each amount or duration, in order of preference:

1. a programme named right after it (``C$3 million to TRACE``);
2. the nearest programme mention before it in its sentence;
3. an anaphor in the sentence (``the project``, ``the new phase``, ``the first
   phase``) resolved to the programme mentioned last before the sentence;
4. the nearest programme mention after it in its sentence;
5. for a fact-box line (``Budget: EUR 7 000 000``), the programme of the box
   (its ``Project:`` line or heading);
6. the nearest mention before it in its paragraph;
7. the programme the release is about (its first mention).

The link names the programme by its acronym where it has one, else its name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .context import DocContext
from .extractors.programmes import anaphor_regex, header_line_regex, ordinals, phase_number
from .rules import Rules

_FACT_LINE = re.compile(r"^[ \t]*(?:[-•*][ \t]*)?[A-Z][^:\n]{1,40}:[ \t]*\S")
_AFTER = re.compile(r"^[^\n.;]{0,25}?\b(?:to|for|of)\s+(?:the\s+)?$")
_INSTRUMENT = re.compile(r"\bInstrument\b")
_FROM = re.compile(r"^[^\n.;]{0,25}?\bfrom\s+(?:the\s+)?$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    phase: str | None
    parent: str | None
    instrument: bool
    n_mentions: int
    kind: str | None = None     # what the text calls it: "project", "programme", "initiative"


def mentions(ctx: DocContext) -> list[Mention]:
    """Every programme mention of the document, in text order."""
    out = []
    for entry in getattr(ctx, "programme_index", None) or []:
        rec = entry["record"]
        label = rec.acronym or rec.name
        for s, e in entry["mentions"]:
            out.append(Mention(s, e, label, rec.phase, rec.parent, bool(_INSTRUMENT.search(rec.name)), rec.n_mentions,
                               entry.get("kind")))
    out.sort(key=lambda m: m.start)
    return out


def _resolve_anaphor(mod: str | None, head: str, before: list[Mention], rules: Rules) -> str | None:
    usable = [m for m in before if not m.instrument]
    if not usable:
        return None
    mod = (mod or "").lower()
    ordinal = ordinals(rules)
    if head.lower() == "phase" or mod in ordinal:
        want = ordinal.get(mod)
        phases = [m for m in usable if m.phase]
        if want:
            exact = [m for m in phases if phase_number(m.phase, rules) == want]
            if exact:
                return exact[-1].label
            if phases and (want == "1" or mod in ("previous", "earlier", "former", "original")):
                return phases[-1].parent
        if mod in ("previous", "earlier", "former", "original") and phases:
            return phases[-1].parent
        if phases and head.lower() == "phase" and mod != "first":
            return phases[-1].label
        last = usable[-1]
        if want == "1" and last.phase and phase_number(last.phase, rules) != "1":
            return last.parent
        return last.label
    # "the project" after a programme and a project: the one the text calls a project
    noun = {"program": "programme"}.get(head.lower(), head.lower())
    kinds = {m.kind for m in usable if m.kind}
    if noun in kinds and usable[-1].kind != noun:
        return [m for m in usable if m.kind == noun][-1].label
    return usable[-1].label


_FACT_LINE_AT = re.compile(_FACT_LINE.pattern[1:])   # matched at a line's start with pos/endpos
_IT = re.compile(r"\s*It\b")


class _Index:
    """What ``link_one`` asks of a document, built once so that each item costs a logarithmic
    number of steps (not a pass over every mention or over the text):

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
        self.starts = [m.start for m in all_m]
        groups: dict = {}
        for i, m in enumerate(all_m):
            keys = ["all"]
            if not m.instrument:
                keys.append("usable")
                if m.phase:
                    keys += ["phase", ("number", phase_number(m.phase, rules))]
                if m.kind:
                    keys.append(("kind", m.kind))
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

    def block(self, pos: int) -> tuple[int, int]:
        """The run of non-blank lines around ``pos`` (from the text's lines, split once)."""
        if self._lines is None:
            lines = self.text.splitlines(keepends=True)
            starts, o = [], 0
            for line in lines:
                starts.append(o)
                o += len(line)
            full = [bool(line.strip()) for line in lines]
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


def _fact_box(ctx: DocContext, pos: int, all_m: list[Mention], index: _Index | None = None) -> str | None:
    index = index or _Index(ctx, all_m)
    text = ctx.text
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
    return all_m[0].label if all_m else None


def _resolve_at(mod: str | None, head: str, index: _Index, before: int, rules: Rules) -> str | None:
    """``_resolve_anaphor`` over the mentions ending at or before ``before``, from the index."""
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
    named = index.last(("kind", noun), before)
    if named and last.kind != noun:
        return named.label
    return last.label


def _first_after(index: _Index, end: int, sent, skip: set[str]) -> Mention | None:
    """The first mention of the sentence starting at or after ``end`` whose label is not in ``skip``."""
    i = bisect.bisect_left(index.starts, max(end, sent.start))
    while i < len(index.starts) and index.starts[i] <= sent.end:
        m = index.all_m[i]
        if m.end <= sent.end and m.label not in skip:
            return m
        i += 1
    return None


def link_one(ctx: DocContext, start: int, end: int, all_m: list[Mention], index: _Index | None = None) -> str | None:
    """The programme an item at ``text[start:end]`` belongs to, or None."""
    if not all_m:
        return None
    index = index or _Index(ctx, all_m)
    text = ctx.text
    sent = ctx.sentence_of(start)
    # "a grant from <Programme>": the programme the money comes from is its source, not its target
    first = _first_after(index, end, sent, index.sources(end, sent))
    if first and index._word_start(first.start) - end <= 29 and _AFTER.match(text[end:first.start]):
        return first.label
    prior = index.last("all", min(start, sent.end))
    if prior is not None and prior.start >= sent.start:
        return prior.label
    key = (sent.start, sent.end)
    if key not in index.anaphors:
        index.anaphors[key] = None
        for a in anaphor_regex(ctx.rules).finditer(text, sent.start, sent.end):
            found = _resolve_at(a.group("mod"), a.group("head"), index, sent.start, ctx.rules)
            if found:
                index.anaphors[key] = found
                break
    if index.anaphors[key]:
        return index.anaphors[key]
    if _IT.match(text, sent.start, start):
        prior = index.last("usable", sent.start)
        if prior:
            return prior.label
    if first:
        return first.label
    boxed = _fact_box(ctx, start, all_m, index)
    if boxed:
        return boxed
    ps = index.paragraph_start(start)
    prior = index.last("all", start)
    if prior is not None and prior.start >= ps:
        return prior.label
    return all_m[0].label


def run(tables: dict[str, list], ctx: DocContext) -> None:
    """Set ``programme`` on amounts and durations in place."""
    all_m = mentions(ctx)
    if not all_m:
        return None
    index = _Index(ctx, all_m)
    for table in ("amounts", "durations"):
        for item in tables.get(table, []):
            if getattr(item, "programme", None):
                continue
            item.programme = link_one(ctx, item.start, item.end, all_m, index)
    return None
