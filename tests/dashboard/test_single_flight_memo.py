"""The single-flight memo (dashboard/weak_lru.py) and its keyed front door `state.cached`."""

from __future__ import annotations

import functools
import gc
import threading
import time

import polars as pl
import pytest

from analytics.filters import FilterSpec
from dashboard import state
from dashboard.weak_lru import _WeakLru

N_THREADS = 8


class Owner:
    """A weak-referenceable stand-in for a dataset."""


def _together(n: int, work) -> list[object]:
    """Run `work()` in `n` threads released at the same moment; the results (or exceptions) in thread order."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work()
        except BaseException as error:  # collected for the assertion
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_concurrent_callers_share_one_computation() -> None:
    cache, owner, calls = _WeakLru(8), Owner(), []

    def compute() -> list[int]:
        calls.append(1)
        time.sleep(0.2)  # long enough that every thread arrives while it runs
        return [42]

    results = _together(N_THREADS, lambda: cache.get_or_compute(owner, "key", compute))
    assert len(calls) == 1
    assert all(result is results[0] for result in results) and results[0] == [42]
    assert cache.get_or_compute(owner, "key", compute) is results[0] and len(calls) == 1


def test_an_exception_reaches_every_waiter_and_is_not_cached() -> None:
    cache, owner, calls = _WeakLru(8), Owner(), []

    def fail() -> int:
        calls.append(1)
        time.sleep(0.2)
        raise ValueError("bad input")

    results = _together(N_THREADS, lambda: cache.get_or_compute(owner, "key", fail))
    assert len(calls) == 1
    assert all(isinstance(result, ValueError) and str(result) == "bad input" for result in results)
    assert cache.get_or_compute(owner, "key", lambda: 7) == 7  # the failure was not kept
    assert cache.get_or_compute(owner, "key", fail) == 7


def test_different_keys_compute_in_parallel_not_in_turn() -> None:
    cache, owner = _WeakLru(8), Owner()
    started = time.perf_counter()
    counter = iter(range(N_THREADS))
    lock = threading.Lock()

    def work() -> int:
        with lock:
            key = next(counter)
        return cache.get_or_compute(owner, key, lambda: time.sleep(0.2) or key)

    assert sorted(_together(4, work)) == [0, 1, 2, 3]
    assert time.perf_counter() - started < 0.75  # four 0.2 s computations overlapped


def test_an_entry_dies_with_a_guard() -> None:
    cache, owner, guard = _WeakLru(8), Owner(), Owner()
    assert cache.get_or_compute(owner, "k", lambda: 1, guards=[guard]) == 1
    assert cache.get_or_compute(owner, "k", lambda: 2, guards=[guard]) == 1
    del guard
    gc.collect()
    assert len(cache) == 0


# --- state.cached: keys derived from the function and its arguments -----------------------------------


def _dataset() -> state.Dataset:
    listings = pl.DataFrame(
        {"listing_id": ["a", "b", "c"], "company": ["X", "Y", "X"], "field": ["Data", "Data", "Web"]}
    )
    return state.Dataset(listings=listings, label="test")


CALLS: list[tuple] = []


def count_rows(frame: pl.DataFrame, company: str | None = None, *, columns: list[str] | None = None) -> int:
    """A module-level analytic that records its calls."""
    CALLS.append((company, tuple(columns or ())))
    return frame.height if company is None else frame.filter(pl.col("company") == company).height


def explode(frame: pl.DataFrame) -> int:
    CALLS.append(("explode",))
    raise RuntimeError("broken")


@pytest.fixture(autouse=True)
def _fresh_calls() -> None:
    CALLS.clear()


def test_cached_keys_distinguish_every_argument() -> None:
    dataset = _dataset()
    assert state.cached(dataset, count_rows, dataset.listings) == 3
    assert state.cached(dataset, count_rows, dataset.listings) == 3
    assert state.cached(dataset, count_rows, dataset.listings, "X") == 2
    assert state.cached(dataset, count_rows, dataset.listings, company="X") == 2  # keyword: its own key
    assert state.cached(dataset, count_rows, dataset.listings, "Y") == 1
    assert state.cached(dataset, count_rows, dataset.listings, "X", columns=["a"]) == 2
    assert state.cached(dataset, count_rows, dataset.listings, "X", columns=["b"]) == 2
    assert state.cached(dataset, count_rows, dataset.listings, "X", columns=["a"]) == 2
    assert len(CALLS) == 6


def test_cached_separates_datasets_and_frames() -> None:
    first, second = _dataset(), _dataset()
    assert state.cached(first, count_rows, first.listings) == 3
    assert state.cached(second, count_rows, second.listings.head(1)) == 1
    assert state.cached(second, count_rows, second.listings) == 3
    assert len(CALLS) == 3


def test_a_filtered_frame_is_keyed_by_its_spec_and_outlives_it() -> None:
    dataset = _dataset()
    spec = FilterSpec(companies=("X",), active_only=False)
    frame = state.filtered_listings(dataset, spec)
    assert state.cached(dataset, count_rows, frame) == 2
    del frame
    for company in ("Y", "Z", "W", "V"):  # push the filtered frame out of its small cache
        state.filtered_listings(dataset, FilterSpec(companies=(company,), active_only=False))
    gc.collect()
    again = state.filtered_listings(dataset, spec)
    assert state.cached(dataset, count_rows, again) == 2
    assert len(CALLS) == 1  # a new frame of the same filters: the result was reused


def test_an_unnamed_frame_is_keyed_by_identity() -> None:
    dataset = _dataset()
    frame = dataset.listings.head(2)
    assert state.cached(dataset, count_rows, frame) == 2
    assert state.cached(dataset, count_rows, frame) == 2
    assert state.cached(dataset, count_rows, dataset.listings.head(1)) == 1  # another object: computed
    assert len(CALLS) == 2


def test_cached_refuses_what_it_cannot_key() -> None:
    dataset = _dataset()
    with pytest.raises(TypeError, match="module-level function"):
        state.cached(dataset, lambda: 1)
    with pytest.raises(TypeError, match="cannot key an argument of type bytearray"):
        state.cached(dataset, count_rows, dataset.listings, bytearray(b"x"))


def apply_counter(counter, keys: tuple[str, ...]) -> int:
    """A module-level analytic that takes a hook, like rate_view's `count_outcomes`."""
    CALLS.append(("apply", keys))
    return counter(keys)


