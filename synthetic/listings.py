"""Seeded, vectorised generator of canonical sample listings (fictional companies, real places).

`generate_listings` builds the listings frame (`synthetic.outcomes.generate_outcomes` the outcomes over it);
`generate_to_dir` writes both as zstd Parquet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from data_loaders.schema import FIELDS, LISTINGS_SCHEMA, SPONSORSHIP, WORK_MODES, conform
from synthetic import catalog as cat
from synthetic.outcomes import iter_outcome_batches
from synthetic.pay import pay_columns
from synthetic.tables import (
    TIER_NAMES,
    build_catalog,
    list_series,
    sample_categories,
    sample_rows,
    take,
    weighted_subsets,
)

__all__ = ["generate_listings", "generate_to_dir"]

CHUNK = 200_000  # rows per block for the (rows x cities/skills) matrices: bounds memory at 1M rows
LOCATION_COUNTS = np.array([0.78, 0.09, 0.06, 0.03, 0.02, 0.02])  # P(1..6 locations)
OUTCOME_BATCH = 1_000_000  # rows per Parquet row group of outcomes
AI_GROWTH = (0.5, 1.8)  # AI weight multiplier at the season's start and end


def generate_to_dir(out_dir: Path, listings: int, applications: int, seed: int) -> dict[str, Path]:
    """Generate both frames and write them as zstd Parquet into `out_dir`; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    listing_frame = generate_listings(listings, seed)
    paths = {"listings": out_dir / "listings.parquet", "outcomes": out_dir / "outcomes.parquet"}
    listing_frame.write_parquet(paths["listings"], compression="zstd")
    # Outcomes go out in batches (one row group each) so 10M rows never sit in memory as one frame.
    writer = None
    try:
        for batch in iter_outcome_batches(listing_frame, applications, seed, OUTCOME_BATCH):
            table = batch.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(paths["outcomes"], table.schema, compression="zstd")
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return paths


def _season_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Posting day offsets (0..179) from 2026-06-01: a broad hump peaking in August, sorted."""
    span = (date.fromisoformat(cat.SEASON_END) - date.fromisoformat(cat.SEASON_START)).days
    days = np.floor(rng.beta(1.5, 1.8, n) * (span + 1)).astype(np.int64)
    return np.sort(np.minimum(days, span))


def _sample_locations(
    rng: np.random.Generator,
    company: np.ndarray,
    field: np.ndarray,
    remote: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """City indices per listing (rows x 6, best first) and how many of them each listing shows."""
    catalog = build_catalog()
    n = len(company)
    counts = sample_categories(rng, LOCATION_COUNTS, n) + 1
    counts[remote] = 1
    is_cyber = field == FIELDS.index("Cybersecurity")
    dc_weight = np.where(catalog.city_is_dc, catalog.global_weight, 0.0)
    dc_weight /= dc_weight.sum()
    picks = np.empty((n, 6), dtype=np.int64)
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        weights = catalog.company_home[company[start:stop]]
        weights += 0.03 * catalog.global_weight
        # Security work clusters around DC, Northern Virginia and Maryland whoever the employer is.
        weights[is_cyber[start:stop]] += 0.7 * dc_weight
        picks[start:stop] = weighted_subsets(rng, weights, counts[start:stop], 6)
    return picks, counts


def _location_columns(picks: np.ndarray, counts: np.ndarray, remote: np.ndarray) -> pl.DataFrame:
    """The four location list columns; remote listings show "Remote in <country>" with no city."""
    catalog = build_catalog()
    city_counts = np.where(remote, 0, counts)
    remote_display = np.array([cat.REMOTE_DISPLAY[c] for c in catalog.city_country], dtype=object)
    # Remote rows: one display string (indexed into a combined vocabulary) and one country.
    display_vocab = np.concatenate([catalog.city_display, remote_display])
    display_idx = np.where(remote[:, None], picks + len(catalog.city_display), picks)
    frame = pl.DataFrame(
        [
            list_series("locations", display_idx, counts, display_vocab),
            list_series("cities", picks, city_counts, catalog.city_name),
            list_series("regions", picks, city_counts, catalog.city_region),
            # Remote rows keep one pick, so their countries list is the hiring country alone.
            list_series("countries", picks, counts, catalog.city_country),
        ]
    )
    return frame.with_columns(pl.col("regions", "countries").list.unique(maintain_order=True))


def _sample_skills(rng: np.random.Generator, field: np.ndarray, tier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Skill indices (rows x 10) and counts (3..10) from a field profile tilted by the employer's tier."""
    catalog = build_catalog()
    n = len(field)
    profile = np.empty(n, dtype=np.int64)
    for field_index in range(len(FIELDS)):
        rows = np.flatnonzero(field == field_index)
        options = np.flatnonzero(catalog.profile_field == field_index)
        profile[rows] = options[sample_categories(rng, catalog.profile_weight[options], len(rows))]
    soft = np.zeros(len(cat.SKILLS))
    soft[[cat.SKILLS.index("Communication"), cat.SKILLS.index("Teamwork")]] = cat.SOFT_SKILL_RATE
    picks = np.zeros((n, 10), dtype=np.int64)
    counts = np.empty(n, dtype=np.int64)
    # One profile at a time, over only the dozen skills it can name: small matrices, same draws.
    for profile_index, base in enumerate(catalog.profile_probs):
        rows = np.flatnonzero(profile == profile_index)
        columns = np.flatnonzero((base > 0) | (soft > 0))
        probs = np.where(
            base[columns] > 0, np.minimum(base[columns] + catalog.tier_boost[tier[rows]][:, columns], 0.97), 0.0
        )
        probs = np.maximum(probs, soft[columns])
        # Postings list a few skills beyond their core, hence the small bonus.
        drawn = (rng.random(probs.shape) < probs).sum(axis=1) + rng.integers(0, 3, len(rows))
        counts[rows] = np.minimum(np.clip(drawn, 3, 10), len(columns))
        chosen = weighted_subsets(rng, probs, counts[rows], 10)
        picks[rows[:, None], np.arange(chosen.shape[1])[None, :]] = columns[chosen]
    return picks, counts


