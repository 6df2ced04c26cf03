"""The career-office report's content: page sections built from the shared analytics and chart builders.

Data first, rendering second: `build_sections` returns plain `ReportSection` values (KPIs, figures with alt
text, small display tables, notes); the Report page draws them with Streamlit and dashboard/report_html.py
renders them into one HTML file. No `st` calls here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import plotly.graph_objects as go
import polars as pl

from analytics import formatting as fmt
from analytics import overview, rates
from analytics.display_names import region_label
from analytics.filters import FilterSpec
from analytics.outcome_filters import outcome_filters_applied
from analytics.rate_view import CodeApplicants, headline_guard, rate_view
from analytics.rates import RateTable
from analytics.skills_demand import top_skills
from dashboard.charts import explore, maps, plural
from dashboard.charts.rates import funnel_chart, rates_chart
from dashboard.provenance import NO_OUTCOMES

SECTIONS: dict[str, str] = {
    "overview": "Overview KPIs",
    "openings": "Openings by field and region",
    "skills": "Skills demand",
    "rates": "Acceptance rates",
}
TOP_SKILLS = 15
TOP_REGIONS = 10
TOP_COMPANIES = 10
NO_MATCHES = "No openings match these filters."
GROUP_WORDS: dict[str, tuple[str, str]] = {"field": ("field", "fields"), "company": ("company", "companies")}

CountOutcomes = Callable[[tuple[str, ...]], pl.DataFrame]


class ReportKpi(NamedTuple):
    """One headline number: its label, formatted value and the note saying its n."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class ReportFigure:
    """A styled plotly figure and the one-sentence description that goes with it."""

    figure: go.Figure
    alt: str


@dataclass(frozen=True)
class ReportSection:
    """One report section: everything both the page preview and the HTML file show."""

    key: str
    heading: str
    kpis: tuple[ReportKpi, ...] = ()
    figures: tuple[ReportFigure, ...] = ()
    tables: tuple[tuple[str, pl.DataFrame], ...] = ()  # (caption, frame of display strings)
    notes: tuple[str, ...] = ()
    n_suppressed: int = 0  # groups hidden for being smaller than the minimum group size


def _offer_tile(
    kpis: dict[str, Any],
    outcomes: pl.DataFrame | None,
    min_group: int,
    spec: FilterSpec,
    code_applicants: CodeApplicants | None,
) -> ReportKpi:
    """The offer-rate tile, shown only when its view's total may be (the Overview page's rules)."""
    offer_n, people = kpis["offer_rate_n"], kpis["offer_rate_applicants"]
    applied = outcome_filters_applied(spec, outcomes.columns)[0] if outcomes is not None else []
    scope = "applications matching the filters" if applied else "all applications"
    # The scope is in the note: a long label gets cut off.
    # The same rules as a rate view's total (analytics/differencing.py), exactly as the Overview page applies them.
    guard = (
        None
        if kpis["offer_rate"] is None or outcomes is None
        else headline_guard(
            outcomes, spec, min_group, applications=offer_n, applicants=people, code_applicants=code_applicants
        )
    )
    if guard is None or not guard.shown:
        return ReportKpi("Offer rate", "n/a", f"{scope}: {guard.reason}" if guard is not None else "no outcome data")
    per_person = (
        ""
        if kpis["applicant_offer_rate"] is None
        else f"; applicants with one or more offers: {fmt.share_label(kpis['applicants_with_offer'], people)}"
    )
    return ReportKpi(
        "Offer rate",
        fmt.percent(kpis["offer_rate"], 1),
        f"{scope}: {kpis['offer_rate_successes']:,} offers of {offer_n:,}; "
        f"95 % CI {fmt.interval(kpis['offer_rate_low'], kpis['offer_rate_high'])}{per_person}",
    )


def _overview_section(
    listings: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    min_group: int,
    spec: FilterSpec,
    dated: pl.DataFrame | None = None,
    code_applicants: CodeApplicants | None = None,
) -> ReportSection:
    """Headline KPIs (each with its n) and postings per week by posting date (`dated`: listings open or closed)."""
    kpis = overview.overview_kpis(listings, outcomes, spec)
    offer = _offer_tile(kpis, outcomes, min_group, spec, code_applicants)
    pay, n_listings = kpis["median_pay"], kpis["listings"]
    open_note = (
        "every matching listing is open"
        if kpis["open_listings"] == n_listings
        else f"of {n_listings:,} matching listings"
    )
    unpaid = f", {fmt.plural(kpis['n_unpaid'], 'unpaid listing')} ($0) included" if kpis["n_unpaid"] else ""
    tiles = (
        ReportKpi("Open listings", f"{kpis['open_listings']:,}", open_note),
        ReportKpi("Companies", f"{kpis['companies']:,}", f"hiring in these {n_listings:,} listings"),
        ReportKpi(
            "Median hourly pay", fmt.money(pay, unit=""), f"n = {kpis['n_with_pay']:,} listings stating pay{unpaid}"
        ),
        ReportKpi(
            "Remote share", fmt.percent(kpis["remote_share"], 0), f"n = {kpis['n_with_mode']:,} with a known work mode"
        ),
        offer,
    )
    weekly = overview.postings_over_time(dated if dated is not None else listings)
    figures = (
        (ReportFigure(explore.postings_over_time_chart(weekly), explore.postings_over_time_alt(weekly)),)
        if weekly.height
        else ()
    )
    notes = (f"Offer rate: {kpis['offer_scope']}" if kpis["offer_scope"] else "Offer rate: no outcome data.",)
    return ReportSection("overview", SECTIONS["overview"], kpis=tiles, figures=figures, notes=notes)


