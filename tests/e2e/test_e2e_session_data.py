"""A session's own data in real Chromium: it survives a browser reload, names its source, and Forget drops it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page

from dashboard.sources_panel import template_csv
from tests.e2e.browser import SCREENSHOTS, screenshot

pytestmark = pytest.mark.browser


def _metric(page: Page, label: str) -> str:
    """The text of the KPI tile whose label is `label`."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _wait_metric(page: Page, label: str, value: str) -> None:
    """Wait until the KPI tile `label` shows `value`."""
    page.wait_for_function(
        """([label, value]) => [...document.querySelectorAll('[data-testid="stMetric"]')].some(
               m => m.innerText.includes(label) && m.querySelector('[data-testid="stMetricValue"]').innerText.trim() === value)""",
        arg=[label, value],
    )


def _idle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def _shot(page: Page, name: str) -> None:
    """Full-page PNG once the app has stopped running."""
    _idle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _token(page: Page) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get("data")
    return values[-1] if values else None


def test_an_upload_survives_a_reload_and_forget_drops_it(page: Page, tmp_path: Path) -> None:
    upload = tmp_path / "my_listings.csv"
    upload.write_bytes(template_csv("listings"))
    page.goto("/sources")
    page.wait_for_selector('[data-testid="stMetric"]')
    sample_listings = _metric(page, "Listings")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.locator('[data-testid="stFileUploader"]').get_by_text(upload.name).first.wait_for()
    page.wait_for_function(
        "() => !([...document.querySelectorAll('button')].find(b => b.innerText.includes('Check the file'))?.disabled ?? true)"
    )
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Loaded 2 of 2 rows of listings from my_listings.csv").wait_for()
    page.get_by_text("Keep the sample's outcomes (synthetic)").wait_for()  # offered, not ticked
    page.get_by_role("button", name="Use this data").click()
    _wait_metric(page, "Listings", "2")
    assert _metric(page, "Outcomes") == "none"  # never silently the sample's
    page.wait_for_function("() => new URL(location.href).searchParams.get('data')")
    token = _token(page)
    assert token and len(token) >= 32

    # Mid-presentation reload: a new Streamlit session, the same URL, the same data.
    page.reload()
    page.wait_for_selector('[data-testid="stMetric"]')
    _wait_metric(page, "Listings", "2")
    assert _token(page) == token
    footer = page.get_by_text("Listings: my_listings.csv, loaded").first
    footer.wait_for()
    assert "Outcomes: none in this session" in footer.inner_text()
    _shot(page, "session_data_after_reload")
    forget = page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Forget this data now")
    forget.scroll_into_view_if_needed()
    _shot(page, "session_data_sidebar")

    # Another page keeps the token and the no-outcomes empty state.
    page.get_by_role("link", name="Overview").click()
    _wait_metric(page, "Open listings", "2")
    assert _metric(page, "Offer rate") == "none"
    page.get_by_text("There are no outcome data in this session").first.wait_for()
    assert _token(page) == token
    screenshot(page, "session_data_overview_no_outcomes")  # waits for the charts
    # A CSV download names its source on every row and in its file name; the header stays the first line.
    with page.expect_download() as caught:
        page.locator('[data-testid="stDownloadButton"] button', has_text="CSV").first.click()
    download = caught.value
    assert download.suggested_filename.endswith("_my-listings.csv")
    lines = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",data_source") and not lines[0].startswith("#")
    assert all(
        "Listings: my_listings.csv, loaded" in line and "Outcomes: none in this session" in line for line in lines[1:]
    )

    # The share link leaves the data out unless asked: whoever holds the token sees the data.
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Link to this view").click()
    shared = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first
    shared.wait_for()
    assert shared.inner_text().strip().startswith("http://127.0.0.1:") and "data=" not in shared.inner_text()
    page.keyboard.press("Escape")

    # Forget: the data goes at once, the token leaves the URL, the sample is back.
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Forget this data now").click()
    _wait_metric(page, "Open listings", _metric_after_forget(page))
    page.wait_for_function("() => !new URL(location.href).searchParams.get('data')")
    page.get_by_text("Sample data (synthetic)").first.wait_for()
    _shot(page, "session_data_forgotten")
    # The old link now says what happened instead of silently showing the sample.
    page.goto(f"/sources?data={token}")
    page.get_by_text("was forgotten").first.wait_for()
    _wait_metric(page, "Listings", sample_listings)


def _metric_after_forget(page: Page) -> str:
    """The sample's open listings, once the page has dropped the upload (anything but the upload's 2)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetric"]')].some(
               m => m.innerText.includes('Open listings') && m.querySelector('[data-testid="stMetricValue"]').innerText.trim() !== '2')"""
    )
    return _metric(page, "Open listings")
