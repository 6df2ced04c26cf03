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
from dashboard.charts import (
    FIELD_COLORS,
    NEUTRAL_COLOR,
    OKABE_ITO,
    PRIMARY_COLOR,
    SEQUENTIAL_SCALE,
    legend_below,
    percent_axis,
    plural,
    room_for_labels,
    rows_height,
    share_axis,
    short_ticks,
    style_figure,
)
from dashboard.safe_text import plain_label, plain_labels

BAR_HEIGHT_PX = 26  # per category row, so long lists of fields or skills stay readable
MIN_HEIGHT_PX = 320
# Outside bar labels are placed by measuring text in the first font that loads; an en space keeps
# their first digit clear of the bar end when the browser substitutes a wider fallback font.
_LABEL_GAP = "\u2002"


def _require_rows(frame: pl.DataFrame, what: str) -> None:
    """Raise a ValueError naming `what` when `frame` has no rows (an empty chart misleads)."""
    if frame.height == 0:
        raise ValueError(f"no {what} to chart: the frame is empty")


def _bar_height(n_bars: int) -> int:
    """A horizontal bar chart's height in pixels for `n_bars` categories."""
    return max(MIN_HEIGHT_PX, BAR_HEIGHT_PX * n_bars + 120)


def _bar_label(count: int, share: float | None) -> str:
    """A bar-end label '55 % (1,127)': the share and its count; the common n is in the axis title, the hover has all."""
    return f"{fmt.percent(share)} ({fmt.count(int(count))})"


def _percent(value: float | None) -> str:
    """A share as '12 %' for alt text; 'n/a' when unknown."""
    return fmt.percent(value)


def _signed_dollars(value: float) -> str:
    """'+$5.50' or '−$8.65' (a minus sign before the dollar, as people write it)."""
    return fmt.money(value, unit="", signed=True)


def openings_by_field_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal bars of openings per field (frame from `overview.openings_by_field`), largest on top."""
    _require_rows(frame, "fields")
    raw_fields = frame["field"].fill_null("Unknown").to_list()
    fields = plain_labels(raw_fields)  # category names are data: plotly would render tags in them
    fig = go.Figure(
        go.Bar(
            x=frame["openings"].to_list(),
            y=fields,
            orientation="h",
            marker_color=[FIELD_COLORS.get(field, PRIMARY_COLOR) for field in raw_fields],
            customdata=[fmt.percent(share) for share in frame["share"].to_list()],
            hovertemplate="%{y}: %{x:,} openings (%{customdata} of all)<extra></extra>",
        )
    )
    # Plotly draws the first category at the bottom; reverse so the largest is on top.
    fig.update_yaxes(categoryorder="array", categoryarray=fields[::-1])
    lines = short_ticks(fig, fields)
    fig.update_layout(height=_bar_height(len(fields)) + rows_height(len(fields), lines), showlegend=False)
    return style_figure(fig, title="Openings by field", x_title="Openings (count)", y_title="Field")


def openings_by_field_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `openings_by_field_chart(frame)`."""
    if frame.height == 0:
        return "No openings to chart by field."
    top = frame.row(0, named=True)
    return (
        f"Bar chart of openings in {plural(frame.height, 'field')}; the largest is {top['field']} with "
        f"{plural(top['openings'], 'opening')} ({_percent(top['share'])} of {int(frame['openings'].sum()):,})."
    )


