"""The one-page benchmark download: a self-contained HTML file (plotly.js inlined once, works offline), rendered
from dashboard/templates/benchmark.html with autoescape on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics.benchmark import BenchmarkResult
from analytics.display_names import country_name, region_label
from dashboard import html_export

# (heading, result attribute, {column: header}) of the tables, in page order; an empty frame is left out.
_TABLES: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "How common each required skill is",
        "commonness",
        {"skill": "Skill", "label": "Comparable openings asking", "commonness": "Commonness"},
    ),
    (
        "Skills peers ask for that this posting does not",
        "peer_skills",
        {"skill": "Skill", "label": "Comparable openings asking"},
    ),
)


def _table_view(heading: str, frame: pl.DataFrame, columns: dict[str, str]) -> dict[str, Any]:
    """A small table of `frame`'s chosen columns under readable headers (None as an empty cell)."""
    rows = [["" if row[c] is None else str(row[c]) for c in columns] for row in frame.iter_rows(named=True)]
    return {"heading": heading, "columns": list(columns.values()), "rows": rows}


def _posting_items(result: BenchmarkResult) -> list[tuple[str, str]]:
    """The posting as described by the employer: (name, value) pairs."""
    p = result.posting
    place = "; ".join([region_label(code) for code in p.regions] or [country_name(code) for code in p.countries])
    place = place or "any place"  # names, never codes: "Virginia (VA)", "United Kingdom"
    return [
        ("Title", p.title or "(untitled)"),
        ("Field", p.field),
        ("Place", place + (" or remote" if p.remote else "")),
        ("Pay", "not stated" if p.pay_hourly_usd is None else fmt.money(p.pay_hourly_usd, unit=" per hour")),
        ("Term", ", ".join(p.terms) or "any"),
        ("Required skills", ", ".join(p.skills) or "none listed"),
    ]


def benchmark_html(
    result: BenchmarkResult,
    summary: str,
    figures: dict[str, tuple[go.Figure, str]],
    *,
    provenance: str,
    synthetic: bool,
    generated_at: dt.datetime | None = None,
) -> str:
    """The whole benchmark as one HTML page: sources, posting, summary, charts (plotly.js inlined once) and tables.

    `provenance` is the dataset's sentence (each part's source and load time, dashboard/provenance.py); on
    `synthetic` data a banner says so before anything else.
    """
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    # The first chart carries plotly.js (inlined, so the file works offline); the rest reuse it.
    charts = [
        (html_export.figure_markup(fig, include_plotlyjs=index == 0, config={"displaylogo": False}), alt)
        for index, (fig, alt) in enumerate(figures.values())
    ]
    tables = [
        _table_view(heading, getattr(result, name), columns)
        for heading, name, columns in _TABLES
        if getattr(result, name).height
    ]
    return html_export.render(
        "benchmark.html",
        title="Benchmark",
        posting_title=result.posting.title or "untitled posting",
        synthetic=synthetic,
        generated=f"{generated_at:%d %b %Y %H:%M}",
        provenance=provenance,
        posting=_posting_items(result),
        summary=summary,
        figures=charts,
        tables=tables,
        skill_count=result.skill_count["sentence"],
        pool=result.pool["note"],
        competition=result.competition.get("note", ""),
    )
