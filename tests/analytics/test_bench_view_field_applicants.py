"""`field_applicants_of` takes one field's block of the (applicant, field) table as a slice: the very frame (rows,
order, columns, dtypes) the filter it replaced gave, for one field, several, an unknown one and a shuffled table."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.benchmark_pool import applicant_field_skills, field_applicants_of
from analytics.skill_sets import bit_columns
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes
from data_loaders.schema import FIELDS


def filtered(table: pl.DataFrame, fields: tuple[str, ...]) -> tuple[pl.DataFrame, str]:
    """The previous `field_applicants_of`: a filter, then a group-by whenever an applicant id repeats."""
    in_fields = table.filter(pl.col("field").is_in(list(fields)))
    scope = "applicants to comparable fields"
    if in_fields.is_empty():
        in_fields, scope = table, "applicants (none applied in this field, so all applicants)"
    in_fields = in_fields.drop("field")
    if in_fields.get_column("applicant_id").n_unique() < in_fields.height:
        in_fields = in_fields.group_by("applicant_id").agg(
            pl.col("skills").explode().unique(), *[pl.col(name).bitwise_or() for name in bit_columns(in_fields)]
        )
    return in_fields, scope


@pytest.fixture(scope="module", params=[False, True], ids=["text", "compact"])
def table(request: pytest.FixtureRequest) -> pl.DataFrame:
    outcomes = pl.read_parquet(sample_paths()["outcomes"])
    built = applicant_field_skills(compact_outcomes(outcomes) if request.param else outcomes)
    assert built is not None
    return built


FIELD_SETS = [(name,) for name in FIELDS] + [("No such field",), (FIELDS[1], FIELDS[1])]


@pytest.mark.parametrize("fields", FIELD_SETS)
def test_one_field_is_the_filtered_frame(table: pl.DataFrame, fields: tuple[str, ...]) -> None:
    ours, theirs = field_applicants_of(table, fields), filtered(table, fields)
    assert ours is not None
    assert ours[1] == theirs[1]
    # Nobody in an unknown field: every applicant, merged by a group-by, whose row order is its own on both paths.
    assert_frame_equal(ours[0], theirs[0], check_row_order=fields != ("No such field",))


def test_a_shuffled_table_gives_the_filtered_frame_too(table: pl.DataFrame) -> None:
    shuffled = table.sample(fraction=1.0, shuffle=True, seed=3)
    for fields in FIELD_SETS[:3]:
        ours = field_applicants_of(shuffled, fields)
        assert ours is not None
        assert_frame_equal(ours[0], filtered(shuffled, fields)[0])


def test_several_fields_still_merge_an_applicant(table: pl.DataFrame) -> None:
    fields = tuple(FIELDS[:3])
    ours, theirs = field_applicants_of(table, fields), filtered(table, fields)
    assert ours is not None
    assert ours[0].get_column("applicant_id").n_unique() == ours[0].height
    assert_frame_equal(ours[0], theirs[0], check_row_order=False)


def test_the_comparison_can_fail(table: pl.DataFrame) -> None:
    ours = field_applicants_of(table, (FIELDS[0],))
    assert ours is not None and not ours[0].equals(filtered(table, (FIELDS[1],))[0])
