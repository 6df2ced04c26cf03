"""A filter's slices among one kept value's rows, split from that value's group sizes (analytics/slice_split.py), equal
the ones counted directly: every frame `coded_parts` gives must equal the polars group-by's (`polars_parts`, the
reference), with nulls, rows without an applicant id, applicants with several rows in one group, several countries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import applicant_sizes, row_picks, slice_coded, slice_split
from analytics.applicant_sizes import applicant_codes
from analytics.differencing import active_filters, coded_parts, polars_parts
from analytics.filters import FilterSpec
from analytics.slice_split import split_source
from tests.analytics.random_outcomes import FIELDS, random_outcomes, sorted_rows

COMPANIES = ["Acme", "Bolt", "Cato", "Dyne"]


class RecordingMemo:
    """Keyed like the dashboard's memo (frames and codes by identity); records the parts it was asked for."""

    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], Any] = {}
        self.asked: list[tuple[Any, ...]] = []

    def __call__(self, function: Any, /, *args: Any) -> Any:
        key = (function.__name__, *[id(a) if isinstance(a, pl.DataFrame) or hasattr(a, "codes") else a for a in args])
        self.asked.append(args[2:])
        if key not in self.results:
            self.results[key] = function(*args)
        return self.results[key]


@pytest.fixture
def always_split() -> Iterator[None]:
    """Every column gets `alone` marks (as the warm-up gives a column of many values at 10,000,000 rows) and the split
    is taken whenever it applies, however few rows the filters keep."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(applicant_sizes, "_DENSE_CELLS", 0)
        patch.setattr(slice_split, "_SPLIT_SHARE", 10**9)
        patch.setattr(slice_split, "_SELECTED_SHARE", 0)
        yield


def _outcomes(seed: int, n: int) -> pl.DataFrame:
    return random_outcomes(seed, n, applicants=(3, 60), companies=COMPANIES)


def _check(outcomes: pl.DataFrame, spec: FilterSpec, by: str | None) -> RecordingMemo:
    filters = active_filters(spec, outcomes.columns)
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    expected = polars_parts(outcomes, spec, by, filters, others, counts=False, ids=True)
    people = applicant_codes(outcomes)
    people.prepare(outcomes, ["company", "region", "field", "term"])
    memo = RecordingMemo()
    got = coded_parts(outcomes, by, filters, others, people, memo)
    assert len(got) == len(expected)
    for ours, reference in zip(got, expected, strict=True):
        assert ours.schema == reference.schema
        assert sorted_rows(ours).equals(sorted_rows(reference))
    return memo


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 400),
    fields=st.lists(st.sampled_from([*FIELDS, "Nursing"]), min_size=1, max_size=2, unique=True),  # Nursing: no row
    countries=st.lists(st.sampled_from(["US", "CA", "DE", "GB", "FR"]), min_size=1, max_size=3, unique=True),
    by=st.sampled_from([None, "company", "region", "field", "term"]),
)
def test_split_sizes_equal_the_polars_group_bys(
    seed: int, n: int, fields: list[str], countries: list[str], by: str | None
) -> None:
    # One field kept, the countries sliced; one country kept, the fields sliced (each filter is the other's kept).
    spec = FilterSpec(fields=tuple(fields), countries=tuple(countries))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(applicant_sizes, "_DENSE_CELLS", 0)
        patch.setattr(slice_split, "_SPLIT_SHARE", 10**9)
        patch.setattr(slice_split, "_SELECTED_SHARE", 0)
        _check(_outcomes(seed, n), spec, by)


@pytest.mark.parametrize("few_kept", [0, 10**9], ids=["rows numbered", "rows masked"])
@pytest.mark.parametrize("seed", range(12))
def test_small_groups_near_the_minimum_get_the_same_sizes(
    always_split: None, seed: int, few_kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many rows per applicant and few applicants: slices of 0-15 applicants, around the minimum group size of 10.
    # The rows a view keeps picked by their numbers or by a mask (`row_picks.rows_of`): the same sizes either way.
    monkeypatch.setattr(row_picks, "_FEW_KEPT", few_kept)
    outcomes = _outcomes(seed, 600)
    _check(outcomes, FilterSpec(fields=("Data Science",), countries=("CA", "GB")), "company")
    _check(outcomes, FilterSpec(fields=("Cybersecurity", "Data Science"), countries=("US",)), "company")


def test_a_country_within_a_field_is_split_not_counted_over_the_field(always_split: None) -> None:
    # The view of a field and a country grouped by company asks the memo for the field's sizes per company (rule 3b)
    # and splits the country's slices from them: no count of the company x country slices over the field's rows.
    outcomes = _outcomes(5, 400)
    spec = FilterSpec(fields=("Data Science",), countries=("CA",))
    field, country = active_filters(spec, outcomes.columns)
    memo = _check(outcomes, spec, "company")
    assert ("company", field) in [parts for parts, *_ in memo.asked]  # the field's sizes per company (shared)
    assert (("company", country), (field,)) not in memo.asked


def test_where_the_split_applies() -> None:
    outcomes = _outcomes(3, 50)
    field, country = active_filters(FilterSpec(fields=("Data Science",), countries=("US", "CA")), outcomes.columns)
    assert split_source(("company", country), (field,)) == ("company", country)
    assert split_source(("company", field), (country,)) is None  # two countries kept: no one value's sizes
    one = active_filters(FilterSpec(countries=("US",)), outcomes.columns)[0]
    assert split_source(("company", field), (one,)) == ("company", field)
    assert split_source((field,), (one,)) is None and split_source(("company", field), ()) is None
    assert split_source(("company", field), (one, country)) is None
    people = applicant_codes(outcomes)
    assert not slice_split.can_split(people, "company", 50, 50, 1)  # no `alone` marks for the column
    assert slice_coded._split(outcomes, people, "company", field, one, pl.DataFrame) is None
