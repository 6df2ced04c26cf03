"""Presentation view (?present=1): no sidebar at all, the link's filters still applied, projector-sized charts."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.dashboard.markup import shown

PRESENT_MIN_HEIGHT_PX = 560  # components.PRESENT_MIN_HEIGHT_PX, written out so a change is noticed


def _heights(at: AppTest) -> list[int | None]:
    return [json.loads(chart.proto.spec)["layout"].get("height") for chart in at.get("plotly_chart")]


def test_present_mode_draws_nothing_in_the_sidebar_and_keeps_the_links_filters(app) -> None:
    at = app(query={"present": "1", "field": "Cybersecurity"})
    assert not at.exception
    assert len(at.sidebar.multiselect) == 0 and len(at.sidebar.header) == 0 and len(at.sidebar.caption) == 0
    assert "open Cybersecurity listings" in shown(at.caption[0].value)
    heights = _heights(at)
    assert heights and all(height is not None and height >= PRESENT_MIN_HEIGHT_PX for height in heights)


def test_normal_mode_keeps_the_panel_and_the_house_chart_height(app) -> None:
    at = app(query={"field": "Cybersecurity"})
    assert [header.value for header in at.sidebar.header] == ["Filters"]
    assert at.sidebar.multiselect(key="field").value == ["Cybersecurity"]
    assert any(height is None or height < PRESENT_MIN_HEIGHT_PX for height in _heights(at))


def test_present_mode_still_says_which_parts_of_the_link_were_ignored(app) -> None:
    at = app(query={"present": "1", "field": "Basket Weaving"})
    assert any("field=Basket Weaving" in shown(warning.value) for warning in at.warning)
    assert "open listings" in shown(at.caption[0].value)  # the bad value dropped, no filter left
