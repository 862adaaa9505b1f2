"""Document fields: publication date and dateline place.

Both come from the structure of the top of a release, not from names: the
rules in ``models/patterns/document.jsonl`` find, within the first
:data:`HEADER_LINES` non-empty lines (each rule's ``type`` names its function
in :data:`RECOGNIZERS`),

* ``dateline_dated``: a ``PLACE, date`` opening (``JAKARTA, 20 October 2015 –``,
  ``Beirut, 12.10.2021``);
* ``header_date``: a line that starts with a date, optionally after a label
  or a short lead and a separator (``2019-11-07 ›``, ``26/06/2018 - 00:00``,
  ``21 June 2013 - Media release``, ``Published: ...``, ``Press release | ...``);
* ``dateline_place``: a place in capitals before a dash that opens the body
  (``DOHA –``, ``LYON, France –``); ``dateline_place_title`` the same in title
  case (``Vienna – The OSCE ...``) where the line is a whole paragraph;
* ``closing_date``: a line that is a date alone after a place (``Kathmandu``, then
  ``17 January 2023``).

Where the header gives no date, a release may close with it: the dated rules
(``closing_date``, ``dateline_dated``, ``header_date``) are read again in the last
:data:`FOOTER_LINES` non-empty lines, where the date must end its line and the line
must stand alone (after a blank line or a finished sentence, before no lower-case
line): ``Published: 08.10.2024`` or ``Geneva, 5 March 2024.`` at the foot of a page.

The date itself is the day-grain date match (``models/patterns/dates.jsonl``)
that begins where the structure rule says; the first one wins. A date that is
an end of a period (``Overall term: 15/01/2020 - 14/01/2023``, an ``interval_*``
type of ``models/patterns/durations.jsonl``) is a fact-box value, never the
date of issue.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..context import DocContext
from ..matcher import RuleMatch
from .. import names, timex
from . import durations

#: How many non-empty lines from the top count as the header.
HEADER_LINES = 12
#: How many non-empty lines from the end a release may close with its date in.
FOOTER_LINES = 3
#: Entity labels of a place that may stand before a release's closing date.
_PLACE_LABELS = frozenset({"GPE", "LOC"})
#: The next non-empty line after a position.
_NEXT_LINE = re.compile(r"[^\n]*\n\s*(\S[^\n]*)")
#: What may follow a closing date on its line: nothing but a full stop.
_AFTER_CLOSING_DATE = re.compile(r"[^\S\r\n]*\.?[^\S\r\n]*(?:\r?\n|$)")
#: What may follow a header date: the end of the line, a separator (``–``, ``›``, ``|``, ``- 00:00``)
#: or a clock time (``November 21, 2024 7:32 AM GMT``, ``18.03.2024 10:20``).
_AFTER_HEADER_DATE = re.compile(r"[^\S\r\n]*(?:\r?\n|$|[-–—›»|•·:,(/]|(?:at[^\S\r\n]+)?\d{1,2}[:.]\d{2}(?!\d))")


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


def footer_start(text: str, lines: int = FOOTER_LINES) -> int:
    """Offset of the start of the ``lines``-th non-empty line from the end of ``text``.

    >>> footer_start("a\\nb\\n\\nc\\nd\\n", 2)
    5
    """
    pos = len(text)
    seen = 0
    for line in reversed(text.splitlines(keepends=True)):
        pos -= len(line)
        if line.strip():
            seen += 1
            if seen >= lines:
                return pos
    return 0


def _period_spans(ctx: DocContext, limit: int) -> list[tuple[int, int]]:
    """Spans of the periods (two dates joined by a range separator) starting before ``limit``."""
    spans = []
    for m in ctx.rule_matches("durations"):
        if m.start >= limit:
            continue
        # any year completes ends written without one: only the shape matters here
        # (a length is no period: parse_interval reads only the interval types)
        if durations.parse_interval(m.attrs["type"], m.groups, default_year=2000, rules=ctx.rules) is not None:
            spans.append((m.start, m.end))
    return spans


def _day_dates(ctx: DocContext, start: int, stop: int, after: re.Pattern, periods: list[tuple[int, int]],
               undated: bool = False) -> dict[int, str | None]:
    """Where each day-grain date match from ``start`` to ``stop`` begins -> its ISO date, for the
    matches ``after`` accepts what follows and no period holds; with ``undated``, a day and a
    month without a year too (-> None)."""
    found: dict[int, str | None] = {}
    for m in ctx.rule_matches("dates"):
        if not start <= m.start < stop or any(m.start < e and s < m.end for s, e in periods):
            continue
        parsed = timex.date_match(m.attrs["type"], m.groups, rules=ctx.rules,
                                  month_first=ctx.month_first)  # None for a relative date
        if parsed and parsed[1] == "day" and after.match(ctx.text, m.end):
            found.setdefault(m.start, parsed[0])
        elif undated and parsed is None and m.groups.get("day") and m.groups.get("month") \
                and not m.groups.get("year"):
            found.setdefault(m.start, None)
    return found


class Clue(NamedTuple):
    """What a document rule's match tells: the date of issue, a dateline place, and how the
    place ranks among places found without a date (lower first: capitals before title case)."""

    when: date | None
    place: str | None
    rank: int = 0


def _issue_date(m: RuleMatch, day_dates: dict[int, str | None]) -> date | None:
    """The day-grain date that begins where the rule's ``first`` group does."""
    first = m.group_spans.get("first")
    value = day_dates.get(first[0]) if first else None
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _dateline_dated(m: RuleMatch, place: str | None, day_dates: dict[int, str | None]) -> Clue | None:
    """``PLACE, date``: the date of issue and the dateline; with a day and month but no year
    (``ACCRA, Nov 21 (Reuters) -``) the dateline alone, ahead of any place found without a date."""
    when = _issue_date(m, day_dates)
    if when:
        return Clue(when, place)
    first = m.group_spans.get("first")
    return Clue(None, place, rank=-1) if place and first and first[0] in day_dates else None


