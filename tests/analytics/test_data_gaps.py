"""An empty chart says whether the data lacks the value altogether or only the filtered openings do."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analytics.data_gaps import NEEDS, data_gap, has_any
from data_loaders.schema import LISTINGS_SCHEMA


def _listings(**columns: list) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    base = {name: [None] * n for name in LISTINGS_SCHEMA}
    base.update(columns)
    return pl.DataFrame(base, schema=LISTINGS_SCHEMA)


def test_a_list_without_skills_dates_or_pay_has_gaps_that_say_how_to_fill_them() -> None:
    bare = _listings(title=["A", "B"], skills=[[], None], regions=[["CA-ON"], []], countries=[["CA"], []])
    assert not has_any(bare, "skills") and not has_any(bare, "posted_date") and not has_any(bare, "pay")
    assert "No opening in this data lists its skills" in data_gap(bare, "skills")
    assert "**Sources**" in data_gap(bare, "skills") and "Reset filters" not in data_gap(bare, "skills")
    assert "US states only" in data_gap(bare, "us_state")
    assert data_gap(bare, "country") is None  # one opening names Canada


@pytest.mark.parametrize("need", NEEDS)
def test_one_listing_with_the_value_closes_the_gap(need: str) -> None:
    values = {
        "skills": {"skills": [["Python"]]},
        "posted_date": {"posted_date": [dt.date(2026, 9, 1)]},
        "pay": {"pay_hourly_usd": [25.0]},
        "us_state": {"regions": [["US-VA"]]},
        "country": {"countries": [["US"]]},
        "city": {"cities": [["Austin"]]},
    }[need]
    assert data_gap(_listings(**values), need) is None
    assert data_gap(_listings(title=["x"]), need) is not None


def test_an_empty_frame_has_nothing() -> None:
    assert not has_any(_listings(title=[]), "skills")
