"""Side by side: each question the pages ask, answered by our analytics and by a straightforward pandas version.

Run: .venv/bin/python -m benchmarks.bench_pandas [--listings 1000000] [--applications 10000000] [--repeat 3]
[--questions "offer rate,pay percentile"]
On the generator's output (bench_data/generated/, made on first use, as benchmarks/bench_app.py). Each question
is answered both ways on the same data, the answers are checked equal (a question whose answers differ is a
failure, exit 1), and the medians of `--repeat` runs are printed with the ratio pandas / ours (> 1: ours is
faster). The pandas versions are what an analyst would write first: groupby/agg, value_counts, explode, apply
where pandas has no vectorised form (set containment), on frames converted once, outside the timing. Ours reads
the frames as the app holds them (outcomes compact: data_loaders/compact.py); pandas gets plain columns.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from analytics.benchmark import Posting, posting_pay_percentile
from analytics.overview import openings_by_field
from analytics.rates import outcomes_to_counts
from analytics.skill_gap import readiness
from analytics.skills_demand import top_skills
from data_loaders.compact import read_compact_outcomes

ROOT = Path(__file__).resolve().parent.parent
FIELD = "Data Science & Analytics"
PAY = 30.0
MINE = ["Python", "SQL", "Tableau", "Excel", "Pandas", "Statistics"]
OFFER_STAGES = ["offer", "accepted"]


def _questions(listings: pl.DataFrame, outcomes: pl.DataFrame, pdl: Any, pdo: Any) -> list[tuple[str, Any, Any]]:
    """(question, ours() -> comparable answer, pandas() -> comparable answer)."""
    mine = set(MINE)

    def ours_offer_rate() -> dict[str, tuple[int, int]]:
        counts = outcomes_to_counts(outcomes, ["company"])
        return {r["company"]: (r["applications"], r["offers"]) for r in counts.iter_rows(named=True)}

    def pandas_offer_rate() -> dict[str, tuple[int, int]]:
        frame = pdo[["company", "stage"]].assign(offer=pdo["stage"].isin(OFFER_STAGES))
        grouped = frame.groupby("company", observed=True)["offer"].agg(["size", "sum"])
        return {
            str(c): (int(n), int(k)) for c, n, k in zip(grouped.index, grouped["size"], grouped["sum"], strict=True)
        }

    def ours_pay_percentile() -> float:
        # The pay question on its own: the peers' rows and pay (analytics/benchmark.py: posting_pay_percentile).
        return round(
            float(posting_pay_percentile(listings, Posting(title="Data Intern", field=FIELD), PAY)["percentile"]), 9
        )

    def pandas_pay_percentile() -> float:
        pays = pdl.loc[pdl["field"] == FIELD, "pay_hourly_usd"].dropna()
        return round(float(((pays < PAY).sum() + 0.5 * (pays == PAY).sum()) / len(pays)), 9)

    def ours_top_skills() -> list[tuple[str, int]]:
        return [(r["skill"], r["count"]) for r in top_skills(listings, 20).iter_rows(named=True)]

    def pandas_top_skills() -> list[tuple[str, int]]:
        counts = pdl["skills"].explode().dropna().value_counts()
        counts = counts.reset_index().sort_values(["count", "skills"], ascending=[False, True]).head(20)
        return [(str(s), int(n)) for s, n in zip(counts["skills"], counts["count"], strict=True)]

    def ours_readiness() -> tuple[int, int]:
        result = readiness(listings, MINE, 0.8)
        return result["n_considered"], result["n_above_threshold"]

    def pandas_readiness() -> tuple[int, int]:
        with_skills = pdl["skills"][pdl["skills"].map(len) > 0]
        share = with_skills.map(lambda s: len(set(s) & mine) / len(set(s)))
        return len(with_skills), int((share >= 0.8 - 1e-9).sum())

    def ours_by_field() -> dict[str, tuple[int, float, int]]:
        rows = openings_by_field(listings).iter_rows(named=True)
        return {r["field"]: (r["openings"], round(r["median_pay"], 6), r["n_with_pay"]) for r in rows}

    def pandas_by_field() -> dict[str, tuple[int, float, int]]:
        grouped = pdl.groupby("field")["pay_hourly_usd"].agg(["size", "median", "count"])
        return {str(f): (int(n), round(float(m), 6), int(c)) for f, (n, m, c) in grouped.iterrows()}

    return [
        ("offer rate by company (10 M applications)", ours_offer_rate, pandas_offer_rate),
        ("pay percentile within a field", ours_pay_percentile, pandas_pay_percentile),
        ("top 20 skills", ours_top_skills, pandas_top_skills),
        ("skill-gap readiness (≥ 80 % matched)", ours_readiness, pandas_readiness),
        ("openings and median pay by field", ours_by_field, pandas_by_field),
    ]


def _median_ms(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall milliseconds of `repeat` runs, and the last answer."""
    times, answer = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        answer = run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), answer


def main(argv: list[str] | None = None) -> int:
    """Load the generator's output, answer each question both ways, print the table (exit 1 on a differing answer)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "bench_pandas.json")
    parser.add_argument(
        "--questions", default="", help="comma-separated words: only the questions whose name holds one (default: all)"
    )
    args = parser.parse_args(argv)
    wanted = [word.strip().lower() for word in args.questions.split(",") if word.strip()]

    from benchmarks.bench_app import generated

    data, _ = generated(args.listings, args.applications, ROOT / "bench_data" / "generated")
    listings = pl.read_parquet(data / "listings.parquet").rechunk()
    outcomes = read_compact_outcomes(data / "outcomes.parquet")  # as the app holds them (data_loaders/compact.py)
    pdl = listings.select("field", "pay_hourly_usd", "skills").to_pandas()
    pdo = pl.read_parquet(data / "outcomes.parquet", columns=["company", "stage"]).to_pandas()  # plain strings
    load = os.getloadavg()[0]
    rows, failed = [], False
    print(f"{'question':<44}{'ours ms':>10}{'pandas ms':>11}{'pandas/ours':>13}  same answer")
    for name, ours, pandas_version in _questions(listings, outcomes, pdl, pdo):
        if wanted and not any(word in name.lower() for word in wanted):
            continue
        ours_ms, ours_answer = _median_ms(ours, args.repeat)
        pandas_ms, pandas_answer = _median_ms(pandas_version, args.repeat)
        same = ours_answer == pandas_answer
        failed |= not same
        ratio = pandas_ms / ours_ms if ours_ms else float("inf")
        rows.append({"question": name, "ours_ms": ours_ms, "pandas_ms": pandas_ms, "ratio": ratio, "same": same})
        print(f"{name:<44}{ours_ms:>10.1f}{pandas_ms:>11.1f}{ratio:>12.1f}×  {'yes' if same else 'NO'}", flush=True)
    faster = sum(row["ratio"] > 1 for row in rows)
    print(f"ours faster on {faster} of {len(rows)} questions (load average {load:.1f} → {os.getloadavg()[0]:.1f})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"sizes": [args.listings, args.applications], "load": load, "rows": rows}, indent=1)
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
