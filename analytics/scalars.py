"""Typed single values out of polars frames.

Polars types `Series.max()`, `.min()` and `.item()` as any Python literal; these say (and check) which one a
column's dtype guarantees, so callers get a `date` or a `float` instead of a union they would have to cast.
"""

from __future__ import annotations

import datetime as dt


def as_date(value: object) -> dt.date:
    """A Date column's value (a date; a datetime is one too)."""
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def as_float(value: object) -> float | None:
    """A numeric column's value as a float; None stays None (an empty or all-null column)."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")
