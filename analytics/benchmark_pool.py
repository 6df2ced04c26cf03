"""Employer benchmark, the people side: who among the applicants could fill a posting (candidate pool) and how
contested comparable openings are (competition). Part of analytics/benchmark.py, which re-exports both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from analytics import formatting as fmt
from analytics.rates import as_counts, is_counts, wilson_interval
from analytics.skill_gap import normalise_my_skills, one_of
from analytics.skill_sets import bit_columns, pool_counts, with_skill_bits
from data_loaders.compact import pack_ids
from data_loaders.schema import STAGES

_OFFER_STAGES = list(STAGES[STAGES.index("offer") :])  # an offer, and an accepted one, were offers
FIELD_PARTS = 64  # `applicant_field_skills` builds one part per field up to this many fields (the schema has ~10)


def with_share(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """Add share (null when n is 0) and the 'x % (a of n)' label to a small (skill, count) frame."""
    share = pl.col("count") / n if n else pl.lit(None, dtype=pl.Float64)
    return frame.with_columns(share.alias("share"), fmt.share_labels(frame.get_column("count"), n).alias("label"))


def _held(skills: pl.Expr, required: list[str]) -> pl.Expr:
    """The required skills present in a list column (tiny lists: cheap to group and explode)."""
    return skills.list.eval(pl.element().filter(pl.element().is_in(one_of(required))))


def field_applicants(outcomes: pl.DataFrame | None, fields: tuple[str, ...]) -> tuple[pl.DataFrame, str] | None:
    """Per applicant who applied in `fields` (else every applicant), the union of their listed skills (`skills`, as
    List(Enum)) and its bit words (analytics/skill_sets.py), with the scope's words; None without applicant skills.
    Built once per set of fields: a new set of required skills then tests one row per applicant with a few integer
    operations (`pool_counts`) instead of reading every application (10 M rows) or every applicant's list."""
    if outcomes is None or is_counts(outcomes) or "applicant_skills" not in outcomes.columns:
        return None
    # Narrow, and one filter: each filter copies the kept list column, and outcomes may be 10M rows.
    people = outcomes.select("applicant_id", "field", "applicant_skills")
    has_skills = pl.col("applicant_id").is_not_null() & (pl.col("applicant_skills").list.len() > 0)
    in_fields = people.filter(has_skills & pl.col("field").is_in(list(fields)))
    scope = "applicants to comparable fields"
    if in_fields.is_empty():
        in_fields, scope = people.filter(has_skills), "applicants (none applied in this field, so all applicants)"
    if in_fields.is_empty():
        return None
    frame = in_fields.group_by("applicant_id").agg(pl.col("applicant_skills").explode().unique().alias("skills"))
    return with_skill_bits(frame, "skills"), scope


def applicant_field_skills(outcomes: pl.DataFrame | None) -> pl.DataFrame | None:
    """Per (applicant, field) of applications with listed skills, the union of the applicant's skills there
    (`skills`) and its bit words: one pass over the applications, kept per outcomes frame, from which
    `field_applicants_of` answers any posting's fields with a filter (10 M applications: seconds once, then tens of
    milliseconds for each new field). None without applicant skills."""
    if outcomes is None or is_counts(outcomes) or "applicant_skills" not in outcomes.columns:
        return None
    has_skills = pl.col("applicant_id").is_not_null() & (pl.col("applicant_skills").list.len() > 0)
    rows = outcomes.lazy().select("applicant_id", "field", "applicant_skills").filter(has_skills)
    # Streaming (~1.9x faster than in memory at 10 M applications), one field at a time: every group's collected skill
    # lists at once peaked at ~1.4 GB over the outcomes at 10 M applications (a field's groups are its own).
    frames = [
        part.group_by("applicant_id", "field")
        .agg(pl.col("applicant_skills").explode().unique().alias("skills"))
        .collect(engine="streaming")
        for part in _by_field(rows, outcomes.get_column("field"))
    ]
    frame = pl.concat(frames) if frames else pl.DataFrame()
    return None if frame.is_empty() else with_skill_bits(frame, "skills")


def _by_field(rows: pl.LazyFrame, fields: pl.Series) -> list[pl.LazyFrame]:
    """`rows` in one part per value of `fields` (null too), or whole when there are more than `FIELD_PARTS` values."""
    values = fields.unique()
    if values.len() > FIELD_PARTS:
        return [rows]
    return [rows.filter(pl.col("field").is_null() if value is None else pl.col("field") == value) for value in values]


