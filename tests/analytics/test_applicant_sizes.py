"""The filter checks' sizes counted on integer codes (analytics/applicant_sizes.py) equal polars' hashed group-bys.

`differencing.coded_parts` replaces `differencing.polars_parts` for rows with applicant ids; every part (sizes per
slice, per group and slice, per value of the filter column, the total) must be the same frame up to row order, on
plain and compact (Categorical) columns, with nulls in ids and keys, through both counting paths (dense cells and
sorted pairs).
"""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import applicant_sizes, coded_clusters, row_picks
from analytics.applicant_sizes import ApplicantCodes, applicant_codes, column_key, grouped_sizes
from analytics.coded_clusters import _applicant_sums
from analytics.differencing import active_filters, coded_parts, polars_parts, view_guard
from analytics.filters import FilterSpec
from analytics.intervals import clustered_counts
from analytics.outcome_filters import filter_outcomes
from analytics.rate_view import headline_guard, rate_view
from analytics.rates import acceptance_rates, gpa_band
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

COMPANIES = ["Acme", "Bolt", "Cato", "Dune"]
REGIONS = ["US-CA", "US-NY", "CA-ON", "DE-BE", None]
FIELDS = ["Software Engineering", "Cybersecurity", "Data Science", None]
TERMS = ["Summer 2026", "Fall 2026", None]


@st.composite
def outcome_rows(draw: st.DrawFn) -> pl.DataFrame:
    """Applications of a few applicants (some without an id) across companies, regions, fields and terms."""
    n = draw(st.integers(0, 60))
    pick = lambda values: st.lists(st.sampled_from(values), min_size=n, max_size=n)  # noqa: E731
    return pl.DataFrame(
        {
            "applicant_id": draw(pick(["a1", "a2", "a3", "a4", "a5", None])),
            "company": draw(pick([*COMPANIES, None])),
            "region": draw(pick(REGIONS)),
            "field": draw(pick(FIELDS)),
            "term": draw(pick(TERMS)),
            "stage": draw(pick(list(STAGES))),
        },
        schema={name: pl.String for name in ("applicant_id", "company", "region", "field", "term", "stage")},
    )


@st.composite
def specs(draw: st.DrawFn) -> FilterSpec:
    """One to three outcome filters, each with one or two values (some matching no row)."""
    chosen = {
        "fields": draw(st.lists(st.sampled_from(FIELDS[:3]), max_size=2, unique=True)),
        "companies": draw(st.lists(st.sampled_from(COMPANIES), max_size=2, unique=True)),
        "regions": draw(st.lists(st.sampled_from(REGIONS[:4]), max_size=2, unique=True)),
        "countries": draw(st.lists(st.sampled_from(["US", "CA", "FR"]), max_size=2, unique=True)),
        "terms": draw(st.lists(st.sampled_from(TERMS[:2]), max_size=1, unique=True)),
    }
    return FilterSpec(**{key: tuple(values) for key, values in chosen.items()})


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


KEYS = ["company", "region", "field", "term", "_slice"]


def assert_bounded(got: pl.DataFrame, exact: pl.DataFrame, floor: int) -> int:
    """`got` has `exact`'s rows and applications; its applicants equal `exact`'s under `floor` and are at least `floor`
    and at most the exact count otherwise. Returns how many were bounds (not exact)."""
    keys = [column for column in exact.columns if column in KEYS]
    assert got.schema == exact.schema
    assert got.height == exact.height
    joined = (
        exact.join(got, on=keys, how="left", nulls_equal=True, suffix="_got")
        if keys
        else exact.hstack(got.rename({"applications": "applications_got", "applicants": "applicants_got"}))
    )
    assert joined["applications"].equals(joined["applications_got"], check_names=False)
    truth, bound = joined["applicants"].to_numpy(), joined["applicants_got"].to_numpy()
    small = truth < floor
    assert np.array_equal(bound[small], truth[small])
    assert (bound[~small] >= floor).all() and (bound[~small] <= truth[~small]).all()
    return int((bound != truth).sum())


def _assert_same_parts(frame: pl.DataFrame, spec: FilterSpec, by: str | None) -> int:
    filters = active_filters(spec, frame.columns)
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    expected = polars_parts(frame, spec, by, filters, others, counts=False, ids=True)
    got = coded_parts(frame, by, filters, others, applicant_codes(frame))
    assert len(got) == len(expected)
    for new, old in zip(got, expected, strict=True):
        assert new.schema == old.schema
        assert _canonical(new).equals(_canonical(old))
    return len(got)


