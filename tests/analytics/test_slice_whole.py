"""Filter-check sizes read from sizes over every application (analytics/slice_whole.py) equal the ones counted directly.

`coded_parts` reads, for a kept filter of one field or one country, the sizes of the view without the other filter
from the sizes over every application per (column, slice of the kept filter). Every frame must equal the polars
group-by's (`polars_parts`, the reference), and the faster primitives under it (key lookups by comparison, counts
per key, whole-view applicant sums) must give what gathering and summing gave.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import applicant_sizes, coded_clusters
from analytics.applicant_sizes import applicant_codes
from analytics.differencing import active_filters, coded_parts, polars_parts
from analytics.filters import FilterSpec
from analytics.slice_whole import whole_source
from tests.analytics.random_outcomes import FIELDS, random_outcomes, sorted_rows


class Memo:
    """Keyed like the dashboard's memo (frames and codes by identity); counts calls that computed."""

    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], Any] = {}

    def __call__(self, function: Any, /, *args: Any) -> Any:
        key = (function.__name__, *[id(a) if isinstance(a, pl.DataFrame) or hasattr(a, "codes") else a for a in args])
        if key not in self.results:
            self.results[key] = function(*args)
        return self.results[key]


def _outcomes(seed: int, n: int) -> pl.DataFrame:
    return random_outcomes(seed, n, applicants=(5, 80))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 400),
    fields=st.lists(st.sampled_from(FIELDS), max_size=2, unique=True),
    countries=st.lists(st.sampled_from(["US", "CA", "DE", "GB", "FR"]), max_size=2, unique=True),
    companies=st.lists(st.sampled_from(["Acme", "Bolt"]), max_size=1),
    by=st.sampled_from([None, "company", "region", "field", "term"]),
)
def test_sizes_read_from_every_application_equal_the_polars_group_bys(
    seed: int, n: int, fields: list[str], countries: list[str], companies: list[str], by: str | None
) -> None:
    outcomes = _outcomes(seed, n)
    spec = FilterSpec(fields=tuple(fields), countries=tuple(countries), companies=tuple(companies))
    filters = active_filters(spec, outcomes.columns)
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    expected = polars_parts(outcomes, spec, by, filters, others, counts=False, ids=True)
    people = applicant_codes(outcomes)
    got = coded_parts(outcomes, by, filters, others, people, Memo())
    assert len(got) == len(expected)
    for ours, reference in zip(got, expected, strict=True):
        assert ours.schema == reference.schema
        assert sorted_rows(ours).equals(sorted_rows(reference))


def test_only_one_kept_value_of_a_prepared_filter_is_read_from_every_application() -> None:
    outcomes = _outcomes(3, 50)
    one = active_filters(FilterSpec(fields=("Data Science",), countries=("US",)), outcomes.columns)
    field, country = one
    assert whole_source((), (field,)) is not None and whole_source(("company",), (country,)) is not None
    assert whole_source((country,), (field,)) is not None  # the field's column holds one value: its rows
    assert whole_source((field,), (country,)) is None  # a country is several regions
    two = active_filters(FilterSpec(fields=("Data Science", "Cybersecurity")), outcomes.columns)
    assert whole_source((), (two[0],)) is None  # two values: their applicants do not add up
    company = active_filters(FilterSpec(companies=("Acme",)), outcomes.columns)
    assert whole_source((), (company[0],)) is None  # not prepared by the warm-up: counted directly
    assert whole_source(("company", "term"), (field,)) is None and whole_source((), (field, country)) is None


@pytest.mark.parametrize("seed", range(40))
def test_faster_primitives_give_what_gathering_and_summing_gave(seed: int) -> None:
    rng = np.random.default_rng(seed)
    width, count, n = int(rng.integers(1, 600)), int(rng.integers(0, 60)), int(rng.integers(0, 300))
    kind = [np.uint8, np.uint16, np.uint32][seed % 3]
    lut = np.full(width, int(rng.integers(0, 200)), dtype=kind)
    rare = rng.integers(0, width, int(rng.integers(0, 6)))
    lut[rare] = rng.integers(0, 250, rare.size)
    codes = rng.integers(0, width, n).astype(np.uint16)
    looked = applicant_sizes._looked_up(lut, codes)
    assert looked.dtype == kind and (looked == lut[codes]).all()
    chosen = lut > 100
    assert (applicant_sizes._looked_up(chosen, codes) == chosen[codes]).all()
    keys = rng.integers(0, min(width, 50), n).astype(np.int64)
    people = rng.integers(0, count + 1, n).astype(np.uint32)  # `count`: no id
    applications, applicants = applicant_sizes._sizes(keys, min(width, 50), people, count)
    known = people < count
    assert (applications == np.bincount(keys, minlength=min(width, 50))).all()
    pairs = {(int(k), int(p)) for k, p in zip(keys[known], people[known], strict=True)}
    assert applicants.tolist() == [sum(1 for k, _ in pairs if k == key) for key in range(min(width, 50))]
    if count:
        ids, rank = rng.integers(0, count, n), rng.integers(0, 4, n)
        sums = coded_clusters._applicant_sums(ids, rank, count)
        per = [[int(((ids == a) & (rank >= level)).sum()) for level in range(4)] for a in range(count)]
        m = np.array([row[0] for row in per])
        assert sums["applications"].tolist() == [float(m.sum())] and sums["k"].tolist() == [int((m > 0).sum())]
        assert sums["sum_m2"].tolist() == [float((m * m).sum())]
        for kind_name, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
            y = np.array([row[level] for row in per])
            assert sums[f"y_{kind_name}"].tolist() == [float(y.sum())]
            assert sums[f"with_{kind_name}"].tolist() == [float((y > 0).sum())]
            assert sums[f"sum_y2_{kind_name}"].tolist() == [float((y * y).sum())]
            assert sums[f"sum_ym_{kind_name}"].tolist() == [float((y * m).sum())]
