"""Outcome labels → (furthest stage, final status)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders.normalise.stages import normalise_stage_status, parse_stage_status
from data_loaders.schema import STAGES, STATUSES


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Rejected", ("applied", "rejected")),
        ("", ("applied", "no_response")),
        (None, ("applied", "no_response")),
        ("  ", ("applied", "no_response")),
        ("Cancelled", ("applied", "withdrawn")),
        ("Virtual Int.", ("interview", "open")),
        ("Virutal Int.", ("interview", "open")),
        ("Auto Int.", ("interview", "open")),
        ("Declined", ("offer", "declined")),
        ("Accepted", ("accepted", "accepted")),
        ("Applied", ("applied", "open")),
        ("Phone Screen", ("screen", "open")),
        ("OA", ("screen", "open")),
        ("Online Assessment", ("screen", "open")),
        ("Interview", ("interview", "open")),
        ("Onsite", ("interview", "open")),
        ("Final Round", ("interview", "open")),
        ("Offer", ("offer", "open")),
        ("Ghosted", ("applied", "no_response")),
        ("Withdrew", ("applied", "withdrawn")),
        ("Rejected after OA", ("screen", "rejected")),
        ("Rejected after final round", ("interview", "rejected")),
        ("Offer declined", ("offer", "declined")),
        ("Declined by company", ("applied", "rejected")),
        ("Interview - ghosted", ("interview", "no_response")),
        ("Offer accepted", ("accepted", "accepted")),
        ("Something else", ("applied", "open")),
    ],
)
def test_parse_stage_status(label: str | None, expected: tuple[str, str]) -> None:
    assert parse_stage_status(label) == expected


def test_normalise_stage_status_frame() -> None:
    result = normalise_stage_status(pl.Series(["Rejected", None, "Offer", "Rejected"]))
    expected = pl.DataFrame(
        {"stage": ["applied", "applied", "offer", "applied"], "status": ["rejected", "no_response", "open", "rejected"]}
    )
    assert_frame_equal(result, expected)


def test_kdrew_final_statuses(realdata) -> None:
    sheet = pl.read_excel(
        realdata / "kdrew-intern-apps" / "Internship Application Dataset.xlsx", sheet_name="Applications"
    )
    result = normalise_stage_status(sheet["FinalStatus"])
    assert set(result["stage"].unique()) <= set(STAGES)
    assert set(result["status"].unique()) <= set(STATUSES)
    counts = dict(result.group_by("status").len().iter_rows())
    assert counts["rejected"] == 263
    assert counts["no_response"] == 172
    assert counts["withdrawn"] == 4
    assert counts["accepted"] == 1
    assert result.filter(pl.col("stage") == "interview").height == 4  # Virtual Int. ×2, Auto Int. ×2
