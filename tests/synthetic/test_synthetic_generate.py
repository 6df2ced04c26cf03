"""The synthetic generator (synthetic/): determinism, canonical frames, value domains and the stories it tells."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import synthetic.listings as listings_module
from data_loaders import sample_paths
from data_loaders.normalise.skills import canonical_skill
from data_loaders.schema import (
    FIELDS,
    LISTINGS_SCHEMA,
    OUTCOMES_SCHEMA,
    SPONSORSHIP,
    STAGES,
    STATUSES,
    WORK_MODES,
    conform,
)
from synthetic import catalog as cat
from synthetic import generate_listings, generate_outcomes, generate_to_dir
from synthetic.tables import company_tiers

STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}
DC_AREA = ["US-VA", "US-MD", "US-DC"]


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    """The committed default's listings (seed 7, 4,000 rows), generated afresh."""
    return generate_listings(4000, 7)


@pytest.fixture(scope="module")
def outcomes(listings: pl.DataFrame) -> pl.DataFrame:
    """The committed default's outcomes with each row's tier and stage rank attached."""
    frame = generate_outcomes(listings, 40_000, 7)
    return frame.join(company_tiers(), on="company", how="left").with_columns(
        pl.col("stage").replace_strict(STAGE_RANK, return_dtype=pl.Int8).alias("rank")
    )


# ---- determinism and shape -------------------------------------------------------------------


def test_same_seed_gives_identical_frames() -> None:
    first, second = generate_listings(500, 11), generate_listings(500, 11)
    assert_frame_equal(first, second)
    assert_frame_equal(generate_outcomes(first, 3000, 11), generate_outcomes(second, 3000, 11))


def test_different_seeds_give_different_frames() -> None:
    assert not generate_listings(300, 1).equals(generate_listings(300, 2))


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = generate_to_dir(tmp_path / "a", 400, 2500, 5)
    second = generate_to_dir(tmp_path / "b", 400, 2500, 5)
    for kind in ("listings", "outcomes"):
        assert first[kind].read_bytes() == second[kind].read_bytes()


@pytest.mark.parametrize(("kind", "schema"), [("listings", LISTINGS_SCHEMA), ("outcomes", OUTCOMES_SCHEMA)])
def test_written_files_are_exactly_canonical(tmp_path: Path, kind: str, schema: dict) -> None:
    paths = generate_to_dir(tmp_path, 300, 2000, 3)
    frame = pl.read_parquet(paths[kind])
    assert dict(frame.schema) == schema
    assert_frame_equal(conform(frame, kind), frame)


@pytest.mark.parametrize(("n_listings", "n_applications"), [(4000, 40_000), (50, 7), (1, 3), (10, 0), (0, 0)])
def test_row_counts_are_exact(n_listings: int, n_applications: int) -> None:
    frame = generate_listings(n_listings, 7)
    assert frame.height == n_listings
    assert generate_outcomes(frame, n_applications, 7).height == (n_applications if n_listings else 0)


def test_ids_are_unique_and_well_formed(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    assert listings["listing_id"].is_unique().all()
    assert outcomes["application_id"].is_unique().all()
    assert listings["listing_id"].str.contains(r"^L\d{7}$").all()
    assert outcomes["applicant_id"].str.contains(r"^A\d{6}$").all()
    assert outcomes.select(pl.struct("applicant_id", "listing_id").is_unique().all()).item()


# ---- value domains ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "allowed"),
    [
        ("field", FIELDS),
        ("work_mode", WORK_MODES),
        ("sponsorship", SPONSORSHIP),
        ("source", ("sample",)),
    ],
)
def test_listing_categories_stay_in_domain(listings: pl.DataFrame, column: str, allowed: tuple[str, ...]) -> None:
    assert set(listings[column].unique()) <= set(allowed)


