"""Plotly builders for the Skills demand page's skill charts: skill by field, co-occurrence, trends, pay premium.

Like dashboard/charts/explore.py (which re-exports them): each takes the small frame an analytics function
returns and gives a styled figure, with an `<name>_alt(frame)` one-sentence description; an empty frame raises
ValueError. No `st` calls here.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics.scalars import as_date, as_float
from analytics.skills_demand import UNKNOWN_FIELD
from dashboard.charts import (
    OKABE_ITO,
    PRIMARY_COLOR,
    SEQUENTIAL_SCALE,
    SharedFigure,
    legend_below,
    percent_axis,
    room_for_labels,
    rows_height,
    share_axis,
    short_ticks,
    style_figure,
)
from dashboard.charts.bars import LABEL_GAP, MIN_HEIGHT_PX, bar_height, bar_label, require_rows, signed_dollars
from dashboard.safe_text import plain_label, plain_labels

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
    require_rows(frame, "skill and field pairs")
    skills = list(dict.fromkeys(frame["skill"].to_list()))  # the analytics' rank order
    # Alphabetical, with the listings whose field is not given after the named fields.
    fields = sorted(frame["field"].unique().to_list(), key=lambda field: (field == UNKNOWN_FIELD, field))
    wide = {name: frame.pivot("field", index="skill", values=name) for name in ("share", "label")}
    by_skill = {name: {row["skill"]: row for row in wide[name].iter_rows(named=True)} for name in wide}
    shares = [[by_skill["share"][skill].get(field) for field in fields] for skill in skills]
    labels = [[by_skill["label"][skill].get(field) for field in fields] for skill in skills]
    columns = plain_labels(fields)
    rows = plain_labels(skills)
    fig = SharedFigure(
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
    require_rows(frame, f"skills asked for with {skill}")
    others = plain_labels(frame["skill"].to_list())
    texts = [
        f"{LABEL_GAP}{bar_label(count, share)} · lift {lift:.1f}×"
        for count, share, lift in zip(
            frame["count"].to_list(), frame["share"].to_list(), frame["lift"].to_list(), strict=False
        )
    ]
    fig = SharedFigure(
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
    share_axis(fig, as_float(frame["share"].max()), end=room_for_labels(frame["share"].to_list(), texts, others))
    fig.update_yaxes(categoryorder="array", categoryarray=others[::-1])
    lines = short_ticks(fig, others)
    fig.update_layout(height=bar_height(len(others)) + rows_height(len(others), lines), showlegend=False)
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
    require_rows(frame, "periods")
    fig = SharedFigure()
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
    percent_axis(fig, as_float(frame["share"].max()), axis="y")
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
        f"periods ({as_date(frame['period'].min()):%d %b %Y} to {as_date(frame['period'].max()):%d %b %Y})."
    )


def pay_premium_chart(frame: pl.DataFrame) -> go.Figure:
    """Dumbbells of median hourly pay with vs without each skill (frame from `pay_premium`), largest premium on top."""
    require_rows(frame, "skills with enough paid openings")
    skills = plain_labels(frame["skill"].to_list())
    rows = frame.to_dicts()
    fig = SharedFigure()
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
    fig.update_layout(height=bar_height(len(skills)) + 60 + rows_height(len(skills), lines))
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
        f"the lowest {bottom['skill']} ({signed_dollars(bottom['premium'])}/h)."
    )


__all__ = [
    "FIELD_SHORT",
    "co_occurrence_alt",
    "co_occurrence_chart",
    "pay_premium_alt",
    "pay_premium_chart",
    "skill_field_heatmap",
    "skill_field_heatmap_alt",
    "skill_trends_alt",
    "skill_trends_chart",
]
