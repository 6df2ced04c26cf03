"""Browser test harness: a real server started as `make run` starts it, and headless Debian Chromium via Playwright.

Chromium comes from Debian (`/usr/bin/chromium`), never from `playwright install`. Under CI=true
a missing Chromium FAILS the browser tests; elsewhere they skip. Every request that is not to
127.0.0.1 is aborted, so a chart that needs the internet (e.g. map outlines from a CDN) breaks here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import BLOCKED, CHROMIUM, CHROMIUM_ARGS, only_local

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
SERVER_START_TIMEOUT_S = 90


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Poll /_stcore/health until it answers ok, or fail with the server's log."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited early ({process.returncode}):\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit did not become healthy in {SERVER_START_TIMEOUT_S} s:\n{log_path.read_text()[-4000:]}")


@contextlib.contextmanager
def running_server(log_dir: Path) -> Iterator[str]:
    """Start the app as `make run` does (`python -m dashboard.serve`) on 127.0.0.1 and a free port; yield its URL."""
    port = _free_port()
    log_path = log_dir / "server.log"
    command = [
        sys.executable,
        "-m",
        "dashboard.serve",  # what `make run` starts: `streamlit run streamlit_app.py` with the data read meanwhile
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",  # no inotify churn from a test run
    ]
    with log_path.open("wb") as log:
        # Own process group, so stopping it by PID also stops anything it spawned.
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base_url, process, log_path)
        yield base_url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server shared by the browser tests (starting one takes seconds)."""
    with running_server(tmp_path_factory.mktemp("streamlit")) as base_url:
        yield base_url


@pytest.fixture()
def fresh_server(tmp_path: Path) -> Iterator[str]:
    """A server of this test's own, whose first request is the test's (some bugs only show then)."""
    with running_server(tmp_path) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium through Playwright (skips without it, fails under CI=true)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _open_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh 1400x2200 page on `base_url` whose network is limited to the local server."""
    # Tall enough that a "full page" shot holds the whole Overview: Streamlit scrolls inside its
    # main container, so Playwright's full_page cannot extend past the viewport.
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, base_url=base_url)
    new_page = context.new_page()
    BLOCKED.clear()
    new_page.route("**/*", only_local)
    new_page.set_default_timeout(60_000)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture()
def page(browser: Browser, streamlit_server: str) -> Iterator[Page]:
    """A fresh page on the shared server."""
    yield from _open_page(browser, streamlit_server)


@pytest.fixture()
def fresh_page(browser: Browser, fresh_server: str) -> Iterator[Page]:
    """A fresh page on a server nobody has visited yet."""
    yield from _open_page(browser, fresh_server)


@pytest.fixture()
def fresh_pages(browser: Browser, fresh_server: str) -> Iterator[Callable[[], Page]]:
    """A factory of pages on one server of this test's own, each in its own browser context (its own session)."""
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(contextlib.contextmanager(_open_page)(browser, fresh_server))
