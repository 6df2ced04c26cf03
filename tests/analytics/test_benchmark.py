"""Employer benchmark: peers, pay percentile, skill commonness, skill count, candidate pool, competition, summary."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.benchmark import (
    Posting,
    benchmark_posting,
    candidate_pool,
    comparable_openings,
    competition,
    listing_outcome_totals,
    pay_percentile,
    pay_to_hourly,
    peer_skills_missing,
    skill_commonness,
    skill_count_percentile,
    suggest_field,
    summarise,
)
from data_loaders.schema import FIELDS, conform

DS = "Data Science & Analytics"
LISTINGS = conform(
    pl.DataFrame(
        {
            "listing_id": [f"l{i}" for i in range(6)],
            "field": [DS] * 5 + ["Software Engineering"],
            "regions": [["US-WA"], ["US-WA", "US-OR"], ["US-CA"], None, ["US-WA"], ["US-WA"]],
            "countries": [["US"], ["US"], ["US"], None, ["US"], ["US"]],
            "work_mode": ["onsite", "hybrid", "remote", "remote", "onsite", "onsite"],
            "pay_hourly_usd": [20.0, 30.0, 30.0, None, 40.0, 99.0],
            "skills": [["Python", "SQL"], ["Python"], ["Python", "Apache Spark", "SQL"], [], ["R"], ["Python"]],
        }
    ),
    "listings",
)
PEERS = LISTINGS.filter(pl.col("field") == DS)


def posting(**changes) -> Posting:
    """A Data Science posting in US-WA asking Python, SQL and Kafka, with the given changes."""
    values = dict(
        title="Data Intern",
        field=DS,
        regions=("US-WA",),
        remote=False,
        pay_hourly_usd=30.0,
        skills=("Python", "SQL", "Kafka"),
    )
    return Posting(**(values | changes))


def test_posting_normalises_sequences() -> None:
    p = Posting(title="X", field=DS, regions="US-WA", skills=["SQL", " sql ", "", "python", "Made Up"])
    assert (p.regions, p.skills) == (("US-WA",), ("SQL", "Python", "Made Up"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"field": "Data"}, "field must be one of"), ({"pay_hourly_usd": -1.0}, "non-negative")],
)
def test_posting_rejects_bad_values(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        posting(**changes)


@pytest.mark.parametrize(
    ("amount", "period", "hourly"),
    [
        (20, "hour", 20.0),
        (800, "week", 20.0),
        (4000, "month", 4000 * 12 / 2080),
        (41600, "year", 20.0),
        (0, "year", 0.0),
    ],
)
def test_pay_to_hourly(amount: float, period: str, hourly: float) -> None:
    assert pay_to_hourly(amount, period) == pytest.approx(hourly)


@pytest.mark.parametrize(
    ("amount", "period", "message"),
    [(20, "day", "period must be one of hour, week, month, year"), (-5, "hour", "non-negative")],
)
def test_pay_to_hourly_rejects(amount: float, period: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pay_to_hourly(amount, period)


@pytest.mark.parametrize(
    ("changes", "min_peers", "ids", "description"),
    [
        ({}, 2, ["l0", "l1", "l4"], f"Compared with 3 {DS} openings in Washington."),
        (
            {"remote": True},
            2,
            ["l0", "l1", "l2", "l3", "l4"],
            f"Compared with 5 {DS} openings in Washington or remote.",
        ),
        (
            {"regions": ("US-CA",)},
            2,
            ["l0", "l1", "l2", "l3", "l4"],
            f"Only 1 {DS} opening in California; compared with all 5 {DS} openings instead.",
        ),
        (
            {"regions": (), "countries": ("US",)},
            4,
            ["l0", "l1", "l2", "l4"],
            f"Compared with 4 {DS} openings in the United States.",
        ),
        ({"regions": (), "remote": True}, 2, ["l2", "l3"], f"Compared with 2 {DS} openings that are remote."),
        (
            {"regions": ()},
            2,
            ["l0", "l1", "l2", "l3", "l4"],
            f"Compared with all 5 {DS} openings (the posting names no place).",
        ),
        ({"field": "Cybersecurity"}, 2, [], "No Cybersecurity openings to compare with."),
    ],
)
def test_comparable_openings(changes: dict, min_peers: int, ids: list[str], description: str) -> None:
    peers, text = comparable_openings(LISTINGS, posting(**changes), min_peers=min_peers)
    assert (peers.get_column("listing_id").to_list(), text) == (ids, description)


@pytest.mark.parametrize(
    ("pay", "below", "equal", "percentile"),
    [(30.0, 1, 2, 0.5), (10.0, 0, 0, 0.0), (45.0, 4, 0, 1.0), (20.0, 0, 1, 0.125), (None, 0, 0, None)],
)
def test_pay_percentile(pay: float | None, below: int, equal: int, percentile: float | None) -> None:
    # Peers pay 20, 30, 30, 40 (one states none): quartiles by linear interpolation.
    assert pay_percentile(PEERS, pay) == {
        "pay": pay,
        "n_peers": 5,
        "n_with_pay": 4,
        "below": below,
        "equal": equal,
        "percentile": percentile,
        "q1": 27.5,
        "median": 30.0,
        "q3": 32.5,
        "min": 20.0,
        "max": 40.0,
    }


def test_pay_percentile_without_peers() -> None:
    result = pay_percentile(PEERS.head(0), 30.0)
    assert (result["n_with_pay"], result["percentile"], result["median"]) == (0, None, None)


def test_skill_commonness() -> None:
    # 4 peers list skills (l3 lists none); 40 of 100 would be common, 1 of 4 is uncommon, 0 rare.
    result = skill_commonness(PEERS, ["Kafka", "Python", "Apache Spark", "SQL"])
    expected = pl.DataFrame(
        {
            "skill": ["Python", "SQL", "Apache Spark", "Kafka"],
            "count": [3, 2, 1, 0],
            "n": [4, 4, 4, 4],
            "share": [0.75, 0.5, 0.25, 0.0],
            "label": ["75 % (3 of 4)", "50 % (2 of 4)", "25 % (1 of 4)", "0 % (0 of 4)"],
            "commonness": ["common", "common", "uncommon", "rare"],
        }
    )
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(("count", "label"), [(30, "common"), (29, "uncommon"), (10, "uncommon"), (9, "rare")])
def test_commonness_boundaries(count: int, label: str) -> None:
    peers = conform(pl.DataFrame({"skills": [["A", "B"]] * count + [["B"]] * (100 - count)}), "listings")
    assert skill_commonness(peers, ["A"]).get_column("commonness").to_list() == [label]


def test_peer_skills_missing() -> None:
    result = peer_skills_missing(PEERS, ["Python", "SQL"], k=10)
    expected = pl.DataFrame(
        {"skill": ["Apache Spark", "R"], "count": [1, 1], "share": [0.25, 0.25], "label": ["25 % (1 of 4)"] * 2}
    )
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(
    ("n_skills", "percentile", "sentence"),
    [
        # Peers listing skills ask 2, 1, 3 and 1 skills.
        (3, 0.875, "asks for more skills than 75 % of comparable openings (typical: 1.5)"),
        (5, 1.0, "asks for more skills than 100 % of comparable openings (typical: 1.5)"),
        (1, 0.25, "asks for fewer skills than 50 % of comparable openings (typical: 1.5)"),
        (0, 0.0, "asks for fewer skills than 100 % of comparable openings (typical: 1.5)"),
    ],
)
def test_skill_count_percentile(n_skills: int, percentile: float, sentence: str) -> None:
    result = skill_count_percentile(PEERS, n_skills)
    assert (result["n"], result["percentile"], result["sentence"]) == (4, percentile, sentence)


def test_skill_count_percentile_typical_and_empty() -> None:
    peers = conform(pl.DataFrame({"skills": [["A"], ["A", "B"], ["A", "B", "C"]]}), "listings")
    assert skill_count_percentile(peers, 2)["sentence"] == "asks for a typical number of skills (typical: 2)"
    assert skill_count_percentile(PEERS.head(0), 2)["sentence"].startswith("cannot be compared")


def applications(rows: list[tuple]) -> pl.DataFrame:
    """Canonical outcomes from (applicant_id, listing_id, field, region, stage, applicant_skills)."""
    keys = ("applicant_id", "listing_id", "field", "region", "stage", "applicant_skills")
    return conform(
        pl.DataFrame(
            [dict(zip(keys, r, strict=False)) for r in rows], schema_overrides={"applicant_skills": pl.List(pl.String)}
        ),
        "outcomes",
    )


APPLICANTS = applications(
    [
        ("a1", "l0", DS, "US-WA", "offer", ["Python", "SQL", "Kafka"]),
        ("a2", "l0", DS, "US-WA", "applied", ["Python", "SQL"]),  # missing Kafka only
        ("a3", "l1", DS, "US-WA", "interview", ["Python", "Kafka"]),  # missing SQL only
        ("a4", "l1", DS, "US-OR", "applied", ["Python"]),  # missing two
        ("a5", "l5", "Software Engineering", "US-WA", "offer", ["Python", "SQL", "Kafka"]),  # other field
        ("a6", "l0", DS, "US-WA", "applied", []),  # no skills listed: not in the pool
    ]
)


def test_candidate_pool_from_applicants() -> None:
    result = candidate_pool(APPLICANTS, PEERS, ["Python", "SQL", "Kafka"])
    drops = result.pop("drops")
    assert result == {
        "population": "applicants",
        "note": "Measured on 4 applicants to comparable fields with listed skills.",
        "n": 4,
        "holders": 1,
        "share": 0.25,
        "label": "25 % (1 of 4)",
        "required": ["Kafka", "Python", "SQL"],
    }
    expected = pl.DataFrame(
        {
            "dropped_skill": ["Kafka", "SQL", "Python"],
            "holders": [2, 2, 1],
            "share": [0.5, 0.5, 0.25],
            "label": ["50 % (2 of 4)", "50 % (2 of 4)", "25 % (1 of 4)"],
            "gain": [1, 1, 0],
        }
    )
    assert_frame_equal(drops, expected)


def test_candidate_pool_without_outcomes_uses_peer_skill_sets() -> None:
    result = candidate_pool(None, PEERS, ["Python", "SQL"])
    # Peers listing skills: {Python, SQL}, {Python}, {Python, Spark, SQL}, {R} -> 2 of 4 ask both.
    assert (result["population"], result["n"], result["holders"], result["label"]) == (
        "openings",
        4,
        2,
        "50 % (2 of 4)",
    )
    assert result["note"].startswith("No applicant skills available")
    assert result["drops"].select("dropped_skill", "holders").rows() == [("SQL", 3), ("Python", 2)]


def test_candidate_pool_asking_nothing_is_everyone() -> None:
    result = candidate_pool(APPLICANTS, PEERS, [])
    assert (result["holders"], result["n"], result["drops"].height) == (4, 4, 0)


def _many_applications() -> pl.DataFrame:
    """12 applications to l0 (8, two offers) and l1 (4, one offer)."""
    stages = ["offer", "accepted"] + ["applied"] * 6 + ["offer"] + ["interview"] * 3
    ids = ["l0"] * 8 + ["l1"] * 4
    return applications(
        [(f"p{i}", lid, DS, "US-WA", s, ["Python"]) for i, (lid, s) in enumerate(zip(ids, stages, strict=False))]
    )


def test_competition_by_listing() -> None:
    result = competition(_many_applications(), PEERS, min_group=10)
    # Wilson 95 % for 3 of 12, worked by hand: centre 0.3106, half-width 0.2217.
    assert result.pop("low") == pytest.approx(0.08894, abs=1e-4)
    assert result.pop("high") == pytest.approx(0.53232, abs=1e-4)
    assert result == {
        "basis": "listing",
        "n_applications": 12,
        "n_openings": 2,
        "applications_per_opening": 6.0,
        "median_applications": 6.0,
        "n_offers": 3,
        "offer_rate": 0.25,
        "suppressed": False,
        "min_group": 10,
        "note": "Based on 12 applications to these openings.",
    }


def test_competition_falls_back_to_field_and_region_then_suppresses() -> None:
    unlinked = _many_applications().with_columns(pl.lit(None, dtype=pl.String).alias("listing_id"))
    result = competition(unlinked, PEERS, min_group=13)
    assert (result["basis"], result["n_applications"], result["offer_rate"], result["suppressed"]) == (
        "field and region",
        12,
        None,
        True,
    )
    assert result["note"] == "Fewer than 13 matching applicants or applications: offer rate not shown."
    elsewhere = unlinked.with_columns(pl.lit("GB-ENG").alias("region"))
    assert competition(elsewhere, PEERS, min_group=10)["basis"] == "field"


@pytest.mark.parametrize("min_group", [1, 3, 4, 5, 9, 12, 13])
@pytest.mark.parametrize("peers_kept", [2, 1, 0])
def test_competition_from_listing_totals_equals_the_scan(min_group: int, peers_kept: int) -> None:
    rows = _many_applications().with_columns(
        # p0 applies twice to l0: distinct applicants (11) differ from applications (12)
        pl.when(pl.col("applicant_id") == "p7")
        .then(pl.lit("p0"))
        .otherwise(pl.col("applicant_id"))
        .alias("applicant_id")
    )
    peers = PEERS.head(peers_kept) if peers_kept else PEERS.with_columns(pl.lit("elsewhere").alias("listing_id"))
    totals = listing_outcome_totals(rows)
    assert competition(rows, peers, min_group, totals) == competition(rows, peers, min_group)
    assert listing_outcome_totals(None) is None


def test_competition_without_outcomes() -> None:
    assert competition(None, PEERS)["note"] == "No application outcomes to compare with."


def test_summarise_paragraph() -> None:
    outcomes = pl.concat([APPLICANTS, _many_applications()])
    result = benchmark_posting(LISTINGS, posting(), outcomes, min_peers=2, min_group=10)
    assert summarise(result) == (
        f"Compared with 3 {DS} openings in Washington. "
        "Your pay of $30.00/h is above 50 % of the 3 comparable openings that state pay (median $30.00/h). "
        "You ask for 3 skills; the posting asks for more skills than 100 % of comparable openings (typical: 1). "
        "Rare among comparable openings (asked by fewer than 10 %): Kafka. "
        # 16 applicants in the field list skills: a1 holds all three; a2 lacks only Kafka, a3 only SQL.
        "6 % (1 of 16) of applicants hold every skill you ask for; dropping Kafka would raise that to 13 % (2 of 16). "
        # l0: a1, a2, a6 + 8; l1: a3, a4 + 4 -> 17 applications, 4 offers (Wilson 0.0955–0.4726).
        "Comparable openings drew 8.5 applications each (across 2 openings with tracked applications). "
        "23.5 % of 17 tracked applications ended in an offer (95 % CI 9.6–47.3 %)."
    )


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Data Analyst Intern", "Data Science & Analytics"),
        ("Software Engineer Intern, Backend", "Software Engineering"),
    ],
)
def test_suggest_field(title: str, field: str) -> None:
    assert suggest_field(title) == field and field in FIELDS


@pytest.mark.realdata
def test_real_feed_benchmark_agrees_with_plain_python(realdata) -> None:
    from data_loaders import load_listings

    listings = load_listings(realdata / "zshah-intern-engine" / "internships.csv").frame
    job = Posting(
        title="Software Engineer Intern",
        field="Software Engineering",
        regions=("US-CA",),
        remote=True,
        pay_hourly_usd=40.0,
        skills=("Python", "C++", "Kubernetes"),
    )
    peers, text = comparable_openings(listings, job, min_peers=30)
    in_field = [r for r in listings.iter_rows(named=True) if r["field"] == "Software Engineering"]
    local = [r for r in in_field if "US-CA" in (r["regions"] or []) or r["work_mode"] == "remote"]
    expected = local if len(local) >= 30 else in_field
    assert peers.height == len(expected) and f"{len(expected):,} Software Engineering openings" in text
    pays = [r["pay_hourly_usd"] for r in expected if r["pay_hourly_usd"] is not None]
    below, equal = sum(p < 40 for p in pays), sum(p == 40 for p in pays)
    assert pay_percentile(peers, 40.0)["percentile"] == pytest.approx((below + equal / 2) / len(pays))
    listing_skills = [set(r["skills"]) for r in expected if r["skills"]]
    python = skill_commonness(peers, ["Python"]).row(0, named=True)
    assert (python["count"], python["n"]) == (sum("Python" in s for s in listing_skills), len(listing_skills))
    paragraph = summarise(benchmark_posting(listings, job, min_peers=30))
    assert paragraph.startswith(text) and "No applicant skills were available" in paragraph
