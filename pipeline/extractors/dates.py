"""Extractor for the dates table: points in time at their grain (day, month, year).

The rules are ``models/patterns/dates.jsonl``. Absolute dates are parsed with
:mod:`pipeline.timex` (day first for numeric dates); a day and month or a bare
month without a year take the publication year; relative words (``today``,
``last month``, ``next year``) are resolved against ``ctx.publication_date``
and are not dates when there is none. Both ends of a period belong to the
durations table, so date matches inside a period are skipped.

A rule's ``type`` names the function of :data:`RECOGNIZERS` that reads its
matches: ``calendar`` (a day and/or a month name, with a year or not),
``month`` (a month after a preposition), ``year`` (a bare year), ``year_context``
(a year before 1900 after a word that makes it one), ``numeric``, ``relative``
(``today``, ``later this year``), ``weekday`` (``on Friday``, ``last Wednesday``),
``month_relative`` (``last May``, ``June last year``) and ``ago`` (``two years ago``).

A weekday, and a day and month without a year, are placed by the tense of their
clause (:func:`_tense`, from part-of-speech tags: the pipeline runs no parser):
past looks back from the publication date, future ahead.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from .. import timex
from ..names import stop_words
from ..context import DocContext
from ..matcher import RuleMatch
from ..records import DateMention
from ..rules import Rules
from . import durations

#: Just before a 4-digit number: a currency sign, a reference number or a digit group.
_NOT_YEAR_BEFORE = re.compile(r"(?:[€$£¥]|\b(?:No|Nr|Ref|no|nr|ref)\.?|#|\d[^\S\r\n]|\+)[^\S\r\n]*$")
#: Just after a 4-digit number: a further digit group (phone numbers, 1 150 000).
_NOT_YEAR_AFTER = re.compile(r"^[^\S\r\n]\d")
#: spaCy entity labels that make a 4-digit number a quantity rather than a year.
_QUANTITY_LABELS = {"MONEY", "QUANTITY", "PERCENT"}
#: Modal verbs that put a clause in the future.
_FUTURE_MODALS = {"will", "shall", "'ll", "would", "can"}
#: Words before a weekday or month that point back from the publication date, or forward.
_BACK = re.compile(r"(?i)^(?:last|past|this\s+past|the\s+previous)$")
_AHEAD = re.compile(r"(?i)^(?:next|coming|this\s+coming|the\s+following)$")
#: Words before a weekday that make it a recurring day or part of a name, not a date.
_NOT_A_DAY_BEFORE = re.compile(r"(?:\b(?i:every|each|on[^\S\r\n]+a)|\b[A-Z][a-z]+)[^\S\r\n]+$")


def _currency_regexes(rules: Rules) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Currency codes/symbols just before, and codes/words just after, a figure (the
    amounts lexicons)."""
    key = (str(rules.root), rules.fingerprint)
    if key not in _CURRENCY_CACHE:
        _CURRENCY_CACHE[key] = _build_currency_regexes(rules)
    return _CURRENCY_CACHE[key]


_CURRENCY_CACHE: dict[tuple[str, str], tuple[re.Pattern | None, re.Pattern | None]] = {}


def _build_currency_regexes(rules: Rules) -> tuple[re.Pattern | None, re.Pattern | None]:
    before = [*rules.lexicon("currency_codes"), *rules.lexicon("currency_symbols")]
    after = [*rules.lexicon("currency_codes"), *rules.lexicon("currency_words")]
    def alt(entries):
        return "|".join(re.escape(e) for e in sorted(set(entries), key=len, reverse=True))
    return (re.compile(r"(?:^|[^\w])(?:" + alt(before) + r")[^\S\r\n]*$") if before else None,
            re.compile(r"^[^\S\r\n]*(?:" + alt(after) + r")\b", re.IGNORECASE) if after else None)


class _Spans:
    """Spans of a document, to ask in logarithmic time whether one overlaps a given span:
    their starts in order and the furthest end so far."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end, furthest = [], -1
        for _, e in spans:
            furthest = max(furthest, e)
            self.max_end.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)   # the entities starting before ``end``
        return i > 0 and self.max_end[i - 1] > start


def _quantities(ctx: DocContext) -> _Spans:
    """The model's amount, quantity and percent entities."""
    return _Spans((e.start, e.end) for e in ctx.entities if e.source == "model" and e.label in _QUANTITY_LABELS)


