"""The career-office report as one self-contained, printable HTML file, rendered from dashboard/templates/.

The content comes from dashboard/report_sections.py (`build_sections`) and dashboard/report_methodology.py
(`methodology`); this module renders it with the `report.html` template (autoescape on). plotly.js is inlined
once and the map outlines are inlined too, so the file draws its charts with no network at all. No `st` calls here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
from markupsafe import Markup

from analytics.filters import FilterSpec
from dashboard import html_export
from dashboard.report_methodology import methodology
from dashboard.report_sections import (
    NO_MATCHES,
    SECTIONS,
    ReportFigure,
    ReportKpi,
    ReportSection,
    build_sections,
)
from data_loaders.normalise.locations import REGION_NAMES

DEFAULT_TITLE = "Internship market report"
# Fixed figure width: fits a Letter or A4 page with 12 mm margins (≈ 700 CSS px), so a printout
# never clips a chart; plotly cannot resize itself between the print dialog and the snapshot.
FIGURE_WIDTH_PX = 680
PLOTLY_REPORT_CONFIG = {
    "displaylogo": False,
    "responsive": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# A table cell that reads as a number (an amount, a count, a share or an interval) is right-aligned.
_NUMERIC_CELL = re.compile(r"[$\d.,% –of]+")


def report_filename(title: str, generated_at: dt.datetime, *, synthetic: bool = False) -> str:
    """A safe download name such as 'internship-market-report-2026-11-29.html' ('…-synthetic.html' on synthetic data)."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "report"
    return f"{slug}-{generated_at:%Y-%m-%d}{'-synthetic' if synthetic else ''}.html"


def methodology_html(items: Sequence[tuple[str, str]]) -> str:
    """The methodology as an escaped definition list (also shown in the page preview)."""
    return str(html_export.macro("methodology.html", "methodology")(items))


def _figure_markup(item: ReportFigure, div_id: str, *, with_plotlyjs: bool) -> Markup:
    """One figure at the printable width, plotly.js inlined only when asked."""
    fig = go.Figure(item.figure)  # a copy: the section's figure is shared with the page preview
    fig.update_layout(width=FIGURE_WIDTH_PX, autosize=False)
    return html_export.figure_markup(
        fig,
        include_plotlyjs=with_plotlyjs,
        config=PLOTLY_REPORT_CONFIG,
        div_id=div_id,
        default_width=f"{FIGURE_WIDTH_PX}px",
    )


def _table_view(caption: str, frame: pl.DataFrame) -> dict[str, Any]:
    """A small display table for the template: caption, column names, rows of (text, number-like) cells."""
    rows = []
    for row in frame.iter_rows():
        texts = ["–" if value is None else str(value) for value in row]
        rows.append(
            [(text, bool(_NUMERIC_CELL.fullmatch(text)) and any(ch.isdigit() for ch in text)) for text in texts]
        )
    return {"caption": caption, "columns": frame.columns, "rows": rows}


def _section_views(sections: Sequence[ReportSection]) -> list[dict[str, Any]]:
    """Each section with its figures pre-rendered (plotly.js in the first figure only) and its tables laid out."""
    views, drawn = [], False
    for section in sections:
        figures = []
        for index, item in enumerate(section.figures):
            figures.append((item.alt, _figure_markup(item, f"fig-{section.key}-{index}", with_plotlyjs=not drawn)))
            drawn = True
        tables = [_table_view(caption, frame) for caption, frame in section.tables]
        views.append({"section": section, "figures": figures, "tables": tables})
    return views


def render_report(
    sections: Sequence[ReportSection],
    methodology_items: Sequence[tuple[str, str]],
    *,
    title: str,
    institution: str = "",
    summary: str = "",
    generated_at: dt.datetime,
    sources: str = "",
    synthetic: bool = False,
) -> str:
    """One self-contained HTML document: plotly.js inlined once, map outlines inlined, print CSS; all text escaped.

    Provenance is in the header, not only in the methodology: a printout's first page says what the data is.
    """
    title = title.strip() or DEFAULT_TITLE
    return html_export.render(
        "report.html",
        title=title,
        institution=institution.strip(),
        summary=summary,
        generated=f"{generated_at:%d %B %Y, %H:%M}",
        sources=sources,
        synthetic=synthetic,
        geo_assets=html_export.geo_assets([item.figure for s in sections for item in s.figures]),
        sections=_section_views(sections),
        methodology_items=methodology_items,
    )


def build_report(
    listings: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    spec: FilterSpec,
    *,
    n_total: int,
    chosen: Sequence[str] = tuple(SECTIONS),
    title: str = DEFAULT_TITLE,
    institution: str = "",
    sources: str = "",
    min_group: int = 10,
    generated_at: dt.datetime | None = None,
    sections: Sequence[ReportSection] | None = None,
    synthetic: bool = False,
) -> str:
    """The whole HTML report for filtered `listings` (`n_total` = listings in the data); reuses `sections` when given."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    if sections is None:
        sections = build_sections(listings, outcomes, spec, chosen=chosen, min_group=min_group)
    items = methodology(
        listings, spec, sections, n_total=n_total, sources=sources, min_group=min_group, generated_at=generated_at
    )
    summary = spec.describe(listings.height, n_total, region_names=REGION_NAMES) + "."
    return render_report(
        sections,
        items,
        title=title,
        institution=institution,
        summary=summary,
        generated_at=generated_at,
        sources=sources,
        synthetic=synthetic,
    )


__all__ = [
    "DEFAULT_TITLE",
    "NO_MATCHES",
    "SECTIONS",
    "ReportFigure",
    "ReportKpi",
    "ReportSection",
    "build_report",
    "build_sections",
    "methodology",
    "methodology_html",
    "render_report",
    "report_filename",
]
