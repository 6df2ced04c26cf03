"""Real files nobody tuned the loaders to: pay with its currency, terms, fields, places and work mode."""

from __future__ import annotations

import polars as pl
import pytest

from data_loaders import load_listings
from data_loaders.normalise.currency import rate_table

pytestmark = pytest.mark.realdata

RATE = rate_table().usd_per_unit
MONTH_HOURS = 2080 / 12


def _coverage(result, column: str) -> float:
    return result.report.coverage[column]


def test_internshala_stipends_are_rupees_per_month(realdata) -> None:
    result = load_listings(realdata / "internshala-stipends" / "inter_record.csv")
    frame = result.frame
    assert _coverage(result, "pay_hourly_usd") >= 0.95  # only the lump sum and the "no figure" rows lack it
    assert set(frame["pay_currency"].drop_nulls()) == {"INR"}
    row = frame.filter(pl.col("pay_text") == "₹ 5,000 /month").row(0, named=True)
    assert (row["pay_min"], row["pay_max"], row["pay_period"]) == (5_000.0, 5_000.0, "month")
    assert row["pay_hourly_usd"] == round(5_000 * RATE["INR"] / MONTH_HOURS, 2)
    assert frame["pay_hourly_usd"].max() < 10  # no stipend read as US dollars
    lump = frame.filter(pl.col("pay_period") == "lump_sum")
    assert lump["pay_hourly_usd"].is_null().all() and lump.height >= 1
    notes = " ".join(result.report.notes)
    assert "INR" in notes and rate_table().rate_date in notes
    assert "lump-sum" in " ".join(i.reason for i in result.report.issues)
    assert (frame["work_mode"] == "remote").sum() >= 120  # "Work from home"


@pytest.mark.parametrize(
    ("board", "currencies", "pay_share"),
    [
        ("AtomicSemi.json", {"USD"}, 0.9),
        ("backmarket.json", {"EUR", "USD"}, 0.25),
        ("bree.json", {"CAD"}, 0.7),
        ("reedsy.json", {"GBP", "EUR", "USD"}, 1.0),
        ("roadsurfer.com.json", {"EUR"}, 0.1),
    ],  # no compensation object; pay read from 8 descriptions
)
def test_ashby_boards_keep_currency_and_period(realdata, board: str, currencies: set[str], pay_share: float) -> None:
    result = load_listings(realdata / "ashby-raw-job-boards" / board)
    frame = result.frame
    assert set(frame["pay_currency"].drop_nulls()) == currencies
    assert _coverage(result, "pay_hourly_usd") >= pay_share
    # The compensation object becomes its summary text, never raw JSON.
    assert not frame["pay_text"].drop_nulls().str.starts_with("{").any()
    assert not any(i.reason.startswith("pay text not understood") for i in result.report.issues)


def test_ashby_spot_values(realdata) -> None:
    bree = load_listings(realdata / "ashby-raw-job-boards" / "bree.json").frame
    intern = bree.filter(pl.col("title") == "Internship Program (All Roles)").row(0, named=True)
    assert (intern["pay_currency"], intern["pay_min"], intern["pay_max"], intern["pay_period"]) == (
        "CAD",
        25.0,
        75.0,
        "hour",
    )
    assert intern["pay_hourly_usd"] == round(50 * RATE["CAD"], 2)
    back = load_listings(realdata / "ashby-raw-job-boards" / "backmarket.json").frame
    euro = back.filter(pl.col("pay_text") == "€1.2K – €1.4K per month").row(0, named=True)
    assert (euro["pay_currency"], euro["pay_period"], euro["pay_hourly_usd"]) == (
        "EUR",
        "month",
        round(1_300 * RATE["EUR"] / MONTH_HOURS, 2),
    )
    reedsy = load_listings(realdata / "ashby-raw-job-boards" / "reedsy.json").frame
    assert reedsy.filter(pl.col("pay_currency") == "GBP")["pay_period"].unique().to_list() == ["year"]


def test_nyc_jobs_pay_columns_are_composed_and_currency_is_not_guessed(realdata) -> None:
    result = load_listings(realdata / "nyc-jobs-2019" / "NYC_Jobs.csv")
    frame = result.frame
    assert _coverage(result, "company") == 1.0 and _coverage(result, "title") == 1.0  # Agency, Business Title
    assert _coverage(result, "pay_min") >= 0.98 and _coverage(result, "pay_period") >= 0.98
    assert set(frame["pay_period"].drop_nulls()) == {"year", "hour", "day"}
    # No currency sign, code or country anywhere in the file: US dollars would be a guess, so the
    # hourly figure stays empty and the report says why.
    assert frame["pay_hourly_usd"].is_null().all()
    assert any(i.reason.startswith("pay currency unknown") for i in result.report.issues)
    fields = frame["field"].value_counts()
    assert fields.filter(pl.col("field") != "Other")["count"].sum() >= 100  # tech titles under compound categories


def test_nyc_jobs_pay_with_a_currency_mapping(realdata, tmp_path) -> None:
    source = pl.read_csv(realdata / "nyc-jobs-2019" / "NYC_Jobs.csv", infer_schema=False).head(300)
    path = tmp_path / "nyc.csv"
    source.with_columns(pl.lit("USD").alias("Currency")).write_csv(path)
    frame = load_listings(path).frame
    first = frame.filter(pl.col("pay_text") == "42405 - 65485 USD /Annual").row(0, named=True)
    assert first["pay_hourly_usd"] == round((42_405 + 65_485) / 2 / 2080, 2)


def test_canada_seasons_without_year_are_kept_with_a_note(realdata) -> None:
    result = load_listings(realdata / "canada-2026-listings" / "listings.json")
    assert _coverage(result, "terms") >= 0.5  # 818 of 1,529 rows name a season, none with a year
    assert any("season without a year" in note for note in result.report.notes)
    assert result.frame["terms"].explode().drop_nulls().str.contains(r"^(Winter|Summer|Fall|Spring) 20\d\d$").all()


def test_ctsc_categories_and_underscored_seasons(realdata) -> None:
    result = load_listings(realdata / "ctsc-southeast-internships" / "jobs.json")
    frame = result.frame
    assert _coverage(result, "terms") == 1.0 and _coverage(result, "posted_date") == 1.0  # fall_2026, date_added
    counts = dict(frame["field"].value_counts().iter_rows())
    assert (
        counts["Other"] == 2438 and counts["Software Engineering"] == 302
    )  # category "other" is Other, not a title guess


def test_work_mode_unknown_without_evidence_in_a_list_that_never_marks_it(realdata) -> None:
    # The Simplify current-schema sample names offices only: nothing says onsite or remote.
    result = load_listings(realdata / "simplify-current-schema-samples" / "simplifyjobs.json")
    assert set(result.frame["work_mode"]) <= {"unknown", "remote", "hybrid"}
