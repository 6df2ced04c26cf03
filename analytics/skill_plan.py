"""The downloadable skill plan: one value holding readiness, best openings, missing skills and the
learning path (`build_plan`, from analytics.skill_gap), rendered as Markdown or as one tidy CSV, so
the page, the download and the report show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics import formatting as fmt
from analytics.exports import escape_markdown, escape_markdown_cell, safe_url, to_csv_bytes
from analytics.learning_path import learning_path_of
from analytics.skill_gap import GapFrames, best_openings_of, missing_skills_of, readiness_of


@dataclass(frozen=True)
class SkillPlan:
    """Everything the plan shows, already computed."""

    my_skills: tuple[str, ...]
    description: str
    readiness: dict[str, Any]
    best_openings: pl.DataFrame
    missing: pl.DataFrame
    path: pl.DataFrame


def build_plan(
    listings: pl.DataFrame,
    my_skills: Iterable[str],
    *,
    description: str = "",
    threshold: float = 0.8,
    top: int = 20,
    k: int = 20,
    steps: int = 5,
    categories: Mapping[str, str] | None = None,
) -> SkillPlan:
    """Compute the downloadable plan: readiness, the `top` best openings, `k` missing skills, the learning path."""
    # One set of gap frames for every part of the plan.
    return build_plan_of(
        GapFrames(listings, my_skills),
        description=description,
        threshold=threshold,
        top=top,
        k=k,
        steps=steps,
        categories=categories,
    )


def build_plan_of(
    gap: GapFrames,
    *,
    description: str = "",
    threshold: float = 0.8,
    top: int = 20,
    k: int = 20,
    steps: int = 5,
    categories: Mapping[str, str] | None = None,
) -> SkillPlan:
    """`build_plan` over a GapFrames the caller keeps: a new threshold then reuses every gap frame.

    Only readiness depends on the threshold: the best openings, the missing skills (with the taxonomy's
    categories) and the learning path are kept on the GapFrames, so a new threshold costs one count.
    """
    missing = (
        gap.derived(f"plan_missing_{k}", lambda: missing_skills_of(gap, k))
        if categories is None
        else missing_skills_of(gap, k, categories)
    )
    return SkillPlan(
        my_skills=tuple(gap.mine),
        description=description,
        readiness=readiness_of(gap, threshold),
        best_openings=gap.derived(f"plan_best_{top}", lambda: best_openings_of(gap, top)),
        missing=missing,
        path=gap.derived(f"plan_path_{steps}", lambda: learning_path_of(gap, steps)),
    )


class _Ours(str):
    """Text the plan wrote itself ("50 % (3 of 6)"): goes into a table cell as it is, not escaped."""


def _cell(value: object) -> str:
    """A Markdown table cell: our own text as is; data (company, title, skills) escaped so it stays text."""
    if isinstance(value, _Ours):
        return str(value).replace("|", "\\|").replace("\n", " ")
    return escape_markdown_cell(value)


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    """Lines of a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _readiness_lines(r: dict[str, Any]) -> list[str]:
    """The readiness bullet points."""
    left_out = f" ({r['n_without_skills']:,} listing no skills left out)" if r["n_without_skills"] else ""
    return [
        f"- Openings considered: {r['n_considered']:,}{left_out}",
        f"- Fully matched (you hold every skill asked): {r['label_fully_matched']}",
        f"- At least {fmt.percent(r['threshold'])} matched: {r['label_above_threshold']}",
    ]


def plan_to_markdown(plan: SkillPlan) -> str:
    """The plan as a Markdown document (readiness, best openings, missing skills, learning path)."""
    # Every value from the data or the link (the filter sentence holds the search text) is escaped, so the
    # file has no live link, image or HTML in any Markdown viewer.
    lines = ["# Skill plan", ""]
    if plan.description:
        lines += [f"_{escape_markdown(plan.description)}_", ""]
    skills = ", ".join(escape_markdown(skill) for skill in plan.my_skills) or "(none yet)"
    lines += [f"**Your skills:** {skills}", "", "## Readiness", ""]
    lines += _readiness_lines(plan.readiness)
    lines += ["", f"## Best openings (top {plan.best_openings.height})", ""]
    lines += _table(
        ["#", "Company", "Title", "Match", "Missing skills"],
        [
            [i, r.get("company"), r.get("title"), _Ours(fmt.percent(r["match"])), r["missing_skills"]]
            for i, r in enumerate(plan.best_openings.iter_rows(named=True), start=1)
        ],
    )
    lines += ["", "## Skills you are missing", ""]
    lines += _table(
        ["Skill", "Asked by", "Completes alone", "Category"],
        [[r["skill"], _Ours(r["label"]), r["unlocks"], r["category"]] for r in plan.missing.iter_rows(named=True)],
    )
    lines += ["", "## Learning path", ""]
    lines += _table(
        ["Step", "Learn", "Why", "Fully matched after"],
        [
            [
                r["step"],
                r["skill"],
                _Ours(r["reason"]),
                _Ours(f"{r['cumulative_fully_matched']:,} ({fmt.percent(r['cumulative_share'])})"),
            ]
            for r in plan.path.iter_rows(named=True)
        ],
    )
    return "\n".join(lines) + "\n"


