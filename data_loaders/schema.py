"""The canonical columns and dtypes of Internship Insights, in one place.

Every reader normalises into these frames; every analytics function reads them.
"""

from __future__ import annotations

import polars as pl

FIELDS: tuple[str, ...] = (
    "Software Engineering",
    "Data Science & Analytics",
    "AI & Machine Learning",
    "Cybersecurity",
    "IT & Infrastructure",
    "Hardware & Embedded",
    "Product & Design",
    "Quantitative Finance",
    "Other",
)
WORK_MODES: tuple[str, ...] = ("onsite", "hybrid", "remote", "unknown")
SPONSORSHIP: tuple[str, ...] = ("offers", "none", "citizens_only", "unknown")
# Furthest stage an application reached, in funnel order.
STAGES: tuple[str, ...] = ("applied", "screen", "interview", "offer", "accepted")
STATUSES: tuple[str, ...] = ("open", "rejected", "withdrawn", "no_response", "declined", "accepted")
PAY_PERIODS: tuple[str, ...] = ("hour", "day", "week", "month", "year", "lump_sum", "unpaid")
SKILL_CATEGORIES: tuple[str, ...] = ("language", "framework", "data", "cloud", "security", "tool", "soft")

LISTINGS_SCHEMA: dict[str, pl.DataType] = {
    "listing_id": pl.String(),
    "company": pl.String(),
    "title": pl.String(),
    "field": pl.String(),  # one of FIELDS
    "locations": pl.List(pl.String()),  # display strings, e.g. "San Francisco, CA"
    "cities": pl.List(pl.String()),  # e.g. "San Francisco"
    "regions": pl.List(pl.String()),  # ISO 3166-2 codes, e.g. "US-CA", "CA-ON", "GB-ENG"
    "countries": pl.List(pl.String()),  # ISO 3166-1 alpha-2, e.g. "US"
    "work_mode": pl.String(),  # one of WORK_MODES
    "skills": pl.List(pl.String()),  # canonical skill names
    "pay_hourly_usd": pl.Float64(),
    "pay_text": pl.String(),  # the original pay text, as written
    # The amount as written: ISO 4217 currency, both ends of the range per `pay_period` (one of PAY_PERIODS).
    "pay_currency": pl.String(),
    "pay_min": pl.Float64(),
    "pay_max": pl.Float64(),
    "pay_period": pl.String(),
    "terms": pl.List(pl.String()),  # e.g. "Summer 2027"
    "posted_date": pl.Date(),
    "active": pl.Boolean(),
    "sponsorship": pl.String(),  # one of SPONSORSHIP
    "url": pl.String(),
    "source": pl.String(),
}

OUTCOMES_SCHEMA: dict[str, pl.DataType] = {
    "application_id": pl.String(),
    "applicant_id": pl.String(),  # pseudonymous
    "listing_id": pl.String(),  # null when unknown
    "company": pl.String(),
    "title": pl.String(),
    "field": pl.String(),
    "term": pl.String(),
    "region": pl.String(),  # ISO 3166-2 of the opening, when known
    "applied_date": pl.Date(),
    "stage": pl.String(),  # furthest stage reached, one of STAGES
    "status": pl.String(),  # final status, one of STATUSES
    "major": pl.String(),
    "class_year": pl.Int32(),
    "gpa": pl.Float64(),
    "applicant_skills": pl.List(pl.String()),
    "source": pl.String(),
}

# Aggregated outcome counts: one row per group. Any subset of the group columns may be present
# in a source; the rest are null. Counts are cumulative funnel counts.
OUTCOME_GROUP_COLUMNS: tuple[str, ...] = ("company", "title", "field", "term", "region", "major", "class_year")
OUTCOME_COUNTS_SCHEMA: dict[str, pl.DataType] = {
    "company": pl.String(),
    "title": pl.String(),
    "field": pl.String(),
    "term": pl.String(),
    "region": pl.String(),
    "major": pl.String(),
    "class_year": pl.Int32(),
    "applications": pl.Int64(),
    "interviews": pl.Int64(),
    "offers": pl.Int64(),
    "accepted": pl.Int64(),  # null when the source does not say
    "source": pl.String(),
}

# Columns added after frames were first written: a frame without them is still canonical (conform adds nulls).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"listings": ("pay_currency", "pay_min", "pay_max", "pay_period")}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "listings": LISTINGS_SCHEMA,
    "outcomes": OUTCOMES_SCHEMA,
    "outcome_counts": OUTCOME_COUNTS_SCHEMA,
}


def empty_frame(kind: str) -> pl.DataFrame:
    """An empty frame with the canonical columns of `kind`."""
    return pl.DataFrame(schema=SCHEMAS[kind])


def conform(frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    """Select the canonical columns of `kind` in order, adding missing ones as nulls and casting."""
    schema = SCHEMAS[kind]
    exprs = []
    for name, dtype in schema.items():
        if name in frame.columns:
            exprs.append(pl.col(name).cast(dtype))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(exprs)
