"""`style_figure` assigns one merged layout instead of plotly's update calls: the figures are the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from dashboard import charts
from dashboard.charts import AXIS_TITLE_CHARS, BASE_FONT_SIZE, FONT_FAMILY, OKABE_ITO, TITLE_CHARS, legend_below


def _reference(fig: go.Figure, *, title: str, x_title: str | None = None, y_title: str | None = None) -> go.Figure:
    """The house style through plotly's own update calls (what `style_figure` did before)."""
    title_text = charts.wrap_label(title, TITLE_CHARS)
    lines = charts.text_lines(title_text)
    pad = charts.MODEBAR_PX + 6 + (lines - 1) * charts.TITLE_LINE_PX // 2
    top = pad + charts.TITLE_LINE_PX * lines + 12
    fig.update_layout(
        title={
            "text": title_text,
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "yref": "container",
            "y": 1.0,
            "yanchor": "top",
            "pad": {"t": pad, "l": 4},
            "font": {"size": BASE_FONT_SIZE + 4},
        },
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE},
        colorway=list(OKABE_ITO),
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE}},
        legend={"title": {"font": {"size": BASE_FONT_SIZE}}},
    )
    if x_title is not None:
        fig.update_xaxes(title={"text": charts.wrap_label(x_title, AXIS_TITLE_CHARS)}, automargin=True)
    if y_title is not None:
        fig.update_yaxes(title={"text": charts.wrap_label(y_title, AXIS_TITLE_CHARS)}, automargin=True)
    return fig


def _bar() -> go.Figure:
    fig = go.Figure(go.Bar(x=[3, 1, 2], y=["a", "b", "c"], orientation="h"))
    fig.update_layout(xaxis={"title": {"text": "old", "standoff": 4}, "range": [0, 5]}, margin={"l": 80}, bargap=0.3)
    return fig


def _subplots() -> go.Figure:
    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Scatter(x=[1, 2], y=[3, 4]), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, 2], y=[5, 6]), row=1, col=2)
    return fig


def _map() -> go.Figure:
    return go.Figure(go.Choropleth(locations=["CA", "NY"], z=[1, 2], locationmode="USA-states"))


def _with_legend() -> go.Figure:
    fig = go.Figure([go.Bar(x=[1], y=["a"], name="one"), go.Bar(x=[2], y=["b"], name="two")])
    legend_below(fig, "Status")
    return fig


FIGURES: dict[str, Callable[[], go.Figure]] = {
    "bar": _bar,
    "subplots": _subplots,
    "map": _map,
    "legend": _with_legend,
    "empty": go.Figure,
}
STYLES: list[dict[str, Any]] = [
    {"title": "Openings by field"},
    {
        "title": "A <b>long</b> title that quotes a skill & wraps " * 3,
        "x_title": "Openings (count)",
        "y_title": "Field",
    },
    {"title": "Only y", "y_title": "Stage"},
]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("figure", list(FIGURES))
def test_the_styled_figure_is_what_plotly_s_updates_give(figure: str, style: dict[str, Any]) -> None:
    ours = charts.style_figure(FIGURES[figure](), **style)
    reference = _reference(FIGURES[figure](), **style)
    assert json.dumps(ours.to_dict(), sort_keys=True) == json.dumps(reference.to_dict(), sort_keys=True)


def test_the_check_can_fail() -> None:
    ours = charts.style_figure(_bar(), title="A", x_title="X")
    reference = _reference(_bar(), title="A", x_title="Y")
    assert json.dumps(ours.to_dict(), sort_keys=True) != json.dumps(reference.to_dict(), sort_keys=True)
