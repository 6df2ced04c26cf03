"""Sponsorship labels from Simplify, zshah and yes/no columns."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.sponsorship import normalise_sponsorship, parse_sponsorship


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Other", "unknown"),
        ("Offers Sponsorship", "offers"),
        ("Does Not Offer Sponsorship", "none"),
        ("U.S. Citizenship is Required", "citizens_only"),
        ("unknown", "unknown"),
        ("citizens-only", "citizens_only"),
        ("no-sponsorship", "none"),
        ("offers", "offers"),
        ("Yes", "offers"),
        ("No", "none"),
        (True, "offers"),
        (False, "none"),
        (None, "unknown"),
        ("", "unknown"),
        ("Will not sponsor visas", "none"),
        ("Security clearance required", "citizens_only"),
        ("maybe", "unknown"),
        ("No H1B", "none"),
        ("H-1B sponsorship available", "offers"),
    ],
)
def test_parse_sponsorship(text: str | bool | None, expected: str) -> None:
    assert parse_sponsorship(text) == expected


def test_normalise_sponsorship() -> None:
    series = pl.Series("s", ["Other", None, "Offers Sponsorship", "Other"])
    assert_series_equal(normalise_sponsorship(series), pl.Series("s", ["unknown", "unknown", "offers", "unknown"]))
    flags = pl.Series("s", [True, None, False])
    assert normalise_sponsorship(flags).to_list() == ["offers", "unknown", "none"]


def test_simplify_values(realdata) -> None:
    import json

    records = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text(encoding="utf-8"))
    labels = pl.Series([r["sponsorship"] for r in records])
    assert set(normalise_sponsorship(labels).unique()) == {"unknown", "offers", "none", "citizens_only"}
