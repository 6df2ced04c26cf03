"""Shared chart styling: the colour-blind-safe palette, field colours, plotly config, `style_figure`.

Page-specific builders live in sibling modules (`explore.py`, `maps.py`, `rates.py`, `tools.py`);
they take frames and return figures, never call `st`, and pass every figure through `style_figure`.
"""
from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from analytics import formatting
from dashboard.safe_text import plain_label
from data_loaders.schema import FIELDS

# Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable under protanopia,
# deuteranopia and tritanopia. Black is last because it reads as "text" more than "series".
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
PRIMARY_COLOR: str = OKABE_ITO[0]
# Single-hue sequential scale (light to Okabe–Ito blue) for choropleths: order is readable by
# lightness alone, which survives every colour-vision deficiency and greyscale printing.
SEQUENTIAL_SCALE: list[list[Any]] = [[0.0, "#EAF3FA"], [0.5, "#56B4E9"], [1.0, "#0072B2"]]
# "Other" is grey so the eight named fields keep the eight distinct palette colours.
FIELD_COLORS: dict[str, str] = {
    field: ("#999999" if field == "Other" else OKABE_ITO[index % len(OKABE_ITO)])
    for index, field in enumerate(FIELDS)
}

# Passed to every st.plotly_chart. plotly.js fetches map outlines from
# `<topojsonURL><scope>_<resolution>m.json` (e.g. usa_110m.json), which Streamlit serves from
# dashboard/static/topojson/ because server.enableStaticServing is on; no CDN is ever contacted.
PLOTLY_CONFIG: dict[str, Any] = {
    "topojsonURL": "/app/static/topojson/",
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

FONT_FAMILY = "Source Sans Pro, Source Sans 3, Helvetica, Arial, sans-serif"
BASE_FONT_SIZE = 14


def style_figure(
    fig: go.Figure,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
) -> go.Figure:
    """Apply the house style to `fig` in place (title, axis labels, fonts, margins, palette) and return it.

    Titles are plain text (they may quote a skill or a group from the data), so they are escaped here, once;
    builders pass them raw.
    """
    fig.update_layout(
        title={"text": plain_label(title), "x": 0.0, "xanchor": "left", "font": {"size": BASE_FONT_SIZE + 4}},
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE},
        colorway=list(OKABE_ITO),
        margin={"l": 10, "r": 10, "t": 56, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE}},
        legend={"title": {"font": {"size": BASE_FONT_SIZE}}},
    )
    # Axis titles only for cartesian figures: maps and pies have no axes to label.
    if x_title is not None:
        fig.update_xaxes(title={"text": plain_label(x_title)}, automargin=True)
    if y_title is not None:
        fig.update_yaxes(title={"text": plain_label(y_title)}, automargin=True)
    return fig


def plural(count: int, word: str) -> str:
    """'1 field', '3 fields', '2 companies' — for chart descriptions and report text (analytics.formatting.plural)."""
    return formatting.plural(count, word)


def share_axis(fig: go.Figure, top_share: float | None, room: float = 2.0) -> None:
    """A 0–100 % x axis for labelled share bars: ticks stop at the longest bar, never past 100 %.

    The axis runs to `room` × the longest bar, so with the default the longest bar fills about half the width,
    leaving room for its outside label such as "58 % (2,310 of 3,990)" even in a half-width column (text inside
    bars gets clipped when the web font loads late).
    """
    top = float(top_share or 0.0)
    if top <= 0:
        fig.update_xaxes(tickformat=".0%", range=[0, 1])
        return
    step = next((s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25) if top / s <= 5), 0.25)
    last = min(1.0, math.ceil(top / step - 1e-9) * step)
    ticks = [round(i * step, 4) for i in range(round(last / step) + 1)]
    fig.update_xaxes(tickformat=".0%", range=[0, max(top * room, last)], tickvals=ticks)
