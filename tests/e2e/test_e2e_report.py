"""The Report page in real Chromium: the preview draws, the downloaded file draws its charts offline and prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import BLOCKED, SCREENSHOTS, screenshot, wait_for_charts

pytestmark = pytest.mark.browser

HEADINGS = ["Overview KPIs", "Openings by field and region", "Skills demand", "Acceptance rates", "Methodology"]
PLOT = ".js-plotly-plot"


def _download_report(page: Page, tmp_path: Path) -> Path:
    """Click the download button and save the file it serves."""
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download HTML report").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


@pytest.fixture()
def offline_page(browser):
    """A page in a NEW context where every request but file:// is aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    fetched: list[str] = []

    def file_only(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            fetched.append(route.request.url)
            route.abort()

    context.route("**/*", file_only)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.fetched = fetched  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def test_report_page_previews_and_its_download_draws_offline(page: Page, offline_page: Page, tmp_path: Path) -> None:
    page.goto("/report?title=Fall%20outlook&institution=Example%20University")
    wait_for_charts(page, minimum=6)
    assert page.locator("h1", has_text="Report").count() == 1
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 9  # the filter panel
    screenshot(page, "report_page")
    path = _download_report(page, tmp_path)
    # The bundled sample is synthetic, and the file name says so (dashboard/provenance.py).
    assert re.fullmatch(r"fall-outlook-\d{4}-\d{2}-\d{2}-synthetic\.html", path.name)
    assert BLOCKED == []

    offline_page.goto(path.as_uri())
    charts = offline_page.locator(PLOT)
    assert charts.count() == 6
    # Every chart drew its SVG with the network off: plotly.js and the map outlines are in the file.
    offline_page.wait_for_function(
        "n => [...document.querySelectorAll('.js-plotly-plot')].filter(d => d.querySelector('.main-svg')).length === n",
        arg=6,
    )
    offline_page.wait_for_selector(".geo path.choroplethlocation", state="attached")
    outlines = offline_page.locator(".geo path.choroplethlocation")
    assert outlines.count() > 10 and all(
        len(outlines.nth(i).get_attribute("d") or "") > 20 for i in range(outlines.count())
    )
    assert offline_page.fetched == []  # type: ignore[attr-defined]
    assert offline_page.locator("h1").inner_text() == "Fall outlook"
    assert offline_page.locator("p.institution").inner_text() == "Example University"
    assert offline_page.locator("section h2").all_inner_texts() == HEADINGS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    offline_page.screenshot(path=str(SCREENSHOTS / "report_file.png"), full_page=True)

    # Charts stay interactive: hovering a bar shows its count.
    bar = offline_page.locator("#fig-openings-0 .bars path").first
    bar.scroll_into_view_if_needed()  # the mouse can only hover what is inside the viewport
    box = bar.bounding_box()
    # Plotly's drag layer sits above the bars and computes the hover from the pointer position.
    offline_page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    offline_page.wait_for_selector("#fig-openings-0 .hoverlayer .hovertext", state="attached")
    assert "openings" in (offline_page.locator("#fig-openings-0 .hoverlayer").text_content() or "")

    # Print: the toolbar and contents go, and each section starts on a new page.
    offline_page.emulate_media(media="print")
    assert not offline_page.locator(".toolbar").is_visible()
    offline_page.screenshot(path=str(SCREENSHOTS / "report_file_print.png"), full_page=True)
    pdf_path = tmp_path / "report.pdf"
    offline_page.pdf(path=str(pdf_path), format="Letter", print_background=True)
    from pypdf import PdfReader

    page_texts = [(pdf_page.extract_text() or "").strip() for pdf_page in PdfReader(pdf_path).pages]
    starts = [text.splitlines()[0] if text else "" for text in page_texts]
    for heading in HEADINGS[1:]:  # the first section follows the title on page one
        assert heading in starts, f"{heading!r} does not start a printed page: {starts}"
    assert page_texts[0].startswith("Fall outlook") and "Overview KPIs" in page_texts[0]


def test_section_choice_changes_the_preview_and_the_link(page: Page) -> None:
    page.goto("/report")
    wait_for_charts(page, minimum=6)
    sections = page.locator('[data-testid="stMultiSelect"]', has_text="Sections")
    assert sections.locator("[data-tag]:visible").count() == 4
    # Remove "Overview KPIs" and "Openings by field and region": their charts leave the preview.
    for heading in HEADINGS[:2]:
        sections.get_by_role("button", name=f"Remove {heading}").click()
        wait_for_charts(page)
    page.wait_for_url(re.compile(r"sections=Skills"))
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length === 3")
    headings = page.locator('[data-testid="stMain"] [data-testid="stHeading"] h2').all_inner_texts()
    assert [h.strip() for h in headings] == ["Skills demand", "Acceptance rates", "Methodology"]
    screenshot(page, "report_page_two_sections")
