"""Browser helpers shared by the e2e fixtures and tests (one module, so both see the same BLOCKED list)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, Route

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHART = '[data-testid="stPlotlyChart"]'

# URLs the current page tried to fetch from anywhere but the local server (reset per page).
BLOCKED: list[str] = []


def only_local(route: Route) -> None:
    """Let requests to 127.0.0.1 through and abort every other one (the app must work offline)."""
    url = route.request.url
    host = urlparse(url).hostname
    if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
        route.continue_()
    else:
        BLOCKED.append(url)
        route.abort()


def wait_for_charts(page: Page, minimum: int = 1) -> None:
    """Wait until at least `minimum` plotly charts have drawn their SVG and the app stopped running."""
    page.wait_for_selector(f"{CHART} .main-svg", state="attached")
    page.wait_for_function(
        # Charts that have drawn (a chart holds several .main-svg layers, so count the charts, not the layers).
        "n => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".filter(c => c.querySelector('.main-svg')).length >= n",
        arg=minimum,
    )
    # The status widget shows "Running..." while the script reruns; screenshots wait for it to go.
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to artifacts/screenshots/<name>.png after the charts have drawn."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wait_for_charts(page)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
