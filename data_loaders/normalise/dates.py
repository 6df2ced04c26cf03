"""Dates: ISO strings (with offsets, Z, fractions), epoch seconds/ms, Excel serials, US and
written-out dates, Python date/datetime objects → pl.Date; anything else → null.

Numbers are told apart by size: < 100,000 → Excel serial (days since 1899-12-30; 100,000 is
the year 2173); < 10^11 → epoch seconds (10^11 s is the year 5138); otherwise epoch milliseconds.
Datetimes with an offset are converted to UTC before the date is taken.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

__all__ = ["normalise_dates", "parse_date"]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%Y/%m/%d", "%Y%m%d")


def _from_number(value: float) -> dt.date | None:
    if value != value or value <= 0:  # NaN or non-positive
        return None
    try:
        if value < 100_000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        seconds = value if value < 1e11 else value / 1000
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def parse_date(value: object) -> dt.date | None:
    """One value → a date, or None when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return (value.astimezone(dt.UTC) if value.tzinfo else value).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_number(float(value))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text) and len(text) != 8:
        return _from_number(float(text))
    iso = text.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(iso)
        return (parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed).date()
    except ValueError:
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", re.sub(r"\s+", " ", text.replace(".", "")))
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def normalise_dates(series: pl.Series) -> pl.Series:
    """A pl.Date Series from any mix of date spellings (each distinct value parsed once)."""
    if series.dtype == pl.Date:
        return series
    if isinstance(series.dtype, pl.Datetime):
        if series.dtype.time_zone:
            return series.dt.convert_time_zone("UTC").dt.date()
        return series.dt.date()
    if series.dtype == pl.Object:  # mixed Python objects (date, str, int) from a spreadsheet
        return pl.Series(series.name, [parse_date(v) for v in series.to_list()], dtype=pl.Date())
    if series.dtype.is_numeric():
        values = series.cast(pl.Float64())
    elif series.dtype == pl.String:
        values = series
    else:
        values = series.cast(pl.String(), strict=False)
    unique = values.drop_nulls().unique().to_list()
    mapping = {value: parse_date(value) for value in unique}
    return values.replace_strict(mapping, default=None, return_dtype=pl.Date()).alias(series.name)
