"""Margins given up front, so that plotly.js draws a horizontal bar chart once instead of twice (issue 9).

Every axis of ours has `automargin`: plotly.js draws the chart with the layout's margins, measures the tick labels
and the axis titles, and when they need more room it widens the margins and draws everything again (Plots.doAutoMargin:
a margin that moves by more than 1 px costs a second draw). The layout's margins are only a floor, so a floor at
least as wide as what the labels need skips the second draw, and the chart ends up as it would have: in Chromium the
Overview's bar charts took 24-51 ms to draw as they were sent and 8-23 ms with their final margins given.

`margin_floors` gives such floors for the charts whose labels the server knows: categories down the y axis and
numbers along the x axis on one pair of titled axes (horizontal bars, the rates' interval dots), labelled by the y
axis's `ticktext` (`short_tick_props`) or by the categories themselves. Their width is measured with the advances of
the font the charts ask for first, Streamlit's own Source Sans (source_sans_advances.json, read from Chromium's
canvas with that font loaded; a character outside the table counts as one em, wider than any in it, so a CJK label
gets room rather than a redraw). The constants are plotly's own room
around the labels, measured on the pages' charts in Chromium (tests/e2e/test_e2e_chart_margins.py checks that no chart
given floors is redrawn and that none has more than a few pixels of extra room). Where the browser draws with another
font (Source Sans not yet loaded, a browser without web fonts) wider labels cost the redraw as before; narrower ones
leave a little white space.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ADVANCES_FILE = Path(__file__).resolve().parent / "source_sans_advances.json"
TICK_FONT_PX = 12  # the tick labels' size (Streamlit's chart template)
TITLE_LINE_PX = 18  # each further line of a 14 px axis title
# Measured on the pages' charts (Chromium, Source Sans loaded): left margin = widest y label + 53 px for a one-line y
# title; bottom margin = 65 px for numeric x ticks and a one-line x title. One pixel more than measured, so that
# rounding never costs the redraw (plotly redraws when a margin moves by more than 1 px).
LEFT_ROOM_PX = 54
BOTTOM_ROOM_PX = 66
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@functools.cache
def advances() -> dict[str, int]:
    """Each character's advance in Source Sans, in thousandths of an em."""
    table = json.loads(ADVANCES_FILE.read_text(encoding="utf-8"))
    return {chr(int(code, 16)): int(width) for code, width in table["advances"].items()}


def text_width(text: str, size_px: float) -> float:
    """The width in pixels of one line of plain `text` at `size_px` in Source Sans (a character outside the table:
    one em)."""
    table = advances()
    return sum(table.get(char, 1000) for char in text) * size_px / 1000


def label_lines(text: str) -> list[str]:
    """The plain lines a plotly text shows: split at <br>, tags dropped, entities decoded."""
    return [html.unescape(_TAG.sub("", line)) for line in _BREAK.split(text)]


def widest_label_px(labels: Sequence[object], size_px: float = TICK_FONT_PX) -> float:
    """The width in pixels of the widest line of `labels` (plotly texts)."""
    return max((text_width(line, size_px) for label in labels for line in label_lines(str(label))), default=0.0)


def margin_floors(layout: Mapping[str, Any], traces: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """The left and bottom margins plotly.js would widen `layout`'s margins to, for a chart with categories down its
    y axis and numbers along its x axis (`_categories_down`); {} for any other chart (plotly.js then finds them)."""
    if not traces or not all(_categories_down(trace) for trace in traces):
        return {}
    if any(key.startswith(("xaxis", "yaxis")) and key not in ("xaxis", "yaxis") for key in layout):
        return {}  # subplots: each axis pair pushes its own margins
    x_axis, y_axis = layout.get("xaxis") or {}, layout.get("yaxis") or {}
    if not (x_axis.get("automargin") and y_axis.get("automargin")) or y_axis.get("type") not in (None, "category"):
        return {}
    if y_axis.get("side", "left") != "left" or x_axis.get("side", "bottom") != "bottom":
        return {}
    y_lines, x_lines = _title_lines(y_axis), _title_lines(x_axis)
    if not y_lines:
        return {}  # the room measured is a titled axis's
    ticks = y_axis.get("ticktext")
    if not isinstance(ticks, list | tuple):  # the categories themselves are the labels
        ticks = [label for trace in traces for label in trace["y"] if label is not None]
    floors = {"l": round(widest_label_px(ticks) + LEFT_ROOM_PX + (y_lines - 1) * TITLE_LINE_PX)}
    legend_shown = layout.get("showlegend", len(traces) > 1) is not False
    if x_lines and not legend_shown and x_axis.get("type") in (None, "linear"):
        floors["b"] = BOTTOM_ROOM_PX + (x_lines - 1) * TITLE_LINE_PX
    return floors


def _categories_down(trace: Mapping[str, Any]) -> bool:
    """Whether `trace` puts categories (text) on the y axis and numbers on the x axis: a horizontal bar, or markers
    and lines at category rows (the rates' intervals)."""
    kind = trace.get("type", "scatter")
    if not (kind == "bar" and trace.get("orientation") == "h") and kind != "scatter":
        return False
    ys, xs = trace.get("y"), trace.get("x")
    if isinstance(ys, str | bytes | Mapping) or isinstance(xs, str | bytes) or ys is None or xs is None:
        return False
    ys = [y for y in ys if y is not None]  # lists or numpy arrays: a chart's rows; None breaks a line
    # plotly's dict form holds a numpy array of numbers as a typed array ({"dtype": "f8", "bdata": ...}).
    numbers = "bdata" in xs if isinstance(xs, Mapping) else not any(isinstance(x, str | bytes) for x in xs)
    return bool(ys) and all(isinstance(y, str) for y in ys) and numbers


def _title_lines(axis: Mapping[str, Any]) -> int:
    """How many lines `axis`'s title takes; 0 without one."""
    title = axis.get("title")
    text = title.get("text") if isinstance(title, Mapping) else title
    return len(label_lines(str(text))) if text else 0


def with_margin_floors(layout: dict[str, Any], traces: Sequence[Mapping[str, Any]]) -> None:
    """Raise `layout`'s margins (a figure's dict form) to `margin_floors`, in place."""
    floors = margin_floors(layout, traces)
    if floors:
        margin = dict(layout.get("margin") or {})
        for side, floor in floors.items():
            margin[side] = max(int(margin.get(side) or 0), floor)
        layout["margin"] = margin
