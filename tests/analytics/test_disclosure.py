"""Disclosure control: small groups hidden, and no hidden group derivable from what a view shows."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.disclosure import describe_suppression, suppress_groups
from analytics.filters import FilterSpec
from analytics.outcome_filters import filter_outcomes
from analytics.rates import acceptance_rates, funnel
from data_loaders.schema import STAGES, conform

MIN = 5


def _sizes(
    apps: list[int], applicants: list[int] | None = None, total: int | None = None
) -> tuple[list[bool], int, bool]:
    result = suppress_groups(
        np.array(apps),
        None if applicants is None else np.array(applicants),
        MIN,
        total_applications=sum(apps) if total is None else total,
        total_applicants=None,
    )
    return result.hidden.tolist(), result.n_complementary, result.total_withheld or result.unprotectable


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    assert _sizes([20, 3, 7, 50]) == ([False, True, True, False], 1, False)


def test_two_small_groups_that_together_are_too_small_take_a_third() -> None:
    # 1 + 2 = 3 < 5: their sum would itself be a group too small to show.
    assert _sizes([1, 2, 9, 40]) == ([True, True, True, False], 1, False)


def test_applicants_count_not_just_applications() -> None:
    # 12 applications from 4 people is under the minimum of 5 applicants.
    assert _sizes([12, 30, 30], [4, 20, 25])[0] == [True, True, False]


def test_no_protectable_pattern_withholds_the_total() -> None:
    assert _sizes([3, 40]) == ([True, True], 1, False)
    assert _sizes([3]) == ([True], 0, True)  # a single group: the total is the group
    assert _sizes([2, 1]) == ([True, True], 0, True)  # all of it is under the minimum


def test_hidden_groups_only_grow_with_the_threshold() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        apps = rng.integers(1, 30, size=rng.integers(1, 9))
        previous = np.zeros(apps.size, dtype=bool)
        for threshold in range(1, 35):
            hidden = suppress_groups(
                apps, None, threshold, total_applications=int(apps.sum()), total_applicants=None
            ).hidden
            assert not (previous & ~hidden).any()  # nothing hidden at a lower threshold is shown at a higher one
            previous = hidden


def test_the_sentence_says_how_many_and_why() -> None:
    assert describe_suppression(0, 0, 10, "company", applicant_aware=True) == ""
    assert describe_suppression(1, 1, 10, "company", applicant_aware=True) == (
        "2 company groups are hidden: 1 with fewer than 10 applicants or applications, and 1 more so that no hidden "
        "group can be worked out by subtracting the shown ones from the total."
    )


COMPANIES = ["Acme", "Bolt", "Cato", "Dune", "Eon"]
REGIONS = ["US-CA", "US-NY", "US-TX", None]
FIELDS = ["Software Engineering", "Cybersecurity", None]


@st.composite
def outcome_sets(draw: st.DrawFn) -> pl.DataFrame:
    """Random per-application outcomes: a few companies, regions and fields, applicants who apply repeatedly."""
    n = draw(st.integers(1, 90))
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(COMPANIES),
                st.sampled_from(REGIONS),
                st.sampled_from(FIELDS),
                st.sampled_from(STAGES),
                st.integers(0, 25),
            ),
            min_size=n,
            max_size=n,
        )
    )
    with_ids = draw(st.booleans())
    return conform(
        pl.DataFrame(
            {
                "application_id": [str(i) for i in range(n)],
                "company": [r[0] for r in rows],
                "region": [r[1] for r in rows],
                "field": [r[2] for r in rows],
                "stage": [r[3] for r in rows],
                "applicant_id": [f"A{r[4]}" if with_ids else None for r in rows],
            }
        ),
        "outcomes",
    )


SPECS = st.builds(
    FilterSpec,
    fields=st.sampled_from([(), ("Software Engineering",), ("Cybersecurity",)]),
    regions=st.sampled_from([(), ("US-CA",), ("US-CA", "US-NY")]),
    companies=st.sampled_from([(), ("Acme",), ("Acme", "Bolt", "Cato")]),
)


@settings(max_examples=150, deadline=None)
@given(
    outcome_sets(),
    SPECS,
    st.sampled_from(["company", "region", "field"]),
    st.sampled_from(["offer", "interview"]),
    st.integers(2, 12),
)
def test_no_hidden_group_is_derivable_by_subtraction(
    outcomes: pl.DataFrame, spec: FilterSpec, by: str, rate: str, min_group: int
) -> None:
    narrowed = filter_outcomes(outcomes, spec)
    table = acceptance_rates(narrowed, by, min_group=min_group, rate=rate)
    truth = acceptance_rates(narrowed, by, min_group=1, rate=rate).frame  # every group, nothing hidden
    hidden = truth.join(table.frame.select(by), on=by, how="anti")
    n_missing = narrowed.filter(pl.col(by).is_null()).height  # applications with no group value: one more group
    missing_hidden = table.n_no_group is None and n_missing > 0
    assert hidden.height == table.n_suppressed
    assert table.n_no_group in (None, n_missing)
    if table.total_withheld or (hidden.height == 0 and not missing_hidden):
        return
    # The view shows the funnel total, the shown groups and (unless hidden) the applications with no group value.
    total = funnel(narrowed).row(0, named=True)["count"] if narrowed.height else 0
    shown = int(table.frame["n"].sum() or 0)
    derived = (
        total - shown - (table.n_no_group or 0)
    )  # what subtraction yields: the hidden groups' sum, never one group
    assert derived == int(hidden["n"].sum()) + (n_missing if missing_hidden else 0)
    assert hidden.height + missing_hidden >= 2
    assert derived >= min_group
    # The pattern depends on sizes only, so the other rate (a link away) hides the very same groups.
    other = acceptance_rates(narrowed, by, min_group=min_group, rate="interview" if rate == "offer" else "offer")
    assert sorted(other.frame[by].to_list()) == sorted(table.frame[by].to_list())
    # Every shown group reaches the minimum in applications and, with ids, in applicants.
    assert (table.frame["n"] >= min_group).all()
    if table.applicant_aware:
        assert (table.frame["applicants"] >= min_group).all()
