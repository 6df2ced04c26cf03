"""Cold start (issue 9): the shared sample's outcomes are read in a background thread.

The Overview shows its listing KPIs and charts before the outcomes are in, then the offer rate; a page that needs
outcomes waits for them; a read that fails says so on those pages and leaves the listings working.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import background, dataset, first_page, state
from dashboard.memo_keys import call_key
from tests.dashboard.conftest import run_app
from tests.dashboard.markup import shown

OVERVIEW = "dashboard/pages/overview.py"
RATES = "dashboard/pages/acceptance_rates.py"
SLOW_READ_S = 0.6


def offer_tile(at: AppTest) -> str:
    """The Offer rate tile's displayed value."""
    values = [metric.value for metric in at.metric if metric.label == "Offer rate"]
    assert len(values) == 1
    return values[0]


def listing_tiles(at: AppTest) -> dict[str, str]:
    """Every KPI tile but the offer rate, by label."""
    return {metric.label: metric.value for metric in at.metric if metric.label != "Offer rate"}


@pytest.fixture(scope="module")
def eager_overview() -> AppTest:
    """The Overview on the bundled sample as it always was (small outcomes are read at once): the reference."""
    at = run_app(OVERVIEW)
    assert not at.exception
    return at


@pytest.fixture()
def sample_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled sample in its own folder (its own shared-dataset entry), read in the background
    whatever its size."""
    listings_path, outcomes_path = state.sample_paths()
    shutil.copy(listings_path, tmp_path / "listings.parquet")
    shutil.copy(outcomes_path, tmp_path / "outcomes.parquet")
    monkeypatch.setenv(state.SAMPLE_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(background, "BACKGROUND_MIN_ROWS", 0)
    return tmp_path


@pytest.fixture()
def gate(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the background read until the test sets the event (a slow read, simulated)."""
    release = threading.Event()
    real_read = dataset.read_outcomes

    def slow_read(path: Path) -> pl.DataFrame:
        release.wait(30)
        return real_read(path)

    monkeypatch.setattr(dataset, "read_outcomes", slow_read)
    yield release
    release.set()  # never leave a reader thread waiting


def rerun_until(at: AppTest, done: Callable[[AppTest], bool], timeout: float = 20) -> AppTest:
    """Run the app again until `done(at)` holds (the browser's fragment timer does this by itself)."""
    deadline = time.monotonic() + timeout
    while not done(at):
        assert time.monotonic() < deadline, "the outcomes never arrived"
        time.sleep(0.05)
        at.run()
    return at


def test_overview_shows_listings_before_outcomes_then_the_offer_rate(
    gate: threading.Event, eager_overview: AppTest
) -> None:
    at = run_app(OVERVIEW)
    assert not at.exception
    assert offer_tile(at) == "loading…"
    assert listing_tiles(at) == listing_tiles(eager_overview)
    assert len(at.get("plotly_chart")) == 4
    assert any(background.LOADING_TEXT in caption.value for caption in at.caption)
    # The sources sentence counts the applications from the file's footer before they are read.
    assert "40,000 applications" in shown(" ".join(caption.value for caption in at.caption))
    gate.set()
    rerun_until(at, lambda at: offer_tile(at) != "loading…")
    assert not at.exception
    assert offer_tile(at) == offer_tile(eager_overview)
    assert listing_tiles(at) == listing_tiles(eager_overview)
    assert not any(background.LOADING_TEXT in caption.value for caption in at.caption)


def test_a_page_that_needs_outcomes_waits_for_them(gate: threading.Event) -> None:
    at = run_app()  # a fresh server: the Overview first, which does not wait
    assert offer_tile(at) == "loading…"
    threading.Timer(SLOW_READ_S, gate.set).start()
    started = time.perf_counter()
    at.switch_page(RATES).run()
    assert time.perf_counter() - started >= SLOW_READ_S * 0.9  # it waited for the read...
    assert not at.exception
    assert [title.value for title in at.title] == ["Acceptance rates"]
    assert not at.error
    assert at.dataframe and pl.from_pandas(at.dataframe[0].value).height > 0  # ...and shows the rates


def broken_read(path: Path) -> pl.DataFrame:
    raise OSError(f"Input/output error reading {path.name}")


@pytest.mark.parametrize("how", ["read fails", "footer unreadable"])
def test_a_failed_outcome_read_says_so_and_listings_keep_working(
    how: str, sample_copy: Path, monkeypatch: pytest.MonkeyPatch, eager_overview: AppTest
) -> None:
    if how == "read fails":
        monkeypatch.setattr(dataset, "read_outcomes", broken_read)
    else:
        (sample_copy / "outcomes.parquet").write_bytes(b"not a parquet file")
    at = run_app(OVERVIEW)
    rerun_until(at, lambda at: offer_tile(at) != "loading…")
    assert not at.exception
    assert offer_tile(at) == "unavailable"
    assert listing_tiles(at) == listing_tiles(eager_overview)
    assert len(at.get("plotly_chart")) == 4
    assert "could not be loaded" in at.warning[0].value
    at.switch_page(RATES).run()
    assert not at.exception
    message = shown(at.error[0].value)
    assert message.startswith("The outcome data could not be loaded, so this view has none.")
    assert "outcomes.parquet" in message
    assert "listings pages keep working" in message


