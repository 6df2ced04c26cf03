"""The Skills demand page in real Chromium, offline: every chart draws, choosing a skill redraws its partners."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import BLOCKED, CHART, SCREENSHOTS, screenshot, wait_for_charts

pytestmark = pytest.mark.browser


def test_skills_demand_draws_every_chart(page: Page) -> None:
    page.goto("/skills_demand")
    wait_for_charts(page, minimum=5)
    assert page.locator(CHART).count() == 5
    page.get_by_text(re.compile(r"first is Python at \d+ % \([\d,]+ of [\d,]+\)")).wait_for()
    assert page.locator(f"{CHART} .heatmaplayer").count() == 1
    assert BLOCKED == []
    screenshot(page, "skills_demand")
    # The page is taller than the window: the lower charts get their own shots.
    for index, name in ((3, "skills_demand_trends"), (4, "skills_demand_premium")):
        chart = page.locator(CHART).nth(index)
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_choosing_a_skill_redraws_what_goes_with_it(page: Page) -> None:
    page.goto("/skills_demand")
    wait_for_charts(page, minimum=5)
    box = page.locator('[data-testid="stSelectbox"]', has_text="Skill").first
    box.click()
    page.keyboard.type("SQL")
    page.get_by_role("option", name="SQL", exact=True).click()
    page.get_by_text("Skills asked for together with SQL").wait_for()
    page.get_by_text(re.compile(r"Bar chart of \d+ skills asked for with SQL")).wait_for()
    assert "with_skill=SQL" in page.url  # the choice is in the link
    screenshot(page, "skills_demand_sql")


def test_link_chooses_the_skill_and_period(page: Page) -> None:
    page.goto("/skills_demand?with_skill=SQL&trend_by=Week")
    wait_for_charts(page, minimum=5)
    page.get_by_text("Skills asked for together with SQL").wait_for()
    page.get_by_text(re.compile(r"over 26 periods")).wait_for()
