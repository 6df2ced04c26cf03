"""FilterSpec.apply: rows that form one unbroken run are a slice of the listings (shared memory), never a copy."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.filters import FilterSpec


def listings(active: list[bool | None], fields: list[str]) -> pl.DataFrame:
    rows = len(active)
    return pl.DataFrame(
        {
            "listing_id": [f"L{row:07d}" for row in range(rows)],
            "title": [f"a title longer than twelve bytes {row % 3}" for row in range(rows)],
            "field": fields,
            "skills": [["Python", "SQL"][: row % 3] for row in range(rows)],
            "pay_hourly_usd": [None if row % 4 == 0 else 20.0 + row for row in range(rows)],
            "active": active,
        }
    )


def buffer_addresses(frame: pl.DataFrame) -> set[int]:
    exported = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    return {
        buffer.address
        for column in exported.columns
        for chunk in column.chunks
        for buffer in chunk.buffers()
        if buffer is not None and buffer.size
    }


def gathered(frame: pl.DataFrame, spec: FilterSpec) -> pl.DataFrame:
    """What apply returned before: every column gathered at the filter's rows."""
    return frame.select(pl.all().gather(spec.rows(frame)))


CASES = [
    # (active, fields, spec): every row open; open rows first; one field's block; rows scattered; none pass
    ([True, None, True, True, None, True], ["a"] * 6, FilterSpec()),
    ([True, True, True, False, False, False], ["a"] * 6, FilterSpec()),
    ([True] * 6, ["a", "a", "b", "b", "b", "c"], FilterSpec(fields=("b",))),
    ([True, False, True, False, True, True], ["a"] * 6, FilterSpec()),
    ([False] * 6, ["a"] * 6, FilterSpec()),
]


@pytest.mark.parametrize(("active", "fields", "spec"), CASES)
def test_apply_returns_the_rows_a_gather_returns(
    active: list[bool | None], fields: list[str], spec: FilterSpec
) -> None:
    frame = listings(active, fields)
    assert_frame_equal(spec.apply(frame), gathered(frame, spec))
    assert_frame_equal(spec.apply(frame, columns=["title", "field"]), gathered(frame, spec).select("title", "field"))


def test_every_row_open_shares_the_listings_memory() -> None:
    frame = listings([True, None, True, True], ["a"] * 4)
    kept = FilterSpec().apply(frame)
    assert kept.height == frame.height
    assert buffer_addresses(kept) <= buffer_addresses(frame)  # a gather would have made new buffers


def test_one_fields_block_shares_the_listings_memory() -> None:
    frame = listings([True] * 6, ["a", "a", "b", "b", "b", "c"])
    kept = FilterSpec(fields=("b",)).apply(frame)
    assert kept.get_column("listing_id").to_list() == ["L0000002", "L0000003", "L0000004"]
    assert buffer_addresses(kept) <= buffer_addresses(frame)
