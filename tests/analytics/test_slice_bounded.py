"""A filter's slices among other filters' rows, with applicants exact only where the minimum group size is in doubt
(analytics/slice_bounded.py): every number a check compares is on the same side of the minimum as the exact count,
so every decision (hidden groups, withheld totals, reasons) is the one the exact counts make."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import applicant_sizes, slice_bounded, slice_keys
from analytics.applicant_sizes import applicant_codes
from analytics.differencing import active_filters, coded_parts, polars_parts, view_guard
from analytics.disclosure import small_slices
from analytics.filters import FilterSpec
from analytics.rate_view import rate_view
from analytics.rates import RateTable
from analytics.slice_bounded import bounded_sizes, bounded_source
from analytics.slice_coded import slice_sizes
from analytics.slice_keys import FilterRows, passing_rows, value_rows
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES
from tests.analytics.test_applicant_sizes import (
    COMPANIES,
    FIELDS,
    REGIONS,
    TERMS,
    assert_bounded,
    outcome_rows,
    specs,
)


def _with_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with an id on every row (the bound needs them: a row without one is no applicant's)."""
    return frame.with_columns(pl.col("applicant_id").fill_null("a0"))


def _parts(
    frame: pl.DataFrame, spec: FilterSpec, by: str | None, floor: int | None, *, prepared: bool = False
) -> tuple[list, list]:
    filters = active_filters(spec, frame.columns)
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    expected = polars_parts(frame, spec, by, filters, others, counts=False, ids=True)
    people = applicant_codes(frame)
    if prepared:  # as the warm-up leaves them: `alone` marks, the most rows per value where there are marks, and a
        # field's rows by value (a view's rows and a rest's read there: `FilterRows._indexed`, `without`)
        people.prepare(frame, ["company", "region", "field", "term"])
        value_rows(frame, people, "field")
    return coded_parts(frame, by, filters, others, people, floor=floor), expected


@pytest.mark.parametrize("dense_cells", [0, 10**9], ids=["sorted pairs and marks", "dense cells"])
@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    frame=outcome_rows(),
    spec=specs(),
    by=st.sampled_from([None, "company", "field", "region", "term"]),
    floor=st.integers(1, 12),
)
def test_bounded_parts_decide_as_exact_ones(
    monkeypatch: pytest.MonkeyPatch,
    dense_cells: int,
    compact: bool,
    frame: pl.DataFrame,
    spec: FilterSpec,
    by: str | None,
    floor: int,
) -> None:
    """Every part of `coded_parts` with a floor is `polars_parts`' (exact) one, its applicants bounded as documented."""
    monkeypatch.setattr(applicant_sizes, "_DENSE_CELLS", dense_cells)
    frame = _with_ids(frame)
    if compact:
        frame = compact_outcomes(frame)
    if frame.height == 0:
        return
    monkeypatch.setattr(slice_keys, "INDEXED_SHARE", 1.0)  # a field's rows read from its index wherever prepared
    got, expected = _parts(frame, spec, by, floor, prepared=dense_cells == 0)
    assert len(got) == len(expected)
    for new, old in zip(got, expected, strict=True):
        assert_bounded(new, old, floor)


@pytest.mark.parametrize("dense_cells", [0, 10**9], ids=["marked", "not marked"])
def test_most_rows_per_value(monkeypatch: pytest.MonkeyPatch, dense_cells: int) -> None:
    """The most rows one applicant has per company, from the rows not alone in their pair where there are marks, as
    polars counts them; else the most rows of any applicant, for every value."""
    monkeypatch.setattr(applicant_sizes, "_DENSE_CELLS", dense_cells)
    frame = _market(5_000, 5)
    people = applicant_codes(frame)
    people.prepare(frame, ["company"])
    key = people.keys["company"]
    per_pair = frame.group_by("applicant_id", "company").len()
    if dense_cells:
        assert "company" not in people.most
        expected = [int(frame.group_by("applicant_id").len()["len"].max())] * key.values.len()  # type: ignore[arg-type]
    else:
        most = per_pair.group_by("company").agg(pl.col("len").max())
        lookup = dict(zip(most["company"].cast(pl.String).to_list(), most["len"].to_list(), strict=True))
        expected = [lookup[value] for value in key.values.cast(pl.String).to_list()]
        assert max(expected) > 1 and min(expected) < max(expected)  # not vacuous: values differ
    assert people.most_rows("company").tolist() == expected


