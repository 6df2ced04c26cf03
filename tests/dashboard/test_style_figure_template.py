"""`style_figure` assigns its layout without the template (plotly restores its default one unvalidated): a figure
keeps its own template, default or not, and the figure is the one plotly's own update calls give."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import charts


@pytest.mark.parametrize("template", [None, "plotly_white", "simple_white"])
def test_style_figure_keeps_the_figures_template(template: str | None) -> None:
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    if template is not None:
        fig.update_layout(template=template)
    expected = pio.templates[template or pio.templates.default].to_plotly_json()
    styled = charts.style_figure(fig, title="A title", x_title="x", y_title="y")
    assert styled.to_dict()["layout"]["template"] == expected
    assert styled.layout.title.text == "A title"


def test_style_figure_keeps_no_template_when_the_default_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    fig.update_layout(template="ggplot2")
    monkeypatch.setattr(pio.templates, "default", None)
    styled = charts.style_figure(fig, title="A title")
    assert styled.to_dict()["layout"]["template"] == pio.templates["ggplot2"].to_plotly_json()


def test_legend_below_in_one_call_is_the_two_calls() -> None:
    def bars() -> go.Figure:
        return go.Figure([go.Bar(name="a", x=[1], y=["x"]), go.Bar(name="b", x=[2], y=["x"])])

    reference = bars()
    reference.update_layout(margin={"l": 40, "b": 60})
    reference.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0.0,
            "yanchor": "bottom",
            "x": 0.0,
            "xanchor": "left",
            "title": {"text": "Kind", "side": "top"},
        }
    )
    reference.update_layout(margin={"b": 10})
    fig = bars()
    fig.update_layout(margin={"l": 40, "b": 60})
    charts.legend_below(fig, "Kind")
    assert fig.to_dict() == reference.to_dict()
