"""Extractor for the amounts table: money figures with currency, qualifier and label.

Where an amount is in the text is data: the regex rules of
``models/patterns/amounts.jsonl`` (groups ``qual``, ``cur``, ``num``, ``mag``,
``label``) built from the lexicons ``currency_codes``, ``currency_symbols``,
``currency_words``, ``magnitude_words``, ``magnitude_letters`` and
``amount_qualifiers``. What the pieces mean is data too: ``currencies.json``
(symbol, code or word -> ISO 4217) and ``magnitudes.json`` (word -> factor).

The functions here turn the pieces into values: :func:`parse_number` reads a
figure in any digit grouping, :func:`parse_amount` reads a whole written
amount into a :class:`Money`, and :func:`extract` adds the label (what the
figure is, from the cues around it) and the provenance. Every amounts rule is
of type ``money``: one function of :data:`RECOGNIZERS` reads them all.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache

from .. import names
from ..context import DocContext
from ..matcher import RuleMatch, find_matches
from ..records import Amount
from ..rules import Rules, load_rules

#: White space that may group digits or separate a figure from its currency.
_SPACES = " \u00a0\u202f\u2009"
_SPACE_RE = re.compile(f"[{_SPACES}]")
#: Apostrophes grouping thousands (Swiss style: CHF 1'000'000).
_APOSTROPHES = re.compile("['\u2019]")
_WS = re.compile(r"\s+")

#: ``of`` and up to two lower-case words after a figure's currency word (``pounds of wheat``,
#: ``pounds of new investment``; ``pounds of UK support`` is money).
_OF_AFTER = re.compile(r"[ \u00a0]+of[ \u00a0]+([a-z][\w-]*)(?:[ \u00a0]+([a-z][\w-]*))?")


def _a_measure(text: str, end: int, groups: dict[str, str | None], rules: Rules) -> bool:
    """Whether a figure with a currency word that also names a measure (``pounds``) is the
    measure: without a magnitude (``5 pounds``, ``50-pound bags``: sums in pounds sterling are
    written with one, ``45 million pounds``, or with ``£``), or before ``of`` and words that
    are not money (``3 million pounds of sorghum``; ``of funding``, ``of new investment`` are,
    by ``money_nouns``)."""
    if not (groups.get("mag") or "").strip():
        return True
    after = _OF_AFTER.match(text, end)
    if after is None:
        return False
    nouns = _lower_set(tuple(rules.lexicon("money_nouns")))
    return not any(w in nouns for w in after.groups() if w)


def _measure_words(rules: Rules) -> frozenset[str]:
    """Currency words that also name a measure (``measure_currency_words``), lower case."""
    return _lower_set(tuple(rules.lexicon("measure_currency_words")))


@lru_cache(maxsize=8)
def _lower_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


#: Groups whose spans make up an amount's text unless a rule says ``span_groups``.
_VALUE_GROUPS = ("qual", "cur", "num", "mag", "subunit")

#: Arithmetic wide enough to be exact for every value the amounts table holds (``decimal128(38, 6)``: 32 digits
#: before the point, 6 after); the default context's 28 digits cannot quantize a 29-digit figure.
_EXACT = Context(prec=80)


@dataclass(frozen=True)
class Money:
    """A parsed money amount: exact value in its own currency, qualifier, raw text."""

    value: Decimal
    currency: str | None
    qualifier: str | None = None
    text: str = ""


def parse_number(text: str, magnitude: bool = False) -> Decimal | None:
    """The value of a written figure in any digit grouping, or None.

    Space (plain, non-breaking, narrow), apostrophe, comma and dot groupings are read; with
    both comma and dot the last one is the decimal mark. A lone separator
    followed by exactly three digits groups thousands (``1,250 million``),
    except a dot before a magnitude word (``magnitude=True``: ``1.250 million``).

    >>> parse_number("4 954 784.93")
    Decimal('4954784.93')
    >>> parse_number("4.954.784,93")
    Decimal('4954784.93')
    >>> parse_number("4,503,899.50")
    Decimal('4503899.50')
    >>> parse_number("1\u00a0150\u00a0000")
    Decimal('1150000')
    >>> parse_number("550,000"), parse_number("2,5"), parse_number("23.8")
    (Decimal('550000'), Decimal('2.5'), Decimal('23.8'))
    >>> parse_number("1.250"), parse_number("1.250", magnitude=True), parse_number("1,250", magnitude=True)
    (Decimal('1250'), Decimal('1.250'), Decimal('1250'))
    >>> parse_number("1'000'000")
    Decimal('1000000')
    >>> parse_number("twelve") is None
    True
    """
    if not text:
        return None
    raw = text.strip()
    spaced = bool(_SPACE_RE.search(raw) or _APOSTROPHES.search(raw))
    digits = _APOSTROPHES.sub("", _SPACE_RE.sub("", raw))
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", digits):
        return None
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if digits.count(decimal_mark) > 1:
            return None
        digits = digits.replace(group_mark, "").replace(decimal_mark, ".")
    elif commas or dots:
        mark = "," if commas else "."
        parts = digits.split(mark)
        if len(parts) > 2:
            if any(len(p) != 3 for p in parts[1:]):
                return None
            digits = "".join(parts)
        elif len(parts[1]) == 3 and not spaced and (mark == "," or not magnitude):
            digits = "".join(parts)
        else:
            digits = parts[0] + "." + parts[1]
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def magnitude_factor(word: str | None, rules: Rules | None = None) -> Decimal | None:
    """The factor a magnitude word stands for (``million`` -> 1000000), or None.

    >>> magnitude_factor("bn"), magnitude_factor("-Million"), magnitude_factor("k")
    (Decimal('1000000000'), Decimal('1000000'), Decimal('1000'))
    >>> magnitude_factor("dozen") is None
    True
    """
    if not word or not word.strip():
        return None
    table = (rules or load_rules()).mappings.get("magnitudes", {})
    factor = table.get(_WS.sub(" ", word.strip(" -\u00a0\u202f")).lower())
    return Decimal(str(factor)) if factor is not None else None


def word_number(text: str, rules: Rules | None = None) -> Decimal | None:
    """The value of a number written in words (``three``, ``twenty-five``), or None.

    >>> word_number("three"), word_number("Twenty-five"), word_number("one hundred")
    (Decimal('3'), Decimal('25'), Decimal('100'))
    >>> word_number("several") is None
    True
    """
    table = (rules or load_rules()).mappings.get("number_words", {})
    key = _WS.sub(" ", (text or "").strip()).lower()
    if key in table:
        return Decimal(str(table[key]))
    parts = key.split("-")
    if len(parts) == 2 and all(p in table for p in parts):
        return Decimal(str(table[parts[0]])) + Decimal(str(table[parts[1]]))
    return None


@dataclass(frozen=True)
class Countries:
    """The currencies of the countries a document names (CLDR territory currencies), most named
    first; ``publisher``: those of a government whose banner opens the page (``Government of
    Canada``, ``Australian Government`` on its first lines)."""

    document: tuple[str, ...] = ()
    publisher: tuple[str, ...] = ()
    #: the currencies the document writes by a form naming one currency (``Egyptian pounds``, ``EGP``)
    written: tuple[str, ...] = ()


def currency_code(token: str | None, rules: Rules | None = None,
                  countries: Countries = Countries()) -> str | None:
    """The ISO 4217 code for a currency symbol, code or word, or None.

    A form CLDR gives one currency is that currency (``cedis``, ``Ksh``), unless it is a symbol of
    one or two letters (``K``, ``Le``): that, and a form several currencies share (``Rs``,
    ``kwacha``), stands for the currency of a country the document names (``countries``, most named
    first). The project's ``currencies.json`` gives a form's currency where no named country
    decides (``rupees`` -> INR, ``pounds`` -> GBP), and forms CLDR lacks (``Kshs``); where it gives a
    currency of ``vehicle_currencies.txt`` (``$`` -> USD) that holds whatever country is named,
    except on a government's own page (``countries.publisher``: ``$`` is CAD under a ``Government of
    Canada`` banner). A currency word several currencies share is the one the document writes by
    a form of its own (``countries.written``: ``pounds`` after ``Egyptian pounds`` is EGP).

    >>> currency_code("€"), currency_code("C$"), currency_code("euros"), currency_code("EUR")
    ('EUR', 'CAD', 'EUR', 'EUR')
    >>> currency_code("Swiss  francs"), currency_code("$"), currency_code("cedis")
    ('CHF', 'USD', 'GHS')
    >>> currency_code("$", countries=Countries(("CAD",))), currency_code("Rs", countries=Countries(("PKR",)))
    ('USD', 'PKR')
    >>> currency_code("$", countries=Countries(publisher=("CAD",)))
    'CAD'

    >>> currency_code("Rs"), currency_code("K"), currency_code("TOP"), currency_code("TOP", countries=Countries(("TOP",)))
    ('INR', None, None, 'TOP')
    >>> currency_code("K", countries=Countries(document=("XOF", "ZMW"))), currency_code("apples") is None
    ('ZMW', True)
    >>> currency_code("pounds", countries=Countries(written=("EGP",))), currency_code("$", countries=Countries(written=("HKD",)))
    ('EGP', 'USD')
    """
    if not token or not token.strip():
        return None
    rules = rules or load_rules()
    key = _WS.sub(" ", token.strip())
    if key in rules.lexicon("currency_codes_named_country"):
        return key if key in countries.document else None
    if key in _codes(rules):
        return key
    table = rules.mappings.get("currencies", {})
    default = table.get(key) or table.get(key.lower()) or table.get(key.upper())
    forms = rules.mappings.get("currency_forms", {})
    codes = forms.get(key) or forms.get(key.lower()) or ()
    if key.islower() or key.istitle():
        # a currency word the document also writes with its country ('Egyptian pounds', then 'pounds')
        said = next((c for c in countries.written if c in codes and c != default), None)
        if said and len(codes) > 1:
            return said
    if default and default in rules.lexicon("vehicle_currencies"):
        # a government's own page writes its own currency so ('$' on Canada.ca is CAD)
        return next((c for c in countries.publisher if c in codes), default)
    named = next((c for c in countries.document if c in codes or c == default), None)
    if named or default:
        return named or default
    return codes[0] if len(codes) == 1 and not _LOCAL_SYMBOL.fullmatch(key) else None


def _codes(rules: Rules) -> frozenset[str]:
    """The ISO 4217 codes the rules read (``currency_codes``: CLDR's and the folder's)."""
    return _code_set(tuple(rules.lexicon("currency_codes")))


@lru_cache(maxsize=8)
def _code_set(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for c in codes if re.fullmatch(r"[A-Z]{3}", c))


#: A currency symbol of one or two Latin letters (``K``, ``Le``): many things are written so, so it
#: is a currency only where the document names a country that uses it.
_LOCAL_SYMBOL = re.compile(r"[A-Za-z]{1,2}\.?")


def normalise_qualifier(text: str | None) -> str | None:
    """A qualifier as stored: lowercase, single spaces (``Up to`` -> ``up to``).

    >>> normalise_qualifier("More  than"), normalise_qualifier(None)
    ('more than', None)
    """
    if not text or not text.strip():
        return None
    return _WS.sub(" ", text.strip()).lower()


def money_from_groups(groups: dict[str, str | None], text: str = "",
                      rules: Rules | None = None, countries: Countries = Countries()) -> Money | None:
    """A :class:`Money` from the named groups of an amounts rule, or None.

    >>> money_from_groups({"qual": "about", "num": "5", "mag": "m", "cur": "euros"}, "about 5m euros")
    Money(value=Decimal('5000000'), currency='EUR', qualifier='about', text='about 5m euros')
    >>> money_from_groups({"num": "12", "cur": "apples"}) is None
    True
    >>> money_from_groups({"num": "3", "cur": "dollars", "sub": "50", "subunit": "cents"}).value
    Decimal('3.5')
    """
    rules = rules or load_rules()
    currency = currency_code(groups.get("cur"), rules, countries)
    if currency is None:
        return None
    mag = groups.get("mag")
    num = groups.get("num") or ""
    cur = (groups.get("cur") or "").strip()
    if (re.fullmatch(r"[A-Za-z]", cur) or cur in rules.lexicon("currency_codes_named_country")) and not (
            (mag and mag.strip()) or re.search(r"\d[.,' \u00a0\u202f]\d", num)):
        return None   # a one-letter symbol or a word-like code before a bare figure: Q3, G20, L1229, SDG 4
    number = parse_number(num, magnitude=bool(mag and mag.strip()))
    if number is None and num[:1].isalpha():
        number = word_number(num, rules)
    if number is None:
        return None
    if mag and mag.strip():
        factor = magnitude_factor(mag, rules)
        if factor is None:
            return None
        number = _EXACT.multiply(number, factor)
    if groups.get("sub") and not (mag and mag.strip()):
        # '3 dollars 50 cents': hundredths at the currency's minor-unit digits ('3 million dollars
        # and 50 cents' keeps its millions and drops the cents)
        digits = names.currency_digits(currency)
        sub = Decimal(groups["sub"])
        if digits == 0 or sub >= 10 ** digits:
            return None
        number = _EXACT.add(number, sub.scaleb(-digits))
    value = number.quantize(Decimal(1), context=_EXACT) if number == number.to_integral_value() else number.normalize(_EXACT)
    if value.adjusted() >= 32 or value.as_tuple().exponent < -6:
        return None   # more digits than the table's decimal128(38, 6) holds exactly: no sum of money
    return Money(value=value, currency=currency, qualifier=normalise_qualifier(groups.get("qual")),
                 text=text)


def parse_amount(text: str, rules: Rules | None = None) -> Money | None:
    """Parse a written money amount, the whole text, with the rules of ``models/`` (a range of sums,
    ``EUR 3-5 million``, is two amounts and not one: None).

    >>> parse_amount("€23.8 million")
    Money(value=Decimal('23800000'), currency='EUR', qualifier=None, text='€23.8 million')
    >>> parse_amount("4.954.784,93 EUR").value
    Decimal('4954784.93')
    >>> parse_amount("EUR 1.2bn").value, parse_amount("EUR 12 mln").value
    (Decimal('1200000000'), Decimal('12000000'))
    >>> parse_amount("Up to €300 000").qualifier
    'up to'
    >>> parse_amount("C$3 million").currency
    'CAD'
    >>> parse_amount("1 200 officers") is None, parse_amount("45 %") is None
    (True, True)
    """
    if not text or not text.strip():
        return None
    rules = rules or load_rules()
    stripped = text.strip()
    for match in find_matches(stripped, rules.kind("amounts")):
        if match.start == 0 and match.end == len(stripped):
            return money_from_groups(match.groups, stripped, rules) if match.attrs["type"] == "money" else None
    return None


# --- labels: what the figure is, from the words around it -----------------------------

#: How far from its figure, on its line, a label cue is looked for. A fact line's label
#: is at most 81 characters, a noun phrase cue a few words: on a long line (a list
#: joined onto one line) each figure reads this much around it, not the whole line.
CUE_REACH = 300


def _label_patterns(rules: Rules) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    nouns = rules.alternation("amount_label_nouns") if "amount_label_nouns" in rules.lexicons else "(?:budget)"
    return _compile_label_patterns(nouns)


@lru_cache(maxsize=8)
def _compile_label_patterns(nouns: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The cue patterns, compiled once. The fact line and the ``after`` cue are matched
    where their text starts, the ``before`` cue ends where its text ends (``$``)."""
    fact_line = re.compile(r"[\W_]*(?P<label>[A-Za-z][^:\n]{0,80}?)\s*(?:\([^)\n]*\))?\s*:\s*$")
    before = re.compile(
        r"\b(?:a|an|the|its|their|his|her|our)\s+(?P<label>(?:(?!(?:a|an|the)\s)[\w-]+\s+){0,2}?" + nouns + r")"
        r"(?:\s+of\s*|(?:\s+(?:of|for)\s+(?:the|this|that|its)\s+[\w\s-]{1,40}?)?\s+"
        r"(?:amounts?\s+to|amounted\s+to|amounting\s+to|totals?|totalled|totaled|totalling|totaling"
        r"|stands?\s+at|stood\s+at|reaches|reached|is|was|will\s+be|comes\s+to)\s*)$",
        re.IGNORECASE)
    after = re.compile(
        r",?\s+(?:in|for\s+the|for)\s+(?P<label>(?:[\w-]+\s+){0,5}?" + nouns + r")\b",
        re.IGNORECASE)
    return fact_line, before, after


