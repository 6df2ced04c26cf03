"""The Skills demand page's view without its widgets: each section's results and charts for given choices.

The page (dashboard/pages/skills_demand.py) reads its widgets and draws these; the background warm-up
(dashboard/warmup.py) calls `prepare` with the widgets' first values, through the same functions, so a warmed view is
exactly what the page asks the memo for.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics import skills_demand
from analytics.filters import FilterSpec
from dashboard import display_frames, skill_hooks, state
from dashboard.charts import explore
from dashboard.page_charts import Chart

TOP_K = 15  # the "How many skills to show" slider's first value
TOP_K_CHOICES = range(5, 41, 5)  # the slider's values (min, max + 1, step)
PERIOD = "1mo"  # the "Period" radio's first value
CHOICES = 100  # skills offered in "Skills that go together"
TOGETHER = 12  # skills shown with the chosen one


def top_charts(dataset: state.Dataset, listings: pl.DataFrame, top_k: int, hooks: dict[str, Any]) -> list[Chart]:
    """The top skills and skills by field (empty list when these openings list no skills)."""
    top = state.cached(dataset, skills_demand.top_skills, listings, k=top_k, **hooks)
    if top.height == 0:
        return []
    matrix = state.cached(dataset, skills_demand.skill_field_matrix, listings, top_k=top_k, **hooks)
    return [
        Chart("skills_top", explore.top_skills_chart, (top,), explore.top_skills_alt(top)),
        Chart("skills_fields", explore.skill_field_heatmap, (matrix,), explore.skill_field_heatmap_alt(matrix)),
    ]


def choices(dataset: state.Dataset, listings: pl.DataFrame, hooks: dict[str, Any]) -> pl.DataFrame:
    """The skills offered in "Skills that go together", most asked for first, with their counts."""
    return state.cached(dataset, skills_demand.top_skills, listings, k=CHOICES, **hooks)


def together_chart(
    dataset: state.Dataset, listings: pl.DataFrame, chosen: str | None, hooks: dict[str, Any]
) -> tuple[pl.DataFrame, Chart]:
    """The skills asked for with `chosen`, and their chart."""
    together = state.cached(dataset, skills_demand.co_occurring_skills, listings, chosen, k=TOGETHER, **hooks)
    # Drawn only for a chosen skill with company (the page says why not otherwise).
    alt = explore.co_occurrence_alt(together, chosen) if chosen is not None and together.height else ""
    return together, Chart("skills_together", explore.co_occurrence_chart, (together, chosen), alt)


def trend_views(
    dataset: state.Dataset, listings: pl.DataFrame, period: str, top_k: int, hooks: dict[str, Any]
) -> tuple[Chart, pl.DataFrame]:
    """The skill shares over time (empty note when no opening has a date) and the trend table's frame."""
    trends = state.cached(dataset, skills_demand.skill_trends, listings, period, **hooks)
    summary = state.cached(dataset, skills_demand.trend_summary, listings, period, k=top_k, **hooks)
    empty = None if trends.height else ("posted_date", "These openings have no posting dates.")
    chart = Chart("skills_trends", explore.skill_trends_chart, (trends,), explore.skill_trends_alt(trends), empty)
    return chart, state.cached(dataset, display_frames.trend_table, summary)


def premium_views(
    dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame, min_group: int
) -> tuple[pl.DataFrame, Chart | None, pl.DataFrame | None]:
    """The pay premium (memoised per filters and minimum group), its chart and its table's frame (None when empty)."""
    hooks = skill_hooks.premium_hooks(dataset, spec)
    premium = state.cached(dataset, skills_demand.pay_premium, listings, min_n=min_group, **hooks)
    if premium.height == 0:
        return premium, None, None
    chart = Chart("skills_premium", explore.pay_premium_chart, (premium,), explore.pay_premium_alt(premium))
    return premium, chart, state.cached(dataset, display_frames.premium_table, premium)


def prepare(dataset: state.Dataset, spec: FilterSpec, min_group: int, also_chosen: tuple[str, ...] = ()) -> None:
    """Compute the page's view under `spec` with its widgets' first values, figures and tables included; and what
    goes with each skill of `also_chosen` that the view offers (a skill chosen before a filter stays chosen)."""
    listings = state.filtered_listings(dataset, spec)
    if listings.height == 0:
        return
    hooks = skill_hooks.skill_hooks(dataset, spec)
    charts = top_charts(dataset, listings, TOP_K, hooks)
    if not charts:
        return
    offered = choices(dataset, listings, hooks)
    counts = dict(zip(offered["skill"], offered["count"], strict=False))
    for chosen in dict.fromkeys([*offered["skill"].head(1), *also_chosen]):
        together, chart = together_chart(dataset, listings, chosen, hooks)
        if counts.get(chosen, 0) >= min_group and together.height:
            charts.append(chart)
    charts.append(trend_views(dataset, listings, PERIOD, TOP_K, hooks)[0])
    premium_chart = premium_views(dataset, spec, listings, min_group)[1]
    for each in [*charts, premium_chart] if premium_chart else charts:
        each.prepare(dataset)


def top_choice(dataset: state.Dataset, spec: FilterSpec) -> tuple[str, ...]:
    """The skill "Skills that go together" chooses first under `spec` (none when the view lists no skills)."""
    listings = state.filtered_listings(dataset, spec)
    offered = choices(dataset, listings, skill_hooks.skill_hooks(dataset, spec)) if listings.height else None
    return tuple(offered["skill"].head(1)) if offered is not None else ()


def prepare_top_k(dataset: state.Dataset, spec: FilterSpec) -> None:
    """The view under `spec` for every value of the "How many skills to show" slider (the per-skill counts are shared,
    so each value only slices them and builds its two figures and trend table: ~0.1 s a value at a million)."""
    listings = state.filtered_listings(dataset, spec)
    if listings.height == 0:
        return
    hooks = skill_hooks.skill_hooks(dataset, spec)
    for top_k in TOP_K_CHOICES:
        for chart in top_charts(dataset, listings, top_k, hooks):
            chart.prepare(dataset)
        trend_views(dataset, listings, PERIOD, top_k, hooks)