def _regions_table(regions: pl.DataFrame) -> pl.DataFrame:
    """The top regions as display strings: name (code), openings, median pay with its n."""
    rows = regions.head(TOP_REGIONS).to_dicts()
    return pl.DataFrame(
        {
            "Region": [region_label(row["region"]) for row in rows],
            "Openings": [f"{row['openings']:,}" for row in rows],
            "Median pay ($/h)": [
                "–" if row["median_pay"] is None else fmt.money(row["median_pay"], unit="") for row in rows
            ],
            "Listings stating pay (n)": [f"{row['n_with_pay']:,}" for row in rows],
        },
        schema=dict.fromkeys(("Region", "Openings", "Median pay ($/h)", "Listings stating pay (n)"), pl.String),
    )


def _openings_section(listings: pl.DataFrame) -> ReportSection:
    """Openings by field (bars), by US state (map) and the top regions anywhere (table)."""
    by_field = overview.openings_by_field(listings)
    figures = [ReportFigure(explore.openings_by_field_chart(by_field), explore.openings_by_field_alt(by_field))]
    regions = overview.openings_by_region(listings)
    notes = [f"Field shares are of the {listings.height:,} listings matching the filters."]
    if regions.filter(country="US").height:
        figures.append(ReportFigure(maps.region_choropleth(regions), maps.region_choropleth_alt(regions)))
        left_out = overview.map_exclusions(listings)
        if left_out["without_state"]:  # the same sentence as the Overview page's map
            notes.append(
                f"Not on the map: {fmt.plural(left_out['without_state'], 'listing')} with no US state, "
                f"{left_out['remote_without_state']:,} of them remote."
            )
    tables: tuple[tuple[str, pl.DataFrame], ...] = ()
    if regions.height:
        shown = min(TOP_REGIONS, regions.height)
        tables = ((f"Top {shown} of {plural(regions.height, 'region')} by openings", _regions_table(regions)),)
        notes.append(
            "A listing open in two regions counts in both; remote listings count only where they name a region."
        )
    return ReportSection("openings", SECTIONS["openings"], figures=tuple(figures), tables=tables, notes=tuple(notes))


def _skills_section(listings: pl.DataFrame) -> ReportSection:
    """The most requested skills as shares of the listings that list skills."""
    skills = top_skills(listings, k=TOP_SKILLS)
    if skills.height == 0:
        return ReportSection("skills", SECTIONS["skills"], notes=("None of these listings lists skills.",))
    n_total = int(skills["n_total"][0])
    note = f"Shares are of the {n_total:,} listings that list at least one skill"
    left_out = listings.height - n_total
    # A missing skills list says nothing about demand, so those listings are not counted as "asks for nothing".
    note += f"; {left_out:,} of the {listings.height:,} list none and are left out." if left_out else "."
    figure = ReportFigure(explore.top_skills_chart(skills), explore.top_skills_alt(skills))
    return ReportSection("skills", SECTIONS["skills"], figures=(figure,), notes=(note,))


def _selective_table(frame: pl.DataFrame) -> pl.DataFrame:
    """A selectivity ranking as display strings: company, rate, interval, offers of applications."""
    rows = frame.to_dicts()
    return pl.DataFrame(
        {
            "Company": [str(row["company"]) for row in rows],
            "Offer rate": [fmt.percent(row["rate"], 1) for row in rows],
            "95 % CI": [fmt.interval(row["low"], row["high"]) for row in rows],
            "Offers of applications (n)": [f"{row['successes']:,} of {row['n']:,}" for row in rows],
        },
        schema=dict.fromkeys(("Company", "Offer rate", "95 % CI", "Offers of applications (n)"), pl.String),
    )


def _funnel_parts(steps: pl.DataFrame) -> tuple[ReportFigure, list[str]]:
    """The funnel figure and, with applicant counts, the per-applicant and per-application offer notes."""
    alt = "Funnel of " + ", ".join(f"{row['stage']} {row['count']:,}" for row in steps.iter_rows(named=True)) + "."
    notes = []
    if "applicants" in steps.columns:
        offers = steps.filter(pl.col("stage") == "offers").row(0, named=True)
        notes.append(
            f"Per applicant: {fmt.share_label(offers['applicants_reaching'], offers['applicants'], 'applicants', 1)} "
            f"got at least one offer; per application: {fmt.share_label(offers['count'], offers['n_applications'], 'applications', 1)}."
        )
    return ReportFigure(funnel_chart(steps), alt), notes


