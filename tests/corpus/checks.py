"""What every corpus file must satisfy once loaded, or once refused (used by test_corpus and the e2e test).

A refusal must be a clear message (what, where, how to fix; no traceback, no internal class path); a loaded
frame must keep the schema's promises (dates in a sane range, finite non-negative pay and counts, values
from the allowed lists, unique ids) whatever the file claimed.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import polars as pl

from data_loaders.schema import FIELDS, SCHEMAS, SPONSORSHIP, STAGES, STATUSES, WORK_MODES

MAX_WALL_SECONDS = 30.0
MAX_RSS_BYTES = 2 * 1024**3
YEARS = (1990, 2100)
# A count above this cannot be exact in a float rate, and sums of a few of them overflow int64.
MAX_COUNT = 2**53
# Traces of an exception that escaped: a traceback, a file/line, a qualified class name, a Rust panic.
LEAK_PATTERNS = (
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'File "[^"]+", line \d+'),
    re.compile(
        r"\b(?:polars|pyarrow|fastexcel|openpyxl|data_loaders|builtins|zipfile|json|csv)\.[A-Za-z_.]*[A-Z]\w*(?:Error|Exception)"
    ),
    re.compile(r"<class '"),
    re.compile(r"Exception"),
    re.compile(r"panicked at|RUST_BACKTRACE|pyo3", re.IGNORECASE),
    re.compile(r"\b[A-Za-z_]\w*::\w"),  # a Rust path such as TimeDelta::milliseconds
)


def message_problems(message: str, file_name: str) -> list[str]:
    """Why `message` is not a clear refusal for `file_name` (empty list when it is)."""
    problems = []
    if not message.strip():
        return ["the message is empty"]
    for pattern in LEAK_PATTERNS:
        if pattern.search(message):
            problems.append(f"it leaks internals ({pattern.pattern!r})")
    if "How to fix" not in message:
        problems.append("it does not say how to fix it")
    if file_name not in message:
        problems.append("it does not say where (the file name)")
    if len(message) > 2000:
        problems.append(f"it is {len(message):,} characters long")
    return problems


def _years_outside(frame: pl.DataFrame, column: str) -> list[Any]:
    """Values of a date column outside YEARS (a few examples)."""
    if column not in frame.columns or frame.height == 0:
        return []
    years = frame[column].dt.year()
    bad = frame.filter((years < YEARS[0]) | (years > YEARS[1]))[column]
    return bad.head(3).to_list()


def _not_in(frame: pl.DataFrame, column: str, allowed: tuple[str, ...]) -> list[Any]:
    """Values of `column` that are neither null nor in `allowed`."""
    if column not in frame.columns:
        return []
    return (
        frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(allowed)))[column]
        .unique()
        .head(3)
        .to_list()
    )


def _bad_floats(frame: pl.DataFrame, column: str, *, minimum: float = 0.0) -> list[Any]:
    """Values of a float column that are NaN, infinite or below `minimum`."""
    if column not in frame.columns:
        return []
    values = frame[column].drop_nulls()
    return [v for v in values.to_list() if not math.isfinite(v) or v < minimum][:3]


def _duplicated(frame: pl.DataFrame, column: str) -> list[Any]:
    """Ids that are null or appear more than once."""
    if column not in frame.columns or frame.height == 0:
        return []
    ids = frame[column]
    dupes = ids.filter(ids.is_duplicated()).unique().head(3).to_list()
    return dupes + ([None] if ids.null_count() else [])


def _count_problems(frame: pl.DataFrame) -> list[str]:
    """Funnel counts that are negative, too large to be real, or out of funnel order."""
    problems = []
    counts = [c for c in ("applications", "interviews", "offers", "accepted") if c in frame.columns]
    for column in counts:
        values = [v for v in frame[column].to_list() if v is not None]
        if any(v < 0 or v >= MAX_COUNT for v in values):
            problems.append(
                f"{column} has values outside 0..2**53: {[v for v in values if v < 0 or v >= MAX_COUNT][:3]}"
            )
    for high, low in (("applications", "interviews"), ("interviews", "offers"), ("offers", "accepted")):
        if high in frame.columns and low in frame.columns:
            wrong = frame.filter(pl.col(low) > pl.col(high))
            if wrong.height:
                problems.append(f"{low} above {high} in {wrong.height} row(s)")
    return problems


def frame_problems(frame: pl.DataFrame, kind: str) -> list[str]:
    """Every broken promise of a loaded canonical frame of `kind` (listings, outcomes, outcome_counts)."""
    problems = []
    if kind not in SCHEMAS:
        return [f"unknown kind {kind!r}"]
    if dict(frame.schema) != SCHEMAS[kind]:
        problems.append(f"schema differs from the canonical {kind} schema: {dict(frame.schema)}")
        return problems
    checks: list[tuple[str, list[Any]]] = []
    if kind == "listings":
        checks = [
            ("posted_date outside 1990..2100", _years_outside(frame, "posted_date")),
            ("pay_hourly_usd NaN, infinite or negative", _bad_floats(frame, "pay_hourly_usd")),
            ("field not allowed", _not_in(frame, "field", FIELDS)),
            ("work_mode not allowed", _not_in(frame, "work_mode", WORK_MODES)),
            ("sponsorship not allowed", _not_in(frame, "sponsorship", SPONSORSHIP)),
            ("listing_id missing or not unique", _duplicated(frame, "listing_id")),
        ]
    elif kind == "outcomes":
        checks = [
            ("applied_date outside 1990..2100", _years_outside(frame, "applied_date")),
            ("stage not allowed", _not_in(frame, "stage", STAGES)),
            ("status not allowed", _not_in(frame, "status", STATUSES)),
            ("gpa NaN, infinite or negative", _bad_floats(frame, "gpa")),
            ("application_id missing or not unique", _duplicated(frame, "application_id")),
        ]
    else:
        problems += _count_problems(frame)
    if kind in ("outcomes", "outcome_counts") and "field" in frame.columns:
        checks.append(("field not allowed", _not_in(frame, "field", FIELDS)))
    problems += [f"{what}: {examples}" for what, examples in checks if examples]
    return problems


def frame_text(frame: pl.DataFrame) -> str:
    """All text of a frame as one string (for `contains` / `absent` checks)."""
    parts = []
    for column, dtype in frame.schema.items():
        if dtype == pl.String:
            parts += [v for v in frame[column].to_list() if v]
        elif isinstance(dtype, pl.List):
            parts += [x for v in frame[column].to_list() if v for x in v if x]
    return "\n".join(parts)


def report_text(report: Any) -> str:
    """A report as JSON text."""
    return json.dumps(report.to_dict(), default=str)
