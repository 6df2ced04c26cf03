"""Duplicate ids made unique: the first row keeps its id, later repeats get `<id>-N` that no row has."""

from __future__ import annotations

import polars as pl

__all__ = ["unique_ids"]

_MAX_ROUNDS = 64  # each round moves every clashing suffix up by one; real data needs one or two


def unique_ids(ids: pl.Series) -> pl.Series:
    """`ids` with every repeat renamed `<id>-N` (N from 2 up), skipping any N whose id already exists."""
    frame = pl.DataFrame({"id": ids.cast(pl.String)})
    nth = frame.select(pl.int_range(pl.len()).over("id")).to_series()
    repeated = (nth > 0) & frame["id"].is_not_null()
    if not repeated.any():
        return ids
    existing = frame["id"].drop_nulls().unique().implode()
    suffix = nth + 1
    for _ in range(_MAX_ROUNDS):
        candidate = pl.select(
            pl.when(repeated).then(pl.format("{}-{}", frame["id"], suffix)).otherwise(frame["id"])
        ).to_series()
        # Against the ids already there, and against an earlier row that took the same new id.
        clash = repeated & (candidate.is_in(existing) | ~candidate.is_first_distinct())
        if not clash.any():
            return candidate.alias(ids.name)
        suffix = suffix + clash.cast(pl.Int64)
    # Pathological inputs (ids built to collide round after round): fall back to the row position.
    position = pl.int_range(1, len(ids) + 1, eager=True)
    fallback = pl.select(
        pl.when(repeated).then(pl.format("{}-row{}", frame["id"], position)).otherwise(frame["id"])
    ).to_series()
    return fallback.alias(ids.name)
