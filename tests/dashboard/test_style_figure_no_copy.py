"""`style_figure` reads the figure's layout without deep copies (`to_plotly_json` copies the whole template, twice a
chart): the styled figure is the same, the original layout values are not changed, and no copy is asked for."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BasePlotlyType

from dashboard import charts


def _bar() -> go.Figure:
    fig = go.Figure(go.Bar(x=[3, 1], y=["a", "b"], orientation="h"))
    fig.update_layout(height=300, xaxis={"title": {"text": "old"}, "range": [0, 4]}, legend={"x": 0.2})
    return fig


def test_style_figure_copies_no_layout_or_template(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = _bar()
    copied: list[str] = []
    original = BasePlotlyType.to_plotly_json

    def counting(self: BasePlotlyType) -> dict:
        copied.append(type(self).__name__)
        return original(self)

    monkeypatch.setattr(BasePlotlyType, "to_plotly_json", counting)
    charts.style_figure(fig, title="Openings", x_title="Openings (count)", y_title="Field")
    # plotly copies its default template once as it puts it back; style_figure itself copies nothing.
    assert "Layout" not in copied and copied.count("Template") <= 1


def test_style_figure_gives_the_layout_the_copies_gave() -> None:
    fig = _bar()
    expected = fig.layout.to_plotly_json()
    styled = charts.style_figure(fig, title="Openings", x_title="Openings (count)")
    layout = styled.to_dict()["layout"]
    assert layout["height"] == 300 and layout["xaxis"]["range"] == [0, 4] and layout["legend"]["x"] == 0.2
    assert layout["xaxis"]["title"]["text"] == "Openings (count)"
    assert layout["template"] == expected["template"]
    again = _bar()
    assert charts.style_figure(again, title="Openings", x_title="Openings (count)").to_dict() == styled.to_dict()
