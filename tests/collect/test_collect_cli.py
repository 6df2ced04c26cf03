"""`python -m data_loaders collect` and `discover` end to end (in-process main(), real local server)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_loaders.__main__ import main
from data_loaders.collect import load_config
from data_loaders.collect.config import default_config_path
from data_loaders.collect.discover import board_refs
from tests.collect.conftest import FAST, fixture_bytes
from tests.collect.helpers import ASHBY, board_source, list_source
from tests.collect.server import Answer, ScriptedServer

ROOT = Path(__file__).resolve().parents[2]


def test_collect_json_report_and_exit_codes(
    server: ScriptedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route(ASHBY.format(board="fabrikam"), Answer(body=fixture_bytes("ashby.json")))
    config = tmp_path / "sources.toml"
    config.write_text(FAST + board_source("ashby", "fabrikam", server.base))
    assert main(["collect", "--config", str(config), "--out", str(tmp_path / "store"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sources_ok"] == 1 and report["new"] == 2 and report["sources"][0]["status"] == "ok"
    config.write_text(
        FAST + board_source("ashby", "fabrikam", server.base) + board_source("ashby", "nope", server.base)
    )
    assert main(["collect", "--config", str(config), "--out", str(tmp_path / "store")]) == 1  # one source failed
    out = capsys.readouterr().out
    assert "FAILED ashby:nope: not found (HTTP 404)" in out and "0 closed" in out
    assert main(["collect", "--config", str(tmp_path / "missing.toml"), "--out", str(tmp_path / "store")]) == 2


def test_discover_appends_the_boards_behind_list_links(
    server: ScriptedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.route("/list.json", Answer(body=fixture_bytes("list.json")))
    config = tmp_path / "sources.toml"
    config.write_text(FAST + list_source(f"{server.base}/list.json") + board_source("ashby", "fabrikam", server.base))
    assert main(["discover", "--config", str(config), "--out", str(tmp_path / "store"), "--dry-run"]) == 0
    assert "2 new board(s) found" in capsys.readouterr().out and len(load_config(config).sources) == 2
    assert main(["discover", "--config", str(config), "--out", str(tmp_path / "store")]) == 0
    sources = {s.key for s in load_config(config).sources}
    # fabrikam (Ashby) was configured already; the Greenhouse and Lever boards are new; example.com is no board.
    assert sources == {"list:test-list", "ashby:fabrikam", "greenhouse:tailspin", "lever:wideworld"}
    assert main(["discover", "--config", str(config), "--out", str(tmp_path / "store")]) == 0
    assert "0 board(s) appended" in capsys.readouterr().out.splitlines()[-1]


def test_board_links_of_every_shape() -> None:
    urls = pl.Series(
        [
            "https://boards.greenhouse.io/Stripe/jobs/123?gh_jid=123",
            "https://job-boards.greenhouse.io/airtable",
            "https://boards.greenhouse.io/embed/job_app?for=figma&token=555",
            "https://jobs.lever.co/palantir/0d4f2c1a-2222-4a2b-9c3d-000000000009",
            "https://jobs.eu.lever.co/euco/0d4f2c1a-2222-4a2b-9c3d-000000000001/apply",
            "https://jobs.ashbyhq.com/Ramp/a5b1c2d3-0000-4000-8000-000000000001/application",
            "https://careers.example.com/jobs/1",
            None,
        ]
    )
    refs = set(board_refs(urls).select("kind", "board", "job").rows())
    assert refs == {
        ("greenhouse", "airtable", None),
        ("lever_eu", "euco", "0d4f2c1a-2222-4a2b-9c3d-000000000001"),
        ("greenhouse", "figma", "555"),
        ("lever", "palantir", "0d4f2c1a-2222-4a2b-9c3d-000000000009"),
        ("ashby", "Ramp", "a5b1c2d3-0000-4000-8000-000000000001"),
        ("greenhouse", "stripe", "123"),
    }


def test_default_config_is_valid_and_collects_the_community_lists() -> None:
    config = load_config(default_config_path(ROOT))
    kinds = [s.kind for s in config.sources]
    assert kinds.count("list") >= 2 and all(s.url.startswith("https://") for s in config.sources if s.kind == "list")


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["collect", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "--config" in out and "--json" in out and "sources.toml" in out
