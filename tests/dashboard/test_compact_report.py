"""The report reads the same from compact outcomes (data_loaders/compact.py) as from string rows: every KPI, table,
note, hidden-group count and chart; and a dataset is made compact where it is made."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import rates
from analytics.filters import FilterSpec
from dashboard.dataset import read_outcomes
from dashboard.report_sections import ReportSection, build_sections
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

PATHS = sample_paths()


def _assert_same_sections(expected: list[ReportSection], got: list[ReportSection]) -> None:
    assert [s.key for s in got] == [s.key for s in expected]
    for a, b in zip(expected, got, strict=True):
        assert (b.heading, b.kpis, b.notes, b.n_suppressed) == (a.heading, a.kpis, a.notes, a.n_suppressed), a.key
        assert [caption for caption, _ in b.tables] == [caption for caption, _ in a.tables], a.key
        for (_, frame_a), (_, frame_b) in zip(a.tables, b.tables, strict=True):
            assert frame_b.schema == frame_a.schema
            assert_frame_equal(frame_b, frame_a)
        assert [f.alt for f in b.figures] == [f.alt for f in a.figures], a.key
        for fig_a, fig_b in zip(a.figures, b.figures, strict=True):
            assert fig_b.figure.to_json() == fig_a.figure.to_json(), a.key


@pytest.mark.parametrize(
    "spec",
    [FilterSpec(), FilterSpec(fields=("Software Engineering",)), FilterSpec(countries=("US",), terms=("Summer 2027",))],
    ids=["all", "field", "country-term"],
)
def test_report_sections_are_identical(spec: FilterSpec) -> None:
    listings = spec.apply(pl.read_parquet(PATHS["listings"]))
    plain = pl.read_parquet(PATHS["outcomes"])
    compact = compact_outcomes(plain)
    expected = build_sections(listings, plain, spec, min_group=10)
    got = build_sections(listings, compact, spec, min_group=10, count_outcomes=lambda k: rates.as_counts(compact, k))
    rates_section = next(s for s in expected if s.key == "rates")
    assert rates_section.tables and rates_section.figures  # the rates section has content to compare
    _assert_same_sections(expected, got)


def test_the_sample_is_read_compact() -> None:
    frame = read_outcomes(PATHS["outcomes"])
    assert frame.schema["stage"] == pl.Enum(STAGES)
    assert isinstance(frame.schema["company"], pl.Categorical)
    assert frame.height == pl.scan_parquet(PATHS["outcomes"]).select(pl.len()).collect().item()
