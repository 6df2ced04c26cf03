"""Charts drawn once: given their margins up front (dashboard/charts/margins.py), in Streamlit's Source Sans, and
themed once when they mount (dashboard/plotly_theme_once.py).

plotly.js redraws a chart when its automatic margins move a margin by more than 1 px; a chart sent with floors at
least as wide as its labels need keeps them. Each page is loaded twice: the second load finds Source Sans in the
browser's cache, as every page after a visitor's first does (on the first, the charts may be measured in a fallback
font before the web font arrives, and are then redrawn as they always were).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from dashboard.charts import margins
from tests.e2e.browser import wait_for_charts

pytestmark = pytest.mark.browser

# Each chart's margins as sent, as drawn, and the widest y label as drawn (its lines' SVG boxes).
CHART_MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
  title: (gd.layout.title && gd.layout.title.text) || '',
  sent: gd.layout.margin || {},
  drawn: gd._fullLayout._size,
  widest: Math.max(0, ...[...gd.querySelectorAll('.yaxislayer-above .ytick text')].map(t => t.getBBox().width)),
  font: getComputedStyle(gd.querySelector('.gtitle') || gd).fontFamily,
}))"""


def _charts(page: Page, path: str, minimum: int) -> list[dict[str, Any]]:
    page.goto(path)
    wait_for_charts(page, minimum=minimum)
    page.evaluate("document.fonts.load('12px \"Source Sans\"')")
    page.reload()
    wait_for_charts(page, minimum=minimum)
    assert page.evaluate("document.fonts.check('12px \"Source Sans\"')")
    return list(page.evaluate(CHART_MARGINS))


@pytest.mark.parametrize(
    ("path", "minimum", "with_floors"), [("/", 4, 2), ("/acceptance_rates", 3, 3), ("/skills_demand", 5, 3)]
)
def test_charts_with_floors_are_drawn_once_with_little_room_to_spare(
    page: Page, path: str, minimum: int, with_floors: int
) -> None:
    charts = _charts(page, path, minimum)
    floored = [chart for chart in charts if chart["sent"].get("l", 0) > 10]
    assert len(floored) >= with_floors, [chart["title"] for chart in charts]
    for chart in floored:
        sent, drawn = chart["sent"], chart["drawn"]
        # Not moved by more than plotly's 1 px: the first draw was the last.
        assert abs(drawn["l"] - sent["l"]) <= 1, chart
        assert sent.get("b", 10) == 10 or abs(drawn["b"] - sent["b"]) <= 1, chart
        # The labels drawn in Source Sans fit the floor with at most a few pixels to spare.
        assert 0 <= sent["l"] - (chart["widest"] + margins.LEFT_ROOM_PX - 1) <= 6, chart


def test_the_charts_are_drawn_in_streamlit_s_source_sans(page: Page) -> None:
    """The layout's font family is valid CSS, so plotly's own default ("Open Sans", Verdana) does not apply."""
    charts = _charts(page, "/", 4)
    assert charts and all(chart["font"].startswith('"Source Sans"') for chart in charts), charts


def test_each_chart_is_themed_once_when_it_mounts(page: Page) -> None:
    """Streamlit's theme bolds a chart's title; a second theming on mount bolded it twice and redrew the chart. The
    served chart chunk skips that second pass, so every title carries one <b>, on the first view and after a click."""
    page.goto("/")
    wait_for_charts(page, minimum=4)
    titles = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.layout.title.text)")
    assert len(titles) == 4 and all(t.startswith("<b>") and not t.startswith("<b><b>") for t in titles), titles
    page.locator('[data-testid="stMultiSelect"]', has_text="Field").first.click()
    page.keyboard.type("Cybersecurity")
    page.get_by_role("option", name="Cybersecurity", exact=True).click()
    page.keyboard.press("Escape")
    page.get_by_text("Openings by field").first.wait_for()
    wait_for_charts(page, minimum=4)
    charts = "[...document.querySelectorAll('.js-plotly-plot')]"
    redrawn = f"{charts}.some(gd => /Cybersecurity/.test(JSON.stringify(gd.data)))"
    page.wait_for_function(f"() => {redrawn}")
    titles = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.layout.title.text)")
    assert titles and all(not t.startswith("<b><b>") for t in titles), titles
