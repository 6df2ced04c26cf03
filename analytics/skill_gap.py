"""Skill gap for a student: how their skills match the target openings and what to learn next.

`listings` are canonical listings already narrowed by the caller (a FilterSpec); `my_skills` are
skill names, mapped to canonical names (`canonical_skill`) and then matched exactly. An opening
that lists no skills can be neither matched nor missed, so it is left out of every share here: its
`match` is null in `match_openings` and `readiness` reports how many were left out. Each opening's
skill list is cleaned once (nulls dropped, duplicates removed); a `GapFrames` holds the work for one
(listings, skills) pair, so the several questions a plan asks about one filtered frame share it (the
`*_of` functions take one). Those questions count on the listings' skill codes (`GapFrames.counts`,
`missing_codes`: numpy over integer codes, built once per listings frame); only the rows shown (the
best openings, `match_openings`) are matched as strings. Nothing is cached between calls here: the
dashboard memoises results and the codes (dashboard/state.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import polars as pl

from analytics.formatting import share_label, share_labels
from analytics.rates import wilson_expr
from analytics.skill_gap_codes import ListingSkillCodes
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
    "offer_holder_counts",
    "offer_holder_skills",
    "one_of",
    "missing_skills_of",
    "readiness",
    "readiness_of",
    "share_label",
    "taxonomy_category_counts",
    "SKILL_GAP_COLUMNS",
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
# The columns the Skill gap page reads of the listings its filters keep: the openings' own, and their skills (the gap
# frames count their codes). The page gathers only these (at a million listings, one field: ~25 -> ~15 ms).
SKILL_GAP_COLUMNS: tuple[str, ...] = (*OPENING_COLUMNS, "skills")
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
    keys = gap.counts().select("_row", "match", "n_missing")
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
    matched = considered.get_column("n_matched").to_numpy().astype(np.int64)
    required = considered.get_column("n_required").to_numpy().astype(np.int64)
    index = np.where(matched == required, 10, (matched * 10) // np.maximum(required, 1))
    counts = np.bincount(index, minlength=11)
    total = considered.height
    return pl.DataFrame(
        {
            "bin": list(MATCH_BINS),
            "lower_pct": [10 * i for i in range(11)],
            "count": counts,
            "share": counts / total if total else [None] * 11,
        },
        schema={"bin": pl.String, "lower_pct": pl.Int64, "count": pl.Int64, "share": pl.Float64},
    )


def match_distribution(listings: pl.DataFrame, my_skills: Iterable[str]) -> pl.DataFrame:
    """Openings per match bin: 0–10 %, …, 90–100 % (below 100), and exactly 100 %; with count and share."""
    return _distribution(GapFrames(listings, my_skills).counts())


def readiness(listings: pl.DataFrame, my_skills: Iterable[str], threshold: float = 0.8) -> dict[str, Any]:
    """How ready the student is: openings considered, fully matched and ≥ threshold (counts, shares, labels), distribution."""
    return readiness_of(GapFrames(listings, my_skills), threshold)


def readiness_of(gap: GapFrames, threshold: float = 0.8) -> dict[str, Any]:
    """`readiness` over a GapFrames."""
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    listings, considered = gap.listings, gap.counts()
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


def _missing_counts(gap: GapFrames) -> pl.DataFrame:
    """(skill, count, unlocks) per skill that some considered opening asks and the student lacks: openings asking
    it, and openings where it is the only skill lacked. Bincounts of the missing codes."""
    codes = gap.codes()
    _, code, n_missing = gap.missing_codes()
    size = len(codes.vocabulary)
    count = np.bincount(code, minlength=size)
    unlocks = np.bincount(code[n_missing == 1], minlength=size)
    present = np.flatnonzero(count)
    return pl.DataFrame(
        {"skill": codes.names(present), "count": count[present], "unlocks": unlocks[present]},
        schema={"skill": pl.String, "count": pl.Int64, "unlocks": pl.Int64},
    )


def missing_skills_of(gap: GapFrames, k: int = 20, categories: Mapping[str, str] | None = None) -> pl.DataFrame:
    """`missing_skills` over a GapFrames."""
    n = gap.counts().height
    top = _missing_counts(gap).sort(["count", "unlocks", "skill"], descending=[True, True, False]).head(k)
    top = top.with_columns(
        (pl.col("count") / n).alias("share"), share_labels(top.get_column("count"), n).alias("label")
    )
    return _with_category(top, categories).select("skill", "count", "share", "label", "unlocks", "category")


def _category_counts(gap: GapFrames, categories: Mapping[str, str] | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(skill, requests, category) per distinct skill, and (category, openings): openings asking for any skill in it.

    They do not depend on the student's skills: with the taxonomy's categories they are kept on the listings' codes,
    so a new set of skills on the same openings reuses them.
    """
    if categories is None:
        return taxonomy_category_counts(gap.codes())
    return _category_tables(gap.codes(), categories)


