"""Readable names for coverage tables: what the app calls a column, and which of the file's columns filled it.

A coverage table keyed by canonical names ("listing_id", "work_mode") means nothing to someone who has
just uploaded "Job ID" and "Remote?": each row gets a plain name ("Listing id", "Work mode") and the
file's own column(s) it was read from, or how the app made it when no column gave it.
"""

from __future__ import annotations

import polars as pl

from data_loaders.columns import role_label

__all__ = ["column_name", "readable_coverage", "source_columns", "with_readable_names"]

NAMES: dict[str, str] = {
    "listing_id": "Listing id",
    "application_id": "Application id",
    "applicant_id": "Applicant id",
    "company": "Company",
    "title": "Job title",
    "field": "Field",
    "locations": "Places",
    "cities": "Cities",
    "regions": "States / regions",
    "countries": "Countries",
    "region": "State / region",
    "work_mode": "Work mode",
    "skills": "Skills",
    "pay_hourly_usd": "Pay (US$ per hour)",
    "pay_text": "Pay as written",
    "pay_currency": "Pay currency",
    "pay_min": "Pay minimum",
    "pay_max": "Pay maximum",
    "pay_period": "Pay period",
    "terms": "Terms / seasons",
    "term": "Term / season",
    "posted_date": "Date posted",
    "applied_date": "Date applied",
    "active": "Open",
    "sponsorship": "Visa sponsorship",
    "url": "Link",
    "source": "Source",
    "stage": "Stage reached",
    "status": "Status",
    "major": "Major",
    "class_year": "Class year",
    "gpa": "GPA",
    "applicant_skills": "Applicant's skills",
    "applications": "Applications",
    "interviews": "Interviews",
    "offers": "Offers",
    "accepted": "Accepted",
}
# Roles whose source columns fill a canonical column, first match wins (where the names differ or it is derived).
FILLED_BY: dict[str, tuple[str, ...]] = {
    "work_mode": ("remote", "locations", "description"),
    "field": ("category", "title"),
    "cities": ("locations",),
    "regions": ("locations",),
    "countries": ("locations",),
    "region": ("region", "locations"),
    "pay_hourly_usd": ("pay_text", "pay_min", "pay_max", "description"),
    "pay_currency": ("pay_currency", "pay_text", "pay_min"),
    "pay_min": ("pay_min", "pay_text", "description"),
    "pay_max": ("pay_max", "pay_text", "description"),
    "pay_period": ("pay_period", "pay_text", "description"),
    "skills": ("skills", "description"),
    "stage": ("stage", "status", "status_steps"),
    "status": ("status", "stage", "status_steps"),
    "active": ("active", "visible"),
}
MADE: dict[str, str] = {
    "listing_id": "made from company, title and places",
    "application_id": "numbered by the app",
    "source": "the file's name",
    "active": "no column: every listing counts as open",
}
NOT_IN_FILE = "not in the file"


def column_name(column: str) -> str:
    """The plain name of a canonical column ("work_mode" -> "Work mode")."""
    return NAMES.get(column) or role_label(column).capitalize()


def source_columns(column: str, column_mapping: dict[str, str]) -> str:
    """The file's column(s) a canonical column was read from ("Job Title"), or how the app made it."""
    by_role: dict[str, list[str]] = {}
    for source, role in column_mapping.items():
        by_role.setdefault(role, []).append(source)
    for role in FILLED_BY.get(column, (column,)):
        if role in by_role:
            return ", ".join(by_role[role])
    return MADE.get(column, NOT_IN_FILE)


def with_readable_names(frame: pl.DataFrame, column_mapping: dict[str, str]) -> pl.DataFrame:
    """`frame` (canonical names in "column") with "name" and "from" (the file's columns) put first."""
    names = [column_name(c) for c in frame["column"].to_list()]
    sources = [source_columns(c, column_mapping) for c in frame["column"].to_list()]
    return frame.select(
        pl.Series("name", names, dtype=pl.String), pl.Series("from", sources, dtype=pl.String), pl.all()
    )


def readable_coverage(coverage: dict[str, float], column_mapping: dict[str, str]) -> pl.DataFrame:
    """A report's coverage as name, from (the file's columns), column (canonical) and coverage, lowest first."""
    frame = pl.DataFrame(
        {"column": list(coverage), "coverage": [float(v) for v in coverage.values()]},
        schema={"column": pl.String, "coverage": pl.Float64},
    )
    return with_readable_names(frame, column_mapping).sort("coverage", "name")
