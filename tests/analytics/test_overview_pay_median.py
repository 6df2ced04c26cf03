"""The Overview's median pay (its tile, and per field, region and country) is the median of the listings that state
pay, whatever share of them do not: checked against Python's `statistics.median` on random frames, with groups where
no listing states pay, where one does, and frames of no rows (analytics/overview.py drops the nulls before the median,
polars' faster path)."""

from __future__ import annotations

import statistics
from collections import defaultdict

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.overview import openings_by_country, openings_by_field, openings_by_region, overview_kpis
from data_loaders.schema import conform

FIELDS = ["Software Engineering", "Cybersecurity", "Other"]
REGIONS = ["US-TX", "US-WA", "CA-ON", "IN-KA"]
PAYS = st.one_of(st.none(), st.sampled_from([0.0, 12.5, 20.0, 20.0, 31.25, 45.0]), st.floats(1, 200, width=32))
ROW = st.tuples(st.sampled_from(FIELDS), st.lists(st.sampled_from(REGIONS), max_size=3, unique=True), PAYS)


def _frame(rows: list[tuple[str, list[str], float | None]]) -> pl.DataFrame:
    return conform(
        pl.DataFrame(
            {
                "listing_id": [str(index) for index in range(len(rows))],
                "field": [field for field, _, _ in rows],
                "regions": [regions for _, regions, _ in rows],
                "countries": [sorted({region[:2] for region in regions}) for _, regions, _ in rows],
                "pay_hourly_usd": [pay for _, _, pay in rows],
                "active": [True] * len(rows),
            },
            schema_overrides={
                "regions": pl.List(pl.String),
                "countries": pl.List(pl.String),
                "pay_hourly_usd": pl.Float64,
            },
        ),
        "listings",
    )


def _expected(pairs: list[tuple[str, float | None]]) -> dict[str, tuple[float | None, int]]:
    """Per group, (median of the stated pays or None, how many state pay)."""
    pays: dict[str, list[float]] = defaultdict(list)
    for group, pay in pairs:
        pays[group] += [] if pay is None else [pay]
    return {group: (statistics.median(found) if found else None, len(found)) for group, found in pays.items()}


def _found(frame: pl.DataFrame, key: str) -> dict[str, tuple[float | None, int]]:
    return {row[key]: (row["median_pay"], row["n_with_pay"]) for row in frame.iter_rows(named=True)}


def _same(found: dict[str, tuple[float | None, int]], expected: dict[str, tuple[float | None, int]]) -> None:
    assert found.keys() == expected.keys()
    for group, (median, n) in expected.items():
        got_median, got_n = found[group]
        assert got_n == n, group
        assert (got_median is None) == (median is None), group
        if median is not None:
            assert abs(got_median - median) <= 1e-9 * max(1.0, abs(median)), group


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, max_size=40))
def test_median_pay_is_the_median_of_the_stated_pays(rows: list[tuple[str, list[str], float | None]]) -> None:
    listings = _frame(rows)
    kpis = overview_kpis(listings)
    everyone = _expected([("all", pay) for _, _, pay in rows]).get("all", (None, 0))
    _same({"all": (kpis["median_pay"], kpis["n_with_pay"])}, {"all": everyone})
    _same(_found(openings_by_field(listings), "field"), _expected([(field, pay) for field, _, pay in rows]))
    by_region = [(region, pay) for _, regions, pay in rows for region in regions]
    _same(_found(openings_by_region(listings), "region"), _expected(by_region))
    by_country = [(country, pay) for _, regions, pay in rows for country in sorted({r[:2] for r in regions})]
    _same(_found(openings_by_country(listings), "country"), _expected(by_country))


def test_a_field_where_nobody_states_pay_has_no_median() -> None:
    listings = _frame([("Other", ["US-TX"], None), ("Other", [], None), ("Cybersecurity", ["US-WA"], 20.0)])
    assert _found(openings_by_field(listings), "field") == {"Other": (None, 0), "Cybersecurity": (20.0, 1)}
    assert overview_kpis(listings)["median_pay"] == 20.0