def taxonomy_category_counts(codes: ListingSkillCodes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`_category_counts` with the taxonomy's categories, computed once per listings' codes and kept on them: what
    the dashboard prepares with the codes (dashboard/skill_gap_view.py), ~50 ms at half a million openings."""
    return codes.derived("category_counts", lambda: _category_tables(codes, None))


def _category_tables(
    codes: ListingSkillCodes, categories: Mapping[str, str] | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`_category_counts` on the codes: requests are a bincount of the codes, and the openings per category come
    from an openings x categories table of flags (joining and counting distinct openings per category on the
    strings cost ~3x more at half a million openings)."""
    requests = np.bincount(codes.codes, minlength=len(codes.vocabulary))
    distinct = np.flatnonzero(requests)
    per_skill = _with_category(
        pl.DataFrame(
            {"skill": codes.names(distinct), "requests": requests[distinct]},
            schema={"skill": pl.String, "requests": pl.Int64},
        ),
        categories,
    )
    category = dict(
        zip(per_skill.get_column("skill").to_list(), per_skill.get_column("category").to_list(), strict=True)
    )
    names = sorted(set(category.values()))
    category_of = np.zeros(len(codes.vocabulary), dtype=np.int64)
    category_of[distinct] = [names.index(category[codes.vocabulary[c]]) for c in distinct]
    flags = np.zeros((codes.height, len(names)), dtype=bool)
    flags[codes.row_of, category_of[codes.codes]] = True
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
    mine, n = gap.mine, gap.counts().height
    per_skill, openings = _category_counts(gap, categories)
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


def offer_holder_counts(outcomes: pl.DataFrame, field: str | None, min_group: int = 10) -> pl.DataFrame:
    """Share of offer-holders in `field` holding each skill (n, Wilson bounds, label); empty below min_group.

    The part of `offer_holder_skills` that does not depend on the student's skills: one pass over the outcomes
    (10 M applications: seconds), which a caller keeps per field (`count_holders`) so a new set of skills costs
    only the `you_have` column.
    """
    holders = _offer_holders(outcomes, field)
    n = holders.height
    if n < min_group or n == 0:
        # Too few people to show without pointing at individuals: suppressed, see count_offer_holders.
        return pl.DataFrame(schema={k: v for k, v in OFFER_HOLDER_SCHEMA.items() if k != "you_have"})
    low, high = wilson_expr("holders", "n")
    frame = (
        holders.explode("skills")
        .drop_nulls("skills")
        .group_by(pl.col("skills").alias("skill"))
        .agg(pl.len().cast(pl.Int64).alias("holders"))
        # Compact outcomes list skills as Enum codes (data_loaders/compact.py): the result names them as text.
        .with_columns(pl.col("skill").cast(pl.String), pl.lit(n, dtype=pl.Int64).alias("n"))
        .with_columns((pl.col("holders") / pl.col("n")).alias("share"), low, high)
        .sort(["holders", "skill"], descending=[True, False])
    )
    frame = frame.with_columns(share_labels(frame.get_column("holders"), n).alias("label"))
    return frame.select([k for k in OFFER_HOLDER_SCHEMA if k != "you_have"])


def offer_holder_skills(
    outcomes: pl.DataFrame,
    field: str | None,
    my_skills: Iterable[str],
    min_group: int = 10,
    count_holders: Callable[[pl.DataFrame, str | None, int], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Share of offer-holders in `field` holding each skill (n, Wilson bounds, whether you have it); empty below min_group.

    `count_holders(outcomes, field, min_group)`: `offer_holder_counts`, memoised by the caller when it passes one.
    """
    counts = (count_holders or offer_holder_counts)(outcomes, field, min_group)
    held = pl.col("skill").is_in(one_of(normalise_my_skills(my_skills))).alias("you_have")
    return counts.with_columns(held).select(list(OFFER_HOLDER_SCHEMA))


def learning_path(listings: pl.DataFrame, my_skills: Iterable[str], steps: int = 5) -> pl.DataFrame:
    """The best `steps` skills to learn next, in order: see analytics/learning_path.py (an exact search)."""
    # Imported here: learning_path.py builds on this module's gap frames.
    from analytics.learning_path import learning_path as best_path

    return best_path(listings, my_skills, steps)