def amount_label(before: str, after: str, rules: Rules | None = None) -> str | None:
    """What a figure is, from the text before and after it in its sentence, or None.

    Cues: a fact line ``Label: amount`` / ``Label (EUR): amount``, a noun phrase
    ``a budget of`` / ``an EU contribution of`` before the figure, or
    ``in EU funding`` / ``for the ... component`` after it.

    >>> amount_label("Total Cost (EUR): ", "")
    'Total Cost'
    >>> amount_label("- Swiss contribution: ", "")
    'Swiss contribution'
    >>> amount_label("It ran with an EU contribution of ", " and ...")
    'EU contribution'
    >>> amount_label("The total budget of the action amounts to ", ".")
    'total budget'
    >>> amount_label("the agency will manage ", " in EU funding for its work")
    'EU funding'
    >>> amount_label("financed from a dedicated envelope of ", "") is None
    True
    """
    return _label_and_cue(before, after, rules or load_rules())[0]


def _label_and_cue(before: str, after: str, rules: Rules) -> tuple[str | None, str | None]:
    """The label and which cue found it (``fact_line``, ``before``, ``after``)."""
    text = before + after
    return _cues(text, 0, len(before), len(before), len(text), rules, at_line_start=True)


def _cues(text: str, line_start: int, start: int, end: int, line_end: int, rules: Rules,
          at_line_start: bool) -> tuple[str | None, str | None]:
    """The label of the figure ``text[start:end]`` and which cue found it, reading at most
    ``CUE_REACH`` characters of ``text[line_start:start]`` and of ``text[end:line_end]``.
    ``at_line_start``: whether ``line_start`` is where the line starts (a fact line's label opens it)."""
    fact_line, before_re, after_re = _label_patterns(rules)
    lo = max(line_start, start - CUE_REACH)
    m = fact_line.match(text, lo, start) if at_line_start and lo == line_start else None
    if m is None:
        m, cue = before_re.search(text, lo, start), "before"
    else:
        cue = "fact_line"
    if m is None:
        m, cue = after_re.match(text, end, min(line_end, end + CUE_REACH)), "after"
    if m is None:
        return None, None
    return _WS.sub(" ", m.group("label")).strip(), cue


