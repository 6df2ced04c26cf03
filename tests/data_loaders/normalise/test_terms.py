"""Terms: seasons and years as sources write them."""
from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.terms import normalise_terms, parse_terms, term_sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Summer 2027", ["Summer 2027"]),
        ("Fall 2026", ["Fall 2026"]),
        (" Sum 2025", ["Summer 2025"]),
        ("Summer '26", ["Summer 2026"]),
        ("Spring/Summer 2026", ["Spring 2026", "Summer 2026"]),
        ("Winter 2026", ["Winter 2026"]),
        ("Co-op Fall 2026", ["Fall 2026"]),
        ("Autumn 2025", ["Fall 2025"]),
        ("Summer 2027; Fall 2026", ["Summer 2027", "Fall 2026"]),
        ("2026 Summer", ["Summer 2026"]),
        ("Summer 25", ["Summer 2025"]),
        ("Summer 2026, 12 weeks", ["Summer 2026"]),
        ("Not stated", []),
        ("2026", []),
        ("", []),
        (None, []),
    ],
)
def test_parse_terms(text: str | None, expected: list[str]) -> None:
    assert parse_terms(text) == expected


def test_term_sort_key_is_chronological() -> None:
    terms = ["Fall 2026", "junk", "Summer 2026", "Spring 2027", "Winter 2026", "Fall 2025"]
    assert sorted(terms, key=term_sort_key) == ["Fall 2025", "Winter 2026", "Summer 2026", "Fall 2026", "Spring 2027", "junk"]


def test_normalise_terms_strings_and_lists() -> None:
    strings = pl.Series("terms", [" Sum 2025", None, "Not stated", "Spring/Summer 2026"])
    expected = pl.Series("terms", [["Summer 2025"], [], [], ["Spring 2026", "Summer 2026"]], dtype=pl.List(pl.String()))
    assert_series_equal(normalise_terms(strings), expected)
    lists = pl.Series("terms", [["Summer 2025", "Fall 2024"], [], None])
    expected_lists = pl.Series("terms", [["Summer 2025", "Fall 2024"], [], []], dtype=pl.List(pl.String()))
    assert_series_equal(normalise_terms(lists), expected_lists)


def test_zshah_seasons(realdata) -> None:
    frame = pl.read_csv(realdata / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    counts = normalise_terms(frame["season"]).list.len().value_counts().sort("season")
    assert counts["season"].to_list() == [0, 1]  # "Not stated" → [], others one term
