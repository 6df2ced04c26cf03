"""`applicant_field_skills` built one field at a time (a lower memory peak at 10 M applications) gives the table the
single group-by over every field gave: the same (applicant, field) rows, skills and bit words, nulls included."""

from __future__ import annotations

import polars as pl
import pytest

import analytics.benchmark_pool as pool
from analytics.skill_sets import bit_columns, with_skill_bits
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes


def _one_pass(outcomes: pl.DataFrame) -> pl.DataFrame:
    """The table as it was built before: one streaming group-by over every field."""
    has_skills = pl.col("applicant_id").is_not_null() & (pl.col("applicant_skills").list.len() > 0)
    frame = (
        outcomes.lazy()
        .select("applicant_id", "field", "applicant_skills")
        .filter(has_skills)
        .group_by("applicant_id", "field")
        .agg(pl.col("applicant_skills").explode().unique().alias("skills"))
        .collect(engine="streaming")
    )
    return with_skill_bits(frame, "skills")


def _rows(table: pl.DataFrame) -> set[tuple[object, ...]]:
    """Each row as (applicant, field, skills as a set, bit words...): group-by order is not part of the answer."""
    words = bit_columns(table)
    frame = table.select(
        "applicant_id", pl.col("field").cast(pl.String), pl.col("skills").cast(pl.List(pl.String)), *words
    )
    return {(row[0], row[1], frozenset(row[2]), *row[3:]) for row in frame.iter_rows()}


def _outcomes(compact: bool) -> pl.DataFrame:
    """The sample's outcomes with null fields, applicants and skill lists mixed in."""
    rows = pl.read_parquet(sample_paths()["outcomes"]).with_row_index("i")
    rows = rows.with_columns(
        pl.when(pl.col("i") % 7 == 0).then(None).otherwise(pl.col("field")).alias("field"),
        pl.when(pl.col("i") % 11 == 0).then(None).otherwise(pl.col("applicant_id")).alias("applicant_id"),
        pl.when(pl.col("i") % 13 == 0).then(None).otherwise(pl.col("applicant_skills")).alias("applicant_skills"),
    ).drop("i")
    return compact_outcomes(rows) if compact else rows


@pytest.mark.parametrize("parts", [pool.FIELD_PARTS, 1])
@pytest.mark.parametrize("compact", [False, True])
def test_parts_give_the_one_pass_table(compact: bool, parts: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "FIELD_PARTS", parts)  # 1: more fields than parts, so one pass over every field
    outcomes = _outcomes(compact)
    assert outcomes.get_column("field").null_count() > 0 and outcomes.get_column("field").n_unique() > 2
    table = pool.applicant_field_skills(outcomes)
    expected = _one_pass(outcomes)
    assert table is not None and table.schema == expected.schema and table.height == expected.height
    assert _rows(table) == _rows(expected)
    assert table.filter(pl.col("field").is_null()).height > 0


def test_no_rows_with_skills_give_no_table() -> None:
    outcomes = _outcomes(True).with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("applicant_skills"))
    assert pool.applicant_field_skills(outcomes) is None
    assert pool.applicant_field_skills(_outcomes(True).head(0)) is None
