"""Pure normalising functions for time expressions, shared by dates and durations.

Month names, number words, duration units and relative dates come from the
mappings of the loaded rules (``months``, from CLDR, ``number_words.json``,
``duration_units.json``, ``relative_dates.json``): the extractors pass
``rules=ctx.rules``; without it a function reads the project's own
``models/`` (for use on its own). Nothing here reads a clock: relative
expressions are resolved against an explicit anchor date. Functions return
``None`` for what they cannot parse and never raise.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from .rules import Rules, load_rules

#: Years a bare 4-digit number may be (outside this range it is not a year on its own).
MIN_YEAR, MAX_YEAR = 1900, 2100
#: The earliest year a date may have when its context says it is one (``in 1859``,
#: ``12 June 1815``): the rules pass it as ``min_year``.
EARLIEST_YEAR = 1000


def _mapping(name: str, rules: Rules | None) -> dict[str, Any]:
    """A mapping of the given rules, or of the project's ``models/`` when none are given."""
    return (rules or load_rules()).mapping(name)


def _norm(word: str) -> str:
    return re.sub(r"\s+", " ", word.strip().lower().rstrip("."))


def month_number(name: str | None, rules: Rules | None = None) -> int | None:
    """Number of a month name or abbreviation.

    >>> month_number("October"), month_number("Sept."), month_number("Monday")
    (10, 9, None)
    """
    if not name:
        return None
    value = _mapping("months", rules).get(_norm(name))
    return int(value) if value is not None else None


def parse_number(text: str | None, rules: Rules | None = None) -> int | None:
    """An integer written in digits or words (``18``, ``eighteen``, ``twenty-four``).

    >>> parse_number("36"), parse_number("Eighteen"), parse_number("twenty-four"), parse_number("many")
    (36, 18, 24, None)
    """
    if not text:
        return None
    t = _norm(text).replace("\u00a0", " ")
    if re.fullmatch(r"\d+", t):
        return int(t)
    words = _mapping("number_words", rules)
    if t in words:
        return int(words[t])
    parts = re.split(r"[-\s]+", t)
    if len(parts) == 2 and parts[0] in words and parts[1] in words:
        tens, units = int(words[parts[0]]), int(words[parts[1]])
        if tens % 10 == 0 and 20 <= tens <= 90 and 1 <= units <= 9:
            return tens + units
    return None


def parse_year(text: str | None, *, after: int | None = None, min_year: int = MIN_YEAR) -> int | None:
    """A calendar year from ``min_year`` to :data:`MAX_YEAR`; two digits complete ``after``'s century.

    >>> parse_year("2015"), parse_year("1850"), parse_year("17", after=2014), parse_year("12", after=2014)
    (2015, None, 2017, None)
    >>> parse_year("1850", min_year=EARLIEST_YEAR)
    1850
    """
    if not text or not re.fullmatch(r"\d{2}|\d{4}", text.strip()):
        return None
    value = int(text)
    if len(text.strip()) == 2:
        if after is None:
            return None
        value = after // 100 * 100 + value
        if value <= after:
            return None
    return value if max(min_year, EARLIEST_YEAR) <= value <= MAX_YEAR else None


def iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """ISO 8601 string at the grain given, ``None`` for an impossible date.

    >>> iso(2015, 10, 20), iso(2007, 6), iso(2003), iso(2021, 2, 30), iso(1859)
    ('2015-10-20', '2007-06', '2003', None, '1859')
    """
    if year is None or not (EARLIEST_YEAR <= year <= MAX_YEAR):
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def grain_of(value: str | None) -> str | None:
    """``day``, ``month`` or ``year`` for an ISO date string.

    >>> grain_of("2015-10-20"), grain_of("2015-10"), grain_of("2015"), grain_of("x")
    ('day', 'month', 'year', None)
    """
    if not value:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(value)) if re.fullmatch(r"\d{4}(-\d\d){0,2}", value) else None


def numeric_date(text: str | None, month_first: bool = False) -> str | None:
    """A numeric date: day first with dots, slashes or dashes (``26/06/2018``, ``12.10.2021``,
    ``21-04-2016``), month first where the first number cannot be a month's day in that
    order (``02/22/2016``) or, with slashes or dashes, where ``month_first`` says the
    document writes its dates so (:func:`month_first`), or year first (``2019-11-07``,
    ``2015/08/12``, ``2015.5.13``). Dots always put the day first.

    >>> numeric_date("26/06/2018"), numeric_date("02.06.2023"), numeric_date("2019-11-07"), numeric_date("13/13/2020")
    ('2018-06-26', '2023-06-02', '2019-11-07', None)
    >>> numeric_date("21-04-2016"), numeric_date("02/22/2016"), numeric_date("2015.5.13"), numeric_date("2015/08/12")
    ('2016-04-21', '2016-02-22', '2015-05-13', '2015-08-12')
    >>> numeric_date("02/03/2016", month_first=True), numeric_date("02.03.2016", month_first=True)
    ('2016-02-03', '2016-03-02')
    """
    if not text:
        return None
    t = text.strip()
    m = re.fullmatch(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})", t)
    if m:
        return iso(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = re.fullmatch(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})", t)
    if m:
        first, second, year = int(m.group(1)), int(m.group(3)), parse_year(m.group(4))
        if second > 12 >= first or (month_first and m.group(2) != "." and first <= 12):
            first, second = second, first  # month first: the only reading, or the document's
        return iso(year, second, first)
    return None


