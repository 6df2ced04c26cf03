"""Time every market-explorer analytics function on 1,000,000 listings / 10,000,000 applications.

Run: .venv/bin/python -m benchmarks.bench_analytics [--listings N] [--applications M] [--repeat 5]
Prints one table: function, median wall and CPU milliseconds of `--repeat` runs, and the rows returned.
The data is the generator's own output (`python -m synthetic`, kept under bench_data/generated/);
`--synthetic` uses the older quick hand-built frames instead. benchmarks/bench_app.py times the pages themselves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from analytics.filters import FilterSpec, available_options
from analytics.openings import comparable_acceptance, openings_table, similar_openings, to_csv_bytes
from analytics.overview import (
    openings_by_city,
    openings_by_field,
    openings_by_region,
    overview_kpis,
    postings_over_time,
    postings_per_week,
)
from analytics.rate_view import rate_view
from analytics.rates import acceptance_rates, funnel, outcomes_to_counts, selectivity_ranking
from analytics.skills_demand import (
    co_occurring_skills,
    pay_premium,
    skill_field_matrix,
    skill_trends,
    top_skills,
    trend_summary,
)
from data_loaders.schema import FIELDS, SPONSORSHIP, STAGES, WORK_MODES, conform

SKILLS = [
    "Python",
    "SQL",
    "Java",
    "C++",
    "JavaScript",
    "React",
    "AWS",
    "Docker",
    "Kubernetes",
    "Go",
    "Rust",
    "R",
    "Excel",
    "Tableau",
    "PyTorch",
    "TensorFlow",
    "Linux",
    "Git",
    "Spark",
    "Pandas",
    "Figma",
    "Verilog",
    "MATLAB",
    "Kotlin",
    "Swift",
    "TypeScript",
    "Node.js",
    "GCP",
    "Azure",
    "Terraform",
] + [f"Skill {i}" for i in range(170)]
PLACES = [
    ("Austin", "US-TX", "US"),
    ("Seattle", "US-WA", "US"),
    ("San Francisco", "US-CA", "US"),
    ("New York", "US-NY", "US"),
    ("Chicago", "US-IL", "US"),
    ("Toronto", "CA-ON", "CA"),
    ("London", "GB-ENG", "GB"),
    ("Bengaluru", "IN-KA", "IN"),
    ("Boston", "US-MA", "US"),
    ("Los Angeles", "US-CA", "US"),
]
TERMS = ["Summer 2026", "Fall 2026", "Winter 2027", "Summer 2027"]


def _lists(
    rng: np.random.Generator, vocabulary: list[str], n: int, max_len: int, weights: np.ndarray | None = None
) -> pl.Series:
    """n lists of 1..max_len items drawn from vocabulary, built from flat arrays (no per-row Python)."""
    lengths = rng.integers(1, max_len + 1, n)
    flat = rng.choice(len(vocabulary), size=int(lengths.sum()), p=weights)
    values = pl.Series(np.array(vocabulary, dtype=object)[flat], dtype=pl.String)
    frame = pl.DataFrame({"v": values, "row": np.repeat(np.arange(n), lengths)})
    return frame.group_by("row", maintain_order=True).agg(pl.col("v").unique(maintain_order=True))["v"]


def synthetic_listings(n: int, seed: int = 7) -> pl.DataFrame:
    """n canonical listings with skewed skills, one place each, pay for ~70 %, dates over 26 weeks."""
    rng = np.random.default_rng(seed)
    skill_weights = 1 / np.arange(1, len(SKILLS) + 1) ** 1.1
    skill_weights /= skill_weights.sum()
    place_index = rng.integers(0, len(PLACES), n)
    place = np.array(PLACES, dtype=object)
    pay = rng.lognormal(3.4, 0.3, n)
    pay[rng.random(n) < 0.3] = np.nan
    frame = pl.DataFrame(
        {
            "listing_id": pl.Series(np.arange(n)).cast(pl.String),
            "company": pl.Series(rng.integers(0, 20_000, n)).cast(pl.String).str.replace(r"^", "Company "),
            "title": pl.Series(
                rng.choice(
                    [
                        "Software Engineer Intern",
                        "Data Analyst Intern",
                        "ML Research Intern",
                        "Security Intern",
                        "Hardware Intern",
                    ],
                    n,
                )
            ),
            "field": pl.Series(rng.choice(np.array(FIELDS, dtype=object), n)),
            "work_mode": pl.Series(rng.choice(np.array(WORK_MODES, dtype=object), n, p=[0.55, 0.25, 0.15, 0.05])),
            "skills": _lists(rng, SKILLS, n, 8, skill_weights),
            "pay_hourly_usd": pl.Series(pay).fill_nan(None),
            "terms": _lists(rng, TERMS, n, 1),
            "_day": rng.integers(0, 182, n),
            "active": pl.Series(rng.random(n) < 0.8),
            "sponsorship": pl.Series(rng.choice(np.array(SPONSORSHIP, dtype=object), n)),
            "url": pl.Series(rng.integers(0, n, n)).cast(pl.String).str.replace(r"^", "https://jobs.example/"),
            "_city": pl.Series(place[place_index, 0]),
            "_region": pl.Series(place[place_index, 1]),
            "_country": pl.Series(place[place_index, 2]),
        }
    ).with_columns(
        posted_date=pl.lit(dt.date(2026, 9, 1)) + pl.duration(days=pl.col("_day")),
        cities=pl.concat_list("_city"),
        regions=pl.concat_list("_region"),
        countries=pl.concat_list("_country"),
        locations=pl.concat_list("_city"),
    )
    return conform(frame, "listings")


def synthetic_outcomes(n: int, seed: int = 7, applicants: int | None = None) -> pl.DataFrame:
    """n per-application rows with a funnel-shaped stage distribution; with `applicants`, ids of that many people."""
    rng = np.random.default_rng(seed + 1)
    columns = {
        "company": pl.Series(rng.integers(0, 20_000, n)).cast(pl.String).str.replace(r"^", "Company "),
        "field": pl.Series(rng.choice(np.array(FIELDS, dtype=object), n)),
        "stage": pl.Series(rng.choice(np.array(STAGES, dtype=object), n, p=[0.6, 0.2, 0.12, 0.05, 0.03])),
        "gpa": rng.uniform(2.5, 4.0, n),
    }
    if applicants:
        columns["applicant_id"] = pl.Series(rng.integers(0, applicants, n)).cast(pl.String)
    return conform(pl.DataFrame(columns), "outcomes")


def time_call(function: Callable[[], object], repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds over `repeat` runs, and the height of what the last run returned.

    CPU time (all threads of this process) is reported too because on a shared, busy machine the
    wall time mostly measures the neighbours; CPU ms / cores is the wall time on an idle machine.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    height = getattr(result, "height", None) or getattr(getattr(result, "frame", None), "height", None)
    if height is None:
        height = len(result) if hasattr(result, "__len__") else 1
    return statistics.median(walls), statistics.median(cpus), height


def _frames(args: argparse.Namespace) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(listings, outcomes without applicant ids, the same outcomes with them), built or generated as asked."""
    start = time.perf_counter()
    if args.synthetic:
        listings = synthetic_listings(args.listings)
        outcomes = synthetic_outcomes(args.applications)
        # The same applications with applicant ids (10 per person): the applicant-aware path (distinct-applicant
        # sizes, complementary suppression, clustered intervals) that real outcome files with ids take.
        with_ids = synthetic_outcomes(args.applications, applicants=max(args.applications // 10, 1))
    else:  # the generator's own output (made once under bench_data/generated/), as the app shows it
        from benchmarks.bench_app import ROOT, generated

        data, _ = generated(args.listings, args.applications, ROOT / "bench_data" / "generated")
        listings = pl.read_parquet(data / "listings.parquet").rechunk()
        with_ids = pl.read_parquet(data / "outcomes.parquet")
        # The rows without applicant ids: the plain (applications-only) path an outcome file without ids takes.
        outcomes = with_ids.with_columns(pl.lit(None, dtype=pl.String).alias("applicant_id"))
    print(
        f"built {listings.height:,} listings and {outcomes.height:,} applications in {time.perf_counter() - start:.1f} s"
    )
    return listings, outcomes, with_ids


def _cases(listings: pl.DataFrame, outcomes: pl.DataFrame, with_ids: pl.DataFrame) -> dict[str, Callable[[], object]]:
    """Every timed call by its name, in table order."""
    counts = outcomes_to_counts(outcomes, ["company", "field"])
    spec = FilterSpec(
        fields=("Software Engineering", "Data Science & Analytics"),
        regions=("US-CA", "US-TX"),
        skills=("Python", "SQL"),
        pay_min=20,
        search="intern",
    )
    filtered = spec.apply(listings)
    some_id = listings["listing_id"][12345 % listings.height]
    return {
        "FilterSpec.apply (6 filters)": lambda: spec.apply(listings),
        "FilterSpec.apply (default)": lambda: FilterSpec().apply(listings),
        "available_options": lambda: available_options(listings, FilterSpec(countries=("US",))),
        "overview_kpis (+10M outcomes)": lambda: overview_kpis(listings, outcomes),
        "overview_kpis (counts)": lambda: overview_kpis(listings, counts),
        "openings_by_field": lambda: openings_by_field(listings),
        "openings_by_region": lambda: openings_by_region(listings),
        "openings_by_city": lambda: openings_by_city(listings),
        "postings_per_week (by field)": lambda: postings_per_week(listings, by_field=True),
        "postings_over_time": lambda: postings_over_time(listings),
        "openings_table (page 1 by pay)": lambda: openings_table(listings, "pay_hourly_usd", True, 50, 0),
        "similar_openings": lambda: similar_openings(listings, some_id),
        "comparable_acceptance (10M)": lambda: comparable_acceptance(
            outcomes, {"company": "Company 7", "field": FIELDS[0]}
        ),
        "to_csv_bytes (filtered)": lambda: to_csv_bytes(filtered),
        "top_skills": lambda: top_skills(listings, 20),
        "skill_field_matrix": lambda: skill_field_matrix(listings, 15),
        "co_occurring_skills": lambda: co_occurring_skills(listings, "Python"),
        "skill_trends (1w)": lambda: skill_trends(listings, "1w"),
        "trend_summary (1mo)": lambda: trend_summary(listings, "1mo"),
        "pay_premium": lambda: pay_premium(listings, 30),
        "funnel (10M outcomes)": lambda: funnel(outcomes),
        "acceptance_rates by company (10M)": lambda: acceptance_rates(outcomes, "company"),
        "acceptance_rates by gpa_band (10M)": lambda: acceptance_rates(outcomes, "gpa_band"),
        "selectivity_ranking (counts)": lambda: selectivity_ranking(counts, "company"),
        "funnel (10M, applicant ids)": lambda: funnel(with_ids),
        "acceptance_rates by company (ids)": lambda: acceptance_rates(with_ids, "company"),
        "acceptance_rates by gpa_band (ids)": lambda: acceptance_rates(with_ids, "gpa_band"),
        "overview_kpis (+10M, applicant ids)": lambda: overview_kpis(listings, with_ids),
        "rate_view by company (counts)": lambda: rate_view(outcomes, FilterSpec(), "company"),
        "rate_view by company (ids)": lambda: rate_view(with_ids, FilterSpec(), "company"),
        "rate_view by company, 1 field (ids)": lambda: rate_view(with_ids, FilterSpec(fields=(FIELDS[0],)), "company"),
    }


def parse_args(description: str) -> argparse.Namespace:
    """The options of the analytics and tools benchmarks: data sizes, repeats, data source, which functions."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", action="store_true", help="hand-built frames instead of the generator's output")
    parser.add_argument(
        "--only", default="", help="time only the functions whose name contains one of these comma-separated texts"
    )
    return parser.parse_args()


def print_table(cases: dict[str, Callable[[], object]], args: argparse.Namespace) -> None:
    """Time each case whose name matches `--only` and print its row: median wall and CPU ms, rows returned."""
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'function':<38} {'wall ms':>10} {'CPU ms':>10} {'rows':>10}")
    for name, function in cases.items():
        if not any(part in name for part in args.only.split(",")):
            continue
        wall, cpu, rows = time_call(function, args.repeat)
        print(f"{name:<38} {wall:>10.1f} {cpu:>10.1f} {rows:>10,}", flush=True)


def main() -> None:
    """Build the frames, time each function, print the table."""
    args = parse_args(__doc__.splitlines()[0])
    listings, outcomes, with_ids = _frames(args)
    print_table(_cases(listings, outcomes, with_ids), args)


if __name__ == "__main__":
    main()
