"""Wiring for the Sources page: load an upload or a configured database, stage it, then make it the session's data.

The load step (`load_upload`, `load_connection`) is plain Python returning an `Attempt` (a result or the
LoadError's text), so it is tested without a browser; only `stage`, `pending`, `check_upload` and
`use_attempt` touch the session. A failed attempt never replaces the data that was loaded before.
Every load runs in an isolated worker process (data_loaders.isolation): a file that crashes, exhausts
memory or never finishes parsing costs one worker, never the server.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import streamlit as st

from dashboard import provenance, state
from dashboard.safe_text import md
from data_loaders import LoadError, LoadResult
from data_loaders.isolation import MAX_MEMORY_BYTES, MAX_WALL_SECONDS, Limits, load_isolated
from data_loaders.schema import SCHEMAS

PENDING_KEY = "_insights_pending_source"
KEEP_SAMPLE_KEY = "keep_sample_part"  # the "Keep the sample's outcomes (synthetic)" checkbox next to Use this data
UPLOADER_GENERATION_KEY = "_insights_uploader_generation"  # bumped to give the file uploader a fresh, empty key
KINDS: dict[str, str] = {"listings": "Listings", "outcomes": "Outcomes"}

# What each canonical column means, for the schema table (schema.py holds the names and dtypes).
COLUMN_MEANINGS: dict[str, str] = {
    "listing_id": "Identifier of the opening, unique within its source",
    "company": "Employer name",
    "title": "Job title as posted",
    "field": "Field of work, one of the fixed field names (guessed from the title when absent)",
    "locations": "Places as written, several separated by ';' (e.g. 'Austin, TX; Remote')",
    "cities": "City names parsed from the locations",
    "regions": "ISO 3166-2 codes of the states or provinces, e.g. US-CA, CA-ON",
    "countries": "ISO 3166-1 alpha-2 country codes, e.g. US",
    "work_mode": "onsite, hybrid, remote or unknown",
    "skills": "Skills asked for, separated by ';' (names are matched to the skills taxonomy)",
    "pay_hourly_usd": "Pay in US dollars per hour (computed from pay_text when empty)",
    "pay_text": "Pay as written, e.g. '$30-35/hr', '$6000/month', '₹ 10,000 /month', 'Unpaid'",
    "pay_currency": "Currency of the pay as written (ISO 4217 code, e.g. USD, CAD, GBP)",
    "pay_min": "Lower end of the pay as written, per pay_period, in pay_currency",
    "pay_max": "Upper end of the pay as written, per pay_period, in pay_currency",
    "pay_period": "What the pay amount is per: hour, day, week, month, year, lump_sum or unpaid",
    "terms": "Internship terms such as 'Summer 2027', separated by ';'",
    "posted_date": "Date the opening was posted (ISO 2026-09-15, or most common date forms)",
    "active": "true while the opening accepts applications",
    "sponsorship": "Visa sponsorship: offers, none, citizens_only or unknown",
    "url": "Link to the posting (only http and https links are shown)",
    "source": "Where the row came from (filled with the file name on upload)",
    "application_id": "Identifier of the application",
    "applicant_id": "Pseudonymous identifier of the applicant (never a name or e-mail)",
    "term": "Internship term applied for, e.g. 'Summer 2027'",
    "region": "ISO 3166-2 code of the opening's state or province",
    "applied_date": "Date of the application",
    "stage": "Furthest stage reached: applied, screen, interview, offer or accepted",
    "status": "Final status: open, rejected, withdrawn, no_response, declined or accepted",
    "major": "Applicant's major",
    "class_year": "Applicant's graduation year",
    "gpa": "Applicant's GPA on a 4.0 scale",
    "applicant_skills": "Applicant's skills, separated by ';'",
    "applications": "Number of applications in the group",
    "interviews": "How many of them reached an interview (or further)",
    "offers": "How many received an offer (or further)",
    "accepted": "How many accepted an offer (leave empty when unknown)",
}

# Two example rows per kind; they load cleanly (tests/dashboard/test_app_sources.py checks it).
TEMPLATE_ROWS: dict[str, list[dict[str, str]]] = {
    "listings": [
        {
            "listing_id": "T-1",
            "company": "Example Corp",
            "title": "Software Engineering Intern",
            "field": "Software Engineering",
            "locations": "Austin, TX",
            "cities": "Austin",
            "regions": "US-TX",
            "countries": "US",
            "work_mode": "onsite",
            "skills": "Python; SQL; Git",
            "pay_hourly_usd": "32.5",
            "pay_text": "$30-35/hr",
            "terms": "Summer 2027",
            "posted_date": "2026-09-15",
            "active": "true",
            "sponsorship": "offers",
            "url": "https://example.com/jobs/1",
            "source": "template",
        },
        {
            "listing_id": "T-2",
            "company": "Sample Analytics",
            "title": "Data Science Intern",
            "field": "Data Science & Analytics",
            "locations": "Toronto, ON",
            "cities": "Toronto",
            "regions": "CA-ON",
            "countries": "CA",
            "work_mode": "onsite",
            "skills": "Python; pandas",
            "pay_hourly_usd": "",
            "pay_text": "$6000/month",
            "terms": "Fall 2027",
            "posted_date": "2026-10-01",
            "active": "true",
            "sponsorship": "unknown",
            "url": "https://example.com/jobs/2",
            "source": "template",
        },
    ],
    "outcomes": [
        {
            "application_id": "A-1",
            "applicant_id": "S-001",
            "listing_id": "T-1",
            "company": "Example Corp",
            "title": "Software Engineering Intern",
            "field": "Software Engineering",
            "term": "Summer 2027",
            "region": "US-TX",
            "applied_date": "2026-09-20",
            "stage": "interview",
            "status": "rejected",
            "major": "Computer Science",
            "class_year": "2028",
            "gpa": "3.6",
            "applicant_skills": "Python; SQL",
            "source": "template",
        },
        {
            "application_id": "A-2",
            "applicant_id": "S-002",
            "listing_id": "T-3",
            "company": "Sample Analytics",
            "title": "Data Science Intern",
            "field": "Data Science & Analytics",
            "term": "Fall 2027",
            "region": "US-NY",
            "applied_date": "2026-10-03",
            "stage": "accepted",
            "status": "accepted",
            "major": "Statistics",
            "class_year": "2027",
            "gpa": "3.85",
            "applicant_skills": "Python; R; pandas",
            "source": "template",
        },
    ],
    "outcome_counts": [
        {
            "company": "Example Corp",
            "title": "Software Engineering Intern",
            "field": "Software Engineering",
            "term": "Summer 2027",
            "region": "US-TX",
            "major": "Computer Science",
            "class_year": "2028",
            "applications": "120",
            "interviews": "30",
            "offers": "8",
            "accepted": "5",
            "source": "template",
        },
        {
            "company": "Sample Analytics",
            "title": "Data Science Intern",
            "field": "Data Science & Analytics",
            "term": "Fall 2027",
            "region": "US-NY",
            "major": "Statistics",
            "class_year": "2027",
            "applications": "45",
            "interviews": "9",
            "offers": "3",
            "accepted": "",
            "source": "template",
        },
    ],
}


@dataclass(frozen=True)
class Attempt:
    """One try at loading a source: what was asked for, and either the result or the error text."""

    kind: str  # "listings" or "outcomes" (what the user meant to load)
    source: str  # file name or connection name, for messages
    result: LoadResult | None = None
    error: str | None = None
    # For the mapping step (dashboard/column_mapping.py): the upload's bytes or the connection, kept only while the
    # attempt is pending so a changed role re-validates at once; the mapping used; the detected column roles
    # (also when key columns were missing and nothing loaded); the coverage at first detection.
    data: bytes | None = field(default=None, repr=False)
    connection: dict[str, Any] | None = field(default=None, repr=False)
    mapping: dict[str, str] | None = None
    roles: dict[str, Any] | None = None
    baseline: dict[str, float] | None = None
    dedupe: str = "collapse"  # "collapse": re-posts merged (and listed); "keep": only exact duplicates removed

    @property
    def ok(self) -> bool:
        """True when the source loaded."""
        return self.result is not None


def _roles_of(outcome: LoadResult | LoadError) -> dict[str, Any] | None:
    """The detected column roles of a load: from its report, or from a MappingNeeded error (nothing loaded)."""
    if isinstance(outcome, LoadError):
        return getattr(outcome, "roles", None)
    report = outcome.report
    if not report.column_roles:
        return None
    return {
        "column_roles": report.column_roles,
        "missing_roles": report.missing_roles,
        "suggested_kind": report.suggested_kind,
        "kind_evidence": report.kind_evidence,
    }


def _attempt(kind: str, name: str, run: Any, **kept: Any) -> Attempt:
    """Run one load and wrap its result or LoadError, with the roles the loader detected."""
    try:
        result = run()
    except LoadError as error:
        return Attempt(kind, name, error=str(error), roles=_roles_of(error), **kept)
    return Attempt(kind, name, result=result, roles=_roles_of(result), **kept)


def load_upload(
    data: bytes,
    name: str,
    kind: str,
    limits: Limits | None = None,
    mapping: dict[str, str] | None = None,
    dedupe: str = "collapse",
) -> Attempt:
    """Load an upload's bytes as `kind` ("listings" or "outcomes") in a worker; any failure becomes the attempt's error."""
    limits = limits or Limits.for_size(len(data), data.count(b"\n"), max_output_bytes=state.session_data_bytes())
    return _attempt(
        kind,
        name,
        lambda: load_isolated(data, kind=kind, name=name, limits=limits, mapping=mapping, dedupe=dedupe),
        data=data,
        mapping=mapping,
        dedupe=dedupe,
    )


def reload(
    attempt: Attempt, *, kind: str | None = None, mapping: dict[str, str] | None = None, dedupe: str | None = None
) -> Attempt:
    """The same upload or connection loaded again as `kind` with `mapping` (and the attempt's re-post choice unless
    `dedupe` changes it); the first detection's coverage is kept."""
    kind = kind or attempt.kind
    dedupe = dedupe or attempt.dedupe
    if attempt.data is not None:
        again = load_upload(attempt.data, attempt.source, kind, mapping=mapping, dedupe=dedupe)
    elif attempt.connection is not None:
        again = load_connection(attempt.source, attempt.connection, kind, mapping=mapping, dedupe=dedupe)
    else:
        return Attempt(
            kind, attempt.source, error="This source can no longer be read again. How to fix: check the file once more."
        )
    first = attempt.baseline if attempt.baseline is not None else (attempt.result.report.coverage if attempt.ok else {})
    # A switch of kind starts a new detection: its own first coverage is the baseline.
    return dataclasses.replace(again, baseline=first if kind == attempt.kind else None)


