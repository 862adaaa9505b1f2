"""Extractor for the durations table: lengths (``three-year`` -> P3Y) and periods (``2020–2021``).

The rules are ``models/patterns/durations.jsonl``: ``length`` finds a number
and a unit (``18 months``, ``two-week``, ``four and a half years``, with a
qualifier such as ``more than``; a range ``six to nine months`` gives a row
for each end, qualified ``at least`` and ``up to``); ``length_article`` an
article and a unit (``more than a decade``, ``for a year``, ``half a year``);
the ``interval_*`` rules find periods with a
start and an end over ``-``, ``–``, ``—``, ``to``, ``until`` or
``between ... and ...`` (``and`` alone joins only two consecutive days:
``20 and 21 September``): ``interval_dates`` joins two whole dates of any form
the date grammar knows (fragment ``date_expr``; each end is read by the calendar
and numeric rules of ``dates.jsonl``), the others ends that lean on each other
(``5-6 November``, ``January to March 2020``, ``2020-21``). Ends without a year
take the year of the other end or the publication year. The ``programme`` column is left to the relations stage.

A rule's ``type`` names the function of :data:`RECOGNIZERS` that reads its
matches: ``length`` and ``length_article`` a length, the ``interval_*`` types a
period whose ends are days (``interval_days``), months, years or numeric dates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .. import timex
from ..context import DocContext
from ..matcher import RuleMatch
from ..records import Duration
from ..rules import Rules, load_rules

#: Words just before a length that make it an age, not a duration.
_AGE_BEFORE = re.compile(r"(?i)\baged?[^\S\r\n]+(?:about[^\S\r\n]+|over[^\S\r\n]+|under[^\S\r\n]+)?$")
#: A possessive or ``of`` right after ``a week``: it names a thing (``a week's supply``, ``a day of
#: mourning``), not a length.
_OWNER_OR_OF_AFTER = re.compile(r"['’]s\b|[^\S\r\n]+of\b")
#: The word right before a position, on its line.
_WORD_BEFORE = re.compile(r"(\w[\w'’-]*)[^\S\r\n]+$")
#: A word just after a length that makes it a point in time (``two years ago``: a date), not a duration.
_AGO_AFTER = re.compile(r"(?i)[^\S\r\n]+(?:ago|earlier)\b")


def parse_length(groups: dict[str, str | None], rules: Rules | None = None,
                 object_of_verb: bool = False) -> tuple[str, str | None] | None:
    """``(ISO duration, qualifier)`` from the groups of a ``length`` or ``length_article`` match;
    ``object_of_verb``: a verb comes right before it (``lasted a week``), which makes a bare
    ``a week`` a length.

    >>> parse_length({"num": "three", "unit": "year"})
    ('P3Y', None)
    >>> parse_length({"qual": "More than", "num": "10", "unit": "years"})
    ('P10Y', 'more than')
    >>> parse_length({"num": "four", "half": " and a half", "unit": "years"})
    ('P4Y6M', None)
    >>> parse_length({"num": "5", "unit": "years", "old": "-old"}) is None
    True
    >>> parse_length({"qual": "more than", "num": "a", "unit": "decade"}), parse_length({"num": "half a", "unit": "year"})
    (('P10Y', 'more than'), ('P6M', None))
    >>> parse_length({"num": "a", "unit": "year"}) is None  # 'twice a year', 'US$3 billion a year'
    True
    >>> parse_length({"num": "a", "unit": "week"}, object_of_verb=True)  # 'the mission lasted a week'
    ('P1W', None)
    """
    if groups.get("old"):
        return None
    number = _number(groups.get("num"), rules)
    half = bool(groups.get("half"))
    article = (groups.get("num") or "").strip().lower()
    if article in ("a", "an"):
        if not (groups.get("qual") or groups.get("for") or half or object_of_verb):
            return None
        number = 1
    elif article.startswith("half"):
        number, half = 0, True
    value = timex.duration_iso(number, groups.get("unit"), half=half, rules=rules)
    if value is None:
        return None
    qual = groups.get("qual")
    return value, (re.sub(r"\s+", " ", qual.lower()) if qual else None)


def _number(raw: str | None, rules: Rules | None) -> float | int | None:
    """A count in digits (``18``, ``1.5``) or words (``eighteen``)."""
    raw = (raw or "").replace(",", ".")
    if re.fullmatch(r"\d+\.\d+", raw):
        return float(raw)
    return timex.parse_number(raw, rules)


def parse_range(groups: dict[str, str | None], rules: Rules | None = None) -> tuple[str, str] | None:
    """``(lower, upper)`` ISO durations of a range of lengths (``six to nine months``,
    ``2-3 weeks``), both in the unit written after the upper end; ``None`` when the
    match is no range or the ends are not in ascending order.

    >>> parse_range({"lo": "six", "range": " to ", "num": "nine", "unit": "months"})
    ('P6M', 'P9M')
    >>> parse_range({"lod": "2", "ranged": "-", "num": "3", "unit": "weeks"})
    ('P2W', 'P3W')
    >>> parse_range({"lo": "nine", "range": " to ", "num": "six", "unit": "months"}) is None
    True
    """
    lo, hi = _number(groups.get("lo") or groups.get("lod"), rules), _number(groups.get("num"), rules)
    if lo is None or hi is None or not lo < hi or groups.get("half") or groups.get("old"):
        return None
    lower = timex.duration_iso(lo, groups.get("unit"), rules=rules)
    upper = timex.duration_iso(hi, groups.get("unit"), rules=rules)
    return (lower, upper) if lower and upper else None


def _date_ends(groups: dict[str, str | None], default_year: int | None,
               rules: Rules | None = None, month_first: bool = False) -> tuple[str | None, str | None] | None:
    """Two whole dates, each read by the calendar and numeric rules of ``dates.jsonl``
    (``26/06/2018 - 30/06/2019``, ``January 12, 2016 - 01/22/2016``); a start without a
    year takes the end's (the year before when it would fall after the end).

    >>> _date_ends({"a": "30 June", "b": "2 July 2021"}, None)
    ('2021-06-30', '2021-07-02')
    >>> _date_ends({"a": "Dec. 5", "b": "Jan. 10, 2021"}, None)
    ('2020-12-05', '2021-01-10')
    """
    end = _whole_date(groups.get("b"), default_year, rules, month_first)
    if end is None:
        return None
    start = _whole_date(groups.get("a"), int(end[:4]), rules, month_first)
    if start is not None and start[:len(end)] > end and not re.search(r"\d{4}", groups.get("a") or ""):
        start = _whole_date(groups.get("a"), int(end[:4]) - 1, rules, month_first)
    return start, end


def _whole_date(text: str | None, default_year: int | None, rules: Rules | None,
                month_first: bool = False) -> str | None:
    """The ISO value of a text that one calendar or numeric rule of ``dates.jsonl`` matches whole
    (a day, ``01/2021``: a month)."""
    rules = rules or load_rules()
    for rule in rules.kind("dates"):
        if rule.attrs.get("type") not in ("calendar", "numeric", "numeric_month"):
            continue
        m = rule.regex.fullmatch(text or "")
        if m is not None:
            parsed = timex.date_match(rule.attrs["type"], m.groupdict(), default_year,
                                      min_year=int(rule.attrs.get("min_year", timex.MIN_YEAR)), rules=rules,
                                      month_first=month_first)
            return parsed[0] if parsed else None
    return None


def _year_ends(groups: dict[str, str | None], default_year: int | None,
               rules: Rules | None, month_first: bool = False) -> tuple[str | None, str | None] | None:
    """``2020–2021``, ``2019-22``: at most a century apart; ``2023/24`` (a fiscal year) only
    for consecutive years."""
    y1 = timex.parse_year(groups.get("y1"))
    y2 = timex.parse_year(groups.get("y2"), after=y1) if y1 else None
    if (groups.get("sep") or "").strip() == "/" and (y1 is None or y2 != y1 + 1):
        return None
    if y1 and y2 and y2 - y1 <= 100:
        return timex.iso(y1), timex.iso(y2)
    return None


def _month_years(groups: dict[str, str | None], default_year: int | None,
                 rules: Rules | None) -> tuple[int, int, int, int] | None:
    """``(y1, m1, y2, m2)`` of ends with month names: an end without a month takes the
    other's, one without a year the other's (the year before when it would come
    after the end) or ``default_year``."""
    m2 = timex.month_number(groups.get("m2"), rules)
    m1 = timex.month_number(groups.get("m1"), rules) if groups.get("m1") else m2
    y2 = timex.parse_year(groups.get("y2")) if groups.get("y2") else None
    y1 = timex.parse_year(groups.get("y1")) if groups.get("y1") else None
    y2 = y2 or y1 or default_year
    if m1 is None or m2 is None or y2 is None:
        return None
    if y1 is None:
        y1 = y2 if (m1, int(groups.get("d1") or 0)) <= (m2, int(groups.get("d2") or 99)) else y2 - 1
    return y1, m1, y2, m2


def _month_ends(groups: dict[str, str | None], default_year: int | None,
                rules: Rules | None, month_first: bool = False) -> tuple[str | None, str | None] | None:
    """``June 2015 - June 2018``, ``January to March 2020``."""
    found = _month_years(groups, default_year, rules)
    if found is None:
        return None
    y1, m1, y2, m2 = found
    return timex.iso(y1, m1), timex.iso(y2, m2)


def _day_ends(groups: dict[str, str | None], default_year: int | None,
              rules: Rules | None, month_first: bool = False) -> tuple[str | None, str | None] | None:
    """``5-6 November``, ``30 June - 2 July 2021``."""
    found = _month_years(groups, default_year, rules)
    if found is None:
        return None
    y1, m1, y2, m2 = found
    return (timex.iso(y1, m1, int(groups["d1"])) if groups.get("d1") else None,
            timex.iso(y2, m2, int(groups["d2"])) if groups.get("d2") else None)


def _part_ends(groups: dict[str, str | None], default_year: int | None,
               rules: Rules | None, month_first: bool = False) -> tuple[str | None, str | None] | None:
    """``Q1 2019`` -> ``2019-01`` to ``2019-03``, ``2019-H2`` -> ``2019-07`` to ``2019-12``: the
    months of a numbered part of a year (``year_parts``: its letter -> months in one part)."""
    part = (groups.get("part") or groups.get("part2") or "").lower()
    year = timex.parse_year(groups.get("y1") or groups.get("y2"))
    months = (rules or load_rules()).mapping("year_parts").get(part[:1])
    if year is None or not isinstance(months, int) or not part[1:].isdigit():
        return None
    n = int(part[1:])
    if not 1 <= n <= 12 // months:
        return None
    return timex.iso(year, months * (n - 1) + 1), timex.iso(year, months * n)


#: interval rule type -> the function that reads the two ends (ISO dates) from its groups.
INTERVAL_ENDS = {
    "interval_days": _day_ends,
    "interval_months": _month_ends,
    "interval_years": _year_ends,
    "interval_dates": _date_ends,
    "interval_part": _part_ends,
}


def parse_interval(rule_type: str, groups: dict[str, str | None], default_year: int | None = None,
                   rules: Rules | None = None, month_first: bool = False) -> tuple[str, str, str] | None:
    """``(interval, start, end)`` from the groups of a match of a rule of type ``rule_type``
    (one of :data:`INTERVAL_ENDS`; ``None`` for any other type).

    >>> parse_interval("interval_months", {"m1": "June", "y1": "2015", "sep": " - ", "m2": "June", "y2": "2018"})
    ('2015-06/2018-06', '2015-06', '2018-06')
    >>> parse_interval("interval_days", {"d1": "5", "sep": "-", "d2": "6", "m2": "November"}, 2019)[0]
    '2019-11-05/2019-11-06'
    >>> parse_interval("interval_years", {"y1": "2019", "sep": " and ", "y2": "2022"}) is None  # needs 'between'
    True
    >>> parse_interval("interval_days", {"d1": "20", "sep": " and ", "d2": "21", "m2": "September"}, 2021)[0]
    '2021-09-20/2021-09-21'
    >>> parse_interval("interval_days", {"d1": "3", "sep": " and ", "d2": "10", "m2": "May"}, 2021) is None
    True
    >>> parse_interval("length", {"num": "3", "unit": "years"}) is None
    True
    >>> parse_interval("interval_part", {"part": "Q3", "y1": "2020"})[0], parse_interval("interval_part", {"y2": "2019", "part2": "H2"})[0]
    ('2020-07/2020-09', '2019-07/2019-12')
    >>> parse_interval("interval_part", {"part": "H3", "y1": "2020"}) is None
    True
    """
    read_ends = INTERVAL_ENDS.get(rule_type)
    if read_ends is None:
        return None
    sep = (groups.get("sep") or "").strip().lower()
    pre = (groups.get("pre") or "").strip().lower()
    # 'D1 and D2 Month' without 'between' is a period only for two consecutive days
    # ('20 and 21 September'); '3 and 10 May' are two dates, '2019 and 2022' two years
    paired_days = sep == "and" and pre != "between"
    if paired_days and read_ends not in (_day_ends, _date_ends):
        return None
    if pre == "between" and sep not in ("and", "-", "–", "—"):
        return None
    ends = read_ends(groups, default_year, rules, month_first)
    if ends is None:
        return None
    start, end = ends
    value = timex.interval(start, end)
    if value is None:
        return None
    if paired_days and not _next_day(start, end):
        return None
    return value, start, end


def _next_day(start: str | None, end: str | None) -> bool:
    """Whether ``end`` is the day after ``start`` (both ISO days)."""
    try:
        return date.fromisoformat(end) - date.fromisoformat(start) == timedelta(days=1)
    except (TypeError, ValueError):
        return False


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


def _span(m: RuleMatch, *, ranged: bool = True) -> tuple[int, int]:
    """The match without a leading ``from`` (``between`` stays: it goes with ``and``).

    A length keeps a ``for`` just before its number (``for three years``); the
    span opens at the qualifier when there is one (``for more than a decade``)
    and at the number when the unit is joined by a hyphen (``for two-day
    workshops``). Without ``ranged``, a length opens at its upper number.
    """
    start = m.start
    if (m.groups.get("pre") or "").lower() == "from" and "pre" in m.group_spans:
        start = m.group_spans["pre"][1]
        while start < m.end and m.text[start - m.start].isspace():
            start += 1
    if m.groups.get("for"):
        num_start = m.group_spans["num"][0]
        hyphen = "unit" in m.group_spans and m.text[m.group_spans["unit"][0] - m.start - 1] == "-"
        if "qual" in m.group_spans:
            start = m.group_spans["qual"][0]
        elif hyphen:
            start = next((m.group_spans[g][0] for g in ("lo", "lod") if g in m.group_spans), num_start)
    if not ranged and any(g in m.group_spans for g in ("lo", "lod")):
        start = m.group_spans["num"][0]
    return start, m.end


def extract(ctx: DocContext) -> list[Duration]:
    """Every duration of the document, in text order (also used by ``dates`` to skip period
    ends); found once per document and kept on the context."""
    if ctx.durations is None:
        ctx.durations = _find(ctx)
    return ctx.durations


def _find(ctx: DocContext) -> list[Duration]:
    out: list[Duration] = []
    for m in ctx.rule_matches("durations"):
        out += RECOGNIZERS[m.attrs["type"]](ctx, m)
    return out


# --- recognizers: one per rule family, each reads a match into its rows ----------------------

def _length(ctx: DocContext, m: RuleMatch) -> list[Duration]:
    """A length (``three years``, ``for more than a decade``); a range of lengths (``six to
    nine months``) gives a row for each end, over the whole range; an age, and a length before
    ``ago`` (a date), are none."""
    bounds = parse_range(m.groups, ctx.rules)
    span = clip_to_sentence(ctx, *_span(m, ranged=bounds is not None))
    if span is None or _AGE_BEFORE.search(ctx.text[max(0, m.start - 20):m.start]) or _AGO_AFTER.match(ctx.text, m.end):
        return []
    start, end = span
    bare = (m.groups.get("num") or "").strip().lower() in ("a", "an") \
        and not _OWNER_OR_OF_AFTER.match(ctx.text, m.end)   # 'lost a year's income', 'a day of mourning'
    parsed = parse_length(m.groups, ctx.rules, object_of_verb=bare and _verb_before(ctx, m.start))
    if parsed is None:
        return []
    value, qualifier = parsed
    rows = []
    if bounds:
        rows.append(Duration(**ctx.mention(start, end, m.rule_id), value=bounds[0], kind="length",
                             qualifier=qualifier or "at least"))
        qualifier = qualifier or "up to"
    rows.append(Duration(**ctx.mention(start, end, m.rule_id), value=value, kind="length", qualifier=qualifier))
    return rows


#: Verb tags before a bare ``a week`` that make it the verb's object, a length: a base form, a past
#: tense or participle, a gerund (``take``, ``lasted``, ``spent``, ``taking``). A present tense is left
#: out: the tagger gives it to plural nouns (``1,500 trucks a day``) and to ``is`` (``is an hour for``).
_OBJECT_VERB_TAGS = ("VB", "VBD", "VBN", "VBG")


def _verb_before(ctx: DocContext, start: int) -> bool:
    """Whether the word right before ``start`` is a verb by its part-of-speech tag (``lasted``,
    ``took``; :data:`_OBJECT_VERB_TAGS`), on the same line."""
    doc = ctx.doc
    before = _WORD_BEFORE.search(ctx.text, max(0, start - 30), start)
    if doc is None or not hasattr(doc, "char_span") or before is None:
        return False
    span = doc.char_span(before.start(1), before.end(1), alignment_mode="expand")
    return span is not None and span[-1].tag_ in _OBJECT_VERB_TAGS


def _interval(ctx: DocContext, m: RuleMatch) -> list[Duration]:
    """A period with a start and an end; ends without a year take the publication year, and an
    end written ``today`` or ``now`` is the publication date (none without one)."""
    span = clip_to_sentence(ctx, *_span(m, ranged=False))
    if span is None:
        return []
    anchor: date | None = ctx.publication_date
    groups = m.groups
    if groups.get("now"):  # 'from 1 August 2019 to today': the period ends on the publication date
        if anchor is None:
            return []
        groups = {**groups, "b": anchor.isoformat()}
    parsed = parse_interval(m.attrs["type"], groups, anchor.year if anchor else None, ctx.rules,
                            ctx.month_first)
    if parsed is None:
        return []
    value, p_start, p_end = parsed
    return [Duration(**ctx.mention(*span, m.rule_id), value=value, kind="interval",
                     period_start=p_start, period_end=p_end)]


#: rule type -> the function that reads a match of it (``models/patterns/durations.jsonl``).
#: ``length_article`` (a/an + unit) is read as a length here; the NER-only baseline
#: (:mod:`pipeline.baseline`) reads only ``length`` and the intervals.
RECOGNIZERS = {
    "length": _length,
    "length_article": _length,
    **{rule_type: _interval for rule_type in INTERVAL_ENDS},
}
