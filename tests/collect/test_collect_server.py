"""The collector against a real local HTTP server: every source kind, and the faults a real run meets."""

from __future__ import annotations

import json
import time
from pathlib import Path

import polars as pl

from data_loaders.collect import collect, parse_config
from data_loaders.schema import LISTINGS_SCHEMA
from tests.collect.conftest import FAST, fixture_bytes
from tests.collect.helpers import ASHBY, GH, LEVER, board_source, config_text, list_source
from tests.collect.server import Answer, ScriptedServer


def run(server: ScriptedServer, out: Path, *sources: str):
    return collect(parse_config(config_text(*sources)), out)


def by_key(report) -> dict:
    return {r.source.key: r for r in report.sources}


def test_every_kind_collects_into_the_canonical_schema(server: ScriptedServer, tmp_path: Path) -> None:
    server.route(GH.format(board="northwind"), Answer(body=fixture_bytes("greenhouse.json")))
    server.route(LEVER.format(board="contoso"), Answer(body=fixture_bytes("lever.json")))
    server.route(ASHBY.format(board="fabrikam"), Answer(body=fixture_bytes("ashby.json")))
    server.route("/lists/internships.json", Answer(body=fixture_bytes("list.json")))
    report = run(
        server,
        tmp_path,
        list_source(f"{server.base}/lists/internships.json"),
        board_source("greenhouse", "northwind", server.base),
        board_source("lever", "contoso", server.base),
        board_source("ashby", "fabrikam", server.base),
    )
    assert not report.failed, report.lines()
    listings = pl.read_parquet(tmp_path / "listings.parquet")
    assert listings.schema == pl.Schema(LISTINGS_SCHEMA)
    ids = set(listings["listing_id"])
    # Internships only: the Greenhouse "Internal Tools" role, Lever's Account Executive and Ashby's Head of Total Rewards are out.
    assert "greenhouse:northwind:4012345" in ids and "greenhouse:northwind:4012347" not in ids
    assert "lever:contoso:5f0c7a1e-1111-4a2b-9c3d-000000000002" not in ids
    assert "ashby:fabrikam:a5b1c2d3-0000-4000-8000-000000000003" not in ids
    assert "ashby:fabrikam:a5b1c2d3-0000-4000-8000-000000000004" not in ids  # isListed false
    # The list's closed record is left out, and its copy of the Ashby job gives way to the board's version.
    assert report.duplicates_of_boards == 1
    assert {lid for lid in ids if lid.startswith("list:")} == {
        "list:test-list:11111111-aaaa-4bbb-8ccc-000000000002",
        "list:test-list:11111111-aaaa-4bbb-8ccc-000000000003",
    }
    pay = listings.filter(pl.col("listing_id") == "ashby:fabrikam:a5b1c2d3-0000-4000-8000-000000000001").row(
        0, named=True
    )
    assert (pay["pay_currency"], pay["pay_min"], pay["pay_max"], pay["pay_period"]) == ("EUR", 1200.0, 1400.0, "month")
    assert pay["pay_text"] == "€1.2K – €1.4K per month" and pay["pay_hourly_usd"] > 0
    lever = listings.filter(pl.col("listing_id") == "lever:contoso:5f0c7a1e-1111-4a2b-9c3d-000000000001").row(
        0, named=True
    )
    assert lever["work_mode"] == "hybrid" and lever["pay_period"] == "hour" and lever["pay_min"] == 40.0
    assert lever["locations"] == ["San Francisco, CA", "New York, NY"]
    gh = listings.filter(pl.col("listing_id") == "greenhouse:northwind:4012345").row(0, named=True)
    assert (
        gh["terms"] == ["Summer 2027"]
        and gh["company"] == "Northwind Robotics"
        and str(gh["posted_date"]) == "2026-11-02"
    )
    # Every request named the project.
    agents = {h.get("user-agent", "") for _, h in server.requests}
    assert agents and all(a.startswith("InternshipInsightsCollector/") for a in agents)


def test_429_waits_for_retry_after_then_succeeds(server: ScriptedServer, tmp_path: Path) -> None:
    path = ASHBY.format(board="fabrikam")
    server.route(
        path,
        Answer(429, b'{"error": "slow down"}', headers={"Retry-After": "1"}),
        Answer(body=fixture_bytes("ashby.json")),
    )
    started = time.monotonic()
    report = run(server, tmp_path, board_source("ashby", "fabrikam", server.base))
    result = by_key(report)["ashby:fabrikam"]
    assert result.succeeded and result.attempts == 2 and result.frame.height == 2
    assert time.monotonic() - started >= 0.95  # Retry-After: 1 was honoured, not the 0.05 s back-off


