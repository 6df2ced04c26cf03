"""Plotly builders for the explore pages (Overview, Openings, Skills demand) and the HTML report.

Each builder takes the small frame an analytics function returns and gives a styled figure; each
has an `<name>_alt(frame)` sibling that describes the chart in one sentence for screen readers
and the report. Builders raise ValueError on an empty frame: the caller shows a friendly message
instead of an empty chart. No `st` calls here.
"""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts import FIELD_COLORS, OKABE_ITO, PRIMARY_COLOR, SEQUENTIAL_SCALE, style_figure

BAR_HEIGHT_PX = 26  # per category row, so long lists of fields or skills stay readable
MIN_HEIGHT_PX = 320


def _require_rows(frame: pl.DataFrame, what: str) -> None:
    """Raise a ValueError naming `what` when `frame` has no rows (an empty chart misleads)."""
    if frame.height == 0:
        raise ValueError(f"no {what} to chart: the frame is empty")


def _bar_height(n_bars: int) -> int:
    """A horizontal bar chart's height in pixels for `n_bars` categories."""
    return max(MIN_HEIGHT_PX, BAR_HEIGHT_PX * n_bars + 120)


def _percent(value: float | None) -> str:
    """A share as '12 %' for alt text; 'n/a' when unknown."""
    return "n/a" if value is None else f"{100 * value:.0f} %"


def openings_by_field_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal bars of openings per field (frame from `overview.openings_by_field`), largest on top."""
    _require_rows(frame, "fields")
    fields = frame["field"].fill_null("Unknown").to_list()
    fig = go.Figure(
        go.Bar(
            x=frame["openings"].to_list(), y=fields, orientation="h",
            marker_color=[FIELD_COLORS.get(field, PRIMARY_COLOR) for field in fields],
            customdata=frame["share"].to_list(),
            hovertemplate="%{y}: %{x:,} openings (%{customdata:.0%} of all)<extra></extra>",
        )
    )
    # Plotly draws the first category at the bottom; reverse so the largest is on top.
    fig.update_yaxes(categoryorder="array", categoryarray=fields[::-1])
    fig.update_layout(height=_bar_height(len(fields)), showlegend=False)
    return style_figure(fig, title="Openings by field", x_title="Openings (count)", y_title="Field")


def openings_by_field_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `openings_by_field_chart(frame)`."""
    if frame.height == 0:
        return "No openings to chart by field."
    top = frame.row(0, named=True)
    return (
        f"Bar chart of openings in {frame.height} fields; the largest is {top['field']} with "
        f"{top['openings']:,} openings ({_percent(top['share'])} of {int(frame['openings'].sum()):,})."
    )


def top_skills_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal bars of each skill's share of openings listing skills (frame from `top_skills`), labelled '75 % (3 of 4)'."""
    _require_rows(frame, "skills")
    skills = frame["skill"].to_list()
    labels = frame["label"].to_list()
    fig = go.Figure(
        go.Bar(
            x=frame["share"].to_list(), y=skills, orientation="h", marker_color=PRIMARY_COLOR,
            text=labels, textposition="outside", cliponaxis=False, customdata=labels,
            hovertemplate="%{y}: %{customdata} openings<extra></extra>",
        )
    )
    top_share = frame["share"].max() or 0.0
    # Room on the right for the outside labels such as "58 % (2,310 of 3,990)".
    fig.update_xaxes(tickformat=".0%", range=[0, top_share * 1.45 or 1])
    fig.update_yaxes(categoryorder="array", categoryarray=skills[::-1])
    fig.update_layout(height=_bar_height(len(skills)), showlegend=False)
    n_total = int(frame["n_total"][0])
    return style_figure(
        fig, title="Top skills asked for",
        x_title=f"Share of openings that list skills (n = {n_total:,})", y_title="Skill",
    )


def top_skills_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `top_skills_chart(frame)`."""
    if frame.height == 0:
        return "No skills to chart."
    top = frame.row(0, named=True)
    return (
        f"Bar chart of the {frame.height} most requested skills as a share of openings that list skills; "
        f"first is {top['skill']} at {top['label']}."
    )


def postings_per_week_chart(frame: pl.DataFrame) -> go.Figure:
    """Postings per week as a line (frame from `postings_per_week`); one line per field when it has a field column."""
    _require_rows(frame, "weeks")
    fig = go.Figure()
    if "field" in frame.columns:
        for (field,), group in frame.group_by("field", maintain_order=True):
            fig.add_trace(go.Scatter(
                x=group["week"].to_list(), y=group["postings"].to_list(), mode="lines", name=str(field),
                line_color=FIELD_COLORS.get(str(field), PRIMARY_COLOR),
                hovertemplate=f"{field}, week of %{{x|%d %b %Y}}: %{{y:,}} postings<extra></extra>",
            ))
        fig.update_layout(legend={"title": {"text": "Field"}})
    else:
        fig.add_trace(go.Scatter(
            x=frame["week"].to_list(), y=frame["postings"].to_list(), mode="lines+markers", line_color=PRIMARY_COLOR,
            hovertemplate="Week of %{x|%d %b %Y}: %{y:,} postings<extra></extra>", showlegend=False,
        ))
    fig.update_yaxes(rangemode="tozero")
    return style_figure(fig, title="Postings per week", x_title="Week (starting Monday)", y_title="Postings (count)")


def postings_per_week_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `postings_per_week_chart(frame)`."""
    if frame.height == 0:
        return "No dated postings to chart."
    weekly = frame.group_by("week").agg(pl.col("postings").sum()).sort("week")
    peak = weekly.sort(["postings", "week"], descending=[True, False]).row(0, named=True)
    return (
        f"Line chart of postings per week over {weekly.height} weeks ({int(weekly['postings'].sum()):,} postings), "
        f"peaking at {peak['postings']:,} in the week of {peak['week']:%d %b %Y}."
    )


__all__ = [
    "openings_by_field_alt", "openings_by_field_chart", "postings_per_week_alt", "postings_per_week_chart",
    "top_skills_alt", "top_skills_chart",
]
