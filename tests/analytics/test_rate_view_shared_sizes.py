"""A rate view with filters, counted on integer keys with its check sizes memoised, equals the polars path.

`rate_view` selects a view's rows on the integer keys kept with the applicant codes (not with polars' string
filters), counts the clustered rates on the keys gathered to those rows, and asks a memo for every size its filter
checks read (analytics/differencing.py `slice_sizes`), so the views of one filter set (grouped otherwise, or the
Overview's headline check) share them. Every result must be the one the reference gives: the rows `filter_outcomes`
keeps, polars' hashed clustered counts and the checks' sizes from polars group-bys (`polars_parts`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics import differencing
from analytics.applicant_sizes import ApplicantCodes, applicant_codes
from analytics.differencing import polars_parts, slice_sizes, view_guard
from analytics.filters import FilterSpec
from analytics.outcome_filters import filter_outcomes
from analytics.rate_view import RateView, headline_guard, rate_view
from analytics.rates import acceptance_rates, funnel, funnel_from_totals, gpa_band
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

COMPANIES = ["Acme", "Bolt", "Cato", "Dune", None]
REGIONS = ["US-CA", "US-NY", "CA-ON", "DE-BE", None]
FIELDS = ["Software Engineering", "Cybersecurity", "Data Science", None]
TERMS = ["Summer 2026", "Fall 2026", None]
GROUPINGS = ["company", "field", "region", "term", "gpa_band"]


class Memo:
    """A memo keyed like the dashboard's (frames and codes by identity, other arguments by value), counting misses."""

    def __init__(self) -> None:
        self.results: dict[Hashable, Any] = {}
        self.misses: list[str] = []

    def __call__(self, function: Callable[..., Any], /, *args: Any) -> Any:
        key = (function.__name__, *[id(a) if isinstance(a, pl.DataFrame | ApplicantCodes) else a for a in args])
        if key not in self.results:
            self.misses.append(function.__name__)
            self.results[key] = function(*args)
        return self.results[key]


def _frame(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(0, 80))
    pick = lambda values: st.lists(st.sampled_from(values), min_size=n, max_size=n)  # noqa: E731
    return pl.DataFrame(
        {
            "applicant_id": draw(pick(["a1", "a2", "a3", "a4", "a5", "a6", None])),
            "company": draw(pick(COMPANIES)),
            "region": draw(pick(REGIONS)),
            "field": draw(pick(FIELDS)),
            "term": draw(pick(TERMS)),
            "stage": draw(pick(list(STAGES))),
            "gpa": draw(st.lists(st.sampled_from([2.7, 3.2, 3.6, 3.9, None]), min_size=n, max_size=n)),
        },
        schema={
            **{name: pl.String for name in ("applicant_id", "company", "region", "field", "term", "stage")},
            "gpa": pl.Float64,
        },
    )


outcome_rows = st.composite(_frame)


@st.composite
def specs(draw: st.DrawFn) -> FilterSpec:
    """One to three outcome filters (at least one), each with one or two values (some matching no row)."""
    fields: list[str] = draw(
        st.lists(st.sampled_from(["Software Engineering", "Cybersecurity"]), max_size=2, unique=True)
    )
    companies: list[str] = draw(st.lists(st.sampled_from(["Acme", "Bolt", "Cato"]), max_size=2, unique=True))
    countries: list[str] = draw(st.lists(st.sampled_from(["US", "CA", "FR"]), max_size=2, unique=True))
    regions: list[str] = draw(st.lists(st.sampled_from(["US-CA", "CA-ON"]), max_size=1))
    terms: list[str] = draw(st.lists(st.sampled_from(["Summer 2026"]), max_size=1))
    if not (fields or companies or countries or regions or terms):
        fields = ["Data Science"]
    return FilterSpec(
        fields=tuple(fields),
        companies=tuple(companies),
        countries=tuple(countries),
        regions=tuple(regions),
        terms=tuple(terms),
    )


def _reference(
    monkeypatch: pytest.MonkeyPatch, frame: pl.DataFrame, spec: FilterSpec, by: str, min_group: int
) -> tuple[pl.DataFrame | None, Any, Any]:
    """(funnel, table, headline) as the polars path gives them: `filter_outcomes`' rows, hashed clustered counts,
    the checks' sizes from polars group-bys."""

    def polars_sized(
        source: pl.DataFrame,
        by_: str | None,
        filters: Any,
        others: Any,
        people: Any,
        memo: Any = None,
        floor: Any = None,
        view: Any = None,
    ) -> list[pl.DataFrame]:
        return polars_parts(source, spec, by_, filters, others, counts=False, ids=True)

    with monkeypatch.context() as patch:
        patch.setattr(differencing, "coded_parts", polars_sized)
        source = frame.with_columns(gpa_band()) if by == "gpa_band" else frame
        guard = view_guard(source, spec, by, min_group)
        rows = filter_outcomes(source, spec)
        table = acceptance_rates(rows, by, min_group=min_group, guard=guard)
        headline = view_guard(frame, spec, None, min_group)
    steps = funnel_from_totals(table.view_totals, clustered=True) if table.view_totals is not None else funnel(rows)
    return (None if table.total_withheld else steps), table, headline


