"""Time the signature tools (skill gap, employer benchmark) on 1,000,000 listings / 10,000,000 applications.

Run: .venv/bin/python -m benchmarks.bench_tools [--listings N] [--applications M] [--repeat 5]
Prints one table: function, median wall and CPU milliseconds of `--repeat` runs, and the rows returned.
The data is the generator's own output (`benchmarks.bench_app.generated`); `--synthetic` uses the older hand-built
frames instead (listings from benchmarks.bench_analytics, applications with ids and skill sets built here).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

if __package__ in (None, ""):
    # Run as a file (`make bench` does `python benchmarks/bench_tools.py`): put the project root first.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.benchmark import (
    Posting,
    applicant_skill_rows,
    benchmark_posting,
    candidate_pool,
    comparable_openings,
    competition,
    pay_percentile,
    peer_skills_missing,
    skill_commonness,
    skill_count_percentile,
)
from analytics.skill_gap import (
    GapFrames,
    best_openings,
    category_coverage,
    learning_path,
    match_openings,
    missing_skills,
    offer_holder_skills,
    readiness,
)
from analytics.skill_plan import build_plan, build_plan_of
from benchmarks.bench_analytics import SKILLS, parse_args, print_table, synthetic_listings
from benchmarks.bench_app import ROOT, generated
from data_loaders.schema import FIELDS, STAGES, conform

MY_SKILLS = ["Python", "SQL", "Git", "Excel", "Java", "Linux"]
POSTING = Posting(
    title="Software Engineer Intern",
    field="Software Engineering",
    regions=("US-WA",),
    remote=True,
    pay_hourly_usd=35.0,
    skills=("Python", "Docker", "Kubernetes", "Go", "Skill 40"),
)


def skill_sets(rng: np.random.Generator, n: int, max_len: int = 8) -> pl.Series:
    """n deduplicated skill lists of 1..max_len skills, skewed like real demand, built from flat arrays."""
    weights = 1 / np.arange(1, len(SKILLS) + 1) ** 1.1
    lengths = rng.integers(1, max_len + 1, n)
    flat = rng.choice(len(SKILLS), size=int(lengths.sum()), p=weights / weights.sum())
    frame = pl.DataFrame({"row": np.repeat(np.arange(n), lengths), "v": np.array(SKILLS, dtype=object)[flat]})
    return frame.group_by("row", maintain_order=True).agg(pl.col("v").unique(maintain_order=True)).get_column("v")


def synthetic_applications(n: int, listings: pl.DataFrame, applicants: int = 200_000, seed: int = 7) -> pl.DataFrame:
    """n applications by `applicants` people to random listings; each person has one skill set."""
    rng = np.random.default_rng(seed + 2)
    people = pl.DataFrame(
        {
            "applicant_id": pl.Series(np.arange(applicants)).cast(pl.String),
            "applicant_skills": skill_sets(rng, applicants),
        }
    )
    listing_index = rng.integers(0, listings.height, n)
    picked = listings.select("listing_id", "field", pl.col("regions").list.first().alias("region"))[listing_index]
    frame = pl.DataFrame(
        {
            "application_id": pl.Series(np.arange(n)).cast(pl.String),
            "applicant_id": pl.Series(rng.integers(0, applicants, n)).cast(pl.String),
            "stage": pl.Series(rng.choice(np.array(STAGES, dtype=object), n, p=[0.6, 0.2, 0.12, 0.05, 0.03])),
        }
    ).hstack(picked)
    return conform(frame.join(people, on="applicant_id", how="left"), "outcomes")


def main() -> None:
    """Build the frames, time each tool, print the table."""
    args = parse_args(__doc__.splitlines()[0])
    start = time.perf_counter()
    if args.synthetic:
        listings = synthetic_listings(args.listings)
        outcomes = synthetic_applications(args.applications, listings)
    else:  # the generator's own output, as the app shows it (made once under bench_data/generated/)
        data, _ = generated(args.listings, args.applications, ROOT / "bench_data" / "generated")
        listings = pl.read_parquet(data / "listings.parquet").rechunk()
        outcomes = pl.read_parquet(data / "outcomes.parquet")
    print(
        f"built {listings.height:,} listings and {outcomes.height:,} applications in {time.perf_counter() - start:.1f} s"
    )
    gap = GapFrames(listings, MY_SKILLS)
    build_plan_of(gap)  # the gap frames a page keeps between reruns
    people = applicant_skill_rows(outcomes) if "applicant_skills" in outcomes.columns else None
    peers, description = comparable_openings(listings, POSTING)
    print(description)
    cases: dict[str, Callable[[], object]] = {
        "match_openings (all, sorted)": lambda: match_openings(listings, MY_SKILLS),
        "best_openings (top 20)": lambda: best_openings(listings, MY_SKILLS, 20),
        "readiness (+distribution)": lambda: readiness(listings, MY_SKILLS),
        "missing_skills (k=20)": lambda: missing_skills(listings, MY_SKILLS, 20),
        "learning_path (5 steps)": lambda: learning_path(listings, MY_SKILLS, 5),
        "category_coverage (taxonomy)": lambda: category_coverage(listings, MY_SKILLS),
        "build_plan (all of the above)": lambda: build_plan(listings, MY_SKILLS),
        "build_plan_of (kept gap, new threshold)": lambda: build_plan_of(gap, threshold=0.6),
        "offer_holder_skills (applications)": lambda: offer_holder_skills(outcomes, FIELDS[0], MY_SKILLS),
        "comparable_openings": lambda: comparable_openings(listings, POSTING)[0],
        "comparable_openings (whole field)": lambda: comparable_openings(listings, POSTING, 10**9)[0],
        "pay_percentile": lambda: pay_percentile(peers, 35.0),
        "skill_commonness": lambda: skill_commonness(peers, POSTING.skills),
        "peer_skills_missing": lambda: peer_skills_missing(peers, POSTING.skills),
        "skill_count_percentile": lambda: skill_count_percentile(peers, len(POSTING.skills)),
        "candidate_pool (applications)": lambda: candidate_pool(outcomes, peers, POSTING.skills),
        "candidate_pool (peer skill sets)": lambda: candidate_pool(None, peers, POSTING.skills),
        "candidate_pool (applicants table)": lambda: candidate_pool(people, peers, POSTING.skills),
        "competition (applications)": lambda: competition(outcomes, peers),
        "benchmark_posting (everything)": lambda: benchmark_posting(listings, POSTING, outcomes),
    }
    print_table(cases, args)


if __name__ == "__main__":
    main()
