"""Listing deduplication."""
from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from data_loaders.dedupe import deduplicate_listings as reexported
from data_loaders.normalise.dedupe import deduplicate_listings


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"listing_id": pl.String(), "company": pl.String(), "title": pl.String(), "locations": pl.List(pl.String()),
                "terms": pl.List(pl.String()), "active": pl.Boolean(), "posted_date": pl.Date()},
        orient="row",
    )


def test_duplicates_collapse_to_the_best_row() -> None:
    frame = _frame([
        ("a", "Acme", "SWE Intern 🇺🇸", ["NYC", "SF"], ["Summer 2025"], False, dt.date(2024, 1, 1)),
        ("b", "acme ", "swe  intern", ["SF", "NYC"], ["Summer 2025"], True, dt.date(2024, 1, 1)),
        ("c", "Beta", "DS", ["X"], ["Summer 2025"], True, dt.date(2024, 1, 1)),
        ("a", "Beta", "DS", ["X"], ["Summer 2025"], True, dt.date(2024, 2, 1)),
        ("d", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None),
        ("e", "Acme", "SWE Intern", ["SF", "NYC"], ["Summer 2025"], False, dt.date(2025, 1, 1)),
        ("f", "Acme", "SWE Intern", ["SF", "NYC"], ["Fall 2025"], True, None),
    ])
    result, dropped = deduplicate_listings(frame)
    expected = _frame([
        ("b", "acme ", "swe  intern", ["SF", "NYC"], ["Summer 2025"], True, dt.date(2024, 1, 1)),  # active beats newer inactive
        ("a", "Beta", "DS", ["X"], ["Summer 2025"], True, dt.date(2024, 2, 1)),  # most recent
        ("d", "Acme", "SWE Intern", ["NYC"], ["Summer 2025"], True, None),  # other location set
        ("f", "Acme", "SWE Intern", ["SF", "NYC"], ["Fall 2025"], True, None),  # other term
    ])
    assert_frame_equal(result, expected)
    assert dropped == 3


def test_duplicate_ids_of_distinct_rows_get_suffixes() -> None:
    frame = _frame([
        ("x", "A", "T1", [], [], True, None),
        ("x", "B", "T2", [], [], True, None),
        ("x", "C", "T3", [], [], True, None),
        ("y", "D", "T4", [], [], True, None),
    ])
    result, dropped = reexported(frame)
    assert result["listing_id"].to_list() == ["x", "x-2", "x-3", "y"]
    assert dropped == 0


def test_empty_frame() -> None:
    frame = _frame([])
    result, dropped = deduplicate_listings(frame)
    assert (result.height, dropped) == (0, 0)


def test_simplify_repeats(realdata) -> None:
    import json

    records = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text(encoding="utf-8"))
    frame = pl.DataFrame(
        {"listing_id": [r["id"] for r in records], "company": [r["company_name"] for r in records],
         "title": [r["title"] for r in records], "locations": [r["locations"] for r in records],
         "terms": [r["terms"] for r in records], "active": [r["active"] for r in records]},
    )
    result, dropped = deduplicate_listings(frame)
    assert 0 < dropped < 611  # 611 repeated company+title pairs; location/term differences keep some
    assert result["listing_id"].is_unique().all()
    assert result.height + dropped == len(records)
