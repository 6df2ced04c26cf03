"""Plotly builders for the explore pages (Overview, Openings, Skills demand) and the HTML report.

Each builder takes the small frame an analytics function returns and gives a styled figure; each
has an `<name>_alt(frame)` sibling that describes the chart in one sentence for screen readers
and the report. Builders raise ValueError on an empty frame: the caller shows a friendly message
instead of an empty chart. No `st` calls here.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics.scalars import as_float
from dashboard.charts import (
    FIELD_COLORS,
    NEUTRAL_COLOR,
    PRIMARY_COLOR,
    SharedFigure,
    legend_below,
    legend_below_props,
    plural,
    room_for_labels,
    rows_height,
    share_axis_props,
    short_tick_props,
    style_figure,
    styled_layout,
)
from dashboard.charts.bars import LABEL_GAP, bar_height, bar_label, require_rows
from dashboard.charts.skills import (  # the skill charts, importable from here as before
    FIELD_SHORT,
    co_occurrence_alt,
    co_occurrence_chart,
    pay_premium_alt,
    pay_premium_chart,
    skill_field_heatmap,
    skill_field_heatmap_alt,
    skill_trends_alt,
    skill_trends_chart,
)
from dashboard.safe_text import plain_label, plain_labels


def openings_by_field_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal bars of openings per field (frame from `overview.openings_by_field`), largest on top."""
    require_rows(frame, "fields")
    raw_fields = frame["field"].fill_null("Unknown").to_list()
    fields = plain_labels(raw_fields)  # category names are data: plotly would render tags in them
    bars = go.Bar(
        x=frame["openings"].to_list(),
        y=fields,
        orientation="h",
        marker_color=[FIELD_COLORS.get(field, PRIMARY_COLOR) for field in raw_fields],
        customdata=[fmt.percent(share) for share in frame["share"].to_list()],
        hovertemplate="%{y}: %{x:,} openings (%{customdata} of all)<extra></extra>",
    )
    ticks, lines = short_tick_props(fields)
    layout = {
        # Plotly draws the first category at the bottom; reverse so the largest is on top.
        "yaxis": {"categoryorder": "array", "categoryarray": fields[::-1], **ticks},
        "height": bar_height(len(fields)) + rows_height(len(fields), lines),
        "showlegend": False,
    }
    # Built in one go, layout and style together: each later layout change re-validates it (~1-2 ms each).
    styled = styled_layout(layout, title="Openings by field", x_title="Openings (count)", y_title="Field")
    return SharedFigure(bars, layout=styled)


def openings_by_field_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `openings_by_field_chart(frame)`."""
    if frame.height == 0:
        return "No openings to chart by field."
    top = frame.row(0, named=True)
    return (
        f"Bar chart of openings in {plural(frame.height, 'field')}; the largest is {top['field']} with "
        f"{plural(top['openings'], 'opening')} ({fmt.percent(top['share'])} of {int(frame['openings'].sum()):,})."
    )


def top_skills_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal bars of each skill's share of openings listing skills (frame from `top_skills`), labelled '75 % (3 of 4)'."""
    require_rows(frame, "skills")
    skills = plain_labels(frame["skill"].to_list())
    labels = frame["label"].to_list()
    texts = [
        LABEL_GAP + bar_label(c, s) for c, s in zip(frame["count"].to_list(), frame["share"].to_list(), strict=False)
    ]
    bars = go.Bar(
        x=frame["share"].to_list(),
        y=skills,
        orientation="h",
        marker_color=PRIMARY_COLOR,
        text=texts,
        textposition="outside",
        textfont_size=12,
        cliponaxis=False,
        customdata=labels,
        hovertemplate="%{y}: %{customdata} openings<extra></extra>",
    )
    ticks, lines = short_tick_props(skills)
    end = room_for_labels(frame["share"].to_list(), texts, skills)
    layout = {
        "xaxis": share_axis_props(as_float(frame["share"].max()), end=end),
        "yaxis": {"categoryorder": "array", "categoryarray": skills[::-1], **ticks},
        "height": bar_height(len(skills)) + rows_height(len(skills), lines),
        "showlegend": False,
    }
    n_total = int(frame["n_total"][0])
    styled = styled_layout(
        layout,
        title="Top skills asked for",
        x_title=f"Share of openings that list skills (n = {n_total:,})",
        y_title="Skill",
    )
    return SharedFigure(bars, layout=styled)  # in one go, as `openings_by_field_chart`


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
    require_rows(frame, "weeks")
    fig = SharedFigure()
    if "field" in frame.columns:
        for (field,), group in frame.group_by("field", maintain_order=True):
            fig.add_trace(
                go.Scatter(
                    x=group["week"].to_list(),
                    y=group["postings"].to_list(),
                    mode="lines",
                    name=plain_label(field),
                    line_color=FIELD_COLORS.get(str(field), PRIMARY_COLOR),
                    hovertemplate=f"{plain_label(field)}, week of %{{x|%d %b %Y}}: %{{y:,}} postings<extra></extra>",
                )
            )
        legend_below(fig, "Field")
    else:
        fig.add_trace(
            go.Scatter(
                x=frame["week"].to_list(),
                y=frame["postings"].to_list(),
                mode="lines+markers",
                line_color=PRIMARY_COLOR,
                hovertemplate="Week of %{x|%d %b %Y}: %{y:,} postings<extra></extra>",
                showlegend=False,
            )
        )
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


