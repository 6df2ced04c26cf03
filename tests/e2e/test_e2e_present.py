"""Presentation view (?present=1) in real Chromium: no sidebar, full-width page, tall charts, filters still applied."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import BLOCKED, CHART, screenshot, wait_for_charts

pytestmark = pytest.mark.browser

VIEWPORT_WIDTH = 1400
PRESENT_MIN_CHART_PX = 560  # components.plotly's projection height
PRESENT_MIN_TICK_PX = 16
# (url path, charts the page draws on the sample with no filter, screenshot name)
PAGES = [
    ("/", 4, "present_overview"),
    ("/acceptance_rates", 3, "present_acceptance_rates"),
    ("/skills_demand", 2, "present_skills_demand"),
    ("/report", 6, "present_report"),
]


def _chart_heights(page: Page) -> list[float]:
    """The drawn height in pixels of every plotly chart on the page."""
    return page.evaluate(
        f"[...document.querySelectorAll('{CHART} .main-svg:first-of-type')].map(svg => svg.getBoundingClientRect().height)"
    )


def _tick_font_sizes(page: Page) -> list[float]:
    """The font size in pixels of every cartesian axis tick label drawn on the page."""
    return page.evaluate(
        f"[...document.querySelectorAll('{CHART} .xtick text, {CHART} .ytick text')]"
        ".map(text => parseFloat(getComputedStyle(text).fontSize))"
    )


@pytest.mark.parametrize(("path", "charts", "name"), PAGES)
def test_present_mode_hides_the_sidebar_and_widens_the_page(page: Page, path: str, charts: int, name: str) -> None:
    page.goto(f"{path}?present=1")
    wait_for_charts(page, minimum=charts)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stExpandSidebarButton"]').is_visible()
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert main is not None and main["width"] >= VIEWPORT_WIDTH - 80  # only the 2 rem side padding is left
    heights = _chart_heights(page)
    assert len(heights) >= charts and min(heights) >= PRESENT_MIN_CHART_PX, heights
    # Axis labels readable from the back of the room (Streamlit's chart theme would keep them at 12 px).
    assert min(_tick_font_sizes(page)) >= PRESENT_MIN_TICK_PX
    assert BLOCKED == []
    screenshot(page, name)


def test_normal_mode_keeps_the_sidebar_and_the_house_chart_height(page: Page) -> None:
    page.goto("/report")
    wait_for_charts(page, minimum=6)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    assert min(_chart_heights(page)) < PRESENT_MIN_CHART_PX  # the funnel keeps its own height off-screen
    assert max(_tick_font_sizes(page)) < PRESENT_MIN_TICK_PX


def test_filters_in_the_link_still_apply_when_the_panel_is_hidden(page: Page) -> None:
    page.goto("/report?present=1&field=Cybersecurity&sections=Overview+KPIs")
    wait_for_charts(page, minimum=1)
    sentence = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    assert "open Cybersecurity listings" in sentence
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    headings = page.locator('[data-testid="stMain"] [data-testid="stHeading"] h2').all_inner_texts()
    assert [h.strip() for h in headings] == ["Overview KPIs", "Methodology"]
