"""Regex rules from ``models/patterns`` run over a text: plain functions, no spaCy."""

from __future__ import annotations

from .context import RuleMatch
from .rules import Rule


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
    for order, rule in enumerate(rules):
        for m in rule.regex.finditer(text):
            if m.end() == m.start():
                continue
            groups = m.groupdict()
            spans = {k: m.span(k) for k, v in groups.items() if v is not None}
            candidates.append((m.start(), m.end(), order, RuleMatch(
                kind=rule.kind, rule_id=rule.id, start=m.start(), end=m.end(),
                text=m.group(0), groups=groups, group_spans=spans, attrs=rule.attrs)))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    kept: list[RuleMatch] = []
    for start, end, _, match in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        kept.append(match)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