def load_connection(
    name: str, config: dict[str, Any], kind: str, mapping: dict[str, str] | None = None, dedupe: str = "collapse"
) -> Attempt:
    """Load `kind` from a `[connections.<name>]` section (`url` plus `table`/`query`, or `outcomes_table`/`outcomes_query`)."""
    prefix = "" if kind == "listings" else "outcomes_"
    table, query = config.get(f"{prefix}table"), config.get(f"{prefix}query")
    url = config.get("url")
    if not url or not (table or query):
        missing = "url" if not url else f"{prefix}table or {prefix}query"
        return Attempt(
            kind,
            name,
            error=(
                f"The connection has no {missing} for {kind}. Where: [connections.{name}] in "
                f".streamlit/secrets.toml. How to fix: add {missing} to that section."
            ),
        )
    # An operator-configured database may hold millions of rows: its size is unknown up front, so the
    # worker gets the largest memory and time budget (the frame handed back is still capped per session).
    limits = Limits(
        memory_bytes=MAX_MEMORY_BYTES,
        wall_seconds=MAX_WALL_SECONDS,
        cpu_seconds=int(MAX_WALL_SECONDS) * 2,
        max_output_bytes=state.session_data_bytes(),
    )
    return _attempt(
        kind,
        name,
        lambda: load_isolated(
            str(url), kind=kind, table=table, query=query, limits=limits, mapping=mapping, dedupe=dedupe
        ),
        connection=dict(config),
        mapping=mapping,
        dedupe=dedupe,
    )


