"""Map builders (US states, world countries, city bubbles) that render offline.

plotly.js reads the outlines from `PLOTLY_CONFIG["topojsonURL"]` (the bundled usa_110m.json and
world_110m.json), so only the "usa" and "world" scopes may be used here: any other scope would
ask for a file that is not bundled. Each builder has an `<name>_alt(frame)` sibling; builders
raise ValueError when there is nothing to draw. No `st` calls here.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics.display_names import country_in_sentence
from dashboard.charts import OKABE_ITO, PRIMARY_COLOR, SEQUENTIAL_SCALE, SharedFigure, style_figure, styled_layout
from dashboard.safe_text import plain_label, plain_labels

# ISO 3166-1 alpha-2 -> alpha-3: world_110m.json identifies countries by alpha-3. Covers every
# code in data_loaders.normalise.regions.COUNTRY_NAMES; an unknown code is left off the map
# (and counted in the alt text) rather than guessed.
ALPHA3: dict[str, str] = {
    "US": "USA",
    "CA": "CAN",
    "GB": "GBR",
    "IN": "IND",
    "IE": "IRL",
    "DE": "DEU",
    "FR": "FRA",
    "NL": "NLD",
    "ES": "ESP",
    "IT": "ITA",
    "CH": "CHE",
    "SE": "SWE",
    "DK": "DNK",
    "NO": "NOR",
    "FI": "FIN",
    "PL": "POL",
    "PT": "PRT",
    "BE": "BEL",
    "AT": "AUT",
    "CZ": "CZE",
    "RO": "ROU",
    "GR": "GRC",
    "IL": "ISR",
    "AE": "ARE",
    "SG": "SGP",
    "JP": "JPN",
    "KR": "KOR",
    "CN": "CHN",
    "HK": "HKG",
    "TW": "TWN",
    "AU": "AUS",
    "NZ": "NZL",
    "MX": "MEX",
    "BR": "BRA",
    "AR": "ARG",
    "CO": "COL",
    "CL": "CHL",
    "PH": "PHL",
    "MY": "MYS",
    "ID": "IDN",
    "VN": "VNM",
    "TH": "THA",
    "ZA": "ZAF",
    "NG": "NGA",
    "EG": "EGY",
    "KE": "KEN",
    "PK": "PAK",
    "BD": "BGD",
    "LU": "LUX",
    "EE": "EST",
    "HU": "HUN",
    "UA": "UKR",
    "TR": "TUR",
    "SA": "SAU",
}
MAX_BUBBLE_PX = 40  # the largest city's bubble diameter
# A thin colour bar under the map: beside it, it takes half a phone's width and shrinks the map to a stamp.
COLORBAR_BELOW: dict[str, Any] = {
    "title": {"text": "Openings", "side": "top"},
    "orientation": "h",
    "thickness": 10,
    "len": 0.8,
    "x": 0.5,
    "xanchor": "center",
    "y": 0.17,
    "yanchor": "top",
    "ypad": 0,
    "outlinewidth": 0,
}


def _us_states(frame: pl.DataFrame) -> pl.DataFrame:
    """The US rows of an `openings_by_region` frame, with the two-letter state code plotly expects."""
    return frame.filter(pl.col("region").str.starts_with("US-")).with_columns(state=pl.col("region").str.slice(3))


def _pay_hover(frame: pl.DataFrame) -> list[str]:
    """Per row 'median pay $25.00/h (n = 40)', or 'no pay stated' when no listing states pay."""
    return [
        "no pay stated" if pay is None or not n else f"median pay {fmt.money(pay)} (n = {n:,})"
        for pay, n in zip(frame["median_pay"].to_list(), frame["n_with_pay"].to_list(), strict=False)
    ]


def _count_range(counts: pl.Series) -> dict[str, float]:
    """The colour scale of a map of counts: from 0 to the largest (at least 1), so a single place, or places that
    all have the same count, get a readable scale (plotly's own spans a hair around the one value: 97.6-98.4), and
    the shades compare counts from none rather than from the smallest."""
    return {"zmin": 0, "zmax": max(float(counts.max() or 0), 1.0)}  # type: ignore[arg-type]


def region_choropleth(frame: pl.DataFrame) -> go.Figure:
    """US states shaded by openings (frame from `overview.openings_by_region`; other countries are left out)."""
    states = _us_states(frame)
    if states.height == 0:
        raise ValueError("no US states to map: the frame has no US-xx regions")
    names = plain_labels(states["region_name"].fill_null(states["region"]).to_list())
    return _shaded_map(states, states["state"].to_list(), "USA-states", names, {"scope": "usa"}, "Openings by US state")


def _shaded_map(
    frame: pl.DataFrame, locations: list[str], mode: str, names: list[str], geo: dict[str, Any], title: str
) -> go.Figure:
    """A map of `frame`'s places (`locations`, in plotly's location `mode`) shaded by openings, its `geo` settings
    added to the house ones; built in one go, layout and style together (each later layout change re-validates it,
    ~1-2 ms each)."""
    shaded = go.Choropleth(
        locations=locations,
        locationmode=mode,
        z=frame["openings"].to_list(),
        **_count_range(frame["openings"]),
        colorscale=SEQUENTIAL_SCALE,
        colorbar=COLORBAR_BELOW,
        marker_line_color="white",
        text=names,
        customdata=_pay_hover(frame),
        hovertemplate="%{text}: %{z:,} openings<br>%{customdata}<extra></extra>",
    )
    geo = {**geo, "showlakes": False, "bgcolor": "rgba(0,0,0,0)", "domain": {"x": [0, 1], "y": [0.18, 1]}}
    return SharedFigure(shaded, layout=styled_layout({"geo": geo}, title=title))


def region_choropleth_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `region_choropleth(frame)`."""
    states = _us_states(frame)
    if states.height == 0:
        return "No US states to map."
    top = states.row(0, named=True)
    return (
        f"Map of {fmt.plural(states.height, 'US state')} shaded by openings; the most is "
        f"{top['region_name'] or top['region']} with {top['openings']:,}. A listing in two states counts in both."
    )


