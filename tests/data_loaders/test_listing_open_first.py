"""data_loaders/listing_order.py: open listings first, each part in file order; the default view is then a slice."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.filters import FilterSpec
from data_loaders.listing_order import open_first, open_first_already, read_open_first


def listings(active: list[bool | None]) -> pl.DataFrame:
    rows = len(active)
    return pl.DataFrame(
        {
            "listing_id": [f"L{row:07d}" for row in range(rows)],
            "title": [f"a title longer than twelve bytes {row}" for row in range(rows)],
            "skills": [["Python", "SQL", "Git"][: row % 4] for row in range(rows)],
            "pay_hourly_usd": [None if row % 3 == 0 else 20.0 + row for row in range(rows)],
            "active": active,
        }
    )


def stable_partition(frame: pl.DataFrame) -> pl.DataFrame:
    """The expected order, by a different route: a stable sort on 'closed'."""
    order = frame.select(pl.arg_sort_by(~pl.col("active").fill_null(True), maintain_order=True)).to_series()
    return frame.select(pl.all().gather(order))


def written(frame: pl.DataFrame, path: Path) -> Path:
    # Several row groups, so the file is read in pieces as real files are.
    frame.write_parquet(path, row_group_size=7)
    return path


def buffer_addresses(frame: pl.DataFrame) -> set[int]:
    exported = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    return {b.address for c in exported.columns for k in c.chunks for b in k.buffers() if b is not None and b.size}


MIXED = [True, False, None, False, True, True, False, None, True, False] * 5


@pytest.mark.parametrize(
    "active", [MIXED, [True] * 10 + [False] * 10, [None] * 12, [False] * 9, [False, True]], ids=str
)
def test_read_open_first_is_a_stable_partition_in_one_chunk(tmp_path: Path, active: list[bool | None]) -> None:
    frame = listings(active)
    path = written(frame, tmp_path / "listings.parquet")
    read = read_open_first(path)
    assert_frame_equal(read, stable_partition(frame))
    assert all(chunks == 1 for chunks in read.n_chunks("all"))
    assert_frame_equal(open_first(frame), stable_partition(frame))
    assert open_first_already(read.get_column("active"))


def test_without_an_active_column_the_file_is_read_as_it_is(tmp_path: Path) -> None:
    frame = listings(MIXED).drop("active")
    path = written(frame, tmp_path / "listings.parquet")
    assert_frame_equal(read_open_first(path), frame)
    assert open_first(frame) is frame


def test_the_default_view_is_the_same_rows_and_a_slice(tmp_path: Path) -> None:
    frame = listings(MIXED)
    held = read_open_first(written(frame, tmp_path / "listings.parquet"))
    default = FilterSpec().apply(held)
    assert_frame_equal(default, frame.filter(pl.col("active").fill_null(True)))  # the very rows, in the same order
    assert buffer_addresses(default) <= buffer_addresses(held)  # no copy
    everything = FilterSpec(active_only=False).apply(held)
    assert_frame_equal(everything.sort("listing_id"), frame)  # the same rows, closed ones after the open ones
