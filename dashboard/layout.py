"""The phone layout's CSS, injected once per run by the entry script, and containers shown only on a phone or a desktop.

Streamlit never tells the server how wide the browser is, so the layout adapts in the browser: charts are built
to fit a 358 px chart and grow with plotly's autosize (dashboard/charts/__init__.py), and CSS media queries do
the rest — chips and KPI labels wrap instead of being cut, and a view that needs a different shape on a phone
(a table's columns) is drawn twice, in a `phone_only` and a `desktop_only` container of which CSS shows one.
No custom component and no JavaScript are needed, and turning a phone sideways just works.

`table()` is that pair for a table: every column on a desktop; on a phone the few columns that fit 358 px, with a
tapped row's every column written out below the table, so nothing scrolls sideways inside the table's box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util
from streamlit.delta_generator import DeltaGenerator

from dashboard.safe_text import join_text, md, safe_link
from dashboard.weak_lru import _WeakLru

#: Widths up to this many CSS pixels get the phone layout (Streamlit stacks columns below 640 px as well).
PHONE_MAX_PX = 640
#: The width a phone table's columns share: a 390 px screen less the page's 1rem padding each side (358 px), less
#: the row-selection column (32 px) and the grid's border. A table inside a bordered container has 34 px less.
PHONE_TABLE_PX = 318
MISSING = "—"  # an empty cell, in a table and in a row's details
PHONE_PREFIX = "phone_only_"
DESKTOP_PREFIX = "desktop_only_"

CSS = f"""<style>
/* Multiselect chips: every chip shows its whole name, long ones wrap, and the box grows with them instead of
   scrolling (20 skills stay visible, none is cut to "nication"). */
[data-testid="stMultiSelect"] [data-testid="stMultiSelectTagsContainer"],
[data-testid="stMultiSelect"] [data-testid="stMultiSelectTagsContainer"] > span,
[data-testid="stMultiSelect"] [role="group"] {{
  max-height: none !important; overflow: visible !important; flex-wrap: wrap !important;
}}
[data-testid="stMultiSelect"] [data-tag] {{ max-width: 100% !important; height: auto !important; }}
[data-testid="stMultiSelect"] [data-tag] > span[title] {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere; max-width: none !important;
}}
/* KPI labels wrap onto a second line rather than ending in "…" ("Offer rate, all appli…"). */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
[data-testid="stMetricLabel"] {{ height: auto !important; min-height: 1.5rem; }}
/* Long words in captions and alerts (a URL, a file name) break rather than push the page sideways. */
[data-testid="stCaptionContainer"], [data-testid="stAlertContainer"], [data-testid="stMarkdownContainer"] {{
  overflow-wrap: anywhere;
}}
/* One of each pair of screen-size containers is shown. */
@media (max-width: {PHONE_MAX_PX}px) {{
  [class*="st-key-{DESKTOP_PREFIX}"] {{ display: none !important; }}
  [data-testid="stMainBlockContainer"] {{ padding-left: 1rem !important; padding-right: 1rem !important; }}
  [data-testid="stMetricValue"] {{ font-size: 1.8rem !important; }}
}}
@media (min-width: {PHONE_MAX_PX + 1}px) {{
  [class*="st-key-{PHONE_PREFIX}"] {{ display: none !important; }}
}}
</style>"""


def apply_layout() -> None:
    """Inject the layout CSS (a style-only st.html, which Streamlit adds without a visible element)."""
    st.html(CSS)


def phone_only(key: str) -> DeltaGenerator:
    """A container shown only at phone widths (up to PHONE_MAX_PX)."""
    return st.container(key=f"{PHONE_PREFIX}{key}")


def desktop_only(key: str) -> DeltaGenerator:
    """A container shown only wider than a phone."""
    return st.container(key=f"{DESKTOP_PREFIX}{key}")


ColumnConfig = str | Mapping[str, Any] | None


def phone_widths(phone: Sequence[str] | Mapping[str, int]) -> dict[str, int]:
    """Pixel widths of a phone table's columns that fit PHONE_TABLE_PX together: as given (scaled down if they
    would not fit), or shared evenly when only the names are given."""
    if not isinstance(phone, Mapping):
        return dict.fromkeys(phone, PHONE_TABLE_PX // max(len(phone), 1))
    total = sum(phone.values())
    if total <= PHONE_TABLE_PX:
        return dict(phone)
    return {name: width * PHONE_TABLE_PX // total for name, width in phone.items()}


def _with_width(config: ColumnConfig, name: str, width: int) -> dict[str, Any]:
    """A column's config (a label, a st.column_config value or nothing) with a fixed pixel width."""
    if config is None:
        return {"label": name, "width": width}
    if isinstance(config, str):
        return {"label": config, "width": width}
    return {**config, "width": width}


def _merged(base: ColumnConfig, override: ColumnConfig) -> ColumnConfig:
    """A phone's override of a column's config: a bare label keeps the column's type and format."""
    if not isinstance(base, Mapping):
        return override
    if isinstance(override, str):
        return {**base, "label": override}
    return {**base, **(override or {})}


def _label(config: ColumnConfig, name: str) -> str:
    if isinstance(config, str):
        return config
    if isinstance(config, Mapping) and config.get("label"):
        return str(config["label"])
    return name


