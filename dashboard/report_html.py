"""The career-office report: page sections built from the shared analytics and chart builders, and
one self-contained, printable HTML file made from the same sections.

Data first, rendering second: `build_sections` returns plain `ReportSection` values (KPIs, figures
with alt text, small display tables, notes); the Report page draws them with Streamlit and
`render_report` turns them into HTML. plotly.js is inlined once and the map outlines are inlined
too, so the file draws its charts with no network at all. No `st` calls here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from analytics import formatting as fmt
from analytics import overview, rates
from analytics.filters import FilterSpec
from analytics.rate_view import headline_guard, rate_view
from analytics.skills_demand import top_skills
from dashboard.charts import explore, maps, plural
from dashboard.charts.rates import funnel_chart, rates_chart
from dashboard.provenance import NO_OUTCOMES
from data_loaders.normalise.locations import REGION_NAMES

# Section key -> heading, in report order. The keys are also the page's URL values.
SECTIONS: dict[str, str] = {
    "overview": "Overview KPIs",
    "openings": "Openings by field and region",
    "skills": "Skills demand",
    "rates": "Acceptance rates",
}
DEFAULT_TITLE = "Internship market report"
# Fixed figure width: fits a Letter or A4 page with 12 mm margins (≈ 700 CSS px), so a printout
# never clips a chart; plotly cannot resize itself between the print dialog and the snapshot.
FIGURE_WIDTH_PX = 680
TOP_SKILLS = 15
TOP_REGIONS = 10
TOP_COMPANIES = 10
TOPOJSON_DIR = Path(__file__).resolve().parent / "static" / "topojson"
PLOTLY_REPORT_CONFIG = {
    "displaylogo": False,
    "responsive": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
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


def _percent(value: float | None, digits: int = 1) -> str:
    """A share as '12.3 %' by the one formatting rule (analytics/formatting.py); 'n/a' when unknown."""
    return fmt.percent(value, digits)


def _overview_section(
    listings: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    min_group: int,
    spec: FilterSpec,
    dated: pl.DataFrame | None = None,
) -> ReportSection:
    """Headline KPIs (each with its n) and postings per week by posting date (`dated`: listings open or closed)."""
    kpis = overview.overview_kpis(listings, outcomes, spec)
    offer_n, people = kpis["offer_rate_n"], kpis["offer_rate_applicants"]
    applied = rates.outcome_filters_applied(spec, outcomes.columns)[0] if outcomes is not None else []
    scope = "applications matching the filters" if applied else "all applications"
    # The scope is in the note: a long label gets cut off.
    # The same rules as a rate view's total (analytics/differencing.py), exactly as the Overview page applies them.
    guard = (
        None
        if kpis["offer_rate"] is None or outcomes is None
        else headline_guard(outcomes, spec, min_group, applications=offer_n, applicants=people)
    )
    if guard is None or not guard.shown:
        offer = ReportKpi("Offer rate", "n/a", f"{scope}: {guard.reason}" if guard is not None else "no outcome data")
    else:
        per_person = (
            ""
            if kpis["applicant_offer_rate"] is None
            else f"; applicants with one or more offers: {fmt.share_label(kpis['applicants_with_offer'], people)}"
        )
        offer = ReportKpi(
            "Offer rate",
            _percent(kpis["offer_rate"]),
            f"{scope}: {kpis['offer_rate_successes']:,} offers of {offer_n:,}; "
            f"95 % CI {fmt.interval(kpis['offer_rate_low'], kpis['offer_rate_high'])}{per_person}",
        )
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
            "Remote share", _percent(kpis["remote_share"], 0), f"n = {kpis['n_with_mode']:,} with a known work mode"
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
            "Region": [f"{row['region_name'] or row['region']} ({row['region']})" for row in rows],
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
            "Offer rate": [_percent(row["rate"]) for row in rows],
            "95 % CI": [fmt.interval(row["low"], row["high"]) for row in rows],
            "Offers of applications (n)": [f"{row['successes']:,} of {row['n']:,}" for row in rows],
        },
        schema=dict.fromkeys(("Company", "Offer rate", "95 % CI", "Offers of applications (n)"), pl.String),
    )


def _rates_section(
    outcomes: pl.DataFrame | None, spec: FilterSpec, min_group: int, count: CountOutcomes
) -> ReportSection:
    """The application funnel, offer rate by field (interval bars) and the most selective companies."""
    key, heading = "rates", SECTIONS["rates"]
    if outcomes is None or outcomes.height == 0:
        return ReportSection(key, heading, notes=(NO_OUTCOMES.format(what="there are no rates to report"),))
    groups = [by for by in ("field", "company") if by in rates.group_columns(outcomes)]
    views = {
        by: rate_view(outcomes, spec, by, min_group=min_group, k=TOP_COMPANIES, count_outcomes=count) for by in groups
    }
    first = next(iter(views.values()), None)
    if first is None:  # no field and no company column: the funnel alone, from the whole view
        first = rate_view(outcomes, spec, rates.group_columns(outcomes)[0], min_group=min_group, count_outcomes=count)
    notes = [first.scope]
    if first.n_applications == 0:
        return ReportSection(key, heading, notes=(*notes, "No applications match the filters that apply to outcomes."))
    figures, tables, suppressed = [], [], 0
    if first.funnel is None:
        notes.append(first.withheld_note)
    else:
        steps = first.funnel
        alt = "Funnel of " + ", ".join(f"{row['stage']} {row['count']:,}" for row in steps.iter_rows(named=True)) + "."
        figures.append(ReportFigure(funnel_chart(steps), alt))
        if "applicants" in steps.columns:
            offers = steps.filter(pl.col("stage") == "offers").row(0, named=True)
            notes.append(
                f"Per applicant: {fmt.share_label(offers['applicants_reaching'], offers['applicants'], 'applicants', 1)} "
                f"got at least one offer; per application: {fmt.share_label(offers['count'], offers['n_applications'], 'applications', 1)}."
            )
    for by, view in views.items():
        table = view.table if by == "field" else view.ranking
        suppressed += table.n_suppressed
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
        elif by == "field":
            top = table.frame.row(0, named=True)
            figures.append(
                ReportFigure(
                    rates_chart(table.frame, "field"),
                    (
                        f"Offer rate per field with 95 % intervals for {table.frame.height} fields; the highest is {top['field']} "
                        f"at {_percent(top['rate'])} ({top['successes']:,} of {top['n']:,} applications)."
                    ),
                )
            )
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
) -> list[ReportSection]:
    """The chosen sections in report order for filtered `listings`; `count_outcomes(keys)` may serve memoised counts.

    `dated_listings` (the same filters without the open-only default) feeds postings over time.
    """
    unknown = [key for key in chosen if key not in SECTIONS]
    if unknown:
        raise ValueError(
            f"unknown report section(s) {', '.join(map(repr, unknown))}; choose from {', '.join(SECTIONS)}"
        )
    count = count_outcomes or (lambda keys: rates.as_counts(outcomes, list(keys)))  # type: ignore[arg-type]
    builders: dict[str, Callable[[], ReportSection]] = {
        "overview": lambda: _overview_section(listings, outcomes, min_group, spec, dated_listings),
        "openings": lambda: _openings_section(listings),
        "skills": lambda: _skills_section(listings),
        "rates": lambda: _rates_section(outcomes, spec, min_group, count),
    }
    # Outcomes do not depend on the listings, so the rates section is built even when no listing matches.
    return [
        builders[key]() if key == "rates" or listings.height else ReportSection(key, SECTIONS[key], notes=(NO_MATCHES,))
        for key in SECTIONS
        if key in chosen
    ]


def methodology(
    listings: pl.DataFrame,
    spec: FilterSpec,
    sections: Sequence[ReportSection],
    *,
    n_total: int,
    sources: str,
    min_group: int,
    generated_at: dt.datetime,
) -> list[tuple[str, str]]:
    """(term, explanation) pairs: filters, sources, dates, how numbers are counted, suppression, intervals."""
    first, last = overview.date_range(listings)
    dates = f"Listings posted {first:%d %b %Y} to {last:%d %b %Y}." if first else "The listings carry no posting dates."
    suppressed = sum(section.n_suppressed for section in sections)
    return [
        ("Filters", spec.describe(listings.height, n_total, region_names=REGION_NAMES) + "."),
        ("Sources", sources or "Not stated."),
        ("Date range", dates),
        (
            "How numbers are counted",
            (
                "Every number states its n. Listings are deduplicated when loaded (same company, title, locations and "
                "term). Median pay is over the listings that state pay, in US dollars per hour. A listing open in two "
                "regions counts in each; skill shares are out of the listings that list at least one skill."
            ),
        ),
        (
            "Small groups",
            (
                f"A group is suppressed when it holds fewer than {min_group:,} distinct applicants or fewer than "
                f"{min_group:,} applications (applications only where the data carry no applicant ids); applications with "
                "no value for the grouping (e.g. no region) are one more group, stated as a count but never drawn. So that "
                "no hidden group can be worked out by subtracting the shown groups from the total, groups are hidden from "
                "the smallest up until at least two are hidden and together they hold at least the minimum (when exactly "
                "one is small, the next-smallest goes too); a view whose total is under the minimum, or whose every group "
                "is hidden without protecting another, is withheld whole. The pattern depends on group sizes only, so "
                f"switching between offer and interview rates shows the same groups. This report suppressed "
                f"{plural(suppressed, 'group')}."
            ),
        ),
        (
            "Comparing views",
            (
                "A link can open the same figures with one filter changed (a region added, a company removed, the field "
                "filter cleared), and subtracting one view from the other must not reveal a hidden group. So every number "
                "an outcome view shows is split by each outcome filter into slices, each selected value on its own and "
                "the rest that clearing the filter adds back; a group with a slice of 1 to "
                f"{min_group - 1:,} applicants or applications is hidden, and a total with one is withheld. The hidden "
                "groups' sum must pass the same test, slice by slice. A total is also withheld when, without one of its "
                "filters, the rates by that filter's column hide some values and this total would single out a small "
                "part of them. Free-text search never narrows outcomes: one more letter could single out any few "
                "applications. Checked by an exact linear-algebra audit (a property test) over random data, filters and "
                "every view one filter change away."
            ),
        ),
        (
            "95 % intervals",
            (
                "Where outcomes carry applicant ids, rates carry a Wilson score interval at the effective sample size "
                "n / deff: one applicant's applications succeed or fail together, and the design effect deff (Kish) is "
                "estimated per group from the ratio-estimator variance of a clustered proportion, kept between 1 and the "
                "applications per applicant. On the bundled sample these widths agree with an applicant-level bootstrap "
                "within 15 %. Without applicant ids the plain Wilson interval is used. Beside each per-application rate "
                "stands the share of applicants with at least one success (Wilson over applicants). Two groups whose "
                "intervals overlap may not really differ."
            ),
        ),
        (
            "Census shares",
            (
                "Shares over every matching listing (skill demand, skill-gap readiness, field shares) describe all of "
                'them, not a sample, so they carry counts ("34 % (140 of 412)") and no sampling interval.'
            ),
        ),
        (
            "Scope and exclusions",
            (
                "Outcome figures follow the filters that apply to outcomes (field, country, region, company, term) and "
                "name those that do not (skills, pay, dates, work mode, sponsorship, city and free-text search). Applications with no value for a grouping (e.g. no region) count "
                "in the funnel and are stated, not silently dropped; the median pay includes unpaid listings ($0) and "
                "says how many; the state map states how many listings, remote ones among them, name no US state. "
                "Postings over time count every posting by its posting date, open or closed now; a partial last week "
                "is marked."
            ),
        ),
        (
            "Numbers",
            (
                "Every percent, interval, amount and count, on pages, chart axes, downloads and here, is written by one "
                'module, rounded half-up from the counts; a partial share never reads 0 % or 100 % ("<1 %", '
                '">99 %"); an interval reads "3.1–6.0 %", money "$12.50/h", a change of a share "+3.4 pp". The learning path is the set of skills that completes the most openings, '
                "found by exact search (branch and bound), ordered by single-step gain."
            ),
        ),
        ("Generated", f"{generated_at:%d %B %Y, %H:%M} UTC by Internship Insights."),
    ]


def report_filename(title: str, generated_at: dt.datetime, *, synthetic: bool = False) -> str:
    """A safe download name such as 'internship-market-report-2026-11-29.html' ('…-synthetic.html' on synthetic data)."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "report"
    return f"{slug}-{generated_at:%Y-%m-%d}{'-synthetic' if synthetic else ''}.html"


