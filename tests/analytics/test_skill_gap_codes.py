"""The skill gap's coded path (listing skill codes, analytics/skill_gap_codes.py) gives exactly what the string path
gives: the cleaned lists, the per-opening counts, the missing skills, the match histogram, the learning path's sets,
and whole plans, over random listing frames with null lists, null skills, empty lists, repeats, unknown and
differently cased skills.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics import learning_path, skill_gap
from analytics.formatting import share_labels
from analytics.rates import wilson_expr
from analytics.skill_gap import MATCH_BINS, GapFrames
from analytics.skill_gap_codes import listing_skill_codes
from analytics.skill_plan import build_plan_of
from dashboard import state
from data_loaders.schema import FIELDS

SKILLS = ["Python", "SQL", "Git", "Java", "Excel", "Go", "Docker", "AWS", "Rust", "python", "Ünïcode", "C++", "c"]
PROFILES = st.lists(st.sampled_from([*SKILLS, "sql", " Python ", "Not A Skill", "", "GO"]), max_size=6)


@st.composite
def frames(draw: Any) -> pl.DataFrame:
    """Listings whose skill lists may be null, empty, hold nulls or repeat a skill; skills as text or as Enum."""
    n = draw(st.integers(0, 30))
    lists = draw(
        st.lists(
            st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(SKILLS), st.none()), max_size=7)),
            min_size=n,
            max_size=n,
        )
    )
    frame = pl.DataFrame(
        {
            "listing_id": [f"L{i}" for i in range(n)],
            "skills": lists,
            "posted_date": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 5) for i in range(n)],
        },
        schema={"listing_id": pl.String, "skills": pl.List(pl.String), "posted_date": pl.Date},
    )
    if draw(st.booleans()):
        frame = frame.with_columns(pl.col("skills").cast(pl.List(pl.Enum(sorted(SKILLS)))))
    return frame


def _string_frame(listings: pl.DataFrame) -> pl.DataFrame:
    """The same listings with skills as text (the string path reads text lists)."""
    return listings.with_columns(pl.col("skills").cast(pl.List(pl.String)))


def _reference_missing(gap: GapFrames, k: int) -> pl.DataFrame:
    """`missing_skills_of` as it was: a group-by on the exploded missing skills."""
    n = gap.considered().height
    top = (
        gap.missing_exploded()
        .group_by("skill")
        .agg(pl.len().cast(pl.Int64).alias("count"), (pl.col("n_missing") == 1).sum().cast(pl.Int64).alias("unlocks"))
        .sort(["count", "unlocks", "skill"], descending=[True, True, False])
        .head(k)
    )
    top = top.with_columns(
        (pl.col("count") / n).alias("share"), share_labels(top.get_column("count"), n).alias("label")
    )
    return skill_gap._with_category(top, None).select("skill", "count", "share", "label", "unlocks", "category")


def _reference_distribution(considered: pl.DataFrame) -> pl.DataFrame:
    """The match histogram as it was: a polars group-by joined onto the bins."""
    index = (
        pl.when(pl.col("n_matched") == pl.col("n_required"))
        .then(10)
        .otherwise((pl.col("n_matched") * 10) // pl.col("n_required"))
        .cast(pl.Int64)
        .alias("_bin")
    )
    counts = considered.select(index).group_by("_bin").len("count")
    bins = pl.DataFrame(
        {"_bin": list(range(11)), "bin": list(MATCH_BINS), "lower_pct": [10 * i for i in range(11)]},
        schema={"_bin": pl.Int64, "bin": pl.String, "lower_pct": pl.Int64},
    )
    total = considered.height
    return (
        bins.join(counts, on="_bin", how="left")
        .with_columns(pl.col("count").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("count") / total if total else pl.lit(None, dtype=pl.Float64)).alias("share"))
        .sort("_bin")
        .drop("_bin")
    )


def _reference_missing_sets(
    opening: np.ndarray, n_missing: np.ndarray, code: np.ndarray, n_skills: int, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """`_missing_sets` as it was: one sort of every (opening, code) pair."""
    base = n_skills + 1
    keep = n_missing <= steps
    if not keep.any():
        return np.full((0, max(steps, 1)), -1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pair = np.sort(opening[keep].astype(np.int64) * base + code[keep])
    opening, code = pair // base, pair % base
    starts = np.flatnonzero(np.r_[True, opening[1:] != opening[:-1]])
    position = np.arange(opening.size) - np.repeat(starts, np.diff(np.r_[starts, opening.size]))
    keys, counts = np.unique(np.add.reduceat((code + 1) * base**position, starts), return_counts=True)
    digits = (keys[:, None] // base ** np.arange(max(steps, 1), dtype=np.int64)) % base
    return digits - 1, counts.astype(np.int64)


@settings(max_examples=80, deadline=None)
@given(frames())
def test_codes_decode_to_the_cleaned_lists(listings: pl.DataFrame) -> None:
    codes = listing_skill_codes(listings)
    assert codes.vocabulary == sorted(codes.vocabulary) and len(set(codes.vocabulary)) == len(codes.vocabulary)
    cleaned = GapFrames(_string_frame(listings), []).considered()
    expected = dict(zip(cleaned.get_column("_row").to_list(), cleaned.get_column("_skills").to_list(), strict=True))
    for row in range(codes.height):
        got = [codes.vocabulary[c] for c in codes.codes[codes.offsets[row] : codes.offsets[row + 1]]]
        assert got == expected.get(row, [])


@settings(max_examples=80, deadline=None)
@given(frames(), PROFILES, st.integers(1, 6))
def test_coded_gap_answers_equal_the_string_path(listings: pl.DataFrame, me: list[str], k: int) -> None:
    gap = GapFrames(listings, me)
    reference = GapFrames(_string_frame(listings), me)
    considered = reference.considered()
    assert_frame_equal(gap.counts(), considered.select("_row", "n_required", "n_missing", "n_matched", "match"))
    assert_frame_equal(skill_gap.missing_skills_of(gap, k), _reference_missing(reference, k))
    assert_frame_equal(skill_gap._distribution(gap.counts()), _reference_distribution(considered))
    rows, code, n_missing = gap.missing_codes()
    exploded = reference.missing_exploded()
    assert [gap.codes().vocabulary[c] for c in code] == exploded.get_column("skill").to_list()
    assert n_missing.tolist() == exploded.get_column("n_missing").to_list()
    assert (
        rows.tolist()
        == considered.filter(pl.col("n_missing") > 0)
        .get_column("_row")
        .gather(exploded.get_column("_opening"))
        .to_list()
    )


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=6, unique=True), max_size=40),
    st.integers(1, 5),
)
def test_missing_sets_by_row_sorts_equal_one_global_sort(openings: list[list[int]], steps: int) -> None:
    opening = np.repeat(np.arange(len(openings)) * 3, [len(o) for o in openings]).astype(np.int32)
    code = np.array([c for o in openings for c in o], dtype=np.int64)
    n_missing = np.repeat([len(o) for o in openings], [len(o) for o in openings]).astype(np.int64)
    got = learning_path._missing_sets(opening, n_missing, code, 8, steps)
    expected = _reference_missing_sets(opening, n_missing, code, 8, steps)
    for left, right in zip(got, expected, strict=True):
        np.testing.assert_array_equal(left, right)


@settings(max_examples=25, deadline=None)
@given(frames(), PROFILES)
def test_plans_on_kept_codes_equal_plans_on_fresh_codes(listings: pl.DataFrame, me: list[str]) -> None:
    """Codes kept for a frame (the memo's hook) serve every set of skills: each plan equals one coded afresh."""
    kept = listing_skill_codes(listings)
    calls: list[int] = []

    def hook(frame: pl.DataFrame) -> Any:
        assert frame is listings
        calls.append(1)
        return kept

    for profile in (me, [*me, "Docker"], []):
        shared = build_plan_of(GapFrames(listings, profile, hook), threshold=0.7)
        fresh = build_plan_of(GapFrames(listings, profile), threshold=0.7)
        assert shared.readiness.keys() == fresh.readiness.keys()
        for key, value in fresh.readiness.items():
            if isinstance(value, pl.DataFrame):
                assert_frame_equal(shared.readiness[key], value)
            else:
                assert shared.readiness[key] == value
        for left, right in ((shared.best_openings, fresh.best_openings), (shared.missing, fresh.missing)):
            assert_frame_equal(left, right)
        if fresh.path.height and fresh.path["search"][0] == "exact":  # a time-bounded search may stop anywhere
            assert_frame_equal(shared.path, fresh.path)
        assert_frame_equal(
            skill_gap.category_coverage_of(GapFrames(listings, profile, hook)),
            skill_gap.category_coverage(listings, profile),
        )
    assert len(calls) == 6  # once per GapFrames that was given the hook


def test_codes_are_two_bytes_and_keep_their_answers() -> None:
    listings = pl.DataFrame(
        {"skills": [["Python", "SQL", "Python", None], None, [], [None], ["Go"]]},
        schema={"skills": pl.List(pl.String)},
    )
    codes = listing_skill_codes(listings)
    assert codes.codes.dtype == np.uint16 and codes.vocabulary == ["Go", "Python", "SQL"]
    assert codes.offsets.tolist() == [0, 2, 2, 2, 2, 3] and codes.codes.tolist() == [1, 2, 0]
    assert codes.count_per_row(codes.held(["SQL"])[codes.codes]).tolist() == [1, 0, 0, 0, 0]
    assert codes.derived("x", lambda: 1) == 1 and codes.derived("x", lambda: 2) == 1
    empty = listing_skill_codes(listings.head(0))
    assert empty.height == 0 and empty.vocabulary == [] and empty.offsets.tolist() == [0]


def _reference_offer_holder_skills(outcomes: pl.DataFrame, field: str, my_skills: list[str], min_group: int) -> Any:
    """`offer_holder_skills` as it was: one function, the student's skills inside the counting."""
    holders = skill_gap._offer_holders(outcomes, field)
    n = holders.height
    if n < min_group or n == 0:
        return pl.DataFrame(schema=skill_gap.OFFER_HOLDER_SCHEMA)
    low, high = wilson_expr("holders", "n")
    frame = (
        holders.explode("skills")
        .drop_nulls("skills")
        .group_by(pl.col("skills").alias("skill"))
        .agg(pl.len().cast(pl.Int64).alias("holders"))
        .with_columns(pl.col("skill").cast(pl.String), pl.lit(n, dtype=pl.Int64).alias("n"))
        .with_columns(
            (pl.col("holders") / pl.col("n")).alias("share"),
            low,
            high,
            pl.col("skill").is_in(skill_gap.one_of(skill_gap.normalise_my_skills(my_skills))).alias("you_have"),
        )
        .sort(["holders", "skill"], descending=[True, False])
    )
    frame = frame.with_columns(share_labels(frame.get_column("holders"), n).alias("label"))
    return frame.select(list(skill_gap.OFFER_HOLDER_SCHEMA))


def test_offer_holder_skills_on_kept_counts_equal_the_single_pass() -> None:
    _, outcomes_path = state.sample_paths()
    outcomes = pl.read_parquet(outcomes_path)
    kept: dict[tuple[str | None, int], pl.DataFrame] = {}

    def count_holders(frame: pl.DataFrame, field: str | None, min_group: int) -> pl.DataFrame:
        if (field, min_group) not in kept:
            kept[field, min_group] = skill_gap.offer_holder_counts(frame, field, min_group)
        return kept[field, min_group]

    for field in FIELDS[:4]:
        for min_group in (1, 10, 10**9):
            for me in (["Python", "sql"], [], ["Not A Skill", "Excel", "Excel"]):
                expected = _reference_offer_holder_skills(outcomes, field, me, min_group)
                assert_frame_equal(skill_gap.offer_holder_skills(outcomes, field, me, min_group), expected)
                assert_frame_equal(
                    skill_gap.offer_holder_skills(outcomes, field, me, min_group, count_holders), expected
                )
    assert len(kept) == 12  # the counts were computed once per field and group size, then reused
