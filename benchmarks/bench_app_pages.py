"""The app benchmark's page part: per-page AppTest times for each interaction, and the cold start of a fresh process."""

from __future__ import annotations

import json
import os
import statistics
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


def _pick(key: str) -> Callable[[Any, int], None]:
    """Choose one value of the multiselect `key`: the round's (a value no earlier round chose, while there are any)."""

    def pick(at: Any, round_: int) -> None:
        widget = at.multiselect(key=key)
        widget.set_value([widget.options[round_ % len(widget.options)]])

    return pick


def _largest_country(at: Any, round_: int) -> None:
    """Choose the country with the most applications instead of the round's (the generator's: the United States,
    ~84 % of them): the heaviest second filter, and the one most visitors choose; a new field each round."""
    widget = at.multiselect(key="country")
    widget.set_value([LARGEST_COUNTRY if LARGEST_COUNTRY in widget.options else widget.options[-1]])


LARGEST_COUNTRY = "United States"


def _set(kind: str, key: str, values: list[Any]) -> Callable[[Any, int], None]:
    """Set the widget `key` (an AppTest accessor `kind`: slider, selectbox, ...) to the round's value of `values`."""
    return lambda at, round_: getattr(at, kind)(key=key).set_value(values[round_ % len(values)])


Step = Callable[[Any, int], None]
PAGES: dict[str, tuple[dict[str, Any], dict[str, Step]]] = {
    # page -> (query parameters of the first view, interaction name -> what it does before a rerun, in round r).
    # Each round chooses other values where a value chosen once would be served from the memo in later rounds: the
    # sidebar's field and country, the sliders, the Benchmark's pay and third skill.
    "overview": (
        {},
        {
            "sidebar: one field": _pick("field"),
            "sidebar: and a country (not warmed)": _pick("country"),
            "sidebar: the largest country instead": _largest_country,
            "sidebar: search": _set("text_input", "q", ["data", "engineer", "design"]),
        },
    ),
    "openings": (
        {},
        {
            "sort by pay": _set("selectbox", "sort", ["pay_hourly_usd"]),
            "sidebar: one field": _pick("field"),
        },
    ),
    "skills_demand": (
        {},
        {
            "slider: 20 skills": _set("slider", "top_k", [20, 25, 15]),
            "sidebar: one field": _pick("field"),
        },
    ),
    "acceptance_rates": (
        {},
        {
            # The sidebar's steps in the page's own grouping (by field, which the view then filters to one group),
            # then two other groupings at the heaviest view: company (many groups, most applicants alone in theirs)
            # and region (a few dozen groups, many applicants with several applications in one).
            "sidebar: one field": _pick("field"),
            "sidebar: and a country (not warmed)": _pick("country"),
            "sidebar: the largest country instead": _largest_country,
            "group by company (the largest country)": _set("selectbox", "by", ["Company"]),
            "group by region (the largest country)": _set("selectbox", "by", ["Region"]),
        },
    ),
    "skill_gap": (
        {"me": MY_SKILLS},
        {
            "slider: 60 %": _set("slider", "at", [60, 70, 50]),
            "sidebar: one field": _pick("field"),
        },
    ),
    "benchmark": (
        {"bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL"], "bm_pay": "30"},
        {
            "new pay": _set("number_input", "bm_pay", [41.0, 37.0, 45.0]),
            "new skill": _set(
                "multiselect", "bm_skill", [["Python", "SQL", extra] for extra in ("Tableau", "Excel", "Java")]
            ),
        },
    ),
    "report": ({}, {}),
    "sources": ({}, {}),
}


def page_runs(timeout: float, rounds: int = 1) -> list[dict[str, Any]]:
    """Each page, `rounds` times, each time in a new session: first view, a rerun with nothing changed, then each
    interaction (with the round's values: `PAGES`); one row per page and step with the median of its rounds' server
    times (`runs_ms`: each round's), the background warm-up's rows first."""
    runs: dict[tuple[str, str], list[float]] = {}
    errors: dict[tuple[str, str], str] = {}
    warm: list[dict[str, Any]] = []

    def wait_warm_up() -> None:
        warm.extend(warm_up_rows(timeout))

    for round_ in range(rounds):
        for index, (page, (query, interactions)) in enumerate(PAGES.items()):
            first = wait_warm_up if round_ == 0 and index == 0 else None
            for name, ms, error in _page_steps(page, query, interactions, round_, timeout, first):
                runs.setdefault((page, name), []).append(ms)
                if error:
                    errors.setdefault((page, name), error)
    return warm + [
        {
            "page": page,
            "step": name,
            "ms": round(statistics.median(times), 1),
            "runs_ms": times,
            "error": errors.get((page, name), ""),
        }
        for (page, name), times in runs.items()
    ]


def _page_steps(
    page: str,
    query: dict[str, Any],
    interactions: dict[str, Step],
    round_: int,
    timeout: float,
    after_first_run: Callable[[], None] | None,
) -> list[tuple[str, float, str]]:
    """One session on `page`: (step, server ms, error) per step; `after_first_run` is called once the session's first
    run (which starts the background warm-up in a fresh process) is done."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()  # the session's first run lands on the Overview
    if after_first_run is not None:
        after_first_run()
    # The first round's first view is the page's first visitor's; a later round's is served what that one computed.
    first_view = "first view" if round_ == 0 else "first view, a later session"
    steps: list[tuple[str, Step | None]] = [(first_view, None), ("rerun, nothing changed", None)]
    steps += list(interactions.items())
    found = []
    for name, action in steps:
        start = time.perf_counter()
        try:
            if name == first_view:
                at.switch_page(f"dashboard/pages/{page}.py")
            elif action is not None:
                action(at, round_)
                start = time.perf_counter()
            at.run()
            error = "; ".join(str(e.value)[:200] for e in at.exception) if at.exception else ""
        except Exception as exc:  # a broken step is a result, not the end of the run
            error = f"{type(exc).__name__}: {exc}"[:300]
        found.append((name, round((time.perf_counter() - start) * 1000, 1), error))
    return found


def warm_up_rows(timeout: float) -> list[dict[str, Any]]:
    """Wait for the background warm-up of the default views (dashboard/warmup.py) the first run started, as a
    server does before its visitors come, and for the listings' pin after it; their times as rows (none when the
    warm-up is off: INSIGHTS_WARM_UP=0)."""
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
    rows.append({"page": "(background)", "step": "warm-up, from start to end", "ms": total, "error": error})
    # After the warm-up the server pins the listings' copy in memory (data_loaders/listing_cache.py, ~10 s of gentle
    # background work): waited for too, as the warm-up is, so no page step is timed beside it.
    from data_loaders import listing_cache

    began = time.perf_counter()
    listing_cache.pin()
    waited = round((time.perf_counter() - began) * 1000, 1)
    return [
        *rows,
        {"page": "(background)", "step": "listings copy pinned in memory (waited)", "ms": waited, "error": ""},
    ]


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