def test_500_then_success_is_retried(server: ScriptedServer, tmp_path: Path) -> None:
    path = LEVER.format(board="contoso")
    server.route(
        path,
        Answer(500, b"oops", content_type="text/plain"),
        Answer(503, b""),
        Answer(body=fixture_bytes("lever.json")),
    )
    result = by_key(run(server, tmp_path, board_source("lever", "contoso", server.base)))["lever:contoso"]
    assert result.succeeded and result.attempts == 3 and len(server.hits(path)) == 3


def test_faults_fail_only_their_own_source(server: ScriptedServer, tmp_path: Path) -> None:
    good = fixture_bytes("greenhouse.json")
    server.route(GH.format(board="good"), Answer(body=good))
    server.route(GH.format(board="slow"), Answer(body=good, delay=1.5))
    server.route(GH.format(board="cut"), Answer(body=good[: len(good) // 2]))
    server.route(
        GH.format(board="html"),
        Answer(200, b"<!DOCTYPE html><html><body>Maintenance</body></html>", content_type="text/html"),
    )
    server.route(GH.format(board="wrongshape"), Answer(body=b'{"error": "board disabled"}'))
    # /v1/boards/gone/… is not routed: the server answers 404 with an HTML page.
    names = ["good", "slow", "cut", "html", "wrongshape", "gone"]
    report = run(server, tmp_path, *(board_source("greenhouse", n, server.base) for n in names))
    results = by_key(report)
    assert results["greenhouse:good"].succeeded and results["greenhouse:good"].frame.height == 2
    reasons = {n: results[f"greenhouse:{n}"].error for n in names[1:]}
    assert "timed out" in reasons["slow"] and results["greenhouse:slow"].attempts == 3
    assert "truncated" in reasons["cut"]
    assert "HTML page, not JSON" in reasons["html"]
    assert "expected a JSON object with a 'jobs' array" in reasons["wrongshape"]
    assert "not found (HTTP 404)" in reasons["gone"] and results["greenhouse:gone"].attempts == 1
    lines = "\n".join(report.lines())
    assert lines.count("FAILED") == 5 and "greenhouse:cut" in lines
    assert json.loads((tmp_path / "last_run.json").read_text())["sources_failed"] == 5


def test_redirect_is_followed(server: ScriptedServer, tmp_path: Path) -> None:
    server.route(
        ASHBY.format(board="oldname"),
        Answer(301, b"", headers={"Location": "/posting-api/job-board/fabrikam?includeCompensation=true"}),
    )
    server.route(ASHBY.format(board="fabrikam"), Answer(body=fixture_bytes("ashby.json")))
    result = by_key(run(server, tmp_path, board_source("ashby", "oldname", server.base)))["ashby:oldname"]
    assert (
        result.succeeded
        and result.redirected_to
        and result.redirected_to.endswith("/job-board/fabrikam?includeCompensation=true")
    )
    assert result.frame["listing_id"].str.starts_with("ashby:oldname:").all()  # ids follow the configured board


def test_conditional_request_reuses_the_cached_answer(server: ScriptedServer, tmp_path: Path) -> None:
    path = GH.format(board="northwind")
    server.route(path, Answer(body=fixture_bytes("greenhouse.json"), etag='"v1"'))
    source = board_source("greenhouse", "northwind", server.base)
    first = by_key(run(server, tmp_path, source))["greenhouse:northwind"]
    second = by_key(run(server, tmp_path, source))["greenhouse:northwind"]
    assert first.status == "ok" and second.status == "not_modified"
    assert server.hits(path)[1].get("if-none-match") == '"v1"'
    assert second.frame["listing_id"].to_list() == first.frame["listing_id"].to_list()
    # Nothing closed: the unchanged board still holds both internships.
    history = pl.read_parquet(tmp_path / "history.parquet")
    assert history["closed_at"].null_count() == 2 and history["runs_seen"].to_list() == [2, 2]


def test_concurrency_limit_and_last_modified(server: ScriptedServer, tmp_path: Path) -> None:
    body = fixture_bytes("ashby.json")
    boards = [f"b{i}" for i in range(5)]
    for board in boards:
        server.route(
            ASHBY.format(board=board),
            Answer(body=body, delay=0.3, headers={"Last-Modified": "Mon, 23 Nov 2026 06:00:00 GMT"}),
        )
    settings = FAST.replace("concurrency = 4", "concurrency = 2")
    config = parse_config(config_text(*(board_source("ashby", b, server.base) for b in boards), settings=settings))
    collect(config, tmp_path)
    assert 1 <= server.max_in_flight <= 2  # never more sources at once than `concurrency`
    collect(config, tmp_path)
    assert server.hits(ASHBY.format(board="b0"))[1].get("if-modified-since") == "Mon, 23 Nov 2026 06:00:00 GMT"
