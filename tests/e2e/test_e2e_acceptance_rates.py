"""Acceptance rates in real Chromium: funnel and rate charts draw offline; the group-by follows the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import BLOCKED, CHART, screenshot, wait_for_charts

pytestmark = pytest.mark.browser


def _wait_for_tables(page: Page) -> None:
    """Wait until every table on show has laid out (a data grid first appears as a narrow empty box); the phone's
    twin of each table (dashboard/layout.py) is hidden at this width."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
        ".filter(t => !t.closest('[class*=\"st-key-phone_only_\"]'))"
        ".every(t => t.getBoundingClientRect().width > 300)"
    )


def _wait_for_title(page: Page, text: str) -> None:
    """Wait until a drawn plotly chart's title contains `text` (the page switch has finished)."""
    page.wait_for_function(
        "t => [...document.querySelectorAll('.gtitle')].some(g => g.textContent.includes(t))", arg=text
    )


def test_rates_page_draws_funnel_rates_and_ranking(page: Page) -> None:
    page.goto("/")
    wait_for_charts(page)
    page.get_by_role("link", name="Acceptance rates").click()  # through st.navigation, with the filter panel
    _wait_for_title(page, "Most selective")
    wait_for_charts(page, minimum=3)
    assert page.locator(CHART).count() == 3
    # Error bars are drawn: plotly renders them as paths inside .errorbar groups.
    assert page.locator(f"{CHART} g.errorbar").count() > 0
    assert page.get_by_text("Application funnel").first.is_visible()
    assert BLOCKED == []
    _wait_for_tables(page)
    screenshot(page, "acceptance_rates")


def test_choosing_a_group_redraws_and_updates_the_link(page: Page) -> None:
    page.goto("/acceptance_rates")
    wait_for_charts(page, minimum=3)
    page.locator('[data-testid="stSelectbox"]', has_text="Group by").click()
    page.get_by_role("option", name="GPA band", exact=True).click()
    page.wait_for_url(re.compile(r"by=GPA"))
    _wait_for_title(page, "by GPA band")
    wait_for_charts(page, minimum=3)
    table = page.locator('[data-testid="stDataFrame"]').first
    assert table.is_visible()
    _wait_for_tables(page)
    screenshot(page, "acceptance_rates_gpa")


def test_a_link_reproduces_the_grouping(page: Page) -> None:
    page.goto("/acceptance_rates?by=Class+year&rate=Interview")
    wait_for_charts(page, minimum=3)
    _wait_for_title(page, "Interview rate by class year")


def test_a_sidebar_field_filter_narrows_the_outcomes(page: Page) -> None:
    page.goto("/")
    wait_for_charts(page)
    page.get_by_role("link", name="Acceptance rates").click()
    _wait_for_title(page, "Most selective")
    wait_for_charts(page, minimum=3)
    scope = page.locator('[data-testid="stCaptionContainer"]', has_text=re.compile(r"^Outcomes:")).first
    before = scope.inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]', has_text="Field").first.click()
    page.get_by_role("option", name="Cybersecurity", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "before => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
        ".some(c => c.innerText.startsWith('Outcomes:') && c.innerText !== before)",
        arg=before,
    )
    after = scope.inner_text()
    assert "applied to outcomes: field" in after
    wait_for_charts(page, minimum=3)
    _wait_for_tables(page)
    screenshot(page, "acceptance_rates_filtered")