def field_applicants_of(table: pl.DataFrame | None, fields: tuple[str, ...]) -> tuple[pl.DataFrame, str] | None:
    """`field_applicants(outcomes, fields)` read from `applicant_field_skills(outcomes)`: the same applicants, skills
    and scope words (bit words OR-ed where an applicant applied in several of `fields`)."""
    if table is None:
        return None
    in_fields, one_part = _field_part(table, fields)
    scope = "applicants to comparable fields"
    if in_fields.is_empty():
        in_fields, scope, one_part = table, "applicants (none applied in this field, so all applicants)", False
    in_fields = in_fields.drop("field")
    # One field's rows name each applicant once (the table is per (applicant, field)); several fields may repeat one.
    if not one_part and in_fields.get_column("applicant_id").n_unique() < in_fields.height:
        in_fields = in_fields.group_by("applicant_id").agg(
            pl.col("skills").explode().unique(), *[pl.col(name).bitwise_or() for name in bit_columns(in_fields)]
        )
    return in_fields, scope


def _field_part(table: pl.DataFrame, fields: tuple[str, ...]) -> tuple[pl.DataFrame, bool]:
    """The rows of `table` in `fields` (in table order), and whether they are one field's. `applicant_field_skills`
    builds the table one field after another, so one field's rows are a contiguous block: a slice of it (no copy)
    instead of a filter that copies every column, skill lists and all, of a field's ~600,000 applicants (~50 ms)."""
    if len(set(fields)) != 1:
        return table.filter(pl.col("field").is_in(list(fields))), False
    # An expression, not `series == value`: polars compares a Categorical of its own mapping (data_loaders/compact.py)
    # with a string inside expressions only
    rows = table.select((pl.col("field") == fields[0]).fill_null(False)).to_series().arg_true()
    if rows.is_empty():
        return table.clear(), True
    first, last = int(rows[0]), int(rows[-1])
    if last - first + 1 == rows.len():
        return table.slice(first, rows.len()), True
    return table[rows], True


def _population(
    outcomes: pl.DataFrame | None,
    peers: pl.DataFrame,
    applicants: tuple[pl.DataFrame, str] | None = None,
) -> tuple[pl.DataFrame, str, str]:
    """Per person (or peer opening) a `skills` list: applicants in the peers' fields (`field_applicants`), else peers.

    `applicants`: `field_applicants(outcomes, <the peers' fields>)` when the caller keeps it."""
    if (
        applicants is None
        and outcomes is not None
        and not is_counts(outcomes)
        and "applicant_skills" in outcomes.columns
    ):
        applicants = field_applicants(outcomes, tuple(peers.get_column("field").drop_nulls().unique().sort()))
    if applicants is not None:
        frame, scope = applicants
        return frame, "applicants", f"Measured on {frame.height:,} {scope} with listed skills."
    return (
        peers.filter(pl.col("skills").list.len() > 0).select("skills"),
        "openings",
        (
            "No applicant skills available: estimated from comparable openings' skill lists "
            "(the share of openings asking for all of these skills)."
        ),
    )


def _listed_counts(population: pl.DataFrame, required: list[str]) -> tuple[int, int, dict[str, int]]:
    """`pool_counts` read from the `skills` lists (peer openings; vocabularies too large for bit words)."""
    held = population.select(_held(pl.col("skills"), required).list.unique().alias("held")).with_columns(
        (len(required) - pl.col("held").list.len()).alias("n_missing")
    )
    holders = int(held.select((pl.col("n_missing") == 0).sum()).item() or 0)
    # Someone missing exactly one skill qualifies once that skill is dropped: count, per skill, those near-misses
    # who hold it (the rest of the near-misses are the ones missing it).
    near = held.filter(pl.col("n_missing") == 1)
    holding = near.explode("held").drop_nulls("held").group_by(pl.col("held").cast(pl.String)).len()
    return holders, near.height, dict(zip(holding.get_column("held"), holding.get_column("len"), strict=True))


def applicant_skill_rows(outcomes: pl.DataFrame) -> pl.DataFrame:
    """The distinct (applicant, field, skill list) rows of applications with an applicant and listed skills.

    All the candidate pool reads, built once per outcomes frame: an applicant's skills then count once, not once
    per application (~40 % of the rows on the generator's output). Passed to `candidate_pool` or
    `benchmark_posting(people=...)` in place of the outcomes, it gives the same answer: the pool unions each
    applicant's rows, and dropping duplicate rows leaves every union as it was.
    """
    has_skills = pl.col("applicant_id").is_not_null() & (pl.col("applicant_skills").list.len() > 0)
    return (
        outcomes.lazy()
        .select("applicant_id", "field", "applicant_skills")
        .filter(has_skills)
        .unique(["applicant_id", "field", "applicant_skills"])
        .collect(engine="streaming")
    )


