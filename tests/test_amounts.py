"""Amounts: money parsing (pure functions) and the extractor over whole texts. The invented sentences
with the amount rows they must give are in models/corpus/amounts.jsonl (tests/test_corpus.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extractors.amounts import (
    Countries,
    Money,
    amount_label,
    currency_code,
    parse_amount,
    parse_number,
)
from pipeline.rules import load_rules

NBSP, NNBSP = "\u00a0", "\u202f"
MODELS = Path(__file__).resolve().parent.parent / "models"


# --- parse_number -----------------------------------------------------------------------

@pytest.mark.parametrize("text, magnitude, expected", [
    ("4 954 784.93", False, Decimal("4954784.93")),
    (f"4{NBSP}954{NBSP}784.93", False, Decimal("4954784.93")),
    (f"4{NNBSP}954{NNBSP}784.93", False, Decimal("4954784.93")),
    ("4,503,899.50", False, Decimal("4503899.50")),
    ("4.954.784,93", False, Decimal("4954784.93")),
    ("17.915.000,00", False, Decimal("17915000.00")),
    ("550,000", False, Decimal("550000")),
    ("1.250", False, Decimal("1250")),
    ("1.250", True, Decimal("1.250")),
    ("23.8", False, Decimal("23.8")),
    ("2,5", True, Decimal("2.5")),
    ("1,250", True, Decimal("1250")),
    ("1 215 000", False, Decimal("1215000")),
    ("12", False, Decimal("12")),
    ("1,2,3", False, None),
    ("", False, None),
    ("abc", False, None),
])
def test_parse_number(text, magnitude, expected):
    assert parse_number(text, magnitude=magnitude) == expected


# --- parse_amount -----------------------------------------------------------------------

@pytest.mark.parametrize("text, value, currency, qualifier", [
    ("€23.8 million", "23800000", "EUR", None),
    ("4.954.784,93 EUR", "4954784.93", "EUR", None),
    ("EUR 1.2bn", "1200000000", "EUR", None),
    ("EUR 12 mln", "12000000", "EUR", None),
    ("5m euros", "5000000", "EUR", None),
    ("about 5m euros", "5000000", "EUR", "about"),
    ("25m euros", "25000000", "EUR", None),
    ("€800k", "800000", "EUR", None),
    ("3 million euros", "3000000", "EUR", None),
    ("some 3.7 million euros", "3700000", "EUR", "some"),
    ("USD 10 million", "10000000", "USD", None),
    (f"nearly USD{NBSP}1{NBSP}150{NBSP}000", "1150000", "USD", "nearly"),
    ("C$3 million", "3000000", "CAD", None),
    ("CAD 3.5 million", "3500000", "CAD", None),
    ("$600,000", "600000", "USD", None),
    ("CHF 2 million", "2000000", "CHF", None),
    ("17.915.000,00 EUR", "17915000", "EUR", None),
    ("EUR 48,750,000.00", "48750000", "EUR", None),
    ("Up to €300 000", "300000", "EUR", "up to"),
    ("More than €6 million", "6000000", "EUR", "more than"),
    ("over EUR 12 million", "12000000", "EUR", "over"),
    ("approximately EUR 400 000", "400000", "EUR", "approximately"),
    ("around EUR 1.2 billion", "1200000000", "EUR", "around"),
    ("EUR 79.5 billion", "79500000000", "EUR", None),
    ("£2.5m", "2500000", "GBP", None),
    ("US$ 4 million", "4000000", "USD", None),
    ("300 000 €", "300000", "EUR", None),
    ("5 million Swiss francs", "5000000", "CHF", None),
    ("JPY 150 million", "150000000", "JPY", None),
    ("1,5 Mio. EUR", "1500000", "EUR", None),
    ("EUR 1,100 million", "1100000000", "EUR", None),
    ("EUR 1.250 million", "1250000", "EUR", None),
])
def test_parse_amount(text, value, currency, qualifier):
    money = parse_amount(text)
    assert money == Money(value=Decimal(value), currency=currency, qualifier=qualifier, text=text)


@pytest.mark.parametrize("text", [
    "1 200 officers", "some 15 million searches", "45 %", "35%", "2023", "No 2/2023",
    "about 375 km", "+227 20 73 23 60", "EUR 3-5 million", "EUROMED 2020", "12 000", "5 m euros",
])
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("token, code", [
    ("€", "EUR"), ("$", "USD"), ("C$", "CAD"), ("euros", "EUR"), ("Euro", "EUR"), ("EUR", "EUR"),
    ("Swiss francs", "CHF"), ("CHF", "CHF"), ("GBP", "GBP"), ("pounds", "GBP"), ("Egyptian pounds", "EGP"), ("", None),
])
def test_currency_code(token, code):
    assert currency_code(token) == code


@pytest.mark.parametrize("before, after, label", [
    ("Total Cost (EUR): ", "", "Total Cost"),
    ("EU contracted amount (EUR): ", "", "EU contracted amount"),
    ("Budget: ", "", "Budget"),
    ("- Swiss contribution: ", "", "Swiss contribution"),
    ("It followed the first phase, with an EU contribution of ", ".", "EU contribution"),
    ("It is planned with a budget of ", ", and ...", "budget"),
    ("TOPCOP II would run, with a proposed budget of ", ".", "proposed budget"),
    ("the agency will manage ", " in EU funding for its work", "EU funding"),
    ("Budget: EUR 48,750,000.00, of which ", " for the global learning and evaluation component",
     "global learning and evaluation component"),
    ("financed from a dedicated envelope of ", " inside the project budget.", None),
    ("The project is worth ", ".", None),
])
def test_amount_label(before, after, label):
    assert amount_label(before, after) == label


# --- lexicons stay consistent -----------------------------------------------------------

def test_every_currency_entry_has_a_code():
    """Every form the rules match stands for a currency: on its own, or (a one-letter symbol, a code
    that is also a word, a form several currencies share) in a release naming a country that uses it."""
    rules = load_rules()
    table = rules.mapping("currencies")
    forms = rules.mapping("currency_forms")
    for lexicon in ("currency_codes", "currency_symbols", "currency_words"):
        for entry in rules.lexicon(lexicon):
            named = Countries(tuple(forms.get(entry) or forms.get(entry.lower()) or [entry]))
            assert currency_code(entry, rules, named), f"{lexicon}: {entry!r} has no ISO code"
    assert all(len(code) == 3 and code.isupper() for code in table.values())
    assert currency_code("K", rules) is None and currency_code("K", rules, Countries(("ZMW",))) == "ZMW"


def test_every_magnitude_has_a_factor():
    rules = load_rules()
    table = rules.mapping("magnitudes")
    for lexicon in ("magnitude_words", "magnitude_letters"):
        for entry in rules.lexicon(lexicon):
            assert entry.lower() in table, f"{lexicon}: {entry!r} missing from magnitudes.json"


# --- the extractor over whole texts -----------------------------------------------------

@pytest.fixture(scope="module")
def nlp_pipeline():
    from pipeline.core import Pipeline

    return Pipeline()


def _amounts(pipeline, text):
    return pipeline.extract(text, doc_id="t").amounts


def test_extract_spans_stay_in_one_sentence(nlp_pipeline):
    text = "The budget is\nEUR 5 million in total. It ran for about\n€3 million more."
    pipe_out = nlp_pipeline.extract(text, doc_id="t")
    sentences = pipe_out.sentences
    for a in pipe_out.amounts:
        assert any(s.start <= a.start and a.end <= s.end for s in sentences)
    assert [a.text for a in pipe_out.amounts] == ["EUR 5 million", "€3 million"]


@pytest.mark.parametrize("text, value, currency", [
    ("three million euros", "3000000", "EUR"),
    ("twenty-five million US dollars", "25000000", "USD"),
    ("€2-million", "2000000", "EUR"),
    ("10-million-euro", "10000000", "EUR"),
    ("CHF 1'000'000", "1000000", "CHF"),
    ("CHF 1\u2019500\u2019000", "1500000", "CHF"),
    ("Rs 5 crore", "50000000", "INR"),
])
def test_parse_amount_more_forms(text, value, currency):
    money = parse_amount(text)
    assert money is not None and (money.value, money.currency) == (Decimal(value), currency)


@pytest.mark.parametrize("text, value", [("EUR 4.5 m", "4500000"), ("USD 3 B", "3000000000"), ("€ 250 k", "250000")])
def test_parse_amount_spaced_letter_magnitude_after_currency(text, value):
    assert parse_amount(text).value == Decimal(value)


@pytest.mark.parametrize("text, low, high", [
    ("EUR 2 000 000 – 2 500 000", "2000000", "2500000"), ("EUR 1'000'000-2'000'000", "1000000", "2000000"),
    ("EUR 10-15 million", "10000000", "15000000"), ("EUR 1,250,000-2,000,000", "1250000", "2000000"),
])
def test_a_range_gives_both_ends_never_a_partial_figure(pipeline, text, low, high):
    rows = pipeline.extract(f"The grant is {text} per city.").amounts
    assert [(a.text, str(a.value), a.qualifier) for a in rows] == [(text, low, "at least"), (text, high, "up to")]


def test_year_before_a_figure_is_not_grouped_into_it():
    assert parse_amount("300 000 euros").value == Decimal("300000")
    from pipeline.matcher import find_matches

    found = find_matches("In 2019 300 000 euros were spent", load_rules().kind("amounts"))
    assert [m.text for m in found] == ["300 000 euros"]


def test_qualifier_across_a_line_break_is_dropped(nlp_pipeline):
    text = "The project costs more\nthan EUR 5 million in total."
    found = _amounts(nlp_pipeline, text)
    assert [(a.text, a.qualifier, text[a.start:a.end]) for a in found] == [("EUR 5 million", None, "EUR 5 million")]


# --- ISO codes beyond the common ones, and the CFA franc's written forms (invented) ----------

@pytest.mark.parametrize("text, value, currency", [
    ("PHP 3.5 billion", "3500000000", "PHP"),
    ("TWD 40 million", "40000000", "TWD"),
    ("75 million FCFA", "75000000", "XOF"),
    ("FCFA 2 500 000", "2500000", "XOF"),
    ("310 000 F CFA", "310000", "XOF"),
])
def test_parse_amount_more_codes(text, value, currency):
    money = parse_amount(text)
    assert money is not None and (money.value, money.currency) == (Decimal(value), currency)


# --- figures at the limits of the table's decimal128(38, 6) (found by tests/test_properties.py) ------

@pytest.mark.parametrize("text, expected", [
    # 29 digits, more than the default decimal context's 28: kept exactly
    ("$10000000000000000000000000000 ", [("$10000000000000000000000000000", Decimal("1E+28"))]),
    ("EUR 99999999999999999999999 billion",
     [("EUR 99999999999999999999999 billion", Decimal("99999999999999999999999000000000"))]),
    ("EUR 1.1234567 million", [("EUR 1.1234567 million", Decimal("1123456.7"))]),
    # more than 32 digits before the point or 6 after: not an amount the table can hold
    ("EUR 999999999999999999999999 billion", []),
    ("EUR 1.1234567", []),
])
def test_extract_figures_at_the_limits_of_the_table(nlp_pipeline, text, expected):
    import pyarrow as pa

    from pipeline.records import as_row
    from pipeline.schema import schema

    found = _amounts(nlp_pipeline, text)
    assert [(a.text, a.value) for a in found] == expected
    pa.Table.from_pylist([as_row(a) for a in found], schema=schema("amounts"))
