"""Work a page will need, begun on a worker thread before the page draws what comes first (issue 9).

On two cores a page's counting (numpy and polars, which let go of the interpreter while they count) and its drawing
(plotly figures and widgets: Python) can run side by side. The filter panel (streamlit_app.py) calls `for_page` as
soon as it knows the filters: the current page's memoised calls (`state.cached`, single-flight) begin on a worker
with the arguments the page will pass, while the panel and the page draw what does not need them; the page then
makes the same calls, and each finds the result computed or waits for the computation under way: none is done
twice. A worker never touches a session: the values read from it (the minimum group size, the page's widgets) are
read on the script's thread and passed as arguments.

A failure on the worker is not shown from there: the page's own call computes again and raises where it always
did, with the same message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from analytics.filters import FilterSpec
from dashboard import overview_view, rates_sections
from dashboard.state import Dataset

# Two workers, as many as the cores: the Overview's two parts side by side, or two sessions' work; more would only
# queue behind the two cores.
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="insights-ahead")
# Per page title (streamlit_app.py's PAGE_TABLE): the work to begin under a filter set, with what it reads from the
# session read on the script's thread (none when there is nothing to begin), each part on a worker of its own. The
# pages whose clicks are already quick are not here.
_PAGE_WORK: dict[str, Callable[[Dataset, FilterSpec], Sequence[Callable[[], Any]]]] = {
    "Overview": overview_view.overview_ahead,
    "Acceptance rates": rates_sections.rates_ahead,
}


def page_work(title: str, dataset: Dataset) -> Callable[[FilterSpec], None]:
    """`for_page` of the page called `title` and `dataset`, for the filter panel to call with the filters."""
    return functools.partial(for_page, title, dataset)


def for_page(title: str, dataset: Dataset, spec: FilterSpec) -> None:
    """Begin the work of the page called `title` under `spec` (the filter panel calls this as soon as it knows the
    filters, before it counts their options): the Overview's offer tile and charts, the Acceptance rates page's rate
    view."""
    plan = _PAGE_WORK.get(title)
    for work in plan(dataset, spec) if plan is not None else ():
        _POOL.submit(work)  # its result or exception stays in the future: the page makes the same calls


__all__ = ["for_page", "page_work"]
