"""The phone layout in AppTest: the layout CSS on every run, the Openings table's phone column set, missing pay as a
dash, the Overview's labelled downloads under their chart, and the sidebar search's length note."""

from __future__ import annotations

import json

from dashboard import layout


def _css_injected(at) -> bool:  # noqa: ANN001 (AppTest)
    """Whether the app injected dashboard/layout.py's CSS (a style-only st.html)."""
    return any("stMultiSelectTagsContainer" in getattr(element.proto, "body", "") for element in at.get("html"))


def test_the_layout_css_is_injected_on_every_page(app) -> None:  # noqa: ANN001
    at = app("pages/overview.py")
    assert not at.exception
    assert _css_injected(at)


def test_openings_has_a_desktop_table_and_a_phone_table(app) -> None:  # noqa: ANN001
    at = app("pages/openings.py")
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


def test_selecting_a_row_in_the_phone_table_opens_its_details(app) -> None:  # noqa: ANN001
    at = app("pages/openings.py")
    phone = at.dataframe[1]
    first = phone.value.iloc[0]
    at.session_state[phone.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.subheader[0].value.startswith(str(first["title"]))


def test_overview_downloads_say_what_they_hold(app) -> None:  # noqa: ANN001
    at = app("pages/overview.py")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Openings by field (CSV)", "Openings by field (Parquet)"]


def test_a_search_over_200_characters_says_only_the_first_200_are_used(app) -> None:  # noqa: ANN001
    at = app("pages/overview.py")
    at.sidebar.text_input(key="q").input("x" * 250).run()
    assert not at.exception
    assert any("only its first 200 are used" in caption.value for caption in at.sidebar.caption)


def test_phone_and_desktop_containers_carry_the_keys_the_css_hides() -> None:
    assert layout.PHONE_PREFIX in layout.CSS and layout.DESKTOP_PREFIX in layout.CSS
