"""The shared sample's outcomes as the app reads them (dashboard/dataset.py: compact, without the columns no page
reads) give every outcome analytic exactly the answer the whole file gives.

The outcome analytics' equivalence tests (tests/analytics/test_compact_equivalence.py) run again here with their
`compact` frame replaced by `read_outcomes(<the sample>)`: rate views and their tables under seven filter sets,
counts, funnel, ranking, the Overview's offer KPI and headline guard, offer-holders, the Benchmark's pool and
competition, comparable acceptance and the outcome cube, each compared with the plain file read in full.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from dashboard.dataset import CODED_OUTCOME_IDS, PACKED_OUTCOME_IDS, UNREAD_OUTCOME_COLUMNS, read_outcomes
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes, read_compact_outcomes
from tests.analytics.test_compact_equivalence import (  # noqa: F401 - collected here with this module's `compact`
    listings,
    plain,
    test_benchmark_candidate_pool_and_competition,
    test_comparable_acceptance_of_openings,
    test_counts_funnel_ranking_and_group_columns,
    test_outcome_cube,
    test_overview_offer_kpi_and_headline_guard,
    test_rate_views_and_their_tables,
    test_skill_gap_offer_holders,
)

PATH = Path(sample_paths()["outcomes"])


@pytest.fixture(scope="module")
def compact() -> pl.DataFrame:
    """The outcomes as the app holds them (the name the imported tests ask for)."""
    return read_outcomes(PATH)


def test_the_app_leaves_out_only_the_unread_columns(compact: pl.DataFrame) -> None:
    whole = pl.read_parquet(PATH)
    assert set(UNREAD_OUTCOME_COLUMNS) <= set(whole.columns)
    assert compact.columns == [name for name in whole.columns if name not in UNREAD_OUTCOME_COLUMNS]
    expected = compact_outcomes(whole).drop(UNREAD_OUTCOME_COLUMNS)
    ids = [*CODED_OUTCOME_IDS, *PACKED_OUTCOME_IDS]
    assert_frame_equal(compact.drop(ids), expected.drop(ids))
    assert isinstance(compact.schema["region"], pl.Categorical)  # one byte a row, not a 16-byte view
    assert compact.get_column("region").to_physical().dtype == pl.UInt8


def test_listing_ids_are_packed_equal_and_ordered_as_the_ids(compact: pl.DataFrame) -> None:
    ids = pl.read_parquet(PATH, columns=list(PACKED_OUTCOME_IDS))
    for name in PACKED_OUTCOME_IDS:
        packed, text = compact.get_column(name), ids.get_column(name)
        assert packed.dtype == pl.UInt64 and packed.null_count() == text.null_count()  # 8 bytes a row, not 16
        assert_series_equal(packed.rank("dense"), text.rank("dense"), check_names=False)  # same partition, order


def test_applicant_ids_are_codes_equal_and_ordered_as_the_ids(compact: pl.DataFrame) -> None:
    ids = pl.read_parquet(PATH, columns=list(CODED_OUTCOME_IDS))
    for name in CODED_OUTCOME_IDS:
        codes, text = compact.get_column(name), ids.get_column(name)
        assert codes.dtype == pl.UInt32 and codes.null_count() == text.null_count()
        # The same partition of the rows, in the same order: code i is the i-th distinct id sorted as text.
        assert_series_equal(codes, (text.rank("dense") - 1).cast(pl.UInt32), check_names=False)


def test_skipping_columns_on_every_read_path(tmp_path: Path) -> None:
    whole = pl.read_parquet(PATH)
    for skip in ((), ("application_id",), ("application_id", "gpa", "title")):
        assert_frame_equal(read_compact_outcomes(PATH, skip=skip), compact_outcomes(whole).drop(skip))
    # A stage outside the vocabulary: the whole-file path; aggregated counts: the plain read.
    odd = whole.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("odd")).otherwise("stage").alias("stage"))
    odd.write_parquet(tmp_path / "odd.parquet")
    skipped = read_compact_outcomes(tmp_path / "odd.parquet", skip=("application_id",))
    assert_frame_equal(skipped, compact_outcomes(odd).drop("application_id"))
    counts = pl.DataFrame({"company": ["a", "b"], "applications": [3, 4], "offers": [1, 0]})
    counts.write_parquet(tmp_path / "counts.parquet")
    assert_frame_equal(read_compact_outcomes(tmp_path / "counts.parquet", skip=("offers",)), counts.drop("offers"))
