"""The Openings page headless: table, sorting, search, row details, maps and charts on the sample."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state

ROOT = Path(__file__).resolve().parents[2]

PAGE = "dashboard/pages/openings.py"


@pytest.fixture(scope="module")
def open_listings() -> pl.DataFrame:
    """The sample's open listings, read straight from Parquet (the page's default view)."""
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path).filter(pl.col("active").fill_null(True))


def _table(at: AppTest):
    """The main openings table (the first dataframe on the page)."""
    return at.dataframe[0]


def _select_first_row(at: AppTest) -> None:
    """Select the table's first row the way a click does: through the table's selection state."""
    at.session_state[_table(at).key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()


def test_openings_renders_a_page_of_rows_and_every_chart(app, open_listings: pl.DataFrame) -> None:
    at = app(PAGE)
    assert not at.exception
    assert [title.value for title in at.title] == ["Openings"]
    table = _table(at).value
    assert len(table) == 200
    assert any(
        caption.value.startswith(f"Showing 200 of {open_listings.height:,} openings, sorted by posted date")
        for caption in at.caption
    )
    assert len(at.get("plotly_chart")) == 5  # US states, world, cities, fields, weeks
    # Newest first by default.
    assert table["posted_date"].iloc[0].date() == open_listings["posted_date"].max()


def test_only_http_links_reach_the_table(app) -> None:
    links = _table(app(PAGE)).value["url"].dropna().tolist()
    assert links and all(link.startswith(("http://", "https://")) for link in links)


@pytest.mark.parametrize(
    ("sort", "descending", "column", "expected"),
    [
        ("pay_hourly_usd", True, "pay_hourly_usd", lambda frame: frame["pay_hourly_usd"].max()),
        ("pay_hourly_usd", False, "pay_hourly_usd", lambda frame: frame["pay_hourly_usd"].min()),
        ("company", False, "company", lambda frame: frame["company"].drop_nulls().min()),
    ],
)
def test_sorting_changes_the_first_row(
    app,
    open_listings: pl.DataFrame,
    sort: str,
    descending: bool,
    column: str,
    expected,
) -> None:
    at = app(PAGE)
    at.selectbox(key="sort").set_value(sort).run()
    at.toggle(key="desc").set_value(descending).run()
    assert not at.exception
    assert _table(at).value[column].iloc[0] == expected(open_listings)


def test_link_seeds_the_sort(open_listings: pl.DataFrame) -> None:
    from streamlit.testing.v1 import AppTest

    # A page-level link is read when the page first draws; run the page on its own, as a fresh
    # browser tab on /openings?sort=Pay&desc=false does (bound choices travel as their labels).
    at = AppTest.from_file(str(ROOT / "dashboard" / "pages" / "openings.py"), default_timeout=60)
    at.query_params["sort"] = "Pay"
    at.query_params["desc"] = "false"
    at.run()
    assert not at.exception
    assert (at.selectbox(key="sort").value, at.toggle(key="desc").value) == ("pay_hourly_usd", False)
    assert _table(at).value["pay_hourly_usd"].iloc[0] == open_listings["pay_hourly_usd"].min()


def test_search_from_the_link_narrows_the_table(app, open_listings: pl.DataFrame) -> None:
    at = app(PAGE, query={"q": "security"})
    at.selectbox(key="sort").set_value("pay_hourly_usd").run()
    matching = open_listings.filter(
        pl.col("title").str.contains("(?i)security") | pl.col("company").str.contains("(?i)security")
    )
    assert matching.height > 0  # the sample has such openings, or this test proves nothing
    table = _table(at).value
    assert len(table) == min(200, matching.height)
    assert table["pay_hourly_usd"].iloc[0] == matching["pay_hourly_usd"].max()


def test_selecting_a_row_opens_its_details(app, open_listings: pl.DataFrame) -> None:
    at = app(PAGE)
    first = _table(at).value.iloc[0]
    _select_first_row(at)
    assert not at.exception
    row = open_listings.filter(pl.col("listing_id") == first["listing_id"]).row(0, named=True)
    assert at.subheader[0].value == f"{row['title']} · {row['company']}"
    markdown = [item.value for item in at.markdown]
    assert "**Skills:** " + ", ".join(row["skills"]) in markdown
    assert "**Locations:** " + "; ".join(row["locations"]) in markdown
    # The comparable offer rate either shows with its n and Wilson interval or says it is suppressed.
    notes = [caption.value for caption in at.caption]
    assert any("95 % CI" in note and "(Wilson)" in note for note in notes) or any(
        "suppressed" in note for note in notes
    )
    # The table for a desktop and the one for a phone, then the similar openings' pair.
    assert len(at.dataframe) == 4


def test_comparable_rate_is_suppressed_under_the_minimum_group(app) -> None:
    at = app(PAGE, secrets={"insights": {"min_group_size": 10**9}})
    _select_first_row(at)
    assert any(
        "Acceptance rate of comparable openings suppressed: fewer than 1,000,000,000" in caption.value
        for caption in at.caption
    )
    assert [metric.label for metric in at.metric] == []


def test_a_resort_clears_the_selection(app) -> None:
    at = app(PAGE)
    _select_first_row(at)
    assert len(at.subheader) == 2  # details + "Where the openings are"
    at.selectbox(key="sort").set_value("company").run()
    assert [item.value for item in at.subheader] == ["Where the openings are"]


def test_nothing_matches_shows_the_empty_state(app) -> None:
    at = app(PAGE, query={"q": "zzzz no such internship zzzz"})
    assert not at.exception
    assert len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 0
    assert "No openings match these filters." in at.info[0].value


def test_a_field_filter_narrows_the_table(app, open_listings: pl.DataFrame) -> None:
    at = app(PAGE, query={"field": "Cybersecurity"})
    expected = open_listings.filter(field="Cybersecurity").height
    assert set(_table(at).value["field"]) == {"Cybersecurity"}
    assert any(
        caption.value.startswith(f"Showing {min(200, expected):,} of {expected:,} openings") for caption in at.caption
    )