@pytest.mark.parametrize(
    ("column", "allowed"),
    [
        ("stage", STAGES),
        ("status", STATUSES),
        ("field", FIELDS),
        ("class_year", (2027, 2028, 2029)),
        ("major", tuple(m[0] for m in cat.MAJORS)),
    ],
)
def test_outcome_categories_stay_in_domain(outcomes: pl.DataFrame, column: str, allowed: tuple) -> None:
    assert set(outcomes[column].unique()) <= set(allowed)


def test_listing_values_are_plausible(listings: pl.DataFrame) -> None:
    row = listings.select(
        pl.col("posted_date").min().alias("first"),
        pl.col("posted_date").max().alias("last"),
        pl.col("skills").list.len().min().alias("fewest_skills"),
        pl.col("skills").list.len().max().alias("most_skills"),
        pl.col("locations").list.len().min().alias("fewest_places"),
        pl.col("locations").list.len().max().alias("most_places"),
        pl.col("url").str.contains(r"^https://careers\.[a-z0-9-]+\.example/jobs/l\d{7}$").all().alias("urls"),
        pl.col("skills").list.eval(pl.element().is_in(cat.SKILLS)).list.all().all().alias("known_skills"),
        (pl.col("skills").list.n_unique() == pl.col("skills").list.len()).all().alias("distinct_skills"),
        pl.col("terms").list.len().min().alias("fewest_terms"),
    ).row(0, named=True)
    assert row == {
        "first": row["first"],
        "last": row["last"],
        "fewest_skills": 3,
        "most_skills": 10,
        "fewest_places": 1,
        "most_places": 6,
        "urls": True,
        "known_skills": True,
        "distinct_skills": True,
        "fewest_terms": 1,
    }
    assert date(2026, 6, 1) <= row["first"] and row["last"] <= date(2026, 11, 27)


def test_places_are_real_and_coded(listings: pl.DataFrame) -> None:
    known = {(c[0], c[1]) for c in cat.CITIES}
    pairs = listings.filter(pl.col("work_mode") != "remote").select(
        pl.col("cities").list.first().alias("city"), pl.col("regions").list.first().alias("region")
    )
    assert set(pairs.iter_rows()) <= known
    assert set(listings["regions"].explode().drop_nulls()) <= {c[1] for c in cat.CITIES}
    assert set(listings["countries"].explode().drop_nulls()) == {"US", "CA", "GB", "IN"}


def test_remote_listings_have_a_country_and_no_region(listings: pl.DataFrame) -> None:
    remote = listings.filter(pl.col("work_mode") == "remote")
    assert remote.height > 0
    assert set(remote["locations"].explode()) <= set(cat.REMOTE_DISPLAY.values())
    assert remote.select(
        (pl.col("regions").list.len() == 0).all(),
        (pl.col("cities").list.len() == 0).all(),
        (pl.col("countries").list.len() == 1).all(),
    ).row(0) == (True, True, True)


@pytest.mark.parametrize(
    ("text", "hourly"),
    [
        ("Unpaid", 0.0),
    ],
)
def test_unpaid_text_means_zero(listings: pl.DataFrame, text: str, hourly: float) -> None:
    assert set(listings.filter(pl.col("pay_text") == text)["pay_hourly_usd"]) == {hourly}


def _hourly_from_text(text: str) -> float:
    """An independent reading of the generator's pay forms (40 h/week, 2080 h/year)."""
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\$([\d,]+(?:\.\d+)?)", text)]
    value = sum(numbers) / len(numbers)
    if text.endswith("K/yr"):
        return value * 1000 / 2080
    if text.endswith("/month"):
        return value * 12 / 2080
    if text.endswith("/week"):
        return value / 40
    return value


def test_pay_text_agrees_with_hourly_pay(listings: pl.DataFrame) -> None:
    paid = listings.filter(pl.col("pay_hourly_usd") > 0).select("pay_text", "pay_hourly_usd")
    for text, hourly in paid.head(400).iter_rows():
        assert _hourly_from_text(text) == pytest.approx(hourly), text
    assert listings.select((pl.col("pay_text").is_null() == pl.col("pay_hourly_usd").is_null()).all()).item()


