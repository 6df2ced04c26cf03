"""Plotly builders for honest rates: the application funnel and rates by group with Wilson error bars.

Frames in, figures out, no `st` calls: the Acceptance rates page and the HTML report both use them.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics.rates import GROUP_LABELS
from dashboard.charts import (
    OKABE_ITO,
    PRIMARY_COLOR,
    SharedFigure,
    percent_axis_props,
    room_for_labels,
    rows_height,
    short_tick_props,
    styled_layout,
)
from dashboard.safe_text import plain_label
from data_loaders.normalise.locations import REGION_NAMES

STAGE_LABELS: dict[str, str] = {
    "applications": "Applications",
    "interviews": "Interviews",
    "offers": "Offers",
    "accepted": "Accepted",
}
RATE_TITLES: dict[str, str] = {"offer": "Offer rate", "interview": "Interview rate"}
GROUP_TITLES: dict[str, str] = {**GROUP_LABELS, "title": "Title"}  # the rates page's group labels, and titles
# Row height in pixels per group, so long group lists stay readable instead of squashed.
_ROW_PX = 26


def _group_label(value: object, by: str) -> str:
    """A readable group label, safe for plotly: region codes become 'California, US'; anything else as escaped text."""
    if by == "region" and isinstance(value, str) and value in REGION_NAMES:
        # The country keeps same-named regions apart (Punjab, IN and Punjab, PK).
        return plain_label(f"{REGION_NAMES[value]}, {value.split('-', 1)[0]}")
    return plain_label(str(value))


def funnel_chart(frame: pl.DataFrame) -> go.Figure:
    """Horizontal funnel bars (count per stage) from `analytics.rates.funnel`, labelled with % of applications."""
    stages = [STAGE_LABELS.get(stage, stage) for stage in frame["stage"].to_list()]
    counts = frame["count"].to_list()
    texts, hovers = [], []
    for row in frame.iter_rows(named=True):
        texts.append(f" {row['count']:,} ({fmt.percent(row['rate'], 1)})")  # leading space: clear of the bar's end
        hovers.append(
            f"{STAGE_LABELS.get(row['stage'], row['stage'])}: {row['count']:,} of {row['n_applications']:,} applications "
            f"({fmt.percent(row['rate'], 1)}; 95 % CI {fmt.interval(row['low'], row['high'])})<br>"
            f"{fmt.percent(row['rate_of_previous'], 1)} of the previous stage (n = {row['n_previous']:,})"
        )
    layout = {
        "yaxis": {"categoryorder": "array", "categoryarray": list(reversed(stages))},
        # Room right of each bar for its label at phone width, so no label sits half on a bar or leaves the chart.
        "xaxis": {"tickformat": ",d", "range": [0, room_for_labels(counts, texts, stages) or 1]},
        "height": 120 + 60 * len(stages),
        "showlegend": False,
    }
    bars = go.Bar(
        x=counts,
        y=stages,
        orientation="h",
        marker_color=PRIMARY_COLOR,
        text=texts,
        textposition="outside",
        hovertext=hovers,
        hoverinfo="text",
        cliponaxis=False,
    )
    # Built in one go, layout and style together: each later layout change re-validates it (~1-2 ms each).
    return SharedFigure(
        bars,
        layout=styled_layout(
            layout, title="Application funnel", x_title="Applications reaching the stage (count)", y_title="Stage"
        ),
    )


def rates_chart(rate_table_frame: pl.DataFrame, by: str, *, rate: str = "offer", title: str | None = None) -> go.Figure:
    """Rate per group as points with 95 % Wilson error bars, from `acceptance_rates(...).frame` (or a ranking)."""
    frame = rate_table_frame
    labels = [_group_label(value, by) for value in frame[by].to_list()]
    rates = frame["rate"].to_list()
    lows, highs = frame["low"].to_list(), frame["high"].to_list()
    rate_title = RATE_TITLES.get(rate, "Rate")
    hovers = [
        f"{label}: {fmt.percent(r, 1)} ({s:,} of {n:,} applications)<br>95 % CI {fmt.interval(lo, hi)}"
        for label, r, s, n, lo, hi in zip(
            labels, rates, frame["successes"].to_list(), frame["n"].to_list(), lows, highs, strict=True
        )
    ]
    points = go.Scatter(
        x=rates,
        y=labels,
        mode="markers",
        marker={"color": OKABE_ITO[0], "size": 9},
        error_x={
            "type": "data",
            "symmetric": False,
            "color": OKABE_ITO[0],
            "thickness": 1.5,
            "width": 4,
            "array": [hi - r for r, hi in zip(rates, highs, strict=True)],
            "arrayminus": [r - lo for r, lo in zip(rates, lows, strict=True)],
        },
        hovertext=hovers,
        hoverinfo="text",
    )
    ticks, lines = short_tick_props(labels)
    layout = {
        # First row of the frame at the top: the frame's order (by rate, or by interval) is the message.
        "yaxis": {"categoryorder": "array", "categoryarray": list(reversed(labels)), "type": "category", **ticks},
        "xaxis": percent_axis_props(max((h for h in highs if h is not None), default=0.0)),
        "height": max(260, 110 + _ROW_PX * len(labels)) + rows_height(len(labels), lines),
        "showlegend": False,
    }
    group = GROUP_TITLES.get(by, by.replace("_", " ").capitalize())
    title = title or f"{rate_title} by {group if group.startswith('GPA') else group.lower()} (95 % interval)"
    styled = styled_layout(layout, title=title, x_title=f"{rate_title} (share of applications, %)", y_title=group)
    return SharedFigure(points, layout=styled)  # in one go, as `funnel_chart`
