"""Coverage counts a value the source gave: work mode and sponsorship "unknown" (no evidence) is not one."""

from __future__ import annotations

import polars as pl

from data_loaders.report import coverage_of


def test_unknown_work_mode_and_sponsorship_are_not_coverage() -> None:
    frame = pl.DataFrame(
        {
            "work_mode": ["unknown", "remote", None, "unknown"],
            "sponsorship": ["unknown"] * 4,
            "title": ["a", "", None, "unknown"],
        }
    )
    assert coverage_of(frame) == {"work_mode": 0.25, "sponsorship": 0.0, "title": 0.5}
