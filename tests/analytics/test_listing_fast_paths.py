"""The listing-side fast paths (issue 9) give exactly what the straightforward computations give.

Each test compares a fast path with a plain reference written the obvious way (the code the fast path replaced):
filtering by gathered row indices, filter options narrowed by indices, category coverage and the learning path's
input from integer codes, the pay premium from codes and a radix sort, and a plan for a new threshold that reuses
the parts a threshold does not change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics import learning_path, overview, skill_gap, skills_demand
from analytics.filters import FilterSpec, _overlaps, available_options, option_frame
from analytics.filters import term_order as _term_order
from analytics.option_parts import distinct as _distinct
from analytics.option_parts import keep_chosen as _keep_chosen
from analytics.skill_gap import GapFrames, category_coverage_of
from analytics.skill_match import gap_columns
from analytics.skill_plan import build_plan_of
from dashboard import state

SKILLS = ["Python", "SQL", "Git", "Java", "Excel", "Go", "Docker", "AWS", "Rust"]
ME = ["Python", "SQL", "Git"]


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path)


def _first(listings: pl.DataFrame, column: str) -> str:
    values = listings.get_column(column)
    if values.dtype == pl.List(pl.String):
        values = values.explode()
    return str(values.drop_nulls().value_counts(sort=True).get_column(column)[0])


def _specs(listings: pl.DataFrame) -> list[FilterSpec]:
    field, country, region, skill = (_first(listings, c) for c in ("field", "countries", "regions", "skills"))
    return [
        FilterSpec(),
        FilterSpec(fields=(field,)),
        FilterSpec(fields=(field,), active_only=False),
        FilterSpec(countries=(country,), regions=(region,), include_remote=False),
        FilterSpec(regions=(region,), skills=(skill,), pay_min=20.0, posted_within_days=30, search="an"),
        FilterSpec(active_only=False, include_remote=False),  # no condition at all: every row
        FilterSpec(fields=("Not a field",)),  # no row
    ]


def test_apply_gathers_exactly_the_filtered_rows(listings: pl.DataFrame) -> None:
    for spec in _specs(listings):
        assert_frame_equal(spec.apply(listings), listings.filter(spec.to_expr()))
        assert_frame_equal(spec.apply(listings.head(0)), listings.head(0).filter(spec.to_expr()))


def _reference_options(listings: pl.DataFrame, spec: FilterSpec) -> dict[str, list[str]]:
    """The options as they were computed before: every query over a frame filtered by a mask at each step."""
    base = listings.lazy()
    if spec.active_only:
        base = base.filter(pl.col("active").fill_null(True))
    queries = {"fields": _distinct(base, "field")}
    if spec.fields:
        base = base.filter(pl.col("field").is_in(list(spec.fields)))
    queries["countries"] = _distinct(base, "countries")
    if spec.countries:
        base = base.filter(_overlaps("countries", spec.countries).fill_null(False))
        prefixes = pl.col("regions").str.split("-").list.first()
        queries["regions"] = _distinct(base, "regions").filter(prefixes.is_in(list(spec.countries)))
    else:
        queries["regions"] = _distinct(base, "regions")
    if spec.regions:
        base = base.filter(_overlaps("regions", spec.regions).fill_null(False))
    queries["cities"] = _distinct(base, "cities")
    if spec.cities:
        base = base.filter(_overlaps("cities", spec.cities).fill_null(False))
    queries |= {"work_modes": _distinct(base, "work_mode"), "companies": _distinct(base, "company")}
    queries |= {"terms": _distinct(base, "terms"), "skills": _distinct(base, "skills", by_count=True)}
    options = {key: frame.collect().to_series().to_list() for key, frame in queries.items()}
    options["terms"] = sorted(options["terms"], key=_term_order)
    return {key: _keep_chosen(values, getattr(spec, key)) for key, values in options.items()}


def test_options_narrowed_by_indices_are_the_masked_options(listings: pl.DataFrame) -> None:
    country, region, city = (_first(listings, c) for c in ("countries", "regions", "cities"))
    specs = [
        *_specs(listings),
        FilterSpec(countries=(country,), regions=(region,), cities=(city,)),
        FilterSpec(countries=(country, "ZZ"), active_only=False),
    ]
    frame = option_frame(listings)
    for spec in specs:
        expected = _reference_options(listings, spec)
        assert available_options(listings, spec) == expected
        assert available_options(listings, spec, frame) == expected


def skill_lists(distinct: bool) -> st.SearchStrategy[list[str | None] | None]:
    """A listing's skills: null, or a list that may hold a null (and repeats, unless `distinct`, as loaders give)."""
    return st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(SKILLS), st.none()), max_size=6, unique=distinct))


