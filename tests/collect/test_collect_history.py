"""Two runs with a change between them produce the right history; a failed source closes nothing; writes are atomic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from data_loaders.collect import collect, parse_config, store
from data_loaders.errors import LoadError
from tests.collect.conftest import fixture_json
from tests.collect.helpers import ASHBY, GH, board_source, config_text
from tests.collect.server import Answer, ScriptedServer

T1 = dt.datetime(2026, 11, 2, 6, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 11, 9, 6, 0, tzinfo=dt.UTC)
T3 = dt.datetime(2026, 11, 16, 6, 0, tzinfo=dt.UTC)
GH_A, GH_B = "greenhouse:northwind:4012345", "greenhouse:northwind:4012346"


def greenhouse(jobs: list[dict]) -> bytes:
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()


def two_boards(server: ScriptedServer) -> str:
    return config_text(
        board_source("greenhouse", "northwind", server.base), board_source("ashby", "fabrikam", server.base)
    )


def test_two_runs_record_a_new_listing_and_a_closed_one(server: ScriptedServer, tmp_path: Path) -> None:
    jobs = fixture_json("greenhouse.json")["jobs"]
    new_job = {
        **jobs[0],
        "id": 4019999,
        "title": "Firmware Intern",
        "absolute_url": "https://boards.greenhouse.io/northwind/jobs/4019999",
    }
    ashby = json.dumps(fixture_json("ashby.json")).encode()
    server.route(
        GH.format(board="northwind"),
        Answer(body=greenhouse(jobs)),
        Answer(body=greenhouse([jobs[0], jobs[2], new_job])),
    )
    server.route(ASHBY.format(board="fabrikam"), Answer(body=ashby), Answer(500, b"down"))
    config = parse_config(two_boards(server))
    first = collect(config, tmp_path, now=T1)
    assert (first.new, first.closed, first.open_total) == (4, 0, 4)
    second = collect(config, tmp_path, now=T2)
    assert (second.new, second.closed) == (1, 1) and [s.source.key for s in second.failed] == ["ashby:fabrikam"]
    history = pl.read_parquet(tmp_path / "history.parquet").sort("listing_id")
    rows = {r["listing_id"]: r for r in history.iter_rows(named=True)}
    assert rows[GH_A]["first_seen"] == T1 and rows[GH_A]["last_seen"] == T2 and rows[GH_A]["closed_at"] is None
    assert rows[GH_B]["closed_at"] == T2 and rows[GH_B]["last_seen"] == T1  # absent from a run whose source answered
    assert rows["greenhouse:northwind:4019999"]["first_seen"] == T2
    ashby_rows = history.filter(pl.col("source") == "ashby:fabrikam")
    assert ashby_rows.height == 2 and ashby_rows["closed_at"].null_count() == 2  # its source failed: nothing closed
    listings = pl.read_parquet(tmp_path / "listings.parquet")
    active = dict(zip(listings["listing_id"], listings["active"], strict=True))
    assert active[GH_B] is False and active[GH_A] is True and active["greenhouse:northwind:4019999"] is True
    assert sum(active.values()) == 4 and len(active) == 5  # Ashby's two carried over from the first run
    snapshots = sorted((tmp_path / "snapshots").glob("*.parquet"))
    assert [p.stem for p in snapshots] == ["20261102T060000Z", "20261109T060000Z"]
    assert pl.read_parquet(snapshots[1]).height == 2  # what the second run saw: two Greenhouse internships


def test_rerun_is_idempotent_and_a_reappearing_listing_reopens(server: ScriptedServer, tmp_path: Path) -> None:
    jobs = fixture_json("greenhouse.json")["jobs"]
    server.route(
        GH.format(board="northwind"),
        Answer(body=greenhouse(jobs)),
        Answer(body=greenhouse(jobs[:1])),
        Answer(body=greenhouse(jobs)),
    )
    config = parse_config(config_text(board_source("greenhouse", "northwind", server.base)))
    collect(config, tmp_path, now=T1)
    collect(config, tmp_path, now=T2)
    third = collect(config, tmp_path, now=T3)
    assert (third.new, third.closed) == (0, 0)
    row = pl.read_parquet(tmp_path / "history.parquet").filter(pl.col("listing_id") == GH_B).row(0, named=True)
    assert row["closed_at"] is None and row["first_seen"] == T1 and row["runs_seen"] == 2
    again = collect(config, tmp_path, now=T3 + dt.timedelta(hours=1))
    assert (again.new, again.closed, again.open_total) == (0, 0, 2)


def test_an_interrupted_run_keeps_the_previous_store(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(GH.format(board="northwind"), Answer(body=json.dumps(fixture_json("greenhouse.json")).encode()))
    config = parse_config(config_text(board_source("greenhouse", "northwind", server.base)))
    collect(config, tmp_path, now=T1)
    before = {name: (tmp_path / name).read_bytes() for name in ("history.parquet", "listings.parquet", "last_run.json")}
    real = store.atomic_write_parquet

    def crash_on_history(path: Path, frame: pl.DataFrame) -> None:
        if path.name == "history.parquet":
            raise KeyboardInterrupt  # the operator pressed Ctrl-C mid-run
        real(path, frame)

    monkeypatch.setattr("data_loaders.collect.run.atomic_write_parquet", crash_on_history)
    with pytest.raises(KeyboardInterrupt):
        collect(config, tmp_path, now=T2)
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not list(tmp_path.glob("**/*.tmp"))
    monkeypatch.setattr("data_loaders.collect.run.atomic_write_parquet", real)
    resumed = collect(config, tmp_path, now=T3)  # the next run simply completes
    assert resumed.open_total == 2 and len(list((tmp_path / "snapshots").glob("*.parquet"))) == 3


def test_one_run_at_a_time(tmp_path: Path) -> None:
    from data_loaders.collect.run import run_lock

    with run_lock(tmp_path), pytest.raises(LoadError, match="Another collection run"), run_lock(tmp_path):
        pass


def test_a_source_removed_from_the_config_closes_its_listings(server: ScriptedServer, tmp_path: Path) -> None:
    server.route(GH.format(board="northwind"), Answer(body=json.dumps(fixture_json("greenhouse.json")).encode()))
    server.route(ASHBY.format(board="fabrikam"), Answer(body=json.dumps(fixture_json("ashby.json")).encode()))
    collect(parse_config(two_boards(server)), tmp_path, now=T1)
    later = collect(parse_config(config_text(board_source("greenhouse", "northwind", server.base))), tmp_path, now=T2)
    assert later.closed == 2 and later.open_total == 2
    listings = pl.read_parquet(tmp_path / "listings.parquet")
    assert not listings.filter(pl.col("source") == "ashby:fabrikam")["active"].any()
