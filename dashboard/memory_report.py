"""Where the server's memory goes (issue 9): the shared frames per column and the memo's values per function.

Plain Python (no streamlit), so a benchmark or a test calls it directly: `frame_sizes(listings)` and
`memo_sizes(state._caches())`. Sizes are polars' `estimated_size()` for frames and series and `nbytes` for numpy
arrays, found inside tuples, lists, dicts and objects' attributes (dataclasses such as the applicant codes); an
object reachable twice is counted once, and so are `shared` frames (the dataset's own, which every value refers to
by reference). The estimates fall short of resident memory (1,000,000 listings: 309 MB estimated, ~520 MB resident
once read), so read them as lower bounds and the resident size (`benchmarks/bench_measure.py`) as the truth.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Protocol

import numpy as np
import polars as pl


class Snapshotting(Protocol):
    """A memo cache that lists its entries (dashboard/weak_lru.py: `_WeakLru`)."""

    def snapshot(self) -> list[tuple[Hashable, Any]]: ...


def frame_sizes(frame: pl.DataFrame) -> pl.DataFrame:
    """Each column of `frame` with its dtype and estimated bytes, largest first (ties by name)."""
    return pl.DataFrame(
        {
            "column": frame.columns,
            "dtype": [str(dtype) for dtype in frame.dtypes],
            "bytes": [int(frame.get_column(name).estimated_size()) for name in frame.columns],
        },
        schema={"column": pl.String, "dtype": pl.String, "bytes": pl.Int64},
    ).sort(["bytes", "column"], descending=[True, False])


def value_bytes(value: object, seen: set[int]) -> int:
    """Estimated bytes of the frames, series and arrays inside `value`, skipping objects whose id is in `seen`
    (and adding every object it counts to `seen`)."""
    if id(value) in seen or value is None or isinstance(value, str | bytes | int | float | bool):
        return 0
    seen.add(id(value))
    if isinstance(value, pl.DataFrame | pl.Series):
        return int(value.estimated_size())
    if isinstance(value, np.ndarray):
        return int(value.nbytes) if value.base is None else value_bytes(value.base, seen)
    if isinstance(value, Mapping):
        return sum(value_bytes(item, seen) for item in value.values())
    if isinstance(value, tuple | list | set | frozenset):
        return sum(value_bytes(item, seen) for item in value)
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        return value_bytes(attributes, seen)
    slots: Iterable[str] = getattr(type(value), "__slots__", ())
    return sum(value_bytes(getattr(value, name, None), seen) for name in slots)


def entry_name(key: Hashable) -> str:
    """What a memo entry is named by: 'module.function' for a `cached` call's key, else the key's text (cut)."""
    if isinstance(key, tuple) and key and isinstance(key[0], tuple) and len(key[0]) == 2:
        module, name = key[0]
        if isinstance(module, str) and isinstance(name, str):
            return f"{module}.{name}"
    return str(key)[:80]


def memo_sizes(caches: Mapping[str, Snapshotting], shared: Iterable[object] = ()) -> pl.DataFrame:
    """Per cache and entry name: how many entries and their estimated bytes, largest first (ties by name)."""
    seen = {id(frame) for frame in shared}
    totals: dict[tuple[str, str], list[int]] = {}
    for cache, lru in caches.items():
        for key, value in lru.snapshot():
            total = totals.setdefault((cache, entry_name(key)), [0, 0])
            total[0] += 1
            total[1] += value_bytes(value, seen)
    rows = [(cache, name, n, size) for (cache, name), (n, size) in totals.items()]
    return pl.DataFrame(
        rows, schema={"cache": pl.String, "entry": pl.String, "entries": pl.Int64, "bytes": pl.Int64}, orient="row"
    ).sort(["bytes", "cache", "entry"], descending=[True, False, False])


__all__ = ["entry_name", "frame_sizes", "memo_sizes", "value_bytes"]
