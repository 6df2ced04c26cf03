"""The HTML report: which sections it holds, escaping, the numbers it states, and that it needs no network."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
from plotly.offline import get_plotlyjs
from polars.testing import assert_frame_equal

from analytics.filters import FilterSpec
from dashboard import report_html
from dashboard.report_html import SECTIONS, ReportKpi, ReportSection, build_report, build_sections
from data_loaders.schema import conform

GENERATED = dt.datetime(2026, 11, 29, 9, 30, tzinfo=dt.UTC)
EVIL_COMPANY = "<img src=x onerror=alert(1)>"
EVIL_TITLE = '<script>alert("title")</script> & co'


def _listing(
    listing_id: str,
    company: str,
    field: str,
    regions: list[str],
    mode: str,
    skills: list[str],
    pay: float | None,
    posted: dt.date,
    active: bool = True,
) -> dict:
    """One canonical listing row."""
    return {
        "listing_id": listing_id,
        "company": company,
        "title": "Intern",
        "field": field,
        "regions": regions,
        "countries": sorted({region[:2] for region in regions}),
        "work_mode": mode,
        "skills": skills,
        "pay_hourly_usd": pay,
        "posted_date": posted,
        "active": active,
        "locations": [],
        "cities": [],
    }


@pytest.fixture(scope="module")
def all_listings() -> pl.DataFrame:
    """Four listings; the closed fourth is outside the default (open only) filter."""
    rows = [
        _listing(
            "L1", "Acme", "Software Engineering", ["US-CA"], "remote", ["Python", "SQL"], 20.0, dt.date(2026, 9, 7)
        ),
        _listing("L2", "Acme", "Data Science & Analytics", ["US-NY"], "onsite", ["Python"], 30.0, dt.date(2026, 9, 14)),
        _listing("L3", "Beta", "Software Engineering", ["US-CA", "US-NY"], "hybrid", [], None, dt.date(2026, 9, 15)),
        _listing(
            "L4", "Gamma", "Cybersecurity", ["GB-ENG"], "unknown", ["Go"], 40.0, dt.date(2026, 9, 1), active=False
        ),
    ]
    return conform(pl.DataFrame(rows), "listings")


@pytest.fixture(scope="module")
def listings(all_listings: pl.DataFrame) -> pl.DataFrame:
    """The three open listings (what the default FilterSpec keeps)."""
    return FilterSpec().apply(all_listings)


@pytest.fixture(scope="module")
def outcomes() -> pl.DataFrame:
    """25 applications: Acme 2 offers of 10, the evil-named company 1 (accepted) of 12, Tiny 0 of 3."""
    groups = [
        ("Acme", "Software Engineering", ["offer"] * 2 + ["interview"] * 3 + ["applied"] * 5),
        (EVIL_COMPANY, "Data Science & Analytics", ["accepted"] + ["applied"] * 11),
        ("Tiny", "Cybersecurity", ["applied"] * 3),
    ]
    rows = [
        {"application_id": f"{company}-{i}", "company": company, "field": field, "stage": stage}
        for company, field, stages in groups
        for i, stage in enumerate(stages)
    ]
    return conform(pl.DataFrame(rows), "outcomes")


def _report(listings: pl.DataFrame, outcomes: pl.DataFrame | None, **options: object) -> str:
    """build_report with the fixed clock and 4 listings in the data."""
    return build_report(listings, outcomes, FilterSpec(), n_total=4, generated_at=GENERATED, **options)  # type: ignore[arg-type]


def _section_ids(page: str) -> list[str]:
    """The ids of the report's <section> elements, in order."""
    return re.findall(r'<section id="([^"]+)"', page)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (tuple(SECTIONS), ["overview", "openings", "skills", "rates", "methodology"]),
        (("rates", "overview"), ["overview", "rates", "methodology"]),  # report order, not click order
        (("skills",), ["skills", "methodology"]),
        ((), ["methodology"]),
    ],
)
def test_only_the_chosen_sections_are_included(
    listings: pl.DataFrame, outcomes: pl.DataFrame, chosen, expected
) -> None:
    assert _section_ids(_report(listings, outcomes, chosen=chosen)) == expected


def test_an_unknown_section_is_refused(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"unknown report section\(s\) 'maps'; choose from overview, openings"):
        build_sections(listings, outcomes, FilterSpec(), chosen=("overview", "maps"))