def _group_notes(table: RateTable, by: str) -> list[str]:
    """What a grouped rate table leaves out: suppressed groups, applications without a group, all groups hidden."""
    notes = []
    if table.n_suppressed:
        notes.append(table.suppression_note(GROUP_WORDS[by][0]))
    if table.n_no_group:
        notes.append(
            f"{fmt.plural(table.n_no_group, 'application')} with no {by} count in the funnel but in no {by} group."
        )
    elif table.n_no_group is None:
        notes.append(
            f"Some applications have no {by}; they count in the funnel, but their number is not stated "
            "(too few, or stating it would give a hidden group away)."
        )
    if table.frame.height == 0:
        notes.append(f"Every {by} group is hidden to protect small groups, so none is shown.")
    return notes


def _field_figure(frame: pl.DataFrame) -> ReportFigure:
    """Offer rate per field with its intervals, described by its highest field."""
    top = frame.row(0, named=True)
    return ReportFigure(
        rates_chart(frame, "field"),
        (
            f"Offer rate per field with 95 % intervals for {frame.height} fields; the highest is {top['field']} "
            f"at {fmt.percent(top['rate'], 1)} ({top['successes']:,} of {top['n']:,} applications)."
        ),
    )


def _rates_section(
    outcomes: pl.DataFrame | None,
    spec: FilterSpec,
    min_group: int,
    count: CountOutcomes | None,
    code: CodeApplicants | None = None,
) -> ReportSection:
    """The application funnel, offer rate by field (interval bars) and the most selective companies."""
    key, heading = "rates", SECTIONS["rates"]
    if outcomes is None or outcomes.height == 0:
        return ReportSection(key, heading, notes=(NO_OUTCOMES.format(what="there are no rates to report"),))
    groups = [by for by in ("field", "company") if by in rates.group_columns(outcomes)]
    views = {
        by: rate_view(
            outcomes, spec, by, min_group=min_group, k=TOP_COMPANIES, count_outcomes=count, code_applicants=code
        )
        for by in groups
    }
    first = next(iter(views.values()), None)
    if first is None:  # no field and no company column: the funnel alone, from the whole view
        first = rate_view(
            outcomes,
            spec,
            rates.group_columns(outcomes)[0],
            min_group=min_group,
            count_outcomes=count,
            code_applicants=code,
        )
    notes = [first.scope]
    if first.n_applications == 0:
        return ReportSection(key, heading, notes=(*notes, "No applications match the filters that apply to outcomes."))
    figures, tables, suppressed = [], [], 0
    if first.funnel is None:
        notes.append(first.withheld_note)
    else:
        funnel, funnel_notes = _funnel_parts(first.funnel)
        figures.append(funnel)
        notes.extend(funnel_notes)
    for by, view in views.items():
        table = view.table if by == "field" else view.ranking
        suppressed += table.n_suppressed
        notes.extend(_group_notes(table, by))
        if table.frame.height == 0:
            continue
        if by == "field":
            figures.append(_field_figure(table.frame))
        else:
            caption = (
                f"Most selective companies: the {table.frame.height} with the lowest upper bound of the 95 % "
                "interval (selective with confidence, not by a lucky small sample)"
            )
            tables.append((caption, _selective_table(table.frame)))
    return ReportSection(
        key, heading, figures=tuple(figures), tables=tuple(tables), notes=tuple(notes), n_suppressed=suppressed
    )


def build_sections(
    listings: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    spec: FilterSpec,
    *,
    chosen: Sequence[str] = tuple(SECTIONS),
    min_group: int = 10,
    count_outcomes: CountOutcomes | None = None,
    dated_listings: pl.DataFrame | None = None,
    code_applicants: CodeApplicants | None = None,
) -> list[ReportSection]:
    """The chosen sections in report order for filtered `listings`; `count_outcomes(keys)` may serve memoised counts,
    `code_applicants(outcomes)` memoised applicant codes.

    `dated_listings` (the same filters without the open-only default) feeds postings over time.
    """
    unknown = [key for key in chosen if key not in SECTIONS]
    if unknown:
        raise ValueError(
            f"unknown report section(s) {', '.join(map(repr, unknown))}; choose from {', '.join(SECTIONS)}"
        )
    builders: dict[str, Callable[[], ReportSection]] = {
        "overview": lambda: _overview_section(listings, outcomes, min_group, spec, dated_listings, code_applicants),
        "openings": lambda: _openings_section(listings),
        "skills": lambda: _skills_section(listings),
        "rates": lambda: _rates_section(outcomes, spec, min_group, count_outcomes, code_applicants),
    }
    # Outcomes do not depend on the listings, so the rates section is built even when no listing matches.
    return [
        builders[key]() if key == "rates" or listings.height else ReportSection(key, SECTIONS[key], notes=(NO_MATCHES,))
        for key in SECTIONS
        if key in chosen
    ]
