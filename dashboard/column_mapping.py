"""The mapping step on Sources: every source column with its values, detected role, confidence and evidence.

Changing a role re-validates at once (the same isolated worker as *Check the file*, with the mapping);
coverage is shown as detected and as mapped now. A mapping downloads as JSON and can be applied again
(here, or with the CLI's `--mapping FILE`). A file whose key columns are missing cannot be used until
mapped, and a file that looks like the other kind offers a one-click switch. The helpers that decide
(`current_mapping`, `changed_mapping`, `coverage_change`, `blockers`) are plain functions, tested alone.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from dashboard import sources_panel
from dashboard.safe_text import md
from data_loaders import LoadError
from data_loaders.columns import (
    FALLBACK_ROLES,
    IGNORE,
    PRIVATE,
    mapping_from_json,
    mapping_to_json,
    role_choices,
    role_label,
)
from data_loaders.coverage_names import with_readable_names

ROLE_KEY_PREFIX = "column_role_"  # one selectbox per source column: column_role_0, column_role_1, …
MAPPING_UPLOAD_KEY = "mapping_upload"
# Roles several columns may share: the first holds the role, the others fill its gaps.
SHARED_ROLES = frozenset(FALLBACK_ROLES | {"description", "locations"})
SOURCE_WORDS = {
    "user": "your choice",
    "header": "header",
    "keyword": "header word",
    "content": "values",
    "private": "personal data",
    "none": "nothing matched",
}


def columns_of(attempt: sources_panel.Attempt) -> list[dict[str, Any]]:
    """The attempt's per-column roles (empty for a canonical file or a load that never reached the columns)."""
    return list((attempt.roles or {}).get("column_roles") or [])


def blockers(attempt: sources_panel.Attempt) -> list[str]:
    """What must be mapped before the attempt can be used (empty: usable)."""
    return list((attempt.roles or {}).get("missing_roles") or [])


def current_mapping(attempt: sources_panel.Attempt) -> dict[str, str]:
    """Every non-private column -> its role now; a role's holder comes before the columns that fill its gaps."""
    columns = [c for c in columns_of(attempt) if c["role"] != PRIVATE]
    holders = [c for c in columns if not c.get("fills_gaps_of")]
    return {c["column"]: c["role"] for c in holders + [c for c in columns if c.get("fills_gaps_of")]}


def changed_mapping(attempt: sources_panel.Attempt, column: str, role: str) -> dict[str, str]:
    """The user's choices so far plus `column` -> `role` (it takes the role first); every other column is detected again.

    A role only one column can hold moves: its previous holder is set to ignore, visibly.
    """
    chosen = {c: r for c, r in (attempt.mapping or {}).items() if c != column}
    if role not in SHARED_ROLES and role not in (IGNORE, "status_steps"):
        for other, had in current_mapping(attempt).items():
            if had == role and other != column:
                chosen[other] = IGNORE
    return {column: role, **chosen}


def coverage_change(attempt: sources_panel.Attempt) -> pl.DataFrame:
    """Per canonical column: the share of rows with a value as first detected, and with the mapping now."""
    now = attempt.result.report.coverage if attempt.result is not None else {}
    before = attempt.baseline if attempt.baseline is not None else now
    names = list(dict.fromkeys([*now, *before]))
    return pl.DataFrame(
        {"column": names, "detected": [before.get(n) for n in names], "now": [now.get(n) for n in names]},
        schema={"column": pl.String, "detected": pl.Float64, "now": pl.Float64},
    )


def mapping_download(attempt: sources_panel.Attempt) -> bytes:
    """The current mapping as the JSON document `--mapping FILE` and *Apply a saved mapping* read."""
    return json.dumps(mapping_to_json(current_mapping(attempt), attempt.kind), ensure_ascii=False, indent=2).encode(
        "utf-8"
    )


def apply_mapping(attempt: sources_panel.Attempt, data: bytes) -> sources_panel.Attempt:
    """The attempt loaded again with a saved mapping (switching kind when the mapping says so); a bad file becomes the error."""
    try:
        kind, mapping = mapping_from_json(json.loads(data.decode("utf-8-sig")))
    except (ValueError, UnicodeDecodeError):
        error = LoadError(
            "The mapping file is not JSON", "the mapping upload", "upload the .json file downloaded from this page"
        )
        return sources_panel.Attempt(
            attempt.kind,
            attempt.source,
            error=str(error),
            data=attempt.data,
            connection=attempt.connection,
            roles=attempt.roles,
            baseline=attempt.baseline,
        )
    except LoadError as error:
        return sources_panel.Attempt(
            attempt.kind,
            attempt.source,
            error=str(error),
            data=attempt.data,
            connection=attempt.connection,
            roles=attempt.roles,
            baseline=attempt.baseline,
        )
    return sources_panel.reload(attempt, kind=kind or attempt.kind, mapping=mapping)


def reset_widgets() -> None:
    """Forget the role selectboxes' state, so a new attempt's selectboxes show its own roles."""
    for key in [k for k in st.session_state if str(k).startswith(ROLE_KEY_PREFIX)]:
        del st.session_state[key]


