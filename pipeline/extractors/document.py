"""Document fields: publication date and dateline place.

Both come from the structure of the top of a release, not from names: the
rules in ``models/patterns/document.jsonl`` find, within the first
:data:`HEADER_LINES` non-empty lines,

* ``dateline_dated``: a ``PLACE, date`` opening (``JAKARTA, 20 October 2015 –``,
  ``Beirut, 12.10.2021``);
* ``header_date``: a line that starts with a date, optionally after a label
  or a short lead and a separator (``2019-11-07 ›``, ``26/06/2018 - 00:00``,
  ``21 June 2013 - Media release``, ``Published: ...``, ``Press release | ...``);
* ``dateline_place``: a place in capitals before a dash that opens the body
  (``DOHA –``, ``LYON, France –``); ``dateline_place_title`` the same in title
  case (``Vienna – The OSCE ...``) where the line is a whole paragraph.

The date itself is the day-grain date match (``models/patterns/dates.jsonl``)
that begins where the structure rule says; the first one wins. A date that is
an end of a period (``Overall term: 15/01/2020 - 14/01/2023``, an ``interval_*``
rule of ``models/patterns/durations.jsonl``) is a fact-box value, never the
date of issue.
"""

from __future__ import annotations

import re
from datetime import date

from ..context import DocContext
from . import dates, durations

#: How many non-empty lines from the top count as the header.
HEADER_LINES = 12
#: What may follow a header date: the end of the line or a separator (``–``, ``›``, ``|``, ``- 00:00``).
_AFTER_HEADER_DATE = re.compile(r"[^\S\r\n]*(?:\r?\n|$|[-–—›»|•·:,(])")


def header_end(text: str, lines: int = HEADER_LINES) -> int:
    """Offset just past the ``lines``-th non-empty line of ``text``.

    >>> header_end("a\\n\\nb\\nc\\n", 2)
    5
    """
    seen = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        if line.strip():
            seen += 1
            if seen >= lines:
                return pos
    return len(text)


def _period_spans(ctx: DocContext, limit: int) -> list[tuple[int, int]]:
    """Spans of the periods (two dates joined by a range separator) in the header."""
    spans = []
    for m in ctx.rule_matches("durations"):
        if m.start >= limit or not m.rule_id.startswith("interval_"):
            continue
        # any year completes ends written without one: only the shape matters here
        if durations.parse_interval(m.rule_id, m.groups, default_year=2000, rules=ctx.rules) is not None:
            spans.append((m.start, m.end))
    return spans


def extract(ctx: DocContext) -> tuple[date | None, str | None]:
    """``(publication_date, dateline)`` of the document, ``None`` where the text gives none."""
    limit = header_end(ctx.text)
    periods = _period_spans(ctx, limit)
    day_dates = {}
    for m in ctx.rule_matches("dates"):
        if m.start >= limit or m.rule_id == "date_relative":
            continue
        if any(m.start < e and s < m.end for s, e in periods):
            continue
        parsed = dates.parse(m.rule_id, m.groups, rules=ctx.rules)
        if parsed and parsed[1] == "day" and _AFTER_HEADER_DATE.match(ctx.text, m.end):
            day_dates.setdefault(m.start, parsed[0])
    weekdays = {w.lower() for w in ctx.rules.lexicon("weekdays")}
    found: list[tuple[int, date, str | None]] = []
    places: list[tuple[int, int, str]] = []
    for m in ctx.rule_matches("document"):
        if m.start >= limit:
            continue
        place = (m.groups.get("place") or "").strip() or None
        if place and place.lower() in weekdays:
            place = None
        if m.rule_id.startswith("dateline_place"):
            if place:  # a place in capitals beats a title-case one
                places.append((m.rule_id != "dateline_place", m.start, place))
            continue
        first = m.group_spans.get("first")
        value = day_dates.get(first[0]) if first else None
        if value is None:
            continue
        try:
            when = date.fromisoformat(value)
        except ValueError:
            continue
        found.append((m.start, when, place if m.rule_id == "dateline_dated" else None))
    found.sort(key=lambda f: f[0])
    publication = found[0][1] if found else None
    dateline = next((p for _, _, p in found if p), None)
    if dateline is None and places:
        dateline = min(places)[2]
    return publication, dateline
