"""Pay: free-text salary strings → the amount as written (currency, min, max, period) and hourly USD.

Conventions (documented so every number can be checked):
- Hours: 40 per week, 8 per day, 2,080 per year, so a month is 2,080 / 12 = 173.33 hours.
- Ranges → midpoint for the hourly figure; `pay_min` / `pay_max` keep both ends as written.
- Multipliers: K/k = 1,000; M/mn = 1,000,000; L/lakh/lac = 100,000; Cr/crore = 10,000,000;
  "LPA" = lakh per annum. A multiplier written once ("$90-100K") applies to both ends.
- Currency: see `currency.detect_currency` (symbol or code, else the listing's country). The US
  dollar value uses the dated ECB rate table in `exchange_rates.csv`; a currency that is unknown or
  has no rate leaves `pay_hourly_usd` empty with a problem, never a guess.
- Period: as written ("/hr", "per month", "p.m.", "per annum", "LPA", "lump sum", an Ashby interval,
  a "Salary Frequency" column). Only when nothing says it is the period read from the amount's size in
  its own currency: below 200 US-dollar-equivalents hourly, below 20,000 monthly, else yearly (Indian
  rupees: below ₹1,000 hourly, below ₹2,00,000 monthly); such rows are counted (`period_inferred`).
- "Unpaid", "no pay", "volunteer" → 0.0 with period "unpaid". "-1", "0", "N/A", "TBD", "Competitive",
  "DOE", "Performance based", "Not disclosed", "Negotiable", "Paid" … → no pay figure, not a problem.
- A lump sum has no hourly equivalent (its length is unknown): amounts kept, hourly left empty.
- Implausible → hourly empty with a problem: above $300/h, or below one US-dollar-equivalent an hour
  in its own currency (₹5/h for rupees), e.g. "19–65 USD/yr", an hourly range mislabelled as yearly.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

import polars as pl

from data_loaders.normalise.currency import detect_currency, rate_table, usd_per_unit
from data_loaders.schema import PAY_PERIODS

__all__ = [
    "FX_TO_USD",
    "HOURS_PER",
    "PAY_PERIODS",
    "PAY_PROBLEMS",
    "ParsedPay",
    "compose_pay_text",
    "normalise_pay",
    "normalise_pay_details",
    "parse_pay",
    "parse_pay_details",
]

HOURS_PER: dict[str, float] = {"hour": 1.0, "day": 8.0, "week": 40.0, "month": 2080 / 12, "year": 2080.0}
MAX_HOURLY_USD = 300.0
# US dollars per unit on the table's date (kept under its old name for callers that convert).
FX_TO_USD: dict[str, float] = rate_table().usd_per_unit
# Problem code → the report's issue reason.
PAY_PROBLEMS: dict[str, str] = {
    "not_understood": "pay text not understood (hourly pay left empty)",
    "unknown_currency": "pay currency unknown or without an exchange rate (hourly USD left empty)",
    "implausible": "pay amount implausible for its period (hourly pay left empty)",
    "lump_sum": "lump-sum pay has no hourly equivalent (amount kept, hourly pay left empty)",
}
# (hourly below, monthly below) in local units when a currency's wages differ far from its exchange rate.
_SIZE_LIMITS: dict[str, tuple[float, float]] = {
    "INR": (1_000.0, 200_000.0),
    "PKR": (1_000.0, 200_000.0),
    "BDT": (1_000.0, 200_000.0),
}

_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "lump_sum",
        re.compile(
            r"lump\s*-?\s*sum|\bone[- ]?time\b|\bin total\b|\btotal\b|\bfor the (whole|entire) "
            r"(internship|program|programme|period)\b|\b1 NONE\b",
            re.I,
        ),
    ),
    (
        "hour",
        re.compile(
            r"/\s*h(ou)?rs?\b|/\s*h\b|\bper\s+h(ou)?r\b|\bhourly\b|\ban?\s+hour\b|\bp/?h\b|\b1 HOUR\b"
            r"|/\s*hora\b|\bpor hora\b|\bpar heure\b|stunde|stündlich|時給",
            re.I,
        ),
    ),
    ("day", re.compile(r"/\s*day\b|\bper\s+day\b|\bdaily\b|\ba\s+day\b|\bper diem\b|\b1 DAY\b|日給", re.I)),
    ("week", re.compile(r"/\s*w(ee)?k\b|\bper\s+week\b|\bweekly\b|\ba\s+week\b|\b1 WEEK\b", re.I)),
    (
        "month",
        re.compile(
            r"/\s*mo(nth)?s?\b|/\s*mth\b|\bper\s+month\b|\bmonthly\b|\ba\s+month\b|(?<![A-Za-z])p\.\s?m\.?"
            r"|(?<![A-Za-z])pm(?![A-Za-z])|/\s*m\b|\bper mensem\b|\b1 MONTH\b|monat|\bmois\b|\bal mes\b|\bmensual|月",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"/\s*y(ea)?r\b|/\s*yr\b|\bper\s+(year|annum)\b|\bannual(ly)?\b|\ban?\s+year\b|\byearly\b"
            r"|(?<![A-Za-z])p\.\s?a\.?|\blpa\b|\bctc\b|\b1 YEAR\b|jahr|\bpar an\b|\bannuel|\bal año\b|年",
            re.I,
        ),
    ),
)
_UNPAID = re.compile(r"\bunpaid\b|\bno\s+(pay|stipend|salary|compensation)\b|\bvolunteer\b|\bnon[- ]paid\b", re.I)
# Texts that say there is no figure: not numbers, not problems.
_NO_FIGURE = re.compile(
    r"^\s*[-–—.]*\s*$|\bn/?a\b|\bnone\b|\bnull\b|\bnil\b|\btb[dac]\b|competitive|\bdoe\b|\bd\.o\.e\b|depends|commensurate|negotiable|"
    r"performance|not (provided|disclosed|specified|stated|available|listed|mentioned|given)|undisclosed|unknown|"
    r"^\s*paid\s*$|\bvaries\b|\bvariable\b|as per|industry standard|market rate|attractive|equity only|"
    r"stipend\s*$|^\s*yes\s*$|^\s*no\s*$",
    re.I,
)
_SENTINEL_NUMBER = re.compile(r"^\s*[-–]?\s*[$€£₹]?\s*(-1|0+(\.0+)?)(\s*[-–]\s*[$€£₹]?\s*0+(\.0+)?)?\s*\W*\w{0,10}\s*$")
_AMOUNT = re.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d{3})+(?![\d,.])|\d[\d,]*(?:\.\d+)?)\s*"
    r"(k|thousand|mn|million|m|lakhs?|lacs?|l|crores?|cr)?(?=[^A-Za-z]|$|pa\b)",
    re.I,
)
_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|~|to|and|bis|à)\s*\D{0,6}$", re.I)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "l": 1e5,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "cr": 1e7,
    "crore": 1e7,
    "crores": 1e7,
}


class ParsedPay(NamedTuple):
    """One pay text, understood: the amount as written and its hourly US-dollar value."""

    text: str | None  # the pay text to show (a compensation object becomes its summary)
    currency: str | None  # ISO 4217
    minimum: float | None  # in `currency`, per `period`
    maximum: float | None
    period: str | None  # one of PAY_PERIODS
    hourly_usd: float | None
    period_inferred: bool  # the period was read from the amount's size
    problem: str | None  # a key of PAY_PROBLEMS


_NOTHING = ParsedPay(None, None, None, None, None, None, False, None)


def _amounts(text: str) -> list[float]:
    """The first amount, and the second when it closes a range ("10,000 - 20,000"), with multipliers."""
    found = list(_AMOUNT.finditer(text))
    values: list[tuple[float, float]] = []
    for index, match in enumerate(found[:2]):
        if index == 1 and not _RANGE_GAP.match(text[found[0].end() : match.start()]):
            break
        number = match.group(1)
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", number) and not match.group(2):
            number = number.replace(".", "")  # "1.200 €": dots group thousands
        suffix = (match.group(2) or "").casefold()
        multiplier = 1e6 if match.group(2) == "M" else _MULTIPLIERS.get(suffix, 1.0)
        values.append((float(number.replace(",", "")), multiplier))
    if not values:
        return []
    if re.search(r"\blpa\b", text, re.I):
        values = [(v, m if m > 1 else 1e5) for v, m in values]
    # "$90-100K": the multiplier written once applies to both ends of the range.
    if len(values) == 2 and values[0][1] == 1.0 and values[1][1] > 1.0 and values[0][0] < 1_000:
        values[0] = (values[0][0], values[1][1])
    return [v * m for v, m in values]


def _period(text: str) -> str | None:
    """The earliest-written period in `text` ("$5,000/month (about $29/hr)" is monthly)."""
    hits = [(m.start(), name) for name, pattern in _UNITS if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


def _size_limits(currency: str | None) -> tuple[float, float]:
    if currency in _SIZE_LIMITS:
        return _SIZE_LIMITS[currency]
    rate = usd_per_unit(currency) or 1.0
    return 200.0 / rate, 20_000.0 / rate


def _from_compensation(raw: str) -> tuple[str | None, str | None, tuple[Any, Any, str] | None]:
    """An Ashby-style compensation object: (summary text, currency, (min, max, interval)) of its salary."""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw, None, None
    if not isinstance(data, dict):
        return raw, None, None
    summary = data.get("compensationTierSummary") or data.get("scrapeableCompensationSalarySummary")
    for part in data.get("summaryComponents") or []:
        if isinstance(part, dict) and part.get("compensationType") == "Salary" and part.get("minValue") is not None:
            interval = str(part.get("interval") or "")
            return (
                summary,
                part.get("currencyCode"),
                (part.get("minValue"), part.get("maxValue"), f"1 {interval.split()[-1]}" if interval else ""),
            )
    return summary, None, None


def parse_pay_details(text: str | None, country: str | None = None, currency: str | None = None) -> ParsedPay:
    """Read one pay text (in a listing of `country`, ISO alpha-2) into amount, currency, period and hourly USD.

    `currency`, when given (a source's currency column), overrides what the text and country suggest.
    """
    if text is None or not str(text).strip():
        return _NOTHING
    raw = re.sub(r"\s+", " ", str(text)).strip()
    given_currency: str | None = None
    currency_given = currency
    structured = None
    shown: str | None = raw
    if raw.startswith("{"):
        shown, given_currency, structured = _from_compensation(raw)
        if shown is None and structured is None:
            return _NOTHING  # a compensation object without any salary
        raw = shown or ""
    if _UNPAID.search(raw):
        return ParsedPay(shown, None, 0.0, 0.0, "unpaid", 0.0, False, None)
    if structured is not None:
        low, high, interval = structured
        amounts = [float(low)] + ([float(high)] if high is not None else [])
        period = _period(interval)
        currency = given_currency
    else:
        if _SENTINEL_NUMBER.match(raw):
            return ParsedPay(shown, None, None, None, None, None, False, None)
        # Only the part before a bullet, "+" or bracket holds the amount: "$2K per week • + housing".
        main = re.split(r"\s[•+]\s|•|\(", raw)[0] or raw
        amounts = _amounts(main.replace("–", "-").replace("—", "-"))
        if not amounts:
            no_figure = bool(_NO_FIGURE.search(raw))
            return ParsedPay(shown, None, None, None, None, None, False, None if no_figure else "not_understood")
        period = _period(raw)
        currency, _ = detect_currency(raw, country)
    if currency_override := _iso_code(currency_given):
        currency = currency_override
    low, high = amounts[0], amounts[-1]
    if high == 0 and low == 0:
        return ParsedPay(shown, None, None, None, None, None, False, None)  # "0" stands for "not given"
    return _finish(shown, currency, min(low, high), max(low, high), period)


def _finish(shown: str | None, currency: str | None, low: float, high: float, period: str | None) -> ParsedPay:
    """Infer a missing period, check plausibility and convert to hourly US dollars."""
    middle = (low + high) / 2
    hour_limit, month_limit = _size_limits(currency)
    inferred = period is None
    if period is None:
        period = "hour" if middle < hour_limit else "month" if middle < month_limit else "year"
    if period == "lump_sum":
        return ParsedPay(shown, currency, low, high, period, None, False, "lump_sum")
    hourly_local = middle / HOURS_PER[period]
    rate = usd_per_unit(currency)
    if hourly_local < hour_limit / 200.0 or (rate is not None and hourly_local * rate > MAX_HOURLY_USD):
        return ParsedPay(shown, currency, low, high, period, None, inferred, "implausible")
    if rate is None:
        return ParsedPay(shown, currency, low, high, period, None, inferred, "unknown_currency")
    return ParsedPay(shown, currency, low, high, period, round(hourly_local * rate, 2), inferred, None)


def _iso_code(value: str | None) -> str | None:
    """A currency column's value as an ISO 4217 code ("usd " → "USD", "₹" → "INR"); None when unclear."""
    if value is None or not str(value).strip():
        return None
    code, named = detect_currency(str(value).strip().upper() if len(str(value).strip()) == 3 else str(value))
    return code if named else None


def parse_pay(text: str | None, country: str | None = None) -> float | None:
    """Hourly USD from "$23–$37/hr", "₹ 10,000 /month", "£20/hour", "$53K-$91K (Glassdoor est.)"; None if unknown."""
    return parse_pay_details(text, country).hourly_usd


_DETAIL_SCHEMA: dict[str, pl.DataType] = {
    "pay_text": pl.String(),
    "pay_currency": pl.String(),
    "pay_min": pl.Float64(),
    "pay_max": pl.Float64(),
    "pay_period": pl.String(),
    "pay_hourly_usd": pl.Float64(),
    "pay_period_inferred": pl.Boolean(),
    "pay_problem": pl.String(),
}


def normalise_pay_details(
    texts: pl.Series, countries: pl.Series | None = None, currencies: pl.Series | None = None
) -> pl.DataFrame:
    """Per row: pay_text, pay_currency, pay_min, pay_max, pay_period, pay_hourly_usd, pay_period_inferred, pay_problem.

    `countries` (one ISO alpha-2 code or null per row) decides a bare amount's currency and a "$";
    `currencies` (a source's currency column) overrides both. Each distinct triple is parsed once.
    """

    def column(series: pl.Series | None, name: str) -> pl.Series:
        if series is None:
            return pl.Series(name, [None] * len(texts), dtype=pl.String())
        return series.cast(pl.String()).alias(name)

    keys = pl.DataFrame([column(texts, "_text"), column(countries, "_country"), column(currencies, "_currency")])
    distinct = keys.unique(maintain_order=True).filter(pl.col("_text").is_not_null())
    parsed = [parse_pay_details(t, c, k) for t, c, k in distinct.iter_rows()]
    lookup = pl.concat([distinct, pl.DataFrame(parsed, schema=_DETAIL_SCHEMA, orient="row")], how="horizontal")
    joined = keys.join(
        lookup, on=["_text", "_country", "_currency"], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.select(*_DETAIL_SCHEMA).with_columns(pl.col("pay_period_inferred").fill_null(False))


def normalise_pay(series: pl.Series, countries: pl.Series | None = None) -> pl.Series:
    """Hourly USD for every pay string (each distinct string parsed once)."""
    return normalise_pay_details(series, countries)["pay_hourly_usd"].alias(series.name)


def compose_pay_text(
    minimum: pl.Series | None,
    maximum: pl.Series | None,
    period: pl.Series | None,
    currency: pl.Series | None,
    height: int,
) -> pl.Series:
    """One pay text per row from separate columns ("42405 - 65485 USD /Annual"), for the same parser."""

    def part(series: pl.Series | None, name: str) -> pl.Series:
        if series is None:
            return pl.Series(name, [None] * height, dtype=pl.String())
        return series.cast(pl.String()).str.strip_chars().replace("", None).alias(name)

    frame = pl.DataFrame([part(minimum, "low"), part(maximum, "high"), part(period, "per"), part(currency, "cur")])
    both = pl.col("low").is_not_null() & pl.col("high").is_not_null() & (pl.col("low") != pl.col("high"))
    amount = pl.when(both).then(pl.format("{} - {}", "low", "high")).otherwise(pl.coalesce("low", "high"))
    text = pl.concat_str([amount, pl.col("cur"), pl.format("/{}", "per")], separator=" ", ignore_nulls=True)
    return frame.select(pl.when(amount.is_not_null()).then(text).otherwise(None).alias("pay_text")).to_series()