def row_count(frame: pl.DataFrame) -> int:
    return frame.height


def test_pending_outcomes_never_block_a_yes_no_or_a_memo_key(gate: threading.Event, sample_copy: Path) -> None:
    shared = dataset.read_sample(sample_copy / "listings.parquet", sample_copy / "outcomes.parquet")
    pending = shared.pending_outcomes
    assert pending is not None and not pending.done()
    # None of these may wait (the gate is closed: waiting would hang the test until its timeout).
    assert shared.has_outcomes and shared.outcome_rows == 40_000 and shared.outcomes_kind == "outcomes"
    assert shared.peek_outcomes() is None
    assert shared.origins()[1] is not None
    assert call_key(shared, row_count, (shared.listings,), {}, [])[1:] == ((("<listings>",),), ())
    gate.set()
    frame = shared.outcomes  # waits
    assert frame is not None and frame.height == 40_000
    assert shared.peek_outcomes() is frame and pending.done() and pending.error is None


def test_the_background_read_starts_after_the_first_page_or_when_needed(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_page, "_FIRST_PAGE_SHOWN", threading.Event())  # a server that has shown no page yet
    monkeypatch.setattr(first_page, "_NEXT_RUN", threading.Event())
    started = threading.Event()
    real_read = dataset.read_outcomes

    def noted_read(path: Path) -> pl.DataFrame:
        started.set()
        return real_read(path)

    monkeypatch.setattr(dataset, "read_outcomes", noted_read)
    paths = (sample_copy / "listings.parquet", sample_copy / "outcomes.parquet")
    first = dataset.read_sample(*paths)
    assert not started.wait(0.3)  # deferred: the first page gets both cores
    first_page.page_shown()
    assert not started.wait(0.3)  # and the browser draws it first
    first_page.page_shown()  # the next run: the browser has drawn the first page
    assert started.wait(10)
    first.outcomes  # noqa: B018 - waits for the read
    # A page that needs the outcomes before any page was shown starts the read itself.
    monkeypatch.setattr(first_page, "_FIRST_PAGE_SHOWN", threading.Event())
    monkeypatch.setattr(first_page, "_NEXT_RUN", threading.Event())
    started.clear()
    second = dataset.read_sample(*paths)
    assert not started.is_set()
    frame = second.outcomes
    assert started.is_set() and frame is not None and frame.height == 40_000


def test_without_a_next_run_the_read_starts_after_the_drawing_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_page, "_FIRST_PAGE_SHOWN", threading.Event())
    monkeypatch.setattr(first_page, "_NEXT_RUN", threading.Event())
    monkeypatch.setattr(first_page, "FIRST_DRAW_S", 0.4)
    first_page.page_shown()  # the first page is out; the browser never asks again (closed tab)
    began = time.perf_counter()
    first_page.wait_first_page()
    assert 0.3 <= time.perf_counter() - began < 5


def test_work_for_a_quiet_server_waits_for_the_warm_up_s_end_or_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """`wait_background` (the listings' pin in memory) waits for the first page and then the warm-up's end; without a
    warm-up that ends, for BACKGROUND_LIMIT_S."""
    for event in ("_FIRST_PAGE_SHOWN", "_NEXT_RUN", "_BACKGROUND_DONE"):
        monkeypatch.setattr(first_page, event, threading.Event())
    monkeypatch.setattr(first_page, "FIRST_DRAW_S", 0.05)
    monkeypatch.setattr(first_page, "BACKGROUND_LIMIT_S", 30.0)
    released = threading.Event()
    waiter = threading.Thread(target=lambda: (first_page.wait_background(), released.set()), daemon=True)
    waiter.start()
    first_page.page_shown()
    assert not released.wait(0.5)  # the first page is out, the warm-up is still running
    first_page.background_done()
    assert released.wait(5)
    monkeypatch.setattr(first_page, "_BACKGROUND_DONE", threading.Event())
    monkeypatch.setattr(first_page, "BACKGROUND_LIMIT_S", 0.4)
    began = time.perf_counter()
    first_page.wait_background()  # no warm-up ever ends (INSIGHTS_WARM_UP=0): the limit
    assert 0.3 <= time.perf_counter() - began < 5


def test_the_overview_s_first_poll_lets_the_read_begin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Overview's poll for its offer rate (a fragment run, which streamlit_app.py does not see) counts as the
    browser asking again once the first page is out; during that first page's own run it does not."""
    monkeypatch.setattr(first_page, "_FIRST_PAGE_SHOWN", threading.Event())
    monkeypatch.setattr(first_page, "_NEXT_RUN", threading.Event())
    first_page.browser_asked_again()  # the KPI row inside the first page's run: the page is not out yet
    assert not first_page._NEXT_RUN.is_set()
    first_page.page_shown()
    assert not first_page._NEXT_RUN.is_set()
    first_page.browser_asked_again()  # the first poll: the browser has drawn the page
    assert first_page._NEXT_RUN.is_set()


def test_the_overview_s_kpi_row_says_when_the_browser_asks_again(
    gate: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(first_page, "browser_asked_again", lambda: asked.append("asked"))
    at = run_app(OVERVIEW)
    assert not at.exception and offer_tile(at) == "loading…"
    assert asked == ["asked", "asked"]  # from the KPI row, once per run of it (run_app runs the app, then the page)