def rows_of(dataset: state.Dataset, keys: tuple[str, ...]) -> int:
    return dataset.listings.height + len(keys)


def test_a_partial_is_keyed_by_its_function_and_bound_arguments() -> None:
    first, second = _dataset(), _dataset()
    assert state.cached(first, apply_counter, functools.partial(rows_of, first), ("a",)) == 4
    assert state.cached(first, apply_counter, functools.partial(rows_of, first), ("a",)) == 4  # a new, equal partial
    assert state.cached(first, apply_counter, functools.partial(rows_of, second), ("a",)) == 4  # another dataset
    assert state.cached(first, apply_counter, functools.partial(rows_of, first), ("a", "b")) == 5
    assert len(CALLS) == 3
    with pytest.raises(TypeError, match="module-level function"):
        state.cached(first, apply_counter, functools.partial(lambda d, k: 0, first), ("a",))


def test_outcome_counts_are_shared_through_the_one_memo() -> None:
    outcomes = pl.DataFrame({"application_id": ["1", "2", "3"], "company": ["X", "X", "Y"], "stage": ["offer"] * 3})
    dataset = state.Dataset(listings=pl.DataFrame({"listing_id": ["a"]}), outcomes=outcomes, label="test")
    first = state.outcome_counts(dataset, ("company",))
    assert state.outcome_counter(dataset)(("company",)) is first  # the hook serves the same memoised frame
    assert sorted(first.get_column("company").to_list()) == ["X", "Y"]


def test_cached_errors_are_not_kept() -> None:
    dataset = _dataset()
    for _ in range(2):
        with pytest.raises(RuntimeError, match="broken"):
            state.cached(dataset, explode, dataset.listings)
    assert len(CALLS) == 2


def test_cached_is_single_flight_across_threads() -> None:
    dataset = _dataset()
    results = _together(N_THREADS, lambda: state.cached(dataset, slow_count, dataset.listings))
    assert results == [3] * N_THREADS
    assert CALLS == [("slow",)]


def slow_count(frame: pl.DataFrame) -> int:
    CALLS.append(("slow",))
    time.sleep(0.2)
    return frame.height


class Holder:
    """A big intermediate value (weak-referenceable, like GapFrames)."""

    def __init__(self, frame: pl.DataFrame, company: str) -> None:
        CALLS.append(("holder", company))
        self.frame = frame.filter(pl.col("company") == company)


def holder_rows(holder: Holder) -> int:
    CALLS.append(("rows",))
    return holder.frame.height


def test_cached_large_values_name_the_results_computed_from_them() -> None:
    dataset = _dataset()
    first = state.cached_large(dataset, Holder, dataset.listings, "X")
    assert state.cached_large(dataset, Holder, dataset.listings, "X") is first
    assert state.cached(dataset, holder_rows, first) == 2
    assert state.cached(dataset, holder_rows, state.cached_large(dataset, Holder, dataset.listings, "Y")) == 1
    assert CALLS == [("holder", "X"), ("rows",), ("holder", "Y"), ("rows",)]
    for company in ("A", "B", "C", "D"):  # push X out of the few large values kept (two)
        state.cached_large(dataset, Holder, dataset.listings, company)
    del first
    gc.collect()
    again = state.cached_large(dataset, Holder, dataset.listings, "X")
    assert state.cached(dataset, holder_rows, again) == 2
    assert CALLS.count(("holder", "X")) == 2 and CALLS.count(("rows",)) == 2  # rebuilt, but its result was kept
