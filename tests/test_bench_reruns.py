"""The reruns A/B keeps working on the bundled sample (no timing assertions, only that both modes ran and differ
in what they do)."""

from __future__ import annotations

from typing import Any

from benchmarks.bench_reruns import Modes, page_ab


def test_reruns_ab_times_both_modes_and_restores_the_code() -> None:
    modes = Modes()
    after = modes.after
    times = page_ab("skills_demand", 1, modes)
    assert set(times) == {"rerun", "slider"}
    assert all(len(t["before"]) == len(t["after"]) > 0 for t in times.values())
    assert all(ms > 0 for t in times.values() for runs in t.values() for ms in runs)
    assert (modes.components.chart, modes.layout.as_arrow, modes.tools.benchmark_figures) == after


def test_before_mode_builds_figures_and_sends_polars_frames() -> None:
    modes = Modes()
    try:
        modes.set("before")
        frame: Any = object()
        assert modes.layout.as_arrow(frame) is frame  # st.dataframe gets the polars frame, as before
        assert modes.components.chart is not modes.after[0]
    finally:
        modes.set("after")
    assert modes.components.chart is modes.after[0]
