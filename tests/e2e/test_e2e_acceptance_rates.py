"""Acceptance rates in real Chromium: funnel and rate charts draw offline; the group-by follows the URL."""
from __future__ import annotations

import re

import pytest

from tests.e2e.browser import BLOCKED, CHART, screenshot, wait_for_charts

pytestmark = pytest.mark.browser


def test_rates_page_draws_funnel_rates_and_ranking(page) -> None:  # noqa: ANN001 (playwright Page)
    page.goto("/acceptance_rates")
    wait_for_charts(page, minimum=3)
    assert page.locator(CHART).count() == 3
    # Error bars are drawn: plotly renders them as paths inside .errorbar groups.
    assert page.locator(f"{CHART} g.errorbar").count() > 0
    assert page.get_by_text("Application funnel").first.is_visible()
    assert BLOCKED == []
    screenshot(page, "acceptance_rates")


def test_choosing_a_group_redraws_and_updates_the_link(page) -> None:  # noqa: ANN001
    page.goto("/acceptance_rates")
    wait_for_charts(page, minimum=3)
    page.locator('[data-testid="stSelectbox"]', has_text="Group by").click()
    page.get_by_role("option", name="GPA band", exact=True).click()
    page.wait_for_url(re.compile(r"by=GPA"))
    page.wait_for_function("() => [...document.querySelectorAll('.gtitle')].some(t => t.textContent.includes('by GPA band'))")
    wait_for_charts(page, minimum=3)
    table = page.locator('[data-testid="stDataFrame"]').first
    assert table.is_visible()
    screenshot(page, "acceptance_rates_gpa")


def test_a_link_reproduces_the_grouping(page) -> None:  # noqa: ANN001
    page.goto("/acceptance_rates?by=Class+year&rate=Interview")
    wait_for_charts(page, minimum=3)
    page.wait_for_function("() => [...document.querySelectorAll('.gtitle')].some(t => t.textContent.includes('Interview rate by class year'))")