def _mapped_countries(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of an `openings_by_country` frame whose code the world outline knows, with its alpha-3 code."""
    codes = pl.DataFrame({"country": list(ALPHA3), "iso3": list(ALPHA3.values())})
    return frame.join(codes, on="country", how="inner", maintain_order="left")


def country_choropleth(frame: pl.DataFrame) -> go.Figure:
    """World countries shaded by openings (frame from `overview.openings_by_country`)."""
    countries = _mapped_countries(frame)
    if countries.height == 0:
        raise ValueError("no countries to map: the frame has no known country codes")
    names = plain_labels(countries["country_name"].fill_null(countries["country"]).to_list())
    world = {"scope": "world", "projection": {"type": "natural earth"}, "showframe": False}
    return _shaded_map(countries, countries["iso3"].to_list(), "ISO-3", names, world, "Openings by country")


def country_choropleth_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `country_choropleth(frame)`."""
    countries = _mapped_countries(frame)
    if countries.height == 0:
        return "No countries to map."
    top = countries.row(0, named=True)
    return (
        f"World map of {fmt.plural(countries.height, 'country', 'countries')} shaded by openings; the most is "
        f"{country_in_sentence(top['country'])} with {top['openings']:,}."
    )


def _located(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of an `openings_by_city` frame that have coordinates."""
    return frame.drop_nulls(["lat", "lon"])


def city_bubble_map(frame: pl.DataFrame) -> go.Figure:
    """Cities as bubbles sized by openings (frame from `overview.openings_by_city`); US-only data gets the US map."""
    cities = _located(frame)
    if cities.height == 0:
        raise ValueError("no cities with coordinates to map")
    openings = cities["openings"].to_list()
    largest = max(openings)
    # Area, not diameter, is proportional to openings: a city with 4x the openings looks 4x as big.
    sizes = [max(4.0, MAX_BUBBLE_PX * math.sqrt(value / largest)) for value in openings]
    regions = cities["region"].to_list()
    # City names are the file's text: plotly would render tags in them.
    labels = [
        plain_label(f"{city}, {region[3:] if region else '?'}")
        for city, region in zip(cities["city"].to_list(), regions, strict=False)
    ]
    us_only = all(region is not None and region.startswith("US-") for region in regions)
    fig = SharedFigure(
        go.Scattergeo(
            lat=cities["lat"].to_list(),
            lon=cities["lon"].to_list(),
            text=labels,
            customdata=_pay_hover(cities),
            mode="markers",
            marker={
                "size": sizes,
                "color": PRIMARY_COLOR,
                "opacity": 0.65,
                "line": {"color": OKABE_ITO[7], "width": 0.5},
            },
            hovertext=[f"{value:,} openings" for value in openings],
            hovertemplate="%{text}: %{hovertext}<br>%{customdata}<extra></extra>",
        )
    )
    # Outside the US, zoom to the cities drawn: a whole-world view leaves them as specks.
    geo = (
        {"scope": "usa"}
        if us_only
        else {"scope": "world", "projection_type": "natural earth", "showframe": False, "fitbounds": "locations"}
    )
    fig.update_geos(showland=True, landcolor="#F2F2F2", showlakes=False, bgcolor="rgba(0,0,0,0)", **geo)
    fig.update_layout(showlegend=False)
    return style_figure(fig, title="Openings by city (bubble area = openings)")


def city_bubble_map_alt(frame: pl.DataFrame) -> str:
    """One-sentence description of `city_bubble_map(frame)`."""
    cities = _located(frame)
    if cities.height == 0:
        return "No cities with coordinates to map."
    top = cities.row(0, named=True)
    left_off = frame.height - cities.height
    note = ""
    if left_off:
        note = (
            " 1 city without coordinates is not drawn."
            if left_off == 1
            else f" {left_off:,} cities without coordinates are not drawn."
        )
    return (
        f"Map of {fmt.plural(cities.height, 'city', 'cities')} with bubbles sized by openings; the largest is "
        f"{top['city']} with {top['openings']:,}.{note}"
    )