def _is_quantity(ctx: DocContext, start: int, end: int, quantities: _Spans | None = None) -> bool:
    """Whether a bare 4-digit number is a count, an amount or part of a number, not a year."""
    before = ctx.text[max(0, start - 8):start]
    if _NOT_YEAR_BEFORE.search(before) or _NOT_YEAR_AFTER.match(ctx.text[end:end + 2]):
        return True
    cur_before, cur_after = _currency_regexes(ctx.rules)
    if (cur_before and cur_before.search(before)) or (cur_after and cur_after.match(ctx.text[end:end + 12])):
        return True
    if quantities is None:
        quantities = _quantities(ctx)
    if quantities.overlaps(start, end):
        return True
    doc = ctx.doc
    if doc is not None and hasattr(doc, "char_span"):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.end < len(doc):
            nxt = doc[span.end]
            # '2003 participants': a number modifying a plural noun is a count
            if nxt.tag_ == "NNS" and nxt.text.islower() and nxt.idx == end + 1:
                return True
    return False


def _in_name(ctx: DocContext, start: int, end: int) -> bool:
    """A bare year that ends a capitalised name (``Agenda 2030``, ``Vision 2025``,
    ``Horizon 2020``) names a strategy, not a point in time: the word just before
    it is capitalised, is not a month, and does not open its sentence.

    >>> from types import SimpleNamespace as NS
    >>> from pipeline.rules import load_rules
    >>> rules = load_rules()
    >>> def year_in_name(t):
    ...     i = t.index("2030")
    ...     return _in_name(NS(text=t, rules=rules), i, i + 4)
    >>> year_in_name("under the Trade Agenda 2030 plan"), year_in_name("In 2030 it ends")
    (True, False)
    >>> year_in_name("adopted by 2030 at the latest"), year_in_name("signed in June 2030")
    (False, False)
    """
    m = _NAME_WORD_BEFORE.search(ctx.text[max(0, start - 40):start])
    if m is None:
        return False
    word = m.group("word")
    months = {w.lower() for w in (*ctx.rules.lexicon("months"), *ctx.rules.lexicon("months_abbr"))}
    if word.lower().rstrip(".") in months:
        return False
    before = ctx.text[:start - len(m.group(0))].rstrip(" \t\u00a0")
    return bool(before) and before[-1] not in ".!?:;\n\r\"\u201c([\u2022*-"


#: A capitalised word (not all capitals, not a single letter) right before a year.
_NAME_WORD_BEFORE = re.compile(r"(?<![\w-])(?P<word>[A-Z][a-z]{2,})[^\S\r\n]+$")


def _token_at(ctx: DocContext, offset: int):
    """The spaCy token covering character ``offset`` of the text, or None (no parse, or white space)."""
    doc = ctx.doc
    if doc is None or not hasattr(doc, "char_span"):
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None else None


def _is_verb(tok) -> bool:
    """A verb or a modal, by its part-of-speech tag."""
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def _generic_today(ctx: DocContext, start: int, end: int) -> bool:
    """``Today they are ...``: sentence-initial *today* with a present-tense clause means 'nowadays'."""
    tok = _token_at(ctx, start)
    if tok is None:
        return False
    sent = tok.sent
    if any(t.i < tok.i and not t.is_punct for t in sent):
        return False
    verbs = [t for t in sent if t.i > tok.i and _is_verb(t)][:2]
    tags = {v.tag_ for v in verbs}
    return bool(tags & {"VBP", "VBZ"}) and not (tags & {"VBD", "VBN"})


def _forward(ctx: DocContext, start: int, value: str, anchor) -> str:
    """A date without a year that falls before the publication date but is spoken of
    as future (a modal such as *will* earlier in its sentence: ``will open ... in
    January``) moves to the next year."""
    if value >= anchor.isoformat()[:len(value)]:
        return value
    tok = _token_at(ctx, start)
    if tok is None:
        return value
    future = any(t.tag_ == "MD" and t.lower_ in _FUTURE_MODALS for t in tok.sent if t.i < tok.i)
    if not future:
        return value
    return str(int(value[:4]) + 1) + value[4:]


#: How far (in tokens) the verb of a date's clause is looked for, before it and after it.
_VERB_WINDOW = 12
_PERFECT = {"has", "have", "had", "'ve", "'d"}