@pytest.mark.parametrize("dense_cells", [0, 10**9], ids=["sorted pairs", "dense cells"])
@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=outcome_rows(), spec=specs(), by=st.sampled_from([None, "company", "field", "region", "term"]))
def test_coded_parts_equal_polars_parts(
    monkeypatch: pytest.MonkeyPatch, dense_cells: int, compact: bool, frame: pl.DataFrame, spec: FilterSpec, by: str
) -> None:
    monkeypatch.setattr(applicant_sizes, "_DENSE_CELLS", dense_cells)
    if compact:
        frame = compact_outcomes(frame)
    if frame.get_column("applicant_id").null_count() == frame.height:
        return  # no ids: view_guard takes the polars path, nothing to compare
    _assert_same_parts(frame, spec, by)


def test_a_view_with_every_filter_has_parts_to_compare() -> None:
    """The property above is not vacuous: a spec with three filters yields per filter its slices and the view
    without it grouped by the filter's column and by the view's (2 + 2 others each), all equal."""
    rng = np.random.default_rng(3)
    n = 400
    frame = pl.DataFrame(
        {
            "applicant_id": [f"a{i}" if i % 7 else None for i in rng.integers(0, 40, n)],
            "company": rng.choice(COMPANIES, n).tolist(),
            "region": rng.choice(REGIONS[:4], n).tolist(),
            "field": rng.choice(FIELDS[:3], n).tolist(),
            "stage": rng.choice(list(STAGES), n).tolist(),
        }
    )
    spec = FilterSpec(fields=("Cybersecurity",), companies=("Acme", "Bolt"), countries=("US",))
    assert _assert_same_parts(compact_outcomes(frame), spec, "company") == 3 * 2 + 2 * 3 * (2 + 2)


def test_grouped_sizes_counts_applicants_by_hash_and_skips_rows_without_id() -> None:
    frame = pl.DataFrame(
        {
            "applicant_id": ["a", "a", "b", None, None, "c"],
            "company": ["X", "X", "X", "X", "Y", None],
            "stage": ["applied"] * 6,
        }
    )
    people = applicant_codes(frame)
    assert people.count == 3
    assert people.codes.tolist()[3:5] == [3, 3]  # no id: the code past the last applicant
    sizes = _canonical(grouped_sizes([column_key(frame.get_column("company"))], people, None))
    assert sizes.to_dict(as_series=False) == {
        "company": ["X", "Y", None],
        "applications": [4, 1, 1],
        "applicants": [2, 0, 1],
    }
    mask = np.array([True, False, True, True, False, False])
    total = grouped_sizes([], people, mask)
    assert total.to_dict(as_series=False) == {"applications": [3], "applicants": [2]}


@pytest.mark.parametrize("share", [0.0, 0.001, 0.01, 0.2, 0.9, 1.0])
def test_rows_are_picked_alike_by_number_and_by_mask(share: float) -> None:
    """`rows_of` numbers the rows of a sparse mask and keeps a dense one as a polars mask; either way `pick`,
    `Key.gathered`, `ApplicantCodes.subset` and `frame_rows` give the rows numpy's boolean indexing gives."""
    rng = np.random.default_rng(7)
    size = 20_000
    passes = rng.random(size) < share
    rows = row_picks.rows_of(passes)
    assert isinstance(rows, np.ndarray) == (share < 1 / 64)  # a few kept: their numbers
    values = rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32)
    flags = rng.random(size) < 0.5
    assert np.array_equal(row_picks.pick(values, rows), values[passes])
    assert np.array_equal(row_picks.pick(flags, rows), flags[passes])
    key = column_key(pl.Series("k", rng.integers(0, 5, size)))
    people = ApplicantCodes(values % 1000, 1000, {"k": key}, alone={"k": flags})
    picked = people.subset(rows, ["k"])
    assert np.array_equal(picked.codes, people.codes[passes])
    assert np.array_equal(picked.keys["k"].codes, key.codes[passes])
    assert np.array_equal(picked.alone["k"], flags[passes])
    frame = pl.DataFrame({"n": np.arange(size)})
    assert row_picks.frame_rows(frame, rows)["n"].to_list() == np.flatnonzero(passes).tolist()


def test_applicant_codes_are_dense_and_equal_for_one_applicant() -> None:
    frame = pl.DataFrame({"applicant_id": ["b", "a", "b", None], "stage": ["applied"] * 4})
    codes = applicant_codes(frame)
    assert codes.count == 2
    assert codes.codes[0] == codes.codes[2] != codes.codes[1]
    assert codes.codes[3] == codes.count  # a row without an id: no known applicant
    assert sorted(set(codes.codes[:3].tolist())) == [0, 1]