@st.composite
def frames(draw: Any, distinct: bool = False) -> pl.DataFrame:
    n = draw(st.integers(0, 40))
    return pl.DataFrame(
        {
            "listing_id": [f"L{i}" for i in range(n)],
            "skills": draw(st.lists(skill_lists(distinct), min_size=n, max_size=n)),
            "pay_hourly_usd": draw(
                st.lists(st.one_of(st.none(), st.sampled_from([12.0, 15.5, 20.0, 31.25])), min_size=n, max_size=n)
            ),
            "posted_date": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 9) for i in range(n)],
        },
        schema={
            "listing_id": pl.String,
            "skills": pl.List(pl.String),
            "pay_hourly_usd": pl.Float64,
            "posted_date": pl.Date,
        },
    )


def _reference_category_counts(
    considered: pl.DataFrame, categories: dict[str, str] | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    pairs = considered.select(pl.int_range(pl.len()).alias("_opening"), pl.col("_skills").alias("skill")).explode(
        "skill"
    )
    per_skill = skill_gap._with_category(
        pairs.group_by("skill").agg(pl.len().cast(pl.Int64).alias("requests")), categories
    )
    openings = (
        pairs.join(per_skill.select("skill", "category"), on="skill", how="left")
        .group_by("category")
        .agg(pl.col("_opening").n_unique().cast(pl.Int64).alias("openings"))
    )
    return per_skill, openings


@settings(max_examples=60, deadline=None)
@given(frames(), st.sampled_from([None, {"Python": "language", "SQL": "data", "Go": "language"}]))
def test_category_counts_from_codes_match_the_string_join(
    listings: pl.DataFrame, categories: dict[str, str] | None
) -> None:
    gap = GapFrames(listings, ME)
    got = skill_gap._category_counts(gap, categories)
    expected = _reference_category_counts(gap.considered(), categories)
    for left, right, key in zip(got, expected, ("skill", "category"), strict=True):
        assert_frame_equal(left.sort(key), right.select(left.columns).sort(key))


def _reference_search_input(gap: GapFrames, steps: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The learning path's input as it was built before: a string group-by and join, sorted codes per opening."""
    demand_frame = gap.missing_exploded().group_by("skill").agg(pl.len().cast(pl.Int64).alias("demand")).sort("skill")
    codes = demand_frame.select("skill", pl.int_range(pl.len(), dtype=pl.Int64).alias("code"))
    base = len(codes) + 1
    exploded = (
        gap.missing_exploded().filter(pl.col("n_missing") <= steps).join(codes, on="skill").sort("_opening", "code")
    )
    names, demand = demand_frame.get_column("skill").to_list(), demand_frame.get_column("demand").to_numpy()
    if exploded.height == 0:
        return names, demand, np.full((0, max(steps, 1)), -1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    opening, code = exploded.get_column("_opening").to_numpy(), exploded.get_column("code").to_numpy()
    keys: dict[tuple[int, ...], int] = {}
    for start in np.flatnonzero(np.r_[True, opening[1:] != opening[:-1]]):
        key = tuple(int(c) for c in code[start:][opening[start:] == opening[start]])
        keys[key] = keys.get(key, 0) + 1
    # The order of the packed integer keys: codes ascending within a set, the i-th as the digit of base**i.
    ordered = sorted(keys, key=lambda k: sum((c + 1) * base**i for i, c in enumerate(k)))
    sets = np.array([list(k) + [-1] * (steps - len(k)) for k in ordered], dtype=np.int64).reshape(-1, max(steps, 1))
    return names, demand, sets, np.array([keys[k] for k in ordered], dtype=np.int64)


@settings(max_examples=60, deadline=None)
@given(frames(), st.integers(1, 4))
def test_learning_path_input_from_codes_matches_the_string_join(listings: pl.DataFrame, steps: int) -> None:
    got = learning_path._search_input(GapFrames(listings, ME), steps)
    expected = _reference_search_input(GapFrames(listings, ME), steps)
    assert got[0] == expected[0]
    for left, right in zip(got[1:], expected[1:], strict=True):
        np.testing.assert_array_equal(left, right)


def _reference_premium(listings: pl.DataFrame, min_n: int, max_skills: int) -> pl.DataFrame:
    """Per skill, the medians of the paid listings with and without it, each computed on its own."""
    paid = listings.filter(pl.col("pay_hourly_usd").is_not_null() & (pl.col("skills").list.len() > 0))
    rows = []
    for skill in sorted(set(paid.get_column("skills").explode().drop_nulls().to_list())):
        has = paid.get_column("skills").list.contains(skill)
        with_pay, without_pay = paid.filter(has)["pay_hourly_usd"], paid.filter(~has)["pay_hourly_usd"]
        if with_pay.len() >= min_n and without_pay.len() >= min_n:
            rows.append((skill, with_pay.len(), without_pay.len(), with_pay.median(), without_pay.median()))
    frame = pl.DataFrame(
        rows, schema=["skill", "n_with", "n_without", "median_with", "median_without"], orient="row"
    ).cast({"n_with": pl.Int64, "n_without": pl.Int64, "median_with": pl.Float64, "median_without": pl.Float64})
    return (
        frame.sort(["n_with", "skill"], descending=[True, False])
        .head(max_skills)
        .with_columns((pl.col("median_with") - pl.col("median_without")).alias("premium"))
        .sort(["premium", "skill"], descending=[True, False])
    )


@settings(max_examples=80, deadline=None)
@given(frames(distinct=True), st.integers(1, 4), st.integers(1, 5))
def test_pay_premium_from_codes_matches_per_skill_medians(listings: pl.DataFrame, min_n: int, max_skills: int) -> None:
    got = skills_demand.pay_premium(listings, min_n=min_n, max_skills=max_skills)
    assert_frame_equal(got, _reference_premium(listings, min_n, max_skills), check_dtypes=False)


def test_pay_premium_on_the_sample(listings: pl.DataFrame) -> None:
    got = skills_demand.pay_premium(listings, min_n=10)
    assert got.height > 0
    assert_frame_equal(got, _reference_premium(listings, 10, 30), check_dtypes=False)


def test_a_new_threshold_reuses_the_plan_parts_and_equals_a_fresh_plan(listings: pl.DataFrame) -> None:
    open_rows = FilterSpec().apply(listings)
    kept = GapFrames(open_rows, ME)
    first = build_plan_of(kept, threshold=0.8)
    again = build_plan_of(kept, threshold=0.6)
    fresh = build_plan_of(GapFrames(open_rows, ME), threshold=0.6)
    assert again.readiness["threshold"] == 0.6
    assert {k: v for k, v in again.readiness.items() if k != "distribution"} == {
        k: v for k, v in fresh.readiness.items() if k != "distribution"
    }
    assert_frame_equal(again.readiness["distribution"], fresh.readiness["distribution"])
    assert again.readiness["n_above_threshold"] >= first.readiness["n_above_threshold"]
    assert_frame_equal(again.best_openings, fresh.best_openings)
    assert_frame_equal(again.missing, fresh.missing)
    assert again.path is first.path  # kept, not searched again
    if fresh.path["search"].to_list() == ["exact"] * fresh.path.height:  # a time-bounded search may differ
        assert_frame_equal(again.path, fresh.path)
    categories = {"Python": "language"}
    assert_frame_equal(
        build_plan_of(kept, threshold=0.6, categories=categories).missing,
        skill_gap.missing_skills_of(kept, 20, categories),
    )
    assert_frame_equal(category_coverage_of(kept), skill_gap.category_coverage(open_rows, ME))


def test_postings_over_time_read_the_dated_columns_and_equal_the_full_frame_counts(listings: pl.DataFrame) -> None:
    for spec in _specs(listings):
        spec = dataclasses.replace(spec, active_only=False)
        full = listings.filter(spec.to_expr())
        dated = spec.apply(listings, columns=overview.DATED_COLUMNS)
        assert_frame_equal(overview.postings_by_field_over_time(dated), overview.postings_by_field_over_time(full))
        assert_frame_equal(overview.postings_over_time(dated), overview.postings_over_time(full))
        assert_frame_equal(
            spec.apply(listings, columns=["field", "title"]), spec.apply(listings).select("field", "title")
        )


def test_the_overview_reads_only_its_columns(listings: pl.DataFrame) -> None:
    """Every tile and chart of the Overview (its top skills count the dataset's skill codes, not the frame's lists)
    gives the same answer from `OVERVIEW_COLUMNS` of the filtered listings as from every column."""
    for spec in _specs(listings):
        full, narrow = spec.apply(listings), spec.apply(listings, columns=overview.OVERVIEW_COLUMNS)
        assert overview.overview_kpis(narrow, None, spec) == overview.overview_kpis(full, None, spec)
        assert overview.date_range(narrow) == overview.date_range(full)
        assert overview.map_exclusions(narrow) == overview.map_exclusions(full)
        for count in (overview.openings_by_field, overview.openings_by_region):
            assert_frame_equal(count(narrow), count(full))


@settings(max_examples=60, deadline=None)
@given(frames(), st.sampled_from(["as drawn", "no null skill", "distinct"]))
def test_gap_columns_equal_de_duplicating_every_list(listings: pl.DataFrame, lists: str) -> None:
    if lists != "as drawn":  # without a null skill, repeats (if any) are found by counting distinct skills
        listings = listings.with_columns(pl.col("skills").list.eval(pl.element().drop_nulls()))
    if lists == "distinct":  # as loaders give them: the de-duplication is skipped
        listings = listings.with_columns(pl.col("skills").list.unique(maintain_order=True))
    expected = listings.with_columns(
        pl.col("skills")
        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
        .list.eval(pl.element().drop_nulls())
        .list.unique(maintain_order=True)
        .alias("_skills")
    )
    got = gap_columns(listings, ME)
    assert_frame_equal(got.select("_skills"), expected.select("_skills"))
    held = pl.col("_skills").list.eval(pl.element().is_in(ME)).list.sum().cast(pl.Int32)
    assert_frame_equal(got.select("n_matched"), expected.select(held.alias("n_matched")))