# --- extractor ------------------------------------------------------------------------

def _span(match: RuleMatch) -> tuple[int, int] | None:
    names = match.attrs.get("span_groups") or _VALUE_GROUPS
    spans = [match.group_spans[n] for n in names if n in match.group_spans]
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return start, end


def _money(ctx: DocContext, match: RuleMatch) -> list[tuple[Amount, bool]]:
    """The row of a money figure (groups ``qual``, ``cur``, ``num``, ``mag``, ``label``), with
    whether its label comes from a ``Label: amount`` fact line (none, or one pair)."""
    rules = ctx.rules
    span = _span(match)
    if span is None:
        return []
    start, end = span
    groups = dict(match.groups)
    sentence = ctx.sentence_of(match.group_spans["num"][0])
    if start < sentence.start and "qual" in match.group_spans:
        # a qualifier across a sentence break is not this figure's
        groups["qual"] = None
        names = [n for n in (match.attrs.get("span_groups") or _VALUE_GROUPS) if n != "qual"]
        start = min(match.group_spans[n][0] for n in names if n in match.group_spans)
    while end > start and ctx.text[end - 1].isspace():
        end -= 1
    if not (sentence.start <= start and end <= sentence.end):
        return []
    if (groups.get("cur") or "").strip().lower() in _measure_words(rules) and _a_measure(ctx.text, end, groups, rules):
        return []   # '5 pounds', '2 million pounds of wheat': a weight
    money = money_from_groups(groups, ctx.text[start:end], rules, _countries(ctx))
    if money is None:
        return []
    label = groups.get("label")
    label = _WS.sub(" ", label).strip() if label else None
    cue = "fact_line" if label else None
    if not label:
        # The label cues live on the figure's line; the parser may cut a
        # ``Label: amount`` line into two sentences, so look at the line
        # (as far as a cue reaches: a long line is not read whole for every figure).
        text = ctx.text
        lo = max(0, start - CUE_REACH)
        line_start = text.rfind("\n", lo, start) + 1 or lo
        line_end = text.find("\n", end, end + CUE_REACH)
        line_end = min(len(text), end + CUE_REACH) if line_end < 0 else line_end
        label, cue = _cues(text, line_start, start, end, line_end, rules,
                           at_line_start=line_start > lo or lo == 0 or text[lo - 1] == "\n")
    amount = Amount(**ctx.mention(start, end, match.rule_id), value=money.value,
                    currency=money.currency, qualifier=money.qualifier, label=label)
    return [(amount, cue == "fact_line")]


