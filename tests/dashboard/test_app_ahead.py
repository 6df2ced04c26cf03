"""The page's own counting begins on a worker as soon as the filter panel knows the filters (dashboard/ahead.py).

What the worker computes is the page's memoised call with the page's own arguments: the page then finds it computed
(or waits for it), so every view is still computed once, and shows what it showed before. A worker that fails is
not seen: the page computes again on its own thread.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import overview, overview_offer
from dashboard import ahead, outcome_views, overview_view
from tests.dashboard.markup import shown as shown_text

RATES = "dashboard/pages/acceptance_rates.py"
OVERVIEW = "dashboard/pages/overview.py"
AHEAD_THREAD = "insights-ahead"


@pytest.fixture()
def fresh() -> Iterator[None]:
    """Empty process-wide caches: every view of the test is computed in it, not found from an earlier test."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def recorded(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, keep: Callable[..., bool]) -> list[str]:
    """Replace `module.name` by a wrapper that notes the thread of each call `keep(*args, **kwargs)` accepts."""
    original = getattr(module, name)
    threads: list[str] = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if keep(*args, **kwargs):
            threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    functools.update_wrapper(wrapper, original)  # the memo keys a function by its module and name
    monkeypatch.setattr(module, name, wrapper)
    return threads


def page_waits_for_the_worker(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, threads: list[str], want: list[int]
) -> None:
    """Make the script thread's calls of `module.name` (the page's memoised call that the worker makes too) wait, up
    to 20 s, until `threads` holds `want[0]` calls: the worker is begun before the page reaches its call, but on a
    busy machine its thread may not have started yet, and the page, asking first, would compute the view itself
    (correct and single-flight, but not what these tests check). A worker that is never begun still fails them: the
    wait ends and the page computes on its own thread."""
    original = getattr(module, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        if not threading.current_thread().name.startswith(AHEAD_THREAD):
            deadline = time.monotonic() + 20
            while len(threads) < want[0] and time.monotonic() < deadline:
                time.sleep(0.002)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)


def rate_table(at: AppTest) -> pl.DataFrame:
    """The rates-by-group table as shown."""
    return pl.from_pandas(at.dataframe[0].value)


def choose_field(at: AppTest, field: str) -> AppTest:
    at.multiselect(key="field").set_value([field])
    return at.run()


