"""data_loaders/compact.py: outcomes stored compactly keep every value, row and column; what stays String and why."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import compact as compact_module
from data_loaders import sample_paths
from data_loaders.compact import (
    BYTE_CATEGORIES,
    CATEGORICAL_COLUMNS,
    MAX_CATEGORIES,
    NARROW_NAMESPACE,
    categorical_dtype,
    compact_outcomes,
    expand_outcomes,
    read_compact_outcomes,
    restore_text,
)
from data_loaders.schema import STAGES, STATUSES, empty_frame


@pytest.fixture(scope="module")
def sample_outcomes() -> pl.DataFrame:
    return pl.read_parquet(sample_paths()["outcomes"])


def test_sample_columns_become_enum_and_categorical(sample_outcomes: pl.DataFrame) -> None:
    compact = compact_outcomes(sample_outcomes)
    assert compact.schema["stage"] == pl.Enum(STAGES)
    assert compact.schema["status"] == pl.Enum(STATUSES)
    for name in CATEGORICAL_COLUMNS:
        # A few values each: one byte per row (two above BYTE_CATEGORIES values), in the column's own mapping, not
        # the global dictionary's four bytes
        physical = pl.UInt8 if sample_outcomes.get_column(name).n_unique() <= BYTE_CATEGORIES else pl.UInt16
        assert compact.schema[name] == categorical_dtype(sample_outcomes.get_column(name)), name
        assert _narrow(compact.schema[name]), name
        assert compact.get_column(name).to_physical().dtype == physical, name
    # Ids stay as they were (region is Categorical, above); the skills lists hold Enum codes of the sorted skills.
    assert "region" in CATEGORICAL_COLUMNS
    for name in ("application_id", "applicant_id", "listing_id"):
        assert compact.schema[name] == pl.String, name
    skills = sample_outcomes.get_column("applicant_skills").explode().drop_nulls().unique().sort().to_list()
    assert compact.schema["applicant_skills"] == pl.List(pl.Enum(skills))
    assert compact.columns == sample_outcomes.columns
    assert compact.estimated_size() < sample_outcomes.estimated_size()


def test_values_nulls_and_order_are_unchanged(sample_outcomes: pl.DataFrame) -> None:
    with_nulls = sample_outcomes.with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 0).then(None).otherwise(pl.col(name)).alias(name)
        for name in ("stage", "company", "term", "major")
    )
    assert_frame_equal(expand_outcomes(compact_outcomes(with_nulls)), with_nulls)


def test_compact_is_idempotent_and_returns_the_same_frame(sample_outcomes: pl.DataFrame) -> None:
    compact = compact_outcomes(sample_outcomes)
    # The same object: a dataset keeping the sample's outcomes still shares (and is not charged for) that frame.
    assert compact_outcomes(compact) is compact


def test_counts_and_empty_frames_are_left_alone() -> None:
    counts = pl.DataFrame({"company": ["A", "B"], "applications": [10, 20]})
    assert compact_outcomes(counts) is counts
    empty = empty_frame("outcomes")
    compact = compact_outcomes(empty)
    assert compact.height == 0
    assert compact.schema["stage"] == pl.Enum(STAGES)


def test_a_stage_outside_the_vocabulary_is_kept_as_categorical() -> None:
    frame = pl.DataFrame({"stage": ["applied", "phone call", None], "company": ["A", "A", "B"] * 1})
    compact = compact_outcomes(frame)
    assert compact.schema["stage"] == pl.Categorical()
    assert compact["stage"].cast(pl.String).to_list() == ["applied", "phone call", None]


def test_near_unique_text_stays_string() -> None:
    """Categories live in one process-wide dictionary: near-unique text must not grow it."""
    n = 1_000
    frame = pl.DataFrame(
        {"stage": ["applied"] * n, "title": [f"title {i}" for i in range(n)], "company": ["A", "B"] * (n // 2)}
    )
    compact = compact_outcomes(frame)
    assert compact.schema["title"] == pl.String  # 1,000 distinct of 1,000 rows
    assert compact.get_column("company").to_physical().dtype == pl.UInt8
    assert MAX_CATEGORIES >= 10_000  # the generator's 414 titles and 144 companies fit comfortably


def test_restore_text_only_touches_compacted_outcome_columns() -> None:
    frame = pl.DataFrame(
        {
            "company": pl.Series(["B", "A"], dtype=pl.Categorical),
            "stage": pl.Series(["offer", "applied"], dtype=pl.Enum(STAGES)),
            "gpa_band": pl.Series(["< 3.0", "3.8–4.0"], dtype=pl.Enum(["< 3.0", "3.8–4.0"])),
        }
    )
    restored = restore_text(frame)
    assert restored.dtypes == [pl.String, pl.String, frame["gpa_band"].dtype]
    assert restore_text(frame, ["company"]).schema["stage"] == pl.Enum(STAGES)
    assert restored["company"].to_list() == ["B", "A"]


def test_categorical_sorts_lexically_as_strings_do(sample_outcomes: pl.DataFrame) -> None:
    """The rule the analytics rely on: a Categorical column sorts as its strings (not by first appearance)."""
    compact = compact_outcomes(sample_outcomes)
    for name in CATEGORICAL_COLUMNS:
        ordered = compact.select(pl.col(name).unique().sort()).to_series().cast(pl.String).to_list()
        assert ordered == sample_outcomes.select(pl.col(name).unique().sort()).to_series().to_list(), name


def test_reading_a_file_compact_equals_compacting_it(sample_outcomes: pl.DataFrame, tmp_path: Path) -> None:
    assert_frame_equal(read_compact_outcomes(sample_paths()["outcomes"]), compact_outcomes(sample_outcomes))
    # An unusual stage, near-unique titles and aggregated counts take the same decisions as in memory.
    odd = sample_outcomes.head(2_000).with_columns(
        pl.format("title {}", pl.int_range(pl.len())).alias("title"),
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("phone call")).otherwise(pl.col("stage")).alias("stage"),
    )
    counts = pl.DataFrame({"company": ["A", "B"], "applications": [10, 20]})
    for name, frame in (("odd", odd), ("counts", counts)):
        path = tmp_path / f"{name}.parquet"
        frame.write_parquet(path)
        assert_frame_equal(read_compact_outcomes(path), compact_outcomes(frame))
    assert read_compact_outcomes(tmp_path / "odd.parquet").schema["title"] == pl.String
    assert read_compact_outcomes(tmp_path / "odd.parquet").schema["stage"] == pl.Categorical()


def _companies(prefix: str, distinct: int, rows: int) -> pl.DataFrame:
    return pl.DataFrame({"stage": ["applied"] * rows, "company": [f"{prefix}{i % distinct}" for i in range(rows)]})


def test_more_values_take_two_bytes_a_row_and_read_the_same() -> None:
    frame = _companies("two bytes ", 400, 2_000)
    compact = compact_outcomes(frame)
    assert compact.get_column("company").to_physical().dtype == pl.UInt16
    assert compact.get_column("company").cast(pl.String).to_list() == frame.get_column("company").to_list()
    # Inside expressions it compares, filters and groups as its text does
    assert compact.filter(pl.col("company") == "two bytes 7").height == 5
    assert compact.filter(pl.col("company").is_in(["two bytes 7", "not a company"])).height == 5
    assert compact.filter(pl.col("company") == "not a company").height == 0
    assert compact.group_by("company").len().height == 400


def _narrow(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.Categorical) and dtype.categories.namespace().startswith(f"{NARROW_NAMESPACE}.")


def test_the_same_values_share_a_mapping_other_values_get_their_own() -> None:
    """Named by the column and its values: equal frames have equal types, and another dataset's values never go into
    (or fill up) this one's mapping."""
    one, same = compact_outcomes(_companies("a ", 3, 6)), compact_outcomes(_companies("a ", 3, 12))
    other = compact_outcomes(_companies("b ", 3, 6))
    assert one.schema["company"] == same.schema["company"]
    assert other.schema["company"] != one.schema["company"]
    assert all(_narrow(frame.schema["company"]) for frame in (one, same, other))
    assert one.schema["company"].categories.to_series().sort().to_list() == ["a 0", "a 1", "a 2"]


def test_a_file_with_more_values_than_its_first_rows_falls_back_to_the_global_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read compact, a column's mapping is chosen on the file's first rows: when later rows bring more values than it
    holds (255 for one byte), the columns go to the global dictionary instead, every value kept."""
    monkeypatch.setattr(compact_module, "SAMPLE_ROWS", 100)
    frame = pl.concat([_companies("first ", 10, 100), _companies("later ", 300, 900)])
    path = tmp_path / "more.parquet"
    frame.write_parquet(path)
    read = read_compact_outcomes(path)
    assert read.schema["company"] == pl.Categorical()
    assert_frame_equal(expand_outcomes(read), frame)
    # With as many rows judged as the file has, one mapping of two bytes a row
    monkeypatch.setattr(compact_module, "SAMPLE_ROWS", 1_000)
    read = read_compact_outcomes(path)
    assert _narrow(read.schema["company"]) and read.get_column("company").to_physical().dtype == pl.UInt16
    assert_frame_equal(read, compact_outcomes(frame))
