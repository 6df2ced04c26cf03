"""Margins given up front (dashboard/charts/margins.py): which charts get them, how wide, and the chart font's CSS.

Whether plotly.js then draws those charts once, in Chromium with Source Sans loaded:
tests/e2e/test_e2e_chart_margins.py.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest

from dashboard.charts import FONT_FAMILY, SharedFigure, short_tick_props, style_figure
from dashboard.charts import margins as m


def _bars(
    labels: list[str], *, x_title: str | None = "Openings (count)", y_title: str | None = "Field"
) -> SharedFigure:
    fig = SharedFigure(go.Bar(x=list(range(1, len(labels) + 1)), y=labels, orientation="h"))
    fig.update_layout(showlegend=False)
    return style_figure(fig, title="Openings by field", x_title=x_title, y_title=y_title)


def test_the_advances_cover_every_printable_ascii_character_and_latin_1() -> None:
    table = m.advances()
    assert all(chr(code) in table for code in [*range(32, 127), *range(160, 256)])
    assert 150 < table[" "] < table["i"] < table["a"] < table["W"] < table["m"] < 1000


def test_text_width_sums_the_advances_and_counts_an_unknown_character_as_an_em() -> None:
    table = m.advances()
    assert m.text_width("Data", 12) == pytest.approx(sum(table[c] for c in "Data") * 12 / 1000)
    assert m.text_width("数据", 12) == pytest.approx(24)
    assert m.text_width("", 12) == 0


def test_label_lines_split_at_breaks_drop_tags_and_decode_entities() -> None:
    assert m.label_lines("Data Science &amp;<br>Analytics") == ["Data Science &", "Analytics"]
    assert m.label_lines("<b>R&amp;D</b><BR/>x &lt; y") == ["R&D", "x < y"]


def test_a_bar_chart_s_left_margin_is_its_widest_label_line_plus_plotly_s_room() -> None:
    labels = ["Data Science &amp; Analytics", "Other"]
    layout = _bars(labels).to_dict()["layout"]
    ticks = layout["yaxis"].get("ticktext", labels)
    expected = round(m.widest_label_px(ticks) + m.LEFT_ROOM_PX)
    assert layout["margin"]["l"] == expected and expected > m.LEFT_ROOM_PX + 60
    assert layout["margin"]["b"] == m.BOTTOM_ROOM_PX


def test_wrapped_labels_count_their_widest_line_and_a_two_line_title_adds_a_line() -> None:
    categories = ["Data Science &amp; Analytics", "Software Engineering", "Other"]
    props, _ = short_tick_props(categories)
    fig = SharedFigure(go.Bar(x=[3, 2, 1], y=categories, orientation="h"), layout={"yaxis": props})
    fig.update_layout(showlegend=False)
    one = style_figure(fig, title="t", x_title="Share", y_title="Field").to_dict()["layout"]["margin"]
    fig2 = SharedFigure(go.Bar(x=[3, 2, 1], y=categories, orientation="h"), layout={"yaxis": props})
    fig2.update_layout(showlegend=False)
    long_title = "Share of the openings that list the skill, in per cent of all"
    two = style_figure(fig2, title="t", x_title=long_title, y_title=long_title).to_dict()["layout"]["margin"]
    widest = max(m.text_width(line, m.TICK_FONT_PX) for tick in props["ticktext"] for line in m.label_lines(tick))
    assert widest < m.text_width("Data Science & Analytics", m.TICK_FONT_PX)  # the wrapped lines, not the label
    assert one["l"] == round(widest + m.LEFT_ROOM_PX)
    assert two["l"] == one["l"] + m.TITLE_LINE_PX and two["b"] == one["b"] + m.TITLE_LINE_PX


def test_rates_dots_at_category_rows_with_gaps_and_numpy_values_get_floors() -> None:
    rows = np.array(["Cybersecurity", "Other"], dtype=object)
    dots = go.Scatter(x=np.array([0.1, 0.2]), y=rows, mode="markers")
    line = go.Scatter(x=[0.05, 0.15, None], y=["Cybersecurity", "Cybersecurity", None], mode="lines")
    fig = SharedFigure([line, dots])
    fig.update_layout(showlegend=False)
    margin = style_figure(fig, title="Offer rate", x_title="Offer rate (%)", y_title="Field").to_dict()["layout"]
    assert margin["margin"]["l"] == round(m.widest_label_px(["Cybersecurity"]) + m.LEFT_ROOM_PX)


def test_a_legend_leaves_the_bottom_to_plotly() -> None:
    fig = SharedFigure([go.Bar(x=[1], y=["a"], orientation="h", name="one"), go.Bar(x=[2], y=["a"], orientation="h")])
    layout = style_figure(fig, title="t", x_title="x", y_title="y").to_dict()["layout"]
    assert layout["margin"]["l"] > 10 and layout["margin"]["b"] == 10


@pytest.mark.parametrize(
    "fig",
    [
        SharedFigure(go.Bar(x=["a", "b"], y=[1, 2])),  # vertical bars: numbers on the left
        SharedFigure(go.Scatter(x=["2026-01-05", "2026-01-12"], y=[3, 4], mode="lines")),  # a date line
        SharedFigure(go.Heatmap(x=["a"], y=["b"], z=[[1]])),
        SharedFigure(go.Choropleth(locations=["CA"], z=[1], locationmode="USA-states")),
    ],
    ids=["vertical", "dates", "heatmap", "map"],
)
def test_other_charts_keep_their_margins(fig: SharedFigure) -> None:
    layout = style_figure(fig, title="t", x_title="x", y_title="y").to_dict()["layout"]
    assert layout["margin"]["l"] == 10 and layout["margin"]["b"] == 10


def test_an_untitled_axis_subplots_and_a_right_hand_axis_keep_their_margins() -> None:
    untitled = style_figure(SharedFigure(go.Bar(x=[1], y=["a"], orientation="h")), title="t", x_title="x")
    assert untitled.to_dict()["layout"]["margin"]["l"] == 10
    layout = {"yaxis": {"automargin": True, "title": {"text": "y"}}, "xaxis": {"automargin": True}}
    bar = {"type": "bar", "orientation": "h", "x": [1], "y": ["a"]}
    assert m.margin_floors({**layout, "xaxis2": {}}, [bar]) == {}
    assert m.margin_floors({**layout, "yaxis": {**layout["yaxis"], "side": "right"}}, [bar]) == {}
    assert m.margin_floors({**layout, "yaxis": {**layout["yaxis"], "automargin": False}}, [bar]) == {}
    assert set(m.margin_floors(layout, [bar])) == {"l"}


def test_a_wider_margin_already_set_is_kept() -> None:
    layout = {
        "yaxis": {"automargin": True, "title": {"text": "y"}},
        "xaxis": {"automargin": True},
        "margin": {"l": 400},
    }
    m.with_margin_floors(layout, [{"type": "bar", "orientation": "h", "x": [1], "y": ["a"]}])
    assert layout["margin"]["l"] == 400


def test_the_chart_font_is_valid_css_and_starts_with_streamlit_s_source_sans() -> None:
    """Each family is quoted or plain identifiers: an unquoted name part starting with a digit ("Source Sans 3") makes
    the browser drop the whole font-family, and plotly's default font applies."""
    families = [family.strip() for family in FONT_FAMILY.split(",")]
    identifier = re.compile(r"-?[A-Za-z_][\w-]*")
    for family in families:
        quoted = len(family) > 1 and family[0] == family[-1] == '"'
        assert quoted or all(identifier.fullmatch(part) for part in family.split()), family
    assert families[0] == '"Source Sans"' and families[-1] == "sans-serif"
