"""Raw table -> canonical outcomes (one row per application) or outcome counts, plus a report.

Privacy first: columns like Comments, notes, email or names are dropped before anything else
reads them, so their values can reach neither the frame nor the report's examples.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from data_loaders.columns import ColumnMapping
from data_loaders.listings import (
    as_text,
    canonical_passthrough,
    classifiable,
    date_issues,
    map_unique,
    normalisers,
    resolve_duplicate_ids,
    role_series,
    stable_ids,
)
from data_loaders.normalise.stages import parse_stage_label
from data_loaders.outcome_funnel import COUNT_ROLES as COUNT_ROLES  # re-exported: callers import them from here
from data_loaders.outcome_funnel import funnel_checks as funnel_checks
from data_loaders.outcome_statistics import not_a_funnel
from data_loaders.raw_table import RawTable, is_canonical
from data_loaders.report import LoadResult, RowIssue, ValidationReport, coverage_of, issue_from_mask
from data_loaders.roles import MappingNeeded, detect_roles, missing_roles, roles_payload
from data_loaders.roles_catalogue import not_the_kind
from data_loaders.schema import OUTCOME_GROUP_COLUMNS, STAGES, conform

# Columns whose presence means one row per application rather than aggregated counts.
PER_APPLICATION_ROLES: frozenset[str] = frozenset({"application_id", "applicant_id", "applied_date", "stage", "status"})
STAGE_RANK: dict[str, int] = {s: i for i, s in enumerate(STAGES)}
GPA_MAX = 5.0  # some schools grade on 5; anything above is a typo or a percentage


def is_counts(cmap: ColumnMapping) -> bool:
    """True when the table holds funnel counts per group rather than applications."""
    has_counts = "applications" in cmap.roles and ({"interviews", "offers"} & set(cmap.roles))
    return bool(has_counts) and not (PER_APPLICATION_ROLES & set(cmap.roles)) and not cmap.status_steps


def outcomes_from_raw(raw: RawTable, mapping: dict[str, str] | None = None) -> LoadResult:
    """Normalise a raw table into canonical outcomes or outcome counts, with its report."""
    if raw.already_canonical and mapping is None:
        found = is_canonical(raw.frame)
        return canonical_passthrough(raw, "outcomes" if found == "listings" else found or "outcomes")
    # Private columns are never profiled: detect_roles reads only the others' values.
    detection = detect_roles(raw.frame, "outcomes", mapping)
    cmap = detection.mapping
    src = raw.frame.drop(cmap.private)  # before anything else reads them
    notes = list(raw.notes)
    if cmap.private:
        notes.append(
            f"Dropped {len(cmap.private)} column(s) with personal data, never loaded: {', '.join(cmap.private)}."
        )
    if is_counts(cmap):
        return _counts_from_raw(raw, src, cmap, notes, roles_payload(detection, missing_roles(cmap, "outcome_counts")))
    roles = roles_payload(detection, missing_roles(cmap, "outcomes", raw.history is not None))
    if not ({"company", "title"} & set(cmap.roles)):
        # Employment or earnings statistics per major are not a funnel: say so rather than ask for a title.
        raise (
            not_a_funnel(raw.source_label, detection, roles)
            or not_the_kind(raw.source_label, src, detection, roles, "outcomes")
            or MappingNeeded(
                f"{raw.source_label} has no company or title column, so it does not look like outcomes",
                f"columns: {', '.join(src.columns[:20])}",
                "name the columns e.g. company, title, applied_date, status, or map them (mapping=..., CLI --map 'your column=company')",
                roles,
            )
        )
    refused = not_the_kind(raw.source_label, src, detection, roles, "outcomes", raw.history is not None)
    if refused is not None:
        raise refused
    return _applications_from_raw(raw, src, cmap, notes, roles)


def _text(src: pl.DataFrame, cmap: ColumnMapping, role: str) -> pl.Series:
    """The stripped text of `role`, or an all-null column when unmapped."""
    series = role_series(src, cmap, role)
    if series is None:
        return pl.Series(role, [None] * src.height, dtype=pl.String)
    return as_text(series).str.strip_chars().alias(role)


def _stage_status(values: pl.Series) -> pl.DataFrame:
    """(stage, status, known) per value via parse_stage_label, computed once per distinct label."""

    def parse(text: str) -> dict[str, str | bool | None]:
        return parse_stage_label(text)._asdict()

    parsed = map_unique(values, parse, pl.Struct({"stage": pl.String, "status": pl.String, "known": pl.Boolean}))
    return parsed.struct.unnest()


def _unknown_labels_issue(labels: list[pl.Series], rows: pl.Series) -> RowIssue | None:
    """One issue naming every stage/status value no rule recognised, with its row count (read as applied, still open)."""
    frames = [pl.DataFrame({"_row": rows, "value": label.alias("value")}) for label in labels]
    values = pl.concat(frames).filter(pl.col("value").is_not_null() & (pl.col("value").str.strip_chars() != ""))
    if values.height == 0:
        return None

    unknown = map_unique(values["value"], lambda v: not parse_stage_label(v).known, pl.Boolean())
    hits = values.filter(unknown)
    if hits.height == 0:
        return None
    counts = (
        hits.group_by("value")
        .agg(pl.len().alias("n"), pl.col("_row").first())
        .sort(["n", "value"], descending=[True, False])
    )
    shown = ", ".join(f"{value!r} {n}" for value, n in counts.select("value", "n").head(10).iter_rows())
    more = f" and {counts.height - 10} more" if counts.height > 10 else ""
    examples = [
        {"row": row, "column": "status", "value": f"{value} ({n} rows)"} for value, n, row in counts.head(5).iter_rows()
    ]
    return RowIssue(
        f"stage or status not recognised, read as applied and still open ({counts.height} value(s): {shown}{more}); "
        "map it or rename the values",
        "status",
        int(counts["n"].sum()),
        examples,
    )


def _application_columns(raw: RawTable, src: pl.DataFrame, cmap: ColumnMapping) -> pl.DataFrame:
    """The mapped columns as text, raw values kept beside the ones still to parse."""
    return pl.DataFrame(
        {
            "_row": raw.rows(),
            **{
                role: _text(src, cmap, role)
                for role in ("application_id", "applicant_id", "listing_id", "company", "title", "major")
            },
            "_category": _text(src, cmap, "category"),
            "_term_raw": _text(src, cmap, "term"),
            "_region_raw": _text(src, cmap, "region"),
            "_applied_raw": _text(src, cmap, "applied_date"),
            "_gpa_raw": _text(src, cmap, "gpa"),
            "_year_raw": _text(src, cmap, "class_year"),
        }
    )


def _with_application_ids(frame: pl.DataFrame, label: str, report: ValidationReport) -> pl.DataFrame:
    """Stable ids for applications without one (the same file gives the same ids); repeated ids get suffixes."""
    generated = stable_ids(
        frame.select(
            "company",
            "title",
            "term",
            "_applied_raw",
            pl.int_range(pl.len()).over("company", "title", "term", "_applied_raw").cast(pl.String),
        )
    )
    frame = frame.with_columns(
        pl.coalesce(pl.col("application_id"), generated).alias("application_id"), pl.lit(label).alias("source")
    )
    frame, issue = resolve_duplicate_ids(frame, "application_id")
    if issue:
        report.issues.append(issue)
    return frame


def _new_report(
    kind: str, raw: RawTable, src: pl.DataFrame, cmap: ColumnMapping, notes: list[str], roles: dict[str, Any]
) -> ValidationReport:
    """The validation report a load of `kind` starts from: the file, its rows, the mapping, notes and issues so far."""
    return ValidationReport(
        kind,
        raw.format,
        raw.source_label,
        rows_read=src.height,
        column_mapping=cmap.source_to_role(),
        ignored_columns=cmap.ignored,
        notes=notes,
        issues=list(raw.issues),
        **roles,
    )


def _applications_from_raw(
    raw: RawTable, src: pl.DataFrame, cmap: ColumnMapping, notes: list[str], roles: dict[str, Any]
) -> LoadResult:
    """One row per application: ids, dates, furthest stage and final status."""
    nm = normalisers()

    report = _new_report("outcomes", raw, src, cmap, notes, roles)
    frame = _application_columns(raw, src, cmap)
    missing = pl.col("company").is_null() & pl.col("title").is_null()
    keep = ~frame.select(missing).to_series()
    if issue := issue_from_mask(frame, missing, "no company and no title (row dropped)", "company", dropped=True):
        report.issues.append(issue)
    frame, src = frame.filter(keep), src.filter(keep)

    frame = frame.with_columns(
        nm.normalise_fields(
            frame["_category"] if "category" in cmap.roles else None, classifiable(frame["title"])
        ).alias("field"),
        nm.normalise_terms(frame["_term_raw"]).list.first().alias("term"),
        nm.normalise_dates(frame["_applied_raw"]).alias("applied_date"),
    )
    if issue := issue_from_mask(
        frame,
        pl.col("_term_raw").is_not_null() & pl.col("term").is_null(),
        "term not understood (left empty)",
        "term",
        "_term_raw",
    ):
        report.issues.append(issue)
    frame, issues = date_issues(frame, "_applied_raw", "applied_date", "applied_date")
    report.issues.extend(issues)
    frame = frame.with_columns(_regions(frame["_region_raw"]).alias("region"))

    history = _history_per_row(raw.history, frame["application_id"])
    if history is not None and raw.history is not None:
        report.notes.append(f"Stages also read from the status-history sheet {raw.history['sheet'][0]!r}.")
    frame = _add_stage_status(frame, src, cmap, report, history)
    frame = _add_applicant_details(frame, src, cmap, report)

    result = conform(_with_application_ids(frame, raw.source_label, report), "outcomes")
    report.rows_loaded = result.height
    report.coverage = coverage_of(result)
    return LoadResult(result, report, "outcomes")


def _regions(texts: pl.Series) -> pl.Series:
    """The first ISO 3166-2 region of a free-text location (or an ISO code given as is)."""
    nm = normalisers()

    lists = nm.split_location_texts(texts).fill_null([])
    regions: pl.Series = nm.normalise_locations(lists)["regions"].list.first()
    return regions


def _history_per_row(history: pl.DataFrame | None, ids: pl.Series) -> pl.DataFrame | None:
    """Furthest stage and last status per application from a status-history sheet, aligned to `ids`."""
    if history is None or ids.null_count() == len(ids):
        return None
    history = history.filter(pl.col("status").is_not_null()).sort("application_id", "order")
    parsed = _stage_status(history["status"].str.strip_chars())
    steps = history.with_columns(
        parsed["stage"].replace_strict(STAGE_RANK, default=None, return_dtype=pl.Int32).alias("rank"),
        parsed["status"].alias("last"),
    )
    per_app = steps.group_by("application_id").agg(pl.col("rank").max(), pl.col("last").last())
    joined = ids.to_frame("application_id").join(per_app, on="application_id", how="left", maintain_order="left")
    return pl.DataFrame(
        {
            "stage": joined["rank"].replace_strict(
                list(range(len(STAGES))), list(STAGES), default=None, return_dtype=pl.String
            ),
            "status": joined["last"],
        }
    )


def _add_stage_status(
    frame: pl.DataFrame,
    src: pl.DataFrame,
    cmap: ColumnMapping,
    report: ValidationReport,
    history: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Furthest stage over stage, status and `Status 1..N`; status from the last label given."""
    stages: list[pl.Series] = []
    statuses: list[pl.Series] = []
    labels: list[pl.Series] = []  # every label read, to report the ones no rule recognised
    for role in ("stage", "status"):
        if role in cmap.roles:
            labels.append(_text(src, cmap, role))
            parsed = _stage_status(labels[-1])
            stages.append(parsed["stage"])
            statuses.append(parsed["status"])
    contradiction = None
    if "stage" in cmap.roles and "status" in cmap.roles:
        # A status can imply a later stage than the stage column says (stage applied, status accepted).
        given, implied = (s.replace_strict(STAGE_RANK, default=None, return_dtype=pl.Int32) for s in stages[:2])
        contradiction = (implied > given) | ((given == STAGE_RANK["accepted"]) & (statuses[1] != "accepted"))
        frame = frame.with_columns(_text(src, cmap, "stage").alias("_stage_raw"))
    for col in cmap.status_steps:
        labels.append(as_text(src[col]).str.strip_chars())
        parsed = _stage_status(labels[-1])
        stages.append(parsed["stage"])
        statuses.append(parsed["status"])
    if labels and (issue := _unknown_labels_issue(labels, frame["_row"])):
        report.issues.append(issue)
    if history is not None:
        # Steps from a history sheet count like Status 1..N (an interview before a rejection).
        stages.append(history["stage"])
        statuses.append(history["status"])
    if not stages:
        report.notes.append("No stage or status column: every application is read as applied, no response.")
        return frame.with_columns(pl.lit("applied").alias("stage"), pl.lit("no_response").alias("status"))
    ranks = pl.DataFrame(
        {f"s{i}": s.replace_strict(STAGE_RANK, default=None, return_dtype=pl.Int32) for i, s in enumerate(stages)}
    )
    furthest = ranks.select(pl.max_horizontal(pl.all())).to_series()
    stage = furthest.replace_strict(list(range(len(STAGES))), list(STAGES), default=None, return_dtype=pl.String)
    # The explicit status column wins; otherwise the last step that says something.
    n_explicit = len(statuses) - len(cmap.status_steps) - (history is not None)
    ordered = statuses[:n_explicit][::-1] + statuses[n_explicit:][::-1]  # status before stage; last step first
    status = pl.DataFrame({f"t{i}": s for i, s in enumerate(ordered)}).select(pl.coalesce(pl.all())).to_series()
    frame = frame.with_columns(stage.alias("stage"), status.alias("status"))
    blank = pl.col("status").is_null() & pl.col("stage").is_null()
    if n_blank := frame.select(blank.sum()).item():
        report.notes.append(f"{n_blank} application(s) with no status were read as applied, no response.")
    frame = frame.with_columns(pl.col("stage").fill_null("applied"), pl.col("status").fill_null("no_response"))
    if contradiction is not None:
        mask = pl.Series(contradiction).fill_null(False)
        if issue := issue_from_mask(
            frame, mask, "stage and status contradict each other (furthest kept)", "stage", "_stage_raw"
        ):
            report.issues.append(issue)
    return frame