def test_a_views_filter_rows_are_found_once_and_read_only() -> None:
    """`FilterRows` gives `passing_rows` of any set of a view's filters, in any order, each set found once."""
    frame = _market(3_000, 2)
    spec = FilterSpec(fields=("Data Science",), countries=("US",), terms=("Fall 2026",))
    people = applicant_codes(frame)
    view = FilterRows(frame, people)
    filters = active_filters(spec, frame.columns)
    for count in (1, 2, 3):
        for chosen in itertools.combinations(filters, count):
            found = view.passing(chosen)
            assert np.array_equal(found, passing_rows(frame, people, chosen))
            assert view.passing(tuple(reversed(chosen))) is found
            assert not found.flags.writeable  # shared by the view's rows and checks: never changed in place
            assert np.array_equal(np.flatnonzero(found), frame.with_row_index().filter(pl.Series(found))["index"])
            assert view.rows(chosen) is view.rows(chosen)


@pytest.mark.parametrize("share", [1.0, 0.0], ids=["indexed", "masks"])
def test_a_rest_is_the_rows_kept_and_not_selected(monkeypatch: pytest.MonkeyPatch, share: float) -> None:
    """`FilterRows.without(kept, part)`: the rows passing `kept` but not `part` (nulls included), from a field's rows
    where they are numbered (no mask over every row taken), else from the masks; the same rows either way."""
    monkeypatch.setattr(slice_keys, "INDEXED_SHARE", share)
    frame = _market(3_000, 3).with_columns(
        pl.when(pl.int_range(pl.len()) % 11 == 0).then(None).otherwise(pl.col("region")).alias("region")
    )
    spec = FilterSpec(fields=("Data Science",), countries=("US",), terms=("Fall 2026",))
    people = applicant_codes(frame)
    value_rows(frame, people, "field")
    filters = active_filters(spec, frame.columns)
    field = next(item for item in filters if item.column == "field")
    for kept in [(field,), *itertools.combinations(filters, 2)]:
        for part in filters:
            if part in kept:
                continue
            masks = FilterRows(frame, people)
            expected = np.flatnonzero(masks.passing(kept) & ~masks.passing((part,)))
            assert expected.size and expected.size < np.count_nonzero(masks.passing(kept))  # not vacuous
            view = FilterRows(frame, people)
            if share and field in kept:
                monkeypatch.setattr(view, "passing", lambda *_: (_ for _ in ()).throw(AssertionError("a mask")))
            found = view.without(kept, part)
            numbers = found if found.dtype != np.bool_ else np.flatnonzero(found)
            assert numbers.tolist() == expected.tolist(), (kept, part)