def _money_range(ctx: DocContext, match: RuleMatch) -> list[tuple[Amount, bool]]:
    """A range of sums (``between EUR 2 and 3 million``, ``2-3 million euros``): two rows over the
    whole range, the lower end (group ``lo``, with its own magnitude ``lomag`` or the upper end's)
    ``at least`` and the upper ``up to``, as a range of lengths is (the rules join two figures with
    ``and`` only after ``between``). Two years joined by a dash (``2021-2025 EUR``) are no range of sums."""
    groups = match.groups
    lo, hi = groups.get("lo") or "", groups.get("num") or ""
    if not (groups.get("mag") or groups.get("lomag")) and all(re.fullmatch(r"(?:19|20)\d\d", n) for n in (lo, hi)):
        return []
    upper = _money(ctx, match)
    if not upper:
        return []
    amount, fact_line = upper[0]
    # the lower figure takes the upper one's magnitude ('EUR 2-3 million') unless it is a whole sum
    # itself: its own magnitude, thousands written out, or a currency before the upper figure
    # ('EUR 100,000 to EUR 1.2 million')
    between = ctx.text[match.group_spans["sep"][1]:match.group_spans["num"][0]].strip()
    whole = bool(groups.get("lomag") or between or re.search(r"\d[,.' \u00a0\u202f\u2019]\d{3}(?!\d)", lo))
    mag = groups.get("lomag") if whole else groups.get("mag")
    lower = money_from_groups({"cur": groups.get("cur"), "num": lo, "mag": mag}, amount.text, ctx.rules,
                              _countries(ctx))
    if lower is None or lower.value >= amount.value:
        return []
    low = dataclasses.replace(amount, value=lower.value, qualifier=amount.qualifier or "at least")
    amount.qualifier = amount.qualifier or "up to"
    return [(low, fact_line), (amount, fact_line)]