def test_the_views_take_their_codes_from_the_hook_and_only_with_a_filter() -> None:
    """The caller's memo (`code_applicants`) serves the codes: asked once per view with a filter, never without."""
    frame = pl.DataFrame(
        {
            "application_id": [str(i) for i in range(40)],
            "applicant_id": [f"p{i % 13}" for i in range(40)],
            "field": ["Data" if i % 3 else "Design" for i in range(40)],
            "company": [f"c{i % 4}" for i in range(40)],
            "stage": ["offer" if i % 5 == 0 else "applied" for i in range(40)],
        }
    )
    asked: list[pl.DataFrame] = []

    def hook(outcomes: pl.DataFrame) -> ApplicantCodes:
        asked.append(outcomes)
        return applicant_codes(outcomes)

    rate_view(frame, FilterSpec(), "company", min_group=2, code_applicants=hook)
    headline_guard(frame, FilterSpec(), 2, applications=40, applicants=13, code_applicants=hook)
    assert asked == []
    spec = FilterSpec(fields=("Data",))
    with_hook = rate_view(frame, spec, "company", min_group=2, code_applicants=hook)
    headline_guard(frame, spec, 2, applications=40, applicants=13, code_applicants=hook)
    assert [id(outcomes) for outcomes in asked] == [id(frame), id(frame)]
    assert with_hook.table.frame.equals(rate_view(frame, spec, "company", min_group=2).table.frame)


def test_rate_view_and_headline_guard_equal_on_strings_and_compact_rows() -> None:
    """End to end: the coded checks give the same view on plain and compact rows as the hashed ones would."""
    rng = np.random.default_rng(11)
    n = 3_000
    frame = pl.DataFrame(
        {
            "applicant_id": [f"p{i}" for i in rng.integers(0, 300, n)],
            "company": rng.choice(COMPANIES, n).tolist(),
            "region": rng.choice(REGIONS[:4], n).tolist(),
            "field": rng.choice(FIELDS[:3], n).tolist(),
            "term": rng.choice(TERMS[:2], n).tolist(),
            "stage": rng.choice(list(STAGES), n).tolist(),
        }
    )
    spec = FilterSpec(fields=("Data Science",), countries=("US",))
    filters = active_filters(spec, frame.columns)
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    plain, compact = rate_view(frame, spec, "company"), rate_view(compact_outcomes(frame), spec, "company")
    assert plain.table.frame.equals(compact.table.frame)
    assert plain.table.n_suppressed == compact.table.n_suppressed
    guard = view_guard(frame, spec, "company", 10)
    reference = polars_parts(frame, spec, "company", filters, others, counts=False, ids=True)
    for (_, _, sliced), expected in zip(guard.slices, [reference[1], reference[3]], strict=True):
        assert_bounded(sliced, expected, 10)  # applicants exact under the minimum (analytics/slice_bounded.py)
    headline = headline_guard(frame, spec, 10, applications=n, applicants=300)
    assert headline == headline_guard(compact_outcomes(frame), spec, 10, applications=n, applicants=300)


@pytest.mark.parametrize("cells", [0, 12_000_000], ids=["sorted", "dense"])
@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=80, deadline=None)
@given(
    frame=outcome_rows(),
    by=st.sampled_from([[], ["company"], ["field"], ["region"], ["company", "term"], ["gpa_band"]]),
)
def test_coded_clustered_counts_equal_hashed_ones(
    cells: int, compact: bool, frame: pl.DataFrame, by: list[str]
) -> None:
    """`clustered_counts(..., people=...)` counts on codes; every column (the float cluster sums too) is identical,
    whether the (group, applicant) clusters are sorted or counted densely (`cells`: the dense count's limit)."""
    frame = frame.with_columns(gpa_band(pl.Series(np.linspace(2.5, 4.0, frame.height)).alias("gpa")))
    if compact:
        frame = compact_outcomes(frame)
    expected_groups, expected_totals = clustered_counts(frame, by)
    with patch.object(coded_clusters, "_DENSE_CLUSTERS", cells), patch.object(coded_clusters, "_DENSE_PER_ROW", cells):
        got_groups, got_totals = clustered_counts(frame, by, people=applicant_codes(frame))
    assert got_groups.schema == expected_groups.schema
    assert got_groups.equals(expected_groups)
    assert got_totals.equals(expected_totals)


