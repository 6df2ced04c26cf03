"""The phone layout's CSS, injected once per run by app.py, and containers shown only on a phone or a desktop.

Streamlit never tells the server how wide the browser is, so the layout adapts in the browser: charts are built
to fit a 358 px chart and grow with plotly's autosize (dashboard/charts/__init__.py), and CSS media queries do
the rest — chips and KPI labels wrap instead of being cut, and a view that needs a different shape on a phone
(the Openings table's columns) is drawn twice, in a `phone_only` and a `desktop_only` container of which CSS
shows one. No custom component and no JavaScript are needed, and turning a phone sideways just works.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

#: Widths up to this many CSS pixels get the phone layout (Streamlit stacks columns below 640 px as well).
PHONE_MAX_PX = 640
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


__all__ = ["CSS", "PHONE_MAX_PX", "apply_layout", "desktop_only", "phone_only"]
