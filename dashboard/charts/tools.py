"""Plotly builders for the Skill gap and Benchmark pages: small frames in, styled figures out (no `st`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics.benchmark import BenchmarkResult, pay_histogram, pay_percentile_text
from analytics.scalars import as_float
from dashboard.charts import (
    NEUTRAL_COLOR,
    OKABE_ITO,
    PRIMARY_COLOR,
    SharedFigure,
    legend_below_props,
    percent_axis_props,
    room_for_labels,
    rows_height,
    share_axis_props,
    short_tick_props,
    styled_layout,
    unit_percent_props,
)
from dashboard.safe_text import plain_label, plain_labels

HOLD_COLOR, LACK_COLOR = OKABE_ITO[2], OKABE_ITO[1]  # green = you have it, orange = you do not
COMMONNESS_COLORS: dict[str, str] = {
    "common": OKABE_ITO[0],
    "uncommon": OKABE_ITO[4],
    "rare": OKABE_ITO[5],
    "unknown": NEUTRAL_COLOR,
}


def _bar_height(rows: int) -> int:
    """A horizontal bar chart tall enough for its labels (28 px a bar, at least 320)."""
    return max(320, 110 + 28 * rows)


def _bars_layout(labels: list[str], x_axis: dict[str, Any]) -> dict[str, Any]:
    """The layout of horizontal bars with these category `labels` and value axis: rows tall enough for the labels,
    two-line ones taller (as `short_ticks` grows a built figure's)."""
    ticks, lines = short_tick_props(labels)
    return {"height": _bar_height(len(labels)) + rows_height(len(labels), lines), "xaxis": x_axis, "yaxis": ticks}


def match_distribution_chart(distribution: pl.DataFrame) -> go.Figure:
    """Openings per match bin (bin, count, share) as a column chart; the 100 % bin stands out."""
    colours = [HOLD_COLOR if b == "100 %" else PRIMARY_COLOR for b in distribution.get_column("bin").to_list()]
    bars = go.Bar(
        x=distribution.get_column("bin").to_list(),
        y=distribution.get_column("count").to_list(),
        customdata=[fmt.percent(share) for share in distribution.get_column("share").fill_null(0).to_list()],
        marker_color=colours,
        hovertemplate="Match %{x}: %{y:,} openings (%{customdata})<extra></extra>",
    )
    # Built in one go, layout and style together: each later layout change re-validates it (~1-2 ms each).
    styled = styled_layout(
        {},
        title="How well your skills match the target openings",
        x_title="Share of an opening's skills you hold",
        y_title="Openings (count)",
    )
    return SharedFigure(bars, layout=styled)


def learning_path_chart(path: pl.DataFrame, start_count: int, start_share: float | None) -> go.Figure:
    """Cumulative share of openings fully matched after each learning step, starting from today."""
    steps = ["Now", *(plain_label(f"+ {skill}") for skill in path.get_column("skill").to_list())]
    counts = [start_count, *path.get_column("cumulative_fully_matched").to_list()]
    shares = [start_share or 0.0, *path.get_column("cumulative_share").to_list()]
    line = go.Scatter(
        x=steps,
        y=shares,
        mode="lines+markers+text",
        line={"color": PRIMARY_COLOR, "width": 3},
        customdata=[
            f"{fmt.percent(share)} of openings fully matched ({fmt.count(c)})"
            for share, c in zip(shares, counts, strict=False)
        ],
        # Counts, not rounded shares: "0 %" would hide a real gain of a few openings.
        text=[fmt.count(c) for c in counts],
        textposition="top center",
        hovertemplate="%{x}: %{customdata}<extra></extra>",
    )
    layout = {"yaxis": percent_axis_props(max(shares)), "xaxis": short_tick_props(steps, chars=12)[0]}
    styled = styled_layout(
        layout,
        title="Learning path: openings you would fully match",
        x_title="Skill learned, in order",
        y_title="Openings fully matched (%)",
    )
    return SharedFigure(line, layout=styled)  # in one go, as `match_distribution_chart`


def coverage_chart(coverage: pl.DataFrame) -> go.Figure:
    """Per category: share of openings asking it vs share of its skill requests the profile covers."""
    frame = coverage.sort("demand_share")
    categories = plain_labels(str(c).replace("_", " ").capitalize() for c in frame.get_column("category").to_list())
    ticks, lines = short_tick_props(categories)  # two-line labels get taller rows, as `short_ticks` grows them
    return SharedFigure(
        [
            go.Bar(
                name="Openings asking",
                y=categories,
                x=frame.get_column("demand_share").to_list(),
                orientation="h",
                marker_color=PRIMARY_COLOR,
                customdata=frame.get_column("demand_label").to_list(),
                hovertemplate="%{y}: asked by %{customdata}<extra></extra>",
            ),
            # The trailing em spaces: plotly measures legend text in a fallback font and clips the last entry's end.
            go.Bar(
                name="Covered by your skills\u2003\u2003",
                y=categories,
                x=frame.get_column("held_share").to_list(),
                orientation="h",
                marker_color=HOLD_COLOR,
                customdata=frame.get_column("held_label").to_list(),
                hovertemplate="%{y}: you cover %{customdata} skill requests<extra></extra>",
            ),
        ],
        # In one go, as `match_distribution_chart`.
        layout=styled_layout(
            {
                "barmode": "group",
                "height": _bar_height(2 * frame.height) + 40 + rows_height(len(categories), lines),
                **legend_below_props(),
                "xaxis": unit_percent_props(),
                "yaxis": ticks,
            },
            title="Coverage by skill category vs demand",
            x_title="Share (%)",
            y_title="Category",
        ),
    )


def offer_holder_chart(holders: pl.DataFrame, top: int = 15) -> go.Figure:
    """Share of offer-holders with each skill (Wilson bars), coloured by whether the profile has it."""
    frame = holders.head(top).reverse()
    have = frame.get_column("you_have").to_list()
    share = frame.get_column("share")
    skills = plain_labels(frame.get_column("skill").to_list())
    bars = go.Bar(
        y=skills,
        x=share.to_list(),
        orientation="h",
        marker_color=[HOLD_COLOR if h else LACK_COLOR for h in have],
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (frame.get_column("high") - share).to_list(),
            "arrayminus": (share - frame.get_column("low")).to_list(),
            "color": "#555555",
        },
        customdata=[
            [label, "you have it" if h else "you do not"]
            for label, h in zip(frame.get_column("label").to_list(), have, strict=False)
        ],
        hovertemplate="%{y}: %{customdata[0]} of offer-holders; %{customdata[1]}<extra></extra>",
    )
    layout = _bars_layout(skills, percent_axis_props(as_float(frame.get_column("high").max())))
    styled = styled_layout(
        layout,
        title="Skills of offer-holders (green: you have it)",
        x_title="Offer-holders with the skill (%, 95 % interval)",
        y_title="Skill",
    )
    return SharedFigure(bars, layout=styled)  # in one go, as `match_distribution_chart`