def _countries(ctx: DocContext) -> Countries:
    """The currencies of the countries the document names (CLDR names and the demonyms of
    ``demonyms.json``), most named first; kept on the context."""
    if ctx.countries is None:
        regex, to_code = _country_regex(ctx.rules)
        counts: dict[str, int] = {}
        for m in regex.finditer(ctx.text):
            code = to_code.get(m.group(0))
            if code:
                counts[code] = counts.get(code, 0) + 1
        currencies = names.territory_currencies()
        order = sorted(counts, key=lambda c: -counts[c])
        publisher = [to_code[name] for name in _banner_countries(ctx.text, regex) if name in to_code]
        ctx.countries = Countries(tuple(dict.fromkeys(cur for c in order for cur in currencies.get(c, ()))),
                                  tuple(dict.fromkeys(cur for c in publisher for cur in currencies.get(c, ()))),
                                  _written_currencies(ctx))
    return ctx.countries


def _written_currencies(ctx: DocContext) -> tuple[str, ...]:
    """The currencies the document's amounts write by a form that names one currency only: an
    ISO code or a word CLDR gives one currency (``Egyptian pounds``, ``cedis``), in text order."""
    forms = ctx.rules.mappings.get("currency_forms", {})
    codes = _codes(ctx.rules)
    found = []
    for m in ctx.rule_matches("amounts"):
        cur = _WS.sub(" ", (m.groups.get("cur") or "").strip())
        if cur in codes:
            found.append(cur)
        else:
            named = forms.get(cur) or forms.get(cur.lower()) or ()
            if len(named) == 1 and cur[:1].isalpha() and " " in cur:
                found.append(named[0])
    return tuple(dict.fromkeys(found))