# ---- callbacks ----------------------------------------------------------------------------------
def _on_role_change(index: int) -> None:
    """A role changed in the selectbox of column `index`: re-validate with the new mapping."""
    attempt = sources_panel.pending()
    columns = columns_of(attempt) if attempt else []
    if attempt is None or index >= len(columns):
        return
    # Set by the selectbox that called back. A browser can still send the value of a selectbox from before a
    # kind switch (its state was reset with the switch): no value, or the role it already has, changes nothing.
    role = st.session_state.get(f"{ROLE_KEY_PREFIX}{index}")
    if not isinstance(role, str) or role == columns[index]["role"]:
        return
    column = columns[index]["column"]
    with st.spinner(f"Checking {md(attempt.source)} again with {md(column)} as {md(role_label(role))}…"):
        sources_panel.stage(sources_panel.reload(attempt, mapping=changed_mapping(attempt, column, role)))


def _on_switch_kind(kind: str) -> None:
    """Read the pending source as the other kind (and set the upload's radio to match)."""
    attempt = sources_panel.pending()
    if attempt is None:
        return
    with st.spinner(f"Checking {md(attempt.source)} as {kind}…"):
        sources_panel.stage(sources_panel.reload(attempt, kind=kind, mapping=None))
    st.session_state["upload_kind"] = kind


def _on_apply_mapping() -> None:
    """Apply the uploaded mapping JSON to the pending source."""
    attempt, upload = sources_panel.pending(), st.session_state.get(MAPPING_UPLOAD_KEY)
    if attempt is None or upload is None:
        return
    sources_panel.stage(apply_mapping(attempt, upload.getvalue()))


# ---- drawing ------------------------------------------------------------------------------------
def show_kind_switch(attempt: sources_panel.Attempt) -> None:
    """A warning with a one-click switch when the file looks like the other kind."""
    roles = attempt.roles or {}
    other = roles.get("suggested_kind")
    if not other or other == attempt.kind:
        return
    st.warning(
        f"This file looks like **{md(other)}**, not {md(attempt.kind)}: {md(roles.get('kind_evidence', ''))}.",
        icon=":material/swap_horiz:",
    )
    st.button(
        f"Read it as {other}", key="switch_kind", on_click=_on_switch_kind, args=(other,), icon=":material/swap_horiz:"
    )


def _show_coverage(attempt: sources_panel.Attempt) -> None:
    """The share of rows with a value per canonical column, as first detected and with the mapping now."""
    st.dataframe(
        with_readable_names(coverage_change(attempt), current_mapping(attempt)),
        hide_index=True,
        column_config={
            "name": "Column",
            "from": "From your file's column",
            "column": None,
            "detected": st.column_config.ProgressColumn(
                "Rows with a value, as detected", format="percent", min_value=0.0, max_value=1.0
            ),
            "now": st.column_config.ProgressColumn("With this mapping", format="percent", min_value=0.0, max_value=1.0),
        },
    )


def show_mapping(attempt: sources_panel.Attempt) -> None:
    """One row per source column: name and values, the role (a selectbox), confidence and evidence; then coverage and the JSON."""
    columns = columns_of(attempt)
    if not columns:
        return
    st.subheader("Columns")
    st.caption(
        f"How each of the {len(columns)} columns of {md(attempt.source)} is read. Change a role and the file is checked "
        "again at once; *ignore* leaves a column out."
    )
    choices = role_choices(attempt.kind)
    for index, column in enumerate(columns):
        name, role, values = st.columns([3, 3, 4], vertical_alignment="top")
        name.markdown(f"**{md(column['column'])}**")
        shown = ", ".join(md(repr(v)) for v in column.get("samples") or []) or "no values shown"
        name.caption(shown)
        private = column["role"] == PRIVATE
        options = [PRIVATE] if private else choices
        current = column["role"] if column["role"] in options else IGNORE
        role.selectbox(
            f"Role of {md(column['column'])}",
            options,
            index=options.index(current),
            format_func=role_label,
            key=f"{ROLE_KEY_PREFIX}{index}",
            on_change=_on_role_change,
            args=(index,),
            disabled=private,
            label_visibility="collapsed",
        )
        gap = f" · fills gaps of {md(column['fills_gaps_of'])}" if column.get("fills_gaps_of") else ""
        values.caption(
            f"{fmt.percent(column['confidence'])} sure ({SOURCE_WORDS.get(column.get('source', ''), '')}){gap}: "
            + md("; ".join(column.get("evidence") or []))
        )
    ignored = [c["column"] for c in columns if c["role"] == IGNORE]
    if ignored:
        st.caption(f"Not loaded ({len(ignored)} of {len(columns)} columns): " + ", ".join(md(c) for c in ignored))
    if attempt.ok:
        _show_coverage(attempt)
    left, right = st.columns(2)
    left.download_button(
        "Download this mapping (JSON)",
        data=mapping_download(attempt),
        file_name="column_mapping.json",
        mime="application/json",
        key="download_mapping",
        icon=":material/download:",
        on_click="ignore",
    )
    right.file_uploader("Apply a saved mapping", type=["json"], key=MAPPING_UPLOAD_KEY, on_change=_on_apply_mapping)


def show_blockers(attempt: sources_panel.Attempt) -> bool:
    """Say what must be mapped before use; True when the attempt is blocked."""
    missing = blockers(attempt)
    if missing:
        st.warning(
            "Not usable yet: map " + " and ".join(md(m) for m in missing) + " in the table above.",
            icon=":material/block:",
        )
    return bool(missing)


__all__ = [
    "apply_mapping",
    "blockers",
    "changed_mapping",
    "columns_of",
    "coverage_change",
    "current_mapping",
    "mapping_download",
    "reset_widgets",
    "show_blockers",
    "show_kind_switch",
    "show_mapping",
]