def pay_distribution_chart(histogram: pl.DataFrame, pay: float | None) -> go.Figure:
    """Comparable openings per hourly-pay bin (lower, upper, count) with a line at this posting's pay."""
    lower, upper = histogram.get_column("lower").to_list(), histogram.get_column("upper").to_list()
    total = int(histogram.get_column("count").sum())
    bars = go.Bar(
        x=[(a + b) / 2 for a, b in zip(lower, upper, strict=False)],
        y=histogram.get_column("count").to_list(),
        width=[b - a for a, b in zip(lower, upper, strict=False)],
        marker_color=PRIMARY_COLOR,
        marker_line={"width": 0.5, "color": "white"},
        customdata=[f"{fmt.money(a, unit='')}–{fmt.money(b)}" for a, b in zip(lower, upper, strict=False)],
        hovertemplate="%{customdata}: %{y:,} openings<extra></extra>",
    )
    x_title = "Pay (USD per hour)"
    if pay is not None:
        # The line is named in the axis title: a note beside it covers the bars, or runs off a phone-width chart.
        x_title = f"Pay (USD per hour); dashed line: this posting, {fmt.money(pay)}"
    title = f"Pay of {total:,} comparable openings"
    layout = styled_layout({"xaxis": {"tickprefix": "$"}}, title=title, x_title=x_title, y_title="Openings (count)")
    fig = SharedFigure(bars, layout=layout)  # in one go, as `match_distribution_chart`; the line is a shape added after
    if pay is not None:
        fig.add_vline(x=pay, line={"color": OKABE_ITO[5], "width": 3, "dash": "dash"})
    return fig


def commonness_chart(commonness: pl.DataFrame) -> go.Figure:
    """Share of comparable openings asking each required skill, coloured common / uncommon / rare."""
    frame = commonness.reverse()
    kinds = frame.get_column("commonness").to_list()
    skills = plain_labels(frame.get_column("skill").to_list())
    bars = go.Bar(
        y=skills,
        x=frame.get_column("share").fill_null(0).to_list(),
        orientation="h",
        marker_color=[COMMONNESS_COLORS.get(k, NEUTRAL_COLOR) for k in kinds],
        customdata=[[label, kind] for label, kind in zip(frame.get_column("label").to_list(), kinds, strict=False)],
        hovertemplate="%{y}: asked by %{customdata[0]} (%{customdata[1]})<extra></extra>",
    )
    layout = _bars_layout(skills, unit_percent_props(0.2))
    styled = styled_layout(
        layout,
        title="How common your required skills are",
        x_title="Peers asking for it (%; lines at 10 % and 30 %)",
        y_title="Skill",
    )
    fig = SharedFigure(
        bars, layout=styled
    )  # in one go, as `match_distribution_chart`; the lines are shapes added after
    # The thresholds are named in the axis title: labels on the lines collide with the bars.
    for threshold in (0.10, 0.30):
        fig.add_vline(x=threshold, line={"color": "#777777", "dash": "dot"})
    return fig


