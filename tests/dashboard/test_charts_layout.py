"""The phone layout of charts: wrapped titles below the mode bar, short category labels, bar-end labels that fit a
358 px chart, percent ticks that never repeat, legends and colour bars below. The browser check of the same rules
is tests/e2e/test_e2e_phone.py; these pin the arithmetic."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import layout
from dashboard.charts import (
    AXIS_TITLE_PX,
    MODEBAR_PX,
    PHONE_CHART_PX,
    TICK_CHAR_PX,
    TITLE_CHARS,
    TITLE_LINE_PX,
    explore,
    maps,
    percent_axis,
    rates,
    room_for_labels,
    short_ticks,
    style_figure,
    styled_layout,
    tick_width_px,
    tools,
    wrap_label,
)


def test_wrap_label_breaks_at_words_keeps_numbers_with_units_and_escapes() -> None:
    assert wrap_label("Offer rate by company (95 % interval)", 30) == "Offer rate by company (95 %<br>interval)"
    assert (
        wrap_label("Share of openings that list skills (n = 2,056)", 34)
        == "Share of openings that list skills<br>(n = 2,056)"
    )
    assert wrap_label("<b>bold</b> & more", 40) == "&lt;b&gt;bold&lt;/b&gt; &amp; more"  # data is text, never markup
    assert wrap_label("Short", 10) == "Short"


def test_wrap_label_cuts_past_its_lines_with_an_ellipsis() -> None:
    text = wrap_label("Quantitative Research and Algorithmic Trading Platforms", 18, 2)
    assert text.count("<br>") == 1 and text.endswith("…")
    assert all(len(line) <= 18 for line in text.split("<br>"))


@pytest.mark.parametrize(
    "title",
    [
        "Openings by field",
        "Pay premium: median hourly pay with vs without each skill",
        "A very long title that needs three whole lines to fit the narrowest phone chart",
    ],
)
def test_titles_wrap_to_the_phone_width_and_start_below_the_mode_bar(title: str) -> None:
    fig = style_figure(go.Figure(), title=title, x_title="x", y_title="y")
    lines = fig.layout.title.text.split("<br>")
    assert " ".join(lines) == title
    assert all(len(line) <= TITLE_CHARS for line in lines)
    assert fig.layout.title.pad.t >= MODEBAR_PX  # the mode bar's row stays clear of the title
    assert fig.layout.margin.t >= fig.layout.title.pad.t + TITLE_LINE_PX * len(lines)


def test_short_ticks_keep_full_categories_for_the_hover_and_grow_the_rows() -> None:
    categories = ["Python", "Data Science &amp; Analytics", "A &lt;script&gt; of many many words here and more"]
    fig = go.Figure(go.Bar(y=categories, x=[1, 2, 3], orientation="h")).update_layout(height=300)
    lines = short_ticks(fig, categories)
    assert lines == 2
    assert list(fig.layout.yaxis.tickvals) == categories  # the trace keeps the full text: the hover shows it
    assert list(fig.layout.yaxis.ticktext) == [
        "Python",
        "Data Science &amp;<br>Analytics",
        "A &lt;script&gt; of many<br>many words here …",
    ]
    assert fig.layout.height > 300  # two-line labels get taller rows


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ([0.55, 0.43, 0.12], ["\u200255 % (1,127)", "\u200243 % (878)", "\u200212 % (250)"]),
        (
            [0.40, 0.39, 0.15],
            ["\u200240 % (448) · lift 0.9×", "\u200239 % (444) · lift 1.0×", "\u200215 % (164) · lift 1.2×"],
        ),
        ([40000, 4445, 1061], [" 40,000 (100.0 %)", " 4,445 (11.1 %)", " 1,061 (2.7 %)"]),
    ],
)
def test_every_bar_end_label_fits_a_phone_chart(values: list[float], labels: list[str]) -> None:
    categories = ["Machine Learning", "Communication", "SQL"]
    end = room_for_labels(values, labels, categories)
    plot_px = PHONE_CHART_PX - tick_width_px(categories) - AXIS_TITLE_PX - 24
    for value, label in zip(values, labels, strict=False):
        assert value / end * plot_px + len(label) * TICK_CHAR_PX <= plot_px


@pytest.mark.parametrize("top", [0.004, 0.02, 0.031, 0.08, 0.35, 0.9])
def test_percent_ticks_never_repeat_a_label(top: float) -> None:
    fig = go.Figure()
    percent_axis(fig, top)
    texts = list(fig.layout.xaxis.ticktext)
    assert len(texts) == len(set(texts)) >= 2  # "0 %, 1 %, 1 %, 2 %" cannot happen
    assert max(fig.layout.xaxis.tickvals) >= top


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
REGIONS = pl.DataFrame(
    {
        "region": ["US-CA", "US-NY"],
        "region_name": ["California", "New York"],
        "country": ["US", "US"],
        "openings": [10, 4],
        "median_pay": [30.0, None],
        "n_with_pay": [5, 0],
    }
)
WEEKS = pl.DataFrame(
    {
        "week": [dt.date(2026, 6, 1), dt.date(2026, 6, 8)] * 2,
        "field": ["Software Engineering"] * 2 + ["Data Science & Analytics"] * 2,
        "postings": [3, 4, 1, 2],
    }
)


def test_the_heat_map_puts_skills_in_rows_without_a_colour_bar() -> None:
    fig = explore.skill_field_heatmap(MATRIX)
    assert list(fig.data[0].y) == ["Python", "SQL"] and fig.data[0].showscale is False


def test_map_colour_bars_lie_thin_below_the_map() -> None:
    bar = maps.region_choropleth(REGIONS).data[0].colorbar
    assert bar.orientation == "h" and bar.thickness <= 12


def test_legends_sit_below_the_plot() -> None:
    for fig in (explore.openings_by_field_over_time_chart(WEEKS), explore.postings_per_week_chart(WEEKS)):
        assert fig.layout.legend.orientation == "h" and fig.layout.legend.yanchor == "bottom"
        assert fig.layout.legend.y == 0


RATES = pl.DataFrame(
    {
        "field": ["Hardware & Embedded", "Other"],
        "rate": [0.08, 0.07],
        "low": [0.07, 0.06],
        "high": [0.09, 0.08],
        "successes": [8, 7],
        "n": [100, 100],
    }
)


def test_rates_rows_with_two_line_labels_are_taller() -> None:
    frame = RATES
    short = frame.with_columns(pl.Series("field", ["A", "B"]))
    assert rates.rates_chart(frame, "field").layout.height > rates.rates_chart(short, "field").layout.height


def test_the_pay_line_is_named_in_the_axis_title_not_over_the_bars() -> None:
    histogram = pl.DataFrame({"lower": [10.0, 20.0], "upper": [20.0, 30.0], "count": [3, 5]})
    fig = tools.pay_distribution_chart(histogram, 32.0)
    assert not fig.layout.annotations
    assert "this posting, $32.00/h" in fig.layout.xaxis.title.text.replace("<br>", " ")


def test_layout_css_hides_one_of_each_pair_by_width() -> None:
    assert f"@media (max-width: {layout.PHONE_MAX_PX}px)" in layout.CSS
    assert f'[class*="st-key-{layout.DESKTOP_PREFIX}"] {{ display: none !important; }}' in layout.CSS
    assert f'[class*="st-key-{layout.PHONE_PREFIX}"] {{ display: none !important; }}' in layout.CSS
    assert "stMultiSelectTagsContainer" in layout.CSS and "stMetricLabel" in layout.CSS


FUNNEL = pl.DataFrame(
    {
        "stage": ["applications", "interviews", "offers"],
        "count": [100, 30, 8],
        "n_applications": [100, 100, 100],
        "n_previous": [100, 100, 30],
        "rate": [1.0, 0.3, 0.08],
        "low": [0.96, 0.22, 0.04],
        "high": [1.0, 0.4, 0.15],
        "rate_of_previous": [1.0, 0.3, 0.27],
    }
)


SKILLS = ["A skill whose name takes two lines at phone width", "SQL", "Go"]
SKILL_SHARES = pl.DataFrame({"skill": SKILLS, "share": [0.5, 0.3, 0.1], "label": ["5 of 10", "3 of 10", "1 of 10"]})


@pytest.mark.parametrize(
    "build",
    [
        lambda: rates.funnel_chart(FUNNEL),
        lambda: rates.rates_chart(RATES, "field"),
        lambda: explore.openings_by_field_chart(
            pl.DataFrame({"field": ["Data Science & Analytics", None], "openings": [5, 2], "share": [0.7, 0.3]})
        ),
        lambda: explore.top_skills_chart(
            pl.DataFrame(
                {"skill": ["Python", "SQL"], "count": [3, 2], "share": [0.75, 0.5], "label": ["3 of 4", "2 of 4"]}
            ).with_columns(pl.lit(4).alias("n_total"))
        ),
        lambda: explore.postings_over_time_chart(
            pl.DataFrame(
                {
                    "week": [dt.date(2026, 6, 1), dt.date(2026, 6, 8)] * 2,
                    "status": ["open", "open", "closed", "closed"],
                    "postings": [3, 4, 1, 2],
                    "partial": [False, True] * 2,
                    "days_observed": [7, 3] * 2,
                }
            )
        ),
        lambda: maps.region_choropleth(REGIONS),
        lambda: tools.match_distribution_chart(
            pl.DataFrame({"bin": ["0 %", "100 %"], "count": [3, 5], "share": [0.4, 0.6]})
        ),
        lambda: tools.learning_path_chart(
            pl.DataFrame({"skill": SKILLS, "cumulative_fully_matched": [1, 2, 3], "cumulative_share": [0.1, 0.2, 0.3]}),
            0,
            0.0,
        ),
        lambda: tools.coverage_chart(
            pl.DataFrame(
                {
                    "category": ["programming_languages", "cloud"],
                    "demand_share": [0.5, 0.2],
                    "held_share": [0.3, 0.1],
                    "demand_label": ["a", "b"],
                    "held_label": ["c", "d"],
                }
            )
        ),
        lambda: tools.offer_holder_chart(
            SKILL_SHARES.with_columns(
                low=pl.col("share") - 0.05, high=pl.col("share") + 0.05, you_have=pl.Series([True, False, True])
            )
        ),
        lambda: tools.commonness_chart(SKILL_SHARES.with_columns(commonness=pl.lit("common"))),
        lambda: tools.peer_skills_chart(SKILL_SHARES),
        lambda: tools.pay_distribution_chart(
            pl.DataFrame({"lower": [10.0, 20.0], "upper": [20.0, 30.0], "count": [3, 5]}), 25.0
        ),
        lambda: tools.pool_chart(
            {
                "drops": SKILL_SHARES.rename({"skill": "dropped_skill"}).with_columns(holders=pl.Series([5, 4, 0])),
                "share": 0.1,
                "holders": 1,
                "label": "10 % (1 of 10)",
                "population": "applicants",
                "n": 10,
            }
        ),
    ],
    ids=[
        "funnel",
        "rates",
        "fields",
        "skills",
        "weeks",
        "states",
        "match",
        "path",
        "coverage",
        "holders",
        "commonness",
        "peers",
        "pay",
        "pool",
    ],
)
def test_the_pages_charts_are_built_in_one_go(monkeypatch: pytest.MonkeyPatch, build: object) -> None:
    """The charts a rates view, a filter change or a tool page's new input redraws are built with their whole layout:
    no layout change after (each re-validates the layout and deep-copies plotly's template, ~1-2 ms; the Overview's
    four took ~38 ms). A reference line is a shape added after (`add_vline`), which these patches leave alone."""

    def changed(*_: object, **__: object) -> None:
        raise AssertionError("the layout was changed after the figure was built")

    for method in ("update_layout", "update_xaxes", "update_yaxes", "update_geos"):
        monkeypatch.setattr(go.Figure, method, changed)
    monkeypatch.setattr(go.Figure, "layout", property(go.Figure.layout.fget, changed))
    fig = build()  # type: ignore[operator]
    assert fig.layout.title.text and fig.layout.font.family  # styled all the same


def test_a_layout_styled_as_a_dict_is_the_styled_figure_s() -> None:
    """`styled_layout` gives the layout `style_figure` gives the same figure (axis titles merged into its axes)."""
    layout = {"yaxis": {"categoryorder": "array", "categoryarray": ["b", "a"]}, "height": 300, "showlegend": False}
    trace = go.Bar(x=[1, 2], y=["a", "b"], orientation="h")
    expected = style_figure(go.Figure(trace, layout=layout), title="A title", x_title="Count", y_title="Group")
    got = go.Figure(trace, layout=styled_layout(layout, title="A title", x_title="Count", y_title="Group"))
    assert got.to_plotly_json() == expected.to_plotly_json()


def test_tool_charts_rows_with_two_line_labels_are_taller() -> None:
    """The tool charts built in one go grow their rows for two-line labels, as `short_ticks` grows a built figure."""
    short = SKILL_SHARES.with_columns(pl.Series("skill", ["A", "B", "C"]))
    for build in (
        tools.peer_skills_chart,
        lambda frame: tools.commonness_chart(frame.with_columns(commonness=pl.lit("rare"))),
    ):
        assert build(SKILL_SHARES).layout.height > build(short).layout.height
