"""The app at scale, on the generator's own output: per-analytic times, per-page AppTest times for each interaction,
cold start, RSS steady and peak, and a concurrency run (N sessions asking the same cold keys).

Run: .venv/bin/python -m benchmarks.bench_app [--listings 1000000] [--applications 10000000] [--repeat 3]
     [--page-rounds 3] [--threads 10] [--json artifacts/bench_app.json] [--small]
The data is `python -m synthetic` output (kept under bench_data/generated/, made on first use), never a
hand-stripped frame. Prints a table and writes JSON with the machine and its load average. Timings on a shared
machine are noisy: compare medians and ratios from one run. `--small` (2,000 / 20,000, two page rounds) is what CI
runs, without any timing assertion, to keep the harness working.

Each page is visited `--page-rounds` times, each in a new session choosing new values (another field and country,
other slider values), so a step that adds a filter is timed on a view nobody asked for before in every round; the
table shows each step's median and range. The page runs compile each script once, as a server does;
`--compile-every-run` times them as AppTest runs them (it compiles the entry script and the page on every run).
The pages and the concurrency run come first, as a server meets them after its load; the per-analytic rows (each
analytic called straight, without the memo) run last, so their freed memory is not counted in the pages' RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_app_pages import MY_SKILLS, cold_start, cold_start_child, compile_once, page_runs
from benchmarks.bench_measure import RssSampler, machine, peak_rss_mb, rss_mb, settled_rss_mb, timed

ROOT = Path(__file__).resolve().parent.parent
SMALL = (2_000, 20_000)


# ---- data ---------------------------------------------------------------------------------------------------
def generated(listings: int, applications: int, root: Path, seed: int = 7) -> tuple[Path, float]:
    """The generator's output for these sizes (made once under `root`, then reused), and the seconds it took now (0 if reused)."""
    from synthetic import generate_to_dir

    directory = root / f"{listings}_{applications}_{seed}"
    if (directory / "outcomes.parquet").is_file() and (directory / "listings.parquet").is_file():
        return directory, 0.0
    start = time.perf_counter()
    generate_to_dir(directory / "partial", listings, applications, seed)
    for name in ("listings.parquet", "outcomes.parquet"):
        (directory / "partial" / name).rename(directory / name)
    (directory / "partial").rmdir()
    return directory, time.perf_counter() - start