def _week_axis_title(frame: pl.DataFrame) -> str:
    """The weeks' axis title, naming the partial last week (drawn faded): a note inside the bars would cover them."""
    partial = frame.filter(pl.col("partial"))
    if partial.height == 0:
        return "Week posted (starting Monday)"
    return f"Week posted (Mondays); last week partial: {partial['days_observed'][0]} of 7 days"


def postings_over_time_chart(frame: pl.DataFrame) -> go.Figure:
    """Weekly postings by posting date, open and closed stacked (frame from `overview.postings_over_time`).

    A partial last week is drawn faded and labelled with its days, so a short week does not read as a collapse.
    """
    require_rows(frame, "weeks")
    bars = []
    for status, color in (("open", PRIMARY_COLOR), ("closed", NEUTRAL_COLOR)):
        part = frame.filter(pl.col("status") == status)
        bars.append(
            go.Bar(
                x=part["week"].to_list(),
                y=part["postings"].to_list(),
                name=f"{status.capitalize()} now",
                marker_color=color,
                marker_opacity=[0.35 if partial else 1.0 for partial in part["partial"].to_list()],
                customdata=[
                    f" (partial week: {days} of 7 days)" if partial else ""
                    for days, partial in zip(part["days_observed"].to_list(), part["partial"].to_list(), strict=False)
                ],
                hovertemplate=f"Week of %{{x|%d %b %Y}}: %{{y:,}} postings {status} now%{{customdata}}<extra></extra>",
            )
        )
    layout = {"barmode": "stack", **legend_below_props("Status"), "yaxis": {"rangemode": "tozero"}}
    styled = styled_layout(
        layout, title="Postings per week, by posting date", x_title=_week_axis_title(frame), y_title="Postings (count)"
    )
    return SharedFigure(bars, layout=styled)  # in one go, as `openings_by_field_chart`


def postings_over_time_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `postings_over_time_chart(frame)`."""
    if frame.height == 0:
        return "No dated postings to chart."
    weekly = frame.group_by("week").agg(pl.col("postings").sum(), pl.col("partial").first()).sort("week")
    peak = weekly.filter(~pl.col("partial")).sort(["postings", "week"], descending=[True, False])
    peak_row = (peak if peak.height else weekly).row(0, named=True)
    closed = int(frame.filter(pl.col("status") == "closed")["postings"].sum())
    text = (
        f"Stacked bars of postings per week over {weekly.height} weeks ({int(weekly['postings'].sum()):,} postings, "
        f"{closed:,} of them closed now), peaking at {peak_row['postings']:,} in the week of {peak_row['week']:%d %b %Y}."
    )
    return text + (" The last week is partial." if bool(weekly["partial"][-1]) else "")


def openings_by_field_over_time_chart(frame: pl.DataFrame) -> go.Figure:
    """Weekly postings by posting date, stacked by field (frame from `overview.postings_by_field_over_time`).

    Every posting counts in the week it was posted, open or closed now; a partial last week (frames with a
    `partial` column) is drawn faded and labelled with its days, so a short week does not read as a collapse.
    """
    require_rows(frame, "weeks")
    if "partial" not in frame.columns:
        frame = frame.with_columns(pl.lit(7, dtype=pl.Int64).alias("days_observed"), pl.lit(False).alias("partial"))
    fig = SharedFigure()
    order = frame.group_by("field").agg(pl.col("postings").sum()).sort(["postings", "field"], descending=[True, False])
    for field in order["field"].to_list():
        group = frame.filter(pl.col("field") == field)
        fig.add_trace(
            go.Bar(
                x=group["week"].to_list(),
                y=group["postings"].to_list(),
                name=plain_label(field),
                marker_color=FIELD_COLORS.get(str(field), PRIMARY_COLOR),
                marker_opacity=[0.35 if partial else 1.0 for partial in group["partial"].to_list()],
                customdata=[
                    f" (partial week: {days} of 7 days)" if partial else ""
                    for days, partial in zip(group["days_observed"].to_list(), group["partial"].to_list(), strict=False)
                ],
                hovertemplate=f"{plain_label(field)}, week of %{{x|%d %b %Y}}: %{{y:,}} postings%{{customdata}}<extra></extra>",
            )
        )
    # Legend below the plot: nine field names beside it would squeeze the weeks in a half-width column or a phone.
    fig.update_layout(barmode="stack", height=560, bargap=0.1)
    legend_below(fig, "Field")
    return style_figure(
        fig,
        title="Postings per week by field, by posting date",
        x_title=_week_axis_title(frame),
        y_title="Postings (count)",
    )


def openings_by_field_over_time_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `openings_by_field_over_time_chart(frame)`."""
    if frame.height == 0:
        return "No dated postings to chart."
    n_weeks = frame["week"].n_unique()
    text = (
        f"Stacked bar chart of {int(frame['postings'].sum()):,} postings, open or closed now, by the week they were "
        f"posted over {n_weeks} weeks, split into {plural(frame['field'].n_unique(), 'field')}."
    )
    partial = "partial" in frame.columns and bool(frame.sort("week")["partial"][-1])
    return text + (" The last week is partial." if partial else "")


__all__ = [
    "FIELD_SHORT",
    "co_occurrence_alt",
    "co_occurrence_chart",
    "openings_by_field_alt",
    "openings_by_field_chart",
    "openings_by_field_over_time_alt",
    "openings_by_field_over_time_chart",
    "pay_premium_alt",
    "pay_premium_chart",
    "postings_over_time_alt",
    "postings_over_time_chart",
    "postings_per_week_alt",
    "postings_per_week_chart",
    "skill_field_heatmap",
    "skill_field_heatmap_alt",
    "skill_trends_alt",
    "skill_trends_chart",
    "top_skills_alt",
    "top_skills_chart",
]
