"""Chart builders of the Skill gap and Benchmark pages, and the offline one-page benchmark HTML."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
import pytest

from analytics.benchmark import Posting, benchmark_posting, pay_histogram, summarise
from analytics.skill_gap import category_coverage, learning_path, match_distribution, offer_holder_skills
from dashboard.benchmark_html import benchmark_html
from dashboard.charts import tools

LISTINGS = pl.DataFrame(
    {
        "listing_id": [f"L{i}" for i in range(6)],
        "field": ["Data Science & Analytics"] * 6,
        "regions": [["US-CA"], ["US-CA"], ["US-WA"], ["US-NY"], ["US-CA"], ["US-TX"]],
        "countries": [["US"]] * 6,
        "work_mode": ["onsite"] * 6,
        "skills": [
            ["Python", "SQL"],
            ["Python", "R"],
            ["SQL", "Tableau"],
            ["Python"],
            ["Python", "SQL", "Apache Spark"],
            ["Excel"],
        ],
        "pay_hourly_usd": [20.0, 25.0, 30.0, None, 40.0, 22.0],
    },
    schema_overrides={"regions": pl.List(pl.String), "countries": pl.List(pl.String), "skills": pl.List(pl.String)},
)
OUTCOMES = pl.DataFrame(
    {
        "applicant_id": [f"A{i}" for i in range(12)],
        "field": ["Data Science & Analytics"] * 12,
        "stage": ["offer"] * 12,
        "applicant_skills": [["Python", "SQL"]] * 8 + [["Python"]] * 4,
    },
    schema_overrides={"applicant_skills": pl.List(pl.String)},
)


def _titles(fig: go.Figure) -> tuple[str, str, str]:
    """The figure's title and axis titles."""
    return fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text


def test_match_distribution_chart_counts_every_bin_and_highlights_full_matches() -> None:
    fig = tools.match_distribution_chart(match_distribution(LISTINGS, ["Python", "SQL"]))
    bar = fig.data[0]
    # Full matches: L0 (Python, SQL) and L3 (Python); halves: L1, L2; two of three: L4; none: L5.
    assert list(bar.y) == [1, 0, 0, 0, 0, 2, 1, 0, 0, 0, 2]
    assert bar.marker.color[-1] == tools.HOLD_COLOR and bar.marker.color[0] == tools.PRIMARY_COLOR
    assert "openings" in bar.hovertemplate
    assert all(_titles(fig))


def test_learning_path_chart_starts_from_today() -> None:
    path = learning_path(LISTINGS, ["Python", "SQL"], steps=2)
    fig = tools.learning_path_chart(path, start_count=2, start_share=2 / 6)
    line = fig.data[0]
    assert list(line.x)[0] == "Now" and len(line.x) == path.height + 1
    counts = [2, *path["cumulative_fully_matched"].to_list()]
    assert list(line.text) == [f"{c:,}" for c in counts]
    # Hover labels come from analytics/formatting.py, as on the page: "33 % of openings fully matched (2)".
    assert list(line.customdata)[0] == "33 % of openings fully matched (2)"
    assert [label.rsplit("(", 1)[1] for label in line.customdata] == [f"{c:,})" for c in counts]
    assert all(_titles(fig))


def test_coverage_chart_has_two_series_per_category() -> None:
    coverage = category_coverage(LISTINGS, ["Python"])
    fig = tools.coverage_chart(coverage)
    assert len(fig.data) == 2
    assert len(fig.data[0].y) == coverage.height
    assert all("of" in label for label in fig.data[0].customdata)  # "x % (a of n)" labels in the hover


def test_offer_holder_chart_colours_what_you_have() -> None:
    holders = offer_holder_skills(OUTCOMES, "Data Science & Analytics", ["Python"], min_group=10)
    fig = tools.offer_holder_chart(holders)
    bars = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=False))
    assert bars == {"SQL": tools.LACK_COLOR, "Python": tools.HOLD_COLOR}
    assert fig.data[0].error_x.array is not None


@pytest.mark.parametrize(("pay", "markers"), [(27.5, 1), (None, 0)])
def test_pay_chart_marks_the_posting(pay: float | None, markers: int) -> None:
    fig = tools.pay_distribution_chart(pay_histogram(LISTINGS, bins=4), pay)
    # Bins of $5 from $20 to $40; the null pay is left out.
    assert list(fig.data[0].x) == [22.5, 27.5, 32.5, 37.5]
    assert list(fig.data[0].y) == [3, 1, 0, 1]
    assert len(fig.layout.shapes) == markers
    assert "5 comparable openings" in fig.layout.title.text


def _result(skills: tuple[str, ...] = ("Python", "Apache Spark"), pay: float | None = 27.5):
    """A benchmark of a small posting against the six listings (min 3 peers)."""
    posting = Posting(
        title="Data Intern", field="Data Science & Analytics", regions=("US-CA",), pay_hourly_usd=pay, skills=skills
    )
    return benchmark_posting(LISTINGS, posting, None, min_peers=3)


def test_benchmark_figures_cover_each_question() -> None:
    figures = tools.benchmark_figures(_result())
    assert list(figures) == ["pay", "commonness", "peer_skills", "pool"]
    for fig, alt in figures.values():
        assert fig.layout.title.text and alt.endswith(".")
    commonness = figures["commonness"][0].data[0]
    assert dict(zip(commonness.y, commonness.x, strict=False)) == {"Python": 1.0, "Apache Spark": pytest.approx(1 / 3)}


def test_benchmark_figures_leave_out_charts_without_data() -> None:
    figures = tools.benchmark_figures(_result(skills=(), pay=None))
    assert "commonness" not in figures and "pool" not in figures
    assert "pay" in figures


def test_benchmark_html_inlines_plotly_once_and_escapes_text() -> None:
    result = _result()
    page = benchmark_html(
        result,
        summarise(result) + " <script>x</script>",
        tools.benchmark_figures(result),
        provenance="Listings: jobs.csv; outcomes: none in this session.",
        synthetic=False,
    )
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("Plotly.newPlot") == 4
    # plotly.js itself is inlined exactly once, and no script is fetched from anywhere.
    assert len(re.findall(r"plotly\.js v\d", page)) == 1
    assert "<script src=" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "Python" in page and "Apache Spark" in page


def test_both_html_exports_share_one_stylesheet() -> None:
    import datetime as dt

    from dashboard.report_html import render_report

    result = _result()
    when = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    page = benchmark_html(result, "Summary.", {}, provenance="Listings: x.", synthetic=True, generated_at=when)
    report = render_report([], [("Generated", "now")], title="Report", generated_at=when)

    def style(document: str) -> str:
        return document[document.index("<style>") : document.index("</style>")]

    assert style(page) == style(report) and ".synthetic {" in style(page)
    assert '<p class="synthetic">Synthetic data:' in page