def _tense(ctx: DocContext, start: int) -> str | None:
    """``past`` or ``future`` for the clause of the word at ``start``, from the part-of-speech
    tags of the nearest verb before it in its sentence (after it where none comes before:
    ``On Monday, the minister signed``). A past tense, a perfect or a bare participle (``said
    Friday``, ``has met``, ``a project launched on Monday``) is past; a future modal, an
    infinitive or a present tense before the date (``will meet``, ``set to resume Monday``,
    ``meets on Friday``, ``is meeting``) is future; ``None`` where the sentence has no verb or
    a present tense follows the date (``Friday's sale is ...``)."""
    tok = _token_at(ctx, start)
    if tok is None:
        return None
    doc, sent = tok.doc, tok.sent
    before = [t for t in doc[max(sent.start, tok.i - _VERB_WINDOW):tok.i] if _is_verb(t)]
    after = [t for t in doc[tok.i + 1:min(sent.end, tok.i + 1 + _VERB_WINDOW)] if _is_verb(t)]
    group = _verb_group(before) if before else _verb_group(after, first=True)
    if not group:
        return None
    words = {t.lower_ for t in group}
    tags = [t.tag_ for t in group]
    if words & (_FUTURE_MODALS - {"would", "can"}) or "TO" in {t.nbor(-1).tag_ for t in group if t.i > 0 and t.tag_ == "VB"}:
        return "future"
    if "VBD" in tags or words & _PERFECT or tags[-1] == "VBN" and len(group) == 1:
        return "past"
    if before and (tags[0] in ("VBZ", "VBP") or tags[-1] == "VB"):
        return "future"
    return None


def _verb_group(verbs: list, first: bool = False) -> list:
    """The verb group nearest the date: the last run of adjacent verb tokens (or the first,
    ``first``), with a modal or auxiliary one word before it (``will soon meet``)."""
    if not verbs:
        return []
    group = [verbs[0] if first else verbs[-1]]
    pool = verbs[1:] if first else verbs[-2::-1]
    for t in pool:
        edge = group[-1] if first else group[0]
        if abs(t.i - edge.i) > 2:
            break
        if first:
            group.append(t)
        else:
            group.insert(0, t)
    return group


def weekday_date(anchor: date, weekday: int, direction: str) -> date:
    """The date of a weekday (0 = Monday) seen from ``anchor``: ``back`` the latest one up to the
    anchor, ``last`` the latest one before it, ``ahead`` the first one after it.

    >>> d = date(2024, 3, 18)  # a Monday
    >>> weekday_date(d, 3, "back"), weekday_date(d, 0, "back"), weekday_date(d, 0, "last")
    (datetime.date(2024, 3, 14), datetime.date(2024, 3, 18), datetime.date(2024, 3, 11))
    >>> weekday_date(d, 4, "ahead"), weekday_date(d, 0, "ahead")
    (datetime.date(2024, 3, 22), datetime.date(2024, 3, 25))
    """
    back = (anchor.weekday() - weekday) % 7
    if direction == "back":
        return anchor - timedelta(days=back)
    if direction == "last":
        return anchor - timedelta(days=back or 7)
    return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)


def _direction(rel: str | None, tense: str | None) -> str:
    """How a weekday or month points from the publication date: the words before it
    (``last``, ``next``), else the tense of its clause (past by default: news looks back)."""
    rel = re.sub(r"\s+", " ", rel or "").strip()
    if rel and _BACK.match(rel):
        return "last"
    if rel and _AHEAD.match(rel):
        return "ahead"
    if rel.lower() == "this":
        return "this"
    return "ahead" if tense == "future" else "back"


# --- recognizers: one per rule type, each reads a match into a row (or None) ----------------

def _absolute(ctx: DocContext, m: RuleMatch, start: int, end: int, *, relative: bool = False) -> DateMention | None:
    """The row of an absolute date mentioned at ``text[start:end]``. ``relative``: the date has
    no year and takes the publication year, or the year ``next/last/this year`` names
    (``1 March next year``); one spoken of as future moves a year on (:func:`_forward`)."""
    span = durations.clip_to_sentence(ctx, start, end)
    if span is None:
        return None
    start, end = span
    anchor = ctx.publication_date
    parsed = timex.date_match(m.attrs["type"], m.groups, anchor.year if anchor else None,
                              min_year=int(m.attrs.get("min_year", timex.MIN_YEAR)), rules=ctx.rules,
                              month_first=ctx.month_first)
    if parsed is None:
        return None
    value, grain = parsed
    if m.groups.get("relyear"):  # '1 March next year': the year the relative words name
        year = timex.relative_date(m.groups["relyear"], anchor, ctx.rules)
        if year is None:
            return None
        value = year[0][:4] + value[4:]
    elif relative and anchor is not None:
        value = _forward(ctx, start, value, anchor)
    return DateMention(**ctx.mention(start, end, m.rule_id), value=value, grain=grain, relative=relative)


