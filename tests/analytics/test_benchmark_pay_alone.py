"""The pay question asked on its own (`posting_pay_percentile`: the peers' rows and pay column only) answers exactly
what the Benchmark page answers from the gathered peers (`pay_percentile(comparable_openings(...)[0], pay)`), and
`comparable_openings` is `peer_rows` gathered (issue 9: faster than pandas on the pay percentile within a field)."""

from __future__ import annotations

import math

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.benchmark import (
    Posting,
    comparable_openings,
    gather_peers,
    pay_percentile,
    peer_rows,
    posting_pay_percentile,
)
from data_loaders import sample_paths
from data_loaders.schema import FIELDS, conform

POSTINGS = [
    Posting(title="Data Intern", field="Data Science & Analytics"),
    Posting(title="Data Intern", field="Data Science & Analytics", regions=("US-CA", "US-NY"), remote=True),
    Posting(title="SWE Intern", field="Software Engineering", remote=True),
    Posting(title="SWE Intern", field="Software Engineering", countries=("CA",)),
    Posting(title="Designer", field="Product & Design", regions=("US-AK",)),  # too few: the whole field
]


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    return pl.read_parquet(sample_paths()["listings"])


def _pays(listings: pl.DataFrame) -> list[float | None]:
    """Pays to ask about: none, below all, above all, the peers' exact values (ties), between values, a NaN."""
    known = listings.get_column("pay_hourly_usd").drop_nulls().drop_nans().unique().sort()
    picks = [known[0], known[known.len() // 2], known[-1]] if known.len() else []
    return [None, -1.0, 1e9, float("nan"), *picks, *(value + 0.25 for value in picks)]


@pytest.mark.parametrize("min_peers", [30, 1, 10**9])
@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: f"{p.field}|{p.regions}|{p.countries}|{p.remote}")
def test_pay_alone_equals_the_pages_answer(listings: pl.DataFrame, posting: Posting, min_peers: int) -> None:
    peers, description = comparable_openings(listings, posting, min_peers)
    rows, text = peer_rows(listings, posting, min_peers)
    assert text == description and rows.len() == peers.height
    assert_frame_equal(gather_peers(listings, rows, posting.field), peers)
    for pay in _pays(peers):
        alone, page = posting_pay_percentile(listings, posting, pay, min_peers), pay_percentile(peers, pay)
        assert alone.keys() == page.keys()
        for key, value in page.items():
            same = alone[key] == value or (isinstance(value, float) and math.isnan(value) and math.isnan(alone[key]))
            assert same, (key, alone[key], value)


def test_rows_match_a_python_filter_with_nulls_nans_and_no_peers() -> None:
    rows = conform(
        pl.DataFrame(
            {
                "listing_id": ["a", "b", "c", "d", "e", "f"],
                "field": [FIELDS[0], None, FIELDS[0], FIELDS[0], "Other", FIELDS[0]],
                "regions": [["US-WA"], ["US-WA"], None, [None, "US-WA"], ["US-WA"], ["US-OR"]],
                "work_mode": [None, "remote", "remote", "onsite", "remote", None],
                "pay_hourly_usd": [20.0, 30.0, None, float("nan"), 40.0, 20.0],
                "skills": [["Python"], None, [], ["SQL", None], ["R"], []],
            }
        ),
        "listings",
    )
    postings = [
        Posting(title="x", field=FIELDS[0]),
        Posting(title="x", field=FIELDS[0], regions=("US-WA",), remote=True),
        Posting(title="x", field=FIELDS[0], regions=("US-WA",)),
        Posting(title="x", field="Cybersecurity", remote=True),  # no peers at all
    ]
    for posting in postings:
        for min_peers in (1, 2, 3, 5):
            peers, _ = comparable_openings(rows, posting, min_peers)
            in_field = [r["listing_id"] for r in rows.iter_rows(named=True) if r["field"] == posting.field]
            assert set(peers.get_column("listing_id")) <= set(in_field)
            for pay in (None, 19.0, 20.0, 25.0, 40.0):
                assert posting_pay_percentile(rows, posting, pay, min_peers) == pay_percentile(peers, pay)
    alone = posting_pay_percentile(rows, postings[0], 20.0, 1)
    # a, c (null pay), d (NaN pay), f: two pays, both 20.0, both ties.
    assert (alone["n_peers"], alone["n_with_pay"], alone["equal"], alone["percentile"]) == (4, 2, 2, 0.5)
