"""Chart builders for the explore pages: tiny hand-made frames in, the expected figure and alt text out."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard.charts import FIELD_COLORS, NEUTRAL_COLOR, PRIMARY_COLOR, explore, maps, share_axis
from data_loaders.normalise.regions import COUNTRY_NAMES

FIELDS = pl.DataFrame(
    {
        "field": ["Software Engineering", "Other"],
        "openings": [3, 1],
        "share": [0.75, 0.25],
        "median_pay": [30.0, None],
        "n_with_pay": [2, 0],
    }
)
SKILLS = pl.DataFrame(
    {
        "skill": ["Python", "SQL"],
        "count": [3, 1],
        "share": [0.75, 0.25],
        "n_total": [4, 4],
        "label": ["75 % (3 of 4)", "25 % (1 of 4)"],
    }
)
WEEKS = pl.DataFrame({"week": [dt.date(2026, 6, 1), dt.date(2026, 6, 8), dt.date(2026, 6, 15)], "postings": [2, 0, 5]})
WEEKS_BY_FIELD = pl.DataFrame(
    {
        "week": [dt.date(2026, 6, 1)] * 2 + [dt.date(2026, 6, 8)] * 2,
        "field": ["Other", "Software Engineering"] * 2,
        "postings": [1, 4, 0, 2],
    }
)
MATRIX = pl.DataFrame(
    {
        "field": ["Data Science & Analytics"] * 2 + ["Software Engineering"] * 2,
        "skill": ["Python", "SQL"] * 2,
        "count": [3, 2, 1, 0],
        "n_field": [4, 4, 2, 2],
        "share": [0.75, 0.5, 0.5, 0.0],
        "label": ["75 % (3 of 4)", "50 % (2 of 4)", "50 % (1 of 2)", "0 % (0 of 2)"],
    }
)
TOGETHER = pl.DataFrame(
    {
        "skill": ["SQL", "Pandas"],
        "count": [6, 2],
        "n_skill": [8, 8],
        "share": [0.75, 0.25],
        "lift": [1.25, 2.5],
        "n_other": [12, 2],
        "label": ["75 % (6 of 8)", "25 % (2 of 8)"],
    }
)
TRENDS = pl.DataFrame(
    {
        "period": [dt.date(2026, 6, 1)] * 2 + [dt.date(2026, 7, 1)] * 2,
        "skill": ["Python", "SQL"] * 2,
        "count": [1, 2, 3, 1],
        "n_period": [4, 4, 5, 5],
        "share": [0.25, 0.5, 0.6, 0.2],
    }
)
PREMIUM = pl.DataFrame(
    {
        "skill": ["C++", "Excel"],
        "n_with": [12, 20],
        "n_without": [30, 22],
        "median_with": [46.0, 27.5],
        "median_without": [33.5, 36.0],
        "premium": [12.5, -8.5],
    }
)
REGIONS = pl.DataFrame(
    {
        "region": ["US-CA", "CA-ON", "US-TX"],
        "region_name": ["California", "Ontario", "Texas"],
        "country": ["US", "CA", "US"],
        "openings": [5, 3, 2],
        "median_pay": [40.0, None, 25.5],
        "n_with_pay": [4, 0, 1],
    }
)
COUNTRIES = pl.DataFrame(
    {
        "country": ["US", "XX", "GB"],
        "country_name": ["United States", None, "United Kingdom"],
        "openings": [7, 2, 1],
        "median_pay": [30.0, None, 20.0],
        "n_with_pay": [5, 0, 1],
    }
)
CITIES = pl.DataFrame(
    {
        "city": ["New York", "Austin", "Atlantis"],
        "region": ["US-NY", "US-TX", None],
        "openings": [16, 4, 1],
        "median_pay": [40.0, 30.0, None],
        "n_with_pay": [3, 1, 0],
        "lat": [40.7, 30.3, None],
        "lon": [-74.0, -97.7, None],
    }
)


def _unwrap(text: str) -> str:
    """A title as one line: builders wrap titles with <br> to fit a phone-width chart."""
    return text.replace("<br>", " ")


def _title(fig: go.Figure) -> str:
    return _unwrap(fig.layout.title.text)


@pytest.mark.parametrize(
    ("build", "frame", "title", "x_title", "y_title"),
    [
        (explore.openings_by_field_chart, FIELDS, "Openings by field", "Openings (count)", "Field"),
        (
            explore.top_skills_chart,
            SKILLS,
            "Top skills asked for",
            "Share of openings that list skills (n = 4)",
            "Skill",
        ),
        (explore.postings_per_week_chart, WEEKS, "Postings per week", "Week (starting Monday)", "Postings (count)"),
        (
            explore.openings_by_field_over_time_chart,
            WEEKS_BY_FIELD,
            "Postings per week by field, by posting date",
            "Week posted (starting Monday)",
            "Postings (count)",
        ),
        (
            explore.skill_field_heatmap,
            MATRIX,
            "Skills by field (% of the field's openings that list skills)",
            "Field",
            "Skill",
        ),
        (
            lambda frame: explore.co_occurrence_chart(frame, "Python"),
            TOGETHER,
            "Skills asked for together with Python",
            "Share of the 8 openings that list Python",
            "Skill",
        ),
        (
            explore.skill_trends_chart,
            TRENDS,
            "Skill demand over time",
            "Period start",
            "Share of the period's openings that list skills",
        ),
        (
            explore.pay_premium_chart,
            PREMIUM,
            "Pay premium: median hourly pay with vs without each skill",
            "Median hourly pay (USD per hour)",
            "Skill",
        ),
    ],
)
def test_cartesian_charts_have_titles_and_axis_labels(
    build, frame: pl.DataFrame, title: str, x_title: str, y_title: str
) -> None:
    fig = build(frame)
    assert (_title(fig), _unwrap(fig.layout.xaxis.title.text), _unwrap(fig.layout.yaxis.title.text)) == (
        title,
        x_title,
        y_title,
    )
    assert all("<extra></extra>" in trace.hovertemplate for trace in fig.data if trace.hoverinfo != "skip")


@pytest.mark.parametrize(
    ("build", "frame"),
    [
        (explore.openings_by_field_chart, FIELDS),
        (explore.top_skills_chart, SKILLS),
        (explore.postings_per_week_chart, WEEKS),
        (explore.openings_by_field_over_time_chart, WEEKS_BY_FIELD),
        (explore.skill_field_heatmap, MATRIX),
        (explore.skill_trends_chart, TRENDS),
        (explore.pay_premium_chart, PREMIUM),
        (lambda frame: explore.co_occurrence_chart(frame, "Go"), TOGETHER),
        (maps.region_choropleth, REGIONS),
        (maps.country_choropleth, COUNTRIES),
        (maps.city_bubble_map, CITIES),
    ],
)
def test_empty_frames_are_refused(build, frame: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="^no .* (chart|map)"):
        build(frame.head(0))


def test_maps_refuse_frames_with_nothing_they_can_draw() -> None:
    with pytest.raises(ValueError, match="no US states"):
        maps.region_choropleth(REGIONS.filter(country="CA"))
    with pytest.raises(ValueError, match="no known country codes"):
        maps.country_choropleth(COUNTRIES.filter(country="XX"))
    with pytest.raises(ValueError, match="no cities with coordinates"):
        maps.city_bubble_map(CITIES.filter(city="Atlantis"))


@pytest.mark.parametrize("build, frame", [(maps.region_choropleth, REGIONS), (maps.country_choropleth, COUNTRIES)])
def test_map_shades_run_from_zero_to_the_most_even_for_one_place(build, frame: pl.DataFrame) -> None:
    """One place (an Indian stipend list on the world map) or equal counts: a 0-to-most scale, not a hair around it."""
    whole = build(frame).data[0]
    assert (whole.zmin, whole.zmax) == (0, max(frame["openings"]))
    one = build(frame.head(1)).data[0]
    assert (one.zmin, one.zmax) == (0, frame["openings"][0]) and one.zmax > 0


def test_field_bars_put_the_largest_on_top_in_field_colours() -> None:
    bar = explore.openings_by_field_chart(FIELDS).data[0]
    assert list(bar.x) == [3, 1]
    assert list(bar.marker.color) == [FIELD_COLORS["Software Engineering"], NEUTRAL_COLOR]
    assert explore.openings_by_field_chart(FIELDS).layout.yaxis.categoryarray == ("Other", "Software Engineering")


def test_top_skills_bars_carry_share_with_counts() -> None:
    bar = explore.top_skills_chart(SKILLS).data[0]
    # At the bar's end the share and its count (the n is in the axis title); the hover keeps "75 % (3 of 4)".
    assert [text.strip() for text in bar.text] == ["75 % (3)", "25 % (1)"]
    assert list(bar.customdata) == ["75 % (3 of 4)", "25 % (1 of 4)"]
    assert bar.marker.color == PRIMARY_COLOR


def test_heatmap_rows_are_skills_in_rank_order_and_columns_fields() -> None:
    fig = explore.skill_field_heatmap(MATRIX)
    heat = fig.data[0]
    # Skills as rows and fields as columns: any number of skills stays readable at phone width.
    assert list(heat.y) == ["Python", "SQL"]
    # Category names are plotly text: "&" is written as an entity, which plotly shows as "&".
    assert list(heat.x) == ["Data Science &amp; Analytics", "Software Engineering"]
    assert list(fig.layout.xaxis.ticktext) == ["Data", "Software"]  # short column names; the hover has the full one
    assert [list(row) for row in heat.z] == [[0.75, 0.5], [0.5, 0.0]]
    assert [list(row) for row in heat.text] == [["75", "50"], ["50", "0"]]
    assert heat.customdata[0][1] == "50 % (1 of 2)"
    assert heat.showscale is False  # every cell is labelled: no colour bar beside the map


def test_pay_premium_draws_with_and_without_dots_with_their_n() -> None:
    fig = explore.pay_premium_chart(PREMIUM)
    without, with_ = fig.data[1], fig.data[2]
    assert (without.name, list(without.x)) == ("Without the skill", [33.5, 36.0])
    assert (with_.name, list(with_.x)) == ("With the skill", [46.0, 27.5])
    # Hover text written by analytics/formatting.py (money with cents, a signed premium with a true minus).
    assert list(without.customdata) == [
        "median $33.50/h (n = 30); premium +$12.50/h",
        "median $36.00/h (n = 22); premium −$8.50/h",
    ]
    assert [label.split("(n = ")[1].split(")")[0] for label in with_.customdata] == ["12", "20"]


def test_field_stacks_fade_and_label_a_partial_last_week() -> None:
    weeks = WEEKS_BY_FIELD.with_columns(
        days_observed=pl.Series([7, 7, 3, 3]), partial=pl.Series([False, False, True, True])
    )
    fig = explore.openings_by_field_over_time_chart(weeks)
    assert [list(trace.marker.opacity) for trace in fig.data] == [[1.0, 0.35], [1.0, 0.35]]
    assert _unwrap(fig.layout.xaxis.title.text) == "Week posted (Mondays); last week partial: 3 of 7 days"
    assert explore.openings_by_field_over_time_alt(weeks).endswith(" The last week is partial.")


def test_field_stacks_order_fields_by_total() -> None:
    fig = explore.openings_by_field_over_time_chart(WEEKS_BY_FIELD)
    assert [trace.name for trace in fig.data] == ["Software Engineering", "Other"]
    assert [list(trace.y) for trace in fig.data] == [[4, 2], [1, 0]]


@pytest.mark.parametrize(
    ("describe", "frame", "expected"),
    [
        (
            explore.openings_by_field_alt,
            FIELDS,
            "Bar chart of openings in 2 fields; the largest is Software Engineering with 3 openings (75 % of 4).",
        ),
        (
            explore.openings_by_field_alt,
            FIELDS.head(1).with_columns(openings=pl.lit(1), share=pl.lit(1.0)),
            "Bar chart of openings in 1 field; the largest is Software Engineering with 1 opening (100 % of 1).",
        ),
        (
            explore.top_skills_alt,
            SKILLS,
            "Bar chart of the 2 most requested skills as a share of openings that list skills; first is Python at 75 % (3 of 4).",
        ),
        (
            explore.postings_per_week_alt,
            WEEKS,
            "Line chart of postings per week over 3 weeks (7 postings), peaking at 5 in the week of 15 Jun 2026.",
        ),
        (
            explore.openings_by_field_over_time_alt,
            WEEKS_BY_FIELD,
            "Stacked bar chart of 7 postings, open or closed now, by the week they were posted over 2 weeks, split into 2 fields.",
        ),
        (
            explore.skill_field_heatmap_alt,
            MATRIX,
            "Heat map of 2 skills across 2 fields; the strongest pairing is Python in Data Science & Analytics at 75 % (3 of 4).",
        ),
        (
            lambda frame: explore.co_occurrence_alt(frame, "Python"),
            TOGETHER,
            "Bar chart of 2 skills asked for with Python; most often SQL at 75 % (6 of 8); the highest lift is Pandas (2.5×).",
        ),
        (
            explore.skill_trends_alt,
            TRENDS,
            "Line chart of 2 skills' share of openings over 2 periods (01 Jun 2026 to 01 Jul 2026).",
        ),
        (
            explore.pay_premium_alt,
            PREMIUM,
            "Dot chart of median hourly pay with and without 2 skills; the largest premium is C++ ($46.00 vs $33.50, "
            "n = 12 with), the lowest Excel (−$8.50/h).",
        ),
        (
            maps.region_choropleth_alt,
            REGIONS,
            "Map of 2 US states shaded by openings; the most is California with 5. A listing in two states counts in both.",
        ),
        (
            maps.country_choropleth_alt,
            COUNTRIES,
            "World map of 2 countries shaded by openings; the most is the United States with 7.",
        ),
        (
            maps.city_bubble_map_alt,
            CITIES,
            "Map of 2 cities with bubbles sized by openings; the largest is New York with 16. "
            "1 city without coordinates is not drawn.",
        ),
        (explore.top_skills_alt, SKILLS.head(0), "No skills to chart."),
        (
            maps.country_choropleth_alt,
            COUNTRIES.head(1),
            "World map of 1 country shaded by openings; the most is the United States with 7.",
        ),
        (
            maps.region_choropleth_alt,
            REGIONS.head(1),
            "Map of 1 US state shaded by openings; the most is California with 5. A listing in two states counts in both.",
        ),
        (maps.region_choropleth_alt, REGIONS.filter(country="CA"), "No US states to map."),
    ],
)
def test_alt_text(describe, frame: pl.DataFrame, expected: str) -> None:
    assert describe(frame) == expected


def test_state_map_keeps_us_states_only_with_pay_and_n_in_hover() -> None:
    fig = maps.region_choropleth(REGIONS)
    choropleth = fig.data[0]
    assert (list(choropleth.locations), list(choropleth.z), choropleth.locationmode) == (
        ["CA", "TX"],
        [5, 2],
        "USA-states",
    )
    assert list(choropleth.customdata) == ["median pay $40.00/h (n = 4)", "median pay $25.50/h (n = 1)"]
    assert (fig.layout.geo.scope, _title(fig)) == ("usa", "Openings by US state")


def test_world_map_uses_alpha3_and_leaves_unknown_codes_off() -> None:
    choropleth = maps.country_choropleth(COUNTRIES).data[0]
    assert (list(choropleth.locations), list(choropleth.z), choropleth.locationmode) == (
        ["USA", "GBR"],
        [7, 1],
        "ISO-3",
    )
    assert list(choropleth.text) == ["United States", "United Kingdom"]


def test_every_known_country_has_an_outline_code() -> None:
    assert set(COUNTRY_NAMES) <= set(maps.ALPHA3)
    assert all(len(code) == 3 and code.isupper() for code in maps.ALPHA3.values())


@pytest.mark.parametrize(
    ("frame", "scope"),
    [(CITIES, "usa"), (CITIES.with_columns(region=pl.Series(["US-NY", "GB-ENG", None])), "world")],
)
def test_city_bubbles_choose_a_bundled_scope_and_scale_area(frame: pl.DataFrame, scope: str) -> None:
    fig = maps.city_bubble_map(frame)
    bubbles = fig.data[0]
    assert fig.layout.geo.scope == scope  # only usa_110m and world_110m are bundled
    assert list(bubbles.marker.size) == [40.0, 20.0]  # 4x the openings -> 2x the diameter (4x the area)
    assert list(bubbles.hovertext) == ["16 openings", "4 openings"]


@pytest.mark.parametrize(
    ("top", "ticks", "upper"),
    [
        (0.79, [0, 0.2, 0.4, 0.6, 0.8], 1.58),  # ticks stop at the longest bar, not at 140 %
        (1.0, [0, 0.2, 0.4, 0.6, 0.8, 1.0], 2.0),  # never a tick past 100 %
        (0.11, [0, 0.05, 0.1, 0.15], 0.22),
        (0.004, [0, 0.01], 0.01),  # the axis reaches its first tick
    ],
)
def test_share_axis_ticks_stop_at_the_longest_bar(top: float, ticks: list[float], upper: float) -> None:
    fig = go.Figure()
    share_axis(fig, top)
    assert list(fig.layout.xaxis.tickvals) == pytest.approx(ticks)
    assert list(fig.layout.xaxis.range) == pytest.approx([0, upper])
    assert max(fig.layout.xaxis.tickvals) <= 1.0
