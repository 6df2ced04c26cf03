"""The mapping step in real Chromium: a file whose title column is not recognised is mapped by hand, then used."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import SCREENSHOTS

pytestmark = pytest.mark.browser

UNKNOWN_TITLE = "Employer,Stufe,Hourly wage,notes\nAcme,Widget Wrangler,$25/hr,call Bob\nBolt,Gadget Tamer,$30/hr,\n"


def _metric(page: Page, label: str) -> str:
    """The text of the KPI tile whose label is `label`."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _idle(page: Page) -> None:
    """Wait until the script has stopped running."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def test_map_a_column_by_hand_then_use_the_file(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "stufen.csv"
    path.write_text(UNKNOWN_TITLE)
    page.goto("/sources")
    page.wait_for_selector('[data-testid="stMetric"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name).first.wait_for()
    page.wait_for_function(
        "() => ![...document.querySelectorAll('button')].find(b => b.innerText.includes('Check the file')).disabled"
    )
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Not usable yet: map a job title column").wait_for()
    use = page.get_by_role("button", name="Use this data")
    assert use.is_disabled()
    assert "call Bob" not in page.content()  # a notes column is listed as left out, its values never shown

    box = page.locator('[data-testid="stSelectbox"]', has=page.get_by_text("Role of Stufe", exact=True))
    box.click()
    page.get_by_role("option", name="job title", exact=True).click()
    page.get_by_text("chosen by you").first.wait_for()
    page.wait_for_function("() => !document.body.innerText.includes('Not usable yet')")
    _idle(page)
    assert use.is_enabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sources_mapping_step.png"), full_page=True)

    use.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(m => m.innerText.trim() === '2')"
    )
    assert _metric(page, "Listings") == "2"
