"""The one-page benchmark download: a self-contained HTML file (plotly.js inlined once, works offline)."""

from __future__ import annotations

import datetime as dt
import html

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from analytics import formatting as fmt
from analytics.benchmark import BenchmarkResult

_STYLE = """body{font-family:Helvetica,Arial,sans-serif;max-width:980px;margin:2rem auto;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.8rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}th{background:#f3f3f3}
.summary{background:#eef5fb;padding:.8rem 1rem;border-left:4px solid #0072B2}.alt{color:#555;font-size:.9rem}
.synthetic{background:#fff4e5;border-left:4px solid #E69F00;padding:.4rem .8rem;font-weight:bold}"""


def _table(frame: pl.DataFrame, columns: dict[str, str]) -> str:
    """A small HTML table of `frame`'s chosen columns under readable headers (values escaped)."""
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if row[c] is None else str(row[c]))}</td>" for c in columns) + "</tr>"
        for row in frame.iter_rows(named=True)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _posting_lines(result: BenchmarkResult) -> str:
    """The posting as described by the employer, one definition list."""
    p = result.posting
    place = ", ".join(p.regions or p.countries) or "any place"
    items = {
        "Title": p.title or "(untitled)",
        "Field": p.field,
        "Place": place + (" or remote" if p.remote else ""),
        "Pay": "not stated" if p.pay_hourly_usd is None else fmt.money(p.pay_hourly_usd, unit=" per hour"),
        "Term": ", ".join(p.terms) or "any",
        "Required skills": ", ".join(p.skills) or "none listed",
    }
    return "<ul>" + "".join(f"<li><b>{k}:</b> {html.escape(v)}</li>" for k, v in items.items()) + "</ul>"


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
    sources = (
        f"<p class='alt data-sources'>Generated {generated_at:%d %b %Y %H:%M} UTC from: {html.escape(provenance)}</p>"
    )
    banner = (
        "<p class='synthetic'>Synthetic data: these comparisons come from fictional listings or applicants, "
        "not a real market.</p>"
        if synthetic
        else ""
    )
    parts = [
        f"<h1>Benchmark: {html.escape(result.posting.title or 'untitled posting')}</h1>",
        banner,
        sources,
        _posting_lines(result),
        f"<p class='summary'>{html.escape(summary)}</p>",
    ]
    first = True
    for fig, alt in figures.values():
        # The first chart carries plotly.js (inlined, so the file works offline); the rest reuse it.
        parts.append(
            pio.to_html(fig, include_plotlyjs=True if first else False, full_html=False, config={"displaylogo": False})
        )
        parts.append(f"<p class='alt'>{html.escape(alt)}</p>")
        first = False
    if result.commonness.height:
        parts += [
            "<h2>How common each required skill is</h2>",
            _table(
                result.commonness, {"skill": "Skill", "label": "Comparable openings asking", "commonness": "Commonness"}
            ),
        ]
    if result.peer_skills.height:
        parts += [
            "<h2>Skills peers ask for that this posting does not</h2>",
            _table(result.peer_skills, {"skill": "Skill", "label": "Comparable openings asking"}),
        ]
    parts += [
        f"<h2>Number of skills</h2><p>The posting {html.escape(result.skill_count['sentence'])}.</p>",
        f"<h2>Candidate pool</h2><p>{html.escape(result.pool['note'])}</p>",
        f"<h2>Competition</h2><p>{html.escape(result.competition.get('note', ''))}</p>",
    ]
    body = "\n".join(parts)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Benchmark</title>"
        f"<style>{_STYLE}</style></head><body>{body}"
        f"<p class='alt'>Made with Internship Insights. Data: {html.escape(provenance)}</p></body></html>"
    )
