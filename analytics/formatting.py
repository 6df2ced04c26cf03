"""One way to write a number: shares, percents, intervals, money, counts and plurals.

Every page, chart, download and the HTML report writes its numbers through these functions, so one
count reads the same everywhere. The rules, in one place:
- percents are rounded half-up (12.5 % -> "13 %", never banker's rounding), computed exactly from
  the counts when the counts are known (`share`), else from the decimal text of the float;
- a share that is neither nothing nor everything never reads "0 %" or "100 %": it reads "<1 %" when
  it would round to 0 and ">99 %" when it would round to 100 (with one decimal: "<0.1 %", ">99.9 %");
- a percent sign is separated by a space ("12 %"), as in "95 % CI";
- a share always carries its counts where it stands alone: "12 % (6 of 48)";
- money is US dollars with cents and its unit: "$12.50/h"; a difference is signed before the
  dollar: "+$12.50/h", "−$3.00/h" (a true minus sign);
- counts take thousands separators: "1,204";
- a change of a share is in percentage points, signed: "+3.4 pp", "−1.2 pp";
- chart axes label their percent ticks with these same functions ("20 %", never d3's "20%").
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import polars as pl

__all__ = [
    "MISSING",
    "count",
    "interval",
    "money",
    "ordinal",
    "percent",
    "plural",
    "points",
    "share",
    "share_label",
    "share_labels",
    "texts",
    "whole_percent",
]

MISSING = "n/a"
MINUS = "−"  # U+2212: a minus sign, not a hyphen
# Plurals English does not make by adding "s".
_IRREGULAR: dict[str, str] = {
    "company": "companies",
    "category": "categories",
    "opportunity": "opportunities",
    "city": "cities",
    "country": "countries",
    "person": "people",
    "analysis": "analyses",
}


def _round_half_up(value: Decimal, digits: int) -> Decimal:
    """`value` rounded half-up to `digits` decimals."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _percent_text(pct: Decimal, digits: int) -> str:
    """A percent value (0–100) as text with the <1 / >99 rule for partial shares."""
    rounded = _round_half_up(pct, digits)
    step = Decimal(1).scaleb(-digits)
    if 0 < pct and rounded == 0:
        return f"<{step:f}"
    if pct < 100 and rounded == 100:
        return f">{100 - step:f}"
    return f"{rounded:f}"


def _as_decimal(value: float | Fraction) -> Decimal:
    """A share as an exact Decimal percent: from a Fraction exactly, from a float via its shortest repr."""
    if isinstance(value, Fraction):
        # 40 significant digits: more than any count a dataset can hold, so half-way cases stay exact.
        return Decimal(value.numerator * 100) / Decimal(value.denominator) if value.denominator else Decimal(0)
    return Decimal(repr(float(value))) * 100


def percent(value: float | None, digits: int = 0) -> str:
    """A share (0–1) as '12 %', half-up; '<1 %' / '>99 %' for partial shares that would round to 0 / 100; 'n/a' for None."""
    if value is None or value != value:  # None or NaN
        return MISSING
    return f"{_percent_text(_as_decimal(value), digits)} %"


def share(successes: int, total: int, digits: int = 0) -> str:
    """`successes` of `total` as a percent, computed exactly from the counts; '–' when total is 0."""
    if total <= 0:
        return "–"
    return f"{_percent_text(_as_decimal(Fraction(successes, total)), digits)} %"


def whole_percent(successes: int, total: int) -> int | None:
    """`successes` of `total` as a whole percent rounded half-up from the counts (no <1 / >99 rule); None when total is 0."""
    if total <= 0:
        return None
    return int(_round_half_up(_as_decimal(Fraction(successes, total)), 0))


def ordinal(value: int | None) -> str:
    """1 -> '1st', 72 -> '72nd', 13 -> '13th'; 'n/a' for None."""
    if value is None:
        return MISSING
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value:,}{suffix}"


def share_label(successes: int, total: int, unit: str = "", digits: int = 0) -> str:
    """'34 % (140 of 412)', or with a unit '34 % (140 of 412 openings)'; '– (0 of 0)' when total is 0."""
    counts = f"{successes:,} of {total:,}{' ' + unit if unit else ''}"
    return f"{share(successes, total, digits)} ({counts})"


def share_labels(successes: pl.Series, totals: int | pl.Series, unit: str = "") -> pl.Series:
    """share_label over a small, already aggregated column (one label per row)."""
    counts = successes.to_list()
    denominators = [totals] * len(counts) if isinstance(totals, int) else totals.to_list()
    return pl.Series(
        [share_label(int(c or 0), int(t or 0), unit) for c, t in zip(counts, denominators, strict=False)],
        dtype=pl.String,
    )


def interval(low: float | None, high: float | None, digits: int = 1) -> str:
    """A 95 % interval as '3.1–6.0 %' (both ends half-up, same rules as `percent`); 'n/a' when unknown."""
    if low is None or high is None:
        return MISSING
    return f"{percent(low, digits)[:-2]}–{percent(high, digits)}"


def count(value: int | None) -> str:
    """A count with thousands separators: '1,204'; 'n/a' for None."""
    return MISSING if value is None else f"{int(value):,}"


def plural(value: int, word: str, plural_word: str | None = None) -> str:
    """'1 field', '3 fields', '2 companies', '1,204 openings'."""
    many = plural_word or _IRREGULAR.get(word) or f"{word}s"
    return f"{value:,} {word if value == 1 else many}"


def money(value: float | None, unit: str = "/h", signed: bool = False) -> str:
    """US dollars with cents: '$12.50/h'; signed: '+$12.50/h', '−$3.00/h'; 'n/a' for None."""
    if value is None or value != value:
        return MISSING
    amount = _round_half_up(Decimal(repr(float(abs(value)))), 2)
    sign = (MINUS if value < 0 and amount else "+") if signed else (MINUS if value < 0 and amount else "")
    return f"{sign}${amount:,.2f}{unit}"


def points(value: float | None, digits: int = 1) -> str:
    """A change of a share in percentage points, signed, half-up: 0.034 -> '+3.4 pp', −0.012 -> '−1.2 pp'."""
    if value is None or value != value:
        return MISSING
    amount = _round_half_up(abs(_as_decimal(value)), digits)
    sign = "" if amount == 0 else (MINUS if value < 0 else "+")
    return f"{sign}{amount:f} pp"


def texts(values: pl.Series, writer: Callable[[Any], str]) -> pl.Series:
    """`writer` over a small, already aggregated column (one label per row), as a string column of the same name."""
    return pl.Series(values.name, [writer(value) for value in values.to_list()], dtype=pl.String)
