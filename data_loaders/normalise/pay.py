"""Pay: free-text salary strings → hourly USD.

Conventions (documented so the numbers can be checked):
- Hours: 40 per week, 173.33 per month (40 × 52 / 12), 2080 per year.
- Ranges → midpoint. "K" multiplies by 1,000.
- A fixed, approximate FX table (mid-2025 rates, rounded): CAD 0.73, GBP 1.27, EUR 1.08, INR 0.012
  USD per unit. Good enough to place a posting on a chart; not for payroll.
- When no unit is written, the USD amount decides: < 200 → hourly (no intern earns $200/h);
  200 to < 20,000 → monthly (stipends are quoted per month far more often than per week);
  ≥ 20,000 → yearly.
- "Unpaid" → 0.0. "Paid", "Competitive", "DOE", "" → None (no number was given).
- Implausible results → None: above $300/h, or below $1/h with a written unit (e.g. "19–65 USD/yr",
  an hourly range mislabelled as yearly).
"""
from __future__ import annotations

import re

import polars as pl

__all__ = ["FX_TO_USD", "HOURS_PER", "normalise_pay", "parse_pay"]

FX_TO_USD: dict[str, float] = {"USD": 1.0, "CAD": 0.73, "GBP": 1.27, "EUR": 1.08, "INR": 0.012}
HOURS_PER: dict[str, float] = {"hour": 1.0, "day": 8.0, "week": 40.0, "month": 2080 / 12, "year": 2080.0}
MAX_HOURLY_USD = 300.0

_SYMBOLS = [("CA$", "CAD"), ("C$", "CAD"), ("US$", "USD"), ("£", "GBP"), ("€", "EUR"), ("₹", "INR"), ("$", "USD")]
_CODES = re.compile(r"\b(USD|CAD|GBP|EUR|INR|RS)\b\.?", re.I)
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK]|m\b)?")
_UNITS = [
    ("hour", re.compile(r"/\s*h(ou)?r\b|/\s*h\b|per\s+h(ou)?r|\bhourly\b|an?\s+hour|\bp/?h\b|/hour", re.I)),
    ("week", re.compile(r"/\s*w(ee)?k\b|per\s+week|\bweekly\b|a\s+week", re.I)),
    ("month", re.compile(r"/\s*mo(nth)?\b|per\s+month|\bmonthly\b|a\s+month|/\s*mth", re.I)),
    ("day", re.compile(r"/\s*day\b|per\s+day|\bdaily\b|a\s+day", re.I)),
    ("year", re.compile(r"/\s*y(ea)?r\b|per\s+(year|annum)|\bannual(ly)?\b|a\s+year|\byearly\b|\bp\.?a\.?\b|/\s*yr", re.I)),
]
_UNPAID = re.compile(r"\bunpaid\b|\bno\s+pay\b|\bvolunteer\b", re.I)


def _currency(text: str) -> str:
    code = _CODES.search(text)
    if code:
        found = code.group(1).upper()
        return "INR" if found == "RS" else found
    for symbol, currency in _SYMBOLS:
        if symbol in text:
            return currency
    return "USD"


def parse_pay(text: str | None) -> float | None:
    """Hourly USD from "$23–$37/hr", "$5,000/month", "£20/hour", "$53K-$91K (Glassdoor est.)"; None if unknown."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    if _UNPAID.search(raw):
        return 0.0
    # Only the part before a bullet or "+" counts: "$2K per week • + housing stipend."
    main = re.split(r"\s[•+]\s|\(", raw)[0] or raw
    amounts: list[float] = []
    multipliers: list[float] = []
    for number, suffix in _AMOUNT.findall(main.replace("–", "-").replace("—", "-")):
        multiplier = 1_000.0 if suffix.lower() == "k" else 1_000_000.0 if suffix == "m" else 1.0
        amounts.append(float(number.replace(",", "")) * multiplier)
        multipliers.append(multiplier)
    if not amounts:
        return None
    # "$90-100K": the K written once applies to both ends of the range.
    if len(amounts) >= 2 and multipliers[0] == 1.0 and multipliers[1] > 1.0 and amounts[0] < 1_000:
        amounts[0] *= multipliers[1]
    amount = (amounts[0] + amounts[1]) / 2 if len(amounts) >= 2 else amounts[0]
    usd = amount * FX_TO_USD[_currency(raw)]
    unit = next((name for name, pattern in _UNITS if pattern.search(raw)), None)
    if unit is None:
        unit = "hour" if usd < 200 else "month" if usd < 20_000 else "year"
        hourly = usd / HOURS_PER[unit]
    else:
        hourly = usd / HOURS_PER[unit]
        if hourly < 1.0:
            return None
    if hourly > MAX_HOURLY_USD:
        return None
    return round(hourly, 2)


def normalise_pay(series: pl.Series) -> pl.Series:
    """Hourly USD for every pay string (each distinct string parsed once)."""
    text = series.cast(pl.String())
    unique = text.drop_nulls().unique().to_list()
    mapping = {value: parse_pay(value) for value in unique}
    return text.replace_strict(mapping, default=None, return_dtype=pl.Float64()).alias(series.name)
