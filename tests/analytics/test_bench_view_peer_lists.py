"""The peers' distinct skills are de-duplicated once (`peer_skill_lists`) for the skill counts and the skill-count
percentile: the same answers as each de-duplicating on its own; and a posting's title does not choose its peers."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.benchmark import (
    Posting,
    benchmark_posting,
    comparable_openings,
    peer_query,
    peer_skill_counts,
    peer_skill_lists,
    skill_count_percentile,
)
from analytics.skill_match import STRING_LIST
from data_loaders import sample_paths
from data_loaders.schema import FIELDS


def counted_before(peers: pl.DataFrame, n_skills: int) -> dict[str, Any]:
    """The previous `skill_count_percentile`'s counts: each peer's list de-duplicated on its own."""
    counts = peers.select(
        pl.col("skills")
        .fill_null(pl.lit([], dtype=STRING_LIST))
        .list.eval(pl.element().drop_nulls().unique())
        .list.len()
        .alias("c")
    ).filter(pl.col("c") > 0)["c"]
    return {
        "n": counts.len(),
        "below": int((counts < n_skills).sum()),
        "equal": int((counts == n_skills).sum()),
        "above": int((counts > n_skills).sum()),
        "median": counts.median(),
    }


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    frame = pl.read_parquet(sample_paths()["listings"])
    # A repeated skill and a null inside a list: the de-duplication must still count each skill once.
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 0)
        .then(pl.concat_list(pl.col("skills"), pl.col("skills").list.head(1), pl.lit([None], dtype=STRING_LIST)))
        .otherwise(pl.col("skills"))
        .alias("skills")
    )


@pytest.mark.parametrize("field", FIELDS[:4])
@pytest.mark.parametrize("n_skills", [0, 1, 3, 6, 12])
def test_shared_lists_give_the_same_percentile_and_counts(listings: pl.DataFrame, field: str, n_skills: int) -> None:
    peers, _ = comparable_openings(listings, Posting("", field))
    lists = peer_skill_lists(peers)
    ours = skill_count_percentile(peers, n_skills, lists)
    assert ours == skill_count_percentile(peers, n_skills)
    assert {k: ours[k] for k in ("n", "below", "equal", "above", "median")} == counted_before(peers, n_skills)
    shared, alone = peer_skill_counts(peers, lists), peer_skill_counts(peers)
    assert shared[1] == alone[1]
    assert_frame_equal(shared[0], alone[0], check_row_order=False)


def test_the_title_does_not_choose_the_peers(listings: pl.DataFrame) -> None:
    one = Posting("Data Science Intern", FIELDS[1], skills=("Python",), pay_hourly_usd=30.0)
    other = Posting("Analytics Intern, Summer", FIELDS[1], skills=("SQL",))
    assert peer_query(one) == peer_query(other)
    assert peer_query(one) != peer_query(Posting("Data Science Intern", FIELDS[0]))
    kept: dict[Any, Any] = {}

    def frame_key(value: Any) -> Any:  # frames by identity, as the dashboard's memo keys them
        if isinstance(value, tuple):
            return tuple(frame_key(item) for item in value)
        return ("frame", id(value)) if isinstance(value, pl.DataFrame) else value

    def memo(function: Any, *args: Any) -> Any:
        key = (function.__name__, *(frame_key(a) for a in args))
        if key not in kept:
            kept[key] = function(*args)
        return kept[key]

    for posting in (one, other):
        memoised, plain = benchmark_posting(listings, posting, memo=memo), benchmark_posting(listings, posting)
        assert memoised.posting == posting and memoised.description == plain.description
        assert memoised.skill_count == plain.skill_count
        assert_frame_equal(memoised.commonness, plain.commonness)
        assert_frame_equal(memoised.peer_skills, plain.peer_skills)
    assert sum(key[0] == "comparable_openings" for key in kept) == 1  # the second title reused the peers
