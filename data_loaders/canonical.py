"""Validate a frame that already has a canonical schema exactly like any other source.

A Parquet file with the canonical columns skips re-parsing (fast), but not validation: dates
outside a sane window, pay that is NaN / infinite / negative / absurd, values outside the allowed
lists, impossible funnels and repeated ids are reported here just as the parsing path reports them.
Vectorised throughout; values that need a normaliser are mapped once per distinct value.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from data_loaders import limits
from data_loaders.caps import cap_cells
from data_loaders.report import RowIssue, issue_from_mask
from data_loaders.schema import FIELDS, SPONSORSHIP, STAGES, STATUSES, WORK_MODES

__all__ = ["validate_canonical"]

_ALLOWED: dict[str, tuple[str, ...]] = {
    "field": FIELDS,
    "work_mode": WORK_MODES,
    "sponsorship": SPONSORSHIP,
    "stage": STAGES,
    "status": STATUSES,
}
# What an unknown label becomes: the schema's "don't know" value, else null.
_FALLBACK: dict[str, str | None] = {
    "field": "Other",
    "work_mode": "unknown",
    "sponsorship": "unknown",
    "stage": "applied",
    "status": "no_response",
}
_DATE_COLUMNS = ("posted_date", "applied_date")
_REGION = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
_COUNTRY = r"^[A-Z]{2}$"


def _null_where(frame: pl.DataFrame, mask: pl.Expr, column: str, reason: str, issues: list[RowIssue]) -> pl.DataFrame:
    """Report rows where `mask` holds and empty `column` there."""
    if issue := issue_from_mask(frame, mask, reason, column):
        issues.append(issue)
        frame = frame.with_columns(pl.when(mask).then(None).otherwise(pl.col(column)).alias(column))
    return frame


def _check_dates(frame: pl.DataFrame, issues: list[RowIssue]) -> pl.DataFrame:
    """Dates before MIN_YEAR or more than FUTURE_LIMIT_DAYS ahead become null."""
    first = dt.date(limits.MIN_YEAR, 1, 1)
    last = dt.date.today() + dt.timedelta(days=limits.FUTURE_LIMIT_DAYS)
    for col in _DATE_COLUMNS:
        if col in frame.columns:
            outside = ((pl.col(col) < first) | (pl.col(col) > last)).fill_null(False)
            frame = _null_where(
                frame, outside, col, f"date outside {first.year} to {last.isoformat()} (left empty)", issues
            )
    return frame


def _check_numbers(frame: pl.DataFrame, issues: list[RowIssue]) -> pl.DataFrame:
    """Pay, GPA and class year outside what they can be become null."""
    this_year = dt.date.today().year
    rules: list[tuple[str, pl.Expr, str]] = [
        (
            "pay_hourly_usd",
            ~pl.col("pay_hourly_usd").is_finite()
            | (pl.col("pay_hourly_usd") < 0)
            | (pl.col("pay_hourly_usd") > limits.MAX_HOURLY_PAY_USD),
            f"hourly pay not a number between 0 and {limits.MAX_HOURLY_PAY_USD:,.0f} (left empty)",
        ),
        (
            "pay_min",
            ~pl.col("pay_min").is_finite() | (pl.col("pay_min") < 0),
            "pay amount infinite, not a number or negative (left empty)",
        ),
        (
            "pay_max",
            ~pl.col("pay_max").is_finite() | (pl.col("pay_max") < 0),
            "pay amount infinite, not a number or negative (left empty)",
        ),
        (
            "gpa",
            ~pl.col("gpa").is_finite() | (pl.col("gpa") < 0) | (pl.col("gpa") > 5),
            "GPA not a number between 0 and 5 (left empty)",
        ),
        (
            "class_year",
            (pl.col("class_year") < limits.MIN_YEAR) | (pl.col("class_year") > this_year + 10),
            f"class year outside {limits.MIN_YEAR} to {this_year + 10} (left empty)",
        ),
    ]
    for col, bad, reason in rules:
        if col in frame.columns:
            frame = _null_where(frame, bad.fill_null(False), col, reason, issues)
    return frame


def _check_labels(frame: pl.DataFrame, issues: list[RowIssue]) -> pl.DataFrame:
    """Values outside the allowed lists become the schema's unknown value; bad region/country codes null."""
    for col, allowed in _ALLOWED.items():
        if col not in frame.columns:
            continue
        bad = (~pl.col(col).is_in(allowed)).fill_null(False)  # null stays null: it claims nothing
        fallback = _FALLBACK[col]
        if issue := issue_from_mask(frame, bad, f"{col} not one of the allowed values (set to {fallback})", col):
            issues.append(issue)
            frame = frame.with_columns(pl.when(bad).then(pl.lit(fallback)).otherwise(pl.col(col)).alias(col))
    if "region" in frame.columns:
        frame = _null_where(
            frame,
            (~pl.col("region").str.contains(_REGION)).fill_null(False),
            "region",
            "region not an ISO 3166-2 code (left empty)",
            issues,
        )
    for col, pattern in (("regions", _REGION), ("countries", _COUNTRY)):
        if col in frame.columns:
            bad = (
                pl.col(col).list.eval(~pl.element().str.contains(pattern).fill_null(False)).list.any().fill_null(False)
            )
            if issue := issue_from_mask(
                frame, bad, f"{col} holding values that are not ISO codes (those removed)", col
            ):
                issues.append(issue)
                frame = frame.with_columns(
                    pl.col(col).list.eval(pl.element().filter(pl.element().str.contains(pattern)))
                )
    return frame


