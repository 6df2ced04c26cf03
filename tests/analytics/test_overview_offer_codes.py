"""The Overview's offer rate counted on applicant codes (analytics/overview.py with `code_applicants`) equals the
rate counted by filtering the rows in polars and clustering them by the hashed id (the path without codes): every
KPI, the interval bounds and the per-applicant rate included, exactly, on frames with nulls in every column. The
tile's one call (`offer_headline`: the counts and their disclosure check, the filter rows found once for both) gives
what the two calls give apart."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.applicant_sizes import applicant_codes
from analytics.filters import FilterSpec
from analytics.outcome_filters import outcome_spec
from analytics.overview import overview_kpis
from analytics.overview_offer import offer_headline
from analytics.rate_view import headline_guard
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES, empty_frame

COMPANIES = ["Acme", "Bolt", "Cato", None]
REGIONS = ["US-CA", "US-NY", "CA-ON", "GB-LND", None]
FIELDS = ["Software Engineering", "Cybersecurity", "Data Science", None]
TERMS = ["Summer 2026", "Fall 2026", None]
LISTINGS = empty_frame("listings")


@st.composite
def outcome_rows(draw: st.DrawFn) -> pl.DataFrame:
    """Applications of a few applicants (some without an id), nulls in every key column."""
    n = draw(st.integers(0, 80))
    people = draw(st.sampled_from([["a1", "a2", "a3", None], ["a1", "a2", "a3", "a4", "a5", "a6"], [None]]))
    pick = lambda values: st.lists(st.sampled_from(values), min_size=n, max_size=n)  # noqa: E731
    columns = ("applicant_id", "company", "region", "field", "term", "stage")
    return pl.DataFrame(
        {
            "applicant_id": draw(pick(people)),
            "company": draw(pick(COMPANIES)),
            "region": draw(pick(REGIONS)),
            "field": draw(pick(FIELDS)),
            "term": draw(pick(TERMS)),
            "stage": draw(pick(list(STAGES))),
        },
        schema={name: pl.String for name in columns},
    )


@st.composite
def specs(draw: st.DrawFn) -> FilterSpec:
    """Up to five outcome filters (a field and a country most often), some matching no row; listing-only ones too."""
    chosen = {
        "fields": draw(st.lists(st.sampled_from(FIELDS[:3]), max_size=2, unique=True)),
        "countries": draw(st.lists(st.sampled_from(["US", "CA", "GB", "FR"]), max_size=2, unique=True)),
        "companies": draw(st.lists(st.sampled_from(COMPANIES[:3]), max_size=1, unique=True)),
        "regions": draw(st.lists(st.sampled_from(REGIONS[:4]), max_size=2, unique=True)),
        "terms": draw(st.lists(st.sampled_from(TERMS[:2]), max_size=1, unique=True)),
    }
    search = draw(st.sampled_from(["", "data"]))
    return FilterSpec(search=search, **{key: tuple(values) for key, values in chosen.items()})


@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=outcome_rows(), spec=specs())
def test_offer_kpis_on_codes_equal_the_filtered_rows(compact: bool, frame: pl.DataFrame, spec: FilterSpec) -> None:
    if compact:
        frame = compact_outcomes(frame)
    expected = overview_kpis(LISTINGS, frame, spec)
    codes = applicant_codes(frame) if frame.get_column("applicant_id").null_count() < frame.height else None
    got = overview_kpis(LISTINGS, frame, spec, code_applicants=lambda rows: codes or applicant_codes(rows))
    assert got == expected


def test_offer_kpis_on_codes_count_the_clusters() -> None:
    """A hand-counted view: a field and a country keep four applications of two applicants and one without an id."""
    frame = pl.DataFrame(
        {
            "applicant_id": ["a", "a", "b", None, "a", "c"],
            "field": ["SE", "SE", "SE", "SE", "DS", None],
            "region": ["US-CA", "US-NY", "US-CA", "US-TX", "US-CA", "US-CA"],
            "stage": ["offer", "applied", "accepted", "offer", "offer", "offer"],
        }
    )
    spec = FilterSpec(fields=("SE",), countries=("US",))
    got = overview_kpis(LISTINGS, frame, spec, code_applicants=applicant_codes)
    assert (got["offer_rate_n"], got["offer_rate_successes"]) == (4, 3)
    assert (got["offer_rate_applicants"], got["applicants_with_offer"]) == (2, 2)
    assert got == overview_kpis(LISTINGS, frame, spec)
    assert got["offer_rate_low"] < 0.75 < got["offer_rate_high"]


@pytest.mark.parametrize("seed", range(4))
def test_offer_kpis_of_a_few_rows_among_many_applicants(seed: int) -> None:
    """A view of a few rows among many applicants numbers only its own applicants (analytics/coded_clusters.py
    `_applicant_sums`): the same KPIs as the filtered rows give."""
    rng = np.random.default_rng(seed)
    n = 4_000
    frame = pl.DataFrame(
        {
            "applicant_id": [f"a{i}" if i < 3_000 else None for i in rng.integers(0, 3_100, n)],
            "field": [["SE", "DS", "Rare"][i] for i in rng.choice(3, n, p=[0.6, 0.38, 0.02])],
            "region": [REGIONS[int(i)] for i in rng.integers(0, len(REGIONS), n)],
            "stage": [STAGES[int(i)] for i in rng.integers(0, len(STAGES), n)],
        }
    )
    for spec in (
        FilterSpec(fields=("Rare",)),
        FilterSpec(fields=("Rare",), countries=("US",)),
        FilterSpec(fields=("SE",)),
    ):
        expected = overview_kpis(LISTINGS, frame, spec)
        assert overview_kpis(LISTINGS, frame, spec, code_applicants=applicant_codes) == expected
        assert expected["offer_rate_n"] > 0


@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=outcome_rows(), spec=specs(), min_group=st.sampled_from([1, 2, 3, 5, 10]))
def test_offer_headline_equals_the_counts_and_their_check_apart(
    compact: bool, frame: pl.DataFrame, spec: FilterSpec, min_group: int
) -> None:
    if compact:
        frame = compact_outcomes(frame)
    sizes: dict[str, object] = {}

    def memo(function, *args, **kwargs):  # a memo as the app's: one result per call, shared by the checks
        key = (function.__name__, repr(args[2:]), repr(sorted(kwargs.items())))
        if key not in sizes:
            sizes[key] = function(*args, **kwargs)
        return sizes[key]

    codes = applicant_codes(frame)
    got = offer_headline(frame, spec, min_group, code_applicants=lambda rows: codes, memo=memo)
    # The app keys it by the outcome spec: a filter outcomes do not follow changes only the scope's names, kept there.
    assert got == offer_headline(frame, outcome_spec(spec), min_group, code_applicants=lambda rows: codes, memo=memo)
    kpis = overview_kpis(LISTINGS, frame, spec)
    assert got.kpis == {key: value for key, value in kpis.items() if key.startswith("offer_") or "applicant" in key}
    if kpis["offer_rate"] is None:
        assert got.guard is None
        return
    size = {"applications": kpis["offer_rate_n"], "applicants": kpis["offer_rate_applicants"]}
    assert got.guard == headline_guard(frame, outcome_spec(spec), min_group, **size)
    assert got == offer_headline(frame, spec, min_group)  # no hooks: the same without codes or memo
