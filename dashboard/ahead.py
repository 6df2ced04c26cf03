"""Work a page will need, begun on a worker thread before the page draws what comes first (issue 9).

On two cores a page's counting (numpy and polars, which let go of the interpreter while they count) and its drawing
(plotly figures and widgets: Python) can run side by side. A page starts the memoised calls it will make later
(`state.cached`, single-flight) with `begin`, draws what does not need them, and then makes the same calls: each
finds the result computed, or waits for the computation under way; none is done twice. Nothing here touches a
session: what a worker computes is keyed by its arguments only, and the page passes every value it reads from the
session (the minimum group size) as an argument.

A failure on the worker is not shown from there: the page's own call computes again and raises where it always
did, with the same message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from analytics.filters import FilterSpec
from dashboard import overview_view, rates_sections
from dashboard.state import Dataset

# Two workers: one session's work ahead, and another's; more would only queue behind the two cores.
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="insights-ahead")
# Per page title (streamlit_app.py's PAGE_TABLE): the work to begin under a filter set, read from the session on the
# script's thread (None when there is none yet). Pages whose work waits on widgets drawn after the panel are not here.
_PAGE_WORK: dict[str, Callable[[Dataset, FilterSpec], Callable[[], Any] | None]] = {
    "Overview": overview_view.overview_ahead,
    "Acceptance rates": rates_sections.rates_ahead,
}


def page_work(title: str, dataset: Dataset) -> Callable[[FilterSpec], None]:
    """`for_page` of the page called `title` and `dataset`, for the filter panel to call with the filters."""
    return functools.partial(for_page, title, dataset)


def for_page(title: str, dataset: Dataset, spec: FilterSpec) -> None:
    """Begin the work of the page called `title` under `spec` (the filter panel calls this as soon as it knows the
    filters, before it counts their options): the Overview's offer tile, the Acceptance rates page's rate view."""
    plan = _PAGE_WORK.get(title)
    work = plan(dataset, spec) if plan is not None else None
    if work is not None:
        begin(work)


def begin(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
    """`function(*args, **kwargs)` started on a worker thread; its result or exception stays in the returned future
    (the page repeats the memoised calls it makes rather than reading it)."""
    return _POOL.submit(function, *args, **kwargs)


__all__ = ["begin", "for_page", "page_work"]