def peer_skills_chart(peer_skills: pl.DataFrame) -> go.Figure:
    """Skills most comparable openings ask for that this posting does not."""
    frame = peer_skills.reverse()
    skills = plain_labels(frame.get_column("skill").to_list())
    bars = go.Bar(
        y=skills,
        x=frame.get_column("share").fill_null(0).to_list(),
        orientation="h",
        marker_color=LACK_COLOR,
        customdata=frame.get_column("label").to_list(),
        hovertemplate="%{y}: asked by %{customdata}<extra></extra>",
    )
    layout = _bars_layout(skills, percent_axis_props(as_float(frame.get_column("share").max())))
    styled = styled_layout(
        layout,
        title="Skills peers ask for that you do not",
        x_title="Comparable openings asking for it (%)",
        y_title="Skill",
    )
    return SharedFigure(bars, layout=styled)  # in one go, as `match_distribution_chart`


def pool_chart(pool: dict[str, Any]) -> go.Figure:
    """The candidate pool now (every skill) and if each one skill were dropped, as shares with counts."""
    drops = pool["drops"]
    labels = ["All skills (now)", *(plain_label(f"Without {s}") for s in drops.get_column("dropped_skill").to_list())]
    shares = [pool["share"] or 0.0, *drops.get_column("share").fill_null(0).to_list()]
    holders = [pool["holders"], *drops.get_column("holders").to_list()]
    full = [pool["label"], *drops.get_column("label").to_list()]
    # '10 % (234)' at the bar's end (the common n is in the axis title, the hover has '10 % (234 of 2,424)');
    # an en space keeps each label clear of its bar's end.
    texts = [
        f"\u2002{fmt.percent(share)} ({fmt.count(int(count or 0))})"
        for share, count in zip(shares, holders, strict=False)
    ]
    colours = [PRIMARY_COLOR, *([HOLD_COLOR] * drops.height)]
    who = "applicants" if pool["population"] == "applicants" else "comparable openings"
    bars = go.Bar(
        y=labels[::-1],
        x=shares[::-1],
        orientation="h",
        marker_color=colours[::-1],
        customdata=full[::-1],
        text=texts[::-1],
        textposition="outside",
        cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{customdata}} of {who}<extra></extra>",
    )
    # Room to the right of each bar for its label, at phone width.
    layout = _bars_layout(labels, share_axis_props(max(max(shares), 0.03), end=room_for_labels(shares, texts, labels)))
    styled = styled_layout(
        layout,
        title="Candidate pool if a skill were dropped",
        x_title=f"Share of the {fmt.count(pool['n'])} {who} (%)",
        y_title="Requirement",
    )
    return SharedFigure(bars, layout=styled)  # in one go, as `match_distribution_chart`


def pool_has_anyone(pool: dict[str, Any]) -> bool:
    """Whether anyone holds every required skill, or would with one skill dropped: else a chart of zeros says nothing."""
    if not pool["n"]:
        return False
    return bool(pool["holders"]) or bool(pool["drops"].get_column("share").fill_null(0).gt(0).any())


def peer_pay_chart(peers: pl.DataFrame, pay: float | None) -> go.Figure:
    """`pay_distribution_chart` of the peers' pay histogram."""
    return pay_distribution_chart(pay_histogram(peers), pay)


def _call(function: Callable[..., Any], /, *args: Any) -> Any:
    return function(*args)


def benchmark_figures(result: BenchmarkResult, memo: Callable[..., Any] = _call) -> dict[str, tuple[go.Figure, str]]:
    """The benchmark's charts with their alt text, keyed by name; a chart without data is left out.

    `memo(builder, *args)` builds each figure: the page passes the memo (`state.memo`), so a figure whose parts of
    the result did not change (the same peers, the same pool) is reused, not rebuilt.
    """
    figures: dict[str, tuple[go.Figure, str]] = {}
    pay = result.pay
    if pay["n_with_pay"]:
        where = f"; this posting is above {pay_percentile_text(pay)} of them" if pay["percentile"] is not None else ""
        figures["pay"] = (
            memo(peer_pay_chart, result.peers, pay["pay"]),
            f"Histogram of hourly pay of {pay['n_with_pay']:,} comparable openings, median {fmt.money(pay['median'])}{where}.",
        )
    if result.commonness.height:
        first = result.commonness.row(0, named=True)
        figures["commonness"] = (
            memo(commonness_chart, result.commonness),
            f"Bar chart of how many comparable openings ask for each required skill; {first['skill']} is asked by {first['label']}.",
        )
    if result.peer_skills.height:
        first = result.peer_skills.row(0, named=True)
        figures["peer_skills"] = (
            memo(peer_skills_chart, result.peer_skills),
            f"Bar chart of skills peers ask for that this posting does not; top is {first['skill']} ({first['label']}).",
        )
    if result.posting.skills and pool_has_anyone(result.pool):
        figures["pool"] = (
            memo(pool_chart, result.pool),
            f"Bar chart of the candidate pool: {result.pool['label']} hold every required skill, and the pool if each skill were dropped.",
        )
    return figures