def candidate_pool(
    outcomes: pl.DataFrame | None,
    peers: pl.DataFrame,
    skills: Iterable[str],
    applicants: tuple[pl.DataFrame, str] | None = None,
) -> dict[str, Any]:
    """Share of the population holding every required skill (n), and per skill the pool if it were dropped.

    `applicants`: `field_applicants(outcomes, <the peers' fields>)` when the caller keeps it (same answer)."""
    required = normalise_my_skills(skills)
    population, kind, note = _population(outcomes, peers, applicants)
    n = population.height
    counts = pool_counts(population, "skills", required) if kind == "applicants" else None
    holders, near, holding = counts if counts is not None else _listed_counts(population, required)
    # Dropping a skill qualifies the near-misses missing exactly it: all of them but those holding it.
    drops = pl.DataFrame(
        {"skill": required, "count": [holders + near - holding.get(skill, 0) for skill in required]},
        schema={"skill": pl.String, "count": pl.Int64},
    )
    drops = (
        with_share(drops, n)
        .with_columns((pl.col("count") - holders).alias("gain"))
        .sort(["count", "skill"], descending=[True, False])
        .select(pl.col("skill").alias("dropped_skill"), pl.col("count").alias("holders"), "share", "label", "gain")
    )
    return {
        "population": kind,
        "note": note,
        "n": n,
        "holders": holders,
        "share": holders / n if n else None,
        "label": fmt.share_label(holders, n),
        "required": required,
        "drops": drops,
    }


def _peer_ids(peers: pl.DataFrame, outcome_ids: pl.DataType | None) -> pl.Series:
    """The peers' listing ids as the outcomes hold theirs (`outcome_ids`, their dtype): text, or packed into UInt64s
    (the shared sample's, data_loaders/compact.py `with_packed_ids`), a peer's id that cannot be packed then dropped,
    as it equals no packed id. Nulls dropped."""
    ids = peers.get_column("listing_id")
    if outcome_ids == pl.UInt64 and ids.dtype == pl.String:
        ids = pack_ids(ids)
    return ids.drop_nulls()