def connection_kinds(config: dict[str, Any]) -> list[str]:
    """The kinds a connection section can provide (listings via table/query, outcomes via outcomes_*)."""
    kinds = ["listings"] if config.get("table") or config.get("query") else []
    if config.get("outcomes_table") or config.get("outcomes_query"):
        kinds.append("outcomes")
    return kinds


def stage(attempt: Attempt) -> None:
    """Keep an attempt in the session until the user confirms or discards it (the mapping step's selectboxes start afresh)."""
    from dashboard.column_mapping import reset_widgets

    reset_widgets()
    st.session_state[PENDING_KEY] = attempt


def pending() -> Attempt | None:
    """The staged attempt of this session, if any."""
    attempt = st.session_state.get(PENDING_KEY)
    return attempt if isinstance(attempt, Attempt) else None


def discard() -> None:
    """Forget the staged attempt (a button callback)."""
    st.session_state.pop(PENDING_KEY, None)


def use_attempt(attempt: Attempt) -> state.Dataset | None:
    """Make a successful attempt part of this session's dataset, keeping the other half of the current one.

    Over the memory budget, the attempt is replaced by its refusal (shown like any failed load) and None
    is returned; the session keeps the data it had.
    """
    if attempt.result is None:
        raise ValueError(f"cannot use a failed load of {attempt.source}: {attempt.error}")
    current = state.current_dataset()
    result = attempt.result
    reports = [r for r in current.reports if getattr(r, "kind", None) not in _report_kinds(result.kind)] + [
        result.report
    ]
    # Never silently mixed: the other part stays only when it is the user's own, or when it is the sample's
    # and the user ticked "Keep the sample's … (synthetic)"; otherwise the session has no such part.
    keep = keeps_other_part(current, result.kind, bool(st.session_state.get(KEEP_SAMPLE_KEY, False)))
    origin = provenance.Origin(attempt.source, loaded_at=provenance.now())
    current_listings, current_outcomes = current.origins()
    if result.kind == "listings":
        listings, listings_origin = result.frame, origin
        outcomes, outcomes_kind = (current.outcomes, current.outcomes_kind) if keep else (None, None)
        outcomes_origin = _kept(current_outcomes) if keep else None
    else:
        outcomes, outcomes_kind, outcomes_origin = result.frame, result.kind, origin
        listings = current.listings if keep and current.has_listings else None
        listings_origin = _kept(current_listings) if listings is not None else None
    reports = [r for r in reports if keep or getattr(r, "kind", None) in _report_kinds(result.kind)]
    label = f"Your data ({_label_part('listings', listings_origin)}; {_label_part('outcomes', outcomes_origin)})"
    try:
        dataset = state.use_session_dataset(
            listings,
            outcomes=outcomes,
            outcomes_kind=outcomes_kind,
            label=label,
            sources=f"{result.report.summary()} Kept in this server's memory only, never on disk.",
            reports=reports,
            listings_origin=listings_origin,
            outcomes_origin=outcomes_origin,
        )
    except LoadError as refused:
        stage(Attempt(attempt.kind, attempt.source, error=str(refused)))
        return None
    discard()
    return dataset


