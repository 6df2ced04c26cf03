"""dashboard/memory_report.py: frames per column, memo values per function, each object counted once."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard.dataset import Dataset
from dashboard.memo_keys import call_key
from dashboard.memory_report import entry_name, frame_sizes, memo_sizes, value_bytes
from dashboard.weak_lru import _WeakLru


@dataclass
class Holder:
    codes: np.ndarray
    keys: dict[str, np.ndarray] = field(default_factory=dict)


def summed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.len().alias("rows"))


def test_frame_sizes_lists_every_column_largest_first() -> None:
    frame = pl.DataFrame({"small": pl.Series([1, 2, 3], dtype=pl.Int8), "big": [1.0, 2.0, 3.0]})
    expected = pl.DataFrame({"column": ["big", "small"], "dtype": ["Float64", "Int8"], "bytes": [24, 3]})
    assert_frame_equal(frame_sizes(frame), expected)


def test_value_bytes_counts_arrays_in_objects_once_and_skips_seen() -> None:
    codes = np.zeros(1000, dtype=np.uint32)
    holder = Holder(codes, {"a": np.zeros(500, dtype=np.uint8), "again": codes})
    assert value_bytes(holder, set()) == 4000 + 500
    assert value_bytes([holder, holder, codes[:10]], set()) == 4500  # a view counts as its base, seen already
    frame = pl.DataFrame({"x": list(range(100))})
    assert value_bytes((frame, "text", 3), {id(frame)}) == 0
    assert value_bytes({"f": frame, "s": frame.get_column("x")}, set()) == 800  # the column is the frame's buffer
    assert value_bytes({"f": frame, "s": frame.get_column("x") + 1}, set()) == 1600


def test_text_counts_its_views_and_a_gather_only_its_new_buffers() -> None:
    words = pl.Series("w", ["a short one", "a value longer than twelve bytes"] * 500)
    # polars' estimate undercounts views; the buffers are 16 bytes a value plus the long values' bytes (and no less).
    assert value_bytes(words, set()) >= 16 * 1000 + 32 * 500 > words.estimated_size()
    seen: set[object] = set()
    value_bytes(words, seen)
    picked = words.gather(list(range(0, 1000, 2)))  # new views, the same text bytes
    assert 16 * 500 <= value_bytes(picked, seen) < 16 * 500 + 32 * 500


def test_memo_sizes_groups_entries_by_function_without_shared_frames() -> None:
    listings = pl.DataFrame({"x": list(range(1000))})
    dataset = Dataset(listings=listings)
    results, filtered = _WeakLru(8), _WeakLru(2)
    for rows in (10, 20):
        part = listings.head(rows)
        results.get_or_compute(dataset, call_key(dataset, summed, (part,), {}, []), functools.partial(summed, part))
    results.get_or_compute(dataset, ("plain", 1), lambda: listings)  # the dataset's own frame: shared, 0 bytes
    filtered.get_or_compute(dataset, "spec", lambda: listings.tail(100) + 0)
    report = memo_sizes({"results": results, "filtered": filtered}, shared=[listings])
    name = f"{__name__}.summed"
    expected = pl.DataFrame(
        {
            "cache": ["filtered", "results", "results"],
            "entry": ["spec", name, "('plain', 1)"],
            "entries": [1, 2, 1],
            "bytes": [800, 8, 0],
        }
    )
    assert_frame_equal(report, expected)


@pytest.mark.parametrize(("key", "name"), [((("m", "f"), (), ()), "m.f"), ("spec", "spec"), ((1, 2), "(1, 2)")])
def test_entry_name(key: Hashable, name: str) -> None:
    assert entry_name(key) == name


def test_snapshot_is_every_live_entry_oldest_first() -> None:
    owner = pl.DataFrame({"x": [1]})
    lru = _WeakLru(2)
    for key in ("a", "b", "c"):
        lru.get_or_compute(owner, key, functools.partial(str.upper, key))
    assert lru.snapshot() == [("b", "B"), ("c", "C")]
