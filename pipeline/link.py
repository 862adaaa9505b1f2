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


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", pos)
    return start, len(text) if end < 0 else end


def _block(text: str, pos: int) -> tuple[int, int]:
    """The run of non-blank lines around ``pos``."""
    lines = text.splitlines(keepends=True)
    offsets, o = [], 0
    for line in lines:
        offsets.append((o, o + len(line)))
        o += len(line)
    i = next((k for k, (s, e) in enumerate(offsets) if s <= pos < e), len(offsets) - 1)
    a = b = i
    while a > 0 and lines[a - 1].strip():
        a -= 1
    while b + 1 < len(lines) and lines[b + 1].strip():
        b += 1
    return offsets[a][0], offsets[b][1]


def _fact_box(ctx: DocContext, pos: int, all_m: list[Mention]) -> str | None:
    text = ctx.text
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    if not _FACT_LINE.match(line) and not line.lstrip().startswith("of which"):
        return None
    bs, be = _block(text, pos)
    header = header_line_regex(ctx.rules).search(text, bs, be)
    if header:
        h_end = text.find("\n", header.start())
        inside = [m for m in all_m if header.start() <= m.start < (h_end if h_end > 0 else be)]
        if inside:
            m = inside[0]
            if m.phase and m.n_mentions <= 1 and m.parent:
                return m.parent
            return m.label
    first_line_end = text.find("\n", bs)
    first_line_end = be if first_line_end < 0 else first_line_end
    inside = [m for m in all_m if bs <= m.start < first_line_end]
    if inside:
        return inside[0].label
    return all_m[0].label if all_m else None


def link_one(ctx: DocContext, start: int, end: int, all_m: list[Mention]) -> str | None:
    """The programme an item at ``text[start:end]`` belongs to, or None."""
    if not all_m:
        return None
    text = ctx.text
    sent = ctx.sentence_of(start)
    in_sent = [m for m in all_m if sent.start <= m.start and m.end <= sent.end]
    # "a grant from <Programme>": the programme the money comes from is its source, not its target
    after = [m for m in in_sent if m.start >= end]
    sources = {m.label for m in after if _FROM.match(text[end:m.start])}
    after = [m for m in after if m.label not in sources]
    if after and _AFTER.match(text[end:after[0].start]):
        return after[0].label
    before = [m for m in in_sent if m.end <= start]
    if before:
        return before[-1].label
    for a in anaphor_regex(ctx.rules).finditer(text, sent.start, sent.end):
        prior = [m for m in all_m if m.end <= sent.start]
        found = _resolve_anaphor(a.group("mod"), a.group("head"), prior, ctx.rules)
        if found:
            return found
    if re.match(r"\s*It\b", text[sent.start:start]):
        prior = [m for m in all_m if m.end <= sent.start and not m.instrument]
        if prior:
            return prior[-1].label
    if after:
        return after[0].label
    boxed = _fact_box(ctx, start, all_m)
    if boxed:
        return boxed
    ps, _ = _paragraph(text, start)
    para = [m for m in all_m if ps <= m.start and m.end <= start]
    if para:
        return para[-1].label
    return all_m[0].label


def run(tables: dict[str, list], ctx: DocContext) -> None:
    """Set ``programme`` on amounts and durations in place."""
    all_m = mentions(ctx)
    if not all_m:
        return None
    for table in ("amounts", "durations"):
        for item in tables.get(table, []):
            if getattr(item, "programme", None):
                continue
            item.programme = link_one(ctx, item.start, item.end, all_m)
    return None