def keeps_other_part(current: state.Dataset, kind: str, keep_sample: bool) -> bool:
    """Whether loading `kind` keeps the current dataset's other part: always when it is the user's own, else only by choice."""
    other = current.origins()[1 if kind == "listings" else 0]
    if other is None:
        return False
    return keep_sample or not (current.is_sample or other.synthetic)


def other_part_is_synthetic(current: state.Dataset, kind: str) -> bool:
    """True when loading `kind` would drop a synthetic part unless the user keeps it (the checkbox is shown then)."""
    other = current.origins()[1 if kind == "listings" else 0]
    return other is not None and (current.is_sample or other.synthetic)


def keep_sample_label(kind: str) -> str:
    """The checkbox next to Use this data: "Keep the sample's outcomes (synthetic)" for a listings file, and the reverse."""
    return f"Keep the sample's {'outcomes' if kind == 'listings' else 'listings'} (synthetic)"


def _label_part(part: str, origin: provenance.Origin | None) -> str:
    """'listings from jobs.csv', 'outcomes from the sample (synthetic)', 'no outcomes'."""
    if origin is None:
        return f"no {part}"
    return f"{part} from the sample (synthetic)" if origin.synthetic else f"{part} from {origin.source}"


def _kept(origin: provenance.Origin | None) -> provenance.Origin | None:
    """The origin of a part carried over to the new dataset (marked as kept by choice when synthetic)."""
    if origin is None or not origin.synthetic:
        return origin
    return dataclasses.replace(origin, kept_from_sample=True)


def uploader_key() -> str:
    """The file uploader's current key; a new one after each check empties the widget."""
    return f"upload_file_{st.session_state.get(UPLOADER_GENERATION_KEY, 0)}"


def check_upload(kind: str) -> None:
    """Load the uploaded file in a worker and stage the attempt, then drop the upload from the session (a callback).

    Streamlit keeps an upload's bytes for the life of the session (in its file manager and in the
    widget's state); a 40 MB file would stay referenced after it was parsed. Removing it from the
    manager and moving the uploader to a fresh key lets both go. One copy stays in the pending attempt
    (the mapping step re-checks it when a role changes) until *Use this data* or *Discard*.
    """
    upload = st.session_state.get(uploader_key())
    if upload is None:
        return
    data, name = upload.getvalue(), upload.name
    _forget_upload(upload)
    st.session_state[UPLOADER_GENERATION_KEY] = st.session_state.get(UPLOADER_GENERATION_KEY, 0) + 1
    with st.spinner(f"Checking {md(name)} in a separate process…"):
        stage(load_upload(data, name, kind))


