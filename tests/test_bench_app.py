"""`make bench`'s app harness keeps working: run it at --small size (no timing assertions, only that it ran right)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_app_runs_small_and_reports_everything(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_app",
            "--small",
            "--json",
            str(out),
            "--data-dir",
            str(tmp_path / "data"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text())
    assert (results["listings"], results["applications"]) == (2_000, 20_000)
    assert (tmp_path / "data" / "2000_20000_7" / "outcomes.parquet").is_file()  # the generator's own output
    assert results["machine_start"]["cpus"] and len(results["machine_start"]["load_average"]) == 3
    assert "error" not in results["cold_start"] and results["cold_start"]["errors"] == []
    names = {row["name"] for row in results["analytics"]}
    assert {
        "rate_view by company",
        "build_plan (skill gap)",
        "benchmark_posting",
        "available_options (default)",
    } <= names
    pages = {row["page"] for row in results["pages"]}
    assert pages == {
        "overview",
        "openings",
        "skills_demand",
        "acceptance_rates",
        "skill_gap",
        "benchmark",
        "report",
        "sources",
    }
    assert [row for row in results["pages"] if row["error"]] == []
    conc = results["concurrency"]
    assert conc["computations"] == conc["distinct_results"]  # every session waited for one computation per key
    assert conc["herd_computations"] == conc["herd_threads"] * conc["distinct_results"]
    assert results["rss_steady_mb"] > 0 and results["peak_rss_mb"] >= results["rss_steady_mb"]
    assert "concurrency:" in done.stdout and "first view" in done.stdout