def _fill_missing_ids(frame: pl.DataFrame, id_col: str, issues: list[RowIssue]) -> pl.DataFrame:
    """Rows without an id get a stable one hashed from company, title and their position in that group."""
    # Imported here: listings.py imports this module (validate_canonical), a real cycle.
    from data_loaders.listings import stable_ids

    missing = pl.col(id_col).is_null()
    if (issue := issue_from_mask(frame, missing, "missing id (one was made from company and title)", id_col)) is None:
        return frame
    issues.append(issue)
    made = stable_ids(
        frame.select("company", "title", pl.int_range(pl.len()).over("company", "title").cast(pl.String).alias("_n"))
    )
    return frame.with_columns(pl.coalesce(pl.col(id_col), made).alias(id_col))


def _check_rows(frame: pl.DataFrame, kind: str, issues: list[RowIssue]) -> pl.DataFrame:
    """Drop rows nothing can be shown for, and impossible funnels; make ids unique."""
    # Imported here: listings.py imports this module (validate_canonical), and outcomes.py imports listings.py.
    from data_loaders.listings import resolve_duplicate_ids
    from data_loaders.outcomes import funnel_checks

    if kind in ("listings", "outcomes"):
        missing = pl.col("company").is_null() & pl.col("title").is_null()
        if issue := issue_from_mask(frame, missing, "no company and no title (row dropped)", "company", dropped=True):
            issues.append(issue)
            frame = frame.filter(~missing)
        id_col = "listing_id" if kind == "listings" else "application_id"
        frame = _fill_missing_ids(frame, id_col, issues)
        frame, issue = resolve_duplicate_ids(frame, id_col)
        if issue:
            issues.append(issue)
    else:
        for mask, reason, column in funnel_checks():
            if issue := issue_from_mask(frame, mask, reason, column, dropped=True):
                issues.append(issue)
                frame = frame.filter(~mask)
    return frame


def validate_canonical(frame: pl.DataFrame, kind: str, source_label: str) -> tuple[pl.DataFrame, list[RowIssue]]:
    """The canonical `frame` of `kind` checked like parsed data: (cleaned frame, issues). Adds and drops `_row`."""
    # Imported here: data_loaders.sql pulls in sqlalchemy (~0.5 s), which only a database source needs.
    from data_loaders.urls import mask_url

    issues: list[RowIssue] = []
    frame, cell_issues = cap_cells(frame, pl.int_range(1, frame.height + 1, eager=True, dtype=pl.Int64))
    issues.extend(cell_issues)
    frame = frame.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64))
    frame = _check_dates(frame, issues)
    frame = _check_numbers(frame, issues)
    frame = _check_labels(frame, issues)
    frame = _check_rows(frame, kind, issues)
    if "source" in frame.columns:
        # A source naming a database must never show its password, whoever wrote the file.
        sources = frame["source"].fill_null(source_label)
        masked = {s: mask_url(s) for s in sources.unique().to_list()}
        frame = frame.with_columns(sources.replace_strict(masked, return_dtype=pl.String).alias("source"))
    return frame.drop("_row"), issues
