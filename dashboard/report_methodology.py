"""The report's methodology: what the filters, sources and dates were, and how every number is made.

A list of (term, explanation) pairs, shown in the Report page's preview and as the HTML report's last section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from analytics import overview
from analytics.filters import FilterSpec
from dashboard.charts import plural
from dashboard.report_sections import ReportSection
from data_loaders.normalise.locations import REGION_NAMES

# The fixed explanations, in order; {min_group}, {below} (min_group - 1) and {suppressed} are filled in per report.
EXPLANATIONS: tuple[tuple[str, str], ...] = (
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
            "A group is suppressed when it holds fewer than {min_group:,} distinct applicants or fewer than "
            "{min_group:,} applications (applications only where the data carry no applicant ids); applications with "
            "no value for the grouping (e.g. no region) are one more group, stated as a count but never drawn. So that "
            "no hidden group can be worked out by subtracting the shown groups from the total, groups are hidden from "
            "the smallest up until at least two are hidden and together they hold at least the minimum (when exactly "
            "one is small, the next-smallest goes too); a view whose total is under the minimum, or whose every group "
            "is hidden without protecting another, is withheld whole. The pattern depends on group sizes only, so "
            "switching between offer and interview rates shows the same groups. This report suppressed "
            "{suppressed}."
        ),
    ),
    (
        "Comparing views",
        (
            "A link can open the same figures with one filter changed (a region added, a company removed, the field "
            "filter cleared), and subtracting one view from the other must not reveal a hidden group. So every number "
            "an outcome view shows is split by each outcome filter into slices, each selected value on its own and "
            "the rest that clearing the filter adds back; a group with a slice of 1 to "
            "{below:,} applicants or applications is hidden, and a total with one is withheld. The hidden "
            "groups' sum must pass the same test, slice by slice. A total is also withheld when, without one of its "
            "filters, the rates by that filter's column hide some values and this total would single out a small "
            "part of them. A group is hidden, too, where the view without one of the filters hides it to protect "
            "another and this view's number would give that other group away. "
            "Free-text search never narrows outcomes: one more letter could single out any few "
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
)


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
    suppressed = plural(sum(section.n_suppressed for section in sections), "group")
    return [
        ("Filters", spec.describe(listings.height, n_total, region_names=REGION_NAMES) + "."),
        ("Sources", sources or "Not stated."),
        ("Date range", dates),
        *(
            (term, text.format(min_group=min_group, below=min_group - 1, suppressed=suppressed))
            for term, text in EXPLANATIONS
        ),
        ("Generated", f"{generated_at:%d %B %Y, %H:%M} UTC by Internship Insights."),
    ]
