"""The app benchmark's page part: per-page AppTest times for each interaction, and the cold start of a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_measure import peak_rss_mb, rss_mb

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
MY_SKILLS = ["Python", "SQL", "Git", "Excel", "Java"]


# ---- pages --------------------------------------------------------------------------------------------------
def compile_once() -> None:
    """Compile the entry script and each page once for every later AppTest run, as a server does (its runtime keeps
    one ScriptCache). AppTest makes a new cache per run, for the entry script and for the pages alike, so each run
    would compile both again: 10-35 ms of a run at 1 M listings that no visitor of a server waits for. For this
    process only; the scripts must not change meanwhile (a benchmark's do not)."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[assignment,misc]
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]


def _pick_first(at: Any, key: str) -> None:
    widget = at.multiselect(key=key)
    widget.set_value([widget.options[0]])


PAGES: dict[str, tuple[dict[str, Any], dict[str, Callable[[Any], None]]]] = {
    # page -> (query parameters of the first view, interaction name -> what it does before a rerun)
    "overview": (
        {},
        {
            "sidebar: one field": lambda at: _pick_first(at, "field"),
            "sidebar: and a country (not warmed)": lambda at: _pick_first(at, "country"),
            "sidebar: search": lambda at: at.text_input(key="q").set_value("data"),
        },
    ),
    "openings": (
        {},
        {
            "sort by pay": lambda at: at.selectbox(key="sort").set_value("pay_hourly_usd"),
            "sidebar: one field": lambda at: _pick_first(at, "field"),
        },
    ),
    "skills_demand": (
        {},
        {
            "slider: 20 skills": lambda at: at.slider(key="top_k").set_value(20),
            "sidebar: one field": lambda at: _pick_first(at, "field"),
        },
    ),
    "acceptance_rates": (
        {},
        {
            "group by company": lambda at: at.selectbox(key="by").set_value("Company"),
            "sidebar: one field": lambda at: _pick_first(at, "field"),
            "sidebar: and a country (not warmed)": lambda at: _pick_first(at, "country"),
        },
    ),
    "skill_gap": (
        {"me": MY_SKILLS},
        {
            "slider: 60 %": lambda at: at.slider(key="at").set_value(60),
            "sidebar: one field": lambda at: _pick_first(at, "field"),
        },
    ),
    "benchmark": (
        {"bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL"], "bm_pay": "30"},
        {
            "new pay": lambda at: at.number_input(key="bm_pay").set_value(41.0),
            "new skill": lambda at: at.multiselect(key="bm_skill").set_value(["Python", "SQL", "Tableau"]),
        },
    ),
    "report": ({}, {}),
    "sources": ({}, {}),
}


def page_runs(timeout: float) -> list[dict[str, Any]]:
    """Each page: first view (a new session), a rerun with nothing changed, then each interaction; server times."""
    from streamlit.testing.v1 import AppTest

    rows: list[dict[str, Any]] = []
    for page, (query, interactions) in PAGES.items():
        at = AppTest.from_file(str(APP), default_timeout=timeout)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()  # the session's first run lands on the Overview
        if not rows:
            rows += warm_up_rows(timeout)
        steps: list[tuple[str, Callable[[Any], None] | None]] = [("first view", None), ("rerun, nothing changed", None)]
        steps += list(interactions.items())
        for name, action in steps:
            try:
                if name == "first view":
                    start = time.perf_counter()
                    at.switch_page(f"dashboard/pages/{page}.py")
                    at.run()
                else:
                    if action is not None:
                        action(at)
                    start = time.perf_counter()
                    at.run()
                error = "; ".join(str(e.value)[:200] for e in at.exception) if at.exception else ""
            except Exception as exc:  # a broken step is a result, not the end of the run
                error = f"{type(exc).__name__}: {exc}"[:300]
            rows.append(
                {"page": page, "step": name, "ms": round((time.perf_counter() - start) * 1000, 1), "error": error}
            )
    return rows


def warm_up_rows(timeout: float) -> list[dict[str, Any]]:
    """Wait for the background warm-up of the default views (dashboard/warmup.py) the first run started, as a
    server does before its visitors come; its steps' times as rows (none when it is off: INSIGHTS_WARM_UP=0)."""
    from dashboard import warmup

    warm = warmup.latest()
    if warm is None:
        return []
    finished = warm.wait(timeout)
    rows = [
        {"page": "(background)", "step": f"warm-up: {name}", "ms": round(s * 1000, 1), "error": ""}
        for name, s in warm.steps
    ]
    error = "" if finished else "did not finish"
    error += "; failed: " + ", ".join(warm.failed) if warm.failed else ""
    total = round((warm.seconds or timeout) * 1000, 1)
    return [*rows, {"page": "(background)", "step": "warm-up, from start to end", "ms": total, "error": error}]


# ---- cold start ---------------------------------------------------------------------------------------------
def cold_start_child(timeout: float) -> None:
    """In a fresh process: the Overview's first run (dataset load included); prints one JSON line."""
    started = time.perf_counter()
    from streamlit.testing.v1 import AppTest

    imported = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "imports_s": imported - started,
                "overview_s": done - imported,
                "rss_mb": rss_mb(),
                "peak_rss_mb": peak_rss_mb(),
                "errors": [str(e.value)[:200] for e in at.exception],
            }
        )
    )


def cold_start(data: Path, timeout: float) -> dict[str, Any]:
    """A fresh Python process to the Overview's charts (server side, AppTest), with its memory."""
    env = {**os.environ, "INSIGHTS_SAMPLE_DIR": str(data), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_app", "--cold-start-child", "--timeout", str(timeout)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout * 2,
    )
    total = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"total_s": total, "error": (done.stderr or done.stdout)[-500:]}
    return {"total_s": total, **json.loads(lines[-1])}
