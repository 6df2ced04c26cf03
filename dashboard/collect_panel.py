"""The collected store in the dashboard: reading it as the shared dataset, its run status, and *Collect now*.

A store written by `python -m data_loaders collect --out DIR` is shown instead of the bundled sample when
the operator points the app at it (env INSIGHTS_DATA_DIR or `[insights] data_dir` in secrets.toml). The
*Collect now* button appears on Sources only when `[insights] collect_button = true`; it runs one
collection in this server process with the sources file `[insights] collect_config` (default:
sources.toml at the project root).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import state
from dashboard.charts import PALETTE
from dashboard.provenance import Origin, format_time
from dashboard.safe_text import md
from dashboard.settings import secret_section
from data_loaders.collect import collect, load_config
from data_loaders.collect.config import default_config_path
from data_loaders.collect.run import last_run
from data_loaders.errors import LoadError

ROOT = Path(__file__).resolve().parent.parent
NO_STORE = "No collected store is loaded, so the market pulse has no history to show."
# Trusted Markdown (our own text): how an operator gets a store.
HOW_TO_COLLECT = (
    "Collect one with `make collect` (or `python -m data_loaders collect --config sources.toml --out collected`), "
    'then point the app at it with `INSIGHTS_DATA_DIR=collected` or `data_dir = "collected"` under `[insights]` '
    "in `.streamlit/secrets.toml`. Schedule the command to keep the history growing (docs/collect.md)."
)


def run_time(run: dict[str, Any] | None) -> dt.datetime | None:
    """When a run report's run started (else finished), as UTC; None when unreadable."""
    for key in ("started_at", "finished_at"):  # the data are as of when the run fetched them
        try:
            return dt.datetime.fromisoformat(str((run or {})[key])).astimezone(dt.UTC)
        except (KeyError, TypeError, ValueError):
            continue
    return None


def live_label(run: dict[str, Any] | None) -> str:
    """'Live data as of 30 Nov 2026 06:00 UTC'."""
    moment = run_time(run)
    return "Live data as of " + (format_time(moment) if moment else "an unknown time")


def read_collected(directory: Path) -> state.Dataset:
    """A collected store as the shared dataset: current listings (closed ones kept inactive), labelled with the last run."""
    try:
        listings = pl.read_parquet(directory / "listings.parquet").rechunk()
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise LoadError(
            "The collected store's listings could not be read",
            str(directory / "listings.parquet"),
            f"run the collector again ({type(exc).__name__})",
        ) from None
    run = last_run(directory)
    open_now = int(listings["active"].sum()) if "active" in listings.columns else listings.height
    ok, total = (run or {}).get("sources_ok", 0), len((run or {}).get("sources", []))
    origin = Origin(f"collected store ({ok} of {total} sources answered at the last run)", loaded_at=run_time(run))
    return state.Dataset(
        listings=listings,
        outcomes=None,
        outcomes_kind=None,
        label=live_label(run),
        sources=f"Openings collected from community lists and job boards by the collector (docs/collect.md): "
        f"{open_now:,} open of {listings.height:,} listings tracked.",
        reports=[],
        is_sample=False,
        listings_origin=origin,
        outcomes_origin=None,
    )


def history_version(directory: Path | None) -> int | None:
    """The change time of DIR/history.parquet (a cache key that moves with every run), None when there is none."""
    try:
        return (directory / "history.parquet").stat().st_mtime_ns if directory is not None else None
    except OSError:
        return None


def read_history(directory: Path | None, version: int | None = None) -> pl.DataFrame | None:
    """DIR/history.parquet, or None when the store has none.

    `version` (`history_version`: the file's change time) is not read here: it is part of a memo's key, so a
    memoised read (`state.cached`) is redone after each run of the collector.
    """
    if directory is None:
        return None
    path = directory / "history.parquet"
    try:
        return pl.read_parquet(path) if path.is_file() else None
    except (OSError, pl.exceptions.PolarsError):
        return None


def collect_button_enabled() -> bool:
    """True when the operator turned the *Collect now* button on ([insights] collect_button = true)."""
    return secret_section("insights").get("collect_button") is True


def collect_config_path() -> Path:
    """The sources file the button uses: [insights] collect_config, else the project's default."""
    configured = secret_section("insights").get("collect_config")
    return Path(str(configured)).expanduser() if configured else default_config_path(ROOT)


def run_collection(directory: Path) -> list[str]:
    """Run one collection into `directory`; the report's lines (an error line when it could not run)."""
    try:
        report = collect(load_config(collect_config_path()), directory)
    except LoadError as err:
        return [f"error: {err}"]
    return report.lines()


def show(dataset: state.Dataset) -> None:
    """The Sources page's collected-store section: last run per source, and *Collect now* when enabled."""
    directory = state.collected_dir()
    if directory is None:
        return
    st.header("Collected store", divider="gray")
    run = last_run(directory)
    if run is None:
        st.info(
            f"The configured store {md(str(directory))} holds no finished run yet. {HOW_TO_COLLECT}",
            icon=":material/info:",
        )
    else:
        failed = [s for s in run.get("sources", []) if s.get("status") == "failed"]
        st.caption(
            f"{md(live_label(run))}: {run.get('sources_ok', 0)} of {len(run.get('sources', []))} source(s) answered; "
            f"{run.get('new', 0):,} new and {run.get('closed', 0):,} closed at that run."
        )
        for source in failed:
            st.warning(f"{md(source.get('source'))}: {md(source.get('error'))}", icon=":material/warning:")
    if collect_button_enabled() and st.button("Collect now", key="collect_now", icon=":material/sync:"):
        with st.spinner("Collecting from every configured source…"):
            lines = run_collection(directory)
        st.code("\n".join(lines), language=None, wrap_lines=True)


def pulse_figure(weeks: pl.DataFrame) -> go.Figure:
    """Open openings at each week's end (line) over new and closed per week (bars); frame in, figure out."""
    figure = go.Figure()
    figure.add_bar(x=weeks["week"].to_list(), y=weeks["new"].to_list(), name="New", marker_color=PALETTE[0])
    figure.add_bar(
        x=weeks["week"].to_list(), y=[-v for v in weeks["closed"].to_list()], name="Closed", marker_color=PALETTE[5]
    )
    figure.add_scatter(
        x=weeks["week"].to_list(),
        y=weeks["open"].to_list(),
        name="Open at week's end",
        mode="lines+markers",
        line={"color": PALETTE[2]},
    )
    figure.update_layout(
        title="Openings over time (as the collector saw them)",
        barmode="relative",
        xaxis_title="Week starting (Monday)",
        yaxis_title="Openings (closed drawn below zero)",
        legend={"orientation": "h"},
        margin={"t": 60},
    )
    return figure
