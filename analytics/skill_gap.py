"""Skill gap for a student: how their skills match the target openings and what to learn next.

`listings` are canonical listings already narrowed by the caller (a FilterSpec); `my_skills` are
skill names, mapped to canonical names (`canonical_skill`) and then matched exactly. An opening
that lists no skills can be neither matched nor missed, so it is left out of every share here: its
`match` is null in `match_openings` and `readiness` reports how many were left out. Each opening's
skill list is cleaned once (nulls dropped, duplicates removed) and split into missing skills with
vectorised list expressions; a `GapFrames` holds that work for one (listings, skills) pair, so the
several questions a plan asks about one filtered frame share it (the `*_of` functions take one).
Nothing is cached between calls here: the dashboard memoises results (dashboard/state.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import polars as pl

from analytics.formatting import share_label, share_labels
from analytics.rates import wilson_expr
from analytics.skill_match import GapFrames, gap_columns, normalise_my_skills, one_of
from data_loaders.normalise.skills import skill_category

__all__ = [
    "GapFrames",
    "best_openings",
    "best_openings_of",
    "category_coverage",
    "category_coverage_of",
    "count_offer_holders",
    "learning_path",
    "match_distribution",
    "match_openings",
    "missing_skills",
    "normalise_my_skills",
    "offer_holder_skills",
    "one_of",
    "missing_skills_of",
    "readiness",
    "readiness_of",
    "share_label",
]

# The columns of an opening worth showing next to its match, in canonical order.
OPENING_COLUMNS: tuple[str, ...] = (
    "listing_id",
    "company",
    "title",
    "field",
    "locations",
    "work_mode",
    "pay_hourly_usd",
    "terms",
    "posted_date",
    "url",
)
MATCH_BINS: tuple[str, ...] = tuple(f"{10 * i}–{10 * (i + 1)} %" for i in range(10)) + ("100 %",)
OFFER_STAGES: tuple[str, ...] = ("offer", "accepted")


def _match_frame(listings: pl.DataFrame, mine: list[str]) -> tuple[pl.DataFrame, list[str], list[bool]]:
    """Opening columns plus the gap columns, and the best-first sort keys and directions."""
    keep = [c for c in OPENING_COLUMNS if c in listings.columns]
    frame = gap_columns(listings, mine).select(
        *keep, "n_required", "n_matched", "n_missing", "match", "matched_skills", "missing_skills"
    )
    order, descending = ["match", "n_missing"], [True, False]
    if "posted_date" in frame.columns:
        order.append("posted_date")
        descending.append(True)
    return frame, order, descending


def match_openings(listings: pl.DataFrame, my_skills: Iterable[str]) -> pl.DataFrame:
    """Per opening: n_required, n_matched, match (0–1, null when it lists no skills), matched and missing skills; best first."""
    frame, order, descending = _match_frame(listings, normalise_my_skills(my_skills))
    # A stable sort keeps input order for full ties: reproducible without a costly string key.
    return frame.sort(order, descending=descending, nulls_last=True, maintain_order=True)


def best_openings(listings: pl.DataFrame, my_skills: Iterable[str], top: int = 20) -> pl.DataFrame:
    """The first `top` rows of match_openings among openings that list skills, without sorting them all."""
    return best_openings_of(GapFrames(listings, my_skills), top)


def best_openings_of(gap: GapFrames, top: int = 20) -> pl.DataFrame:
    """`best_openings` over a GapFrames (shares its gap frames with the plan's other questions)."""
    listings, mine = gap.listings, gap.mine
    keys = gap.considered().select("_row", "match", "n_missing")
    order, descending = ["match", "n_missing"], [True, False]
    if "posted_date" in listings.columns:
        keys = keys.with_columns(listings.get_column("posted_date").gather(keys.get_column("_row")))
        order.append("posted_date")
        descending.append(True)
    # A top-k on narrow keys, then the full columns for just those rows; _row last = a stable sort.
    rows = (
        keys.lazy()
        .sort([*order, "_row"], descending=[*descending, False], nulls_last=True)
        .head(top)
        .collect()
        .get_column("_row")
    )
    return _match_frame(listings[rows], mine)[0]


def _distribution(considered: pl.DataFrame) -> pl.DataFrame:
    """Histogram of matches over MATCH_BINS, every bin present; integer maths so 70 % lands in 70–80 %."""
    index = (
        pl.when(pl.col("n_matched") == pl.col("n_required"))
        .then(10)
        .otherwise((pl.col("n_matched") * 10) // pl.col("n_required"))
        .cast(pl.Int64)
        .alias("_bin")
    )
    counts = considered.select(index).group_by("_bin").len("count")
    bins = pl.DataFrame(
        {"_bin": list(range(11)), "bin": list(MATCH_BINS), "lower_pct": [10 * i for i in range(11)]},
        schema={"_bin": pl.Int64, "bin": pl.String, "lower_pct": pl.Int64},
    )
    total = considered.height
    return (
        bins.join(counts, on="_bin", how="left")
        .with_columns(pl.col("count").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("count") / total if total else pl.lit(None, dtype=pl.Float64)).alias("share"))
        .sort("_bin")
        .drop("_bin")
    )


def match_distribution(listings: pl.DataFrame, my_skills: Iterable[str]) -> pl.DataFrame:
    """Openings per match bin: 0–10 %, …, 90–100 % (below 100), and exactly 100 %; with count and share."""
    return _distribution(GapFrames(listings, my_skills).considered())


def readiness(listings: pl.DataFrame, my_skills: Iterable[str], threshold: float = 0.8) -> dict[str, Any]:
    """How ready the student is: openings considered, fully matched and ≥ threshold (counts, shares, labels), distribution."""
    return readiness_of(GapFrames(listings, my_skills), threshold)


def readiness_of(gap: GapFrames, threshold: float = 0.8) -> dict[str, Any]:
    """`readiness` over a GapFrames."""
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    listings, considered = gap.listings, gap.considered()
    n = considered.height
    counts = considered.select(
        (pl.col("n_missing") == 0).sum().alias("full"),
        # Compare counts rather than the ratio, with a tolerance, so 7 of 10 is not lost to float error at 0.7.
        (pl.col("n_matched") >= pl.col("n_required") * threshold - 1e-9).sum().alias("above"),
    ).row(0, named=True)
    full, above = int(counts["full"] or 0), int(counts["above"] or 0)
    return {
        "n_openings": listings.height,
        "n_considered": n,
        "n_without_skills": listings.height - n,
        "threshold": threshold,
        "n_fully_matched": full,
        "share_fully_matched": full / n if n else None,
        "label_fully_matched": share_label(full, n),
        "n_above_threshold": above,
        "share_above_threshold": above / n if n else None,
        "label_above_threshold": share_label(above, n),
        "distribution": _distribution(considered),
    }


def _category_lookup(categories: Mapping[str, str] | None) -> Callable[[str], str]:
    """The skill -> category function: the given mapping, else the taxonomy's skill_category."""
    if categories is not None:
        return lambda skill: categories.get(skill, "other")
    return skill_category


def _with_category(frame: pl.DataFrame, categories: Mapping[str, str] | None) -> pl.DataFrame:
    """Add `category` to a frame with a `skill` column, looking each distinct skill up once."""
    lookup = _category_lookup(categories)
    skills = frame.get_column("skill").drop_nulls().unique().to_list()
    table = pl.DataFrame(
        {"skill": skills, "category": [lookup(s) for s in skills]}, schema={"skill": pl.String, "category": pl.String}
    )
    return frame.join(table, on="skill", how="left")


def missing_skills(
    listings: pl.DataFrame, my_skills: Iterable[str], k: int = 20, categories: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """Top-k skills the student lacks: count and share of openings asking it, label, unlocks (only-missing), category."""
    return missing_skills_of(GapFrames(listings, my_skills), k, categories)


def missing_skills_of(gap: GapFrames, k: int = 20, categories: Mapping[str, str] | None = None) -> pl.DataFrame:
    """`missing_skills` over a GapFrames."""
    n = gap.considered().height
    top = (
        gap.missing_exploded()
        .group_by("skill")
        .agg(pl.len().cast(pl.Int64).alias("count"), (pl.col("n_missing") == 1).sum().cast(pl.Int64).alias("unlocks"))
        .sort(["count", "unlocks", "skill"], descending=[True, True, False])
        .head(k)
    )
    top = top.with_columns(
        (pl.col("count") / n).alias("share"), share_labels(top.get_column("count"), n).alias("label")
    )
    return _with_category(top, categories).select("skill", "count", "share", "label", "unlocks", "category")


def _category_counts(
    considered: pl.DataFrame, categories: Mapping[str, str] | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(skill, requests, category) per distinct skill, and (category, openings): openings asking for any skill in it.

    The (opening, skill) pairs are hashed once, into integer codes; requests are a bincount of the codes and the
    openings per category come from an openings x categories table of flags. Joining and counting distinct
    openings per category on the strings cost ~3x more at half a million openings.
    """
    lists = considered.get_column("_skills")
    codes = lists.explode(empty_as_null=False, keep_nulls=False).cast(pl.Categorical)
    distinct = codes.unique()
    physical = codes.to_physical().to_numpy().astype(np.int64)
    distinct_codes = distinct.to_physical().to_numpy().astype(np.int64)
    size = int(distinct_codes.max()) + 1 if distinct_codes.size else 0
    per_skill = _with_category(
        pl.DataFrame(
            {"skill": distinct.cast(pl.String), "requests": np.bincount(physical, minlength=size)[distinct_codes]},
            schema={"skill": pl.String, "requests": pl.Int64},
        ),
        categories,
    )
    names = sorted(set(per_skill.get_column("category").to_list()))
    category_of = np.zeros(size, dtype=np.int64)
    category_of[distinct_codes] = [names.index(name) for name in per_skill.get_column("category")]
    opening = np.repeat(np.arange(considered.height), lists.list.len().to_numpy())
    flags = np.zeros((considered.height, len(names)), dtype=bool)
    flags[opening, category_of[physical]] = True
    openings = pl.DataFrame(
        {"category": names, "openings": flags.sum(axis=0)}, schema={"category": pl.String, "openings": pl.Int64}
    )
    return per_skill, openings


def category_coverage(
    listings: pl.DataFrame, my_skills: Iterable[str], categories: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """Per skill category: share of openings asking it vs share of its requests the student's skills cover.

    `requests` counts (opening, skill) pairs in the category; `held_share` is the part of those the
    student holds, so a skill asked by many openings weighs more than a rare one.
    """
    return category_coverage_of(GapFrames(listings, my_skills), categories)


def category_coverage_of(gap: GapFrames, categories: Mapping[str, str] | None = None) -> pl.DataFrame:
    """`category_coverage` over a GapFrames (shares its gap frames with the plan)."""
    mine, considered = gap.mine, gap.considered()
    n = considered.height
    per_skill, openings = _category_counts(considered, categories)
    per_skill = per_skill.with_columns(pl.col("skill").is_in(one_of(mine)).alias("held"))
    frame = (
        per_skill.sort(["requests", "skill"], descending=[True, False])
        .group_by("category", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("skills_asked"),
            pl.col("requests").sum().cast(pl.Int64).alias("requests"),
            pl.col("requests").filter(pl.col("held")).sum().cast(pl.Int64).alias("requests_held"),
            pl.col("skill").filter(pl.col("held")).sort().alias("skills_held"),
            pl.col("skill").filter(~pl.col("held")).head(3).alias("top_missing"),
        )
        .join(openings, on="category", how="left")
        .with_columns(
            (pl.col("openings") / n).alias("demand_share"),
            (pl.col("requests_held") / pl.col("requests")).alias("held_share"),
        )
        .sort(["demand_share", "category"], descending=[True, False])
    )
    return frame.select(
        "category",
        "openings",
        "demand_share",
        share_labels(frame.get_column("openings"), n).alias("demand_label"),
        "requests",
        "requests_held",
        "held_share",
        share_labels(frame.get_column("requests_held"), frame.get_column("requests")).alias("held_label"),
        "skills_asked",
        "skills_held",
        "top_missing",
    )


OFFER_HOLDER_SCHEMA: dict[str, pl.DataType] = {
    "skill": pl.String(),
    "holders": pl.Int64(),
    "n": pl.Int64(),
    "share": pl.Float64(),
    "low": pl.Float64(),
    "high": pl.Float64(),
    "label": pl.String(),
    "you_have": pl.Boolean(),
}


def _offer_holders(outcomes: pl.DataFrame, field: str | None) -> pl.DataFrame:
    """One row per distinct applicant with an offer (in `field`, unless None) and their skill set."""
    keep = pl.col("stage").is_in(one_of(OFFER_STAGES)) & pl.col("applicant_id").is_not_null()
    if field is not None:
        keep = keep & (pl.col("field") == field)
    # Narrow, and one filter: each filter copies the kept list column, and outcomes may be 10M rows.
    frame = outcomes.select("applicant_id", "field", "stage", "applicant_skills").filter(
        keep & (pl.col("applicant_skills").list.len() > 0)
    )
    return frame.group_by("applicant_id").agg(
        pl.col("applicant_skills")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .drop_nulls()
        .unique()
        .alias("skills")
    )


def count_offer_holders(outcomes: pl.DataFrame, field: str | None) -> int:
    """How many distinct applicants with listed skills hold an offer in `field` (None = any field)."""
    return _offer_holders(outcomes, field).height


def offer_holder_skills(
    outcomes: pl.DataFrame, field: str | None, my_skills: Iterable[str], min_group: int = 10
) -> pl.DataFrame:
    """Share of offer-holders in `field` holding each skill (n, Wilson bounds, whether you have it); empty below min_group."""
    holders = _offer_holders(outcomes, field)
    n = holders.height
    if n < min_group or n == 0:
        # Too few people to show without pointing at individuals: suppressed, see count_offer_holders.
        return pl.DataFrame(schema=OFFER_HOLDER_SCHEMA)
    low, high = wilson_expr("holders", "n")
    frame = (
        holders.explode("skills")
        .drop_nulls("skills")
        .group_by(pl.col("skills").alias("skill"))
        .agg(pl.len().cast(pl.Int64).alias("holders"))
        # Compact outcomes list skills as Enum codes (data_loaders/compact.py): the result names them as text.
        .with_columns(pl.col("skill").cast(pl.String), pl.lit(n, dtype=pl.Int64).alias("n"))
        .with_columns(
            (pl.col("holders") / pl.col("n")).alias("share"),
            low,
            high,
            pl.col("skill").is_in(one_of(normalise_my_skills(my_skills))).alias("you_have"),
        )
        .sort(["holders", "skill"], descending=[True, False])
    )
    frame = frame.with_columns(share_labels(frame.get_column("holders"), n).alias("label"))
    return frame.select(list(OFFER_HOLDER_SCHEMA))


def learning_path(listings: pl.DataFrame, my_skills: Iterable[str], steps: int = 5) -> pl.DataFrame:
    """The best `steps` skills to learn next, in order: see analytics/learning_path.py (an exact search)."""
    # Imported here: learning_path.py builds on this module's gap frames.
    from analytics.learning_path import learning_path as best_path

    return best_path(listings, my_skills, steps)
