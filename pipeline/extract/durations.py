"""Extractor for the durations table: lengths (``three-year`` -> P3Y) and periods (``2020–2021``).

The rules are ``models/patterns/durations.jsonl``: ``length`` finds a number
and a unit (``18 months``, ``two-week``, ``four and a half years``, with a
qualifier such as ``more than``); the ``interval_*`` rules find periods with a
start and an end over ``-``, ``–``, ``—``, ``to``, ``until`` or
``between ... and ...``. Ends without a year take the year of the other end or
the publication year. The ``programme`` column is left to the link stage.
"""

from __future__ import annotations

import re
from datetime import date

from .. import timex
from ..context import DocContext, RuleMatch
from ..records import Duration

#: Words just before a length that make it an age, not a duration.
_AGE_BEFORE = re.compile(r"(?i)\baged?[^\S\r\n]+(?:about[^\S\r\n]+|over[^\S\r\n]+|under[^\S\r\n]+)?$")


def parse_length(groups: dict[str, str | None]) -> tuple[str, str | None] | None:
    """``(ISO duration, qualifier)`` from the groups of a ``length`` match.

    >>> parse_length({"num": "three", "unit": "year"})
    ('P3Y', None)
    >>> parse_length({"qual": "More than", "num": "10", "unit": "years"})
    ('P10Y', 'more than')
    >>> parse_length({"num": "four", "half": " and a half", "unit": "years"})
    ('P4Y6M', None)
    >>> parse_length({"num": "5", "unit": "years", "old": "-old"}) is None
    True
    """
    if groups.get("old"):
        return None
    raw = (groups.get("num") or "").replace(",", ".")
    if re.fullmatch(r"\d+\.\d+", raw):
        number: float | int | None = float(raw)
    else:
        number = timex.parse_number(raw)
    value = timex.duration_iso(number, groups.get("unit"), half=bool(groups.get("half")))
    if value is None:
        return None
    qual = groups.get("qual")
    return value, (re.sub(r"\s+", " ", qual.lower()) if qual else None)


def parse_interval(rule_id: str, groups: dict[str, str | None],
                   default_year: int | None = None) -> tuple[str, str, str] | None:
    """``(interval, start, end)`` from the groups of an ``interval_*`` match.

    >>> parse_interval("interval_my_my", {"m1": "June", "y1": "2015", "sep": " - ", "m2": "June", "y2": "2018"})
    ('2015-06/2018-06', '2015-06', '2018-06')
    >>> parse_interval("interval_d_dm", {"d1": "5", "sep": "-", "d2": "6", "m2": "November"}, 2019)[0]
    '2019-11-05/2019-11-06'
    >>> parse_interval("interval_y_y", {"y1": "2019", "sep": " and ", "y2": "2022"}) is None  # needs 'between'
    True
    """
    sep = (groups.get("sep") or "").strip().lower()
    pre = (groups.get("pre") or "").strip().lower()
    if sep == "and" and pre != "between":
        return None
    if pre == "between" and sep not in ("and", "-", "–", "—"):
        return None
    start = end = None
    if rule_id == "interval_numeric":
        start, end = timex.numeric_date(groups.get("n1")), timex.numeric_date(groups.get("n2"))
    elif rule_id == "interval_y_y":
        y1 = timex.parse_year(groups.get("y1"))
        y2 = timex.parse_year(groups.get("y2"), after=y1) if y1 else None
        if y1 and y2 and y2 - y1 <= 100:
            start, end = timex.iso(y1), timex.iso(y2)
    elif rule_id in ("interval_my_my", "interval_dm_dm", "interval_d_dm"):
        m2 = timex.month_number(groups.get("m2"))
        m1 = timex.month_number(groups.get("m1")) if groups.get("m1") else m2
        y2 = timex.parse_year(groups.get("y2")) if groups.get("y2") else None
        y1 = timex.parse_year(groups.get("y1")) if groups.get("y1") else None
        y2 = y2 or y1 or default_year
        if m1 is None or m2 is None or y2 is None:
            return None
        if y1 is None:
            y1 = y2 if (m1, int(groups.get("d1") or 0)) <= (m2, int(groups.get("d2") or 99)) else y2 - 1
        if rule_id == "interval_my_my":
            start, end = timex.iso(y1, m1), timex.iso(y2, m2)
        else:
            start = timex.iso(y1, m1, int(groups["d1"])) if groups.get("d1") else None
            end = timex.iso(y2, m2, int(groups["d2"])) if groups.get("d2") else None
    value = timex.interval(start, end)
    if value is None:
        return None
    return value, start, end


def in_one_sentence(ctx: DocContext, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside one sentence."""
    if not ctx.sentences:
        return True
    sent = ctx.sentence_of(start)
    return sent.start <= start and end <= sent.end


def clip_to_sentence(ctx: DocContext, start: int, end: int) -> tuple[int, int] | None:
    """The span if it lies in one sentence; else, when it stays on one line (the
    sentence splitter cut a header line such as ``21 June 2013 - Media release``),
    its longest piece inside one sentence; else ``None``."""
    if in_one_sentence(ctx, start, end):
        return start, end
    if "\n" in ctx.text[start:end]:
        return None
    best: tuple[int, int] | None = None
    for sent in ctx.sentences[ctx.sentence_id(start):ctx.sentence_id(end - 1) + 1]:
        s, e = max(start, sent.start), min(end, sent.end)
        if s < e and (best is None or e - s > best[1] - best[0]):
            best = (s, e)
    return best


def _span(m: RuleMatch) -> tuple[int, int]:
    """The match without a leading ``from`` (``between`` stays: it goes with ``and``)."""
    start = m.start
    if (m.groups.get("pre") or "").lower() == "from" and "pre" in m.group_spans:
        start = m.group_spans["pre"][1]
        while start < m.end and m.text[start - m.start].isspace():
            start += 1
    return start, m.end


def find(ctx: DocContext) -> list[Duration]:
    """Every duration of the document, in text order (also used by ``dates`` to skip period ends)."""
    anchor: date | None = ctx.publication_date
    default_year = anchor.year if anchor else None
    out: list[Duration] = []
    for m in ctx.rule_matches("durations"):
        span = clip_to_sentence(ctx, *_span(m))
        if span is None:
            continue
        start, end = span
        if m.rule_id == "length":
            if _AGE_BEFORE.search(ctx.text[max(0, start - 20):start]):
                continue
            parsed = parse_length(m.groups)
            if parsed is None:
                continue
            value, qualifier = parsed
            out.append(Duration(**ctx.mention(start, end, m.rule_id), value=value, kind="length",
                                qualifier=qualifier))
        elif m.rule_id.startswith("interval_"):
            parsed_iv = parse_interval(m.rule_id, m.groups, default_year)
            if parsed_iv is None:
                continue
            value, p_start, p_end = parsed_iv
            out.append(Duration(**ctx.mention(start, end, m.rule_id), value=value, kind="interval",
                                period_start=p_start, period_end=p_end))
    return out


def extract(ctx: DocContext) -> list[Duration]:
    return find(ctx)
