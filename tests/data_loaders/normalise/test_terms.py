"""Terms: seasons and years as sources write them."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    assert sorted(terms, key=term_sort_key) == [
        "Fall 2025",
        "Winter 2026",
        "Summer 2026",
        "Fall 2026",
        "Spring 2027",
        "junk",
    ]


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


@pytest.mark.parametrize(
    ("text", "posted", "expected"),
    [
        # Issue 7: a season without a year is kept; the year comes from the posting date when there is one.
        ("Summer", None, ["Summer"]),
        ("Summer", dt.date(2026, 3, 1), ["Summer 2026"]),
        ("Summer", dt.date(2026, 7, 1), ["Summer 2027"]),  # posted after summer started: next summer
        ("Winter/Spring", dt.date(2025, 11, 1), ["Winter 2026", "Spring 2026"]),
        ("Co-op Jan–Apr", None, ["Winter"]),
        ("Co-op Jan–Apr", dt.date(2025, 10, 2), ["Winter 2026"]),
        ("Fall", dt.date(2026, 8, 20), ["Fall 2026"]),
        ("fall_2026", None, ["Fall 2026"]),
        ("Stage coopératif - Hiver 2026", None, ["Winter 2026"]),
        ("May - August 2026", None, ["Summer 2026"]),
        ("Apply by March 1", None, []),  # a lone month is no term
    ],
)
def test_seasons_without_a_year(text: str, posted: dt.date | None, expected: list[str]) -> None:
    assert parse_terms(text, posted) == expected


def test_bare_seasons_sort_after_dated_terms() -> None:
    assert sorted(["Summer", "Fall 2026", "junk", "Winter", "Summer 2026"], key=term_sort_key) == [
        "Summer 2026",
        "Fall 2026",
        "Winter",
        "Summer",
        "junk",
    ]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Summer", "Fall 2026", "Winter/Spring", None, "Co-op Jan–Apr", "x"]),
            st.sampled_from([None, dt.date(2026, 2, 1), dt.date(2026, 9, 30)]),
        ),
        max_size=25,
    )
)
def test_parsing_each_distinct_value_once_equals_parsing_every_row(rows: list) -> None:
    texts = pl.Series("terms", [t for t, _ in rows], dtype=pl.String())
    dates = pl.Series("posted", [d for _, d in rows], dtype=pl.Date())
    assert normalise_terms(texts, dates).to_list() == [parse_terms(t, d) for t, d in rows]


def test_canada_list_seasons_are_kept(realdata) -> None:
    records = json.loads((realdata / "canada-2026-listings" / "listings.json").read_text(encoding="utf-8"))
    seasons = pl.Series([r["season"] or None for r in records], dtype=pl.String())
    posted = pl.Series([dt.datetime.fromtimestamp(r["date_posted"], dt.UTC).date() for r in records], dtype=pl.Date())
    terms = normalise_terms(seasons, posted)
    assert (terms.list.len() > 0).sum() == seasons.is_not_null().sum()  # 818 seasons, none dropped
    assert terms.explode().drop_nulls().str.contains(r"^(Winter|Spring|Summer|Fall) 20\d\d$").all()
