"""Skill gap, Skills demand and Benchmark on a collected store: skills from descriptions, pay from Ashby compensation."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.benchmark import Posting, comparable_openings, pay_percentile
from analytics.skill_gap import missing_skills, readiness
from analytics.skills_demand import top_skills
from data_loaders import load_listings
from data_loaders.collect import collect, parse_config
from tests.collect.conftest import ASHBY_DIR, fixture_bytes, need_shared
from tests.collect.helpers import ASHBY, GH, LEVER, board_source, config_text
from tests.collect.server import Answer, ScriptedServer


def collected(server: ScriptedServer, out: Path) -> pl.DataFrame:
    server.route(GH.format(board="northwind"), Answer(body=fixture_bytes("greenhouse.json")))
    server.route(LEVER.format(board="contoso"), Answer(body=fixture_bytes("lever.json")))
    server.route(ASHBY.format(board="fabrikam"), Answer(body=fixture_bytes("ashby.json")))
    report = collect(
        parse_config(
            config_text(
                *(
                    board_source(k, b, server.base)
                    for k, b in (("greenhouse", "northwind"), ("lever", "contoso"), ("ashby", "fabrikam"))
                )
            )
        ),
        out,
    )
    assert not report.failed
    return pl.read_parquet(out / "listings.parquet")


def test_collected_ashby_postings_carry_skills_and_pay(server: ScriptedServer, tmp_path: Path) -> None:
    listings = collected(server, tmp_path)
    ashby = listings.filter(pl.col("source") == "ashby:fabrikam").sort("listing_id")
    # Skills come from the plain-text description (the listings loader's description role), pay from compensation.
    assert set(ashby["skills"][0]) >= {"SQL", "Python"}
    assert set(ashby["skills"][1]) >= {"Go", "PostgreSQL", "AWS"}
    assert ashby["pay_hourly_usd"].is_not_null().all()
    lever = listings.filter(
        pl.col("listing_id").str.ends_with("000000000001") & (pl.col("source") == "lever:contoso")
    ).row(0, named=True)
    assert lever["sponsorship"] == "offers"  # "We sponsor visas." in the posting's closing text
    greenhouse = listings.filter(pl.col("listing_id") == "greenhouse:northwind:4012345").row(0, named=True)
    assert {"Python", "SQL", "Docker", "Kubernetes"} <= set(greenhouse["skills"])


def test_skills_demand_skill_gap_and_benchmark_on_the_store(server: ScriptedServer, tmp_path: Path) -> None:
    listings = collected(server, tmp_path)
    # The store's listings.parquet is canonical: the ordinary loader reads it back without re-parsing.
    assert load_listings(tmp_path / "listings.parquet").frame.height == listings.height
    demand = top_skills(listings, k=10)
    assert demand.height > 0 and demand.filter(pl.col("skill") == "Python")["count"].item() >= 2
    ready = readiness(listings, ["Python", "SQL"])
    # Six internships, all with skills; only Fabrikam's analytics intern asks for nothing beyond Python and SQL.
    assert (ready["n_considered"], ready["n_without_skills"], ready["n_fully_matched"]) == (6, 0, 1)
    gap = missing_skills(listings, ["Python"])
    assert gap.row(0, named=True)["skill"] == "SQL" and gap.row(0, named=True)["label"] == "33 % (2 of 6)"
    posting = Posting(title="Data Analytics Intern", field="Data Science & Analytics", pay_hourly_usd=20.0)
    peers, scope = comparable_openings(listings, posting, min_peers=1)
    result = pay_percentile(peers, 20.0)
    assert result["n_with_pay"] >= 1 and result["percentile"] is not None, scope


@pytest.mark.realdata
def test_real_ashby_boards_through_the_server_give_skills_and_pay(server: ScriptedServer, tmp_path: Path) -> None:
    boards = sorted(need_shared(ASHBY_DIR).glob("*.json"))
    for path in boards:
        server.route(ASHBY.format(board=path.stem), Answer(body=path.read_bytes()))
    report = collect(parse_config(config_text(*(board_source("ashby", p.stem, server.base) for p in boards))), tmp_path)
    assert not report.failed and report.seen == 34
    listings = pl.read_parquet(tmp_path / "listings.parquet")
    with_skills = listings.filter(pl.col("skills").list.len() > 0).height
    with_pay = listings.filter(pl.col("pay_hourly_usd").is_not_null()).height
    assert with_skills >= 25, with_skills  # measured 2026-11-30; see docs/collect.md
    assert with_pay >= 25, with_pay
    assert top_skills(listings, k=5).height == 5
