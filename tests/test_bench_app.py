"""`make bench`'s app harness keeps working: run it at --small size (no timing assertions, only that it ran right)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert results["scripts_compiled"] == "once"  # as a server runs them
    rounds = {(row["step"], len(row["runs_ms"])) for row in results["pages"] if row["page"] != "(background)"}
    # Two rounds: the first visitor's first view, then a later session's; every other step in both rounds.
    assert {("first view", 1), ("first view, a later session", 1), ("rerun, nothing changed", 2)} <= rounds
    assert {count for step, count in rounds if not step.startswith("first view")} == {2}
    conc = results["concurrency"]
    assert conc["computations"] == conc["distinct_results"]  # every session waited for one computation per key
    assert conc["herd_computations"] == conc["herd_threads"] * conc["distinct_results"]
    assert results["rss_steady_mb"] > 0 and results["peak_rss_mb"] >= results["rss_steady_mb"]
    assert "concurrency:" in done.stdout and "first view" in done.stdout


def test_compile_once_compiles_each_script_once_across_apptest_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page runs time what a server's visitor waits for: a server compiles a script once, AppTest on every run."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner import script_cache
    from streamlit.testing.v1 import AppTest

    from benchmarks.bench_app_pages import compile_once

    monkeypatch.setattr(app_test, "ScriptCache", app_test.ScriptCache)  # restored after the test
    monkeypatch.setattr(local_script_runner, "ScriptCache", local_script_runner.ScriptCache)
    script = tmp_path / "app.py"
    script.write_text("import streamlit as st\nst.write('hello')\n")
    compiled: list[str] = []
    real_compile = compile
    monkeypatch.setattr(
        script_cache, "compile", lambda *a, **k: compiled.append(a[1]) or real_compile(*a, **k), raising=False
    )

    def three_runs() -> int:
        compiled.clear()
        at = AppTest.from_file(str(script))
        for _ in range(3):
            at.run()
            assert not at.exception
        return compiled.count(str(script))

    assert three_runs() == 3  # AppTest as it is
    compile_once()
    assert three_runs() == 1
