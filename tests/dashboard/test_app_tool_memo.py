"""Tool pages memoise their computations: a rerun with nothing changed computes nothing again."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest

import analytics.benchmark
import analytics.skill_gap
import analytics.skill_plan

PROFILE = ["Python", "SQL", "Go"]  # a profile no other test uses, so the memo is cold for it


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, calls: list[str]) -> None:
    """Replace module.name by a wrapper counting its calls; same module and name, so the memo keys it alike."""
    original: Callable[..., Any] = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


def test_skill_gap_rerun_computes_nothing_again(app, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    _counting(monkeypatch, analytics.skill_plan, "build_plan_of", calls)
    _counting(monkeypatch, analytics.skill_gap, "category_coverage_of", calls)
    _counting(monkeypatch, analytics.skill_gap, "offer_holder_skills", calls)
    _counting(monkeypatch, analytics.skill_gap, "GapFrames", calls)
    at = app("dashboard/pages/skill_gap.py", query={"me": PROFILE, "at": "65"})
    assert not at.exception
    first = sorted(calls)
    # One GapFrames, shared by the plan and the coverage, and kept for the next threshold.
    assert first == ["GapFrames", "build_plan_of", "category_coverage_of", "offer_holder_skills"]
    at.run()
    at.run()
    assert sorted(calls) == first  # nothing recomputed
    at.slider(key="at").set_value(70).run()
    assert calls.count("build_plan_of") == 2 and calls.count("category_coverage_of") == 1  # only what the slider feeds
    assert calls.count("GapFrames") == 1  # the new threshold reused the kept gap frames


def test_benchmark_memoises_each_question_on_what_it_depends_on(app, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in ("comparable_openings", "candidate_pool", "competition", "skill_commonness"):
        _counting(monkeypatch, analytics.benchmark, name, calls)
    # A term no other test asks for, so the memo is cold for these peers whatever ran before (the title is not
    # part of the peer query).
    query = {"bm_title": "Memo Test Intern", "bm_skill": ["Python", "Go"], "bm_pay": "27", "bm_term": ["Winter 2027"]}
    at = app("dashboard/pages/benchmark.py", query=query)
    assert not at.exception
    first = sorted(calls)
    assert first == sorted(["comparable_openings", "candidate_pool", "competition", "skill_commonness"])
    at.run()
    assert sorted(calls) == first  # a rerun with nothing changed: nothing computed again
    at.number_input(key="bm_pay").set_value(28.0).run()
    assert sorted(calls) == first  # a new pay: only the pay percentile (not memoised: it reads the kept peers)
    at.multiselect(key="bm_skill").set_value(["Python", "Go", "SQL"]).run()
    assert calls.count("candidate_pool") == 2 and calls.count("skill_commonness") == 2  # the skill questions again
    assert calls.count("comparable_openings") == 1 and calls.count("competition") == 1  # same peers, same competition
