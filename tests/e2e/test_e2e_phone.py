"""Every page on a phone (390×844) and on a desktop (1440×900) in real Chromium: no chart text outside its chart,
no plotly toolbar over a chart title, no sideways scroll of the page, and on a phone none inside a table's box either.
Screenshots of both sizes go to artifacts/screenshots/ (`<page>_phone.png`, `<page>_desktop.png`);
scripts/docs_screenshots.py shrinks them for the README. One test per page and size, so `-k "skill_gap and phone"`
checks one.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize

from tests.e2e.browser import BLOCKED, ROOT, SCREENSHOTS, only_local, wait_for_charts

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1440, "height": 900}

# Text of every plotly chart that is drawn (not in a hidden tab) whose box leaves its chart's main SVG,
# and every chart whose title the mode bar (shown on hover or tap) would cover.
CHART_PROBLEMS_JS = """
() => {
  const problems = [];
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // in a tab that is not open
    const titleNode = chart.querySelector('.gtitle');
    const title = titleNode ? titleNode.textContent : '(untitled)';
    for (const text of chart.querySelectorAll('svg.main-svg text')) {
      if (!text.textContent.trim() || text.closest('.hoverlayer')) continue;
      const style = getComputedStyle(text);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      const r = text.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push(`${title}: "${text.textContent}" [${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)}`
                      + ` x ${Math.round(r.top - box.top)}..${Math.round(r.bottom - box.top)}] outside `
                      + `${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    const bar = chart.querySelector('.modebar');
    if (bar && titleNode) {
      const b = bar.getBoundingClientRect(), t = titleNode.getBoundingClientRect();
      const overlap = b.width > 0 && t.width > 0 && b.left < t.right && t.left < b.right && b.top < t.bottom && t.top < b.bottom;
      if (overlap) problems.push(`${title}: the mode bar covers the title`);
    }
  }
  return problems;
}
"""

# Sideways scroll of the page itself or of Streamlit's main scroll area (the page scrolls inside it).
SIDEWAYS_JS = """
() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) out.push(`page ${doc.scrollWidth} > ${window.innerWidth}`);
  for (const sel of ['[data-testid="stMain"]', '[data-testid="stMainBlockContainer"]', '[data-testid="stAppViewContainer"]']) {
    const el = document.querySelector(sel);
    if (el && el.scrollWidth > el.clientWidth + 1) out.push(`${sel} ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return out;
}
"""


# Every table on show (not the other screen size's twin, a closed tab or expander) whose grid scrolls sideways.
TABLE_SCROLL_JS = """
() => {
  const out = [];
  for (const box of document.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]')) {
    const r = box.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const keyed = box.closest('[class*="st-key-"]');
    const name = keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')) : 'a table';
    // What can scroll: the grid's scroller, and any box in the table that lets its overflow scroll.
    for (const el of [box, ...box.querySelectorAll('*')]) {
      const overflow = getComputedStyle(el).overflowX;
      if (!el.classList.contains('dvn-scroller') && overflow !== 'auto' && overflow !== 'scroll') continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return out;
}
"""


def _click(label: str) -> Callable[[Page], None]:
    """A step that presses the button called `label` (the tool pages' examples)."""

    def step(page: Page) -> None:
        page.get_by_role("button", name=re.compile(label)).click()

    return step


# Per page (by file name): the charts to wait for, a step after loading (the tool pages' examples), and tabs to
# open and check. Every page of the app's navigation is visited; one not listed here waits for its first run.
PAGE_SETUP: dict[str, tuple[int, Callable[[Page], None] | None, tuple[str, ...]]] = {
    "overview": (4, None, ()),
    "openings": (3, None, ("World", "Cities")),
    "skills_demand": (5, None, ()),
    "acceptance_rates": (3, None, ()),
    "skill_gap": (3, _click("Try an example profile"), ()),
    "benchmark": (4, _click("Try an example posting"), ()),
    "report": (4, None, ()),
    "sources": (0, None, ()),
}


def _pages() -> list[tuple[str, str, int, Callable[[Page], None] | None, tuple[str, ...]]]:
    """(name, path, charts, step, tabs) for every page in streamlit_app.py's navigation whose file exists."""
    # Read from the entry script's source: importing it would run the app.
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        and any(
            getattr(target, "id", None) == "PAGE_TABLE"
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    )
    assert table is not None, "PAGE_TABLE has no value"
    pages = []
    for _, filename, _, _ in ast.literal_eval(table):
        if not (ROOT / "dashboard" / "pages" / filename).is_file():
            continue
        name = filename.removesuffix(".py")
        charts, step, tabs = PAGE_SETUP.get(name, (0, None, ()))
        pages.append((name, "/" if name == "overview" else f"/{name}", charts, step, tabs))
    return pages


def _settle(page: Page, charts: int) -> None:
    """Wait for `charts` plotly charts (or the app to stop running) and for the web font, so text is measured."""
    if charts:
        wait_for_charts(page, minimum=charts)
    else:
        page.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    page.wait_for_function(  # every chart on the page has drawn
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(c => c.querySelector('.main-svg'))"
    )
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(600)  # plotly's relayout after the font and resize


def _full_screenshot(page: Page, name: str, viewport: ViewportSize) -> None:
    """A PNG of the whole page: Streamlit scrolls inside its main area, so grow the viewport to the content first."""
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : 900; }"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), 12000)})
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(viewport)


def _problems(page: Page, *, tables: bool = False) -> list[str]:
    """Chart text outside its chart, titles under the mode bar, and sideways scroll (with `tables`, inside a table's
    box too), on the page as it is now."""
    problems = list(page.evaluate(CHART_PROBLEMS_JS)) + list(page.evaluate(SIDEWAYS_JS))
    return problems + (list(page.evaluate(TABLE_SCROLL_JS)) if tables else [])


def _context(browser: Any, streamlit_server: str, size: str) -> Any:
    """A browser context at `size` ("phone": 390×844, touch, 2x pixels; "desktop": 1440×900) that only reaches the
    local server."""
    context = browser.new_context(
        viewport=PHONE if size == "phone" else DESKTOP,
        base_url=streamlit_server,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        device_scale_factor=2 if size == "phone" else 1,
    )
    return context


SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize(("name", "path", "charts", "step", "tabs"), _pages(), ids=[page[0] for page in _pages()])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_fits_the_screen(
    browser: Any,
    streamlit_server: str,
    size: str,
    name: str,
    path: str,
    charts: int,
    step: Callable[[Page], None] | None,
    tabs: tuple[str, ...],
) -> None:
    context = _context(browser, streamlit_server, size)
    page = context.new_page()
    BLOCKED.clear()
    page.route("**/*", only_local)
    page.set_default_timeout(180_000)  # generous: a shared CI machine can be slow to draw a dozen charts
    try:
        page.goto(path)
        if step is not None:
            _settle(page, 0)
            step(page)
        _settle(page, charts)
        problems = _problems(page, tables=size == "phone")
        _full_screenshot(page, f"{name}_{size}", SIZES[size])
        for tab in tabs:
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(1200)
            problems += [f"[{tab} tab] {problem}" for problem in _problems(page, tables=size == "phone")]
    finally:
        context.close()
    assert BLOCKED == []
    assert problems == [], f"{name} ({size}):\n  " + "\n  ".join(problems)


def test_a_tapped_row_on_a_phone_shows_the_opening_and_fits(browser: Any, streamlit_server: str) -> None:
    context = _context(browser, streamlit_server, "phone")
    page = context.new_page()
    page.route("**/*", only_local)
    page.set_default_timeout(180_000)
    try:
        page.goto("/openings")
        _settle(page, 3)
        grid = page.locator('[class*="st-key-phone_only_openings_"] [data-testid="stDataFrame"]').first
        box = grid.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        page.touchscreen.tap(box["x"] + 15, box["y"] + 35 + 17)  # the first row's selection box, under the header
        page.get_by_text("Similar openings").wait_for()
        _settle(page, 3)
        assert page.get_by_text("Tap a row to see all of its columns.").first.is_visible()  # under similar openings
        problems = _problems(page, tables=True)
        _full_screenshot(page, "openings_phone_selected", PHONE)
    finally:
        context.close()
    assert problems == []


# Every KPI label whose text is wider than its box (a label cut to "Offer rate, all appli…").
CUT_LABELS_JS = """
() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
  .filter(label => [label, ...label.querySelectorAll('*')].some(el => el.scrollWidth > el.clientWidth + 1))
  .map(label => label.innerText)
"""


def test_kpi_labels_and_the_openings_table_fit_a_desktop(page: Any) -> None:  # the 1400 px page fixture
    page.set_viewport_size(DESKTOP)
    page.set_default_timeout(180_000)
    page.goto("/")
    wait_for_charts(page)
    page.goto("/openings")
    _settle(page, 3)
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box is not None and box["x"] + box["width"] <= DESKTOP["width"]
    # Select the first row (its checkbox sits in the narrow first column, just below the 35 px header).
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
    page.get_by_text("Similar openings").wait_for()
    _settle(page, 3)
    assert page.locator('[data-testid="stMetricLabel"]').count() >= 1 or page.get_by_text("suppressed").count() >= 1
    assert page.evaluate(CUT_LABELS_JS) == []
    page.goto("/")
    _settle(page, 4)
    assert page.evaluate(CUT_LABELS_JS) == []
