"""Outcome counts computed by the database: one GROUP BY through SQLAlchemy Core, no application rows loaded.

A table (or query) of per-application outcomes in a warehouse can hold far more rows than a server should
load. Here the database aggregates it into the `outcome_counts` kind: per group of the source's own columns
(company, title, category, term, region, major, class year, as the per-row reader maps them), how many
applications reached an interview, an offer and acceptance. The steps:

1. The head of the source (the rows the per-row reader profiles) goes through the per-row loader, so the
   column roles, the mapping, the refusals and the mapping step are exactly those of a per-row load.
2. For each stage-like column (stage, status, `Status 1..N`): `SELECT value, COUNT(*) ... GROUP BY value`; each
   distinct raw value goes through the loaders' stage normaliser. An application's furthest stage is the
   furthest over its columns, so "reached an interview" is `col1 IN (labels meaning interview or later) OR ...`.
3. One `SELECT <dims>, COUNT(*), SUM(CASE WHEN ... THEN 1 ELSE 0 END) ... GROUP BY <dims>` over the raw values;
   the groups (not the applications) are then normalised like per-row values and summed per canonical group.

Only statements built with SQLAlchemy Core run here (identifiers quoted by SQLAlchemy, values bound); a
configured query is the operator's own SQL, wrapped as a subquery.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl
import sqlalchemy as sa

from data_loaders.canonical import validate_canonical
from data_loaders.columns import ColumnMapping, is_private
from data_loaders.errors import LoadError
from data_loaders.files import stringify
from data_loaders.listings import as_text, classifiable, normalisers
from data_loaders.normalise.stages import parse_stage_label
from data_loaders.outcomes import STAGE_RANK, _regions, _text, outcomes_from_raw
from data_loaders.raw_table import RawTable, is_canonical
from data_loaders.report import LoadResult, RowIssue, ValidationReport, coverage_of
from data_loaders.roles import detect_roles
from data_loaders.roles_rules import SAMPLE_ROWS
from data_loaders.schema import OUTCOME_COUNTS_SCHEMA, OUTCOME_GROUP_COLUMNS, conform
from data_loaders.sql import _engine, _recast, check_source, read_sql_raw, require_table
from data_loaders.urls import mask_url

DIM_ROLES: tuple[str, ...] = ("company", "title", "category", "term", "region", "major", "class_year")
# Furthest stage rank an application must reach to count in each column (accepted: exactly the last stage).
THRESHOLDS: dict[str, int] = {"interviews": STAGE_RANK["interview"], "offers": STAGE_RANK["offer"]}
THRESHOLDS["accepted"] = STAGE_RANK["accepted"]
COUNTS: tuple[str, ...] = ("applications", "interviews", "offers", "accepted")
MAX_STAGE_LABELS = 10_000  # distinct labels per stage column sent back as bound values; more is not a stage column
FETCH_ROWS = 200_000  # groups fetched per part
_COUNT = "__insights_{}"  # result labels of the count columns (never a source column's name)


@dataclasses.dataclass(frozen=True)
class _Plan:
    """What to group by and which columns say how far an application got."""

    canonical: bool  # the source is our canonical outcomes table: values are used as stored
    cmap: ColumnMapping
    group_columns: list[str]  # source columns, in order
    stage_columns: list[list[str]]  # per stage-like role: the column, then its fallbacks (coalesced)
    report: ValidationReport  # the head's per-row report: roles, mapping, personal columns dropped


def count_outcomes(
    url: str, *, table: str | None = None, query: str | None = None, mapping: dict[str, str] | None = None
) -> LoadResult:
    """Outcome counts of a database's per-application table or query, aggregated by the database.

    A source that already holds counts per group is read as it is (it is small by nature)."""
    check_source(url, table, query, "applications")
    label = mask_url(url) + (f" table {table}" if table else "")
    with _engine(url) as engine, engine.connect() as conn:
        source, head = _source_and_head(conn, url, table, query)
        if head.height == 0:
            raise LoadError(
                "The table or query returned no rows", label, "check the table name or the query's WHERE clause"
            )
        private = [key for key in source.c.keys() if is_private(key)]
        plan = _plan(head, label, mapping)
        if plan is not None and (lists := {*plan.group_columns, *sum(plan.stage_columns, [])} - set(source.c.keys())):
            raise LoadError(
                f"The column(s) {', '.join(sorted(lists))} hold lists (child tables), which the database cannot count by",
                label,
                "map another column to that role (the mapping step, or --map), or load the applications row by row",
            )
        if plan is not None:
            stages = [_stage_sets(conn, source, columns, plan.canonical) for columns in plan.stage_columns]
            summed, tally = _group(conn, source, plan, [sets for sets, _ in stages])
    if plan is None:
        return outcomes_from_raw(read_sql_raw(url, table=table, query=query), mapping)
    return _result(summed, tally, plan, label, [issue for _, issue in stages if issue is not None], private)


def _source_and_head(
    conn: sa.Connection, url: str, table: str | None, query: str | None
) -> tuple[sa.FromClause, pl.DataFrame]:
    """The source as a selectable and its first SAMPLE_ROWS rows (the rows the per-row reader profiles).

    Columns named like personal data (notes, names, e-mail) are never selected, not even in the head."""
    if table is not None:
        names = require_table(conn, table, url)
        source: sa.FromClause = sa.Table(table, sa.MetaData(), autoload_with=conn)
    else:
        # The operator's query, run as written; a server-side cursor, closed before any row is fetched, names its columns.
        sql = (query or "").strip().rstrip(";")
        result = conn.execution_options(stream_results=True).execute(sa.text(sql))
        keys = list(result.keys())
        result.close()
        source = sa.text(sql).columns(*[sa.column(key) for key in keys]).subquery("insights_source")
    kept = [key for key in source.c.keys() if not is_private(key)]
    rows = conn.execute(sa.select(*[source.c[key] for key in kept]).limit(SAMPLE_ROWS)).fetchall()
    head = _frame(kept, rows)
    if table is not None:  # list columns live in child tables `<table>_<column>` (data_loaders.sql): none is counted
        children = [n[len(table) + 1 :] for n in names if n.startswith(f"{table}_") and n[len(table) + 1 :] not in kept]
        head = head.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias(c) for c in children)
    return source, head


def _frame(keys: list[str], rows: Any) -> pl.DataFrame:
    """Rows as a frame with every value kept (like data_loaders.sql's reader)."""
    data = {key: [row[i] for row in rows] for i, key in enumerate(keys)}
    return pl.DataFrame(data, strict=False, infer_schema_length=None)


def _plan(head: pl.DataFrame, label: str, mapping: dict[str, str] | None) -> _Plan | None:
    """The grouping for this source, decided on its head exactly as the per-row load decides (None: already counts)."""
    canonical = is_canonical(_recast(head))
    raw = (
        RawTable(_recast(head), "sql", label, already_canonical=True)
        if canonical
        else RawTable(stringify(head), "sql", label)
    )
    first = outcomes_from_raw(raw, mapping)  # raises the per-row load's refusals (MappingNeeded, not outcomes, ...)
    if first.kind != "outcomes":
        return None
    if canonical and mapping is None:
        groups = [c for c in OUTCOME_GROUP_COLUMNS if c in head.columns]
        cmap = ColumnMapping(roles={c: c for c in [*groups, "stage"]})
        return _Plan(True, cmap, groups, [["stage"]], first.report)
    cmap = detect_roles(raw.frame, "outcomes", mapping).mapping
    group_columns: list[str] = []
    for role in DIM_ROLES:
        if role in cmap.roles:
            group_columns += [cmap.roles[role], *cmap.fallbacks.get(role, [])]
    stage_columns = [[cmap.roles[r], *cmap.fallbacks.get(r, [])] for r in ("stage", "status") if r in cmap.roles]
    stage_columns += [[c] for c in cmap.status_steps]
    return _Plan(False, cmap, list(dict.fromkeys(group_columns)), stage_columns, first.report)


def _value(source: sa.FromClause, columns: list[str]) -> sa.ColumnElement[Any]:
    """A source column, or the first non-empty of a column and its fallbacks (as role_series reads them)."""
    exprs = [source.c[c] for c in columns]
    return exprs[0] if len(exprs) == 1 else sa.func.coalesce(*exprs)


def _stage_sets(
    conn: sa.Connection, source: sa.FromClause, columns: list[str], canonical: bool
) -> tuple[dict[str, list[Any]], RowIssue | None]:
    """Per count column, the raw values of this stage column that reach it; and the unrecognised labels' issue."""
    value = _value(source, columns).label("value")
    stmt = sa.select(value, sa.func.count().label("n")).select_from(source).group_by(value)
    rows = conn.execute(stmt.limit(MAX_STAGE_LABELS + 1)).fetchall()
    if len(rows) > MAX_STAGE_LABELS:
        raise LoadError(
            f"The column {columns[0]!r} has more than {MAX_STAGE_LABELS:,} different values, too many for a stage",
            "counting in the database",
            "map the stage or status column (the mapping step), or load the applications instead",
        )
    raw_values = [row[0] for row in rows if row[0] is not None]
    counts = [int(row[1]) for row in rows if row[0] is not None]
    if canonical:
        parsed = [(v, v if v in STAGE_RANK else None, True) for v in raw_values]
    else:
        # The same text the per-row reader parses: stringified, stripped, then the stage normaliser.
        texts = as_text(stringify(pl.DataFrame({"v": raw_values}, strict=False))["v"]).str.strip_chars()
        parsed = []
        for raw_value, text in zip(raw_values, texts.to_list(), strict=True):
            found = parse_stage_label(text)
            parsed.append((raw_value, found.stage, found.known))
    sets: dict[str, list[Any]] = {
        column: [v for v, stage, _ in parsed if stage is not None and STAGE_RANK[stage] >= rank]
        for column, rank in THRESHOLDS.items()
    }
    unknown = [(str(v), n) for (v, _, known), n in zip(parsed, counts, strict=True) if not known and str(v).strip()]
    issue = None
    if unknown:
        unknown.sort(key=lambda pair: (-pair[1], pair[0]))
        shown = ", ".join(f"{v!r} {n}" for v, n in unknown[:10])
        issue = RowIssue(
            f"stage or status not recognised in {columns[0]!r}, read as applied and still open "
            f"({len(unknown)} value(s), with their applications: {shown}); map it or rename the values",
            "status",
            sum(n for _, n in unknown),
            [{"row": None, "column": columns[0], "value": f"{v} ({n} applications)"} for v, n in unknown[:5]],
        )
    return sets, issue


def _group(
    conn: sa.Connection, source: sa.FromClause, plan: _Plan, stage_sets: list[dict[str, list[Any]]]
) -> tuple[pl.DataFrame, _Tally]:
    """The one GROUP BY over the raw group values, with funnel counts; summed per canonical group as it streams in."""
    dims = [source.c[c].label(f"g{i}") for i, c in enumerate(plan.group_columns)]
    aggregates: list[sa.ColumnElement[Any]] = [sa.func.count().label(_COUNT.format("applications"))]
    for column in THRESHOLDS:
        reached = [
            _value(source, columns).in_(sets[column])
            for columns, sets in zip(plan.stage_columns, stage_sets, strict=True)
            if sets[column]
        ]
        if reached:
            hit = sa.case((sa.or_(*reached), 1), else_=0)
            aggregates.append(sa.func.coalesce(sa.func.sum(hit), 0).label(_COUNT.format(column)))
        else:
            aggregates.append(sa.literal(0).label(_COUNT.format(column)))
    stmt = sa.select(*dims, *aggregates).select_from(source).group_by(*[source.c[c] for c in plan.group_columns])
    names = {f"g{i}": c for i, c in enumerate(plan.group_columns)}
    names.update({_COUNT.format(c): c for c in COUNTS})
    # Streamed in parts, each normalised and summed at once: millions of raw groups never sit in memory together.
    result = conn.execution_options(stream_results=True, yield_per=FETCH_ROWS).execute(stmt)
    keys, tally, parts = list(result.keys()), _Tally(), []
    for rows in result.partitions():
        raw = _frame(keys, rows).rename(names).with_columns(pl.col(c).cast(pl.Int64) for c in COUNTS)
        parts.append(_canonical_part(raw, plan, tally))
    if not parts:
        return pl.DataFrame(schema={c: OUTCOME_COUNTS_SCHEMA[c] for c in [*OUTCOME_GROUP_COLUMNS, *COUNTS]}), tally
    return _sum_groups(pl.concat(parts, how="vertical_relaxed")), tally


@dataclasses.dataclass
class _Tally:
    """Running totals over the streamed parts of the GROUP BY."""

    raw_groups: int = 0
    applications: int = 0
    dropped_groups: int = 0  # no company and no title, as the per-row load drops such rows
    dropped_applications: int = 0


def _sum_groups(frame: pl.DataFrame) -> pl.DataFrame:
    """Counts summed per canonical group (null is a value of its own)."""
    return frame.group_by(list(OUTCOME_GROUP_COLUMNS)).agg(pl.col(c).sum() for c in COUNTS)


def _canonical_part(raw: pl.DataFrame, plan: _Plan, tally: _Tally) -> pl.DataFrame:
    """One part of raw groups: normalised, those without company and title dropped (and tallied), summed."""
    frame = pl.concat([_dimensions(raw, plan), raw.select(COUNTS)], how="horizontal")
    missing = frame["company"].is_null() & frame["title"].is_null()
    tally.raw_groups += raw.height
    tally.applications += int(raw["applications"].sum())
    tally.dropped_groups += int(missing.sum())
    tally.dropped_applications += int(frame.filter(missing)["applications"].sum())
    return _sum_groups(frame.filter(~missing))


def _dimensions(grouped: pl.DataFrame, plan: _Plan) -> pl.DataFrame:
    """The canonical group columns of each raw group, normalised as the per-row reader normalises values."""
    if plan.canonical:
        return conform(grouped.select(plan.group_columns), "outcome_counts").select(OUTCOME_GROUP_COLUMNS)
    nm = normalisers()
    src, cmap = stringify(grouped.select(plan.group_columns)), plan.cmap
    title = _text(src, cmap, "title")
    category = _text(src, cmap, "category") if "category" in cmap.roles else None
    return pl.DataFrame(
        {
            "company": _text(src, cmap, "company"),
            "title": title,
            "field": nm.normalise_fields(category, classifiable(title)),
            "term": nm.normalise_terms(_text(src, cmap, "term")).list.first(),
            "region": _regions(_text(src, cmap, "region")),
            "major": _text(src, cmap, "major"),
            "class_year": _text(src, cmap, "class_year")
            .str.extract(r"((?:19|20)\d\d)", 1)
            .cast(pl.Int32, strict=False),
        }
    ).select(OUTCOME_GROUP_COLUMNS)


def _result(
    summed: pl.DataFrame, tally: _Tally, plan: _Plan, label: str, issues: list[RowIssue], private: list[str]
) -> LoadResult:
    """The counts per canonical group with a report in groups (the unit of this kind), applications in its notes."""
    if tally.dropped_groups:
        reason = f"no company and no title ({tally.dropped_applications:,} applications; groups dropped)"
        issues.append(RowIssue(reason, "company", tally.dropped_groups, dropped=True))
    groups = [c for c in OUTCOME_GROUP_COLUMNS if summed[c].null_count() < summed.height]
    result = conform(summed.sort(groups, nulls_last=True).with_columns(pl.lit(label).alias("source")), "outcome_counts")
    if plan.canonical:  # stored values are checked as a canonical file's are (fields, region codes)
        result, checked = validate_canonical(result, "outcome_counts", label)
        issues.extend(checked)
    notes = (
        [f"Left out {len(private)} column(s) with personal data, never read: {', '.join(private)}."] if private else []
    )
    notes.append(
        f"Counted in the database: {tally.applications:,} applications in {tally.raw_groups:,} groups of raw values, "
        f"{result.height:,} groups after normalising ({', '.join(groups) or 'no grouping'}); no application row, "
        "applicant id, GPA, date or skill was read."
    )
    report = dataclasses.replace(
        plan.report,
        kind="outcome_counts",
        rows_read=tally.raw_groups,
        rows_loaded=result.height,
        issues=issues,
        notes=notes,
        coverage=coverage_of(result),
    )
    return LoadResult(result, report, "outcome_counts")


__all__ = ["count_outcomes"]
