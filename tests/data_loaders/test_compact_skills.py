"""data_loaders/compact.py: applicant skills as List(Enum) keep every list, null and value; reading a file compact
gives the same frame as compacting it in memory, also when a skill first appears after the rows it samples."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import compact as compact_module
from data_loaders.compact import compact_outcomes, expand_outcomes, read_compact_outcomes, restore_text

LISTS: list[list[str | None] | None] = [["SQL", "Python"], [], None, ["Python", None, "Python"], ["R"], ["Excel"]]


def outcomes(lists: list[list[str | None] | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"stage": ["applied"] * len(lists), "applicant_skills": lists},
        schema={"stage": pl.String, "applicant_skills": pl.List(pl.String)},
    )


def test_skills_become_enum_codes_and_come_back_unchanged() -> None:
    frame = outcomes(LISTS * 3)
    compact = compact_outcomes(frame)
    assert compact.schema["applicant_skills"] == pl.List(pl.Enum(["Excel", "Python", "R", "SQL"]))
    assert_frame_equal(expand_outcomes(compact), frame)
    assert_frame_equal(
        restore_text(compact, ["applicant_skills"]).select("applicant_skills"), frame.select("applicant_skills")
    )
    # Sorted as text, the codes sort as the strings do; string comparisons still work.
    exploded = compact.get_column("applicant_skills").explode().drop_nulls()
    assert exploded.sort().cast(pl.String).to_list() == exploded.cast(pl.String).sort().to_list()
    assert compact.select(pl.col("applicant_skills").list.contains("Python")).to_series().to_list() == (
        frame.select(pl.col("applicant_skills").list.contains("Python")).to_series().to_list()
    )


def test_near_unique_skills_or_none_stay_strings() -> None:
    unique = outcomes([[f"skill {i}", f"other {i}"] for i in range(50)])
    assert compact_outcomes(unique).schema["applicant_skills"] == pl.List(pl.String)
    empty = outcomes([[], None])
    assert compact_outcomes(empty).schema["applicant_skills"] == pl.List(pl.String)


@pytest.mark.parametrize("late_skill", [False, True])
def test_reading_compact_equals_compacting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late_skill: bool) -> None:
    lists = LISTS * 20 + ([["Rust", "SQL"]] if late_skill else [["SQL"]])
    frame = outcomes(lists)
    path = tmp_path / "outcomes.parquet"
    frame.write_parquet(path)
    monkeypatch.setattr(compact_module, "SAMPLE_ROWS", 30)  # "Rust" only after the sampled rows

    def whole_file_in_memory(*args: object, **kwargs: object) -> pl.DataFrame:
        raise AssertionError("the file was read into memory as strings")

    monkeypatch.setattr(pl, "read_parquet", whole_file_in_memory)  # a late skill is judged by streaming scans
    read = read_compact_outcomes(path)
    assert_frame_equal(read, compact_outcomes(frame))
    skills = ["Excel", "Python", "R", *(["Rust"] if late_skill else []), "SQL"]
    assert read.schema["applicant_skills"] == pl.List(pl.Enum(skills))
    assert_frame_equal(expand_outcomes(read), frame)
