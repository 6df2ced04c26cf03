"""AppTest: the Market pulse page and the "Live data as of" label on a collected store; the empty state; Collect now."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_loaders.collect import collect, parse_config
from tests.collect.conftest import FAST, fixture_bytes, fixture_json
from tests.collect.helpers import ASHBY, GH, board_source, config_text
from tests.collect.server import Answer, ScriptedServer
from tests.dashboard.conftest import _full_error_details, run_app  # noqa: F401 (autouse fixture)

T1 = dt.datetime(2026, 11, 16, 6, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "title", "header", "code", "warning")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.fixture()
def store(server: ScriptedServer, tmp_path: Path) -> Path:
    """A collected store after two weekly runs: one Greenhouse listing closed, one new, Ashby paid internships."""
    jobs = fixture_json("greenhouse.json")["jobs"]
    later = {
        **jobs[0],
        "id": 4019999,
        "title": "Firmware Intern",
        "absolute_url": "https://boards.greenhouse.io/northwind/jobs/4019999",
    }
    server.route(
        GH.format(board="northwind"),
        Answer(body=json.dumps({"jobs": jobs}).encode()),
        Answer(body=json.dumps({"jobs": [jobs[0], later]}).encode()),
    )
    server.route(ASHBY.format(board="fabrikam"), Answer(body=fixture_bytes("ashby.json")))
    config = parse_config(
        config_text(
            board_source("greenhouse", "northwind", server.base), board_source("ashby", "fabrikam", server.base)
        )
    )
    out = tmp_path / "store"
    collect(config, out, now=T1)
    collect(config, out, now=T2)
    return out


def test_market_pulse_on_a_collected_store(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(store))
    at = run_app("dashboard/pages/market_pulse.py")
    assert not at.exception
    shown = texts(at)
    assert "Market pulse" in shown and "Live data as of" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open now"] == "4" and metrics["Closed this week"] == "1"
    assert any("Firmware Intern" in frame.value.to_csv() for frame in at.dataframe)
    assert "Data: **Live data as of" in shown  # the footer names the live store, not the sample
    # The one closed listing was first seen at the store's first run: its opening date is unknown, so no time to close yet.
    assert "No opening has closed yet" in shown


def test_live_label_on_other_pages(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(store))
    at = run_app("dashboard/pages/openings.py")
    assert not at.exception and "Live data as of" in texts(at) and "Synthetic" not in texts(at)


def test_market_pulse_without_a_store_explains_how_to_collect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSIGHTS_DATA_DIR", raising=False)
    at = run_app("dashboard/pages/market_pulse.py")
    assert not at.exception and "make collect" in texts(at) and not at.metric
    # Set-up commands are for whoever runs the server: kept in an operator's expander, not in the student's way.
    assert [e.label for e in at.expander] == ["For the operator: collecting live data"]
    assert all("make collect" not in info.value for info in at.info)


def test_collect_now_button_runs_a_collection(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(ASHBY.format(board="fabrikam"), Answer(body=fixture_bytes("ashby.json")))
    sources = tmp_path / "sources.toml"
    sources.write_text(FAST + board_source("ashby", "fabrikam", server.base))
    out = tmp_path / "store"
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(out))
    secrets = {"insights": {"collect_button": True, "collect_config": str(sources)}}
    at = run_app("dashboard/pages/sources.py", secrets=secrets)
    assert not at.exception and "holds no finished run yet" in texts(at)
    at.button(key="collect_now").click().run()
    assert not at.exception and "ok     ashby:fabrikam" in texts(at)
    assert (out / "listings.parquet").is_file()
    hidden = run_app("dashboard/pages/sources.py")  # not enabled by the operator: no button
    assert not [b for b in hidden.button if b.key == "collect_now"]


@pytest.mark.parametrize(
    "page",
    [
        "dashboard/pages/skills_demand.py",
        "dashboard/pages/skill_gap.py",
        "dashboard/pages/benchmark.py",
        "dashboard/pages/overview.py",
    ],
)
def test_tool_pages_work_on_a_collected_store(store: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """The pages students and employers use read the collected openings' skills and pay (no data-gap notes)."""
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(store))
    query = {
        "skills_demand": {},
        "skill_gap": {"me": ["Python", "SQL"]},
        "benchmark": {"bm_title": "Software Engineering Intern", "bm_skill": ["Python"]},
        "overview": {},
    }
    at = run_app(page, query=query[page.removeprefix("dashboard/pages/").removesuffix(".py")])
    assert not at.exception
    shown = texts(at)
    assert "Live data as of" in shown
    assert "No opening in this data lists its skills" not in shown
    assert "No opening in this data states its pay" not in shown
    assert at.get("plotly_chart"), "the page drew no chart on the collected openings"