def _market(n: int, seed: int, *, missing_ids: bool = False) -> pl.DataFrame:
    """`n` applications of n/8 applicants: large groups whose slices the bound settles, and small ones it does not."""
    rng = np.random.default_rng(seed)
    people = rng.integers(0, n // 8, n)
    return compact_outcomes(
        pl.DataFrame(
            {
                "applicant_id": [None if missing_ids and i % 17 == 0 else f"p{i}" for i in people],
                "company": rng.choice(COMPANIES, n, p=[0.6, 0.3, 0.09, 0.01]).tolist(),
                "region": rng.choice(REGIONS[:4], n, p=[0.5, 0.3, 0.15, 0.05]).tolist(),
                "field": rng.choice(FIELDS[:3], n, p=[0.5, 0.3, 0.2]).tolist(),
                "term": rng.choice(TERMS[:2], n).tolist(),
                "stage": rng.choice(list(STAGES), n).tolist(),
            }
        )
    )


def test_the_bound_settles_large_slices_and_counts_small_ones() -> None:
    """Not vacuous: on a market with large and small groups, some slices are bounds and some in doubt are counted (a
    company of 1 % has small slices), and the parts a view's own groups read stay exact."""
    frame = _market(20_000, 7)
    spec = FilterSpec(fields=("Data Science",), countries=("US",))
    got, expected = _parts(frame, spec, "company", 10)
    bounds = [assert_bounded(new, old, 10) for new, old in zip(got, expected, strict=True)]
    assert sum(bounds) > 0
    exact = [bool(new.filter(pl.col("applicants") < 10).height) for new in got]
    assert any(exact)  # some slices under the minimum, counted exactly
    filters = active_filters(spec, frame.columns)
    # The view without a filter, grouped (its applicants order the complementary suppression): never bounded.
    assert not bounded_source(("company",), tuple(filters[1:]))
    assert not bounded_source((filters[0],), ())


def test_rows_without_an_id_are_counted_exactly() -> None:
    """With rows of no known applicant, the bound does not hold (applications of no one): counted exactly."""
    frame = _market(4_000, 3, missing_ids=True)
    spec = FilterSpec(fields=("Data Science",), countries=("US",))
    field, country = active_filters(spec, frame.columns)
    people = applicant_codes(frame)
    union = slice_sizes(frame, people, ("company",), (country,))
    assert bounded_sizes(frame, people, ("company", field), (country,), 10, union) is None
    got, expected = _parts(frame, spec, "company", 10)
    for new, old in zip(got, expected, strict=True):
        assert new.sort(new.columns, nulls_last=True).equals(old.sort(old.columns, nulls_last=True))


@pytest.mark.parametrize("limit", [0, 10**9], ids=["counted exactly", "in doubt counted"])
def test_one_applicant_with_many_applications_leaves_every_slice_in_doubt(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """An applicant with thousands of applications (a test account, a bot) makes every bound weak: the slices in doubt
    are counted on their rows, or, beyond `_DOUBT_ROWS` rows, by the exact paths; the sizes are right either way."""
    monkeypatch.setattr(slice_bounded, "_DOUBT_ROWS", limit)
    frame = _market(6_000, 13)
    heavy = frame.head(3_000).with_columns(pl.lit("heavy").cast(frame.schema["applicant_id"]).alias("applicant_id"))
    frame = pl.concat([frame.tail(3_000), heavy])
    spec = FilterSpec(fields=("Data Science",), countries=("US",))
    people = applicant_codes(frame)
    assert int(people.most_rows()[0]) >= 3_000
    field, country = active_filters(spec, frame.columns)
    union = slice_sizes(frame, people, ("company",), (country,))
    found = bounded_sizes(frame, people, ("company", field), (country,), 10, union)
    assert (found is None) == (limit == 0)
    got, expected = _parts(frame, spec, "company", 10)
    for new, old in zip(got, expected, strict=True):
        assert assert_bounded(new, old, 10) == 0  # no bound is at least the minimum: every count is exact


@pytest.mark.parametrize("floor", [3, 10, 40])
@pytest.mark.parametrize("by", ["company", "field", "region", "term"])
def test_views_hide_and_withhold_as_with_exact_counts(by: str, floor: int) -> None:
    """End to end: the rate view's table, hidden groups and reasons, and the guard's small slices, equal those made
    from exact counts (the guard's parts counted without a floor)."""
    frame = _market(12_000, 11)
    for spec in (
        FilterSpec(fields=("Data Science",), countries=("US",)),
        FilterSpec(fields=("Cybersecurity",), companies=("Cato", "Dune"), countries=("CA",)),
        FilterSpec(companies=("Acme",), terms=("Fall 2026",)),
    ):
        bounded = view_guard(frame, spec, by, floor)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("analytics.slice_coded.bounded_source", lambda parts, kept: False)
            exact = view_guard(frame, spec, by, floor)
            exact_view = rate_view(frame, spec, by, min_group=floor)
        assert (bounded.total_ok, bounded.reasons) == (exact.total_ok, exact.reasons)
        groups = frame.select(pl.col(by).cast(pl.String)).unique().sort(by, nulls_last=True)
        for mine, theirs in zip(bounded.group_slices(groups), exact.group_slices(groups), strict=True):
            assert np.array_equal(mine.applications, theirs.applications)
            assert np.array_equal(small_slices(mine, floor), small_slices(theirs, floor))
        view = rate_view(frame, spec, by, min_group=floor)
        assert view.table.frame.equals(exact_view.table.frame)
        assert view.table.view_totals is not None and exact_view.table.view_totals is not None
        assert view.table.view_totals.equals(exact_view.table.view_totals)
        assert _decisions(view.table, by) == _decisions(exact_view.table, by)
        assert len(bounded.without) == len(exact.without)
        for mine_without, their_without in zip(bounded.without, exact.without, strict=True):  # counted exactly
            assert mine_without.groups.equals(their_without.groups)
            assert mine_without.hidden_applications == their_without.hidden_applications


def _decisions(table: RateTable, by: str) -> tuple[object, ...]:
    """What a rate table hides, withholds and says about it."""
    return (
        table.n_suppressed,
        table.n_complementary,
        table.n_differencing,
        table.n_no_group,
        table.total_withheld,
        table.filters,
        table.withheld_reasons,
        table.suppression_note(by),
    )