def _sample_fields(rng: np.random.Generator, tier: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Field index per listing from the tier's mix; AI & Machine Learning grows through the season."""
    weights = np.array([[cat.TIERS[t]["fields"].get(f, 0.0) for f in FIELDS] for t in TIER_NAMES])
    probs = weights[tier]
    progress = day / max(int(day.max(initial=0)), 1)
    probs[:, FIELDS.index("AI & Machine Learning")] *= AI_GROWTH[0] + (AI_GROWTH[1] - AI_GROWTH[0]) * progress
    return sample_rows(rng, probs)


def _titles_and_terms(rng: np.random.Generator, field: np.ndarray, day: np.ndarray) -> pl.DataFrame:
    """Title and terms columns: a per-field title stem, sometimes suffixed with the term."""
    n = len(field)
    stems = [stem for f in FIELDS for stem, _ in cat.TITLES[f]]
    offsets = np.cumsum([0] + [len(cat.TITLES[f]) for f in FIELDS])
    stem = np.empty(n, dtype=np.int64)
    for field_index, f in enumerate(FIELDS):
        rows = np.flatnonzero(field == field_index)
        weights = np.array([w for _, w in cat.TITLES[f]])
        stem[rows] = offsets[field_index] + sample_categories(rng, weights, len(rows))
    term_options = [terms for terms, _ in cat.TERM_CHOICES]
    term = sample_categories(rng, np.array([w for _, w in cat.TERM_CHOICES]), n)
    # Fall 2026 roles stop being posted once the fall has begun: late ones become Spring 2027.
    fall, spring = term_options.index(("Fall 2026",)), term_options.index(("Spring 2027",))
    term[(term == fall) & (day > 80)] = spring
    style = sample_categories(rng, np.array([0.62, 0.26, 0.12]), n)
    frame = pl.DataFrame(
        {
            "stem": take(np.array(stems, dtype=object), stem),
            "terms": pl.Series([list(t) for t in term_options], dtype=pl.List(pl.String())).gather(term),
            "style": style,
        }
    )
    first_term = pl.col("terms").list.first()
    title = (
        pl.when(pl.col("style") == 1)
        .then(pl.format("{} - {}", "stem", first_term))
        .when(pl.col("style") == 2)
        .then(pl.format("{} ({})", "stem", first_term))
        .otherwise(pl.col("stem"))
    )
    return frame.select(title.alias("title"), "terms")


def _pick_by_tier(rng: np.random.Generator, tier: np.ndarray, key: str) -> np.ndarray:
    """An option index per row, with per-tier probabilities from the catalogue entry `key`."""
    return sample_rows(rng, np.array([cat.TIERS[t][key] for t in TIER_NAMES])[tier])


def generate_listings(n: int, seed: int) -> pl.DataFrame:
    """`n` canonical listings from fictional companies in real places, reproducible from `seed`."""
    if n <= 0:
        return pl.DataFrame(schema=LISTINGS_SCHEMA)
    rng = np.random.default_rng([seed, 1])
    catalog = build_catalog()
    day = _season_days(rng, n)
    company = sample_categories(rng, catalog.company_weight, n)
    tier = catalog.company_tier[company]
    field = _sample_fields(rng, tier, day)
    work_mode = _pick_by_tier(rng, tier, "work_modes")
    remote = work_mode == WORK_MODES.index("remote")
    location_picks, location_counts = _sample_locations(rng, company, field, remote)
    skill_picks, skill_counts = _sample_skills(rng, field, tier)
    first_city = location_picks[:, 0]
    place_pay = catalog.city_pay[first_city] * np.where(remote, cat.REMOTE_PAY, 1.0)
    field_pay = np.array([cat.FIELD_PAY[f] for f in FIELDS])[field]
    tier_pay = np.array([cat.TIERS[t]["pay"] for t in TIER_NAMES])[tier]
    hourly = field_pay * tier_pay * place_pay * rng.lognormal(0.0, 0.16, n)
    unpaid = rng.random(n) < np.array([cat.TIERS[t]["unpaid"] for t in TIER_NAMES])[tier]
    undisclosed = rng.random(n) < np.array([cat.TIERS[t]["undisclosed"] for t in TIER_NAMES])[tier]
    pay = pay_columns(rng, hourly, unpaid, undisclosed & ~unpaid)
    titles_terms = _titles_and_terms(rng, field, day)
    age = (day.max(initial=0) + 1 - day) / 180.0
    active = rng.random(n) < np.clip(0.95 - 0.8 * age, 0.08, 0.95)
    sponsorship = _pick_by_tier(rng, tier, "sponsorship")
    start = date.fromisoformat(cat.SEASON_START)

    frame = pl.DataFrame(
        {
            "row": np.arange(1, n + 1),
            "company": take(catalog.company_name, company),
            "slug": take(catalog.company_slug, company),
            "field": take(np.array(FIELDS, dtype=object), field),
            "work_mode": take(np.array(WORK_MODES, dtype=object), work_mode),
            "posted_date": pl.Series(day, dtype=pl.Int32()),
            "active": active,
            "sponsorship": take(np.array(SPONSORSHIP, dtype=object), sponsorship),
        }
    )
    width = max(7, len(str(n)))
    frame = pl.concat(
        [
            frame,
            titles_terms,
            _location_columns(location_picks, location_counts, remote),
            pl.DataFrame([list_series("skills", skill_picks, skill_counts, np.array(cat.SKILLS, dtype=object))]),
            pay,
        ],
        how="horizontal",
    )
    listing_id = pl.lit("L") + pl.col("row").cast(pl.String()).str.zfill(width)
    frame = frame.with_columns(
        listing_id.alias("listing_id"),
        (pl.lit(start) + pl.duration(days=pl.col("posted_date"))).cast(pl.Date()).alias("posted_date"),
        pl.format("https://careers.{}.example/jobs/{}", "slug", listing_id.str.to_lowercase()).alias("url"),
        pl.lit("sample").alias("source"),
    )
    return conform(frame, "listings")
