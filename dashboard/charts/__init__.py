"""Shared chart styling: the colour-blind-safe palette, field colours, plotly config, `style_figure`.

Page-specific builders live in sibling modules (`explore.py`, `maps.py`, `rates.py`, `tools.py`);
they take frames and return figures, never call `st`, and pass every figure through `style_figure`.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from analytics import formatting
from dashboard.charts.margins import with_margin_floors
from dashboard.safe_text import plain_label
from data_loaders.schema import FIELDS

# Okabe & Ito (2008), "Color Universal Design" hues (distinguishable under protanopia, deuteranopia and
# tritanopia), with the lightness of the too-light ones (orange, sky blue, yellow) and of black moved just
# enough for a contrast of at least 3:1 (WCAG 2.1 non-text contrast) against both white and Streamlit's dark
# background #0E1117; tests/dashboard/test_palette.py checks every colour. The one palette of the project:
# charts, .streamlit/config.toml's chartCategoricalColors and the HTML exports' accent use these values.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#C68900",  # orange (Okabe–Ito #E69F00, darkened)
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#239DE2",  # sky blue (#56B4E9, darkened)
    "#D55E00",  # vermillion
    "#A2970D",  # yellow (#F0E442, darkened to olive: the original reads 1.3:1 on white)
    "#8E6BBF",  # violet (in place of black, invisible on a dark background)
)
OKABE_ITO = PALETTE  # the name the chart modules import
NEUTRAL_COLOR: str = "#8A8A8A"  # "Other", closed postings, unknown: a grey with 3:1 on white and on dark
PRIMARY_COLOR: str = OKABE_ITO[0]
# Single-hue sequential scale (light to Okabe–Ito blue) for choropleths: order is readable by
# lightness alone, which survives every colour-vision deficiency and greyscale printing.
SEQUENTIAL_SCALE: list[list[Any]] = [[0.0, "#EAF3FA"], [0.5, "#56B4E9"], [1.0, "#0072B2"]]
# The HTML exports' page colours (dashboard/templates/export.css takes them through the template context):
# text greys and rules, and the accents from the palette above.
PAGE_COLORS: dict[str, str] = {
    "ink": "#1f2933",
    "muted": "#52606d",
    "line": "#d9e2ec",
    "paper": "#ffffff",
    "accent": PRIMARY_COLOR,
    "accent_tint": SEQUENTIAL_SCALE[0][1],
    "warning": PALETTE[1],
    "warning_tint": "#fff4e5",
}
# "Other" is grey so the eight named fields keep the eight distinct palette colours.
FIELD_COLORS: dict[str, str] = {
    field: (NEUTRAL_COLOR if field == "Other" else PALETTE[index % len(PALETTE)]) for index, field in enumerate(FIELDS)
}

# Passed to every st.plotly_chart. plotly.js fetches map outlines from
# `<topojsonURL><scope>_<resolution>m.json` (e.g. usa_110m.json), which Streamlit serves from
# static/topojson/ (beside streamlit_app.py) because server.enableStaticServing is on; no CDN is ever contacted.
PLOTLY_CONFIG: dict[str, Any] = {
    "topojsonURL": "/app/static/topojson/",
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    # A short mode bar (save, zoom, pan, reset): the full one is wider than a phone's chart title line.
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "zoomInGeo",
        "zoomOutGeo",
        "hoverClosestGeo",
    ],
}

# Phone layout. Streamlit cannot tell the server how wide the browser is, so every chart is designed to fit the
# narrowest screen (a 390 px phone leaves a 358 px chart) and plotly's autosize widens it on larger screens:
# titles, axis titles and category labels are wrapped at word boundaries (long categories shortened, their full
# text in the hover), bar-end labels get room computed for that width, legends go below the plot, and the
# title starts below the mode bar's row so the bar (shown on hover or tap) never covers it.
PHONE_CHART_PX = 358
MODEBAR_PX = 30  # the mode bar's row above the title
TITLE_LINE_PX = 24  # one line of the 18 px title
TITLE_CHARS = 36  # characters of the 18 px title per line at phone width
AXIS_TITLE_CHARS = 34  # characters of a 14 px axis title per line
TICK_CHARS = 18  # characters per line of a category label (two lines at most)
TICK_CHAR_PX = 6.6  # the width of one character of a 12–13 px label (Arial / Source Sans), a little generous
AXIS_TITLE_PX = 26  # a rotated one-line axis title and its gap
PHONE_PLOT_PX = 200  # the plot area of a bar chart with category labels at phone width

# The app's own font first: Streamlit serves "Source Sans" (a variable font) and its pages load it, so the charts match
# the text around them and their labels have the same widths in every browser (charts/margins.py measures them with it).
# Names with spaces are quoted: unquoted, "Source Sans 3" is not valid CSS (a name part may not start with a digit),
# the browser drops the whole declaration and plotly's own default ("Open Sans", Verdana, Arial) applies instead.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "Source Sans 3", Helvetica, Arial, sans-serif'
BASE_FONT_SIZE = 14


class SharedFigure(go.Figure):
    """A chart built once and then only drawn (memoised: every rerun and session draws the same figure; nothing
    changes it after its builder returns). `st.plotly_chart` asks a figure for its dict form at every draw, a deep
    copy of its traces and layout (~0.7 ms a chart, four on the Overview); this one makes it on the first draw and
    hands the same dict to each later one, which Streamlit only reads (and turns into JSON).

    It is built without plotly's validation of each property (`_validate=False`): a builder's traces (`go.Bar(...)`)
    were validated when made, and a figure made from them would validate each of their properties a second time,
    then the layout: ~1 ms of the script's thread per chart (the Overview's four of a new filter set, built and in
    dict form: 16.0 -> 11.8 ms), for values the builders' own code gives. A test builds every chart the pages draw
    again with validation and checks that it sends the same (tests/dashboard/test_shared_figure.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("_validate", False)
        super().__init__(*args, **kwargs)

    def to_dict(self) -> dict[str, Any]:
        drawn: dict[str, Any] | None = self.__dict__.get("_drawn")
        if drawn is None:
            drawn = super().to_dict()
            layout = drawn.get("layout")
            if isinstance(layout, dict):
                # An empty list or tuple of annotations or shapes (`add_vline` without a label leaves `()`): what
                # validation drops, and plotly.js draws nothing for either.
                for name in [name for name, value in layout.items() if isinstance(value, list | tuple) and not value]:
                    del layout[name]
                if isinstance(layout.get("template"), dict):
                    layout["template"] = _shared_template(layout["template"])
                with_margin_floors(layout, drawn.get("data") or [])
            self._drawn = drawn
        return drawn


# The kept dicts' templates, one object per distinct template (every chart has plotly's default): a template is ~250
# small lists and dicts, which the garbage collector would otherwise walk once more per kept chart.
_TEMPLATES: list[dict[str, Any]] = []


def _shared_template(template: dict[str, Any]) -> dict[str, Any]:
    for kept in _TEMPLATES:
        if kept == template:
            return kept
    if len(_TEMPLATES) < 8:  # a handful at most (the present mode copies, the exports): never a growing list
        _TEMPLATES.append(template)
    return template


def wrap_label(text: object, width: int, max_lines: int = 3) -> str:
    """`text` escaped for plotly and wrapped at word boundaries into lines of about `width` characters joined by
    <br>; past `max_lines` the rest is cut with '…' (callers keep the full text in the hover)."""
    raw = "" if text is None else str(text)
    # A number keeps its unit: "95 %" and "n = 4" never break across lines (textwrap splits on ASCII spaces only).
    glued = raw.replace(" %", "\u00a0%").replace(" = ", "\u00a0=\u00a0")
    lines = textwrap.wrap(glued, width, max_lines=max_lines, placeholder=" …", break_on_hyphens=False) or [raw]
    return "<br>".join(plain_label(line.replace("\u00a0", " ")) for line in lines)


def text_lines(text: str) -> int:
    """How many lines a wrapped plotly text has."""
    return text.count("<br>") + 1


def style_figure(
    fig: go.Figure,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
) -> go.Figure:
    """Apply the house style to `fig` in place (title, axis labels, fonts, margins, palette) and return it.

    Titles are plain text (they may quote a skill or a group from the data), so they are escaped here, once;
    builders pass them raw. Titles and axis titles are wrapped to fit a phone-width chart (see PHONE_CHART_PX).
    """
    names = [key for key in fig.layout._props or {} if _is_axis(key, "xaxis") or _is_axis(key, "yaxis")]
    return merge_layout(fig, styled_layout({}, title=title, x_title=x_title, y_title=y_title, axes=names))


def styled_layout(
    layout: dict[str, Any],
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    axes: Sequence[str] = (),
) -> dict[str, Any]:
    """`layout` (a figure's layout as a dict) with the house style of `style_figure` merged in, for a figure built
    in one go (`go.Figure(trace, layout=...)`: each later layout assignment deep-copies plotly's template, ~1 ms);
    `axes`: the figure's axis names where it has numbered ones (a subplot's), else its `xaxis` and `yaxis`."""
    title_text = wrap_label(title, TITLE_CHARS)
    lines = text_lines(title_text)
    # plotly anchors a title's first baseline, so each further line lifts the block by about half a line.
    pad = MODEBAR_PX + 6 + (lines - 1) * TITLE_LINE_PX // 2
    top = pad + TITLE_LINE_PX * lines + 12
    style: dict[str, Any] = {
        "title": {
            "text": title_text,
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "yref": "container",
            "y": 1.0,
            "yanchor": "top",
            "pad": {"t": pad, "l": 4},
            "font": {"size": BASE_FONT_SIZE + 4},
        },
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE},
        "colorway": list(OKABE_ITO),
        "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE}},
        "legend": {"title": {"font": {"size": BASE_FONT_SIZE}}},
    }
    titles: dict[str, Any] = {}
    # Axis titles only for cartesian figures: maps and pies have no axes to label.
    for axis, axis_title in (("xaxis", x_title), ("yaxis", y_title)):
        if axis_title is not None:
            for name in [key for key in [*axes, *layout] if _is_axis(key, axis)] or [axis]:
                titles[name] = {"title": {"text": wrap_label(axis_title, AXIS_TITLE_CHARS)}, "automargin": True}
    return _merged(layout, style | titles)


