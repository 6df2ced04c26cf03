"""Seeded, vectorised generator of per-application outcomes over a canonical listings frame.

Applicants (major, class year, GPA, skills drawn by major) apply to 5-25 listings leaning to their
major's fields; how far each application gets depends on the employer's tier (selectivity), the
share of the listing's skills the applicant holds, GPA and class year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from data_loaders.schema import FIELDS, OUTCOMES_SCHEMA, STAGES, STATUSES, conform
from synthetic import catalog as cat
from synthetic.tables import (
    SKILL_INDEX,
    TIER_NAMES,
    company_tiers,
    list_series,
    sample_categories,
    skill_vector,
    take,
    weighted_subsets,
)

EPOCH = date(1970, 1, 1)
AS_OF_DAY = (date.fromisoformat(cat.AS_OF) - EPOCH).days
CHUNK = 200_000
RECENT_DAYS = 21  # applications this young are often still open
DEFAULT_TIER = "enterprise"  # employers outside the catalogue (a user's own listings)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def _applications_per_applicant(rng: np.random.Generator, n: int) -> np.ndarray:
    """Counts in 5..25 (mean about 10) for n // 10 applicants, nudged to sum to exactly n."""
    if n < 5:
        return np.array([n]) if n else np.zeros(0, dtype=np.int64)
    applicants = max(1, n // 10)
    counts = np.clip(5 + rng.negative_binomial(2, 2 / 7, applicants), 5, 25)
    while (gap := n - int(counts.sum())) != 0:
        room = np.flatnonzero(counts < 25) if gap > 0 else np.flatnonzero(counts > 5)
        if len(room) == 0:  # bounds cannot absorb the gap: add or drop an applicant
            counts = np.append(counts, 5) if gap > 0 else counts[:-1]
            continue
        chosen = rng.choice(room, size=min(abs(gap), len(room)), replace=False)
        counts[chosen] += np.sign(gap)
    return counts


def _applicants(rng: np.random.Generator, count: int) -> dict[str, np.ndarray]:
    """Applicant attributes: major index, class year, GPA, and a boolean skill matrix."""
    majors = sample_categories(rng, np.array([m[1] for m in cat.MAJORS], dtype=float), count)
    years = np.array([y for y, _ in cat.CLASS_YEARS])[
        sample_categories(rng, np.array([w for _, w in cat.CLASS_YEARS]), count)
    ]
    gpa = np.round(np.clip(rng.normal(3.4, 0.35, count), 2.5, 4.0), 2)
    major_probs = np.stack([skill_vector(m[3]) for m in cat.MAJORS])
    skills = np.zeros((count, len(cat.SKILLS)), dtype=bool)
    counts = np.empty(count, dtype=np.int64)
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        # A little of every skill, so applicants are not clones of their major's template.
        probs = major_probs[majors[start:stop]] + 0.01
        drawn = (rng.random(probs.shape) < probs).sum(axis=1)
        counts[start:stop] = np.clip(drawn, 4, 12)
        picks = weighted_subsets(rng, probs, counts[start:stop], 12)
        keep = np.arange(12)[None, :] < counts[start:stop, None]
        rows = np.repeat(np.arange(start, stop), counts[start:stop])
        skills[rows, picks[keep]] = True
        counts[start:stop] = skills[start:stop].sum(axis=1)
    return {"major": majors, "year": years, "gpa": gpa, "skills": skills}


def _listing_table(listings: pl.DataFrame) -> dict[str, np.ndarray]:
    """What the outcome model needs from each listing, as numpy arrays."""
    tiers = company_tiers()
    table = listings.select(
        pl.col("field")
        .fill_null("Other")
        .replace_strict({f: i for i, f in enumerate(FIELDS)}, default=FIELDS.index("Other"), return_dtype=pl.Int64),
        pl.col("company")
        .replace_strict(
            tiers["company"],
            tiers["tier"].replace_strict({t: i for i, t in enumerate(TIER_NAMES)}, return_dtype=pl.Int64),
            default=TIER_NAMES.index(DEFAULT_TIER),
            return_dtype=pl.Int64,
        )
        .alias("tier"),
        (pl.col("posted_date").fill_null(date.fromisoformat(cat.SEASON_START)) - pl.lit(EPOCH))
        .dt.total_days()
        .alias("posted"),
        pl.col("skills").fill_null([]).list.len().alias("n_skills"),
    )
    exploded = (
        listings.select(pl.col("skills").fill_null([]))
        .with_row_index("row")
        .explode("skills")
        .drop_nulls("skills")
        .with_columns(pl.col("skills").replace_strict(SKILL_INDEX, default=-1, return_dtype=pl.Int64))
        .filter(pl.col("skills") >= 0)
    )
    matrix = np.zeros((len(listings), len(cat.SKILLS)), dtype=bool)
    matrix[exploded["row"].to_numpy(), exploded["skills"].to_numpy()] = True
    return {name: table[name].to_numpy() for name in table.columns} | {"skills": np.packbits(matrix, axis=1)}


def _choose_listings(rng: np.random.Generator, major: np.ndarray, table: dict[str, np.ndarray]) -> np.ndarray:
    """A listing per application: a field by the applicant's major, then a listing by employer fame."""
    fields = np.empty(len(major), dtype=np.int64)
    for major_index, spec in enumerate(cat.MAJORS):
        rows = np.flatnonzero(major == major_index)
        weights = np.array([spec[2].get(f, 0.0) for f in FIELDS]) + 0.5  # some stray applications
        fields[rows] = sample_categories(rng, weights, len(rows))
    popularity = np.array([cat.TIER_POPULARITY[t] for t in TIER_NAMES])[table["tier"]]
    order = np.argsort(table["field"], kind="stable")
    cumulative = np.cumsum(popularity[order])
    bounds = np.searchsorted(table["field"][order], np.arange(len(FIELDS) + 1))
    segment_start = np.concatenate([[0.0], cumulative])[bounds[:-1]]
    segment_total = np.concatenate([[0.0], cumulative])[bounds[1:]] - segment_start
    # A field without listings falls back to the whole catalogue.
    empty = segment_total[fields] <= 0
    target = np.where(
        empty,
        rng.random(len(fields)) * cumulative[-1],
        segment_start[fields] + rng.random(len(fields)) * segment_total[fields],
    )
    position = np.minimum(np.searchsorted(cumulative, target, side="right"), len(order) - 1)
    return order[position]


def _outcomes(
    rng: np.random.Generator,
    score: np.ndarray,
    age: np.ndarray,
    accept: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Furthest stage and final status (indices into STAGES / STATUSES) from a logit score and age in days."""
    n = len(score)
    # Young applications have had less time to move through the funnel.
    ripeness = np.clip(age / 28.0, 0.15, 1.0)
    screen = rng.random(n) < _sigmoid(score - 0.3) * ripeness
    interview = screen & (rng.random(n) < _sigmoid(score - 0.1) * ripeness)
    offer = interview & (rng.random(n) < _sigmoid(0.8 * score - 0.4))
    accepted = offer & (rng.random(n) < accept)
    stage_index = screen.astype(np.int8) + interview + offer + accepted
    stage = stage_index

    recent = age <= RECENT_DAYS
    draw = rng.random(n)
    code = {name: i for i, name in enumerate(STATUSES)}
    status = np.where(draw < 0.5, code["no_response"], np.where(draw < 0.94, code["rejected"], code["withdrawn"]))
    later = stage_index >= 1
    status[later] = np.where(
        draw[later] < 0.85, code["rejected"], np.where(draw[later] < 0.95, code["withdrawn"], code["no_response"])
    )
    status[recent & (stage_index < 3) & (rng.random(n) < 0.6)] = code["open"]
    offered = stage_index == 3
    status[offered] = np.where(recent[offered] & (draw[offered] < 0.5), code["open"], code["declined"])
    status[stage_index == 4] = code["accepted"]
    return stage, status


@dataclass(frozen=True)
class Simulation:
    """Sampled applications as parallel arrays (sorted by applicant, date, listing) plus the two lookups."""

    people: pl.DataFrame  # one row per applicant: applicant_id, major, class_year, gpa, applicant_skills
    listing_part: pl.DataFrame  # one row per listing: the columns outcomes copy
    applicant: np.ndarray
    listing: np.ndarray
    applied: np.ndarray  # days since 1970-01-01
    stage: np.ndarray  # index into STAGES
    status: np.ndarray  # index into STATUSES

    @property
    def height(self) -> int:
        """Number of applications."""
        return len(self.applicant)


def simulate_outcomes(listings: pl.DataFrame, n_applications: int, seed: int) -> Simulation:
    """Sample applicants and their applications over `listings` (non-empty, n_applications > 0)."""
    rng = np.random.default_rng([seed, 2])
    per_applicant = _applications_per_applicant(rng, n_applications)
    people = _applicants(rng, len(per_applicant))
    applicant = np.repeat(np.arange(len(per_applicant)), per_applicant)
    table = _listing_table(listings)
    listing = _choose_listings(rng, people["major"][applicant], table)
    for _ in range(4):  # re-draw the rare second application to the same listing
        key = pl.Series(applicant.astype(np.int64) * len(listings) + listing)
        repeat = ~key.is_first_distinct().to_numpy()
        if not repeat.any():
            break
        listing[repeat] = _choose_listings(rng, people["major"][applicant[repeat]], table)

    delay = 1 + np.floor(rng.exponential(9.0, len(listing))).astype(np.int64)
    applied = np.minimum(table["posted"][listing] + delay, AS_OF_DAY)
    ordering = np.lexsort((listing, applied, applicant))
    applicant, listing, applied = applicant[ordering], listing[ordering], applied[ordering]
    del ordering, delay

    packed = np.packbits(people["skills"], axis=1)
    held = np.zeros(len(listing))
    for start in range(0, len(listing), CHUNK):
        stop = min(start + CHUNK, len(listing))
        common = table["skills"][listing[start:stop]] & packed[applicant[start:stop]]
        held[start:stop] = np.bitwise_count(common).sum(axis=1)
    wanted = table["n_skills"][listing]
    match = np.where(wanted > 0, held / np.maximum(wanted, 1), 0.5)
    del held, wanted
    tier = table["tier"][listing]
    selectivity = np.array([cat.TIERS[t]["selectivity"] for t in TIER_NAMES])[tier]
    year = people["year"][applicant]
    score = (
        selectivity
        + 2.4 * (match - 0.5)
        + 1.8 * (people["gpa"][applicant] - 3.4)
        + np.where(year == 2027, 0.15, np.where(year == 2029, -0.2, 0.0))
    )
    del selectivity, year, match
    accept = np.array([cat.TIER_ACCEPT[t] for t in TIER_NAMES])[tier]
    stage, status = _outcomes(rng, score, AS_OF_DAY - applied, accept)
    listing_part = listings.select(
        "listing_id",
        "company",
        "title",
        "field",
        pl.col("terms").list.first().alias("term"),
        pl.col("regions").list.first().alias("region"),
    )
    return Simulation(
        _people_frame(people), listing_part, applicant, listing, applied, stage.astype(np.int8), status.astype(np.int8)
    )


def generate_outcomes(listings: pl.DataFrame, n_applications: int, seed: int) -> pl.DataFrame:
    """`n_applications` canonical outcome rows over `listings`, reproducible from `seed`."""
    if n_applications <= 0 or listings.height == 0:
        return pl.DataFrame(schema=OUTCOMES_SCHEMA)
    simulation = simulate_outcomes(listings, n_applications, seed)
    return assemble_outcomes(simulation, 0, simulation.height)


def iter_outcome_batches(
    listings: pl.DataFrame, n_applications: int, seed: int, batch_rows: int = 1_000_000
) -> Iterator[pl.DataFrame]:
    """The rows of `generate_outcomes(...)` in canonical frames of at most `batch_rows` (bounds memory)."""
    if n_applications <= 0 or listings.height == 0:
        yield pl.DataFrame(schema=OUTCOMES_SCHEMA)
        return
    simulation = simulate_outcomes(listings, n_applications, seed)
    for start in range(0, simulation.height, batch_rows):
        yield assemble_outcomes(simulation, start, min(start + batch_rows, simulation.height))


def _people_frame(people: dict[str, np.ndarray]) -> pl.DataFrame:
    """One row per applicant with the columns every one of their applications repeats."""
    count = len(people["major"])
    skill_rows = people["skills"]
    # Each applicant's skills in catalogue order: the column indices of the True cells.
    picks = np.argsort(~skill_rows, axis=1, kind="stable")[:, :12]
    vocabulary = np.array(cat.SKILLS, dtype=object)
    applicant_skills = list_series("applicant_skills", picks, skill_rows.sum(axis=1), vocabulary)
    width = max(6, len(str(count)))
    majors = np.array([m[0] for m in cat.MAJORS], dtype=object)
    return (
        pl.DataFrame(
            {
                "number": np.arange(1, count + 1),
                "major": take(majors, people["major"]),
                "class_year": pl.Series(people["year"], dtype=pl.Int32()),
                "gpa": people["gpa"],
            }
        )
        .with_columns(applicant_skills)
        .select(
            (pl.lit("A") + pl.col("number").cast(pl.String()).str.zfill(width)).alias("applicant_id"),
            pl.exclude("number"),
        )
    )


def assemble_outcomes(simulation: Simulation, start: int, stop: int) -> pl.DataFrame:
    """Rows start..stop of the simulation as a canonical outcomes frame."""
    app_width = max(8, len(str(simulation.height)))
    frame = pl.concat(
        [
            simulation.people[simulation.applicant[start:stop]],
            simulation.listing_part[simulation.listing[start:stop]],
            pl.DataFrame(
                {
                    "number": np.arange(start + 1, stop + 1),
                    "applied_date": pl.Series(simulation.applied[start:stop], dtype=pl.Int32()).cast(pl.Date()),
                    "stage": take(np.array(STAGES, dtype=object), simulation.stage[start:stop]),
                    "status": take(np.array(STATUSES, dtype=object), simulation.status[start:stop]),
                }
            ),
        ],
        how="horizontal",
    )
    frame = frame.with_columns(
        (pl.lit("P") + pl.col("number").cast(pl.String()).str.zfill(app_width)).alias("application_id"),
        pl.lit("sample").alias("source"),
    )
    return conform(frame, "outcomes")
