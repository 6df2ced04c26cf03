"""A rerun with nothing changed rebuilds no figure and converts no table; presentation mode restyles a copy."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from streamlit import dataframe_util

import dashboard.charts.explore
import dashboard.charts.rates
from analytics import formatting as fmt
from dashboard import display_frames, layout
from tests.dashboard.test_app_tool_memo import _counting

SKILLS_PAGE = "dashboard/pages/skills_demand.py"


def _specs(at: Any) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_a_rerun_builds_no_figure_again(app, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in ("top_skills_chart", "skill_field_heatmap", "co_occurrence_chart", "skill_trends_chart"):
        _counting(monkeypatch, dashboard.charts.explore, name, calls)
    at = app(SKILLS_PAGE, query={"top_k": "10"})
    assert not at.exception
    drawn = _specs(at)
    built = len(calls)
    at.run()
    at.run()
    assert len(calls) == built  # every figure came from the memo
    assert _specs(at) == drawn  # and it is the same chart
    at.slider(key="top_k").set_value(15).run()
    assert _specs(at)[0] != drawn[0]  # a new top-k is a new figure (built now, or by an earlier session)


def test_a_rate_chart_is_memoised_on_its_choices(app, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    _counting(monkeypatch, dashboard.charts.rates, "rates_chart", calls)
    at = app("dashboard/pages/acceptance_rates.py", query={"by": "Term"})
    assert not at.exception
    built, drawn = len(calls), _specs(at)
    at.run()
    assert len(calls) == built
    at.radio(key="rate").set_value("Interview").run()
    assert _specs(at)[1] != drawn[1]  # another rate is another chart


def test_presentation_mode_never_restyles_the_memoised_figure(app) -> None:
    present = app(SKILLS_PAGE, query={"present": "1", "top_k": "20"})
    normal = app(SKILLS_PAGE, query={"top_k": "20"})
    assert not present.exception and not normal.exception
    present_fonts = {spec["layout"]["font"]["size"] for spec in _specs(present)}
    normal_fonts = {spec["layout"]["font"]["size"] for spec in _specs(normal)}
    assert present_fonts == {18} and normal_fonts == {dashboard.charts.BASE_FONT_SIZE}


def test_a_table_frame_is_converted_once_and_as_streamlit_would() -> None:
    frame = pl.DataFrame(
        {"skill": ["SQL", "Go"], "n": [3, None], "skills": [["a"], []], "day": [None, dt.date(2027, 1, 2)]}
    )
    first = layout.as_arrow(frame)
    assert layout.as_arrow(frame) is first
    # The bytes Streamlit sends for the polars frame itself (it converts through pandas).
    sent = dataframe_util.convert_pandas_df_to_arrow_bytes(dataframe_util.convert_anything_to_pandas_df(frame))
    assert dataframe_util.convert_arrow_table_to_arrow_bytes(first) == sent
    assert layout.as_arrow(frame.clone()) is not first  # another frame, another conversion


def test_display_frames_write_what_the_pages_wrote() -> None:
    summary = pl.DataFrame(
        {"skill": ["SQL"], "count_first": [3], "n_first": [10], "count_second": [6], "n_second": [12], "change": [0.2]}
    )
    expected = summary.with_columns(
        fmt.share_labels(summary["count_first"], summary["n_first"]).alias("share_first"),
        fmt.share_labels(summary["count_second"], summary["n_second"]).alias("share_second"),
        fmt.texts(summary["change"], fmt.points),
    )
    assert_frame_equal(display_frames.trend_table(summary), expected)
    premium = pl.DataFrame({"skill": ["Go", "R"], "premium": [2.5, -1.0]})
    labelled = display_frames.premium_table(premium)
    assert labelled["premium_label"].to_list() == [fmt.money(2.5, signed=True), fmt.money(-1.0, signed=True)]
    assert_frame_equal(display_frames.head(premium, 1), premium.head(1))
    assert display_frames.columns(premium, "premium", "skill").columns == ["premium", "skill"]
