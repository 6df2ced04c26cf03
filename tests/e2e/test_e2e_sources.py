"""Sources in real Chromium: a real upload is checked, used, and a bad one leaves the data as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from dashboard.sources_panel import template_csv
from tests.e2e.browser import SCREENSHOTS

pytestmark = pytest.mark.browser


def _metric(page: Page, label: str) -> str:
    """The text of the KPI tile whose label is `label`."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _shot(page: Page, name: str) -> None:
    """Full-page PNG once the app has stopped running (this page has no charts to wait for)."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _upload(page: Page, path: Path) -> None:
    """Choose `path` in the uploader and press Check the file."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name).first.wait_for()
    button = page.get_by_role("button", name="Check the file")
    page.wait_for_function(
        "() => !([...document.querySelectorAll('button')].find(b => b.innerText.includes('Check the file'))?.disabled ?? true)"
    )
    button.click()


def test_real_upload_good_then_bad(page: Page, tmp_path: Path) -> None:
    good = tmp_path / "my_listings.csv"
    good.write_bytes(template_csv("listings"))
    bad = tmp_path / "not_listings.csv"
    bad.write_text("foo,bar\n1,2\n")
    page.goto("/sources")
    page.wait_for_selector('[data-testid="stMetric"]')
    sample_listings = _metric(page, "Listings")
    _upload(page, good)
    page.get_by_text("Loaded 2 of 2 rows of listings from my_listings.csv").wait_for()
    assert _metric(page, "Listings") == sample_listings  # checked, not used yet
    _shot(page, "sources_checked")
    page.get_by_role("button", name="Use this data").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(m => m.innerText.trim() === '2')"
    )
    assert _metric(page, "Listings") == "2"
    _upload(page, bad)
    alert = page.locator('[data-testid="stAlert"]', has_text="Could not load not_listings.csv")
    alert.wait_for()
    assert "How to fix" in alert.inner_text()
    assert _metric(page, "Listings") == "2"  # the good upload is still in use
    _shot(page, "sources_bad_upload")
    page.get_by_role("link", name="Overview").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => m.innerText.includes('Open listings') && m.innerText.includes('\\n2'))"
    )
    assert _metric(page, "Open listings") == "2"