def test_a_new_rate_view_is_computed_once_on_the_worker(app, fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app(RATES)
    at.selectbox(key="by").set_value("Company").run()
    field = at.multiselect(key="field").options[1]
    threads = recorded(monkeypatch, outcome_views, "rate_view", lambda _outcomes, spec, *a, **k: bool(spec.fields))
    want = [1]
    page_waits_for_the_worker(monkeypatch, outcome_views, "rates_view", threads, want)
    choose_field(at, field)
    assert not at.exception
    assert len(threads) == 1 and threads[0].startswith(AHEAD_THREAD)  # begun by the panel; the page found it
    shown = rate_table(at)

    # The same view computed by the page itself (nothing begun ahead) shows the same table.
    st.cache_resource.clear()
    monkeypatch.setattr(ahead, "_PAGE_WORK", {})
    want[0] = 0
    threads.clear()
    again = app(RATES)
    again.selectbox(key="by").set_value("Company").run()
    choose_field(again, field)
    assert threads and not any(name.startswith(AHEAD_THREAD) for name in threads)
    assert rate_table(again).equals(shown)


def test_the_first_view_is_computed_by_the_page(app, fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the page has drawn its widgets their values are unknown: nothing is begun ahead that could be wrong."""
    threads = recorded(monkeypatch, outcome_views, "rate_view", lambda *a, **k: True)
    at = app(RATES, query={"by": "Field"})
    assert not at.exception
    assert threads and not any(name.startswith(AHEAD_THREAD) for name in threads)


def test_a_grouping_change_is_begun_ahead_too(app, fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's widgets are drawn after the panel, but a widget's new value is in the session when the run starts:
    the worker computes the new grouping (once), and the table is the new grouping's."""
    at = app(RATES)
    threads = recorded(monkeypatch, outcome_views, "rate_view", lambda _o, _spec, by, **k: by == "term")
    want = [1]
    page_waits_for_the_worker(monkeypatch, outcome_views, "rates_view", threads, want)
    at.selectbox(key="by").set_value("Term").run()
    assert not at.exception
    assert len(threads) == 1 and threads[0].startswith(AHEAD_THREAD)
    assert "Term" in rate_table(at).columns
    want[0] = 2
    at.radio(key="rate").set_value("Interview").run()  # the rate too: one more view, begun ahead
    assert not at.exception
    assert len(threads) == 2 and threads[1].startswith(AHEAD_THREAD)
    assert any("Interview" in shown_text(s.value) for s in at.subheader)


def test_a_failure_on_the_worker_is_computed_again_by_the_page(app, fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app(RATES)
    field = at.multiselect(key="field").options[0]
    original = outcome_views.rate_view

    def failing_ahead(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name.startswith(AHEAD_THREAD):
            raise RuntimeError("the worker's failure")
        return original(*args, **kwargs)

    functools.update_wrapper(failing_ahead, original)
    monkeypatch.setattr(outcome_views, "rate_view", failing_ahead)
    choose_field(at, field)
    assert not at.exception  # the page's own call computed the view
    assert rate_table(at).height > 0
    assert any(shown_text(c.value).startswith("Outcomes:") for c in at.caption)


def test_the_overview_offer_counts_run_on_the_worker_and_the_kpi_row_stays_first(
    app, fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = app(OVERVIEW)
    field = at.multiselect(key="field").options[2]
    threads = recorded(monkeypatch, overview_offer, "offer_headline", lambda *a, **k: True)
    page_waits_for_the_worker(monkeypatch, overview_view, "offer_headline", threads, [1])
    choose_field(at, field)
    assert not at.exception
    assert len(threads) == 1 and threads[0].startswith(AHEAD_THREAD)
    labels = [metric.label for metric in at.metric]
    assert labels[:5] == ["Open listings", "Companies", "Median hourly pay", "Remote share", "Offer rate"]
    # The KPI row's slot is filled last but stays where it was: under the title, above every chart.
    blocks = list(at.main.children.values())  # the page's top-level elements, in the order shown
    first_metric = next(i for i, node in enumerate(blocks) if _holds(node, "metric"))
    first_chart = next(i for i, node in enumerate(blocks) if _holds(node, "plotly_chart"))
    assert blocks[0].type == "title" and first_metric < first_chart


def _holds(node: Any, kind: str) -> bool:
    """Whether `node` is, or holds anywhere below it, an element of type `kind`."""
    if getattr(node, "type", None) == kind:
        return True
    children = getattr(node, "children", None) or {}
    return any(_holds(child, kind) for child in children.values())


CHART_RESULTS = ("overview_kpis", "openings_by_field", "openings_by_region", "map_exclusions", "postings_over_time")


def overview_shown(at: AppTest) -> tuple[list[str], list[str]]:
    """The Overview's KPI values and its charts' specs, as drawn."""
    return [str(metric.value) for metric in at.metric], [chart.proto.spec for chart in at.get("plotly_chart")]


def test_the_overview_charts_results_are_counted_on_a_worker_once(app, fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new filter's listing results (the KPIs, fields, states, weeks) begin on a second worker beside the offer
    tile's while the panel counts its options; the page finds each computed, and draws what it drew without them."""
    at = app(OVERVIEW)
    field = at.multiselect(key="field").options[3]
    calls = {name: recorded(monkeypatch, overview, name, lambda *a, **k: True) for name in CHART_RESULTS}
    page_waits_for_the_worker(monkeypatch, overview_view, "page_listings", calls["postings_over_time"], [1])
    choose_field(at, field)
    assert not at.exception
    for name, threads in calls.items():
        assert len(threads) == 1 and threads[0].startswith(AHEAD_THREAD), (name, threads)
    shown = overview_shown(at)

    st.cache_resource.clear()
    monkeypatch.setattr(ahead, "_PAGE_WORK", {})
    for threads in calls.values():
        threads.clear()
    again = app(OVERVIEW)
    choose_field(again, field)
    assert calls["openings_by_region"] and not any(t.startswith(AHEAD_THREAD) for t in calls["openings_by_region"])
    assert overview_shown(again) == shown
