"""Regex rules from ``models/patterns`` run over a text: plain functions, no spaCy.

``rule_hits`` runs each rule once and keeps all its matches, overlapping ones
included (the programme extractors read them so); ``resolve`` picks the
non-overlapping matches of a kind from them; ``find_matches`` does both.
"""

from __future__ import annotations

import bisect
import re

from .context import RuleMatch
from .rules import Rule

_LINE = re.compile(r"[^\r\n]+")


def rule_hits(text: str, rules: list[Rule]) -> dict[str, list[re.Match]]:
    """Every non-empty match of each rule in ``text``, by rule id, in order of position.

    A rule with a line trigger runs only over the lines the trigger finds
    something in.

    >>> import re
    >>> r = [Rule("num", "k", re.compile(r"\\d+")), Rule("eur", "k", re.compile(r"\\d+ euros"), re.compile("euro"))]
    >>> {i: [m.group() for m in ms] for i, ms in rule_hits("5 euros\\nand 7", r).items()}
    {'num': ['5', '7'], 'eur': ['5 euros']}
    """
    hits: dict[str, list[re.Match]] = {}
    lines: tuple[list[int], list[int]] | None = None
    for rule in rules:
        if rule.trigger is None:
            found = list(rule.regex.finditer(text))
        else:
            if lines is None:
                spans = [m.span() for m in _LINE.finditer(text)]
                lines = [s for s, _ in spans], [e for _, e in spans]
            found = _on_trigger_lines(text, rule, *lines)
        hits[rule.id] = [m for m in found if m.end() > m.start()]
    return hits


def _on_trigger_lines(text: str, rule: Rule, starts: list[int], ends: list[int]) -> list[re.Match]:
    """Matches of ``rule`` on the lines its trigger finds something in. The trigger runs
    over the whole text and each hit selects its line, so lines without a hit cost
    nothing; a hit reaching past its line only adds a line, never loses a match."""
    found: list[re.Match] = []
    pos = 0
    while (hit := rule.trigger.search(text, pos)) is not None:
        i = bisect.bisect_right(starts, hit.start()) - 1
        if i < 0 or hit.start() >= ends[i]:  # the hit starts on a line break
            pos = hit.start() + 1
            continue
        found.extend(rule.regex.finditer(text, starts[i], ends[i]))
        pos = ends[i]
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