CSV_SCHEMA: dict[str, pl.DataType] = {
    "section": pl.String(),
    "rank": pl.Int64(),
    "item": pl.String(),
    "value": pl.Float64(),
    "detail": pl.String(),
}


def plan_rows(plan: SkillPlan) -> pl.DataFrame:
    """The plan as one tidy frame: section, rank, item, value, detail (what the CSV holds)."""
    r = plan.readiness
    rows: list[dict[str, Any]] = [
        {
            "section": "readiness",
            "rank": None,
            "item": "openings considered",
            "value": r["n_considered"],
            "detail": f"{r['n_without_skills']} listing no skills left out",
        },
        {
            "section": "readiness",
            "rank": None,
            "item": "fully matched",
            "value": r["share_fully_matched"],
            "detail": r["label_fully_matched"],
        },
        {
            "section": "readiness",
            "rank": None,
            "item": f"at least {fmt.percent(r['threshold'])} matched",
            "value": r["share_above_threshold"],
            "detail": r["label_above_threshold"],
        },
    ]
    for i, o in enumerate(plan.best_openings.iter_rows(named=True), start=1):
        rows.append(
            {
                "section": "best opening",
                "rank": i,
                "item": f"{o.get('company')} — {o.get('title')}",
                "value": o["match"],
                "detail": "missing: " + ", ".join(o["missing_skills"] or []),
            }
        )
    for i, m in enumerate(plan.missing.iter_rows(named=True), start=1):
        rows.append(
            {
                "section": "missing skill",
                "rank": i,
                "item": m["skill"],
                "value": m["share"],
                "detail": f"asked by {m['label']}; completes {m['unlocks']} alone; {m['category']}",
            }
        )
    for p in plan.path.iter_rows(named=True):
        rows.append(
            {
                "section": "learning path",
                "rank": p["step"],
                "item": p["skill"],
                "value": p["cumulative_share"],
                "detail": f"{p['reason']}; {p['cumulative_fully_matched']} fully matched after",
            }
        )
    return pl.DataFrame(rows, schema=CSV_SCHEMA)


def plan_to_csv_bytes(plan: SkillPlan) -> bytes:
    """The plan as formula-safe UTF-8 CSV bytes with a BOM, so Excel shows '–' and accents and runs no cell."""
    return to_csv_bytes(plan_rows(plan))


def openings_table(best: pl.DataFrame) -> pl.DataFrame:
    """Best openings ready to display: company, title, place, match_pct (0–100), skills joined, pay, safe link."""
    joined = {
        c: pl.col(c).list.join(", ") for c in ("locations", "matched_skills", "missing_skills") if c in best.columns
    }
    # A whole percentage, rounded half-up from the counts as analytics/formatting.py rounds it, so the
    # progress bar prints the same "13 %" for 1 of 8 skills as the Markdown plan (printf alone would say 12).
    if {"n_matched", "n_required"} <= set(best.columns):
        matched, required = pl.col("n_matched").cast(pl.Int64), pl.col("n_required").cast(pl.Int64)
        whole = (200 * matched + required) // (2 * required)
        # A partial match never reads 100 % (the formatter's ">99 %" rule, as near as a bar can show it).
        whole = pl.when(matched < required).then(pl.min_horizontal(whole, pl.lit(99))).otherwise(whole)
        match_pct = pl.when(required > 0).then(whole).cast(pl.Float64)
    else:
        match_pct = pl.col("match") * 100
    frame = best.with_columns(match_pct=match_pct).with_columns(**joined)
    if "url" in frame.columns:
        frame = frame.with_columns(safe_url())
    keep = ["company", "title", "locations", "match_pct", "matched_skills", "missing_skills", "pay_hourly_usd", "url"]
    return frame.select([c for c in keep if c in frame.columns])
