"""The Overview's KPI row as data: the listing tiles and the offer-rate tile (or why it is not shown), and the
sentence under the row. The page only draws them (dashboard/pages/overview.py)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import overview, overview_offer
from analytics.filters import FilterSpec
from analytics.outcome_filters import outcome_spec
from analytics.skills_demand import top_skills
from dashboard import background, components, skill_hooks, state
from dashboard.safe_text import md

OFFER_LABEL = "Offer rate"
TOP_SKILLS = 15  # the skills chart's bars


def page_listings(dataset: state.Dataset, spec: FilterSpec) -> pl.DataFrame:
    """The open listings under `spec`, with the columns the page reads (memoised)."""
    return state.filtered_listings(dataset, spec, overview.OVERVIEW_COLUMNS)


def dated_listings(dataset: state.Dataset, spec: FilterSpec) -> pl.DataFrame:
    """Every posting under `spec` by its posting date, open or closed now (counting only what is still open would
    make older weeks look quiet); the other filters still apply."""
    return state.filtered_listings(dataset, dataclasses.replace(spec, active_only=False), overview.DATED_COLUMNS)


def skill_counts(dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame) -> pl.DataFrame:
    """The most listed skills of `page_listings(dataset, spec)` (memoised)."""
    return state.cached(dataset, top_skills, listings, k=TOP_SKILLS, **skill_hooks.skill_hooks(dataset, spec))


def listing_views(dataset: state.Dataset, spec: FilterSpec) -> None:
    """Every listing result the page draws under `spec`, memoised with the page's own arguments and in the page's
    order: for a worker while the filter panel counts its options (dashboard/ahead.py). Listings only, so nothing
    here waits for the outcomes."""
    listings = page_listings(dataset, spec)
    if listings.height == 0:
        return
    state.cached(dataset, overview.overview_kpis, listings, None, spec)
    state.cached(dataset, overview.date_range, listings)
    state.cached(dataset, overview.openings_by_field, listings)
    state.cached(dataset, overview.openings_by_region, listings)
    state.cached(dataset, overview.map_exclusions, listings)
    skill_counts(dataset, spec, listings)
    state.cached(dataset, overview.postings_over_time, dated_listings(dataset, spec))


def listing_kpis(dataset: state.Dataset, kpis: dict[str, Any]) -> list[components.Kpi]:
    """Open listings, companies, median hourly pay and remote share, each with the n it rests on."""
    unpaid = (
        f", {fmt.plural(kpis['n_unpaid'], 'unpaid listing')} ($0) included" if kpis["n_unpaid"] else ", none unpaid"
    )
    return [
        components.Kpi(
            "Open listings", f"{kpis['open_listings']:,}", note=f"of {dataset.listings.height:,} listings in the data"
        ),
        components.Kpi("Companies", f"{kpis['companies']:,}"),
        components.Kpi(
            "Median hourly pay",
            fmt.money(kpis["median_pay"], unit=""),
            note=f"n = {kpis['n_with_pay']:,} listings stating pay{unpaid}",
        ),
        components.Kpi(
            "Remote share",
            fmt.percent(kpis["remote_share"]),
            note=f"n = {kpis['n_with_mode']:,} with a known work mode",
        ),
    ]


def offer_headline(dataset: state.Dataset, spec: FilterSpec, min_group: int) -> overview_offer.OfferHeadline:
    """The offer rate under `spec` and whether it may be shown with groups of `min_group`, memoised (the tile, its
    caption, the worker and the warm-up ask the same): with a filter set, the offer counts are read from the
    applicants' memoised integer codes, which the rate views and the filter checks count with too, and the check's
    sizes come through the memo those views fill. Keyed by the outcome spec (the rate views' key): outcomes do not
    follow a search or a pay range, so a new search text or pay range keeps the rate (the scope sentence names such a
    filter, not its value)."""
    return state.cached(
        dataset,
        overview_offer.offer_headline,
        dataset.outcomes,
        outcome_spec(spec),
        min_group,
        code_applicants=state.applicant_coder(dataset),
        memo=state.memo(dataset),
    )


def overview_ahead(dataset: state.Dataset, spec: FilterSpec) -> list[Callable[[], None]]:
    """The page's work under `spec`, for two workers while the filter panel draws (dashboard/ahead.py): the offer
    tile's (its counts and check; the minimum group size is read here, on the script's thread) and the charts'
    listing results."""
    return [
        functools.partial(_offer_ahead, dataset, spec, state.min_group_size()),
        functools.partial(listing_views, dataset, spec),
    ]


def _offer_ahead(dataset: state.Dataset, spec: FilterSpec, min_group: int) -> None:
    """`offer_kpi`'s memoised call (the offer counts and their check); nothing while the outcomes are out."""
    if background.outcomes_loading(dataset) or background.outcome_error(dataset) is not None:
        return
    if dataset.has_outcomes:
        offer_headline(dataset, spec, min_group)


def offer_kpi(dataset: state.Dataset, spec: FilterSpec) -> components.Kpi:
    """The offer-rate tile: "loading…" while the outcomes are read, else the rate when it may be shown."""
    if background.outcomes_loading(dataset):
        return components.Kpi(OFFER_LABEL, "loading…", note="the outcome data is still being read")
    if (error := background.outcome_error(dataset)) is not None:
        return components.Kpi(OFFER_LABEL, "unavailable", help=str(error), note="the outcome data could not be read")
    if not dataset.has_outcomes:  # never the sample's numbers in a session that loaded only listings
        return components.Kpi(OFFER_LABEL, "none", note="no outcome data in this session")
    headline = offer_headline(dataset, spec, state.min_group_size())
    offered, guard = headline.kpis, headline.guard
    offer_n, people = offered["offer_rate_n"], offered["offer_rate_applicants"]
    if guard is None:
        return components.Kpi(OFFER_LABEL, "n/a", note="no outcome data")
    # The offer rate is the total of the outcome view these filters select: shown only when that view reaches the
    # minimum group size in applications and, where known, in distinct applicants (analytics/disclosure.py). The
    # same rules as a rate view's total (analytics/differencing.py): enough applicants and applications, and no
    # filter change a link can make would differ from this rate's view by a small group.
    if not guard.shown:
        return components.Kpi(OFFER_LABEL, "n/a", note=guard.reason)
    per_person = (
        ""
        if offered["applicant_offer_rate"] is None
        else f"; applicants with one or more offers: {fmt.share_label(offered['applicants_with_offer'], people, digits=1)}"
    )
    return components.Kpi(
        OFFER_LABEL,
        fmt.percent(offered["offer_rate"], 1),
        help=offered["offer_scope"],
        note=f"per application: {offered['offer_rate_successes']:,} of {offer_n:,}; 95 % CI "
        f"{fmt.interval(offered['offer_rate_low'], offered['offer_rate_high'])}{per_person}",
    )


def offer_caption(dataset: state.Dataset, spec: FilterSpec) -> None:
    """Under the KPI row: the outcomes still loading, their read's failure, their absence, or the offer rate's scope."""
    if background.outcomes_loading(dataset):
        st.caption(f"{background.LOADING_TEXT} The offer rate appears here when they are in.")
    elif (error := background.outcome_error(dataset)) is not None:
        st.warning(
            f"The outcome data could not be loaded, so there is no offer rate. {md(error)}", icon=":material/error:"
        )
    elif not dataset.has_outcomes:
        components.no_outcomes("there is no offer rate")
    elif scope := offer_headline(dataset, spec, state.min_group_size()).kpis["offer_scope"]:
        st.caption(f"Offer rate: {scope}")
