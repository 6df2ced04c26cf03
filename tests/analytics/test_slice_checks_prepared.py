"""Filter checks prepared ahead and counted on compact keys give exactly the results computed on demand (issue 9).

- The outcome country filter as prefix tests selects exactly the rows `region.str.split("-").list.first()` did.
- Keys hold one or two bytes per row (`code_type`), and the sizes counted on them equal polars' group-bys.
- `prepare_slices` asks the memo for the very calls a view one choice away makes, so that view then counts only the
  parts that depend on the new choice; its result is the one computed without any preparation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.applicant_sizes import (
    COUNTRY_KEY,
    ApplicantCodes,
    Key,
    applicant_codes,
    code_type,
    column_key,
    grouped_sizes,
)
from analytics.differencing import prepare_slices, slice_sizes
from analytics.filters import FilterSpec
from analytics.outcome_filters import outcome_filter_expr
from analytics.rate_view import RateView, headline_guard, rate_view
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

REGION_TEXTS = ["US-CA", "US-NY", "US", "CA-ON", "CA", "DE-BE-X", "-CA", "", "U", "USA-CA", None]
COUNTRIES = ["US", "CA", "DE", "", "US-CA", "U", "USA"]
COLUMNS = ("field", "company", "region", "term", "gpa_band")


class Memo:
    """A memo keyed like the dashboard's (frames and codes by identity, other arguments by value), counting misses."""

    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], Any] = {}
        self.misses: list[tuple[Any, ...]] = []

    def __call__(self, function: Callable[..., Any], /, *args: Any) -> Any:
        key = (function.__name__, *[id(a) if isinstance(a, pl.DataFrame | ApplicantCodes) else a for a in args])
        if key not in self.results:
            self.misses.append(key)
            self.results[key] = function(*args)
        return self.results[key]


@settings(max_examples=80, deadline=None)
@given(
    regions=st.lists(st.sampled_from(REGION_TEXTS), max_size=30),
    countries=st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True),
)
def test_country_filter_selects_the_rows_the_split_selected(regions: list[str | None], countries: list[str]) -> None:
    frame = pl.DataFrame({"region": regions}, schema={"region": pl.String})
    spec = FilterSpec(countries=tuple(countries))  # drops an empty value
    expr = outcome_filter_expr(spec, frame.columns)
    if not spec.countries:
        assert expr is None
        return
    assert expr is not None
    before = pl.all_horizontal([pl.col("region").str.split("-").list.first().is_in(list(spec.countries))])
    before = before.fill_null(False)
    assert frame.select(expr).to_series().to_list() == frame.select(before).to_series().to_list()


def test_the_country_filter_check_can_fail() -> None:
    """Control: the rows differ between countries, so the comparison above is not vacuous."""
    frame = pl.DataFrame({"region": REGION_TEXTS}, schema={"region": pl.String})
    picked = {}
    for country in ("US", "CA"):
        expr = outcome_filter_expr(FilterSpec(countries=(country,)), frame.columns)
        assert expr is not None
        picked[country] = frame.filter(expr)
    assert picked["US"]["region"].to_list() == ["US-CA", "US-NY", "US"]
    assert picked["CA"]["region"].to_list() == ["CA-ON", "CA"]


@pytest.mark.parametrize(("width", "kind"), [(1, np.uint8), (256, np.uint8), (257, np.uint16), (70_000, np.uint32)])
def test_code_type_is_the_smallest_that_holds_every_code(width: int, kind: type) -> None:
    assert code_type(width) is kind


def test_keys_are_bytes_and_count_as_before() -> None:
    rng = np.random.default_rng(5)
    n = 3_000
    companies = [f"c{i}" if i else None for i in range(300)]  # 300 values and null: two bytes a row
    frame = pl.DataFrame(
        {
            "applicant_id": [f"a{i}" for i in rng.integers(0, 500, n)],
            "company": rng.choice(np.array(companies, dtype=object), n).tolist(),
            "field": rng.choice(["x", "y", "z"], n).tolist(),
        }
    )
    people = applicant_codes(frame)
    company, field = column_key(frame["company"]), column_key(frame["field"])
    assert company.codes.dtype == np.uint16 and field.codes.dtype == np.uint8
    got = grouped_sizes([company, field], people, None).sort(["company", "field"], nulls_last=True)
    expected = (
        frame.group_by(["company", "field"])
        .agg(pl.len().cast(pl.Int64).alias("applications"), pl.col("applicant_id").n_unique().cast(pl.Int64))
        .rename({"applicant_id": "applicants"})
        .sort(["company", "field"], nulls_last=True)
    )
    assert_frame_equal(got, expected)


