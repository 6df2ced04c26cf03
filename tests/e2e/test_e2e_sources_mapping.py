"""The mapping step in real Chromium: a file whose title column is not recognised is mapped by hand (coverage
changes), its mapping downloaded, the file used; the saved mapping re-applied to a fresh upload; a file of the other
kind switched with one click."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import SCREENSHOTS

pytestmark = pytest.mark.browser

UNKNOWN_TITLE = "Employer,Stufe,Hourly wage,notes\nAcme,Widget Wrangler,$25/hr,call Bob\nBolt,Gadget Tamer,$30/hr,\n"
TRACKER = (
    "Company,Position,Status,Applied on\n"
    "Acme,Data Intern,Rejected,2026-01-05\n"
    "Bolt,Software Intern,Interview,2026-01-09\n"
    "Crane,ML Intern,Offer,2026-01-12\n"
)


def _metric(page: Page, label: str) -> str:
    """The text of the KPI tile whose label is `label`."""
    tile = page.locator('[data-testid="stMetric"]', has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _check(page: Page, path: Path) -> None:
    """Open Sources, put `path` in the listings uploader and press *Check the file*."""
    page.goto("/sources")
    page.wait_for_selector('[data-testid="stMetric"]')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name).first.wait_for()
    page.wait_for_function(
        "() => !([...document.querySelectorAll('button')].find(b => b.innerText.includes('Check the file'))?.disabled ?? true)"
    )
    page.get_by_role("button", name="Check the file").click()


def _idle(page: Page) -> None:
    """Wait until the script has stopped running."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def _use_button(page: Page) -> Locator:
    """The one "Use this data" button once the run that drew it has ended: the running indicator can appear late,
    and until the run ends a stale button of the previous run (e.g. the disabled one of a failed check) may remain."""
    button = page.get_by_role("button", name="Use this data")
    expect(button).to_have_count(1)
    return button


def test_map_a_column_by_hand_then_use_the_file(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "stufen.csv"
    path.write_text(UNKNOWN_TITLE)
    _check(page, path)
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

    # Coverage as detected and with the mapping now: the title column goes from empty to every row.
    page.get_by_text("With this mapping").first.wait_for(state="attached")  # the grid draws on a canvas
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this mapping (JSON)").click()
    saved = tmp_path / "column_mapping.json"
    download.value.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["kind"] == "listings" and document["columns"]["Stufe"] == "title"

    use.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(m => m.innerText.trim() === '2')"
    )
    assert _metric(page, "Listings") == "2"


def test_a_saved_mapping_applies_to_a_fresh_upload(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "stufen.csv"
    path.write_text(UNKNOWN_TITLE)
    mapping = tmp_path / "column_mapping.json"
    _check(page, path)
    page.get_by_text("Not usable yet: map a job title column").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this mapping (JSON)").click()
    download.value.save_as(mapping)
    text = json.loads(mapping.read_text(encoding="utf-8"))
    # Edit the saved mapping as a user would (Stufe is the job title) and apply it to a fresh check of the file.
    assert text["columns"].get("Stufe") != "title"
    text["columns"]["Stufe"] = "title"
    mapping.write_text(json.dumps(text), encoding="utf-8")

    _check(page, path)
    page.get_by_text("Not usable yet: map a job title column").wait_for()
    uploader = page.locator('[data-testid="stFileUploader"]', has=page.get_by_text("Apply a saved mapping"))
    uploader.locator('input[type="file"]').set_input_files(str(mapping))
    page.wait_for_function("() => !document.body.innerText.includes('Not usable yet')")
    _idle(page)
    assert page.get_by_role("button", name="Use this data").is_enabled()


def test_a_tracker_checked_as_listings_switches_to_outcomes(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "my_applications.csv"
    path.write_text(TRACKER)
    _check(page, path)
    page.get_by_text("This file looks like outcomes").wait_for()
    page.get_by_role("button", name="Read it as outcomes").click()
    page.wait_for_function("() => !document.body.innerText.includes('This file looks like outcomes')")
    _idle(page)
    button = _use_button(page)
    expect(button).to_be_enabled()
    button.click()
    _idle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(m => m.innerText.trim() === '3')"
    )
    assert _metric(page, "Outcomes") == "3"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / "sources_kind_switched.png"), full_page=True)
