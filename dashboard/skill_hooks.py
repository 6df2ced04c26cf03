"""The hooks the skills demand analytics take over a filtered view (analytics/skills_demand.py).

The skills of the dataset's listings become integer codes once (`state.listing_parts`: the filter options count
them too); a filter's view takes its rows from them (`take`: time proportional to the view), so a new filter counts
codes with numpy instead of exploding a million lists of strings. The per-skill counts of a view go through the memo
too, so another "number of skills" only slices them. These are the skills as listed (a repeated skill counts twice,
as skills demand always counted); the skill gap's codes (analytics/skill_gap_codes.py) are cleaned lists, a different
question.
"""

from __future__ import annotations

import functools
from typing import Any

import polars as pl

from analytics.filters import FilterSpec
from analytics.skill_code_table import SkillCodes, take
from dashboard import state


def filtered_skill_codes(dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame) -> SkillCodes:
    """The skill codes of `listings`, which is `filtered_listings(dataset, spec)`: the filter's rows taken from the
    codes of the dataset's listings."""
    return state.cached(dataset, codes_at, dataset, spec)


def codes_at(dataset: state.Dataset, spec: FilterSpec) -> SkillCodes:
    """The filter's rows taken from the codes of the dataset's listings (memoised per filter: every question of a
    view reads them; ~4 bytes per listed skill, a tenth of the filtered frame)."""
    codes = state.listing_parts(dataset.listings)[1]
    return take(codes, state.listing_rows(dataset, spec))


def skill_hooks(dataset: state.Dataset, spec: FilterSpec) -> dict[str, Any]:
    """The `memo` and `code_skills` keyword arguments of the skills demand analytics over
    `state.filtered_listings(dataset, spec)` (a partial of a module-level function: the memo keys it by `spec`)."""
    return {"memo": state.memo(dataset), "code_skills": functools.partial(filtered_skill_codes, dataset, spec)}


def premium_hooks(dataset: state.Dataset, spec: FilterSpec) -> dict[str, Any]:
    """`skill_hooks` without the memo: what `pay_premium` takes."""
    return {"code_skills": skill_hooks(dataset, spec)["code_skills"]}