def _matched_outcomes(outcomes: pl.DataFrame, peers: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """Outcome rows about the peers: by listing_id, else by field and region, else by field."""
    if not is_counts(outcomes) and "listing_id" in outcomes.columns:
        ids = _peer_ids(peers, outcomes.schema["listing_id"])
        by_id = outcomes.filter(pl.col("listing_id").is_in(ids.implode()))
        if not by_id.is_empty():
            return by_id, "listing"
    fields = peers.get_column("field").drop_nulls().unique().implode()
    regions = peers.get_column("regions").explode().drop_nulls().unique().implode()
    in_field = outcomes.filter(pl.col("field").is_in(fields))
    in_place = in_field.filter(pl.col("region").is_in(regions))
    if not in_place.is_empty():
        return in_place, "field and region"
    return in_field, "field"


def listing_outcome_totals(outcomes: pl.DataFrame | None) -> pl.DataFrame | None:
    """Per listing: applications, offers and distinct applicants (None for counts or outcomes without listing ids).

    One pass over the applications, kept per outcomes frame: the competition of any set of peers is then a
    look-up of its listings here instead of a scan of every application (10 M rows: seconds → milliseconds).
    The counts are UInt32, as polars counts (the readers sum them as Int64): 12 MB less than Int64 at a million
    listings.
    """
    if outcomes is None or is_counts(outcomes) or "listing_id" not in outcomes.columns:
        return None
    people = (
        pl.col("applicant_id").drop_nulls().n_unique()
        if "applicant_id" in outcomes.columns
        else pl.lit(None, dtype=pl.UInt32)
    )
    return (
        outcomes.select("listing_id", "stage", *(["applicant_id"] if "applicant_id" in outcomes.columns else []))
        .filter(pl.col("listing_id").is_not_null())
        .group_by("listing_id")
        .agg(
            pl.len().cast(pl.UInt32).alias("applications"),
            pl.col("stage").is_in(_OFFER_STAGES).sum().cast(pl.UInt32).alias("offers"),
            people.cast(pl.UInt32).alias("applicants"),
        )
    )


def _by_listing_totals(
    totals: pl.DataFrame, outcomes: pl.DataFrame, peers: pl.DataFrame, min_group: int
) -> tuple[int, int, pl.Series, int | None] | None:
    """(applications, offers, applications per opening, applicants or a lower bound ≥ min_group) of the peers'
    listings from `listing_outcome_totals`; None when no peer has an application (the caller widens the basis)."""
    matched = totals.filter(pl.col("listing_id").is_in(_peer_ids(peers, totals.schema["listing_id"]).implode()))
    if matched.is_empty():
        return None
    applications, offers, largest = matched.select(
        pl.col("applications").cast(pl.Int64).sum(),
        pl.col("offers").cast(pl.Int64).sum(),
        pl.col("applicants").max().fill_null(0),
    ).row(0)
    people: int | None = None
    if "applicant_id" in outcomes.columns and largest > 0:
        # One listing's applicants are a lower bound of all of theirs.
        if largest >= min_group:
            people = largest  # enough to show: the exact count is only needed when it might be too small
        else:
            ids = matched.get_column("listing_id").implode()
            people = outcomes.filter(pl.col("listing_id").is_in(ids)).get_column("applicant_id").drop_nulls().n_unique()
    return applications, offers, matched.get_column("applications"), people


def competition(
    outcomes: pl.DataFrame | None, peers: pl.DataFrame, min_group: int = 10, totals: pl.DataFrame | None = None
) -> dict[str, Any]:
    """Applications per comparable opening and the offer rate (n, 95 % Wilson), suppressed below min_group.

    `totals`: `listing_outcome_totals(outcomes)` when the caller keeps it (the same answer, without a scan).
    """
    empty = {
        "basis": None,
        "n_applications": 0,
        "n_openings": 0,
        "applications_per_opening": None,
        "median_applications": None,
        "n_offers": 0,
        "offer_rate": None,
        "low": None,
        "high": None,
        "suppressed": True,
        "min_group": min_group,
    }
    if outcomes is None or outcomes.is_empty() or peers.is_empty():
        return {**empty, "note": "No application outcomes to compare with."}
    looked_up = _by_listing_totals(totals, outcomes, peers, min_group) if totals is not None else None
    if looked_up is not None:
        applications, offers, per, people = looked_up
        basis = "listing"
    else:
        applications, offers, per, people, basis = _scanned(outcomes, peers)
    result: dict[str, Any] = {**empty, "basis": basis, "n_applications": applications, "n_offers": offers}
    if basis == "listing":
        result |= {"n_openings": per.len(), "applications_per_opening": per.mean(), "median_applications": per.median()}
    if applications < min_group or (people is not None and people < min_group):
        result["note"] = (
            f"Fewer than {min_group:,} matching applicants or applications: offer rate not shown."
            if people is not None
            else f"Only {applications:,} matching applications (fewer than {min_group}): offer rate not shown."
        )
        return result
    low, high = wilson_interval(offers, applications)
    basis_text = {
        "listing": "applications to these openings",
        "field and region": "applications in this field and region",
        "field": "applications in this field",
    }[basis]
    return result | {
        "offer_rate": offers / applications,
        "low": low,
        "high": high,
        "suppressed": False,
        "note": f"Based on {applications:,} {basis_text}.",
    }


def _scanned(outcomes: pl.DataFrame, peers: pl.DataFrame) -> tuple[int, int, pl.Series, int | None, str]:
    """(applications, offers, applications per opening, distinct applicants, basis) from the outcome rows."""
    if not is_counts(outcomes):
        # Narrow first: filtering copies every kept column, and outcomes may be 10M wide rows.
        outcomes = outcomes.select(
            "listing_id", "field", "region", "stage", *(["applicant_id"] if "applicant_id" in outcomes.columns else [])
        )
    matched, basis = _matched_outcomes(outcomes, peers)
    totals = as_counts(matched).row(0, named=True)
    per = (
        matched.group_by("listing_id").len().get_column("len") if basis == "listing" else pl.Series([], dtype=pl.UInt32)
    )
    # The minimum counts people too, as on every outcome figure (analytics/disclosure.py).
    people = (
        matched.get_column("applicant_id").drop_nulls().n_unique()
        if "applicant_id" in matched.columns and matched.get_column("applicant_id").null_count() < matched.height
        else None
    )
    return int(totals["applications"] or 0), int(totals["offers"] or 0), per, people, basis
