"""Listing de-duplication: exact duplicates always go, re-posts collapse (listed) or stay, by choice."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from data_loaders.normalise.dedupe import MERGED_SCHEMA, deduplicate_listings

SCHEMA = {
    "listing_id": pl.String(),
    "company": pl.String(),
    "title": pl.String(),
    "locations": pl.List(pl.String()),
    "terms": pl.List(pl.String()),
    "active": pl.Boolean(),
    "posted_date": pl.Date(),
    "url": pl.String(),
}


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame([r if len(r) == len(SCHEMA) else (*r, None) for r in rows], schema=SCHEMA, orient="row")


def test_reposts_collapse_to_the_best_row_and_are_listed() -> None:
    frame = _frame(
        [
            ("a", "Acme", "SWE Intern 🇺🇸", ["NYC", "SF"], ["Summer 2025"], False, dt.date(2024, 1, 1)),
            ("b", "acme ", "swe  intern", ["SF", "NYC"], ["Summer 2025"], True, dt.date(2024, 1, 1)),
            ("c", "Beta", "DS", ["X"], ["Summer 2025"], True, dt.date(2024, 1, 1)),
            ("z", "Beta", "DS", ["X"], ["Summer 2025"], True, dt.date(2024, 2, 1)),
            ("d", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None),
            ("e", "Acme", "SWE Intern", ["SF", "NYC"], ["Summer 2025"], False, dt.date(2025, 1, 1)),
            ("f", "Acme", "SWE Intern", ["SF", "NYC"], ["Fall 2025"], True, None),
        ]
    )
    result = deduplicate_listings(frame)
    expected = _frame(
        [
            (
                "b",
                "acme ",
                "swe  intern",
                ["SF", "NYC"],
                ["Summer 2025"],
                True,
                dt.date(2024, 1, 1),
            ),  # active beats newer inactive
            ("z", "Beta", "DS", ["X"], ["Summer 2025"], True, dt.date(2024, 2, 1)),  # most recent
            ("d", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None),  # other location set
            ("f", "Acme", "SWE Intern", ["SF", "NYC"], ["Fall 2025"], True, None),  # other term: not a duplicate
        ]
    )
    assert_frame_equal(result.frame, expected)
    merged = result.merged.select("merged_row", "merged_id", "kept_row", "kept_id", "reason")
    assert merged.rows() == [
        (1, "a", 2, "b", "re-post: same company, title, places and terms under another id"),
        (3, "c", 4, "z", "re-post: same company, title, places and terms under another id"),
        (6, "e", 2, "b", "re-post: same company, title, places and terms under another id"),
    ]
    assert result.dropped == 3
    assert dict(result.merged.schema) == MERGED_SCHEMA


def test_keep_mode_keeps_reposts_but_removes_exact_duplicates() -> None:
    frame = _frame(
        [
            ("a", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://x/1"),
            (
                "b",
                "Acme",
                "SWE Intern",
                ["NYC"],
                ["Summer 2025"],
                True,
                None,
                "https://x/2",
            ),  # re-post: other id and URL
            ("a", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://x/1"),  # identical row (same id)
            (
                "a",
                "Acme",
                "SWE Intern",
                ["Boston"],
                ["Summer 2025"],
                True,
                None,
                "https://x/9",
            ),  # same id, company, title, term
            ("q", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://x/2"),  # same URL as b
        ]
    )
    kept = deduplicate_listings(frame, "keep")
    assert kept.frame["listing_id"].to_list() == ["a", "b"]
    assert kept.merged.select("merged_row", "kept_row", "reason").rows() == [
        (3, 1, "same source id, company, title and terms"),
        (4, 1, "same source id, company, title and terms"),
        (5, 2, "same URL, company, title and terms"),
    ]
    collapsed = deduplicate_listings(frame, "collapse")
    assert collapsed.frame["listing_id"].to_list() == ["a"]
    assert collapsed.merged.filter(pl.col("merged_row") == 2)["reason"].to_list() == [
        "re-post: same company, title, places and terms under another id"
    ]


def test_distinct_ids_and_urls_are_never_exact_duplicates() -> None:
    frame = _frame(
        [
            ("1", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://x/1"),
            ("2", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://x/2"),
        ]
    )
    result = deduplicate_listings(frame, "keep")
    assert result.frame.height == 2 and result.merged.height == 0


def test_a_shared_id_or_url_with_another_title_or_term_is_not_a_duplicate() -> None:
    frame = _frame(
        [
            ("1", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://acme.example/careers"),
            ("1", "Acme", "Data Intern", ["NYC"], ["Summer 2025"], True, None, "https://acme.example/careers"),
            ("2", "Acme", "SWE Intern", ["NYC"], ["Summer"], True, None, "https://acme.example/careers"),
            ("3", "Acme", "SWE Intern", ["NYC"], ["Fall"], True, None, "https://acme.example/careers"),
        ]
    )
    result = deduplicate_listings(frame, "collapse")
    assert result.frame.height == 4
    assert result.frame["listing_id"].to_list() == [
        "1",
        "1-2",
        "2",
        "3",
    ]  # a repeated id of another posting gets a suffix


def test_merged_rows_point_at_the_final_survivor_and_use_source_row_numbers() -> None:
    frame = _frame(
        [
            ("a", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], False, None, "https://x/1"),
            ("a", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], False, None, "https://x/1"),  # identical to row 1
            ("b", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None, "https://x/2"),  # active re-post wins
        ]
    ).with_columns(pl.Series("_row", [10, 11, 12]))
    result = deduplicate_listings(frame, row_column="_row")
    assert result.merged.select("merged_row", "kept_row", "kept_id").rows() == [(10, 12, "b"), (11, 12, "b")]


def test_null_ids_fall_back_to_content() -> None:
    frame = _frame(
        [
            (None, "Acme", "SWE Intern", ["NYC"], [], True, None),
            (None, "Acme", "SWE Intern", ["NYC"], [], True, None),
            (None, "Acme", "SWE Intern", ["Boston"], [], True, None),
        ]
    )
    kept = deduplicate_listings(frame, "keep")
    assert kept.frame.height == 2
    assert kept.merged["reason"].to_list() == ["identical row"]


def test_duplicate_ids_of_distinct_rows_get_suffixes() -> None:
    frame = _frame(
        [
            ("x", "A", "T1", [], [], True, None),
            ("x", "B", "T2", [], [], True, None),
            ("x", "C", "T3", [], [], True, None),
            ("y", "D", "T4", [], [], True, None),
        ]
    )
    result = deduplicate_listings(frame)
    assert result.frame["listing_id"].to_list() == ["x", "x-2", "x-3", "y"]
    assert result.dropped == 0


def test_empty_frame_and_bad_mode() -> None:
    result = deduplicate_listings(_frame([]))
    assert (result.frame.height, result.dropped) == (0, 0)
    with pytest.raises(ValueError, match="collapse, keep"):
        deduplicate_listings(_frame([]), "merge")


def test_simplify_repeats(realdata) -> None:
    import json

    records = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text(encoding="utf-8"))
    frame = pl.DataFrame(
        {
            "listing_id": [r["id"] for r in records],
            "company": [r["company_name"] for r in records],
            "title": [r["title"] for r in records],
            "locations": [r["locations"] for r in records],
            "terms": [r["terms"] for r in records],
            "active": [r["active"] for r in records],
            "url": [r.get("url") for r in records],
        },
    )
    result = deduplicate_listings(frame)
    assert 0 < result.dropped < 611  # 611 repeated company+title pairs; location/term differences keep some
    assert result.frame["listing_id"].is_unique().all()
    assert result.frame.height + result.dropped == len(records)
    kept = deduplicate_listings(frame, "keep")
    assert kept.frame.height > result.frame.height  # the re-posts come back
    assert set(kept.merged["reason"]) <= {
        "identical row",
        "same source id, company, title and terms",
        "same URL, company, title and terms",
    }


_row = st.tuples(
    st.sampled_from(["a", "b", "c", None]),
    st.sampled_from(["Acme", "acme", "Beta"]),
    st.sampled_from(["SWE Intern", "swe intern", "Data Intern"]),
    st.lists(st.sampled_from(["NYC", "SF", "Boston"]), max_size=2),
    st.lists(st.sampled_from(["Summer 2025", "Fall 2025", "Summer"]), max_size=2),
    st.booleans(),
    st.sampled_from([None, dt.date(2025, 1, 1), dt.date(2025, 3, 1)]),
    st.sampled_from([None, "https://x/1", "https://x/2"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_row, max_size=14), mode=st.sampled_from(["collapse", "keep"]))
def test_deduplication_is_idempotent(rows: list[tuple], mode: str) -> None:
    once = deduplicate_listings(_frame(rows), mode)
    twice = deduplicate_listings(once.frame, mode)
    assert_frame_equal(twice.frame, once.frame)
    assert twice.dropped == 0
    assert once.frame.height + once.dropped == len(rows)
    # Every merged row points at a row that stayed.
    assert set(once.merged["kept_row"].to_list()) <= set(range(1, len(rows) + 1))
