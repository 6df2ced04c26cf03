"""Wilson intervals, funnel counts and rates by group, on tiny hand-computed frames."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.rates import (
    acceptance_rates,
    as_counts,
    funnel,
    gpa_band,
    outcomes_to_counts,
    selectivity_ranking,
    wilson_expr,
    wilson_interval,
)
from data_loaders.schema import OUTCOME_COUNTS_SCHEMA, OUTCOMES_SCHEMA, conform

# Values from the closed form (2s + z² ± z·sqrt(z² + 4s(n−s)/n)) / (2(n + z²)), z = 1.96.
WILSON_CASES = [
    (0, 10, 0.0, 0.277540),
    (5, 10, 0.236590, 0.763410),
    (10, 10, 0.722460, 1.0),
    (81, 263, 0.255288, 0.366211),
    (1, 4, 0.045586, 0.699364),
]


@pytest.mark.parametrize(("successes", "n", "low", "high"), WILSON_CASES)
def test_wilson_interval_matches_hand_values(successes: int, n: int, low: float, high: float) -> None:
    result = wilson_interval(successes, n)
    assert result == pytest.approx((low, high), abs=1e-6)


def test_wilson_interval_of_nothing_is_everything() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("successes", "n"), [(11, 10), (-1, 10), (0, -1)])
def test_wilson_interval_rejects_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match="0 <= successes <= n"):
        wilson_interval(successes, n)


def test_wilson_expr_agrees_with_scalar_and_nulls_empty_groups() -> None:
    frame = pl.DataFrame({"s": [s for s, *_ in WILSON_CASES] + [0], "n": [n for _, n, *_ in WILSON_CASES] + [0]})
    low, high = wilson_expr("s", "n")
    result = frame.select(low, high)
    expected = pl.DataFrame(
        {"low": [c[2] for c in WILSON_CASES] + [None], "high": [c[3] for c in WILSON_CASES] + [None]},
        schema={"low": pl.Float64, "high": pl.Float64},
    )
    assert_frame_equal(result, expected, abs_tol=1e-6)


def _outcomes(rows: list[tuple[str, str, str, float | None]]) -> pl.DataFrame:
    """Per-application rows (company, field, stage, gpa) in the canonical schema."""
    raw = pl.DataFrame(
        {
            "company": [r[0] for r in rows],
            "field": [r[1] for r in rows],
            "stage": [r[2] for r in rows],
            "gpa": [r[3] for r in rows],
        },
        schema={"company": pl.String, "field": pl.String, "stage": pl.String, "gpa": pl.Float64},
    )
    return conform(raw, "outcomes")


OUTCOMES = _outcomes(
    [
        ("Acme", "Software Engineering", "applied", 3.9),
        ("Acme", "Software Engineering", "screen", 3.6),
        ("Acme", "Software Engineering", "interview", 3.2),
        ("Acme", "Software Engineering", "offer", 2.5),
        ("Acme", "Data Science & Analytics", "accepted", 3.85),
        ("Bolt", "Software Engineering", "applied", None),
        ("Bolt", "Software Engineering", "offer", 3.5),
        (None, "Software Engineering", "interview", 3.0),
    ]
)


def test_outcomes_to_counts_uses_furthest_stage() -> None:
    result = outcomes_to_counts(OUTCOMES, ["company"])
    expected = pl.DataFrame(
        {
            "company": ["Acme", "Bolt", None],
            "applications": [5, 2, 1],
            "interviews": [3, 1, 1],
            "offers": [2, 1, 0],
            "accepted": [1, 0, 0],
        },
        schema={"company": pl.String} | {c: pl.Int64 for c in ("applications", "interviews", "offers", "accepted")},
    )
    assert_frame_equal(result, expected)


def test_outcomes_to_counts_derives_gpa_band() -> None:
    result = outcomes_to_counts(OUTCOMES, ["gpa_band"]).select("gpa_band", "applications")
    expected = pl.DataFrame(
        {"gpa_band": ["< 3.0", "3.0–3.49", "3.5–3.79", "3.8–4.0", None], "applications": [1, 2, 2, 2, 1]},
        schema={"gpa_band": pl.Enum(["< 3.0", "3.0–3.49", "3.5–3.79", "3.8–4.0"]), "applications": pl.Int64},
    )
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(
    ("gpa", "band"),
    [
        (2.99, "< 3.0"),
        (3.0, "3.0–3.49"),
        (3.49, "3.0–3.49"),
        (3.5, "3.5–3.79"),
        (3.8, "3.8–4.0"),
        (4.0, "3.8–4.0"),
        (None, None),
    ],
)
def test_gpa_band_edges(gpa: float | None, band: str | None) -> None:
    frame = pl.DataFrame({"gpa": [gpa]}, schema={"gpa": pl.Float64})
    assert frame.select(gpa_band()).item() == band


COUNTS = conform(
    pl.DataFrame(
        {
            "company": ["Acme", "Acme", "Bolt", "Cato"],
            "applications": [6, 4, 20, 3],
            "interviews": [3, 2, 8, 1],
            "offers": [1, 1, 2, 0],
            "accepted": [None, None, 1, None],
        }
    ),
    "outcome_counts",
)


def test_as_counts_sums_groups_and_keeps_unknown_accepted_null() -> None:
    result = as_counts(COUNTS, ["company"])
    expected = pl.DataFrame(
        {
            "company": ["Acme", "Bolt", "Cato"],
            "applications": [10, 20, 3],
            "interviews": [5, 8, 1],
            "offers": [2, 2, 0],
            "accepted": [None, 1, None],
        },
        schema={"company": pl.String} | {c: pl.Int64 for c in ("applications", "interviews", "offers", "accepted")},
    )
    assert_frame_equal(result, expected)


def test_funnel_from_outcomes() -> None:
    result = funnel(OUTCOMES).select("stage", "count", "n_applications", "rate", "n_previous", "rate_of_previous")
    expected = pl.DataFrame(
        {
            "stage": ["applications", "interviews", "offers", "accepted"],
            "count": [8, 5, 3, 1],
            "n_applications": [8, 8, 8, 8],
            "rate": [1.0, 5 / 8, 3 / 8, 1 / 8],
            "n_previous": [8, 8, 5, 3],
            "rate_of_previous": [1.0, 5 / 8, 3 / 5, 1 / 3],
        }
    )
    assert_frame_equal(result, expected)


def test_funnel_interval_is_wilson_of_applications() -> None:
    row = funnel(OUTCOMES).filter(pl.col("stage") == "offers").row(0, named=True)
    assert (row["low"], row["high"]) == pytest.approx(wilson_interval(3, 8))


def test_funnel_drops_accepted_when_source_does_not_say() -> None:
    counts = COUNTS.filter(pl.col("company") == "Acme")
    assert funnel(counts)["stage"].to_list() == ["applications", "interviews", "offers"]


def test_acceptance_rates_suppresses_small_groups() -> None:
    # Cato (3) is under the minimum. Hidden alone, it would be the funnel total minus Acme and Bolt, so the
    # next-smallest group, Acme (10), is hidden too (complementary suppression): only Bolt is shown.
    table = acceptance_rates(COUNTS, "company", min_group=10)
    expected = pl.DataFrame(
        {
            "company": ["Bolt"],
            "n": [20],
            "successes": [2],
            "rate": [0.1],
            "low": [wilson_interval(2, 20)[0]],
            "high": [wilson_interval(2, 20)[1]],
        },
        schema_overrides={"n": pl.Int64, "successes": pl.Int64},
    )
    assert_frame_equal(table.frame, expected)
    assert (table.n_suppressed, table.n_primary, table.n_complementary) == (2, 1, 1)
    assert table.min_group == 10
    assert not table.total_withheld


def test_acceptance_rates_interview_rate_from_outcomes_drops_null_groups() -> None:
    table = acceptance_rates(OUTCOMES, ["company"], min_group=3, rate="interview")
    assert table.frame.select("company", "n", "successes", "rate").rows() == [("Acme", 5, 3, 0.6)]
    # The one application with no company is a group of its own for disclosure: under the minimum, so Bolt (2)
    # is hidden with it, and its count is not stated (total - Acme - Bolt would be its outcome).
    assert (table.n_suppressed, table.n_no_group) == (1, None)


def test_rates_reject_a_group_column_the_outcomes_lack() -> None:
    with pytest.raises(ValueError, match="cannot group outcomes by gpa_band, planet"):
        acceptance_rates(COUNTS, ["gpa_band", "planet"])


def test_acceptance_rates_rejects_unknown_rate() -> None:
    with pytest.raises(ValueError, match="rate must be one of"):
        acceptance_rates(COUNTS, "company", rate="vibes")


def test_selectivity_ranking_sorts_by_upper_bound() -> None:
    # Bolt: 2 of 20 has a lower upper bound than Acme 2 of 10 -> Bolt is more selective with confidence.
    table = selectivity_ranking(COUNTS, "company", min_group=3)
    assert table.frame["company"].to_list() == ["Bolt", "Acme", "Cato"]
    assert table.frame["high"].is_sorted()


def test_empty_inputs_give_empty_tables() -> None:
    empty = pl.DataFrame(schema=OUTCOMES_SCHEMA)
    assert acceptance_rates(empty, "company").frame.height == 0
    assert funnel(empty)["count"].to_list() == [0, 0, 0, 0]
    assert as_counts(pl.DataFrame(schema=OUTCOME_COUNTS_SCHEMA))["accepted"].to_list() == [None]
