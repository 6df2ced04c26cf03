"""The phone layout in AppTest: the layout CSS on every run, a phone column set for every table (a tapped row shows
the rest), missing pay as a dash, the Overview's labelled downloads under their chart, and the sidebar search's
length note."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import layout

# Every page that shows a table on the sample, with a link that fills a tool page (Market pulse, which needs a
# collected store, is in tests/collect/test_app_market_pulse.py).
TABLE_PAGES = {
    "openings": {},
    "acceptance_rates": {},
    "skills_demand": {},
    "report": {},
    "sources": {},
    "skill_gap": {"me": ["Python", "SQL", "Git"]},
    "benchmark": {"bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL", "Tableau"]},
}


def _css_injected(at: AppTest) -> bool:
    """Whether the app injected dashboard/layout.py's CSS (a style-only st.html)."""
    return any("stMultiSelectTagsContainer" in getattr(element.proto, "body", "") for element in at.get("html"))


def test_the_layout_css_is_injected_on_every_page(app) -> None:
    at = app("dashboard/pages/overview.py")
    assert not at.exception
    assert _css_injected(at)


def test_openings_has_a_desktop_table_and_a_phone_table(app) -> None:
    at = app("dashboard/pages/openings.py")
    assert not at.exception
    desktop, phone = at.dataframe[0], at.dataframe[1]
    # The desktop table puts pay, date and link before the long text columns (on screen at 1440 px).
    assert list(desktop.proto.column_order)[:5] == ["company", "title", "pay_hourly_usd", "posted_date", "url"]
    # The phone table has the four columns that fit 358 px, each with a set width.
    assert list(phone.proto.column_order) == ["company", "title", "pay_hourly_usd", "url"]
    config = json.loads(phone.proto.columns)
    widths = [config[name]["width"] for name in phone.proto.column_order]
    assert sum(widths) <= 358 - 40  # room for the row-selection column
    # A missing pay reads "—", never a grey "None".
    assert desktop.proto.placeholder == phone.proto.placeholder == "—"


def test_selecting_a_row_in_the_phone_table_opens_its_details(app) -> None:
    at = app("dashboard/pages/openings.py")
    phone = at.dataframe[1]
    first = phone.value.iloc[0]
    at.session_state[phone.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.subheader[0].value.startswith(str(first["title"]))


def test_overview_downloads_say_what_they_hold(app) -> None:
    at = app("dashboard/pages/overview.py")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Openings by field (CSV)", "Openings by field (Parquet)"]


def test_a_search_over_200_characters_says_only_the_first_200_are_used(app) -> None:
    at = app("dashboard/pages/overview.py")
    at.sidebar.text_input(key="q").input("x" * 250).run()
    assert not at.exception
    assert any("only its first 200 are used" in caption.value for caption in at.sidebar.caption)


def test_phone_and_desktop_containers_carry_the_keys_the_css_hides() -> None:
    assert layout.PHONE_PREFIX in layout.CSS and layout.DESKTOP_PREFIX in layout.CSS


def _phone_tables(at: AppTest) -> list:
    return [frame for frame in at.dataframe if (frame.key or "").endswith("_phone_table")]


@pytest.mark.parametrize(("page", "query"), list(TABLE_PAGES.items()))
def test_every_table_has_a_phone_twin_with_a_few_columns_that_fit(app, page: str, query: dict) -> None:
    at = app(f"dashboard/pages/{page}.py", query=query)
    assert not at.exception
    phone = _phone_tables(at)
    assert phone and 2 * len(phone) == len(at.dataframe)  # each table once for a desktop, once for a phone
    for frame in phone:
        config = json.loads(frame.proto.columns)
        order = list(frame.proto.column_order)
        assert 2 <= len(order) <= 4, (frame.key, order)
        assert sum(config[name]["width"] for name in order) <= layout.PHONE_TABLE_PX, (frame.key, config)
        assert frame.proto.selection_mode  # a row can be tapped for the rest


def test_tapping_a_row_on_a_phone_writes_out_all_its_columns(app) -> None:
    at = app("dashboard/pages/acceptance_rates.py")
    phone = _phone_tables(at)[0]
    assert set(phone.value.columns) >= {"Applications (n)", "95 % CI"}
    assert "Tap a row to see all of its columns." in [caption.value for caption in at.caption]
    first = phone.value.iloc[0]
    at.session_state[phone.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    details = [item.value for item in at.markdown if "**Applications (n):**" in item.value]
    assert len(details) == 1
    assert f"**Applications (n):** {first['Applications (n)']:,}" in details[0]
    assert f"**95 % CI:** {first['95 % CI']}" in details[0]


def test_phone_widths_fit_the_screen() -> None:
    assert layout.phone_widths(["a", "b"]) == {"a": 159, "b": 159}
    assert layout.phone_widths({"a": 100, "b": 50}) == {"a": 100, "b": 50}
    shrunk = layout.phone_widths({"a": 300, "b": 300})
    assert sum(shrunk.values()) <= layout.PHONE_TABLE_PX and shrunk["a"] == shrunk["b"]


@pytest.mark.parametrize(
    ("value", "config", "text"),
    [
        (None, None, "—"),
        ([], None, "—"),
        (23.5, st.column_config.NumberColumn("Pay", format="$%.2f/h"), "\\$23.50/h"),  # "$" escaped: no maths
        (1234, st.column_config.NumberColumn(format="localized"), "1,234"),
        (80.0, st.column_config.ProgressColumn("Match", format="%.0f %%"), "80 %"),
        (dt.date(2026, 3, 3), None, "3 Mar 2026"),
        (["Python", "SQL"], None, "Python, SQL"),
        (
            "https://example.com/a",
            st.column_config.LinkColumn("Link", display_text="Open"),
            "[Open](https://example.com/a)",
        ),
        ("javascript:alert(1)", st.column_config.LinkColumn("Link"), "—"),
        ("*not bold*", "Title", "\\*not bold\\*"),
    ],
)
def test_cell_text_writes_a_cell_as_its_column_shows_it(value: object, config: object, text: str) -> None:
    assert layout.cell_text(value, config) == text


def test_a_shorter_phone_label_keeps_the_columns_format(app) -> None:
    at = app("dashboard/pages/skills_demand.py")
    premium = next(frame for frame in _phone_tables(at) if frame.key.startswith("skills_premium"))
    column = json.loads(premium.proto.columns)["median_with"]
    assert column["label"] == "Median with" and column["type_config"]["format"] == "$%.2f/h"
