"""Where the server's memory goes (issue 9): the shared frames per column and the memo's values per function.

Plain Python (no streamlit), so a benchmark or a test calls it directly: `frame_sizes(listings)` and
`memo_sizes(state._caches())`. A frame or series is measured by the memory buffers it holds (exported zero-copy
through Arrow: `series_buffers`), a numpy array by its `nbytes`; they are found inside tuples, lists, dicts and
objects' attributes (dataclasses such as the applicant codes). A buffer reachable twice is counted once, and so is
any buffer of the `shared` frames (the dataset's own): a filter's gather keeps the text bytes of the frame it
gathered from, and a slice keeps its frame's buffers, so such a value costs only its own new buffers.

Polars' `estimated_size()` undercounts text by half (a String value is a 16-byte view, plus its bytes when longer
than 12), so it is not used: at 10,000,000 applications `applicant_id` is 76 MB estimated and 153 MB resident (freed
when dropped); the outcomes 737 MB estimated, 1,085 MB resident; 1,000,000 listings 309 MB estimated, 492 MB in
buffers, 505 MB resident.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Protocol

import numpy as np
import polars as pl


class Snapshotting(Protocol):
    """A memo cache that lists its entries (dashboard/weak_lru.py: `_WeakLru`)."""

    def snapshot(self) -> list[tuple[Hashable, Any]]: ...


def series_buffers(series: pl.Series) -> dict[int, int]:
    """The memory buffers `series` holds, address -> bytes (views, text, offsets, values, validity, of every chunk).

    Exported through Arrow without copying (the addresses are polars' own); a dtype Arrow cannot take (Object) gives
    one pseudo-buffer of its estimated size."""
    try:
        exported = series.to_arrow(compat_level=pl.CompatLevel.newest())
    except Exception:
        return {id(series): int(series.estimated_size())}
    buffers: dict[int, int] = {}
    for chunk in getattr(exported, "chunks", [exported]):
        _add_buffers(chunk, buffers)
    return buffers


def _add_buffers(array: Any, buffers: dict[int, int]) -> None:
    # Array.buffers() lists a nested array's children's buffers too; a dictionary's values are separate.
    for buffer in array.buffers():
        if buffer is not None:
            buffers[buffer.address] = max(buffers.get(buffer.address, 0), buffer.size)
    dictionary = getattr(array, "dictionary", None)
    if dictionary is not None:
        _add_buffers(dictionary, buffers)


def _new_bytes(buffers: dict[int, int], seen: set[Any]) -> int:
    """The bytes of `buffers` not in `seen` (then added to it)."""
    total = 0
    for address, size in buffers.items():
        if ("buffer", address) not in seen:
            seen.add(("buffer", address))
            total += size
    return total


def frame_sizes(frame: pl.DataFrame) -> pl.DataFrame:
    """Each column of `frame` with its dtype and the bytes of its buffers, largest first (ties by name)."""
    return pl.DataFrame(
        {
            "column": frame.columns,
            "dtype": [str(dtype) for dtype in frame.dtypes],
            "bytes": [sum(series_buffers(frame.get_column(name)).values()) for name in frame.columns],
        },
        schema={"column": pl.String, "dtype": pl.String, "bytes": pl.Int64},
    ).sort(["bytes", "column"], descending=[True, False])


def value_bytes(value: object, seen: set[Any]) -> int:
    """Bytes of the frames, series and arrays inside `value` (their buffers, `nbytes`), skipping objects whose id is
    in `seen` and buffers `("buffer", address)` in it (and adding every object and buffer it counts to `seen`)."""
    if id(value) in seen or value is None or isinstance(value, str | bytes | int | float | bool):
        return 0
    seen.add(id(value))
    if isinstance(value, pl.Series):
        return _new_bytes(series_buffers(value), seen)
    if isinstance(value, pl.DataFrame):
        return sum(_new_bytes(series_buffers(column), seen) for column in value.iter_columns())
    if isinstance(value, np.ndarray):  # a view counts as its base; one of polars' memory as that buffer
        root = value
        while isinstance(root.base, np.ndarray):
            root = root.base
        return _new_bytes({int(root.__array_interface__["data"][0]): int(root.nbytes)}, seen)
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
    """Per cache and entry name: how many entries and their bytes (`value_bytes`), largest first (ties by name)."""
    seen: set[Any] = set()
    for frame in shared:
        value_bytes(frame, seen)  # their objects and buffers are nobody's in particular
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


__all__ = ["entry_name", "frame_sizes", "memo_sizes", "series_buffers", "value_bytes"]