#: A numeric date with the day and month in either order (slashes or dashes) and a four-digit year.
_DAY_MONTH_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(?:19|20)\d\d(?![\d/-]|[.,]\d)")


def month_first(text: str, rules: Rules | None = None) -> bool:
    """Whether a document writes its dates month first (US order), so that an ambiguous
    numeric date (``02/03/2016``) is read so: its numeric dates that only one order can read
    (``02/22/2016`` against ``22/02/2016``) decide; without any, its dates with a month name
    (``March 4, 2025`` against ``4 March 2025``); a tie, or no evidence, is day first.

    >>> month_first("On 02/22/2016 and 02/03/2016."), month_first("On 22/02/2016 and 02/03/2016.")
    (True, False)
    >>> month_first("Signed March 4, 2025; paid 02/03/2025."), month_first("Paid 02/03/2025.")
    (True, False)
    """
    us = day = 0
    for m in _DAY_MONTH_NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        us += b > 12 >= a
        day += a > 12 >= b
    if us == day == 0:
        months = (rules or load_rules()).alternation("months")
        us = len(re.findall(rf"(?<![\w-])(?:{months})[ \u00a0][0-3]?\d(?:st|nd|rd|th)?,?[ \u00a0](?:19|20)\d\d", text))
        day = len(re.findall(rf"(?<![\w-])[0-3]?\d(?:st|nd|rd|th)?[ \u00a0](?:of[ \u00a0])?(?:{months}),?[ \u00a0](?:19|20)\d\d",
                             text))
    return us > day


def date_value(day: str | None = None, month: str | None = None, year: str | None = None,
               *, default_year: int | None = None, min_year: int = MIN_YEAR,
               rules: Rules | None = None) -> str | None:
    """ISO value of a date written as parts (month as a name or a number).

    A day and month or a bare month without a year take ``default_year``
    (the publication year); without one they are not dates. Years before
    ``min_year`` are refused (the rules lower it where the context makes a year).

    >>> date_value("20", "October", "2015"), date_value(None, "June", "2007"), date_value(year="2003")
    ('2015-10-20', '2007-06', '2003')
    >>> date_value("17", "November", default_year=2022), date_value(None, "May"), date_value("31", "June", "2020")
    ('2022-11-17', None, None)
    >>> date_value(year="1859"), date_value(year="1859", min_year=EARLIEST_YEAR)
    (None, '1859')
    """
    y = parse_year(year, min_year=min_year) if year else default_year
    if y is None:
        return None
    m = None
    if month:
        m = int(month) if month.isdigit() else month_number(month, rules)
        if m is None:
            return None
    d = None
    if day:
        if m is None or not day.isdigit():
            return None
        d = int(day)
    return iso(y, m, d)


#: Types of the rules whose day, month and year groups make the date.
CALENDAR_TYPES = ("calendar", "month", "year", "year_context", "numeric_month")


def date_match(rule_type: str, groups: dict[str, str | None], default_year: int | None = None,
               min_year: int = MIN_YEAR, rules: Rules | None = None,
               month_first: bool = False) -> tuple[str, str] | None:
    """``(ISO value, grain)`` of an absolute date match of a rule of type ``rule_type``
    (``None`` for a ``relative`` one); ``default_year`` completes dates without a year;
    ``month_first``: the document writes its numeric dates month first (:func:`month_first`).

    ``min_year`` is the earliest year accepted (a rule lowers it with its
    ``min_year`` key where its context makes a number a year: a month name,
    ``in``/``since`` before it).

    >>> date_match("calendar", {"day": "20", "month": "October", "year": "2015"})
    ('2015-10-20', 'day')
    >>> date_match("numeric", {"numeric": "26/06/2018"})
    ('2018-06-26', 'day')
    >>> date_match("calendar", {"mod": "the end of", "month": "June", "year": "2007"})
    ('2007-06', 'month')
    >>> date_match("year", {"mod": "mid-", "year": "2021"}), date_match("month", {"month": "May"}, 2022)
    (('2021', 'year'), ('2022-05', 'month'))
    >>> date_match("calendar", {"day": "17", "month": "November"}) is None
    True
    >>> date_match("year_context", {"year": "1859"}, min_year=1000), date_match("year", {"year": "1859"})
    (('1859', 'year'), None)
    """
    if rule_type == "numeric":
        value = numeric_date(groups.get("numeric"), month_first)
    elif rule_type in CALENDAR_TYPES:
        value = date_value(groups.get("day"), groups.get("month"), groups.get("year"),
                           default_year=default_year, min_year=min_year, rules=rules)
    else:
        value = None
    grain = grain_of(value)
    return (value, grain) if value and grain else None