def top_skills_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal bars of each skill's share of openings listing skills (frame from `top_skills`), labelled '75 % (3 of 4)'."""
    _require_rows(frame, "skills")
    skills = plain_labels(frame["skill"].to_list())
    labels = frame["label"].to_list()
    texts = [
        _LABEL_GAP + _bar_label(c, s) for c, s in zip(frame["count"].to_list(), frame["share"].to_list(), strict=False)
    ]
    fig = go.Figure(
        go.Bar(
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
    )
    share_axis(fig, frame["share"].max(), end=room_for_labels(frame["share"].to_list(), texts, skills))
    fig.update_yaxes(categoryorder="array", categoryarray=skills[::-1])
    lines = short_ticks(fig, skills)
    fig.update_layout(height=_bar_height(len(skills)) + rows_height(len(skills), lines), showlegend=False)
    n_total = int(frame["n_total"][0])
    return style_figure(
        fig,
        title="Top skills asked for",
        x_title=f"Share of openings that list skills (n = {n_total:,})",
        y_title="Skill",
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
    _require_rows(frame, "weeks")
    fig = go.Figure()
    for status, color in (("open", PRIMARY_COLOR), ("closed", NEUTRAL_COLOR)):
        part = frame.filter(pl.col("status") == status)
        fig.add_trace(
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
    fig.update_layout(barmode="stack")
    legend_below(fig, "Status")
    fig.update_yaxes(rangemode="tozero")
    return style_figure(
        fig, title="Postings per week, by posting date", x_title=_week_axis_title(frame), y_title="Postings (count)"
    )


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
    _require_rows(frame, "weeks")
    if "partial" not in frame.columns:
        frame = frame.with_columns(pl.lit(7, dtype=pl.Int64).alias("days_observed"), pl.lit(False).alias("partial"))
    fig = go.Figure()
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


# Short field names for the heat map's columns (the hover shows the full name): nine columns fit a phone.
FIELD_SHORT: dict[str, str] = {
    "Software Engineering": "Software",
    "Data Science & Analytics": "Data",
    "AI & Machine Learning": "AI / ML",
    "Cybersecurity": "Security",
    "IT & Infrastructure": "IT",
    "Hardware & Embedded": "Hardware",
    "Product & Design": "Product",
    "Quantitative Finance": "Quant",
    "Other": "Other",
}


def skill_field_heatmap(frame: pl.DataFrame) -> go.Figure:
    """Heat map of the share of each field's openings asking for each top skill (frame from `skill_field_matrix`).

    Skills are the rows (one per skill, as many as asked for) and fields the columns under short names, so the
    map stays readable at phone width; every cell is labelled, so no colour bar takes room beside it.
    """
    _require_rows(frame, "skill and field pairs")
    skills = list(dict.fromkeys(frame["skill"].to_list()))  # the analytics' rank order
    fields = sorted(frame["field"].unique().to_list())
    wide = {name: frame.pivot("field", index="skill", values=name) for name in ("share", "label")}
    by_skill = {name: {row["skill"]: row for row in wide[name].iter_rows(named=True)} for name in wide}
    shares = [[by_skill["share"][skill].get(field) for field in fields] for skill in skills]
    labels = [[by_skill["label"][skill].get(field) for field in fields] for skill in skills]
    columns = plain_labels(fields)
    rows = plain_labels(skills)
    fig = go.Figure(
        go.Heatmap(
            z=shares,
            x=columns,
            y=rows,
            colorscale=SEQUENTIAL_SCALE,
            zmin=0,
            showscale=False,
            text=[
                [fmt.percent(value).removesuffix(" %") if value is not None else "" for value in row] for row in shares
            ],
            texttemplate="%{text}",
            textfont={"size": 11},
            customdata=labels,
            xgap=1,
            ygap=1,
            hovertemplate="%{x} openings asking for %{y}: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    short_ticks(fig, rows, chars=16, lines=1)
    fig.update_xaxes(
        tickangle=-90,
        tickmode="array",
        tickvals=columns,
        ticktext=[plain_label(FIELD_SHORT.get(field, field)) for field in fields],
    )
    fig.update_layout(height=max(MIN_HEIGHT_PX, 24 * len(skills) + 220))
    return style_figure(
        fig, title="Skills by field (% of the field's openings that list skills)", x_title="Field", y_title="Skill"
    )


def skill_field_heatmap_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `skill_field_heatmap(frame)`."""
    if frame.height == 0:
        return "No skills by field to chart."
    top = frame.sort(["share", "count"], descending=True).row(0, named=True)
    return (
        f"Heat map of {frame['skill'].n_unique()} skills across {frame['field'].n_unique()} fields; the strongest "
        f"pairing is {top['skill']} in {top['field']} at {top['label']}."
    )


def co_occurrence_chart(frame: pl.DataFrame, skill: str) -> go.Figure:
    """Bars of how often other skills appear with `skill` (frame from `co_occurring_skills`), with lift in the labels."""
    _require_rows(frame, f"skills asked for with {skill}")
    others = plain_labels(frame["skill"].to_list())
    texts = [
        f"{_LABEL_GAP}{_bar_label(count, share)} · lift {lift:.1f}×"
        for count, share, lift in zip(
            frame["count"].to_list(), frame["share"].to_list(), frame["lift"].to_list(), strict=False
        )
    ]
    fig = go.Figure(
        go.Bar(
            x=frame["share"].to_list(),
            y=others,
            orientation="h",
            marker_color=OKABE_ITO[2],
            text=texts,
            textposition="outside",
            textfont_size=12,
            cliponaxis=False,
            customdata=list(
                zip(frame["label"].to_list(), frame["lift"].to_list(), frame["n_other"].to_list(), strict=False)
            ),
            hovertemplate=(
                f"%{{y}} with {plain_label(skill)}: %{{customdata[0]}} of its openings<br>"
                "lift %{customdata[1]:.2f} (above 1: together more often than chance); "
                "%{customdata[2]:,} openings list %{y}<extra></extra>"
            ),
        )
    )
    share_axis(fig, frame["share"].max(), end=room_for_labels(frame["share"].to_list(), texts, others))
    fig.update_yaxes(categoryorder="array", categoryarray=others[::-1])
    lines = short_ticks(fig, others)
    fig.update_layout(height=_bar_height(len(others)) + rows_height(len(others), lines), showlegend=False)
    n_skill = int(frame["n_skill"][0])
    return style_figure(
        fig,
        title=f"Skills asked for together with {skill}",
        x_title=f"Share of the {n_skill:,} openings that list {skill}",
        y_title="Skill",
    )


def co_occurrence_alt(frame: pl.DataFrame, skill: str) -> str:
    """One-sentence description of `co_occurrence_chart(frame, skill)`."""
    if frame.height == 0:
        return f"No skills are asked for together with {skill}."
    top = frame.row(0, named=True)
    best = frame.sort("lift", descending=True).row(0, named=True)
    return (
        f"Bar chart of {frame.height} skills asked for with {skill}; most often {top['skill']} at {top['label']}; "
        f"the highest lift is {best['skill']} ({best['lift']:.1f}×)."
    )


def skill_trends_chart(frame: pl.DataFrame) -> go.Figure:
    """One line per skill of its share of each period's openings (frame from `skill_trends`)."""
    _require_rows(frame, "periods")
    fig = go.Figure()
    for index, skill in enumerate(dict.fromkeys(frame.sort("period")["skill"].to_list())):
        group = frame.filter(pl.col("skill") == skill).sort("period")
        fig.add_trace(
            go.Scatter(
                x=group["period"].to_list(),
                y=group["share"].to_list(),
                mode="lines+markers",
                name=plain_label(skill),
                line_color=OKABE_ITO[index % len(OKABE_ITO)],
                # The label is written by analytics/formatting.py from the counts, as the page and downloads write it.
                customdata=[
                    fmt.share_label(int(c), int(n))
                    for c, n in zip(group["count"].to_list(), group["n_period"].to_list(), strict=False)
                ],
                hovertemplate=f"{plain_label(skill)}, %{{x|%d %b %Y}}: %{{customdata}}<extra></extra>",
            )
        )
    percent_axis(fig, frame["share"].max(), axis="y")
    legend_below(fig, "Skill")
    return style_figure(
        fig,
        title="Skill demand over time",
        x_title="Period start",
        y_title="Share of the period's openings that list skills",
    )


def skill_trends_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `skill_trends_chart(frame)`."""
    if frame.height == 0:
        return "No dated openings to show skill trends."
    return (
        f"Line chart of {frame['skill'].n_unique()} skills' share of openings over {frame['period'].n_unique()} "
        f"periods ({frame['period'].min():%d %b %Y} to {frame['period'].max():%d %b %Y})."
    )


def pay_premium_chart(frame: pl.DataFrame) -> go.Figure:
    """Dumbbells of median hourly pay with vs without each skill (frame from `pay_premium`), largest premium on top."""
    _require_rows(frame, "skills with enough paid openings")
    skills = plain_labels(frame["skill"].to_list())
    rows = frame.to_dicts()
    fig = go.Figure()
    # One grey connector per skill; None breaks the line between skills.
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for row in rows:
        line_x += [row["median_without"], row["median_with"], None]
        line_y += [plain_label(row["skill"]), plain_label(row["skill"]), None]
    fig.add_trace(
        go.Scatter(
            x=line_x, y=line_y, mode="lines", line={"color": "#BBBBBB", "width": 3}, hoverinfo="skip", showlegend=False
        )
    )
    for name, column, n_column, colour in (
        ("Without the skill", "median_without", "n_without", OKABE_ITO[1]),
        ("With the skill", "median_with", "n_with", PRIMARY_COLOR),
    ):
        fig.add_trace(
            go.Scatter(
                x=frame[column].to_list(),
                y=skills,
                mode="markers",
                name=name,
                marker={"size": 11, "color": colour},
                customdata=[
                    f"median {fmt.money(median)} (n = {fmt.count(n)}); premium {fmt.money(premium, signed=True)}"
                    for median, n, premium in zip(
                        frame[column].to_list(), frame[n_column].to_list(), frame["premium"].to_list(), strict=False
                    )
                ],
                hovertemplate=f"%{{y}}, {name.lower()}: %{{customdata}}<extra></extra>",
            )
        )
    fig.update_xaxes(tickprefix="$")
    fig.update_yaxes(categoryorder="array", categoryarray=skills[::-1])
    lines = short_ticks(fig, skills)
    fig.update_layout(height=_bar_height(len(skills)) + 60 + rows_height(len(skills), lines))
    legend_below(fig)
    return style_figure(
        fig,
        title="Pay premium: median hourly pay with vs without each skill",
        x_title="Median hourly pay (USD per hour)",
        y_title="Skill",
    )


def pay_premium_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `pay_premium_chart(frame)`."""
    if frame.height == 0:
        return "Too few paid openings to compare pay with and without a skill."
    top, bottom = frame.row(0, named=True), frame.row(-1, named=True)
    return (
        f"Dot chart of median hourly pay with and without {frame.height} skills; the largest premium is "
        f"{top['skill']} ({fmt.money(top['median_with'], unit='')} vs {fmt.money(top['median_without'], unit='')}, "
        f"n = {top['n_with']:,} with), "
        f"the lowest {bottom['skill']} ({_signed_dollars(bottom['premium'])}/h)."
    )


__all__ = [
    "co_occurrence_alt",
    "co_occurrence_chart",
    "openings_by_field_over_time_alt",
    "openings_by_field_over_time_chart",
    "pay_premium_alt",
    "pay_premium_chart",
    "skill_field_heatmap_alt",
    "skill_field_heatmap",
    "skill_trends_alt",
    "skill_trends_chart",
    "openings_by_field_alt",
    "openings_by_field_chart",
    "postings_over_time_alt",
    "postings_over_time_chart",
    "postings_per_week_alt",
    "postings_per_week_chart",
    "top_skills_alt",
    "top_skills_chart",
]
