"""The faster paths behind benchmarks/bench_pandas.py give exactly the answers of the plain computations (issue 9).

- `outcomes_to_counts` by groups counts rows per (group, stage) pair and sums the funnel over that small frame:
  checked against counts made row by row in Python, on string and compact rows, with null keys and stages, an
  unknown stage, a derived GPA band, grouping by the stage itself and no rows at all.
- `comparable_openings` gathers the peers' rows by number, narrowed to `PEER_COLUMNS` with the field written once:
  checked against the whole-frame filter it replaced, and every reader of the peers against the wide peers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.benchmark import (
    PEER_COLUMNS,
    Posting,
    _openings,
    _place,
    candidate_pool,
    comparable_openings,
    competition,
    listing_outcome_totals,
    pay_histogram,
    pay_percentile,
    peer_skills_missing,
    skill_commonness,
    skill_count_percentile,
)
from analytics.outcome_counts import COUNT_COLUMNS, GPA_BANDS, outcomes_to_counts
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES, conform

PATHS = sample_paths()
DS = "Data Science & Analytics"


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    return pl.read_parquet(PATHS["listings"])


@pytest.fixture(scope="module")
def plain() -> pl.DataFrame:
    """The sample outcomes with null companies, stages and GPAs mixed in, and one stage outside STAGES."""
    rows = pl.read_parquet(PATHS["outcomes"]).with_row_index("i")
    return rows.with_columns(
        pl.when(pl.col("i") % 97 == 0).then(None).otherwise(pl.col("company")).alias("company"),
        pl.when(pl.col("i") % 89 == 0).then(None).otherwise(pl.col("stage")).alias("stage"),
        pl.when(pl.col("i") % 83 == 0).then(None).otherwise(pl.col("gpa")).alias("gpa"),
    ).drop("i")


def _band(gpa: float | None) -> str | None:
    if gpa is None:
        return None
    return GPA_BANDS[0] if gpa < 3.0 else GPA_BANDS[1] if gpa < 3.5 else GPA_BANDS[2] if gpa < 3.8 else GPA_BANDS[3]


def _counted_in_python(frame: pl.DataFrame, by: list[str]) -> dict[tuple[Any, ...], tuple[int, int, int, int]]:
    """Per group key: (applications, interviews, offers, accepted), one application row at a time."""
    rank = {stage: i for i, stage in enumerate(STAGES)}
    totals: dict[tuple[Any, ...], Counter[str]] = {}
    for row in frame.iter_rows(named=True):
        row["gpa_band"] = _band(row.get("gpa"))
        reached = rank.get(row["stage"], -1)
        count = totals.setdefault(tuple(row[c] for c in by), Counter())
        count["applications"] += 1
        count["interviews"] += reached >= rank["interview"]
        count["offers"] += reached >= rank["offer"]
        count["accepted"] += row["stage"] == "accepted"
    return {key: tuple(count[c] for c in COUNT_COLUMNS) for key, count in totals.items()}  # type: ignore[misc]


@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@pytest.mark.parametrize(
    "by", [["company"], ["field", "term"], ["gpa_band"], ["major", "gpa_band"], ["stage"], ["region"], []]
)
def test_counts_by_group_equal_row_by_row_counts(plain: pl.DataFrame, by: list[str], compact: bool) -> None:
    rows = compact_outcomes(plain) if compact else plain
    if compact:
        assert isinstance(rows.schema["company"], pl.Categorical)
    result = outcomes_to_counts(rows, by)
    assert result.columns == [*by, *COUNT_COLUMNS]
    assert all(result.schema[c] == pl.Int64 for c in COUNT_COLUMNS)
    if by and "gpa_band" not in by:
        assert all(result.schema[c] == plain.schema[c] for c in by)  # group keys leave as they came in: strings
    got = {tuple(r[c] for c in by): tuple(r[c] for c in COUNT_COLUMNS) for r in result.iter_rows(named=True)}
    assert got == _counted_in_python(plain, by)
    order = [GPA_BANDS.index if c == "gpa_band" else str for c in by]  # the band in band order, text as text
    keys = result.select(by).rows()
    assert keys == sorted(
        keys, key=lambda k: tuple((v is None, v is not None and f(v)) for f, v in zip(order, k, strict=True))
    )


def test_unknown_and_null_stages_count_as_applications_only() -> None:
    rows = pl.DataFrame(
        {
            "company": ["a", "a", "a", "a", None, None, "b"],
            "stage": ["offer", "ghosted", None, "accepted", "interview", None, "screen"],
        }
    )
    expected = pl.DataFrame(
        {
            "company": ["a", "b", None],
            "applications": [4, 1, 2],
            "interviews": [2, 0, 1],
            "offers": [2, 0, 0],
            "accepted": [1, 0, 0],
        },
        schema_overrides={c: pl.Int64 for c in COUNT_COLUMNS},
    )
    assert_frame_equal(outcomes_to_counts(rows, ["company"]), expected)
    categorical = rows.with_columns(pl.col("company", "stage").cast(pl.Categorical()))  # stage outside an Enum
    assert_frame_equal(outcomes_to_counts(categorical, ["company"]), expected)
    whole = outcomes_to_counts(rows).row(0)
    assert whole == (7, 3, 2, 1)


def test_no_rows_give_no_groups_and_zero_totals(plain: pl.DataFrame) -> None:
    empty = compact_outcomes(plain).head(0)
    by_company = outcomes_to_counts(empty, ["company"])
    assert by_company.height == 0 and by_company.schema["company"] == pl.String
    assert outcomes_to_counts(empty).row(0) == (0, 0, 0, 0)
    with pytest.raises(ValueError, match="cannot group outcomes by nope"):
        outcomes_to_counts(plain, ["nope"])


def _filtered_whole_frame(listings: pl.DataFrame, posting: Posting, min_peers: int) -> tuple[pl.DataFrame, str]:
    """`comparable_openings` as it was: the whole listings frame filtered by field, then by place."""
    in_field = listings.filter(pl.col("field") == posting.field)
    if in_field.is_empty():
        return in_field, f"No {posting.field} openings to compare with."
    place, scope = _place(posting)
    if place is None:
        return in_field, f"Compared with all {_openings(in_field.height, posting.field)} (the posting names no place)."
    local = in_field.filter(place)
    if local.height >= min_peers:
        return local, f"Compared with {_openings(local.height, posting.field)} {scope}."
    return in_field, (
        f"Only {_openings(local.height, posting.field)} {scope}; "
        f"compared with all {_openings(in_field.height, posting.field)} instead."
    )


POSTINGS = [
    Posting(title="Data Intern", field=DS),
    Posting(title="Data Intern", field=DS, regions=("US-CA",)),
    Posting(title="Data Intern", field=DS, regions=("US-CA", "US-NY"), remote=True),
    Posting(title="SWE Intern", field="Software Engineering", remote=True),
    Posting(title="SWE Intern", field="Software Engineering", countries=("CA",)),
    Posting(title="Designer", field="Product & Design", regions=("US-AK",)),  # too few: the whole field
]


@pytest.mark.parametrize("min_peers", [30, 1])
@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: f"{p.field}|{p.regions}|{p.countries}|{p.remote}")
def test_peers_equal_the_whole_frame_filter(listings: pl.DataFrame, posting: Posting, min_peers: int) -> None:
    wide, description = _filtered_whole_frame(listings, posting, min_peers)
    peers, text = comparable_openings(listings, posting, min_peers)
    assert text == description and peers.columns == list(PEER_COLUMNS)
    assert_frame_equal(peers, wide.select(PEER_COLUMNS))
    assert peers.height > 0


def test_nulls_and_an_empty_field() -> None:
    rows = conform(
        pl.DataFrame(
            {
                "listing_id": ["a", "b", "c", "d", "e"],
                "field": [DS, None, DS, DS, "Other"],
                "regions": [["US-WA"], ["US-WA"], None, [None, "US-WA"], ["US-WA"]],
                "work_mode": [None, "remote", "remote", "onsite", "remote"],
                "pay_hourly_usd": [20.0, 30.0, None, float("nan"), 40.0],
                "skills": [["Python"], None, [], ["SQL", None], ["R"]],
            }
        ),
        "listings",
    )
    for posting in [
        Posting(title="x", field=DS, regions=("US-WA",), remote=True),
        Posting(title="x", field=DS, regions=("US-WA",)),
        Posting(title="x", field="Cybersecurity", remote=True),
    ]:
        for min_peers in (1, 2, 3, 4):
            wide, description = _filtered_whole_frame(rows, posting, min_peers)
            peers, text = comparable_openings(rows, posting, min_peers)
            assert text == description
            assert_frame_equal(peers, wide.select(PEER_COLUMNS))


@pytest.mark.parametrize("posting", POSTINGS[:4], ids=lambda p: f"{p.field}|{p.regions}|{p.remote}")
def test_every_reader_of_the_peers_answers_as_on_the_wide_peers(
    listings: pl.DataFrame, plain: pl.DataFrame, posting: Posting
) -> None:
    wide, _ = _filtered_whole_frame(listings, posting, 30)
    peers, _ = comparable_openings(listings, posting, 30)
    skills = ["Python", "SQL", "Tableau"]
    assert pay_percentile(peers, 30.0) == pay_percentile(wide, 30.0)
    assert_frame_equal(pay_histogram(peers), pay_histogram(wide))
    assert_frame_equal(skill_commonness(peers, skills), skill_commonness(wide, skills))
    assert_frame_equal(peer_skills_missing(peers, skills), peer_skills_missing(wide, skills))
    assert skill_count_percentile(peers, 3) == skill_count_percentile(wide, 3)
    for outcomes in (None, plain):
        pool, wide_pool = candidate_pool(outcomes, peers, skills), candidate_pool(outcomes, wide, skills)
        assert_frame_equal(pool.pop("drops"), wide_pool.pop("drops"))
        assert pool == wide_pool
    totals = listing_outcome_totals(plain)
    assert competition(plain, peers, 10, totals) == competition(plain, wide, 10, totals)
    elsewhere = plain.with_columns(pl.lit("elsewhere").alias("listing_id"))  # matched by field and region instead
    by_place = competition(elsewhere, peers, 10)
    assert by_place == competition(elsewhere, wide, 10) and by_place["basis"] != "listing"