@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=80, deadline=None)
@given(frame=outcome_rows(), by=st.sampled_from([["company"], ["region"], ["company", "term"], ["gpa_band"]]))
def test_rows_in_applicant_order_are_clustered_without_sorting_their_keys(
    compact: bool, frame: pl.DataFrame, by: list[str]
) -> None:
    """Rows whose applicant codes never decrease (a file grouped by applicant) are put in (group, applicant) order by
    their group alone (`_cell_ordered`), not by sorting the keys: the same frames as the hashed counts."""
    frame = frame.with_columns(gpa_band(pl.Series(np.linspace(2.5, 4.0, frame.height)).alias("gpa")))
    if compact:
        frame = compact_outcomes(frame)
    frame = frame[np.argsort(applicant_codes(frame).codes, kind="stable")]
    people = applicant_codes(frame)
    assert bool(np.all(np.diff(people.codes.astype(np.int64)) >= 0))
    expected_groups, expected_totals = clustered_counts(frame, by)
    never = patch.object(coded_clusters, "sorted_copy", side_effect=AssertionError("the keys were sorted"))
    with patch.object(coded_clusters, "_DENSE_CLUSTERS", 0), patch.object(coded_clusters, "_DENSE_PER_ROW", 0), never:
        got_groups, got_totals = clustered_counts(frame, by, people=people)
    assert got_groups.equals(expected_groups)
    assert got_totals.equals(expected_totals)


def test_coded_clustered_counts_see_clusters() -> None:
    """Two applications of one applicant in a group are one cluster of two; a row without an id is its own."""
    frame = pl.DataFrame(
        {
            "applicant_id": ["a", "a", "b", None],
            "company": ["X", "X", "X", "X"],
            "stage": ["offer", "applied", "interview", "accepted"],
        }
    )
    groups, totals = clustered_counts(frame, ["company"], people=applicant_codes(frame))
    row = groups.row(0, named=True)
    assert (row["applications"], row["applicants"], row["k"], row["sum_m2"]) == (4, 2, 3, 4 + 1 + 1)
    assert (row["offers"], row["interviews"], row["applicants_with_offer"], row["sum_ym_offer"]) == (2, 3, 1, 2 + 1)
    assert totals.equals(clustered_counts(frame, [])[1])


@pytest.mark.parametrize("by", ["company", "field", "region"])
@pytest.mark.parametrize(
    "fields", [("Data Science", "Cybersecurity"), ("Data Science",)], ids=["two fields", "one field"]
)
def test_rate_view_with_a_filter_equals_the_hashed_path(by: str, fields: tuple[str, ...]) -> None:
    """rate_view narrows by a mask and counts on codes; the table equals the one from `filter_outcomes` and the
    hashed clustered counts (no applicant codes passed): grouped by a column the view filters to one value (one
    group: the view's own sums), to two (counted densely), and by one with many groups (sorted pairs)."""
    rng = np.random.default_rng(5)
    n = 2_000
    frame = compact_outcomes(
        pl.DataFrame(
            {
                "applicant_id": [f"p{i}" if i % 13 else None for i in rng.integers(0, 250, n)],
                "company": rng.choice(COMPANIES, n).tolist(),
                "region": rng.choice(REGIONS[:4], n).tolist(),
                "field": rng.choice(FIELDS[:3], n).tolist(),
                "stage": rng.choice(list(STAGES), n).tolist(),
            }
        )
    )
    spec = FilterSpec(fields=fields, countries=("US",))
    view = rate_view(frame, spec, by, min_group=5)
    guard = view_guard(frame, spec, by, 5)
    reference = acceptance_rates(filter_outcomes(frame, spec), by, min_group=5, guard=guard)
    assert view.table.frame.height > 0
    assert view.table.frame.equals(reference.frame)
    assert view.table.view_totals is not None and reference.view_totals is not None
    assert view.table.view_totals.equals(reference.view_totals)


@pytest.mark.parametrize("rows", [50, 300, 700, 3_000], ids=["few rows", "a third", "most", "many per applicant"])
def test_applicant_sums_equal_a_count_per_applicant(rows: int) -> None:
    """The whole view's cluster sums (dense products where the rows are many, gathers where few) equal sums over a
    plain count per applicant."""
    rng = np.random.default_rng(rows)
    count = 1_000
    ids = rng.integers(0, count, rows).astype(np.int64)
    rank = rng.integers(0, 4, rows).astype(np.uint8)
    sums = _applicant_sums(ids, rank, count)
    m = np.bincount(ids, minlength=count)
    assert sums["applications"][0] == rows and sums["k"][0] == np.count_nonzero(m)
    assert sums["sum_m2"][0] == float((m * m).sum())
    for kind, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        y = np.bincount(ids[rank >= level], minlength=count)
        assert sums[f"y_{kind}"][0] == y.sum() and sums[f"with_{kind}"][0] == np.count_nonzero(y)
        assert sums[f"sum_y2_{kind}"][0] == float((y * y).sum()) and sums[f"sum_ym_{kind}"][0] == float((y * m).sum())
