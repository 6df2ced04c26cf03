"""A memoised chart is drawn many times and changed by none of them (dashboard/charts `SharedFigure`): its dict form,
which `st.plotly_chart` asks for at every draw (a deep copy of the figure), is made once, and what Streamlit sends is
what a plain figure gives."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pytest
from plotly.basedatatypes import BaseFigure

from dashboard import components
from dashboard.charts import SharedFigure, styled_layout

PAGES = ["overview", "openings", "skills_demand", "acceptance_rates", "skill_gap", "benchmark", "report"]


def sent(fig: go.Figure) -> str:
    """The spec `st.plotly_chart` sends for `fig` (its own two calls)."""
    return plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


def test_the_dict_form_is_made_once_and_sent_as_a_plain_figure_is(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    original = BaseFigure.to_dict

    def counting(self: BaseFigure) -> dict[str, Any]:
        made.append(1)
        return original(self)

    monkeypatch.setattr(BaseFigure, "to_dict", counting)
    trace = go.Bar(x=[3, 1, 2], y=["a", "b", "c"], orientation="h", text=["3", "1", "2"], customdata=[[1], [2], [3]])
    layout = styled_layout({"height": 300}, title="Openings by field", x_title="Openings")
    shared, plain = SharedFigure(trace, layout=layout), go.Figure(trace, layout=layout)
    first = sent(shared)
    assert [sent(shared) for _ in range(3)] == [first] * 3
    assert len(made) == 1  # a plain figure makes it at every draw
    assert json.loads(first) == json.loads(sent(plain))  # the same values (keys in another order: not validated)
    assert json.loads(shared.to_json()) == json.loads(plain.to_json())


def test_the_kept_dicts_share_one_template() -> None:
    """A template is ~250 small lists and dicts: the kept dict forms of many charts hold one of them, not one each,
    and send the same JSON."""

    def parts(n: int) -> tuple[go.Bar, dict[str, Any]]:
        return go.Bar(x=[1, n], y=["a", "b"]), styled_layout({}, title=f"T{n}")

    figures = [SharedFigure(trace, layout=layout) for trace, layout in map(parts, range(3))]
    templates = [fig.to_dict()["layout"]["template"] for fig in figures]
    assert all(template is templates[0] for template in templates)
    for n, fig in enumerate(figures):
        trace, layout = parts(n)
        assert json.loads(sent(fig)) == json.loads(sent(go.Figure(trace, layout=layout)))


def drawn_figures(app: Any, monkeypatch: pytest.MonkeyPatch, page: str) -> list[go.Figure]:
    """Every figure `page` draws on the sample (with the tool pages' inputs in its link)."""
    drawn: list[go.Figure] = []
    original = components.plotly

    def recording(fig: go.Figure, alt: str, **kwargs: Any) -> None:
        drawn.append(fig)
        original(fig, alt, **kwargs)

    monkeypatch.setattr(components, "plotly", recording)
    query = {"me": ["Python", "SQL"], "bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL"], "bm_pay": "30"}
    at = app(f"dashboard/pages/{page}.py", query=query)
    assert not at.exception
    return drawn


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_its_charts_as_shared_figures(app, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """Every builder a page draws through the memo builds a `SharedFigure` (a plain one would be copied again at
    every rerun)."""
    drawn = [type(fig) for fig in drawn_figures(app, monkeypatch, page)]
    assert drawn and all(kind is SharedFigure for kind in drawn), drawn


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_sends_what_its_validated_figure_sends(app, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """A `SharedFigure` skips plotly's validation of its properties (its traces were validated when made): every chart
    a page draws, made again from its dict form by a validating figure, raises nothing and sends the same spec (the
    same values; the order of keys may differ)."""
    drawn = drawn_figures(app, monkeypatch, page)
    assert drawn
    for fig in drawn:
        validated = go.Figure(fig.to_dict())  # raises on a property plotly would refuse
        assert json.loads(sent(fig)) == json.loads(sent(validated))


def test_a_validated_and_an_unvalidated_figure_send_the_same() -> None:
    """The same traces and layout, with and without validation of the figure, give the same spec; a property plotly
    does not know still raises where the trace is made."""
    trace = go.Bar(x=[3, 1, 2], y=["a", "b", "c"], orientation="h", marker_color=["#000000", "#111111", "#222222"])
    layout = styled_layout(
        {"height": 300, "yaxis": {"categoryorder": "array", "categoryarray": ["c", "b", "a"]}}, title="T"
    )
    shared, plain = SharedFigure(trace, layout=layout), go.Figure(trace, layout=layout)
    assert json.loads(sent(shared)) == json.loads(sent(plain))
    with pytest.raises(ValueError):
        go.Bar(x=[1], not_a_property=1)