# ---- HTML ------------------------------------------------------------------------------------
_CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #0072B2; } * { box-sizing: border-box; }
body { margin: 0 auto; max-width: 760px; padding: 32px 24px 48px; color: var(--ink); background: #fff;
       font: 15px/1.5 "Source Sans Pro", "Source Sans 3", Helvetica, Arial, sans-serif; }
h1 { font-size: 28px; margin: 0 0 4px; } h2 { font-size: 22px; margin: 0 0 12px; color: var(--accent); }
.institution { font-size: 18px; color: var(--muted); margin: 0 0 8px; }
.meta, .note, figcaption, caption, .kpi .label, .kpi .kpi-note { color: var(--muted); font-size: 13px; }
nav ol { margin: 8px 0 0; padding-left: 20px; } nav a { color: var(--accent); } .toolbar { margin: 16px 0; }
.toolbar button { font: inherit; padding: 6px 14px; border: 1px solid var(--accent); border-radius: 6px;
                  background: #fff; color: var(--accent); cursor: pointer; }
section { border-top: 2px solid var(--line); padding-top: 20px; margin-top: 28px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 10px; margin: 0 0 16px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; } .kpi .value { font-size: 26px; font-weight: 600; }
figure { margin: 0 0 20px; } figcaption { margin-top: 4px; } caption { text-align: left; padding-bottom: 6px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl { margin: 0; } dt { font-weight: 600; margin-top: 10px; } dd { margin: 2px 0 0; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; } h2 { break-after: avoid; }
  section { break-before: page; border-top: none; margin-top: 0; } header + section { break-before: auto; }
  figure, table, .kpis, dl > div { break-inside: avoid; }
  .modebar-container, .toolbar, nav { display: none !important; }
}
"""


def _escape(text: object) -> str:
    """HTML-escaped text (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def _geo_assets(figures: Sequence[go.Figure]) -> str:
    """A script that hands plotly.js the map outlines the figures need, so it never fetches them."""
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
        return ""
    # "<" escaped so no string in the outline can close the script element.
    payload = json.dumps(assets, separators=(",", ":")).replace("<", "\\u003c")
    return f"<script>window.PlotlyGeoAssets = {{topojson: {payload}}};</script>"


def _figure_html(item: ReportFigure, div_id: str, *, with_plotlyjs: bool) -> str:
    """One figure at the printable width, plotly.js inlined only when asked, with its description."""
    fig = go.Figure(item.figure)  # a copy: the section's figure is shared with the page preview
    fig.update_layout(width=FIGURE_WIDTH_PX, autosize=False)
    body = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=with_plotlyjs,
        config=PLOTLY_REPORT_CONFIG,
        div_id=div_id,
        default_width=f"{FIGURE_WIDTH_PX}px",
    )
    return f'<figure role="group" aria-label="{_escape(item.alt)}">{body}<figcaption>{_escape(item.alt)}</figcaption></figure>'


def _table_html(caption: str, frame: pl.DataFrame) -> str:
    """A small display table; every cell escaped, number-like cells right-aligned."""
    head = "".join(f'<th scope="col">{_escape(name)}</th>' for name in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cells = []
        for value in row:
            text = "–" if value is None else str(value)
            numeric = bool(re.fullmatch(r"[$\d.,% –of]+", text)) and any(ch.isdigit() for ch in text)
            cells.append(f'<td class="num">{_escape(text)}</td>' if numeric else f"<td>{_escape(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><caption>{_escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def methodology_html(items: Sequence[tuple[str, str]]) -> str:
    """The methodology as an escaped definition list (also shown in the page preview)."""
    return (
        "<dl>"
        + "".join(f"<div><dt>{_escape(term)}</dt><dd>{_escape(text)}</dd></div>" for term, text in items)
        + "</dl>"
    )


def _section_html(section: ReportSection, figure_html: Callable[[ReportFigure, str], str]) -> str:
    """A section: heading, KPI tiles, figures, tables, notes."""
    parts = [f'<section id="{_escape(section.key)}"><h2>{_escape(section.heading)}</h2>']
    if section.kpis:
        tiles = "".join(
            f'<div class="kpi"><div class="label">{_escape(k.label)}</div><div class="value">{_escape(k.value)}</div>'
            f'<div class="kpi-note">{_escape(k.note)}</div></div>'
            for k in section.kpis
        )
        parts.append(f'<div class="kpis">{tiles}</div>')
    parts.extend(figure_html(item, f"fig-{section.key}-{index}") for index, item in enumerate(section.figures))
    parts.extend(_table_html(caption, frame) for caption, frame in section.tables)
    parts.extend(f'<p class="note">{_escape(note)}</p>' for note in section.notes)
    parts.append("</section>")
    return "".join(parts)


def render_report(
    sections: Sequence[ReportSection],
    methodology_items: Sequence[tuple[str, str]],
    *,
    title: str,
    institution: str = "",
    summary: str = "",
    generated_at: dt.datetime,
    sources: str = "",
    synthetic: bool = False,
) -> str:
    """One self-contained HTML document: plotly.js inlined once, map outlines inlined, print CSS; all text escaped."""
    title = title.strip() or DEFAULT_TITLE
    drawn = [False]

    def figure_html(item: ReportFigure, div_id: str) -> str:
        first = not drawn[0]
        drawn[0] = True
        return _figure_html(item, div_id, with_plotlyjs=first)

    body = "".join(_section_html(section, figure_html) for section in sections)
    contents = "".join(f'<li><a href="#{_escape(s.key)}">{_escape(s.heading)}</a></li>' for s in sections)
    institution_html = f'<p class="institution">{_escape(institution.strip())}</p>' if institution.strip() else ""
    # Provenance in the header, not only in the methodology: a printout's first page says what the data is.
    flag = "<strong>Synthetic data.</strong> " if synthetic else ""
    data_html = f'<p class="meta data-sources">{flag}Data: {_escape(sources)}</p>' if sources else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="Internship Insights"><title>{_escape(title)}</title>'
        f"<style>{_CSS}</style>{_geo_assets([item.figure for s in sections for item in s.figures])}</head><body>"
        f"<header><h1>{_escape(title)}</h1>{institution_html}"
        f'<p class="meta">Generated {generated_at:%d %B %Y, %H:%M} UTC. {_escape(summary)}</p>{data_html}'
        '<div class="toolbar"><button type="button" onclick="window.print()">Print or save as PDF</button></div>'
        f'<nav aria-label="Contents"><strong>Contents</strong><ol>{contents}<li><a href="#methodology">Methodology</a></li></ol></nav>'
        f'</header>{body}<section id="methodology"><h2>Methodology</h2>{methodology_html(methodology_items)}</section></body></html>\n'
    )


def build_report(
    listings: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    spec: FilterSpec,
    *,
    n_total: int,
    chosen: Sequence[str] = tuple(SECTIONS),
    title: str = DEFAULT_TITLE,
    institution: str = "",
    sources: str = "",
    min_group: int = 10,
    generated_at: dt.datetime | None = None,
    sections: Sequence[ReportSection] | None = None,
    synthetic: bool = False,
) -> str:
    """The whole HTML report for filtered `listings` (`n_total` = listings in the data); reuses `sections` when given."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    if sections is None:
        sections = build_sections(listings, outcomes, spec, chosen=chosen, min_group=min_group)
    items = methodology(
        listings, spec, sections, n_total=n_total, sources=sources, min_group=min_group, generated_at=generated_at
    )
    summary = spec.describe(listings.height, n_total, region_names=REGION_NAMES) + "."
    return render_report(
        sections,
        items,
        title=title,
        institution=institution,
        summary=summary,
        generated_at=generated_at,
        sources=sources,
        synthetic=synthetic,
    )