def _assert_same(view: RateView, funnel: pl.DataFrame | None, table: Any) -> None:
    """Counts, groups and decisions exactly; an interval bound to 1e-12 (polars evaluates the Wilson bound of one
    group on a frame of other length in the reference and can round its last bit otherwise, as it did before)."""
    assert_frame_equal(view.table.frame, table.frame, check_exact=False, rel_tol=1e-12, abs_tol=0)
    floats = [name for name, dtype in table.frame.schema.items() if dtype.is_float()]
    assert view.table.frame.drop(floats).equals(table.frame.drop(floats))
    for name in ("n_suppressed", "n_complementary", "n_no_group", "total_withheld", "n_differencing", "filters"):
        assert getattr(view.table, name) == getattr(table, name), name
    assert view.table.withheld_reasons == table.withheld_reasons
    assert (view.table.applicant_aware, view.table.method) == (table.applicant_aware, table.method)
    assert (view.table.view_totals is None) == (table.view_totals is None)
    assert view.table.view_totals is None or view.table.view_totals.equals(table.view_totals)
    assert (view.funnel is None) == (funnel is None)
    if view.funnel is not None and funnel is not None:
        assert_frame_equal(view.funnel, funnel, check_exact=False, rel_tol=1e-12, abs_tol=0)


@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=outcome_rows(), spec=specs(), by=st.sampled_from(GROUPINGS), min_group=st.sampled_from([1, 2, 3]))
def test_rate_view_with_filters_equals_the_polars_path(
    monkeypatch: pytest.MonkeyPatch, compact: bool, frame: pl.DataFrame, spec: FilterSpec, by: str, min_group: int
) -> None:
    if compact:
        frame = compact_outcomes(frame)
    if frame.get_column("applicant_id").null_count() == frame.height:
        return  # no ids: the views count aggregated counts, another path
    people = applicant_codes(frame)
    memo = Memo()
    view = rate_view(frame, spec, by, min_group=min_group, code_applicants=lambda _: people, memo=memo)
    funnel, table, headline = _reference(monkeypatch, frame, spec, by, min_group)
    _assert_same(view, funnel, table)
    shown = headline_guard(
        frame, spec, min_group, applications=10**6, applicants=10**6, code_applicants=lambda _: people, memo=memo
    )
    assert shown.shown == headline.total_ok
    assert shown.reason == ("" if headline.total_ok else "withheld: " + "; ".join(headline.reasons))


def test_the_checks_sizes_are_shared_between_views_of_one_filter_set() -> None:
    """The Overview's check after the page's view counts nothing new; another grouping counts only its own slices;
    each size equals the polars group-by's."""
    rng = np.random.default_rng(17)
    n = 3_000
    frame = compact_outcomes(
        pl.DataFrame(
            {
                "applicant_id": [f"p{i}" for i in rng.integers(0, 400, n)],
                "company": rng.choice(np.array(["Acme", "Bolt", "Cato", "Dune"]), n).tolist(),
                "region": rng.choice(np.array(["US-CA", "US-NY", "CA-ON", "DE-BE"]), n).tolist(),
                "field": rng.choice(np.array(["Software Engineering", "Cybersecurity", "Data Science"]), n).tolist(),
                "stage": rng.choice(list(STAGES), n).tolist(),
            }
        )
    )
    people = applicant_codes(frame)
    spec = FilterSpec(fields=("Data Science",), countries=("US",))
    memo = Memo()
    rate_view(frame, spec, "company", min_group=5, code_applicants=lambda _: people, memo=memo)
    # Per filter its slices, in total and by company, among the other filter's rows: compared with the minimum only,
    # counted from the group sizes of those rows (analytics/slice_bounded.py) and not memoised (a few ms each). Every
    # other size is read from sizes over every application (analytics/slice_whole.py): per filter its slices in total,
    # by company and by the other filter's column (the country's by field, the field's by region): 6.
    assert memo.misses == ["slice_sizes"] * 6
    memo.misses.clear()
    headline_guard(frame, spec, 5, applications=n, applicants=400, code_applicants=lambda _: people, memo=memo)
    assert memo.misses == []
    rate_view(frame, spec, "region", min_group=5, code_applicants=lambda _: people, memo=memo)
    # Only the country's slices by region over every application are new (the field's by region are above).
    assert memo.misses == ["slice_sizes"]
    filters = differencing.active_filters(spec, frame.columns)
    expected = polars_parts(frame, spec, "company", filters, {f.attribute: [] for f in filters}, counts=False, ids=True)
    got = slice_sizes(frame, people, ("company", filters[0]), (filters[1],))
    assert got.sort(got.columns, nulls_last=True).equals(expected[1].sort(expected[1].columns, nulls_last=True))


def test_a_view_whose_rows_have_no_applicant_id_counts_applications_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter may keep only rows without an id: the view is then the plain one, as the polars path gives it."""
    frame = pl.DataFrame(
        {
            "applicant_id": ["a", "b", "c", None, None, None] * 5,
            "company": ["X", "Y", "X", "X", "Y", "X"] * 5,
            "field": ["Data", "Data", "Data", "Design", "Design", "Design"] * 5,
            "stage": ["offer", "applied", "interview", "accepted", "applied", "offer"] * 5,
        }
    )
    spec = FilterSpec(fields=("Design",))
    people = applicant_codes(frame)
    for min_group in (1, 2):
        view = rate_view(frame, spec, "company", min_group=min_group, code_applicants=lambda _: people, memo=Memo())
        _assert_same(view, *_reference(monkeypatch, frame, spec, "company", min_group)[:2])
        assert not view.table.applicant_aware and view.n_applications == 15
