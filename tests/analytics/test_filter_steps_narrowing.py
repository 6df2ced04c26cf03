"""A filter's rows found by narrowing its parent's rows (analytics/filter_steps.py) are exactly `spec.rows`, in the
same order, with nulls, remote scopes, the posting-date window and search; the options read the same kept rows."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analytics import overview
from analytics.filter_steps import STEPS, earlier_options, filter_rows, narrow, narrowed_rows, narrowing, split_last
from analytics.filters import FilterSpec, available_options, option_frame
from dashboard import state

D = dt.date
LISTINGS = pl.DataFrame(
    {
        "company": ["Acme", "Beta", None, "Acme", "Gamma", "Delta", "Beta", "Acme", "Zeta"],
        "title": ["Data Intern", "SWE Intern", "Data Analyst", None, "ML Intern", "Intern", "Data Eng", "Ops", "Data"],
        "field": ["Data", "SWE", "Data", None, "ML", "Data", "SWE", "Data", "Data"],
        "cities": [["Austin"], ["Toronto"], None, ["Austin", "Dallas"], [], ["Seattle"], ["Austin"], None, ["Paris"]],
        "regions": [["US-TX"], ["CA-ON"], None, ["US-TX"], ["US-CA"], ["US-WA"], ["US-TX"], None, None],
        "countries": [["US"], ["CA"], None, ["US"], ["US", "CA"], ["US"], ["US"], ["CA"], ["FR"]],
        "work_mode": ["onsite", "remote", "remote", None, "remote", "hybrid", "onsite", "remote", "onsite"],
        "skills": [["Python"], ["Java"], ["Python", "SQL"], None, ["Python"], [], ["SQL"], ["Excel"], ["Python"]],
        "terms": [["Summer 2027"], ["Fall 2026"], None, ["Summer 2027"], [], ["Summer 2027"], None, ["Fall 2026"], []],
        "pay_hourly_usd": [30.0, None, 20.0, 45.0, 0.0, None, 28.0, 15.0, 22.0],
        # The latest posting date belongs to a closed listing: a window read on the open rows alone would move.
        "posted_date": [D(2027, 1, 2), D(2027, 1, 20), None, D(2026, 12, 1), D(2027, 1, 25), D(2027, 1, 10)]
        + [D(2027, 2, 28), D(2027, 1, 28), D(2027, 1, 5)],
        "active": [True, True, None, False, True, True, False, True, True],
        "sponsorship": ["offers", "none", None, "offers", "unknown", "none", "offers", None, "none"],
    }
)
SPECS = [
    FilterSpec(),
    FilterSpec(active_only=False),
    FilterSpec(include_remote=False),
    FilterSpec(skills_mode="all", active_only=False),
    FilterSpec(fields=("Data",)),
    FilterSpec(fields=("Data",), countries=("CA",)),
    FilterSpec(fields=("Data",), countries=("CA",), active_only=False),
    FilterSpec(countries=("US",), regions=("US-TX",)),
    FilterSpec(regions=("US-TX",), include_remote=False),
    FilterSpec(cities=("Austin",)),
    FilterSpec(countries=("CA",), cities=("Toronto",), work_modes=("remote",)),
    FilterSpec(fields=("Data",), search="data"),
    FilterSpec(search="INTERN", active_only=False, companies=("Acme", "Gamma")),
    FilterSpec(posted_within_days=30),
    FilterSpec(posted_within_days=0, active_only=False),
    FilterSpec(fields=("Data", "ML"), posted_within_days=25, pay_min=18),
    FilterSpec(skills=("Python", "SQL"), skills_mode="all", active_only=False),
    FilterSpec(skills=("Python", "SQL"), terms=("Summer 2027",), pay_max=30),
    FilterSpec(sponsorship=("offers", "unknown"), countries=("US",), active_only=False),
    FilterSpec(fields=("None of these",), countries=("US",)),
]


def _same(result: pl.Series | None, expected: pl.Series | None) -> bool:
    if result is None or expected is None:
        return result is None and expected is None
    return result.equals(expected) and result.name == expected.name and result.dtype == expected.dtype


@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_narrowed_rows_are_the_filters_rows(spec: FilterSpec) -> None:
    kept: dict[FilterSpec, pl.Series | None] = {}

    def memo(function, listings, parent, hook):  # the dashboard's memo: one result per (function, spec)
        if parent not in kept:
            kept[parent] = function(listings, parent, hook)
        return kept[parent]

    expected = filter_rows(LISTINGS, spec)
    assert _same(narrowed_rows(LISTINGS, spec), expected)
    assert _same(narrowed_rows(LISTINGS, spec, memo), expected)
    assert _same(narrowed_rows(LISTINGS, spec, memo), expected)  # now from parents kept in the memo
    if expected is not None:
        assert spec.apply(LISTINGS, rows=narrowed_rows(LISTINGS, spec, memo)).equals(spec.apply(LISTINGS))


def test_the_posting_window_is_read_on_the_whole_frame() -> None:
    # 30 days before the latest posting (28 Feb, a closed listing): 29 Jan onwards. On the open rows alone the
    # latest is 28 Jan and the window would start on 29 Dec, keeping 2, 10, 20, 25 and 28 Jan.
    spec = FilterSpec(posted_within_days=30)
    parent, alone = split_last(spec) or (None, None)
    assert parent == FilterSpec() and alone == FilterSpec(posted_within_days=30, active_only=False)
    assert narrow(LISTINGS, filter_rows(LISTINGS, FilterSpec()), alone).to_list() == []
    assert narrowed_rows(LISTINGS, spec).to_list() == spec.rows(LISTINGS).to_list() == []  # type: ignore[union-attr]


def test_a_parent_is_the_spec_without_its_last_condition() -> None:
    spec = FilterSpec(fields=("Data",), countries=("CA",), regions=("CA-ON",), include_remote=False, search="x")
    chain = []
    while (split := split_last(spec)) is not None:
        spec, alone = split
        chain.append(alone)
    assert chain == [
        FilterSpec(search="x", active_only=False),
        FilterSpec(countries=("CA",), regions=("CA-ON",), include_remote=False, active_only=False),
        FilterSpec(fields=("Data",), active_only=False),
        FilterSpec(),
    ]
    assert spec == FilterSpec(active_only=False)
    assert split_last(FilterSpec(include_remote=False, active_only=False)) is None  # a switch alone sets nothing
    assert len({name for step in STEPS for name in step}) == len(FilterSpec.__dataclass_fields__)  # every attribute


@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_options_from_kept_rows_are_the_same(spec: FilterSpec) -> None:
    asked: list[FilterSpec] = []

    def rows_of(kept: FilterSpec) -> pl.Series | None:
        asked.append(kept)
        return narrowed_rows(LISTINGS, kept)

    frame = option_frame(LISTINGS)
    assert available_options(LISTINGS, spec, frame, rows_of) == available_options(LISTINGS, spec)
    assert asked[0] == FilterSpec(active_only=spec.active_only)
    assert len(asked) == 1 + bool(spec.fields) + bool(spec.countries)


def test_the_sample_rows_are_the_same() -> None:
    listings = pl.read_parquet(state.sample_paths()[0])
    field = listings.get_column("field").drop_nulls().mode().sort()[0]
    country = listings.get_column("countries").explode().drop_nulls().mode().sort()[0]
    for spec in (
        FilterSpec(fields=(field,), countries=(country,)),
        FilterSpec(fields=(field,), countries=(country,), active_only=False, search="data"),
        FilterSpec(countries=(country,), posted_within_days=60),
    ):
        assert _same(narrowed_rows(listings, spec), filter_rows(listings, spec))


@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_options_with_earlier_views_options_are_the_same(spec: FilterSpec) -> None:
    asked: list[FilterSpec] = []

    def options_of(view: FilterSpec) -> dict[str, list[str]]:
        asked.append(view)
        return available_options(LISTINGS, view)

    known = earlier_options(spec, options_of)
    assert available_options(LISTINGS, spec, option_frame(LISTINGS), None, known) == available_options(LISTINGS, spec)
    assert all(narrowing(view) != narrowing(spec) for view in asked)  # never its own memo key
    assert ("fields" in known) == (narrowing(spec) != narrowing(FilterSpec(active_only=spec.active_only)))


def test_the_dashboards_options_and_rows_are_the_same() -> None:
    dataset = state.sample_dataset()
    listings = dataset.listings
    field = listings.get_column("field").drop_nulls().mode().sort()[0]
    country = listings.get_column("countries").explode().drop_nulls().mode().sort()[0]
    for spec in (
        FilterSpec(active_only=False),  # no condition: every row, no rows kept
        FilterSpec(search="data"),  # the same options key as the default view
        FilterSpec(fields=(field,), pay_min=10),
        FilterSpec(fields=(field,), countries=(country,)),
        FilterSpec(fields=(field,), countries=(country,), regions=("US-CA",), active_only=False),
    ):
        assert state.filter_options(listings, spec, dataset) == available_options(listings, spec)
        assert _same(state.listing_rows(dataset, spec), filter_rows(listings, spec))
        assert state.filtered_listings(dataset, spec).equals(spec.apply(listings))
        assert state.listing_count(dataset, spec) == spec.apply(listings).height  # the Acceptance rates page's count
        # A few columns of the same rows (the postings over time's), memoised apart from the whole frame.
        dated = state.filtered_listings(dataset, spec, overview.DATED_COLUMNS)
        assert dated.equals(spec.apply(listings).select(overview.DATED_COLUMNS))
        assert state.filtered_listings(dataset, spec, overview.DATED_COLUMNS) is dated
        assert state.filtered_listings(dataset, spec).columns == listings.columns
