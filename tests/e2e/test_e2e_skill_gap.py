"""The Skill gap page in real Chromium, offline: pick skills, then the best openings and the learning path appear."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import BLOCKED, CHART, SCREENSHOTS, screenshot, wait_for_charts

pytestmark = pytest.mark.browser


def _open(page: Page, path: str) -> None:
    """Load the app's entry first, then `path`: see the note in the report about first deep links."""
    page.goto("/")
    wait_for_charts(page)
    page.goto(path)


def _pick(page: Page, label: str, option: str) -> None:
    """Type into the multiselect called `label` and choose `option`."""
    box = page.locator('[data-testid="stMultiSelect"]', has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_start_state_then_picking_skills_shows_table_and_path(page: Page) -> None:
    _open(page, "/skill_gap")
    page.wait_for_selector("text=Start here")
    assert page.locator(CHART).count() == 0
    _pick(page, "Your skills", "Python")
    page.wait_for_url(re.compile(r"me=Python"))
    _pick(page, "Your skills", "SQL")
    page.wait_for_url(re.compile(r"me=Python&me=SQL"))
    wait_for_charts(page, minimum=3)
    page.wait_for_selector('[data-testid="stDataFrame"]')
    assert page.get_by_text("Best-matching openings").is_visible()
    # Chart titles wrap to fit a phone (plotly draws each line as its own text): the first line is enough.
    assert page.get_by_text("Learning path: openings you would").count() >= 1
    assert BLOCKED == []
    screenshot_path = screenshot(page, "skill_gap")
    assert screenshot_path.stat().st_size > 10_000
    # The lower half (coverage, offer-holders, downloads) lies below the tall viewport.
    page.get_by_role("button", name=re.compile("Plan \\(CSV\\)")).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "skill_gap_lower.png"))


def test_a_link_reproduces_the_profile(page: Page) -> None:
    _open(page, "/skill_gap?me=python&me=Docker&at=60")
    wait_for_charts(page, minimum=3)
    chips = page.locator('[data-testid="stMultiSelect"]', has_text="Your skills").locator("[data-tag]")
    assert sorted(chips.nth(i).get_attribute("aria-label") for i in range(chips.count())) == ["Docker", "Python"]
    assert page.locator('[data-testid="stMetric"]', has_text="At least 60 % matched").count() == 1


def test_an_uploaded_resume_adds_its_skills_and_is_not_kept(page: Page) -> None:
    _open(page, "/skill_gap?me=SQL")
    wait_for_charts(page, minimum=3)
    page.get_by_text("Get skills from a résumé").click()
    resume = "Jane Doe\nSkills: Python, TensorFlow, Docker\nBuilt services in golang."
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "resume.txt", "mimeType": "text/plain", "buffer": resume.encode()}]
    )
    page.get_by_text("resume.txt").wait_for()
    page.get_by_role("button", name=re.compile("Extract skills")).click()
    page.wait_for_selector("text=Found 4 skills")
    page.wait_for_url(re.compile(r"me=SQL&me=Python&me=TensorFlow&me=Docker&me=Go"))
    # The uploader is replaced by an empty one: the file does not stay in the session.
    page.get_by_text("resume.txt").wait_for(state="detached")