def cell_text(value: object, config: ColumnConfig = None) -> str:
    """A cell as Markdown, written as its column shows it: the column's number format ("$%.2f/h", "localized"),
    a date as "3 Mar 2027", a list joined, a link as a link; text escaped, an empty cell as a dash."""
    kind = config.get("type_config") or {} if isinstance(config, Mapping) else {}
    if value is None or (isinstance(value, float) and value != value) or (isinstance(value, (list, str)) and not value):
        return MISSING
    if kind.get("type") == "link":
        link = safe_link(value)
        return f"[{md(kind.get('display_text') or link)}]({link})" if link else MISSING
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%b %Y, %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number_format = kind.get("format")
        if number_format == "localized" or (number_format is None and isinstance(value, int)):
            return f"{value:,}"
        if isinstance(number_format, str) and "%" in number_format:
            return md(number_format % value)
        return md(f"{value:,.2f}" if isinstance(value, float) else value)
    if isinstance(value, (list, tuple, pl.Series)):
        return md(join_text(list(value))) or MISSING
    return md(value)


def row_details(row: Mapping[str, object], columns: Sequence[str], config: Mapping[str, ColumnConfig]) -> str:
    """One table row as Markdown lines, "**Label:** value", in the table's column order."""
    return "  \n".join(
        f"**{md(_label(config.get(name), name))}:** {cell_text(row[name], config.get(name))}" for name in columns
    )


def _selected_row(event: object, height: int) -> int | None:
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    return rows[0] if rows and rows[0] < height else None


_ARROW = _WeakLru(64)  # a table's Arrow form per polars frame, while that frame lives


def as_arrow(frame: pl.DataFrame) -> pa.Table:
    """The Arrow table `st.dataframe` would make of a polars frame (through pandas, as it did), once per frame.

    Streamlit sends an Arrow table as it is, so both of `table`'s tables, every rerun and every session drawing the
    same (memoised) frame reuse one conversion (two tables of 200 openings: ~45 ms a run under load). The columns are
    the same as through pandas; a polars frame's only extra, a hidden index, is what `table` asks for anyway
    (`hide_index`)."""
    return _ARROW.get_or_compute(frame, "arrow", lambda: _arrow_of(frame))


# Column types whose Arrow form is the same from polars as through pandas (no null in a whole-number or true/false
# column: pandas would make it a float or an object column first; a float's NaN becomes a null either way).
_PLAIN_TYPES = (pl.String, pl.Float32, pl.Float64)


def _arrow_of(frame: pl.DataFrame) -> pa.Table:
    """`frame` as Streamlit's pandas route makes it; straight from polars when that gives the same columns (the rate
    tables: text, counts and floats; ~4 ms -> ~0.1 ms a table, two a new rate view), pandas' index metadata apart,
    which a table with `hide_index` does not read (Streamlit sends its own polars frames that way too)."""
    plain = all(
        dtype in _PLAIN_TYPES
        or ((dtype.is_integer() or dtype == pl.Boolean) and frame.get_column(name).null_count() == 0)
        for name, dtype in frame.schema.items()
    )
    if plain:
        floats = pl.col(pl.Float32, pl.Float64).fill_nan(None)
        return frame.with_columns(floats).to_arrow(compat_level=pl.CompatLevel.oldest())
    return dataframe_util.convert_pandas_df_to_arrow_table(frame.to_pandas())


def table(
    frame: pl.DataFrame,
    key: str,
    *,
    phone: Sequence[str] | Mapping[str, int],
    column_config: Mapping[str, ColumnConfig] | None = None,
    column_order: Sequence[str] | None = None,
    phone_config: Mapping[str, ColumnConfig] | None = None,
    details: bool = True,
    select_on_desktop: bool = False,
    **options: Any,
) -> int | None:
    """`frame` as a table with every column on a desktop and only the `phone` columns on a phone.

    `phone_config` overrides a column's config on the phone (a shorter label or format). On a phone a row can be
    tapped; with `details` its every column is then written out below the table. Returns the
    index of the selected row (the phone table's, or with `select_on_desktop` the desktop table's), or None.
    """
    config: dict[str, Any] = dict(column_config or {})
    order = list(column_order or frame.columns)
    settings: dict[str, Any] = {"hide_index": True, "placeholder": MISSING} | options
    data = as_arrow(frame)  # converted once for both tables (and once per frame, not per rerun)
    desktop = None
    with desktop_only(key):
        if select_on_desktop:
            desktop = st.dataframe(
                data,
                key=f"{key}_desktop_table",
                column_order=order,
                column_config=config,
                on_select="rerun",
                selection_mode="single-row",
                **settings,
            )
        else:
            st.dataframe(data, key=f"{key}_desktop_table", column_order=order, column_config=config, **settings)
    widths = phone_widths(phone)
    narrow = {name: _merged(config.get(name), override) for name, override in (phone_config or {}).items()}
    narrow = config | narrow
    phone_columns: dict[str, Any] = {name: _with_width(narrow.get(name), name, width) for name, width in widths.items()}
    with phone_only(key):
        event = st.dataframe(
            data,
            key=f"{key}_phone_table",
            column_order=list(widths),
            column_config=phone_columns,
            on_select="rerun",
            selection_mode="single-row",
            **settings,
        )
        row = _selected_row(event, frame.height)
        if details and row is not None:
            with st.container(border=True):
                st.markdown(row_details(frame.row(row, named=True), order, config))
        elif details and set(order) - set(widths):  # some columns are only in the details
            st.caption("Tap a row to see all of its columns.")
    chosen = _selected_row(desktop, frame.height)
    return chosen if chosen is not None else row


__all__ = [
    "CSS",
    "MISSING",
    "PHONE_MAX_PX",
    "PHONE_TABLE_PX",
    "apply_layout",
    "as_arrow",
    "cell_text",
    "desktop_only",
    "phone_only",
    "phone_widths",
    "row_details",
    "table",
]