# ---- analytics ----------------------------------------------------------------------------------------------
def counted(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)`, counting the call in COMPUTATIONS (what the concurrency run checks)."""
    with _COUNT_LOCK:
        COMPUTATIONS.append(function.__qualname__)
    return function(*args, **kwargs)


COMPUTATIONS: list[str] = []
_COUNT_LOCK = threading.Lock()


def analytic_cases(dataset: Any) -> dict[str, Callable[[], Any]]:
    """Every analytic a page calls, on the whole dataset, as the pages call it."""
    from analytics import overview, skills_demand
    from analytics.benchmark import Posting, benchmark_posting
    from analytics.filters import FilterSpec, available_options, option_frame
    from analytics.rate_view import rate_view
    from analytics.rates import outcomes_to_counts
    from analytics.skill_gap import category_coverage, offer_holder_skills
    from analytics.skill_plan import build_plan

    listings, outcomes = dataset.listings, dataset.outcomes
    default, one_field = FilterSpec(), FilterSpec(fields=("Data Science",))
    field = listings.get_column("field").drop_nulls().mode().sort()[0]
    posting = Posting(
        title="Data Science Intern",
        field=field,
        regions=("US-CA",),
        pay_hourly_usd=35.0,
        skills=("Python", "SQL", "Tableau"),
    )
    filtered = default.apply(listings)
    options_frame = option_frame(listings)
    cases: dict[str, Callable[[], Any]] = {
        "FilterSpec.apply (default: open)": lambda: default.apply(listings),
        "FilterSpec.apply (one field)": lambda: one_field.apply(listings),
        "available_options (default)": lambda: available_options(listings, default),
        "available_options (one field)": lambda: available_options(listings, one_field),
        "option_frame (once per dataset)": lambda: option_frame(listings),
        "available_options from it (default)": lambda: available_options(listings, default, options_frame),
        "available_options from it (one field)": lambda: available_options(listings, one_field, options_frame),
        "overview_kpis": lambda: overview.overview_kpis(filtered, outcomes, default),
        "openings_by_field": lambda: overview.openings_by_field(filtered),
        "openings_by_region": lambda: overview.openings_by_region(filtered),
        "top_skills (15)": lambda: skills_demand.top_skills(filtered, k=15),
        "skill_field_matrix": lambda: skills_demand.skill_field_matrix(filtered, top_k=15),
        "pay_premium": lambda: skills_demand.pay_premium(filtered, min_n=10),
        "build_plan (skill gap)": lambda: build_plan(filtered, MY_SKILLS),
        "category_coverage": lambda: category_coverage(filtered, MY_SKILLS),
        "benchmark_posting": lambda: benchmark_posting(listings, posting, outcomes),
    }
    if outcomes is not None:
        cases |= {
            "outcomes_to_counts by company": lambda: outcomes_to_counts(outcomes, ["company"]),
            "rate_view by company": lambda: rate_view(outcomes, default, "company"),
            "rate_view by field, one field": lambda: rate_view(outcomes, one_field, "field"),
            "offer_holder_skills": lambda: offer_holder_skills(outcomes, field, MY_SKILLS),
        }
        try:
            from analytics.outcome_cube import outcome_cube
        except ImportError:  # an older tree (a before/after comparison runs this file against it)
            return cases
        cube = outcome_cube(outcomes)
        cases["outcome cube: build both parts"] = lambda: (lambda c: (c.counts, c.applicants))(outcome_cube(outcomes))
        cases["outcome cube: clustered by company (built)"] = lambda: cube.clustered_by(["company"])
    return cases


# ---- concurrency --------------------------------------------------------------------------------------------
def concurrency(dataset: Any, threads: int, herd_threads: int) -> dict[str, Any]:
    """`threads` sessions ask for the same cold results at once through the memo; then `herd_threads` without it."""
    from analytics.filters import FilterSpec
    from analytics.rate_view import rate_view
    from analytics.skill_plan import build_plan
    from dashboard import state

    # Keys no page asked for, so they are cold: a filter on the least common field.
    field = dataset.listings.get_column("field").value_counts(sort=True).get_column("field")[-1]
    spec = FilterSpec(fields=(field,))
    listings = state.filtered_listings(dataset, spec)

    def session() -> None:
        if dataset.outcomes is not None:
            state.cached(dataset, counted, rate_view, dataset.outcomes, spec, "company")
        state.cached(dataset, counted, build_plan, listings, ["Python", "Go", "Rust"])

    def run(n: int, work: Callable[[], None]) -> tuple[float, float]:
        barrier = threading.Barrier(n)

        def together() -> None:
            barrier.wait()
            work()

        workers = [threading.Thread(target=together) for _ in range(n)]
        before = rss_mb()
        with RssSampler() as sampler:
            start = time.perf_counter()
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        return time.perf_counter() - start, sampler.peak - before

    COMPUTATIONS.clear()
    memo_s, memo_rss = run(threads, session)
    computed = len(COMPUTATIONS)
    expected = 2 if dataset.outcomes is not None else 1

    def herd() -> None:  # what every session did before the single-flight memo: compute its own copy
        if dataset.outcomes is not None:
            counted(rate_view, dataset.outcomes, spec, "company")
        counted(build_plan, listings, ["Python", "Go", "Rust"])

    COMPUTATIONS.clear()
    herd_s, herd_rss = run(herd_threads, herd)
    return {
        "threads": threads,
        "computations": computed,
        "distinct_results": expected,
        "seconds": round(memo_s, 3),
        "rss_growth_mb": round(memo_rss, 1),
        "herd_threads": herd_threads,
        "herd_computations": len(COMPUTATIONS),
        "herd_seconds": round(herd_s, 3),
        "herd_rss_growth_mb": round(herd_rss, 1),
    }


# ---- main ---------------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (with --small applied)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=10, help="sessions in the concurrency run")
    parser.add_argument("--herd-threads", type=int, default=3, help="sessions in the comparison run without the memo")
    parser.add_argument(
        "--small", action="store_true", help=f"{SMALL[0]:,} listings / {SMALL[1]:,} applications, one repeat (CI)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "bench_app.json")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=ROOT / "bench_data" / "generated",
        help="where generated datasets are kept between runs",
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds one AppTest run may take")
    parser.add_argument(
        "--page-rounds",
        type=int,
        default=3,
        help="sessions per page, each choosing new values (the table shows each step's median)",
    )
    parser.add_argument(
        "--compile-every-run",
        action="store_true",
        help="compile the scripts on every AppTest run, as AppTest does (default: once, as a server does)",
    )
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: analytics,pages,cold,concurrency")
    parser.add_argument("--cold-start-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.small:
        args.listings, args.applications, args.repeat, args.page_rounds = SMALL[0], SMALL[1], 1, 2
        args.threads, args.herd_threads = min(args.threads, 4), min(args.herd_threads, 2)
    return args


def analytics_rows(dataset: Any, repeat: int) -> list[dict[str, Any]]:
    """Every analytic's median and runs in milliseconds, with the RSS peak while it ran."""
    rows = []
    for name, function in analytic_cases(dataset).items():
        with RssSampler() as sampler:
            median, runs = timed(function, repeat)
        rows.append(
            {
                "name": name,
                "median_ms": round(median, 1),
                "runs_ms": [round(r, 1) for r in runs],
                "peak_rss_mb": round(sampler.peak, 1),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run everything, print the table, write the JSON; returns the results."""
    args = parse_args(argv)
    if args.cold_start_child:
        cold_start_child(args.timeout)
        return {}
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    results: dict[str, Any] = {
        "machine_start": machine(),
        "listings": args.listings,
        "applications": args.applications,
        "repeat": args.repeat,
    }
    data, generate_s = generated(args.listings, args.applications, args.data_dir)
    results["generate_s"] = round(generate_s, 1)
    os.environ["INSIGHTS_SAMPLE_DIR"] = str(data)
    if "cold" not in skip:
        results["cold_start"] = cold_start(data, args.timeout)

    from dashboard import state

    start = time.perf_counter()
    dataset = state.sample_dataset()
    dataset.outcomes  # noqa: B018 - the load includes the outcomes' background read (dashboard/background.py)
    results["load_s"] = round(time.perf_counter() - start, 2)
    results["rss_after_load_mb"] = round(rss_mb(), 1)
    # The pages and the visitors first, as a server meets them after its load; the analytics rows last. Those call
    # each analytic straight, without the memo (the outcome cube built whole peaks near 3.5 GB), and the allocator
    # keeps much of what they free: timed after them, the pages' own peak read ~0.5 GB higher (3,026-3,082 MB
    # against 2,525 MB in page-only runs), the benchmark's residue, not the server's.
    if "pages" not in skip:
        results["scripts_compiled"] = "every run" if args.compile_every_run else "once"
        if not args.compile_every_run:
            compile_once()
        with RssSampler() as sampler:
            results["pages"] = page_runs(args.timeout, args.page_rounds)
        results["rss_steady_mb"], results["rss_peak_pages_mb"] = round(rss_mb(), 1), round(sampler.peak, 1)
        results["rss_settled_mb"] = round(settled_rss_mb(), 1)
    if "concurrency" not in skip:
        results["concurrency"] = concurrency(dataset, args.threads, args.herd_threads)
    # The kernel's high-water mark lags the RSS read from /proc by the threads' batched page counts (a few hundred
    # kB): the peak is never reported below a reading taken earlier in this run.
    readings = [results.get(key, 0.0) for key in ("rss_after_load_mb", "rss_steady_mb", "rss_peak_pages_mb")]
    results["peak_rss_app_mb"] = round(max(peak_rss_mb(), *readings), 1)  # the load, the pages, the visitors
    if "analytics" not in skip:
        results["analytics"] = analytics_rows(dataset, args.repeat)
    results["peak_rss_mb"] = round(max(peak_rss_mb(), results["peak_rss_app_mb"]), 1)
    results["machine_end"] = machine()
    print_table(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nJSON: {args.json}")
    return results


def print_table(results: dict[str, Any]) -> None:
    """The results as plain-text tables."""
    start, end = results["machine_start"], results["machine_end"]
    print(
        f"{results['listings']:,} listings / {results['applications']:,} applications (generator output); "
        f"{start['cpus']} cores, {start['memory_gb']} GB; load average {start['load_average'][0]} -> {end['load_average'][0]}"
    )
    print(f"dataset load {results['load_s']} s, RSS after load {results['rss_after_load_mb']:,.0f} MB")
    cold = results.get("cold_start")
    if cold:
        print(
            f"cold start (fresh process -> Overview run, server side): {cold.get('total_s', 0):.1f} s"
            + (
                f"; RSS {cold['rss_mb']:,.0f} MB, peak {cold['peak_rss_mb']:,.0f} MB"
                if "rss_mb" in cold
                else f"; {cold.get('error')}"
            )
        )
    if results.get("analytics"):
        print(f"\n{'analytic (timed after the pages)':<44} {'median ms':>10} {'peak RSS MB':>12}")
        for row in results["analytics"]:
            print(f"{row['name']:<44} {row['median_ms']:>10,.1f} {row['peak_rss_mb']:>12,.0f}")
    if results.get("pages"):
        print(
            f"\n(scripts compiled {results['scripts_compiled']}: --compile-every-run times them as AppTest runs them)"
        )
        print(f"\n{'page':<18} {'interaction':<28} {'server ms':>10} {'range':>13}  error")
        for row in results["pages"]:
            spread = "" if len(row.get("runs_ms", [])) < 2 else f"{min(row['runs_ms']):,.0f}–{max(row['runs_ms']):,.0f}"
            print(f"{row['page']:<18} {row['step']:<28} {row['ms']:>10,.1f} {spread:>13}  {row['error']}")
        print(
            f"RSS after every page: {results['rss_steady_mb']:,.0f} MB ({results['rss_settled_mb']:,.0f} MB 3 s later); "
            f"peak while visiting them {results['rss_peak_pages_mb']:,.0f} MB"
        )
    conc = results.get("concurrency")
    if conc:
        print(
            f"\nconcurrency: {conc['threads']} sessions, {conc['distinct_results']} cold results -> {conc['computations']} "
            f"computations in {conc['seconds']:.2f} s (RSS +{conc['rss_growth_mb']:,.0f} MB); without the memo "
            f"{conc['herd_threads']} sessions -> {conc['herd_computations']} computations in {conc['herd_seconds']:.2f} s "
            f"(RSS +{conc['herd_rss_growth_mb']:,.0f} MB)"
        )
    print(f"process peak RSS through the pages and the visitors {results['peak_rss_app_mb']:,.0f} MB", end="")
    print(f"; with the analytics rows after them {results['peak_rss_mb']:,.0f} MB" if results.get("analytics") else "")


if __name__ == "__main__":
    main()
