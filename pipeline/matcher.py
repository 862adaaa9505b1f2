"""Regex rules from ``models/patterns`` run over a text: plain functions, no spaCy."""

from __future__ import annotations

import bisect
import re

from .context import RuleMatch
from .rules import Rule

_LINE = re.compile(r"[^\r\n]+")


def find_matches(text: str, rules: list[Rule]) -> list[RuleMatch]:
    """All matches of ``rules`` in ``text``, overlaps resolved longest-first.

    Where two matches overlap, the longer one wins; on a tie, the rule listed
    first in its file wins. The result is sorted by position.

    >>> import re
    >>> r = [Rule("a", "k", re.compile(r"\\d+")), Rule("b", "k", re.compile(r"\\d+ euros"))]
    >>> [(m.rule_id, m.text) for m in find_matches("5 euros and 7", r)]
    [('b', '5 euros'), ('a', '7')]
    """
    candidates: list[tuple[int, int, int, RuleMatch]] = []
    lines: list[tuple[int, int]] | None = None
    for order, rule in enumerate(rules):
        if rule.trigger is None:
            found = rule.regex.finditer(text)
        else:
            if lines is None:
                lines = [m.span() for m in _LINE.finditer(text)]
            found = (m for s, e in lines if rule.trigger.search(text, s, e)
                     for m in rule.regex.finditer(text, s, e))
        for m in found:
            if m.end() == m.start():
                continue
            groups = m.groupdict()
            spans = {k: m.span(k) for k, v in groups.items() if v is not None}
            candidates.append((m.start(), m.end(), order, RuleMatch(
                kind=rule.kind, rule_id=rule.id, start=m.start(), end=m.end(),
                text=m.group(0), groups=groups, group_spans=spans, attrs=rule.attrs)))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    starts: list[int] = []  # the kept spans, disjoint and sorted: only the one starting
    ends: list[int] = []    # last before a candidate's end can overlap it
    kept: list[RuleMatch] = []
    for start, end, _, match in candidates:
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append(match)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
