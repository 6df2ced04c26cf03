"""What the HTML exports share: one Jinja2 environment over dashboard/templates/ with autoescape on, the page
colours from the one palette (dashboard/charts), and plotly figures as pre-rendered markup.

Every value a template prints is escaped by Jinja2; only plotly's own output and the map outlines payload (made
here, never from user text without escaping) are passed as `Markup`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from dashboard.charts import PAGE_COLORS

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# The map outlines Streamlit serves from static/ (beside streamlit_app.py) are inlined from the same files.
TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(template: str, **context: Any) -> str:
    """The named template rendered with `context` and the page colours (`colors`), every value escaped."""
    return _ENV.get_template(template).render(colors=PAGE_COLORS, **context)


def figure_markup(figure: go.Figure, *, include_plotlyjs: bool, **options: Any) -> Markup:
    """plotly's own HTML for one figure (a div and its script), trusted as it is: plotly escapes its data."""
    return Markup(pio.to_html(figure, full_html=False, include_plotlyjs=include_plotlyjs, **options))


def geo_assets(figures: Sequence[go.Figure]) -> Markup:
    """A script that hands plotly.js the map outlines the figures need, so it never fetches them; '' without maps."""
    scopes = sorted(
        {
            fig.layout.geo.scope or "world"
            for fig in figures
            if any(t.type in {"choropleth", "scattergeo"} for t in fig.data)
        }
    )
    assets = {}
    for scope in scopes:
        name = f"{scope}_110m"  # plotly's "<scope>_<resolution>m"; the builders keep the default 110
        path = TOPOJSON_DIR / f"{name}.json"
        if not path.is_file():
            raise ValueError(f"no bundled map outline {path.name} for the {scope!r} map scope")
        assets[name] = json.loads(path.read_text(encoding="utf-8"))
    if not assets:
        return Markup("")
    # "<" escaped so no string in the outline can close the script element.
    payload = json.dumps(assets, separators=(",", ":")).replace("<", "\\u003c")
    return Markup("<script>window.PlotlyGeoAssets = {topojson: ") + Markup(payload) + Markup("};</script>")


def macro(template: str, name: str) -> Any:
    """A macro of a template (e.g. the methodology list), callable from Python; it returns escaped markup."""
    return getattr(_ENV.get_template(template).module, name)