def shift(anchor: date | None, *, days: int = 0, months: int = 0, years: int = 0,
          grain: str = "day") -> str | None:
    """``anchor`` moved by an offset, as an ISO string at ``grain``.

    >>> shift(date(2021, 3, 9), days=-1), shift(date(2023, 1, 12), months=-1, grain="month")
    ('2021-03-08', '2022-12')
    >>> shift(date(2019, 11, 22), years=1, grain="year"), shift(None, days=0)
    ('2020', None)
    """
    if anchor is None:
        return None
    d = anchor + timedelta(days=days)
    total = d.year * 12 + (d.month - 1) + months + 12 * years
    y, m = divmod(total, 12)
    if grain == "year":
        return iso(y)
    if grain == "month":
        return iso(y, m + 1)
    day = min(d.day, calendar.monthrange(y, m + 1)[1]) if MIN_YEAR <= y <= MAX_YEAR else d.day
    return iso(y, m + 1, day)


def relative_date(phrase: str | None, anchor: date | None,
                  rules: Rules | None = None) -> tuple[str, str] | None:
    """``(value, grain)`` of a relative expression (``yesterday``, ``last month``).

    >>> relative_date("Last month", date(2021, 11, 8)), relative_date("today", None)
    (('2021-10', 'month'), None)
    """
    if not phrase or anchor is None:
        return None
    spec = _mapping("relative_dates", rules).get(_norm(phrase))
    if spec is None:
        return None
    grain = spec.get("grain", "day")
    value = shift(anchor, days=int(spec.get("days", 0)), months=int(spec.get("months", 0)),
                  years=int(spec.get("years", 0)), grain=grain)
    return (value, grain) if value else None


def duration_iso(number: float | int | None, unit: str | None, *, half: bool = False,
                 rules: Rules | None = None) -> str | None:
    """ISO 8601 duration in the unit the text uses (``and a half`` adds half a unit).

    >>> duration_iso(3, "year"), duration_iso(18, "months"), duration_iso(2, "week"), duration_iso(4, "years", half=True)
    ('P3Y', 'P18M', 'P2W', 'P4Y6M')
    >>> duration_iso(2, "decades"), duration_iso(5, "hours"), duration_iso(None, "year"), duration_iso(1, "parsec")
    ('P20Y', 'PT5H', None, None)
    >>> duration_iso(0, "year", half=True), duration_iso(0, "decade", half=True), duration_iso(0, "hour", half=True)
    ('P6M', 'P5Y', 'PT30M')
    """
    if number is None or not unit:
        return None
    code = _mapping("duration_units", rules).get(_norm(unit))
    if code is None or number < 0 or (number == 0 and not half):
        return None
    m = re.fullmatch(r"(\d*)(T?)([YMWDH])", code)
    if not m:
        return None
    factor = int(m.group(1) or 1)
    time_part, designator = m.group(2), m.group(3)
    whole = number * factor
    if half:
        # half a unit, written in the next smaller unit where it is whole
        smaller = {"Y": ("M", 6), "M": ("D", 15), "W": ("D", 3.5), "D": ("H", 12)}
        sub = smaller.get(designator) if not time_part else ("M", 30) if designator == "H" else None
        if factor == 1 and sub and float(sub[1]).is_integer():
            base = f"P{time_part}{int(whole)}{designator}" if whole else f"P{time_part}"
            if designator == "D":
                return f"{base}T{int(sub[1])}H"
            return f"{base}{int(sub[1])}{sub[0]}"
        whole = whole + factor / 2
    if float(whole).is_integer():
        whole = int(whole)
    return f"P{time_part}{whole}{designator}"


def interval(start: str | None, end: str | None) -> str | None:
    """``START/END`` when both are ISO dates and the end does not precede the start.

    >>> interval("2015-06", "2018-06"), interval("2020", "2021"), interval("2021", "2020"), interval(None, "2020")
    ('2015-06/2018-06', '2020/2021', None, None)
    """
    if not start or not end:
        return None
    if end[:len(start)] < start[:len(end)]:
        return None
    if start == end:
        return None
    return f"{start}/{end}"