def _header_date(m: RuleMatch, place: str | None, day_dates: dict[int, str | None]) -> Clue | None:
    """A header line that starts with a date: the date of issue, no place."""
    when = _issue_date(m, day_dates)
    return Clue(when, None) if when else None


def _dateline_place(m: RuleMatch, place: str | None, day_dates: dict[int, str | None]) -> Clue | None:
    """A place in capitals before a dash that opens the body: a dateline without a date."""
    return Clue(None, place, rank=0) if place else None


def _dateline_place_title(m: RuleMatch, place: str | None, day_dates: dict[int, str | None]) -> Clue | None:
    """The same in title case: a place in capitals beats it."""
    return Clue(None, place, rank=1) if place else None


def _closing_date(m: RuleMatch, place: str | None, day_dates: dict[int, str | None]) -> Clue | None:
    """A line that is a date alone after a place (``Kathmandu`` then ``17 January 2023``): the
    date of issue, no dateline; read in the header, and in the last lines where the header
    gives no date."""
    when = _issue_date(m, day_dates)
    return Clue(when, None) if when else None


#: rule type -> the function that reads a match of it (``models/patterns/document.jsonl``).
RECOGNIZERS = {
    "dateline_dated": _dateline_dated,
    "header_date": _header_date,
    "dateline_place": _dateline_place,
    "dateline_place_title": _dateline_place_title,
    "closing_date": _closing_date,
}
#: Rule types also read in the last :data:`FOOTER_LINES` lines, where the header gives no date.
CLOSING_TYPES = frozenset({"closing_date", "dateline_dated", "header_date"})


def extract(ctx: DocContext) -> tuple[date | None, str | None]:
    """``(publication_date, dateline)`` of the document, ``None`` where the text gives none."""
    limit = header_end(ctx.text)
    day_dates = _day_dates(ctx, 0, limit, _AFTER_HEADER_DATE, _period_spans(ctx, limit), undated=True)
    weekdays = {w.lower() for w in ctx.rules.lexicon("weekdays")}
    found: list[tuple[int, date, str | None]] = []
    places: list[tuple[int, int, str]] = []
    for m in ctx.rule_matches("document"):
        if m.start >= limit:
            continue
        place = (m.groups.get("place") or "").strip() or None
        if place and place.lower() in weekdays:
            place = None
        clue = RECOGNIZERS[m.attrs["type"]](m, place, day_dates)
        if clue is None:
            continue
        if clue.when is not None:
            found.append((m.start, clue.when, clue.place))
        else:
            places.append((clue.rank, m.start, clue.place))
    found.sort(key=lambda f: f[0])
    publication = found[0][1] if found else None
    if publication is None:
        publication = _closing(ctx, footer_start(ctx.text))
    dateline = next((p for _, _, p in found if p), None)
    if dateline is None and places:
        dateline = min(places)[2]
    return publication, dateline


def _closing(ctx: DocContext, start: int) -> date | None:
    """The date a release closes with: a :data:`CLOSING_TYPES` rule's match from ``start`` on
    whose date ends its line, with nothing before it but a date label or places (on its line or
    the line before, ``Lusaka, Zambia``), after a blank line or a finished sentence and before
    no lower-case line; or None."""
    text = ctx.text
    periods = [(s, e) for s, e in _period_spans(ctx, len(text)) if e > start]
    day_dates = _day_dates(ctx, start, len(text), _AFTER_CLOSING_DATE, periods)
    for m in ctx.rule_matches("document"):
        if m.attrs["type"] not in CLOSING_TYPES or m.start < start:
            continue
        first = m.group_spans.get("first")
        if first is None:
            continue
        before = text[:m.start]
        tail = before.rstrip()
        lead_from = m.start
        if tail and before[len(tail):].count("\n") < 2 and tail[-1] not in ".!?\"”)":
            lead_from = tail.rfind("\n") + 1   # the line before runs on into the date's: places only
        if not _closing_lead(ctx, lead_from, first[0]):
            continue  # a sentence, a deadline, an event or a credit before the date
        after = _NEXT_LINE.match(text, m.end)
        if after and after.group(1)[:1].islower():
            continue
        clue = RECOGNIZERS[m.attrs["type"]](m, None, day_dates)
        if clue is not None:
            return clue.when
    return None


#: What ends the words before a closing date: a comma, a dash or a colon, white space, line breaks.
_LEAD_END = re.compile(r"[\s,:–—-]+$")


def _closing_lead(ctx: DocContext, start: int, date_start: int) -> bool:
    """Whether the words before a closing date (from ``start``, over at most the line before)
    are nothing, a date label of ``header_date_labels`` (``Published:``, ``Last updated``) or
    places (``Lusaka, Zambia``): each a place, country or region the model tags, or a name
    CLDR gives a territory."""
    lead = _LEAD_END.sub("", ctx.text[start:date_start]).strip()
    if not lead:
        return True
    labels = {w.lower() for w in ctx.rules.lexicon("header_date_labels")}
    if lead.lower() in labels or lead.lower().removesuffix(" on") in labels:
        return True
    tagged = {e.text for e in ctx.entities
              if e.label in _PLACE_LABELS and e.source == "model" and start <= e.start and e.end <= date_start}
    return all(part in tagged or part in names.place_names() for part in re.split(r"\s*,\s*", lead))
