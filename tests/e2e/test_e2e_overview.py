"""The Overview in real Chromium, offline: charts draw, maps use the bundled outlines, links reproduce views."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import plotly_bundle
from tests.e2e.browser import BLOCKED, CHART, screenshot, wait_for_charts

pytestmark = pytest.mark.browser

FIELD = "Cybersecurity"


def _metric(page: Page, label: str) -> str:
    """The text of the KPI tile whose label is `label`."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_overview_draws_every_chart_offline(page: Page) -> None:
    page.goto("/")
    wait_for_charts(page, minimum=4)
    assert page.locator(CHART).count() == 4
    # The choropleth's state outlines come from /app/static/topojson/usa_110m.json; with every
    # non-local request blocked, drawn paths prove the bundled copy is used.
    page.wait_for_selector(f"{CHART} .geo .choroplethlocation", state="attached")
    shapes = page.locator(f"{CHART} .geo path.choroplethlocation")
    outlines = [shapes.nth(i).get_attribute("d") or "" for i in range(shapes.count())]
    assert outlines and all(len(d) > 20 for d in outlines)  # every shaded state has a drawn outline
    assert BLOCKED == []  # nothing (outlines, fonts, favicon) was fetched from the internet
    screenshot(page, "overview")


def test_the_charts_run_on_the_slim_plotly_with_no_error(page: Page) -> None:
    """`make run` serves Streamlit's chart chunk with frontend/plotly/plotly-insights.min.js in it
    (dashboard/plotly_bundle.py): the page's Plotly is that build, with exactly the declared trace types, and
    drawing the Overview logs no error."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    wait_for_charts(page, minimum=4)
    version, traces = page.evaluate("[window.Plotly.version, Object.keys(window.Plotly.PlotSchema.get().traces)]")
    banner = plotly_bundle.BANNER.match(plotly_bundle.BUNDLE.read_bytes())
    assert banner is not None and version == banner["version"].decode()
    assert sorted(traces) == sorted(plotly_bundle.declared_traces())
    assert page.locator(f"{CHART} .main-svg").count() >= 4 and errors == []


def test_the_map_outline_comes_with_the_page_and_plotly_does_not_fetch_it_again(page: Page) -> None:
    """`make run`'s page fetches the US outline as it loads (dashboard/preload.py), before it even connects to the
    server; plotly.js finds it there when the map is drawn, so the file is asked for once, and the map is drawn."""
    events: list[str] = []
    page.on("request", lambda request: events.append(request.url) if request.url.endswith("usa_110m.json") else None)
    page.on("websocket", lambda _: events.append("websocket"))
    page.goto("/")
    wait_for_charts(page, minimum=4)
    page.wait_for_selector(f"{CHART} .geo path.choroplethlocation", state="attached")
    assert [event.split("/", 3)[-1] for event in events] == ["app/static/topojson/usa_110m.json", "websocket"]
    assert page.evaluate("Object.keys(window.PlotlyGeoAssets.topojson)") == ["usa_110m"]


def test_requests_to_the_internet_are_blocked_and_recorded(page: Page) -> None:
    page.goto("/")
    wait_for_charts(page)
    # Proves the offline guard the map test relies on is live: an outside fetch fails and is logged.
    outcome = page.evaluate("fetch('https://cdn.plot.ly/un/usa_110m.json').then(() => 'loaded', () => 'failed')")
    assert outcome == "failed"
    assert BLOCKED == ["https://cdn.plot.ly/un/usa_110m.json"]


def test_topojson_is_served_statically(page: Page) -> None:
    response = page.request.get("/app/static/topojson/usa_110m.json")
    assert response.ok
    assert response.json()["type"] == "Topology"


def test_choosing_a_field_updates_the_kpi_and_the_link(page: Page) -> None:
    page.goto("/")
    wait_for_charts(page, minimum=4)
    before = _metric(page, "Open listings")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]', has_text="Field").first.click()
    page.get_by_role("option", name=FIELD, exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"field=Cybersecurity"))
    page.wait_for_function(
        "([label, before]) => [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
        ".some(m => m.innerText.includes(label) && !m.innerText.includes(before))",
        arg=["Open listings", before],
    )
    assert _metric(page, "Open listings") != before
    wait_for_charts(page, minimum=4)
    screenshot(page, "overview_filtered")


def test_a_link_reproduces_the_view(page: Page) -> None:
    page.goto(f"/?field={FIELD.lower()}&mode=remote")  # links are read case-insensitively
    wait_for_charts(page, minimum=1)
    sentence = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    assert FIELD in sentence and "remote only" in sentence
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag]')
    # The sidebar's widgets may draw after the charts (Plotly's code is preloaded; the multiselect's is not).
    expect(chips).to_have_count(2)
    assert sorted(chips.nth(i).get_attribute("aria-label") for i in range(chips.count())) == [
        FIELD,
        "Remote",
    ]  # the chip shows the word, the link keeps mode=remote


def test_present_mode_hides_the_sidebar(page: Page) -> None:
    page.goto("/?present=1")
    wait_for_charts(page, minimum=4)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    screenshot(page, "overview_present")


def test_a_bad_link_value_shows_a_note(page: Page) -> None:
    page.goto("/?field=Basket%20Weaving")
    page.wait_for_selector('[data-testid="stAlertContentWarning"]')
    assert "Ignored field=Basket Weaving" in page.locator('[data-testid="stAlertContentWarning"]').inner_text()