def _add_applicant_details(
    frame: pl.DataFrame, src: pl.DataFrame, cmap: ColumnMapping, report: ValidationReport
) -> pl.DataFrame:
    """Class year, GPA (0-5, else empty) and the applicant's skills."""
    nm = normalisers()

    frame = frame.with_columns(
        pl.col("_year_raw").str.extract(r"((?:19|20)\d\d)", 1).cast(pl.Int32, strict=False).alias("class_year"),
        pl.col("_gpa_raw").str.replace(",", ".").cast(pl.Float64, strict=False).alias("gpa"),
    )
    bad_gpa = pl.col("_gpa_raw").is_not_null() & (
        pl.col("gpa").is_null() | (pl.col("gpa") < 0) | (pl.col("gpa") > GPA_MAX)
    )
    if issue := issue_from_mask(
        frame, bad_gpa, f"GPA not a number between 0 and {GPA_MAX:g} (left empty)", "gpa", "_gpa_raw"
    ):
        report.issues.append(issue)
    frame = frame.with_columns(pl.when(bad_gpa).then(None).otherwise(pl.col("gpa")).alias("gpa"))
    bad_year = pl.col("_year_raw").is_not_null() & pl.col("class_year").is_null()
    if issue := issue_from_mask(frame, bad_year, "class year not understood (left empty)", "class_year", "_year_raw"):
        report.issues.append(issue)
    skills = role_series(src, cmap, "applicant_skills")
    if skills is not None:
        frame = frame.with_columns(nm.normalise_skill_lists(skills).alias("applicant_skills"))
    return frame


