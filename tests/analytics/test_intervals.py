"""Intervals that respect applicants: the design-effect Wilson interval against an applicant bootstrap."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.intervals import (
    METHOD_CLUSTERED,
    clustered_counts,
    design_effect_expr,
    view_design_effect,
    view_design_effects,
)
from analytics.rates import acceptance_rates, funnel, wilson_interval
from data_loaders import sample_paths
from data_loaders.schema import conform

OFFER = ["offer", "accepted"]


def _rows(applicant_stages: dict[str, list[str]]) -> pl.DataFrame:
    ids = [a for a, stages in applicant_stages.items() for _ in stages]
    stages = [s for stages in applicant_stages.values() for s in stages]
    return conform(pl.DataFrame({"applicant_id": ids, "stage": stages, "field": ["F"] * len(ids)}), "outcomes")


def test_design_effect_by_hand() -> None:
    # Two applicants: A 3 of 3 offers, B 0 of 3: perfectly clustered, p = 1/2, n = 6, k = 2.
    # var = k/(k-1) * ((3 - 1.5)^2 + (0 - 1.5)^2) / 36 = 2 * 4.5 / 36 = 0.25; simple = 0.25 / 6 -> deff 6, capped at n/k = 3.
    groups, _ = clustered_counts(_rows({"A": ["offer"] * 3, "B": ["applied"] * 3}), ["field"])
    assert groups.select(design_effect_expr("offer")).item() == pytest.approx(3.0)
    # Independent-looking outcomes (1 of 2 each) give no clustering: the deff floor of 1.
    groups, _ = clustered_counts(_rows({"A": ["offer", "applied"], "B": ["applied", "offer"]}), ["field"])
    assert groups.select(design_effect_expr("offer")).item() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "applicants",
    [
        {"A": ["offer"] * 3, "B": ["applied"] * 3},
        {"A": ["offer", "interview", "accepted"], "B": ["applied", "offer"], "C": ["interview"]},
        {"A": ["applied"]},
    ],
)
def test_a_view_s_design_effects_together_equal_each_alone(applicants: dict[str, list[str]]) -> None:
    """The funnel's three design effects, read in one select, are each kind's own (1 for an empty view)."""
    _, totals = clustered_counts(_rows(applicants), ["field"])
    kinds = ["interview", "offer", "accepted"]
    assert view_design_effects(totals, kinds) == [view_design_effect(totals, kind) for kind in kinds]
    assert view_design_effects(totals, kinds[::-1]) == [view_design_effect(totals, kind) for kind in kinds[::-1]]
    assert view_design_effect(totals, "offer") == (totals.select(design_effect_expr("offer")).item() or 1.0)
    assert view_design_effects(totals, []) == []
    assert view_design_effects(totals.clear(), kinds) == [1.0, 1.0, 1.0]


def test_rows_without_ids_fall_back_to_plain_wilson() -> None:
    rows = _rows({"A": ["offer", "applied", "applied"], "B": ["applied"] * 9}).with_columns(
        pl.lit(None, dtype=pl.String).alias("applicant_id")
    )
    table = acceptance_rates(rows, "field", min_group=1)
    assert not table.applicant_aware and "applicants" not in table.frame.columns
    assert (table.frame["low"][0], table.frame["high"][0]) == pytest.approx(wilson_interval(1, 12))


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    return pl.read_parquet(sample_paths()["outcomes"])


def _bootstrap_widths(outcomes: pl.DataFrame, by: str, reps: int = 400, seed: int = 7) -> pl.DataFrame:
    """95 % percentile-interval widths of the offer rate per group, resampling applicants (fixed seed)."""
    per = outcomes.group_by("applicant_id", by).agg(pl.len().alias("m"), pl.col("stage").is_in(OFFER).sum().alias("y"))
    applicant = per.get_column("applicant_id").rank("dense").cast(pl.Int64).to_numpy() - 1
    groups = per.get_column(by).unique().sort()
    group = per.get_column(by).rank("dense").cast(pl.Int64).to_numpy() - 1
    m, y = per["m"].to_numpy(), per["y"].to_numpy()
    rng, n_applicants = np.random.default_rng(seed), int(applicant.max()) + 1
    draws = np.empty((reps, groups.len()))
    for rep in range(reps):
        weight = np.bincount(rng.integers(0, n_applicants, n_applicants), minlength=n_applicants)[applicant]
        draws[rep] = np.bincount(group, weight * y, groups.len()) / np.bincount(group, weight * m, groups.len())
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    return pl.DataFrame({by: groups, "bootstrap_width": high - low})


@pytest.mark.parametrize("by", ["field", "major", "class_year"])
def test_clustered_widths_agree_with_an_applicant_bootstrap(sample: pl.DataFrame, by: str) -> None:
    table = acceptance_rates(sample, by, min_group=10)
    assert table.applicant_aware and table.method == METHOD_CLUSTERED
    joined = table.frame.join(_bootstrap_widths(sample, by), on=by).with_columns(
        ratio=(pl.col("high") - pl.col("low")) / pl.col("bootstrap_width")
    )
    assert joined.height == table.frame.height
    assert joined["ratio"].is_between(0.85, 1.15).all(), joined.select(by, "design_effect", "ratio")


def test_per_applicant_rate_beside_per_application(sample: pl.DataFrame) -> None:
    offers = funnel(sample).filter(pl.col("stage") == "offers").row(0, named=True)
    holders = sample.filter(pl.col("stage").is_in(OFFER)).get_column("applicant_id").n_unique()
    assert (offers["applicants_reaching"], offers["applicants"]) == (holders, sample["applicant_id"].n_unique())
    # The whole-sample offer interval is wider than the independent one: applicants cluster.
    plain = wilson_interval(offers["count"], offers["n_applications"])
    assert offers["high"] - offers["low"] > 1.1 * (plain[1] - plain[0])