#: How many lines open a page as its banner, before the headline and the text.
BANNER_LINES = 2
#: What separates a government's name from what follows it on a banner line.
_BANNER_SEPARATOR = re.compile(r"\s+[/|–—-]\s+")


def _banner_countries(text: str, countries: re.Pattern) -> list[str]:
    """The countries whose government's banner opens the page, on its first lines: ``Government of
    Canada``, ``Australian Government`` (a whole line, or its part before a slash: ``Government of
    Canada / Gouvernement du Canada``).

    >>> regex, _ = _country_regex(load_rules())
    >>> _banner_countries("Government of Canada / Gouvernement du Canada\\nNews", regex)
    ['Canada']
    >>> _banner_countries("Australian Government\\nDepartment of Foreign Affairs", regex)
    ['Australian']
    >>> _banner_countries("News\\nThe Government of Canada announced a grant to Mali today.", regex)
    []
    """
    found = []
    lines = [_BANNER_SEPARATOR.split(line)[0].strip() for line in text.splitlines() if line.strip()][:BANNER_LINES]
    for line in lines:
        m = re.fullmatch(rf"(?:The\s+)?Government\s+of\s+(?:the\s+)?(?P<a>{countries.pattern})"
                         rf"|(?P<b>{countries.pattern})\s+Government", line)
        if m:
            found.append(m.group("a") or m.group("b"))
    return found


