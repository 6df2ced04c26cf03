"""A rate view with applicant codes counts its filter checks on a worker beside the rate table's counts.

The checks (analytics/differencing.py `view_guard`) read the rows' keys, never the table's counts, and the table asks
for them only when it hides groups: the view must be the one computed with the checks in line, and an exception in
the checks must reach the caller of `rate_view` as before.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

import numpy as np
import polars as pl
import pytest

from analytics import rate_view as rate_view_module
from analytics.applicant_sizes import applicant_codes
from analytics.filters import FilterSpec
from analytics.rate_view import RateView, rate_view
from data_loaders.schema import STAGES

CHECKS_THREAD = "insights-checks"


class _InLine:
    """An executor that runs what it is given at once, on the caller's thread."""

    def submit(self, function: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        done: Future[Any] = Future()
        done.set_result(function(*args, **kwargs))
        return done


@pytest.fixture(scope="module")
def outcomes() -> pl.DataFrame:
    """1,500 applications of 120 applicants to 6 companies of very different sizes in 3 fields and 4 regions: some
    views hide groups for their size, some only because a filter change would give them away."""
    rng = np.random.default_rng(7)
    rows = 1500
    companies = ["Acme", "Bolt", "Cato", "Dune", "Echo", "Fern"]
    fields = ["Software Engineering", "Cybersecurity", "Data Science"]
    regions = ["US-CA", "US-NY", "CA-ON", "DE-BE"]
    return pl.DataFrame(
        {
            "applicant_id": [f"a{x}" for x in rng.integers(0, 120, rows)],
            "company": [companies[x] for x in rng.choice(6, rows, p=[0.4, 0.25, 0.15, 0.1, 0.06, 0.04])],
            "field": [fields[x] for x in rng.choice(3, rows, p=[0.6, 0.3, 0.1])],
            "region": [regions[x] for x in rng.choice(4, rows, p=[0.5, 0.3, 0.15, 0.05])],
            "term": ["Summer 2026"] * rows,
            "stage": [STAGES[x] for x in rng.integers(0, len(STAGES), rows)],
            "gpa": np.round(rng.uniform(2.0, 4.0, rows), 2),
        }
    )


def _view(outcomes: pl.DataFrame, spec: FilterSpec, by: str) -> RateView:
    people = applicant_codes(outcomes)
    return rate_view(outcomes, spec, by, min_group=5, code_applicants=lambda _frame: people)


def _recorded_guard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    threads: list[str] = []
    original = rate_view_module.view_guard

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(rate_view_module, "view_guard", recording)
    return threads


@pytest.mark.parametrize("by", ["company", "region", "gpa_band"])
@pytest.mark.parametrize(
    "spec",
    [
        FilterSpec(fields=("Cybersecurity",)),
        FilterSpec(countries=("US",)),
        FilterSpec(fields=("Data Science",), countries=("US",)),
    ],
)
def test_the_checks_run_beside_the_counts_and_give_the_same_view(
    outcomes: pl.DataFrame, spec: FilterSpec, by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _recorded_guard(monkeypatch)
    beside = _view(outcomes, spec, by)
    assert len(threads) == 1 and threads[0].startswith(CHECKS_THREAD)
    monkeypatch.setattr(rate_view_module, "_CHECKS", _InLine())
    in_line = _view(outcomes, spec, by)
    assert threads[1] == threading.current_thread().name
    assert beside.table.frame.equals(in_line.table.frame)
    assert beside.table.n_suppressed == in_line.table.n_suppressed
    assert beside.table.n_differencing == in_line.table.n_differencing
    assert beside.table.withheld_reasons == in_line.table.withheld_reasons
    assert (beside.funnel is None) == (in_line.funnel is None)
    assert beside.scope == in_line.scope


def test_the_fixture_has_groups_hidden_by_the_checks(outcomes: pl.DataFrame) -> None:
    """So the comparison above covers what the checks decide, not only views they leave alone."""
    view = _view(outcomes, FilterSpec(fields=("Data Science",), countries=("US",)), "company")
    assert view.table.n_differencing > 0


def test_without_a_filter_the_checks_are_not_sent_to_a_worker(
    outcomes: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _recorded_guard(monkeypatch)
    _view(outcomes, FilterSpec(), "company")
    assert threads == [threading.current_thread().name]


def test_an_exception_in_the_checks_reaches_the_caller(outcomes: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the checks failed")

    monkeypatch.setattr(rate_view_module, "view_guard", failing)
    with pytest.raises(RuntimeError, match="the checks failed"):
        _view(outcomes, FilterSpec(fields=("Cybersecurity",)), "company")
