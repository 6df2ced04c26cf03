"""Wiring for the Sources page: load an upload or a configured database, stage it, then make it the session's data.

The load step (`load_upload`, `load_connection`) is plain Python returning an `Attempt` (a result or the
LoadError's text), so it is tested without a browser; only `stage`, `pending`, `check_upload` and
`use_attempt` touch the session. A failed attempt never replaces the data that was loaded before.
Every load runs in an isolated worker process (data_loaders.isolation): a file that crashes, exhausts
memory or never finishes parsing costs one worker, never the server.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import provenance, state
from dashboard.load_report import coverage_frame, issues_frame, show_report
from dashboard.safe_text import md
from dashboard.source_formats import COLUMN_MEANINGS, TEMPLATE_ROWS, schema_table, template_csv
from data_loaders import LoadError, LoadResult, isolation_standby
from data_loaders.isolation import MAX_MEMORY_BYTES, MAX_WALL_SECONDS, Limits, load_isolated

PENDING_KEY = "_insights_pending_source"
KEEP_SAMPLE_KEY = "keep_sample_part"  # the "Keep the sample's outcomes (synthetic)" checkbox next to Use this data
UPLOADER_GENERATION_KEY = "_insights_uploader_generation"  # bumped to give the file uploader a fresh, empty key
KINDS: dict[str, str] = {"listings": "Listings", "outcomes": "Outcomes"}
COUNT_IN_DATABASE_LABEL = "Count in the database"
# What a database outcome source loses when the database sends counts per group instead of its applications.
COUNT_IN_DATABASE_NOTE = (
    "The database sends funnel counts per group, never an application: any size loads in seconds, but with no "
    "applicant ids small groups are judged by applications (not distinct applicants), intervals are plain Wilson "
    "(not clustered by applicant), and GPA bands and the share of applicants with an offer are unavailable."
)


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
    count_in_database: bool = False  # database outcomes: the database counts them per group (outcome_counts)

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


def prepare_loads() -> None:
    """Have a warm load worker ready before the user picks a file (about a second off the first upload)."""
    isolation_standby.prepare()


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
        again = load_connection(
            attempt.source,
            attempt.connection,
            kind,
            mapping=mapping,
            dedupe=dedupe,
            count_in_database=attempt.count_in_database,
        )
    else:
        return Attempt(
            kind, attempt.source, error="This source can no longer be read again. How to fix: check the file once more."
        )
    first = (
        attempt.baseline
        if attempt.baseline is not None
        else (attempt.result.report.coverage if attempt.result is not None else {})
    )
    # A switch of kind starts a new detection: its own first coverage is the baseline.
    return dataclasses.replace(again, baseline=first if kind == attempt.kind else None)


def load_connection(
    name: str,
    config: dict[str, Any],
    kind: str,
    mapping: dict[str, str] | None = None,
    dedupe: str = "collapse",
    count_in_database: bool = False,
) -> Attempt:
    """Load `kind` from a `[connections.<name>]` section (`url` plus `table`/`query`, or `outcomes_table`/`outcomes_query`).

    With `count_in_database`, outcomes are counted per group by the database (one GROUP BY) and load as outcome counts.
    """
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
    counted = count_in_database and kind == "outcomes"
    return _attempt(
        kind,
        name,
        lambda: load_isolated(
            str(url),
            kind="outcome_counts" if counted else kind,
            table=table,
            query=query,
            limits=limits,
            mapping=mapping,
            dedupe=dedupe,
        ),
        connection=dict(config),
        mapping=mapping,
        dedupe=dedupe,
        count_in_database=counted,
    )


def connection_kinds(config: dict[str, Any]) -> list[str]:
    """The kinds a connection section can provide (listings via table/query, outcomes via outcomes_*)."""
    kinds = ["listings"] if config.get("table") or config.get("query") else []
    if config.get("outcomes_table") or config.get("outcomes_query"):
        kinds.append("outcomes")
    return kinds


def stage(attempt: Attempt) -> None:
    """Keep an attempt in the session until the user confirms or discards it (the mapping step's selectboxes start afresh)."""
    # Imported here: column_mapping imports this module (a real cycle).
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


def use_attempt(attempt: Attempt) -> None:
    """Make a successful attempt part of this session's dataset, keeping the other half of the current one.

    Over the memory budget, the attempt is replaced by its refusal (shown like any failed load); the session
    keeps the data it had.
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
    listings: pl.DataFrame | None
    listings_origin: provenance.Origin | None
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
        state.use_session_dataset(
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
        return
    discard()


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
    ctx = get_script_run_ctx()
    file_id = getattr(upload, "file_id", None)
    if ctx is not None and file_id and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)


def _report_kinds(kind: str) -> set[str]:
    """Report kinds replaced by a new load of `kind` (outcomes and outcome counts replace each other)."""
    return {"listings"} if kind == "listings" else {"outcomes", "outcome_counts"}


# The Sources page reads the formats and the report display from here too.
__all__ = [
    "COLUMN_MEANINGS",
    "KEEP_SAMPLE_KEY",
    "KINDS",
    "PENDING_KEY",
    "TEMPLATE_ROWS",
    "COUNT_IN_DATABASE_LABEL",
    "COUNT_IN_DATABASE_NOTE",
    "Attempt",
    "check_upload",
    "connection_kinds",
    "coverage_frame",
    "discard",
    "issues_frame",
    "keep_sample_label",
    "load_connection",
    "load_upload",
    "other_part_is_synthetic",
    "pending",
    "reload",
    "schema_table",
    "show_report",
    "stage",
    "template_csv",
    "uploader_key",
    "use_attempt",
]
