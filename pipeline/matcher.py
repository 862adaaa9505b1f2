"""Regex rules from ``models/patterns`` run over a text: plain functions, no spaCy.

``rule_hits`` runs each rule once and keeps all its matches, overlapping ones
included (the programme extractors read them so); ``resolve`` picks the
non-overlapping matches of a kind from them, as ``RuleMatch`` records;
``find_matches`` does both.

A rule with a line trigger runs on a line at most ``WINDOW`` characters at a
time: a longer line (a scraped menu or list joined onto one line) is searched
in windows overlapping by ``OVERLAP`` characters, so that no rule costs more
than its windows, whatever the length of the line. Real lines are far shorter
than a window; on a longer line, a match is found as on the whole line
unless it (with what its lookarounds read) is longer than the overlap.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .rules import Rule

_LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class RuleMatch:
    """One match of a data rule from ``models/patterns``: where, which rule, what groups."""

    kind: str
    rule_id: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]
    group_spans: dict[str, tuple[int, int]]
    attrs: dict[str, Any]


#: Characters of a line a rule is searched in at once (see the module docstring).
WINDOW = 4000
#: Overlap of consecutive windows: the longest match (and lookaround context) a long line keeps intact.
OVERLAP = 1000


def rule_hits(text: str, rules: list[Rule], lines: dict | None = None) -> dict[str, list[re.Match]]:
    """Every non-empty match of each rule in ``text``, by rule id, in order of position.

    A rule with a line trigger runs only over the lines the trigger finds
    something in. ``lines``, when given, is a cache for one ``text`` shared by
    calls over the same text: its lines, and the lines each trigger selects, are
    then found once (many rules share a trigger) instead of once per rule.

    >>> import re
    >>> r = [Rule("num", "k", re.compile(r"\\d+")), Rule("eur", "k", re.compile(r"\\d+ euros"), re.compile("euro"))]
    >>> {i: [m.group() for m in ms] for i, ms in rule_hits("5 euros\\nand 7", r).items()}
    {'num': ['5', '7'], 'eur': ['5 euros']}
    """
    hits: dict[str, list[re.Match]] = {}
    cache = {} if lines is None else lines
    for rule in rules:
        if rule.trigger is None:
            found = list(rule.regex.finditer(text))
        else:
            if None not in cache:
                spans = [m.span() for m in _LINE.finditer(text)]
                cache[None] = [s for s, _ in spans], [e for _, e in spans]
            starts, ends = cache[None]
            key = (rule.trigger.pattern, rule.trigger.flags)
            if key not in cache:
                cache[key] = _trigger_lines(text, rule.trigger, starts, ends)
            found = []
            for i in cache[key]:
                found.extend(finditer_windows(rule.regex, text, starts[i], ends[i]))
        hits[rule.id] = [m for m in found if m.end() > m.start()]
    return hits


def _trigger_lines(text: str, trigger: re.Pattern, starts: list[int], ends: list[int]) -> list[int]:
    """Indexes of the lines ``trigger`` finds something in, in order. The trigger runs
    over the whole text and each hit selects its line, so lines without a hit cost
    nothing; a hit reaching past its line only adds a line, never loses a match."""
    found: list[int] = []
    pos = 0
    while (hit := trigger.search(text, pos)) is not None:
        i = bisect.bisect_right(starts, hit.start()) - 1
        if i < 0 or hit.start() >= ends[i]:  # the hit starts on a line break
            pos = hit.start() + 1
            continue
        found.append(i)
        pos = ends[i]
    return found


def finditer_windows(regex: re.Pattern, text: str, start: int, end: int) -> list[re.Match]:
    """``regex.finditer(text, start, end)``, searched ``WINDOW`` characters at a time.

    Each window keeps the matches that start before its last ``OVERLAP``
    characters (where every match of a realistic length still ends, with the
    context its lookarounds read, inside the window) and the next window
    starts where the search stopped, as ``finditer`` goes on after a match.

    >>> import re
    >>> text = "EUR 5 " * 2000
    >>> [m.span() for m in finditer_windows(re.compile(r"EUR \\d"), text, 0, len(text))] == \\
    ...     [m.span() for m in re.finditer(r"EUR \\d", text)]
    True
    """
    if end - start <= WINDOW:
        return list(regex.finditer(text, start, end))
    found: list[re.Match] = []
    pos = start
    while end - pos > WINDOW:
        stop = pos + WINDOW
        safe = resume = stop - OVERLAP
        for m in regex.finditer(text, pos, stop):
            if m.start() >= safe:
                break
            found.append(m)
            resume = max(safe, m.end())
        pos = resume
    found.extend(regex.finditer(text, pos, end))
    return found


def resolve(hits: dict[str, list[re.Match]], rules: list[Rule]) -> list[RuleMatch]:
    """The matches of ``rules`` that survive overlap resolution, sorted by position.

    Where two matches overlap, the longer one wins; on a tie, the rule listed
    first wins.
    """
    candidates: list[tuple[int, int, int, re.Match, Rule]] = []
    for order, rule in enumerate(rules):
        for m in hits.get(rule.id, ()):
            candidates.append((m.start(), m.end(), order, m, rule))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    starts: list[int] = []  # the kept spans, disjoint and sorted: only the one starting
    ends: list[int] = []    # last before a candidate's end can overlap it
    kept: list[RuleMatch] = []
    for start, end, _, m, rule in candidates:
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        groups = m.groupdict()
        kept.append(RuleMatch(kind=rule.kind, rule_id=rule.id, start=start, end=end, text=m.group(0),
                              groups=groups, group_spans={k: m.span(k) for k, v in groups.items() if v is not None},
                              attrs=rule.attrs))
    kept.sort(key=lambda m: (m.start, m.end))
    return kept


def find_matches(text: str, rules: list[Rule]) -> list[RuleMatch]:
    """All matches of ``rules`` in ``text``, overlaps resolved longest-first (see ``resolve``).

    >>> import re
    >>> r = [Rule("a", "k", re.compile(r"\\d+")), Rule("b", "k", re.compile(r"\\d+ euros"))]
    >>> [(m.rule_id, m.text) for m in find_matches("5 euros and 7", r)]
    [('b', '5 euros'), ('a', '7')]
    """
    return resolve(rule_hits(text, rules), rules)
