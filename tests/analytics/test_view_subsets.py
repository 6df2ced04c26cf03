"""A view's rows kept for the last few filter sets (analytics/view_subsets.py): a rate view grouped one way then
another, and the Overview's offer rate of the same filters, read the same rows and the same total as when each is
computed on its own codes; the kept sets stay few."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import view_subsets
from analytics.applicant_sizes import applicant_codes
from analytics.differencing import active_filters
from analytics.filters import FilterSpec
from analytics.overview_offer import offer_headline
from analytics.rate_view import rate_view
from analytics.slice_keys import FilterRows
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

COMPANIES = ["Acme", "Bolt", "Cato", "Dune", None]
REGIONS = ["US-CA", "US-NY", "US-TX", "CA-ON", "GB-LND", None]
FIELDS = ["Software Engineering", "Cybersecurity", "Data Science", None]


def _outcomes(seed: int, n: int = 1_500) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return compact_outcomes(
        pl.DataFrame(
            {
                "applicant_id": [f"p{i}" if i % 11 else None for i in rng.integers(0, 200, n)],
                "company": rng.choice(np.array(COMPANIES, dtype=object), n).tolist(),
                "region": rng.choice(np.array(REGIONS, dtype=object), n).tolist(),
                "field": rng.choice(np.array(FIELDS, dtype=object), n).tolist(),
                "term": rng.choice(["Summer 2026", "Fall 2026"], n).tolist(),
                "stage": rng.choice(list(STAGES), n).tolist(),
            }
        )
    )


def _fresh(frame: pl.DataFrame, spec: FilterSpec, by: str) -> pl.DataFrame:
    """The view's table computed with codes nobody asked before (nothing kept)."""
    people = applicant_codes(frame)
    return rate_view(frame, spec, by, min_group=3, code_applicants=lambda _: people).table.frame


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    fields=st.lists(st.sampled_from(FIELDS[:3]), min_size=1, max_size=2, unique=True),
    countries=st.sampled_from([(), ("US",), ("US", "CA")]),
    groupings=st.lists(st.sampled_from(["company", "region", "field", "term", "gpa_band"]), min_size=2, max_size=4),
)
def test_groupings_of_one_view_equal_each_computed_alone(
    seed: int, fields: list[str], countries: tuple[str, ...], groupings: list[str]
) -> None:
    """One set of codes asked for the same filters in several groupings (the kept rows gain each grouping's key; the
    total is counted once) gives every table as codes nobody asked before give it."""
    frame = _outcomes(seed)
    if "gpa_band" in groupings:
        frame = frame.with_columns(gpa=pl.Series(np.linspace(2.0, 4.0, frame.height)))
    spec = FilterSpec(fields=tuple(fields), countries=countries)
    people = applicant_codes(frame)
    for by in groupings:
        shared = rate_view(frame, spec, by, min_group=3, code_applicants=lambda _: people)
        assert shared.table.frame.equals(_fresh(frame, spec, by)), by


def test_the_offer_rate_after_a_rate_view_equals_it_alone() -> None:
    """The Overview's offer rate of the filters a rate view just showed reads the kept rows and their total: the
    same KPIs and check as on codes nobody asked before."""
    frame = _outcomes(3)
    spec = FilterSpec(fields=("Data Science",), countries=("US",))
    people = applicant_codes(frame)
    rate_view(frame, spec, "region", min_group=3, code_applicants=lambda _: people)
    after = offer_headline(frame, spec, 3, code_applicants=lambda _: people)
    alone_people = applicant_codes(frame)
    alone = offer_headline(frame, spec, 3, code_applicants=lambda _: alone_people)
    assert after == alone
    assert after.kpis["offer_rate_n"] > 0


def test_kept_rows_are_found_once_and_only_the_last_few_kept() -> None:
    """The same filter set asked twice is one entry (its rows, its codes); beyond `KEPT` other sets, the oldest is
    found again; a key asked later is gathered to the kept rows."""
    frame = _outcomes(4)
    people = applicant_codes(frame)
    for column in ("field", "region", "company", "stage"):
        people.key(frame, column)
    view = FilterRows(frame, people)

    def ask(spec: FilterSpec, columns: list[str]) -> view_subsets.ViewRows:
        return view_subsets.view_rows(people, view, active_filters(spec, frame.columns), columns)

    first = ask(FilterSpec(fields=("Data Science",)), ["stage"])
    again = ask(FilterSpec(fields=("Data Science",)), ["stage", "company"])
    assert again is first and set(first.rows.keys) == {"stage", "company"}
    expected = people.subset(
        view.rows(active_filters(FilterSpec(fields=("Data Science",)), frame.columns)), ["company"]
    )
    assert np.array_equal(first.rows.codes, expected.codes)
    assert np.array_equal(first.rows.keys["company"].codes, expected.keys["company"].codes)
    for index, field in enumerate(FIELDS[:3]):
        ask(FilterSpec(fields=(field,), countries=("US",)), ["stage"])
        assert len(view_subsets._KEPT_VIEWS[people]) == min(index + 2, view_subsets.KEPT)
    assert ask(FilterSpec(fields=("Data Science",)), ["stage"]) is not first


@pytest.mark.parametrize("name", ["a", "b"])
def test_derived_values_are_computed_once_per_subset(name: str) -> None:
    """A value derived from a subset is computed on the first ask only, and per subset."""
    frame = _outcomes(5, 200)
    one, other = applicant_codes(frame), applicant_codes(frame)
    calls: list[int] = []
    assert view_subsets.derived(one, name, lambda: calls.append(1) or 7) == 7
    assert view_subsets.derived(one, name, lambda: calls.append(1) or 8) == 7
    assert view_subsets.derived(other, name, lambda: calls.append(1) or 9) == 9
    assert len(calls) == 2
