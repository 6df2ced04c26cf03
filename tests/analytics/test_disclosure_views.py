"""Differencing across views a link can reach: no small group is derivable from one view and a view one filter away.

The audit is exact linear algebra. Every number a view shows (its total, each shown group, the applications
with no group value) counts a union of *atoms*, the distinct (company, region, field) combinations. A set
is derivable from the numbers of two views exactly when its atom vector lies in the span of the shown
vectors (any sums and differences, within one view or across the two). Every possible combination is an
unknown, present in the data or not, except where a shown zero proves it empty. A target is any hidden cell of either view, or any single atom, that holds between 1 and
min_group - 1 applications (or applicants): none may be derivable.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.filters import FilterSpec
from analytics.outcome_filters import filter_outcomes
from analytics.rate_view import headline_guard, rate_view
from data_loaders.schema import STAGES, conform

COMPANIES = ["Acme", "Bolt", "Cato"]
REGIONS = ["US-CA", "US-NY", "CA-ON", None]
FIELDS = ["Software Engineering", "Cybersecurity", None]
DOMAINS = {
    "companies": ("company", COMPANIES),
    "regions": ("region", REGIONS[:3]),
    "fields": ("field", FIELDS[:2]),
    "countries": ("region", ["US", "CA"]),
}
ATOM_KEYS = ["company", "region", "field"]


@st.composite
def outcome_sets(draw: st.DrawFn) -> pl.DataFrame:
    """Random applications over a few companies, regions and fields; applicants who apply repeatedly (or no ids)."""
    n = draw(st.integers(1, 70))
    # Skewed cell sizes: a few large combinations and some rare ones, so small and large groups mix.
    combos = list(itertools.product(COMPANIES, REGIONS, FIELDS))
    if draw(st.booleans()):  # half the sets have no missing region or field, where groupings split most finely
        combos = [combo for combo in combos if None not in combo]
    weights = [draw(st.integers(0, 6)) ** 2 for _ in combos]
    if not any(weights):
        weights[0] = 1
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    picks = rng.choice(len(combos), size=n, p=np.array(weights) / sum(weights))
    with_ids = draw(st.booleans())
    people = draw(st.integers(3, 40))
    return conform(
        pl.DataFrame(
            {
                "application_id": [str(i) for i in range(n)],
                "company": [combos[p][0] for p in picks],
                "region": [combos[p][1] for p in picks],
                "field": [combos[p][2] for p in picks],
                "stage": [STAGES[int(s)] for s in rng.integers(0, len(STAGES), size=n)],
                "applicant_id": [f"A{int(a)}" if with_ids else None for a in rng.integers(0, people, size=n)],
            }
        ),
        "outcomes",
    )


def _subsets(values: list) -> list[tuple]:
    return [combo for size in range(len(values) + 1) for combo in itertools.combinations(values, size)]


SPECS = st.builds(
    FilterSpec,
    fields=st.sampled_from(_subsets(FIELDS[:2])[1:] + [()] * 3),
    regions=st.sampled_from(_subsets(REGIONS[:3])[1:] + [()] * 7),
    companies=st.sampled_from(_subsets(COMPANIES)[1:] + [()] * 7),
    countries=st.sampled_from([(), (), (), ("US",)]),
)


def _neighbours(spec: FilterSpec) -> list[FilterSpec]:
    """Every view one filter change away: one of the filters set to any selection (or cleared)."""
    views = []
    for attribute, (_, values) in DOMAINS.items():
        for chosen in _subsets(values):
            other = dataclasses.replace(spec, **{attribute: chosen})
            if other != spec:
                views.append(other)
    return views


class Audit:
    """Atom vectors of the shown and hidden numbers of several views over one dataset.

    The unknowns are every possible (company, region, field) combination, present in the data or not: an
    attacker sees numbers, not which combinations are empty, except where a shown zero proves it.
    """

    def __init__(self, outcomes: pl.DataFrame, min_group: int) -> None:
        self.outcomes = outcomes.with_row_index("_row")
        self.min_group = min_group
        self.atoms = pl.DataFrame(
            list(itertools.product(COMPANIES, REGIONS, FIELDS)), schema=ATOM_KEYS, orient="row"
        ).with_row_index("_atom")
        index = {tuple(row): i for i, row in enumerate(self.atoms.select(ATOM_KEYS).iter_rows())}
        self.row_atom = np.array([index[tuple(row)] for row in self.outcomes.select(ATOM_KEYS).iter_rows()])
        self.ids = outcomes["applicant_id"].to_numpy()
        self.has_ids = outcomes["applicant_id"].null_count() < outcomes.height
        self.shown: list[np.ndarray] = []
        self.targets: list[tuple[str, np.ndarray]] = []

    def _vector(self, atoms: pl.DataFrame) -> np.ndarray:
        vector = np.zeros(self.atoms.height)
        vector[atoms["_atom"].to_numpy()] = 1
        return vector

    def _small(self, rows: np.ndarray) -> bool:
        if rows.size == 0:
            return False
        if rows.size < self.min_group:
            return True
        people = {i for i in self.ids[rows] if i is not None}
        return self.has_ids and len(people) < self.min_group

    def add_view(self, spec: FilterSpec, by: str) -> None:
        """Record what the view shows (as shown vectors) and what it hides (as targets when small)."""
        view = rate_view(self.outcomes.drop("_row"), spec, by, min_group=self.min_group)
        narrowed = filter_outcomes(self.outcomes, spec)
        atoms = filter_outcomes(self.atoms, spec)
        shown_groups = set(view.table.frame[by].to_list())
        cells = {"total": (narrowed["_row"].to_numpy(), atoms)}
        for (key,), part in atoms.group_by(by, maintain_order=True):
            rows = narrowed.filter(pl.col(by).is_null() if key is None else pl.col(by) == key)["_row"].to_numpy()
            cells[("group", key)] = (rows, part)
        for name, (rows, cell_atoms) in cells.items():
            if name == "total":
                visible = view.funnel is not None
            elif name[1] is None:
                visible = view.table.n_no_group is not None and not view.table.total_withheld
            else:
                visible = name[1] in shown_groups
            if visible:
                self.shown.append(self._vector(cell_atoms))
                if rows.size == 0:  # a shown zero proves each of its combinations empty
                    self.shown.extend(np.eye(self.atoms.height)[cell_atoms["_atom"].to_numpy()])
            elif self._small(rows):
                self.targets.append((f"{spec} by {by}: {name}", self._vector(cell_atoms)))

    def add_atoms(self) -> None:
        for atom in self.atoms.iter_rows():
            rows = np.flatnonzero(self.row_atom == atom[0])
            if self._small(rows):
                self.targets.append((f"atom {atom[1:]}", np.eye(self.atoms.height)[atom[0]]))

    def derivable(self) -> list[str]:
        """The targets whose vectors lie in the span of the shown vectors."""
        if not self.shown:
            return []
        matrix = np.array(self.shown)
        rank = np.linalg.matrix_rank(matrix)
        return [name for name, vector in self.targets if np.linalg.matrix_rank(np.vstack([matrix, vector])) == rank]


def _audit_pair(outcomes: pl.DataFrame, first: FilterSpec, second: FilterSpec, by: str, min_group: int) -> list[str]:
    audit = Audit(outcomes, min_group)
    audit.add_view(first, by)
    audit.add_view(second, by)
    audit.add_atoms()
    return audit.derivable()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outcome_sets(), SPECS, st.sampled_from(["company", "region", "field"]), st.integers(2, 8))
def test_no_small_group_is_derivable_from_a_view_and_one_a_filter_change_away(
    outcomes: pl.DataFrame,
    spec: FilterSpec,
    by: str,
    min_group: int,
) -> None:
    base = Audit(outcomes, min_group)
    base.add_view(spec, by)
    base.add_atoms()
    for other in _neighbours(spec):  # every one: each filter set to every selection, or cleared
        audit = Audit(outcomes, min_group)
        audit.shown, audit.targets = list(base.shown), list(base.targets)
        audit.add_view(other, by)
        leaks = audit.derivable()
        assert not leaks, f"derivable from {spec} and {other} by {by}: {leaks}"


def _frame(rows: list[tuple[str, str | None, str, str, str]]) -> pl.DataFrame:
    return conform(
        pl.DataFrame(
            {
                "application_id": [str(i) for i in range(len(rows))],
                "company": [r[0] for r in rows],
                "region": [r[1] for r in rows],
                "field": [r[2] for r in rows],
                "stage": [r[3] for r in rows],
                "applicant_id": [r[4] for r in rows],
            }
        ),
        "outcomes",
    )


def _block(company: str, region: str | None, count: int, start: int = 0, offers: int = 0) -> list[tuple]:
    return [
        (company, region, "Software Engineering", "offer" if i < offers else "applied", f"P{start + i}")
        for i in range(count)
    ]


def test_a_region_filter_cannot_reveal_a_company_in_one_region_by_subtraction() -> None:
    # The example: company X in every region, then X in every region except one. X has 3 applications
    # in US-NY: the view with the region filter would show X's other 40, and 43 - 40 reveals the 3.
    outcomes = _frame(
        _block("Acme", "US-CA", 40, 0, 4)
        + _block("Acme", "US-NY", 3, 100, 1)
        + _block("Bolt", "US-NY", 30, 200, 2)
        + _block("Bolt", "US-CA", 30, 300, 3)
    )
    everywhere = rate_view(outcomes, FilterSpec(companies=("Acme",)), "company", min_group=10)
    but_one = rate_view(outcomes, FilterSpec(companies=("Acme",), regions=("US-CA",)), "company", min_group=10)
    assert everywhere.funnel is not None and but_one.funnel is None  # the region-filtered view is the one withheld
    assert "region" in but_one.withheld_note
    assert (
        _audit_pair(
            outcomes,
            FilterSpec(companies=("Acme",)),
            FilterSpec(companies=("Acme",), regions=("US-CA",)),
            "company",
            10,
        )
        == []
    )


def test_a_group_whose_rest_is_small_is_hidden_and_the_page_says_why() -> None:
    # Grouped by company under a region filter: Acme has 3 applications outside US-CA, so clearing the filter
    # would change Acme's row by 3. Acme is hidden for that, and the hidden groups' part outside the filter
    # must not be small either, so Cato (nothing outside) is not enough to hide with it: Bolt goes too.
    outcomes = _frame(
        _block("Acme", "US-CA", 40)
        + _block("Acme", "US-NY", 3, 100)
        + _block("Bolt", "US-NY", 30, 200)
        + _block("Bolt", "US-CA", 30, 300)
        + _block("Cato", "US-CA", 25, 400)
    )
    view = rate_view(outcomes, FilterSpec(regions=("US-CA", "US-TX")), "company", min_group=10)
    table = view.table
    assert table.n_differencing == 1 and table.filters == ("region",)
    assert table.frame.height == 0 and view.funnel is not None
    assert "with the region filter changed" in table.suppression_note("company")


def test_the_unfiltered_grouping_cannot_be_split_by_a_filter() -> None:
    # Grouped by region without a filter: US-NY (3) is small and US-TX (12) is hidden with it. A region filter
    # on US-TX alone would show 12, and the first view's hidden 15 minus 12 is US-NY's 3.
    outcomes = _frame(_block("Acme", "US-CA", 40) + _block("Acme", "US-NY", 3, 100) + _block("Bolt", "US-TX", 12, 200))
    by_region = rate_view(outcomes, FilterSpec(), "region", min_group=10)
    assert by_region.table.frame["region"].to_list() == ["US-CA"]
    texas = rate_view(outcomes, FilterSpec(regions=("US-TX",)), "company", min_group=10)
    assert texas.funnel is None and "rates by region hide some groups" in texas.withheld_note
    california = rate_view(outcomes, FilterSpec(regions=("US-CA",)), "region", min_group=10)
    assert california.funnel is not None  # selects no hidden region: nothing to split


def test_search_never_narrows_outcomes() -> None:
    outcomes = _frame(_block("Acme", "US-CA", 20) + _block("Bolt", "US-CA", 20, 100))
    view = rate_view(outcomes, FilterSpec(search="acm"), "company", min_group=10)
    assert view.n_applications == 40
    assert "Search narrows listings only, never outcomes" in view.scope


@pytest.mark.parametrize("applicants", [True, False])
def test_the_headline_rate_follows_the_same_total_rules(applicants: bool) -> None:
    rows = _block("Acme", "US-CA", 40) + _block("Acme", "US-NY", 3, 100) + _block("Bolt", "US-NY", 30, 200)
    if not applicants:
        rows = [(*row[:4], None) for row in rows]
    outcomes = _frame(rows)
    spec = FilterSpec(companies=("Acme",), regions=("US-CA",))
    guard = headline_guard(outcomes, spec, 10, applications=40, applicants=40 if applicants else None)
    assert not guard.shown and "region" in guard.reason
    assert headline_guard(
        outcomes, FilterSpec(companies=("Bolt",)), 10, applications=30, applicants=30 if applicants else None
    ).shown


def test_a_filter_cannot_single_out_a_hidden_group_of_few_people() -> None:
    # By company without a filter: Acme's 12 applications come from one person (hidden), Bolt goes with it.
    # A company filter on Bolt alone would show Bolt's 15, and the hidden 27 minus 15 would be that one person's 12.
    outcomes = _frame(
        [("Acme", "US-CA", "Software Engineering", "offer" if i < 3 else "applied", "P0") for i in range(12)]
        + _block("Bolt", "US-CA", 15, 100, 2)
        + _block("Cato", "US-CA", 40, 200, 4)
    )
    by_company = rate_view(outcomes, FilterSpec(), "company", min_group=10)
    assert by_company.table.frame["company"].to_list() == ["Cato"]
    bolt = rate_view(outcomes, FilterSpec(companies=("Bolt",)), "company", min_group=10)
    assert bolt.funnel is None
    assert _audit_pair(outcomes, FilterSpec(), FilterSpec(companies=("Bolt",)), "company", 10) == []


def test_a_view_cannot_undo_the_complement_the_view_without_its_filter_chose() -> None:
    """Found by the property above (rule 3b): with every company selected the rows are those of the view without
    the company filter, but the company slices hide the rows with no field there (Bolt has 1), so that view showed
    Software Engineering's 3; the view without the filter hid Software Engineering as the complement of
    Cybersecurity's 1 and showed the 3 rows with no field. Together: 7 - 3 - 3 = 1 Cybersecurity application."""
    rows = [("Bolt", "CA-ON", None, "applied", None), ("Bolt", "CA-ON", "Cybersecurity", "offer", None)]
    rows += [("Cato", "CA-ON", None, "applied", None)] * 2
    rows += [("Cato", "CA-ON", "Software Engineering", "screen", None)] * 3
    outcomes = _frame(rows)
    every = FilterSpec(regions=("CA-ON",), companies=("Acme", "Bolt", "Cato"))
    cleared = FilterSpec(regions=("CA-ON",))
    assert _audit_pair(outcomes, every, cleared, "field", 2) == []
    with_filter = rate_view(outcomes, every, "field", min_group=2)
    without = rate_view(outcomes, cleared, "field", min_group=2)
    assert without.table.n_no_group == 3 and without.table.frame.height == 0  # as before: no field shown
    assert with_filter.table.frame.height == 0  # Software Engineering now hidden here too
    assert with_filter.funnel is not None  # the total still shows
