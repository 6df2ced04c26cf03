"""Per-person skill sets as bit masks: "holds every required skill" as a few integer operations per person.

`with_skill_bits(frame, column)` numbers the skills of a list column by an Enum vocabulary — the column's own when
it is List(Enum), as data_loaders/compact.py stores applicant skills, else the sorted skills it lists — and adds,
per row, words of bits: bit `c % 64` of word `c // 64` is set when the row lists the skill with code `c`. Built once
per population (one row per applicant), it lets `pool_counts` answer for any set of required skills who holds all
of them and who misses exactly one, with an AND and a popcount per word over the rows, instead of filtering every
person's list (analytics/benchmark_pool.py: the Benchmark's candidate pool on each new skill). A vocabulary of more
than `MAX_WORDS` words keeps the list column alone, and the caller counts on the lists.
"""

from __future__ import annotations

import numpy as np
import polars as pl

MAX_WORDS = 16  # 1,024 skills: 128 bytes per person; a larger vocabulary keeps the list path
BITS_PREFIX = "_skill_bits_"


def coded_skills(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`frame` with the list column `column` as List(Enum): its own Enum, else the sorted distinct values it lists."""
    dtype = frame.schema[column]
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Enum):
        return frame
    text = pl.col(column).cast(pl.List(pl.String))
    vocabulary = frame.select(text.explode().drop_nulls().unique().sort()).to_series().to_list()
    return frame.with_columns(text.cast(pl.List(pl.Enum(vocabulary))))


def vocabulary_of(frame: pl.DataFrame, column: str) -> list[str]:
    """The Enum vocabulary of the List(Enum) column `column` (in code order)."""
    dtype = frame.schema[column]
    assert isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Enum), f"{column} is {dtype}, not List(Enum)"
    return list(dtype.inner.categories.to_list())


def bit_columns(frame: pl.DataFrame) -> list[str]:
    """The bit-word columns `with_skill_bits` added to `frame` (none when it did not)."""
    return [name for name in frame.columns if name.startswith(BITS_PREFIX)]


def with_skill_bits(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`frame` with `column` coded (`coded_skills`) and one UInt64 column of bits per 64 skills of its vocabulary.

    Null values in a list are no skill; a skill listed twice sets its bit once. Without bit columns when the
    vocabulary needs more than `MAX_WORDS` words.
    """
    frame = coded_skills(frame, column)
    words = max(-(-len(vocabulary_of(frame, column)) // 64), 1)
    if words > MAX_WORDS:
        return frame
    lists = frame.get_column(column)
    lengths = lists.list.len().fill_null(0).to_numpy()
    values_in_order = lists.explode(empty_as_null=False, keep_nulls=False)  # a null list has none
    listed = values_in_order.is_not_null().to_numpy()
    codes = values_in_order.to_physical().fill_null(0).to_numpy().astype(np.uint64)
    starts = (np.cumsum(lengths) - lengths)[lengths > 0].astype(np.intp)  # each non-empty list's first value
    columns = []
    for word in range(words):
        bits = np.where(listed & (codes // 64 == word), np.left_shift(np.uint64(1), codes % 64), np.uint64(0))
        values = np.zeros(frame.height, dtype=np.uint64)
        if codes.size:
            values[lengths > 0] = np.bitwise_or.reduceat(bits, starts)
        columns.append(pl.Series(f"{BITS_PREFIX}{word}", values, dtype=pl.UInt64))
    return frame.with_columns(columns)


def pool_counts(frame: pl.DataFrame, column: str, required: list[str]) -> tuple[int, int, dict[str, int]] | None:
    """(people holding every required skill, people missing exactly one, per required skill the latter holding it).

    Read from the bit columns of `with_skill_bits(frame, column)`; None when `frame` has none (count on the lists).
    `required` are distinct names; one outside the vocabulary is held by nobody.
    """
    words = bit_columns(frame)
    if not words:
        return None
    codes = {name: code for code, name in enumerate(vocabulary_of(frame, column))}
    masks: dict[int, int] = {}
    for name in required:
        if name in codes:
            masks[codes[name] // 64] = masks.get(codes[name] // 64, 0) | 1 << (codes[name] % 64)
    held = pl.sum_horizontal(
        pl.lit(0, dtype=pl.UInt32),
        *((pl.col(words[word]) & pl.lit(mask, dtype=pl.UInt64)).bitwise_count_ones() for word, mask in masks.items()),
    )
    near = pl.col("_held") == len(required) - 1
    per_skill = [
        (near & ((pl.col(words[codes[name] // 64]) & pl.lit(1 << (codes[name] % 64), dtype=pl.UInt64)) != 0))
        .sum()
        .alias(f"_holding_{index}")
        for index, name in enumerate(required)
        if name in codes
    ]
    counts = (
        frame.select(*words, held.alias("_held"))
        .select((pl.col("_held") == len(required)).sum().alias("_holders"), near.sum().alias("_near"), *per_skill)
        .row(0, named=True)
    )
    holding = {name: int(counts[f"_holding_{index}"]) for index, name in enumerate(required) if name in codes}
    return int(counts["_holders"]), int(counts["_near"]), holding