def merge_layout(fig: go.Figure, update: dict[str, Any]) -> go.Figure:
    """`fig.update_layout(update)` in place (nested dicts merge, anything else replaces), by one assignment of the
    merged layout: plotly's update_layout/update_xaxes walk and re-validate every nested key path once traces exist
    (a legend's ~3 ms, ~15–40 ms a chart in all; most of a page's rerun when it draws several). Returns `fig`."""
    # The layout's own properties, read without `to_plotly_json`'s deep copy of them and of the template (~0.7 ms a
    # chart): `_merged` copies what it changes, and assigning the layout below copies the rest.
    props = fig.layout._props or {}
    layout = _merged({key: value for key, value in props.items() if key != "template"}, update)
    # Assigned without its template: plotly then puts its default template back without validating it (validating
    # a template, even as an object, costs 5–15 ms a chart); a figure with another template gets its own back below.
    template = props.get("template")
    fig.layout = layout
    if template is not None and (fig.layout._props or {}).get("template") != template:
        fig.layout.template = template
    return fig


def _merged(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """`base` updated by `update` as plotly's update_layout does: nested dicts merge, anything else replaces."""
    merged = dict(base)
    for key, value in update.items():
        old = merged.get(key)
        merged[key] = _merged(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
    return merged


def axes_update(fig: go.Figure, axis: str, update: dict[str, Any]) -> dict[str, Any]:
    """A layout update giving every `axis` ("x" or "y") axis of `fig` (its numbered siblings too) `update`, for
    `merge_layout`: what `fig.update_xaxes(**update)` does, by one assignment instead of a validated walk per key."""
    names = [key for key in fig.layout._props or {} if _is_axis(key, f"{axis}axis")] or [f"{axis}axis"]
    return {name: update for name in names}


def _is_axis(key: str, axis: str) -> bool:
    """True for `axis` ("xaxis") and its numbered siblings ("xaxis2", …) of a subplot layout."""
    return key == axis or (key.startswith(axis) and key[len(axis) :].isdigit())


def legend_below(fig: go.Figure, title: str | None = None) -> None:
    """A horizontal legend under the plot (beside it, it takes half a phone's width); entries wrap into rows."""
    merge_layout(fig, legend_below_props(title))


def legend_below_props(title: str | None = None) -> dict[str, Any]:
    """The layout update of `legend_below`, for a layout built as a dict."""
    legend = {
        "orientation": "h",
        "yref": "container",
        "y": 0.0,
        "yanchor": "bottom",
        "x": 0.0,
        "xanchor": "left",
        "title": {"text": plain_label(title) if title else "", "side": "top"},
    }
    return {"legend": legend, "margin": {"b": 10}}


WRAPPED_LINE_PX = 14  # the extra height a category row needs for each further line of its label


def short_tick_props(categories: Sequence[str], chars: int = TICK_CHARS, lines: int = 2) -> tuple[dict[str, Any], int]:
    """(an axis's properties showing `categories` as `short_ticks` does, the most lines a label takes), for a layout
    built as a dict."""
    ticks = [wrap_label(html.unescape(category).replace("%\u200b{", "%{"), chars, lines) for category in categories]
    props = {"tickmode": "array", "tickvals": list(categories), "ticktext": ticks, "automargin": True}
    return props, max((text_lines(tick) for tick in ticks), default=1)


def short_ticks(
    fig: go.Figure, categories: Sequence[str], axis: str = "y", chars: int = TICK_CHARS, lines: int = 2
) -> int:
    """Category labels wrapped to `lines` lines of `chars` characters (long ones cut with '…'); the trace keeps the
    full category, so the hover shows it. `categories` are the escaped values the traces use. Returns the most
    lines a label takes; on the y axis a figure whose height is already set grows by WRAPPED_LINE_PX a row for
    each further line, so two-line labels never overlap (builders that set the height later use `rows_height`)."""
    update, most = short_tick_props(categories, chars, lines)
    height = fig.layout.height
    grown = {"height": height + rows_height(len(categories), most)} if axis == "y" and most > 1 and height else {}
    merge_layout(fig, axes_update(fig, axis, update) | grown)
    return most


def rows_height(rows: int, lines: int) -> int:
    """The extra pixels `rows` category rows need when their labels take `lines` lines."""
    return rows * WRAPPED_LINE_PX * max(0, lines - 1)


def tick_width_px(categories: Sequence[str], chars: int = TICK_CHARS) -> float:
    """The width of the widest category label after `short_ticks` wrapping, estimated for a phone-width chart."""
    widest = max(
        (min(len(line), chars + 2) for c in categories for line in textwrap.wrap(html.unescape(c), chars) or [""]),
        default=0,
    )
    return widest * TICK_CHAR_PX


def room_for_labels(values: Sequence[float], labels: Sequence[str], categories: Sequence[str]) -> float:
    """The value axis's end at which every bar's outside label fits right of its bar in a phone-width chart.

    Bar i ends at value_i / end of the plot width W and its label needs L_i pixels, so end >= value_i / (1 − L_i / W);
    on a wider screen the same end leaves more room.
    """
    plot_px = PHONE_CHART_PX - tick_width_px(categories) - AXIS_TITLE_PX - 24
    ends = [
        float(value or 0) / max(0.2, 1 - (len(label) * TICK_CHAR_PX + 10) / plot_px)
        for value, label in zip(values, labels, strict=False)
    ]
    return max(ends, default=0.0)


def percent_axis(fig: go.Figure, top: float | None, axis: str = "x", *, floor_to_zero: bool = True) -> None:
    """A percent axis whose step suits its range, so small rates never read '0 %, 1 %, 1 %, 2 %'."""
    merge_layout(fig, axes_update(fig, axis, percent_axis_props(top, floor_to_zero=floor_to_zero)))


def percent_axis_props(top: float | None, *, floor_to_zero: bool = True) -> dict[str, Any]:
    """The properties of `percent_axis`'s axis, for a layout built as a dict."""
    top = float(top or 0.0)
    steps = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25)
    step = next((s for s in steps if top / s <= 6), 0.25)
    digits = 1 if step < 0.01 else 0
    if step < 0.001:
        digits = 2
    count = max(1, math.ceil(top / step - 1e-9)) + 1
    ticks = percent_ticks([round(i * step, 6) for i in range(count + 1)], digits)
    return ticks | ({"rangemode": "tozero"} if floor_to_zero else {})


def percent_ticks(ticks: list[float], digits: int = 0) -> dict[str, list]:
    """Tick values and their labels written by analytics/formatting.py ('20 %', as everywhere else, not d3's '20%')."""
    return {"tickvals": ticks, "ticktext": [formatting.percent(tick, digits) for tick in ticks]}


def unit_percent_axis(fig: go.Figure, step: float = 0.2) -> None:
    """A 0–100 % x axis with a tick every `step`, labelled by the formatting module."""
    merge_layout(fig, axes_update(fig, "x", unit_percent_props(step)))


def unit_percent_props(step: float = 0.2) -> dict[str, Any]:
    """The x axis properties of `unit_percent_axis`, for a layout built as a dict."""
    return {"range": [0, 1]} | percent_ticks([round(i * step, 6) for i in range(round(1 / step) + 1)])


def plural(count: int, word: str) -> str:
    """'1 field', '3 fields', '2 companies' — for chart descriptions and report text (analytics.formatting.plural)."""
    return formatting.plural(count, word)


def share_axis(fig: go.Figure, top_share: float | None, room: float = 2.0, end: float | None = None) -> None:
    """A 0–100 % x axis for labelled share bars: ticks stop at the longest bar, never past 100 %.

    The axis runs to `end` when given (builders pass `room_for_labels(...)`, which fits each bar-end label at phone
    width), else to `room` × the longest bar, so with the default the longest bar fills about half the width.
    """
    merge_layout(fig, axes_update(fig, "x", share_axis_props(top_share, room, end)))


def share_axis_props(top_share: float | None, room: float = 2.0, end: float | None = None) -> dict[str, Any]:
    """The x axis properties of `share_axis`, for a layout built as a dict."""
    top = float(top_share or 0.0)
    if top <= 0:
        return unit_percent_props()
    upper = top * room if end is None else max(end, top * 1.05)
    # With `end`, as many ticks as fit under the bars at phone width (about 42 px a tick label), five at most.
    # (a half-tick of slack there: "0, 25, 50, 75 %" rather than "0, 50, 100 %" for a longest bar of 55 %).
    fit = max(1, min(5, int(PHONE_PLOT_PX * top / upper / 42))) + 0.5 if end is not None else 5
    step = next((s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5) if top / s <= fit), 0.5)
    last = min(1.0, math.ceil(top / step - 1e-9) * step)
    ticks = [round(i * step, 4) for i in range(round(last / step) + 1)]
    return {"range": [0, max(upper, last)]} | percent_ticks(ticks)
