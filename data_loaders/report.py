"""The validation report every loader returns next to its frame."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

MAX_EXAMPLES = 5


@dataclass
class RowIssue:
    """One counted problem: why, in which column, how many rows, and up to 5 examples."""

    reason: str
    column: str | None
    count: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    dropped: bool = False  # True when the rows were removed, False when kept (value nulled or noted)


@dataclass
class ValidationReport:
    """What a loader read, what it kept, and why anything changed."""

    kind: str
    format: str
    source: str
    rows_read: int = 0
    rows_loaded: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    coverage: dict[str, float] = field(default_factory=dict)
    column_mapping: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Every source column's role, confidence, evidence and sample values (data_loaders.roles.ColumnRole as dicts).
    column_roles: list[dict[str, Any]] = field(default_factory=list)
    # What must be mapped before the data can be used ("a job title column (role: title)"); empty when nothing.
    missing_roles: list[str] = field(default_factory=list)
    # The other kind when the content says the file is of it (an application tracker loaded as listings), and why.
    suggested_kind: str | None = None
    kind_evidence: str = ""

    @property
    def rows_dropped(self) -> int:
        """Rows removed, summed over the issues that drop rows."""
        return sum(issue.count for issue in self.issues if issue.dropped)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's --json output)."""
        out = asdict(self)
        ordered = {k: out.pop(k) for k in ("kind", "format", "rows_read", "rows_loaded", "issues", "coverage")}
        return {**ordered, **out, "rows_dropped": self.rows_dropped}

    def summary(self) -> str:
        """One plain-English line."""
        dropped = self.rows_dropped
        kept_issues = sum(1 for i in self.issues if not i.dropped)
        parts = [
            f"Loaded {self.rows_loaded:,} of {self.rows_read:,} rows of {self.kind} from {self.source} ({self.format})"
        ]
        if dropped:
            parts.append(f"{dropped:,} dropped")
        if self.issues:  # as many as the problems table lists (rows kept with a note, or dropped)
            n_kinds = len(self.issues)
            parts.append(
                f"{n_kinds:,} {'kind' if n_kinds == 1 else 'kinds'} of problem listed below"
                + (f", {kept_issues:,} of them kept with a note" if kept_issues and kept_issues < n_kinds else "")
            )
        return "; ".join(parts) + "."


def issue_from_mask(
    frame: pl.DataFrame,
    mask: pl.Series | pl.Expr,
    reason: str,
    column: str | None,
    value_column: str | None = None,
    *,
    dropped: bool = False,
) -> RowIssue | None:
    """Count rows where `mask` holds and take up to 5 examples (row, column, value), or None."""
    hits = frame.filter(mask)
    if hits.height == 0:
        return None
    value_col = value_column or column
    examples = []
    for rec in hits.head(MAX_EXAMPLES).iter_rows(named=True):
        value = rec.get(value_col) if value_col else None
        examples.append({"row": rec.get("_row"), "column": column, "value": _plain(value)})
    return RowIssue(reason, column, hits.height, examples, dropped)


def _plain(value: Any) -> Any:
    """Example values as JSON-friendly plain data."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value)


# Columns whose "unknown" says the source had no value (a file without a work-mode column is not 100 % covered).
UNKNOWN_IS_MISSING: frozenset[str] = frozenset({"work_mode", "sponsorship"})


def coverage_of(frame: pl.DataFrame) -> dict[str, float]:
    """Share of rows with a value per column; a list counts when non-empty, a string when non-blank (and, for
    work mode and sponsorship, not "unknown")."""
    if frame.height == 0:
        return {c: 0.0 for c in frame.columns}
    exprs = []
    for col, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            present = pl.col(col).list.len().fill_null(0) > 0
        elif dtype == pl.String:
            present = pl.col(col).str.strip_chars().str.len_chars().fill_null(0) > 0
            if col in UNKNOWN_IS_MISSING:
                present = present & (pl.col(col) != "unknown").fill_null(False)
        else:
            present = pl.col(col).is_not_null()
        exprs.append(present.mean().alias(col))
    row = frame.select(exprs).row(0, named=True)
    return {c: round(float(v or 0.0), 4) for c, v in row.items()}


@dataclass
class LoadResult:
    """A loaded canonical frame, its report, and its kind (listings, outcomes, outcome_counts).

    `merged` (listings only): one row per removed duplicate or collapsed re-post — merged_row, merged_id,
    kept_row, kept_id, company, title, reason (data_loaders.normalise.dedupe.MERGED_SCHEMA); None otherwise.
    """

    frame: pl.DataFrame
    report: ValidationReport
    kind: str
    merged: pl.DataFrame | None = None