def _counts_from_raw(
    raw: RawTable, src: pl.DataFrame, cmap: ColumnMapping, notes: list[str], roles: dict[str, Any]
) -> LoadResult:
    """Aggregated funnel counts per group; rows whose funnel is impossible are dropped and reported."""
    nm = normalisers()

    report = _new_report("outcome_counts", raw, src, cmap, notes, roles)
    columns: dict[str, pl.Series] = {"_row": raw.rows()}
    for role in ("company", "title", "major"):
        columns[role] = _text(src, cmap, role)
    for role in COUNT_ROLES:
        columns[f"_{role}_raw"] = _text(src, cmap, role)
    columns["_category"], columns["_term_raw"] = _text(src, cmap, "category"), _text(src, cmap, "term")
    columns["_region_raw"], columns["_year_raw"] = _text(src, cmap, "region"), _text(src, cmap, "class_year")
    frame = pl.DataFrame(columns).with_columns(
        pl.col(f"_{r}_raw").str.replace_all(r"[,\s_]", "").cast(pl.Float64, strict=False).alias(r) for r in COUNT_ROLES
    )
    frame = frame.with_columns(
        pl.col("_year_raw").str.extract(r"((?:19|20)\d\d)", 1).cast(pl.Int32, strict=False).alias("class_year"),
        (
            nm.normalise_fields(frame["_category"], classifiable(frame["title"]))
            if "category" in cmap.roles or "title" in cmap.roles
            else pl.Series([None] * frame.height, dtype=pl.String)
        ).alias("field"),
        nm.normalise_terms(frame["_term_raw"]).list.first().alias("term"),
        _regions(frame["_region_raw"]).alias("region"),
    )
    # Decision: an impossible funnel (offers > interviews > applications violated, negative or
    # fractional counts) would give rates above 100 %, so the row is dropped and reported.
    checks = funnel_checks()
    for mask, reason, column in checks:
        if issue := issue_from_mask(frame, mask, reason, column, f"_{column}_raw", dropped=True):
            report.issues.append(issue)
        frame = frame.filter(~mask)
    frame = frame.with_columns(
        [pl.col(r).cast(pl.Int64) for r in COUNT_ROLES] + [pl.lit(raw.source_label).alias("source")]
    )
    present = [c for c in OUTCOME_GROUP_COLUMNS if frame[c].null_count() < frame.height]
    report.notes.append(f"Aggregated counts grouped by {', '.join(present) or 'nothing'}.")
    result = conform(frame, "outcome_counts")
    report.rows_loaded = result.height
    report.coverage = coverage_of(result)
    return LoadResult(result, report, "outcome_counts")
