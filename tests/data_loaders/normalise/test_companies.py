"""Company names as job boards paste them → the name as published."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.companies import clean_company, normalise_companies


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme\n4.1", "Acme"),  # a Glassdoor-style rating line
        ("Acme 4.1 ★", "Acme"),
        ("Acme\n4.1 ★\n(1,234 reviews)", "Acme"),
        ("Acme 3.9 (120 reviews)", "Acme"),
        ("Acme Corp\r\n3.5", "Acme Corp"),
        ("Acme - Careers", "Acme"),
        ("Acme | Careers", "Acme"),
        ("Careers at Acme", "Acme"),
        ("  Acme \u00a0 Inc. ", "Acme Inc."),
        # Names with their own digits stay whole.
        ("3M", "3M"),
        ("7-Eleven", "7-Eleven"),
        ("Studio 4", "Studio 4"),
        ("Company 5", "Company 5"),
        ("", None),
        (None, None),
    ],
)
def test_clean_company(raw: str | None, expected: str | None) -> None:
    assert clean_company(raw) == expected


def test_normalise_companies_maps_each_distinct_value() -> None:
    series = pl.Series("company", ["Acme\n4.1", None, "Acme\n4.1", "Beta - Careers"])
    assert_series_equal(normalise_companies(series), pl.Series("company", ["Acme", None, "Acme", "Beta"]))
