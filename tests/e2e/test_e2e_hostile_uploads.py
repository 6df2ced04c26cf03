"""The server survives hostile uploads: the worst corpus files, one after another, then a second visitor.

One browser context loads a good file and uses it, then uploads the far-cell workbook, a zip bomb, the
year-275,000 Parquet, binary junk and a 10 MB single-line CSV. Each must end in a clear message or a
validation report (no traceback, no exception text), and the good data must stay in use. A second
browser context (another visitor) then opens the Overview, which must draw its charts: the server is alive.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from dashboard.sources_panel import template_csv
from tests.corpus.large_cases import WORST, WORST_LARGE
from tests.corpus.make_corpus import FILES, write_large
from tests.e2e.browser import SCREENSHOTS, screenshot, wait_for_charts

pytestmark = pytest.mark.browser

SETTLE_MS = 120_000  # the worst upload may use its worker's whole time limit before the page answers
# A file name that is Markdown and HTML: the page must show it as text, never as a link, image or bold.
HOSTILE_NAME = "**bold** ![t](evil.example.pixel.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)>.csv"
LEAKS = ("Traceback", "Exception", 'File "/')


def _metric(page: Page, label: str) -> str:
    """The text of the KPI tile whose label is `label`."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _check_file(page: Page, path: Path, shown_as: str | None = None) -> str:
    """Upload `path`, press Check the file, and return the text of what the page answered about it.

    `shown_as` is the part of the file name to look for in the answer (default: all of it).
    """
    shown_as = shown_as or path.name
    # The previous check's rerun may still show its old uploader next to the new one: wait until one is left.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stFileUploader\"]').length === 1")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    # The uploader shortens long names ("xlsx_f...l_only.xlsx"): wait for the button instead, enabled once a file is chosen.
    page.wait_for_function(
        "() => !([...document.querySelectorAll('button')].find(b => b.innerText.includes('Check the file'))?.disabled ?? true)"
    )
    page.get_by_role("button", name="Check the file").click()
    # Either a refusal ("Could not load NAME: ...") or a report ("Loaded n of m rows ... from NAME").
    answer = (
        page.locator('[data-testid="stAlert"], [data-testid="stMarkdown"]')
        .filter(has_text=f"Could not load {shown_as}")
        .or_(page.locator('[data-testid="stMarkdown"]').filter(has_text=f"from {shown_as}"))
    )
    answer.first.wait_for(timeout=SETTLE_MS)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=SETTLE_MS)
    return answer.first.inner_text()


def _assert_no_leak(page: Page, name: str) -> None:
    """No exception box and no traceback-like text anywhere on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0, f"an exception is shown after {name}"
    body = page.locator("body").inner_text()
    leaked = [word for word in LEAKS if word in body]
    assert not leaked, f"the page shows {leaked} after {name}"


def test_worst_uploads_leave_the_server_alive(fresh_pages, tmp_path: Path) -> None:
    good = tmp_path / "good_listings.csv"
    good.write_bytes(template_csv("listings"))
    first = fresh_pages()
    first.goto("/sources")
    first.wait_for_selector('[data-testid="stMetric"]')
    _check_file(first, good)
    first.get_by_role("button", name="Use this data").click()
    first.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(m => m.innerText.trim() === '2')"
    )

    worst = [FILES / name for name in WORST] + list(write_large(tmp_path / "large", WORST_LARGE).values())
    for path in worst:
        answer = _check_file(first, path)
        assert "Could not load" in answer and "How to fix" in answer or f"from {path.name}" in answer, answer
        _assert_no_leak(first, path.name)
        assert _metric(first, "Listings") == "2", f"the good upload is no longer in use after {path.name}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first.screenshot(path=str(SCREENSHOTS / "sources_after_hostile_uploads.png"), full_page=True)

    # Another visitor, in a browser context of their own, finds a working server with the sample data.
    second = fresh_pages()
    second.goto("/")
    wait_for_charts(second, minimum=3)
    assert _metric(second, "Open listings") != "2"
    screenshot(second, "overview_second_visitor_after_hostile_uploads")

    # And the first visitor still has their own good data on every page.
    first.get_by_role("link", name="Overview").click()
    first.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => m.innerText.includes('Open listings') && m.innerText.includes('\\n2'))"
    )
    assert _metric(first, "Open listings") == "2"


def test_hostile_file_name_is_shown_as_text(fresh_pages, tmp_path: Path) -> None:
    path = tmp_path / HOSTILE_NAME
    path.write_bytes(template_csv("listings"))
    page = fresh_pages()
    page.goto("/sources")
    page.wait_for_selector('[data-testid="stMetric"]')
    answer = _check_file(page, path, shown_as="**bold** ![t](evil.example.pixel.png)")
    assert "Loaded 2 of 2 rows" in answer
    _assert_no_leak(page, HOSTILE_NAME)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('a[href*="javascript"], a[href*="evil"], img[src*="evil"], img[src="x"]').count() == 0
    assert main.locator("strong", has_text=re.compile(r"^\s*bold\s*$")).count() == 0
    assert "**bold**" in main.inner_text()  # shown literally