def test_user_strings_are_escaped(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    page = _report(listings, outcomes, title=EVIL_TITLE, institution='Career <Office> & "Friends"', min_group=10)
    assert "<title>&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; co</title>" in page
    assert "<h1>&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; co</h1>" in page
    assert '<p class="institution">Career &lt;Office&gt; &amp; &#34;Friends&#34;</p>' in page
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in page  # the company name in the selective table
    assert "<script>alert" not in page and "<img src=x" not in page


def test_plotly_js_is_inlined_exactly_once_and_nothing_is_fetched(
    listings: pl.DataFrame, outcomes: pl.DataFrame
) -> None:
    page = _report(listings, outcomes)
    bundle_start = get_plotlyjs()[:400]
    assert page.count(bundle_start) == 1
    # Six figures: weekly postings, fields, US map, skills, funnel, offer rate by field.
    assert len(re.findall(r'<div id="fig-[a-z]+-\d+" class="plotly-graph-div"', page)) == 6
    assert re.findall(r"<(?:script|img|iframe)[^>]*\ssrc\s*=|<link\b", page) == []
    # The map outlines are handed to plotly.js before plotly.js (inside the first figure) runs.
    assert page.index('window.PlotlyGeoAssets = {topojson: {"usa_110m":') < page.index(bundle_start)


def test_no_map_means_no_outlines_inlined(all_listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    closed_only = all_listings.filter(listing_id="L4")  # only a GB region: no US map
    page = _report(closed_only, outcomes, chosen=("openings",))
    assert "PlotlyGeoAssets" not in page.split(get_plotlyjs()[:400])[0]
    assert len(re.findall(r'class="plotly-graph-div"', page)) == 1  # the field bars only


def test_overview_kpis_state_their_n(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    (section,) = build_sections(listings, outcomes, FilterSpec(), chosen=("overview",), min_group=10)
    assert section.kpis == (
        ReportKpi("Open listings", "3", "every matching listing is open"),
        ReportKpi("Companies", "2", "hiring in these 3 listings"),
        ReportKpi("Median hourly pay", "$25.00", "n = 2 listings stating pay"),
        ReportKpi("Remote share", "33 %", "n = 3 with a known work mode"),
        # Wilson(3, 25) by hand: centre 0.1706, half-width 0.1289.
        ReportKpi("Offer rate", "12.0 %", "all applications: 3 offers of 25; 95 % CI 4.2–30.0 %"),
    )


def test_offer_rate_is_withheld_below_the_minimum_group(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    (section,) = build_sections(listings, outcomes, FilterSpec(), chosen=("overview",), min_group=30)
    assert section.kpis[-1] == ReportKpi(
        "Offer rate", "n/a", "all applications: fewer than 30 applicants or applications"
    )


def test_open_listings_note_counts_closed_ones_when_included(
    all_listings: pl.DataFrame, outcomes: pl.DataFrame
) -> None:
    everything = FilterSpec(active_only=False).apply(all_listings)
    (section,) = build_sections(everything, outcomes, FilterSpec(active_only=False), chosen=("overview",))
    assert section.kpis[0] == ReportKpi("Open listings", "3", "of 4 matching listings")


def test_regions_table_counts_a_two_state_listing_in_both(listings: pl.DataFrame) -> None:
    (section,) = build_sections(listings, None, FilterSpec(), chosen=("openings",))
    ((caption, table),) = section.tables
    assert caption == "Top 2 of 2 regions by openings"
    expected = pl.DataFrame(
        {
            "Region": ["California (CA)", "New York (NY)"],
            "Openings": ["2", "2"],
            "Median pay ($/h)": ["$20.00", "$30.00"],
            "Listings stating pay (n)": ["1", "1"],
        }
    )
    assert_frame_equal(table, expected)


def test_skills_section_says_how_many_listings_list_none(listings: pl.DataFrame) -> None:
    (section,) = build_sections(listings, None, FilterSpec(), chosen=("skills",))
    assert section.notes == (
        "Shares are of the 2 listings that list at least one skill; 1 of the 3 list none and are left out.",
    )
    assert section.figures[0].alt.endswith("first is Python at 100 % (2 of 2).")


def test_rates_section_suppresses_small_groups_and_ranks_the_selective(
    listings: pl.DataFrame, outcomes: pl.DataFrame
) -> None:
    (section,) = build_sections(listings, outcomes, FilterSpec(), chosen=("rates",), min_group=10)
    # Cybersecurity (3) and Tiny (3) are under the minimum; each would be the total minus the other two, so the
    # next-smallest field (Software Engineering, 10) and company (Acme, 10) are hidden with them.
    assert section.n_suppressed == 4
    assert (
        "2 field groups are hidden: 1 with fewer than 10 applications, and 1 more so that no hidden group can be "
        "worked out by subtracting the shown ones from the total."
    ) in section.notes
    assert any(
        note.startswith("2 company groups are hidden: 1 with fewer than 10 applications") for note in section.notes
    )
    ((_, table),) = section.tables
    expected = pl.DataFrame(
        {
            "Company": [EVIL_COMPANY],
            "Offer rate": ["8.3 %"],
            "95 % CI": ["1.5–35.4 %"],  # Wilson(1, 12): no applicant ids here, so no design effect
            "Offers of applications (n)": ["1 of 12"],
        }
    )
    assert_frame_equal(table, expected)


def test_rates_use_the_counting_hook(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    from analytics.rates import as_counts

    asked: list[tuple[str, ...]] = []

    def count(keys: tuple[str, ...]) -> pl.DataFrame:
        asked.append(keys)
        return as_counts(outcomes, list(keys))

    spec = FilterSpec(fields=("Software Engineering",))
    build_sections(listings, outcomes, spec, chosen=("rates",), count_outcomes=count)
    # The field filter reaches outcomes, so every count is also keyed by field.
    # The unfiltered total for the scope sentence is the sum of those groups: no separate () pass.
    assert asked == [("field",), ("company", "field")]


@pytest.mark.parametrize(
    ("outcomes_given", "note"),
    [
        (
            None,
            "There are no outcome data in this session (only listings were loaded), so there are no rates to report. "
            "To add them, load an outcomes file on the Sources page.",
        ),
        (
            conform(pl.DataFrame({"application_id": []}, schema={"application_id": pl.String}), "outcomes"),
            "There are no outcome data in this session (only listings were loaded), so there are no rates to report. "
            "To add them, load an outcomes file on the Sources page.",
        ),
    ],
)
def test_rates_without_outcomes_say_so(listings: pl.DataFrame, outcomes_given, note) -> None:
    (section,) = build_sections(listings, outcomes_given, FilterSpec(), chosen=("rates",))
    assert section.notes == (note,) and section.figures == ()


def test_no_matching_listings_gives_messages_not_charts(all_listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    nothing = all_listings.head(0)
    sections = build_sections(nothing, outcomes, FilterSpec(), min_group=10)
    assert [s.notes for s in sections[:3]] == [(report_html.NO_MATCHES,)] * 3
    assert all(s.figures == () for s in sections[:3])
    assert len(sections[3].figures) == 2  # outcomes do not depend on listings
    page = build_report(nothing, outcomes, FilterSpec(), n_total=4, generated_at=GENERATED)
    assert "The listings carry no posting dates." in page


def test_methodology_states_filters_dates_threshold_and_suppressed(
    listings: pl.DataFrame, outcomes: pl.DataFrame
) -> None:
    spec = FilterSpec()
    sections = build_sections(listings, outcomes, spec, min_group=10)
    items = dict(
        report_html.methodology(
            listings, spec, sections, n_total=4, sources="Campus board export.", min_group=10, generated_at=GENERATED
        )
    )
    assert list(items) == [
        "Filters",
        "Sources",
        "Date range",
        "How numbers are counted",
        "Small groups",
        "Comparing views",
        "95 % intervals",
        "Census shares",
        "Scope and exclusions",
        "Numbers",
        "Generated",
    ]
    assert items["Filters"] == "3 of 4 open listings."
    assert items["Sources"] == "Campus board export."
    assert items["Date range"] == "Listings posted 07 Sep 2026 to 15 Sep 2026."
    assert items["Small groups"].startswith("A group is suppressed when it holds fewer than 10 distinct applicants")
    assert items["Small groups"].endswith("This report suppressed 4 groups.")
    assert "Wilson score interval" in items["95 % intervals"]
    # The rule against subtracting two views a link can reach, and that search never narrows outcomes.
    assert (
        "one filter changed" in items["Comparing views"]
        and "Free-text search never narrows" in items["Comparing views"]
    )
    assert items["Generated"] == "29 November 2026, 09:30 UTC by Internship Insights."


def test_the_html_carries_the_methodology_and_print_rules(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    page = _report(listings, outcomes, sources="Campus & city boards")
    assert "<dt>Sources</dt><dd>Campus &amp; city boards</dd>" in page
    assert "<dt>Small groups</dt>" in page and "<dt>95 % intervals</dt>" in page
    assert '<p class="meta">Generated 29 November 2026, 09:30 UTC. 3 of 4 open listings.</p>' in page
    assert "@media print" in page and "section { break-before: page;" in page
    assert ".modebar-container, .toolbar, nav { display: none !important; }" in page


def test_given_sections_are_rendered_as_they_are(listings: pl.DataFrame) -> None:
    custom = ReportSection("skills", "Hand-made", notes=("A note with <b>markup</b>.",))
    page = build_report(listings, None, FilterSpec(), n_total=4, sections=[custom], generated_at=GENERATED)
    assert (
        '<section id="skills"><h2>Hand-made</h2><p class="note">A note with &lt;b&gt;markup&lt;/b&gt;.</p></section>'
        in page
    )
    assert "plotly-graph-div" not in page and get_plotlyjs()[:400] not in page  # no figure, no bundle


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Internship market report", "internship-market-report-2026-11-29.html"),
        ("  Fall 2026: CS & Data!  ", "fall-2026-cs-data-2026-11-29.html"),
        ("../../etc/passwd", "etc-passwd-2026-11-29.html"),
        ("", "report-2026-11-29.html"),
        ("Über ✨", "ber-2026-11-29.html"),
    ],
)
def test_report_filename_is_safe(title: str, expected: str) -> None:
    assert report_html.report_filename(title, GENERATED) == expected


def test_the_stylesheet_takes_its_colours_from_the_one_palette(listings: pl.DataFrame) -> None:
    from dashboard.charts import PAGE_COLORS, PALETTE, PRIMARY_COLOR

    page = build_report(listings, None, FilterSpec(), n_total=4, chosen=(), generated_at=GENERATED)
    style = page[page.index("<style>") : page.index("</style>")]
    assert f"--accent: {PRIMARY_COLOR};" in style and PAGE_COLORS["warning"] == PALETTE[1]
    assert "{{" not in style and all(colour in style for colour in PAGE_COLORS.values())