def _forget_upload(upload: Any) -> None:
    """Remove an uploaded file's bytes from Streamlit's upload manager (as st.chat_input does after reading)."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    file_id = getattr(upload, "file_id", None)
    if ctx is not None and file_id and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)


def _report_kinds(kind: str) -> set[str]:
    """Report kinds replaced by a new load of `kind` (outcomes and outcome counts replace each other)."""
    return {"listings"} if kind == "listings" else {"outcomes", "outcome_counts"}


def template_csv(kind: str) -> bytes:
    """A CSV with the canonical columns of `kind` and two example rows."""
    columns = list(SCHEMAS[kind])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS[kind])
    return buffer.getvalue().encode("utf-8")


def schema_table(kind: str) -> pl.DataFrame:
    """The canonical columns of `kind` with their types and meanings."""
    schema = SCHEMAS[kind]
    return pl.DataFrame(
        {
            "column": list(schema),
            "type": [_type_name(dtype) for dtype in schema.values()],
            "meaning": [COLUMN_MEANINGS.get(name, "") for name in schema],
        }
    )


def _type_name(dtype: pl.DataType) -> str:
    """A reader's name for a polars dtype ('list of text', 'date', 'number')."""
    names = {
        pl.String: "text",
        pl.Float64: "number",
        pl.Int64: "whole number",
        pl.Int32: "whole number",
        pl.Date: "date",
        pl.Boolean: "true/false",
    }
    if isinstance(dtype, pl.List):
        return f"list of {_type_name(dtype.inner)}"
    return names.get(dtype.base_type(), str(dtype))


def issues_frame(report: Any) -> pl.DataFrame:
    """The report's issues as a table: reason, column, rows, whether dropped, example values."""
    # The file's own column names ("Salary", not "pay_text"), as the user knows them.
    source_of = {target: source for source, target in (report.column_mapping or {}).items()}
    rows = [
        {
            "reason": issue.reason,
            "column": source_of.get(issue.column or "", issue.column or ""),
            "rows": issue.count,
            "dropped": "dropped" if issue.dropped else "kept",
            "examples": "; ".join(f"row {e.get('row')}: {e.get('value')!r}" for e in issue.examples[:5]),
        }
        for issue in report.issues
    ]
    schema = {"reason": pl.String, "column": pl.String, "rows": pl.Int64, "dropped": pl.String, "examples": pl.String}
    return pl.DataFrame(rows, schema=schema)


def coverage_frame(report: Any) -> pl.DataFrame:
    """The report's coverage (share of loaded rows with a value) per column, lowest first."""
    source_of = {target: source for source, target in (report.column_mapping or {}).items()}
    return pl.DataFrame(
        {
            "column": [source_of.get(c, c) for c in report.coverage],
            "coverage": [float(v) for v in report.coverage.values()],
        },
        schema={"column": pl.String, "coverage": pl.Float64},
    ).sort("coverage", "column")


def show_report(report: Any) -> None:
    """Draw a validation report: its summary, the issues table and coverage as progress bars."""
    # The summary names the file, and column names are the file's own text: all escaped, never Markdown.
    st.markdown(f"**{md(report.summary())}**")
    if report.column_mapping:
        renamed = {source: target for source, target in report.column_mapping.items() if source != target}
        if renamed:
            st.caption(
                "Columns read as: " + ", ".join(f"{md(source)} → {md(target)}" for source, target in renamed.items())
            )
    if report.ignored_columns:
        st.caption("Ignored columns: " + ", ".join(md(column) for column in report.ignored_columns))
    for note in report.notes:
        st.caption(md(note))
    issues = issues_frame(report)
    if issues.height:
        st.dataframe(
            issues,
            hide_index=True,
            column_config={
                "reason": "Problem",
                "column": "Column",
                "rows": st.column_config.NumberColumn("Rows", format="localized"),
                "dropped": "Rows kept or dropped",
                "examples": "Examples (row: value)",
            },
        )
    else:
        st.caption("No problems found.")
    coverage = coverage_frame(report)
    if coverage.height:
        st.dataframe(
            coverage,
            hide_index=True,
            column_config={
                "column": "Column",
                "coverage": st.column_config.ProgressColumn(
                    "Rows with a value", format="percent", min_value=0.0, max_value=1.0
                ),
            },
        )


__all__ = [
    "Attempt",
    "COLUMN_MEANINGS",
    "KINDS",
    "TEMPLATE_ROWS",
    "check_upload",
    "connection_kinds",
    "coverage_frame",
    "discard",
    "issues_frame",
    "load_connection",
    "show_report",
    "load_upload",
    "pending",
    "reload",
    "schema_table",
    "stage",
    "template_csv",
    "uploader_key",
    "use_attempt",
]