def _outcomes(seed: int, n: int = 600) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    pick = lambda values: rng.choice(np.array(values, dtype=object), n).tolist()  # noqa: E731
    return compact_outcomes(
        pl.DataFrame(
            {
                "applicant_id": pick([f"a{i}" for i in range(60)] + [None]),
                "company": pick(["Acme", "Bolt", "Cato", None]),
                "region": pick(["US-CA", "US-NY", "CA-ON", "DE-BE", None]),
                "field": pick(["Data Science", "Cybersecurity", "Software Engineering", None]),
                "term": pick(["Summer 2026", "Fall 2026", None]),
                "stage": pick(list(STAGES)),
                "gpa": pick([2.7, 3.2, 3.6, 3.9, None]),
            },
            schema_overrides={"gpa": pl.Float64},
        )
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", COLUMNS)
def test_a_view_one_choice_from_a_prepared_field_counts_only_what_is_new(seed: int, by: str) -> None:
    """One field chosen and prepared; then grouped by `by`, and then a country added: the prepared sizes are hits,
    and every result equals the one computed with an empty memo."""
    outcomes = _outcomes(seed)
    people = applicant_codes(outcomes)
    people.prepare(outcomes, [*COLUMNS, "stage"])
    assert set(people.keys) == {*COLUMNS, "stage", COUNTRY_KEY}
    one_field = FilterSpec(fields=("Data Science",))
    memo = Memo()
    rate_view(outcomes, one_field, "field", min_group=3, code_applicants=lambda _: people, memo=memo)  # the default
    asked = prepare_slices(outcomes, one_field, COLUMNS, people, memo)
    # Its slices of the total, the view without it (two), then by each column its slices and the view without it
    # grouped so (rule 3b; by field: the same as the view without it by its column)
    assert asked == 3 + 2 * len(COLUMNS) - 1
    assert len(memo.misses) == 4 + 2 * (len(COLUMNS) - 1)  # the slices of the total and by field: in the view
    prepared = len(memo.misses)
    view = rate_view(outcomes, one_field, by, min_group=3, code_applicants=lambda _: people, memo=memo)
    fresh = rate_view(outcomes, one_field, by, min_group=3, code_applicants=lambda _: people, memo=Memo())
    _assert_same(view, fresh)
    assert memo.misses[prepared:] == []  # every size the view reads was prepared
    with_country = FilterSpec(fields=("Data Science",), countries=("US",))
    guard = headline_guard(
        outcomes, with_country, 3, applications=100, applicants=20, code_applicants=lambda _: people, memo=memo
    )
    fresh_guard = headline_guard(
        outcomes, with_country, 3, applications=100, applicants=20, code_applicants=lambda _: people, memo=Memo()
    )
    assert guard == fresh_guard
    region_by_field = ("slice_sizes", id(outcomes), id(people), ("region", _field_item(one_field)), ())
    assert region_by_field in memo.results and region_by_field not in memo.misses[prepared:]


def _assert_same(view: RateView, fresh: RateView) -> None:
    """Every number and decision the view shows is the same (same code path, so exactly)."""
    assert view.table.frame.equals(fresh.table.frame) and view.ranking.frame.equals(fresh.ranking.frame)
    assert (view.funnel is None) == (fresh.funnel is None)
    assert view.funnel is None or fresh.funnel is None or view.funnel.equals(fresh.funnel)
    for name in ("n_suppressed", "n_complementary", "n_differencing", "total_withheld", "withheld_reasons"):
        assert getattr(view.table, name) == getattr(fresh.table, name), name
    assert (view.n_applications, view.scope) == (fresh.n_applications, fresh.scope)


def _field_item(spec: FilterSpec) -> Any:
    from analytics.differencing import active_filters

    return active_filters(spec, ["field"])[0]


def test_prepared_sizes_are_the_ones_counted_on_demand() -> None:
    outcomes = _outcomes(4)
    people = applicant_codes(outcomes)
    spec = FilterSpec(fields=("Cybersecurity", "Data Science"), terms=("Fall 2026",))
    memo = Memo()
    prepare_slices(outcomes, spec, COLUMNS, people, memo)
    for key, result in memo.results.items():
        _, _, _, parts, kept = key
        again = slice_sizes(outcomes, applicant_codes(outcomes), parts, kept)  # new keys: values in another order
        keys = [name for name in result.columns if name not in ("applications", "applicants")]
        assert result.height > 0
        assert_frame_equal(result.sort(keys, nulls_last=True), again.sort(keys, nulls_last=True))


@settings(max_examples=100, deadline=None)
@given(width=st.integers(1, 40), data=st.data())
def test_a_key_selects_the_rows_of_its_chosen_values(width: int, data: st.DataObject) -> None:
    """Few values chosen (compared one by one), all but a few, or many (gathered): the same rows."""
    passes = np.array(data.draw(st.lists(st.booleans(), min_size=width, max_size=width)), dtype=bool)
    codes = np.array(data.draw(st.lists(st.integers(0, width - 1), max_size=60)), dtype=code_type(width))
    key = Key("k", codes, pl.Series("k", range(width)))
    got = key.selects(passes)
    assert got.dtype == np.bool_ and got.tolist() == passes[codes].tolist()
