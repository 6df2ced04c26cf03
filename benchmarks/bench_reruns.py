"""Page reruns and widget interactions whose analytics are all memo hits: the pages' own work, A/B in one process.

"after" is the code as it is; "before" puts back what every rerun used to pay: building each figure again
(`components.chart` without the memo, `benchmark_figures` without it) and converting each table (twice, desktop and
phone) from polars on every run. Modes alternate run by run (ABBA), so load changes hit both alike. Each interaction
flips a widget between two values whose analytics were computed once beforehand.

    INSIGHTS_SAMPLE_DIR=bench_data/generated/1000000_10000000_7 python -m benchmarks.bench_reruns --repeat 5

`--server-cache` compiles each script once, as the server does (AppTest compiles the entry script and the page on
every run: 10–35 ms of each AppTest run here).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_app_pages import APP, MY_SKILLS, compile_once

Flip = tuple[Callable[[Any], None], Callable[[Any], None]]


def _pick_field(at: Any, on: bool) -> None:
    widget = at.multiselect(key="field")
    widget.set_value([widget.options[0]] if on else [])


CASES: dict[str, tuple[dict[str, Any], dict[str, Flip]]] = {
    "openings": (
        {},
        {
            "sort": (
                lambda at: at.selectbox(key="sort").set_value("pay_hourly_usd"),
                lambda at: at.selectbox(key="sort").set_value("posted_date"),
            ),
            "sidebar field": (lambda at: _pick_field(at, True), lambda at: _pick_field(at, False)),
        },
    ),
    "skills_demand": (
        {},
        {"slider": (lambda at: at.slider(key="top_k").set_value(20), lambda at: at.slider(key="top_k").set_value(15))},
    ),
    "acceptance_rates": (
        {},
        {
            "group by": (
                lambda at: at.selectbox(key="by").set_value("Company"),
                lambda at: at.selectbox(key="by").set_value("Field"),
            )
        },
    ),
    "skill_gap": (
        {"me": MY_SKILLS},
        {"slider": (lambda at: at.slider(key="at").set_value(60), lambda at: at.slider(key="at").set_value(80))},
    ),
    "benchmark": (
        {"bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL"], "bm_pay": "30"},
        {
            "new pay": (
                lambda at: at.number_input(key="bm_pay").set_value(41.0),
                lambda at: at.number_input(key="bm_pay").set_value(30.0),
            )
        },
    ),
    "report": ({}, {}),
    "overview": ({}, {}),
    "sources": ({}, {}),
}


class Modes:
    """Switches the dashboard between its code ("after") and the per-run work it replaced ("before")."""

    def __init__(self) -> None:
        from dashboard import components, layout
        from dashboard.charts import tools

        self.components, self.layout, self.tools = components, layout, tools
        self.after = (components.chart, layout.as_arrow, tools.benchmark_figures)

    def set(self, mode: str) -> None:
        if mode == "after":
            self.components.chart, self.layout.as_arrow, self.tools.benchmark_figures = self.after
            return
        plotly, figures = self.components.plotly, self.after[2]

        def chart(dataset: Any, build: Callable[..., Any], /, *args: Any, alt: str, key: str, **kwargs: Any) -> None:
            plotly(build(*args, **kwargs), alt, key=key)

        self.components.chart = chart
        self.layout.as_arrow = lambda frame: frame  # st.dataframe converts the polars frame, once per table
        self.tools.benchmark_figures = lambda result, memo=None: figures(result)


def _ms(at: Any) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError("; ".join(str(e.value)[:200] for e in at.exception))
    return elapsed


def page_ab(page: str, repeat: int, modes: Modes) -> dict[str, dict[str, list[float]]]:
    """One page: {step: {"before": [ms...], "after": [ms...]}} for the rerun and each interaction."""
    from streamlit.testing.v1 import AppTest

    query, flips = CASES[page]
    at = AppTest.from_file(str(APP), default_timeout=900)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"dashboard/pages/{page}.py")
    _ms(at)
    for set_a, set_b in flips.values():  # both values' analytics computed once, outside the timing
        set_a(at)
        _ms(at)
        set_b(at)
        _ms(at)
    times: dict[str, dict[str, list[float]]] = {step: {"before": [], "after": []} for step in ["rerun", *flips]}
    for run in range(repeat):
        for mode in ("before", "after") if run % 2 == 0 else ("after", "before"):
            modes.set(mode)
            _ms(at)  # the first run in a mode is not timed
            times["rerun"][mode].append(_ms(at))
            for name, (set_a, set_b) in flips.items():
                set_a(at)
                times[name][mode].append(_ms(at))
                set_b(at)
                times[name][mode].append(_ms(at))
    modes.set("after")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=",".join(CASES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server-cache", action="store_true", help="compile each script once, as the server does")
    parser.add_argument("--json", type=Path, default=Path("artifacts/bench_reruns.json"))
    parser.add_argument(
        "--listings", type=int, help="generate data of this size (default: INSIGHTS_SAMPLE_DIR or sample)"
    )
    parser.add_argument("--applications", type=int, default=10_000_000, help="with --listings")
    args = parser.parse_args()
    if args.listings:
        from benchmarks.bench_app import generated

        data, _ = generated(args.listings, args.applications, Path("bench_data") / "generated")
        os.environ["INSIGHTS_SAMPLE_DIR"] = str(data.resolve())
    if args.server_cache:
        compile_once()
    modes = Modes()
    results: dict[str, Any] = {"load_average_start": os.getloadavg(), "pages": {}}
    for page in args.pages.split(","):
        times = page_ab(page, args.repeat, modes)
        results["pages"][page] = times
        cells = [
            f"{step}: {statistics.median(t['before']):.0f} -> {statistics.median(t['after']):.0f} ms"
            for step, t in times.items()
        ]
        print(f"{page:17s} " + "  ".join(cells) + f"   (load {os.getloadavg()[0]:.1f})", flush=True)
    results["load_average_end"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
