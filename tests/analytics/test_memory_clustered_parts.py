"""analytics/intervals.py `clustered_counts` counted in shares of the applicants (issue 9, peak memory): the same
frames, value for value, as the single pass it replaced (kept below as `clustered_counts_before`), for any share
size, with rows without an applicant id, null group keys and compact (Categorical / Enum) keys."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import intervals
from analytics.intervals import _COLUMN_ORDER, _Y, _cluster_aggs, _per_applicant, _with_terms, clustered_counts
from analytics.rates import acceptance_rates, funnel
from data_loaders.compact import compact_outcomes, restore_text_exprs
from data_loaders.schema import STAGES


def clustered_counts_before(outcomes: pl.DataFrame, by: Sequence[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The polars path of `clustered_counts` before the shares (every row at once), as it was."""
    by = list(by)
    per_applicant = _per_applicant(outcomes, by)
    if not by:
        view = _with_terms(per_applicant).select(_cluster_aggs()).select(_COLUMN_ORDER).collect(engine="streaming")
        return view, view
    groups = (
        _with_terms(per_applicant)
        .group_by(by)
        .agg(_cluster_aggs())
        .select(*by, *_COLUMN_ORDER)
        .with_columns(restore_text_exprs(outcomes.schema, by))
        .sort(by, nulls_last=True)
    )
    applicants = per_applicant.group_by("_cluster").agg(pl.col("m", *_Y).sum())
    totals = _with_terms(applicants).select(_cluster_aggs()).select(_COLUMN_ORDER)
    group_frame, total_frame = pl.collect_all([groups, totals], engine="streaming")
    return group_frame, total_frame


def outcomes_rows(seed: int, rows: int) -> pl.DataFrame:
    """Applications of a few hundred applicants (some rows without an id), with null companies and regions."""
    rng = np.random.default_rng(seed)
    applicants = rng.integers(0, max(rows // 4, 2), rows)
    companies = np.array(["Acme", "Globex", "Initech", "Umbrella", "Hooli"])[rng.integers(0, 5, rows)]
    regions = np.array(["US-CA", "US-NY", "CA-ON", "GB-LND"])[rng.integers(0, 4, rows)]
    return pl.DataFrame(
        {
            "applicant_id": [None if a % 17 == 0 else f"a{a}" for a in applicants],
            "company": [None if i % 23 == 0 else c for i, c in enumerate(companies)],
            "region": [None if i % 11 == 0 else r for i, r in enumerate(regions)],
            "stage": np.array(STAGES)[rng.integers(0, len(STAGES), rows)].tolist(),
            "field": ["Data Science" if a % 3 else "Software Engineering" for a in applicants],
            "gpa": rng.uniform(2.0, 4.0, rows).round(2),
        }
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", [[], ["company"], ["region"], ["company", "field"]])
@pytest.mark.parametrize("part_rows", [97, 500, 1_250_000])
def test_shares_give_the_frames_of_one_pass(
    monkeypatch: pytest.MonkeyPatch, seed: int, by: list[str], part_rows: int
) -> None:
    outcomes = outcomes_rows(seed, 1_200)
    monkeypatch.setattr(intervals, "PART_ROWS", part_rows)
    for frame in (outcomes, compact_outcomes(outcomes)):
        groups, totals = clustered_counts(frame, by)
        expected_groups, expected_totals = clustered_counts_before(frame, by)
        assert_frame_equal(groups, expected_groups, check_exact=True)
        assert_frame_equal(totals, expected_totals, check_exact=True)


def test_every_row_counted_once_across_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = outcomes_rows(4, 900)
    monkeypatch.setattr(intervals, "PART_ROWS", 100)  # nine shares
    groups, totals = clustered_counts(outcomes, ["company"])
    assert int(groups["applications"].sum()) == int(totals["applications"].item()) == outcomes.height
    assert int(totals["applicants"].item()) == outcomes["applicant_id"].drop_nulls().n_unique()
    lone = outcomes["applicant_id"].null_count()
    assert int(totals["k"].item()) == outcomes["applicant_id"].drop_nulls().n_unique() + lone


def test_rate_tables_and_funnels_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = outcomes_rows(5, 2_000)
    whole = acceptance_rates(outcomes, "company", min_group=5).frame, funnel(outcomes)
    monkeypatch.setattr(intervals, "PART_ROWS", 150)
    assert_frame_equal(acceptance_rates(outcomes, "company", min_group=5).frame, whole[0], check_exact=True)
    assert_frame_equal(funnel(outcomes), whole[1], check_exact=True)


def test_empty_outcomes(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = outcomes_rows(6, 10).head(0)
    monkeypatch.setattr(intervals, "PART_ROWS", 3)
    for by in ([], ["company"]):
        groups, totals = clustered_counts(outcomes, by)
        expected_groups, expected_totals = clustered_counts_before(outcomes, by)
        assert_frame_equal(groups, expected_groups, check_exact=True)
        assert_frame_equal(totals, expected_totals, check_exact=True)