def _calendar(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A day and/or a month name, with a year or without one (``20 October 2015``,
    ``February 28``, ``June 2007``)."""
    return _absolute(ctx, m, m.start, m.end, relative=not m.groups.get("year"))


def _month(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A month name after a preposition (``in May``): the month alone is the mention."""
    return _absolute(ctx, m, *m.group_spans["month"], relative=not m.groups.get("year"))


def _year(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A bare year, unless it is a quantity or ends a name (``Agenda 2030``)."""
    year = m.group_spans["year"]
    if _is_quantity(ctx, *year, quantities) or (not m.groups.get("mod") and _in_name(ctx, *year)):
        return None
    return _absolute(ctx, m, m.start, m.end)


def _year_context(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A year that a word before it makes one (``in 1859``): the context word is not the date."""
    if _is_quantity(ctx, *m.group_spans["year"], quantities):
        return None
    start, end = m.group_spans["year"] if m.groups.get("pre") else (m.start, m.end)
    return _absolute(ctx, m, start, end)


def _numeric(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A date in figures, day first (``26/06/2018``, ``2019-11-07``)."""
    return _absolute(ctx, m, m.start, m.end)


#: How far after the publication year a year and month written with a dot (``in 2015.3``) may lie;
#: a figure further on is a decimal number.
_DECIMAL_YEARS_AHEAD = 5
#: The word or sign right before a figure (``resolution 4/2020``, ``(EU) 2019/11``, ``No 2/2023``).
_TOKEN_BEFORE = re.compile(r"(\S+)[^\S\r\n]+$")
#: Number signs: what follows them is a reference number, not a date.
_NUMBER_SIGN = re.compile(r"(?:[Nn][or]s?\.?|nº|№|#)")


def _numeric_month(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A year and a month in figures (``2016-11``, ``11/2016``, ``in 2015.3``), unless the word
    before it is one other than a function word, or a number sign: then it is a reference
    (``resolution 4/2020``, ``Regulation (EU) 2019/11``, ``No 2/2023``), not a date. A dotted
    one needs a publication date not more than :data:`_DECIMAL_YEARS_AHEAD` years before it."""
    start = m.group_spans["year"][0] if m.groups.get("pre") else m.start
    if not m.groups.get("pre"):
        before = _TOKEN_BEFORE.search(ctx.text, max(0, m.start - 40), m.start)
        token = before.group(1) if before else ""
        word = token.strip("()[]{}\"'“”‘’,;:")
        if _NUMBER_SIGN.fullmatch(token) or (word and word.lower() not in stop_words()):
            return None
    anchor = ctx.publication_date
    if m.groups.get("sep") == "." and (anchor is None or int(m.groups["year"]) > anchor.year + _DECIMAL_YEARS_AHEAD):
        return None   # '2082.1' in a 1989 story: a decimal figure, no year and month
    return _absolute(ctx, m, start, m.end)


def _relative(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A relative date (``today``, ``last month``), resolved against the publication date;
    none without one."""
    span = durations.clip_to_sentence(ctx, m.start, m.end)
    if span is None:
        return None
    rel = m.groups.get("rel") or ""
    if rel.lower() == "today" and _generic_today(ctx, *m.group_spans["rel"]):
        return None
    parsed = timex.relative_date(rel, ctx.publication_date, ctx.rules)
    if parsed is None:
        return None
    value, grain = parsed
    return DateMention(**ctx.mention(*span, m.rule_id), value=value, grain=grain, relative=True)


def _weekday(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A weekday on its own (``on Friday``, ``last Wednesday``): the day it names seen from
    the publication date (none without one), back or ahead by the words before it or the
    tense of its clause. After ``every`` or a capitalised word (``Good Friday``) it is none."""
    anchor = ctx.publication_date
    start, end = m.group_spans["weekday"]
    if anchor is None or (not m.groups.get("rel") and _NOT_A_DAY_BEFORE.search(ctx.text, max(0, start - 30), start)
                          and not _sentence_start_before(ctx.text, start)):
        return None
    span = durations.clip_to_sentence(ctx, m.start, end)
    if span is None:
        return None
    weekday = ctx.rules.mapping("weekdays").get(m.groups["weekday"].lower())
    if weekday is None:
        return None
    direction = _direction(m.groups.get("rel"), _tense(ctx, start))
    when = weekday_date(anchor, weekday, "ahead" if direction == "this" else direction)
    return DateMention(**ctx.mention(*span, m.rule_id), value=when.isoformat(), grain="day", relative=True)


def _sentence_start_before(text: str, start: int) -> bool:
    """Whether the capitalised word before ``start`` opens its sentence or line (``On Friday``)."""
    before = text[max(0, start - 40):start].rstrip()
    word = re.search(r"(\S+)$", before)
    if word is None:
        return True
    rest = before[:word.start()].rstrip(" \t\u00a0")
    return not rest or rest[-1] in ".!?:;\n\r\"\u201c(["


def _month_relative(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """A month named relative to the publication date: ``last May`` (the latest May before
    it), ``next March``, ``this September`` (the publication year), ``June last year``."""
    anchor = ctx.publication_date
    month = timex.month_number(m.groups.get("month"), ctx.rules)
    if anchor is None or month is None:
        return None
    span = durations.clip_to_sentence(ctx, m.start, m.end)
    if span is None:
        return None
    if m.groups.get("relyear"):
        year = timex.relative_date(m.groups["relyear"], anchor, ctx.rules)
        if year is None:
            return None
        value = timex.iso(int(year[0][:4]), month)
    else:
        direction = _direction(m.groups.get("rel"), None)
        year = anchor.year
        if direction == "last" and month >= anchor.month:
            year -= 1
        elif direction == "ahead" and month <= anchor.month:
            year += 1
        value = timex.iso(year, month)
    if value is None:
        return None
    return DateMention(**ctx.mention(*span, m.rule_id), value=value, grain="month", relative=True)


#: Grain and offset unit of the units an ``ago`` date counts in.
_AGO_UNITS = {"Y": ("year", "years"), "M": ("month", "months"), "D": ("day", "days")}


def _ago(ctx: DocContext, m: RuleMatch, quantities: _Spans) -> DateMention | None:
    """``two years ago``, ``a month ago``: the publication date moved back, at the unit's grain;
    ``a year earlier``: the date the text names last before it, in its sentence or the one
    before (``In 2018 ...``), moved back; none without such a date."""
    earlier = (m.groups.get("rel") or "").lower() == "earlier"
    anchor = _date_before(ctx, m.start) if earlier else ctx.publication_date
    if anchor is None:
        return None
    word = m.groups["number"].lower()
    number = 1 if word in ("a", "an") else timex.parse_number(word, ctx.rules)
    code = ctx.rules.mapping("duration_units").get(m.groups["unit"].lower())
    if number is None or code not in _AGO_UNITS:
        return None
    span = durations.clip_to_sentence(ctx, m.start, m.end)
    if span is None:
        return None
    grain, unit = _AGO_UNITS[code]
    value = timex.shift(anchor, grain=grain, **{unit: -number})
    if value is None:
        return None
    return DateMention(**ctx.mention(*span, m.rule_id), value=value, grain=grain, relative=True)


#: Rule types of dates written in full, which a later ``a year earlier`` may count back from.
_ABSOLUTE_TYPES = ("calendar", "month", "year", "year_context", "numeric", "numeric_month")


def _date_before(ctx: DocContext, pos: int) -> date | None:
    """The last absolute date the text writes before ``pos`` in its sentence or the one before,
    read as its recognizer reads it (``EUR 2019``, ``2015 people``, ``Decision 2019/11`` are
    none), as the first day it covers (``2018`` -> 2018-01-01); or None."""
    first = ctx.sentence_id(pos) - 1
    quantities = None
    for m in reversed(ctx.rule_matches("dates")):
        if m.end > pos or m.attrs["type"] not in _ABSOLUTE_TYPES:
            continue
        if ctx.sentence_id(m.start) < first:
            break
        quantities = quantities or _quantities(ctx)
        mention = RECOGNIZERS[m.attrs["type"]](ctx, m, quantities)
        if mention is not None and not mention.relative:
            value = mention.value
            return date(int(value[:4]), int(value[5:7] or 1), int(value[8:10] or 1))
    return None


#: rule type -> the function that reads a match of it (``models/patterns/dates.jsonl``).
RECOGNIZERS = {
    "weekday": _weekday,
    "month_relative": _month_relative,
    "ago": _ago,
    "calendar": _calendar,
    "month": _month,
    "year": _year,
    "year_context": _year_context,
    "numeric": _numeric,
    "numeric_month": _numeric_month,
    "relative": _relative,
}


def extract(ctx: DocContext) -> list[DateMention]:
    periods = _Spans((d.start, d.end) for d in durations.extract(ctx) if d.kind == "interval")
    quantities = _quantities(ctx)
    out: list[DateMention] = []
    for m in ctx.rule_matches("dates"):
        if periods.overlaps(m.start, m.end):
            continue
        mention = RECOGNIZERS[m.attrs["type"]](ctx, m, quantities)
        if mention is not None:
            out.append(mention)
    return out