@lru_cache(maxsize=8)
def _country_regex_cached(fingerprint: str, root: str) -> tuple[re.Pattern, dict[str, str]]:
    rules = load_rules(root)
    to_code = dict(names.territory_names())
    for demonym, country in rules.mapping("demonyms").items():
        if not demonym.startswith("_") and country in to_code:
            to_code[demonym] = to_code[country]
    alternation = "|".join(re.escape(n) for n in sorted(to_code, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), to_code


def _country_regex(rules: Rules) -> tuple[re.Pattern, dict[str, str]]:
    return _country_regex_cached(rules.fingerprint, str(rules.root))


#: rule type -> the function that reads a match of it (``models/patterns/amounts.jsonl``) into rows.
RECOGNIZERS = {"money": _money, "money_range": _money_range}


def extract(ctx: DocContext) -> list[Amount]:
    """One :class:`Amount` per money figure the amounts rules find in the document."""
    out: list[Amount] = []
    fact_labels: set[int] = set()
    for match in ctx.rule_matches("amounts"):
        for amount, from_fact_line in RECOGNIZERS[match.attrs["type"]](ctx, match):
            if from_fact_line:
                fact_labels.add(len(out))
            out.append(amount)
    _share_labels(out, fact_labels)
    return out


def _share_labels(amounts: list[Amount], preferred: set[int] = frozenset()) -> None:
    """Give a mention without a label the label of another mention of the same figure.

    A figure repeated in one release (``3 million euros`` in the text and in the
    ``Total budget:`` fact line) is one amount; a label from a ``Label: amount``
    line (indices in ``preferred``) names it, else the first label found.
    """
    labels: dict[tuple[Decimal | None, str | None], str] = {}
    order = sorted(range(len(amounts)), key=lambda i: i not in preferred)
    for i in order:
        if amounts[i].label:
            labels.setdefault((amounts[i].value, amounts[i].currency), amounts[i].label)
    for amount in amounts:
        if not amount.label or amount.label != labels.get((amount.value, amount.currency), amount.label):
            amount.label = labels.get((amount.value, amount.currency))
