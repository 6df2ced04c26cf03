"""A filter's rows found by narrowing the rows of the same filter with one condition fewer (issue 9).

`FilterSpec.to_expr` is a conjunction of independent conditions (open only, fields, the place, work modes, terms,
skills, companies, sponsorship, pay, posting date, search), so the rows of a spec are the rows of its "parent" (the
spec without its last condition set, in the sidebar's order) that also pass that one condition. A view reached by
adding a filter (a country to a field) then evaluates the new condition on the few rows its previous view kept
(~2,600 listings of one field in one country) instead of every condition on all 1,000,000 listings (12-25 ms, twice:
with and without closed listings); the parents come through the caller's memo, where that previous view left them.
Every condition reads only its own row, except the posting date's default reference (the latest posting date of the
whole frame), which is computed on the whole frame and passed as a date. The rows are the same, in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl

from analytics.filters import FilterSpec

# (the attributes of one condition, each reset to FilterSpec's default in the parent), in the sidebar's order: a view
# reached by adding a filter below the ones set finds its parent in the memo.
STEPS: tuple[tuple[str, ...], ...] = (
    ("active_only",),
    ("fields",),
    ("countries", "regions", "cities", "include_remote"),  # one condition: the place (remote scope reads all three)
    ("work_modes",),
    ("terms",),
    ("skills", "skills_mode"),
    ("companies",),
    ("sponsorship",),
    ("pay_min", "pay_max"),
    ("posted_within_days",),
    ("search",),
)
_DEFAULT = FilterSpec()
_NOTHING = FilterSpec(active_only=False)  # the spec with no condition: every row
Memo = Callable[..., Any]  # `memo(function, *args)`: the caller's memo of a module-level function's result


def filter_rows(listings: pl.DataFrame, spec: FilterSpec) -> pl.Series | None:
    """The row indices of `spec.apply(listings)` within `listings`; None when every row passes unfiltered (the
    no-op spec): what codes kept for the whole frame (analytics/skill_code_table.py) take a filter's part with."""
    return None if spec == _NOTHING else spec.rows(listings)


def _is_set(spec: FilterSpec, step: tuple[str, ...]) -> bool:
    """True when `spec` sets the condition of `step` (a remote switch or skills mode alone sets none)."""
    if step[0] == "active_only":
        return spec.active_only
    if step[0] == "countries":
        return bool(spec.countries or spec.regions or spec.cities)
    if step[0] == "pay_min":
        return spec.pay_min is not None or spec.pay_max is not None
    return getattr(spec, step[0]) not in (None, (), "")


def split_last(spec: FilterSpec) -> tuple[FilterSpec, FilterSpec] | None:
    """(the parent: `spec` without its last condition set, that condition alone as a spec); None when `spec` sets no
    condition (a remote switch or a skills mode alone sets none)."""
    last = next((step for step in reversed(STEPS) if _is_set(spec, step)), None)
    if last is None:
        return None
    reset = {name: getattr(_DEFAULT if name != "active_only" else _NOTHING, name) for name in last}
    parent = dataclasses.replace(spec, **reset)
    alone = dataclasses.replace(_NOTHING, **{name: getattr(spec, name) for name in last})
    return parent, alone


def narrowed_rows(listings: pl.DataFrame, spec: FilterSpec, memo: Memo | None = None) -> pl.Series | None:
    """`filter_rows(listings, spec)`: the rows of `spec`'s parent (through `memo`, which keeps them for the next view)
    that pass its last condition; the same rows in the same order."""
    split = split_last(spec)
    if split is None:
        return filter_rows(listings, spec)
    parent, alone = split
    if split_last(parent) is None:  # a parent that sets no condition keeps every row
        return narrow(listings, None, alone)
    parent_rows = narrowed_rows(listings, parent, memo) if memo is None else memo(narrowed_rows, listings, parent, memo)
    return narrow(listings, parent_rows, alone)


def narrow(listings: pl.DataFrame, rows: pl.Series | None, alone: FilterSpec) -> pl.Series:
    """The indices among `rows` (every row when None) of the listings that pass the one condition `alone` sets."""
    today = None
    if alone.posted_within_days is not None:  # the whole frame's latest posting date, as `to_expr` reads it
        latest = listings.get_column("posted_date").max()
        # No date at all: `to_expr`'s own reference is then null on any rows too, and no row passes either way.
        today = latest if isinstance(latest, dt.date) else None
    condition = alone.to_expr(today=today)
    if rows is None:
        return listings.select(condition.alias("_keep")).get_column("_keep").arg_true()
    columns = list(dict.fromkeys(condition.meta.root_names()))
    subset = listings.select(pl.col(column).gather(rows) for column in columns)
    picked = subset.select(condition.alias("_keep")).get_column("_keep").arg_true()
    return rows.gather(picked).alias("_keep")


# The choices that narrow the filter options (their memo's key: a search or a pay range leaves the options as they are).
NARROWING = ("fields", "countries", "regions", "cities", "work_modes", "companies", "terms", "skills", "active_only")


def narrowing(spec: FilterSpec) -> tuple[Any, ...]:
    """The choices of `spec` that narrow its filter options."""
    return tuple(getattr(spec, name) for name in NARROWING)


def earlier_options(spec: FilterSpec, options_of: Callable[[FilterSpec], dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """The options `spec` shares with the views one choice back (`options_of(view)`, memoised by the caller): the
    fields of the open listings (or of all) and the countries of the chosen fields, the sidebar's choices before a
    country. Those views chose none of them, so their lists hold nothing added for a choice; only views whose options
    differ from `spec`'s are asked (a memo asked for the value it is computing would wait on itself)."""
    base = FilterSpec(active_only=spec.active_only)
    with_fields = dataclasses.replace(base, fields=spec.fields)
    known: dict[str, list[Any]] = {}
    if spec.fields and narrowing(spec) != narrowing(with_fields):
        known["countries"] = options_of(with_fields)["countries"]
    if narrowing(spec) != narrowing(base):
        known["fields"] = options_of(base)["fields"]
    return known