def test_pay_text_forms_are_varied(listings: pl.DataFrame) -> None:
    patterns = {
        r"^\$\d+/hr$",
        r"^\$\d+ per hour$",
        r"^\$\d+\.\d\d/hr$",
        r"^\$\d+–\$\d+/hr$",
        r"^\$\d+-\$\d+/hr$",
        r"^\$[\d,]+/month$",
        r"^\$\d+K/yr$",
        r"^\$[\d,]+/week$",
        r"^Unpaid$",
    }
    texts = listings["pay_text"].drop_nulls()
    for pattern in patterns:
        assert texts.str.contains(pattern).sum() > 0, pattern
    assert texts.str.contains("|".join(patterns)).all()


def test_outcome_rows_agree_with_their_listing(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    joined = outcomes.join(listings, on="listing_id", how="left", suffix="_listing")
    checks = joined.select(
        (pl.col("company") == pl.col("company_listing")).all().alias("company"),
        (pl.col("title") == pl.col("title_listing")).all().alias("title"),
        (pl.col("field") == pl.col("field_listing")).all().alias("field"),
        (pl.col("term") == pl.col("terms").list.first()).all().alias("term"),
        pl.col("region").eq_missing(pl.col("regions").list.first()).all().alias("region"),
        (pl.col("applied_date") > pl.col("posted_date")).all().alias("after_posting"),
        (pl.col("applied_date") <= date(2026, 11, 28)).all().alias("before_snapshot"),
    )
    assert checks.row(0, named=True) == dict.fromkeys(checks.columns, True)


def test_applicants_are_consistent_people(outcomes: pl.DataFrame) -> None:
    people = outcomes.group_by("applicant_id").agg(
        pl.len().alias("applications"),
        pl.max_horizontal(pl.col("major", "class_year", "gpa").n_unique()).alias("variants"),
        pl.col("gpa").first(),
    )
    assert people["variants"].max() == 1
    assert people["applications"].min() >= 5 and people["applications"].max() <= 25
    assert 3500 <= people.height <= 4500
    assert people["gpa"].min() >= 2.5 and people["gpa"].max() <= 4.0


@pytest.mark.parametrize(
    ("stage", "allowed_statuses"),
    [
        ("applied", {"open", "rejected", "withdrawn", "no_response"}),
        ("screen", {"open", "rejected", "withdrawn", "no_response"}),
        ("interview", {"open", "rejected", "withdrawn", "no_response"}),
        ("offer", {"open", "declined"}),
        ("accepted", {"accepted"}),
    ],
)
def test_status_agrees_with_stage(outcomes: pl.DataFrame, stage: str, allowed_statuses: set[str]) -> None:
    statuses = set(outcomes.filter(pl.col("stage") == stage)["status"].unique())
    assert statuses and statuses <= allowed_statuses


# ---- the stories ------------------------------------------------------------------------------


def _offer_rate(frame: pl.DataFrame) -> float:
    """Share of applications that reached an offer."""
    return frame.select((pl.col("rank") >= STAGE_RANK["offer"]).mean()).item()


def test_offer_rate_rises_with_gpa(outcomes: pl.DataFrame) -> None:
    low, high = outcomes["gpa"].quantile(0.25), outcomes["gpa"].quantile(0.75)
    assert _offer_rate(outcomes.filter(pl.col("gpa") >= high)) > 2 * _offer_rate(outcomes.filter(pl.col("gpa") <= low))


def test_offer_rate_rises_with_skill_match(listings: pl.DataFrame, outcomes: pl.DataFrame) -> None:
    matched = outcomes.join(listings.select("listing_id", "skills"), on="listing_id").with_columns(
        (pl.col("skills").list.set_intersection("applicant_skills").list.len() / pl.col("skills").list.len()).alias(
            "match"
        )
    )
    strong, weak = matched.filter(pl.col("match") >= 0.6), matched.filter(pl.col("match") < 0.3)
    assert _offer_rate(strong) > 1.5 * _offer_rate(weak)


def test_selective_employers_make_fewer_offers(outcomes: pl.DataFrame) -> None:
    rates = {tier: _offer_rate(outcomes.filter(pl.col("tier") == tier)) for tier in ("big_tech", "quant", "startup")}
    assert rates["quant"] < rates["startup"] / 3
    assert rates["big_tech"] < rates["startup"] / 3


def test_cybersecurity_concentrates_around_washington(listings: pl.DataFrame) -> None:
    in_dc = pl.col("regions").list.eval(pl.element().is_in(DC_AREA)).list.any()
    overall = listings.select(in_dc.mean()).item()
    cyber = listings.filter(pl.col("field") == "Cybersecurity").select(in_dc.mean()).item()
    assert cyber > 2 * overall


def test_ai_share_grows_over_the_season(listings: pl.DataFrame) -> None:
    is_ai = pl.col("field") == "AI & Machine Learning"
    by_month = listings.group_by(pl.col("posted_date").dt.month().alias("month")).agg(is_ai.mean().alias("ai"))
    share = dict(by_month.iter_rows())
    assert share[11] > 1.5 * share[6]


@pytest.mark.parametrize(("tier", "low", "high"), [("quant", 60, 130), ("big_tech", 40, 70), ("consultancy", 15, 40)])
def test_pay_by_tier(listings: pl.DataFrame, tier: str, low: float, high: float) -> None:
    tiered = listings.join(company_tiers(), on="company").filter(
        (pl.col("tier") == tier) & (pl.col("pay_hourly_usd") > 0)
    )
    assert low < tiered["pay_hourly_usd"].median() < high


def test_india_pays_less_than_the_us(listings: pl.DataFrame) -> None:
    first_country = pl.col("countries").list.first()
    paid = listings.filter(pl.col("pay_hourly_usd") > 0)
    median = {c: paid.filter(first_country == c)["pay_hourly_usd"].median() for c in ("US", "IN")}
    assert median["IN"] < 0.5 * median["US"]


def test_defense_and_labs_require_citizenship(listings: pl.DataFrame) -> None:
    tiered = listings.join(company_tiers(), on="company")
    share = tiered.group_by(pl.col("tier").is_in(["defense", "government_lab"]).alias("gov")).agg(
        (pl.col("sponsorship") == "citizens_only").mean().alias("share")
    )
    rates = dict(share.iter_rows())
    assert rates[True] > 0.6 and rates[False] < 0.05


def test_older_postings_are_closed_more_often(listings: pl.DataFrame) -> None:
    active = dict(listings.group_by(pl.col("posted_date").dt.month()).agg(pl.col("active").mean()).iter_rows())
    assert active[6] < active[10]


def test_company_catalogue_is_large_and_fictional() -> None:
    tiers = company_tiers()
    assert 130 <= tiers.height <= 170 and tiers["company"].is_unique().all()
    assert set(tiers["tier"]) == set(cat.TIERS)


def test_generated_skills_are_canonical() -> None:
    not_canonical = {name: canonical_skill(name) for name in cat.SKILLS if canonical_skill(name) != name}
    assert not_canonical == {}


# ---- the committed files ----------------------------------------------------------------------


def test_committed_sample_matches_the_generator(listings: pl.DataFrame) -> None:
    paths = sample_paths()
    assert set(paths) == {"listings", "outcomes"}
    assert_frame_equal(pl.read_parquet(paths["listings"]), listings)
    assert_frame_equal(pl.read_parquet(paths["outcomes"]), generate_outcomes(listings, 40_000, 7))


@pytest.mark.parametrize("kind", ["listings", "outcomes"])
def test_committed_files_are_small(kind: str) -> None:
    assert sample_paths()[kind].stat().st_size < 2_500_000


def test_batched_outcome_file_equals_one_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listings_module, "OUTCOME_BATCH", 700)  # several row groups
    paths = generate_to_dir(tmp_path, 200, 2500, 9)
    expected = generate_outcomes(generate_listings(200, 9), 2500, 9)
    assert_frame_equal(pl.read_parquet(paths["outcomes"]), expected)
