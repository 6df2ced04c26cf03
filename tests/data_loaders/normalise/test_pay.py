"""Pay strings from zshah, Simplify-style and international postings → hourly USD."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_series_equal

from data_loaders.normalise.currency import rate_table
from data_loaders.normalise.pay import (
    compose_pay_text,
    normalise_pay,
    normalise_pay_details,
    parse_pay,
    parse_pay_details,
)

RATE = rate_table().usd_per_unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$23–$37/hr", 30.0),  # en dash, midpoint
        ("$23-$37/hr", 30.0),
        ("15 USD/hr", 15.0),
        ("$2K per week • + housing stipend.", 50.0),  # 2000 / 40
        ("$5,000/month", 28.85),  # 5000 / 173.33
        ("$53K-$91K (Glassdoor est.)", 34.62),  # no unit, ≥ 20,000 → yearly: 72,000 / 2080
        ("$100K – $200K", 72.12),  # 150,000 / 2080
        ("$45/hour", 45.0),
        ("$55 – $65 per hour", 60.0),
        ("$18.5–$33.5/hr", 26.0),
        ("$300k/yr", 144.23),
        ("130,000 USD/yr", 62.5),
        ("$15K per month", 86.54),
        ("$4K – $6K per week", 125.0),
        ("Unpaid", 0.0),
        ("Paid", None),
        ("", None),
        ("Competitive", None),
        (None, None),
        ("CA$30/hr", round(30 * RATE["CAD"], 2)),  # the shipped ECB rate table
        ("30 CAD/hr", round(30 * RATE["CAD"], 2)),
        ("£20/hour", round(20 * RATE["GBP"], 2)),
        ("₹50,000/month", round(50_000 * RATE["INR"] / (2080 / 12), 2)),
        ("€2,500 per month", round(2_500 * RATE["EUR"] / (2080 / 12), 2)),
        ("$90-100K", 45.67),  # the K applies to both ends: 95,000 / 2080
        ("$25", 25.0),  # no unit, < 200 → hourly
        ("$6,000", 34.62),  # no unit, 200–20,000 → monthly
        # Sentinels say "no figure": neither a number nor a problem.
        ("-1", None),
        ("0", None),
        ("N/A", None),
        ("NA", None),
        ("TBD", None),
        ("DOE", None),
        ("Depends on experience", None),
        ("Performance Based", None),
        ("Not provided", None),
        ("Not disclosed", None),
        ("Negotiable", None),
        ("Competitive stipend", None),
        ("$700/hr", None),  # above $300/h is implausible
        ("19–65 USD/yr", None),  # below $1/h with a written unit: a mislabelled hourly range
    ],
)
def test_parse_pay(text: str | None, expected: float | None) -> None:
    assert parse_pay(text) == expected


def test_normalise_pay_maps_each_distinct_value() -> None:
    series = pl.Series("pay_text", ["$25/hr", None, "$25/hr", "Competitive", "$5,000/month"])
    expected = pl.Series("pay_text", [25.0, None, 25.0, None, 28.85], dtype=pl.Float64())
    assert_series_equal(normalise_pay(series), expected)


def test_every_zshah_salary_parses_or_is_implausible(realdata) -> None:
    frame = pl.read_csv(realdata / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    salaries = frame["salary"].drop_nulls().unique()
    parsed = normalise_pay(salaries)
    failed = salaries.filter(parsed.is_null()).to_list()
    assert failed == ["19–65 USD/yr"]
    assert parsed.drop_nulls().is_between(10, 150).all()


MONTH_HOURS = 2080 / 12  # the stated assumption: 40 h/week, 2,080 h/year


@pytest.mark.parametrize(
    ("text", "country", "currency", "low", "high", "period", "hourly"),
    [
        # Issue 7: a ₹10,000/month stipend in US dollars per hour at the table's INR rate.
        ("₹ 10,000 /month", None, "INR", 10_000, 10_000, "month", round(10_000 * RATE["INR"] / MONTH_HOURS, 2)),
        (
            "Rs 15,000 - 20,000 /month",
            None,
            "INR",
            15_000,
            20_000,
            "month",
            round(17_500 * RATE["INR"] / MONTH_HOURS, 2),
        ),
        ("Rs. 8000 p.m.", None, "INR", 8_000, 8_000, "month", round(8_000 * RATE["INR"] / MONTH_HOURS, 2)),
        ("10000", "IN", "INR", 10_000, 10_000, "month", round(10_000 * RATE["INR"] / MONTH_HOURS, 2)),  # bare, in India
        ("3-5 LPA", None, "INR", 300_000, 500_000, "year", round(400_000 * RATE["INR"] / 2080, 2)),
        ("$53K-$91K (Glassdoor est.)", None, "USD", 53_000, 91_000, "year", 34.62),
        ("€40k–€50k per year", None, "EUR", 40_000, 50_000, "year", round(45_000 * RATE["EUR"] / 2080, 2)),
        ("£2,000/month", None, "GBP", 2_000, 2_000, "month", round(2_000 * RATE["GBP"] / MONTH_HOURS, 2)),
        ("CA$25/hr", None, "CAD", 25, 25, "hour", round(25 * RATE["CAD"], 2)),
        ("$25/hr", "CA", "CAD", 25, 25, "hour", round(25 * RATE["CAD"], 2)),  # "$" in a Canadian listing
        ("$25/hr", "US", "USD", 25, 25, "hour", 25.0),
        ("$1.3K – $1.5K per month", "FR", "USD", 1_300, 1_500, "month", round(1_400 / MONTH_HOURS, 2)),
        ("¥200,000/month", "JP", "JPY", 200_000, 200_000, "month", round(200_000 * RATE["JPY"] / MONTH_HOURS, 2)),
        ("1.200 € brutto/Monat", None, "EUR", 1_200, 1_200, "month", round(1_200 * RATE["EUR"] / MONTH_HOURS, 2)),
        ("42405 - 65485 USD /Annual", None, "USD", 42_405, 65_485, "year", round(53_945 / 2080, 2)),
        ("343 /Daily", "US", "USD", 343, 343, "day", round(343 / 8, 2)),
    ],
)
def test_parse_pay_details(
    text: str, country: str | None, currency: str, low: float, high: float, period: str, hourly: float
) -> None:
    parsed = parse_pay_details(text, country)
    assert (parsed.currency, parsed.minimum, parsed.maximum, parsed.period, parsed.hourly_usd, parsed.problem) == (
        currency,
        low,
        high,
        period,
        hourly,
        None,
    )


@pytest.mark.parametrize(
    ("text", "country", "problem"),
    [
        ("¥5000/month", None, "unknown_currency"),  # yen or yuan: never a guess
        ("25 kr/hour", None, "unknown_currency"),
        ("8.75 /Hourly", None, "unknown_currency"),  # no sign, no code, no country
        ("₹ 20,000 - 40,000 lump sum", None, "lump_sum"),
        ("19–65 USD/yr", None, "implausible"),
        ("lots of money", None, "not_understood"),
    ],
)
def test_parse_pay_problems(text: str, country: str | None, problem: str) -> None:
    parsed = parse_pay_details(text, country)
    assert (parsed.hourly_usd, parsed.problem) == (None, problem)


def test_unpaid_keeps_the_house_meaning() -> None:
    assert parse_pay_details("Unpaid").period == "unpaid" and parse_pay("Unpaid") == 0.0


def test_a_currency_column_overrides_the_sign() -> None:
    assert parse_pay_details("$25/hr", "US", "cad").currency == "CAD"


def test_ashby_compensation_object() -> None:
    payload = json.dumps(
        {
            "compensationTierSummary": "€1.2K – €1.4K per month",
            "summaryComponents": [
                {
                    "compensationType": "Salary",
                    "interval": "1 MONTH",
                    "currencyCode": "EUR",
                    "minValue": 1200,
                    "maxValue": 1400,
                }
            ],
        }
    )
    parsed = parse_pay_details(payload)
    assert (parsed.text, parsed.currency, parsed.minimum, parsed.maximum, parsed.period) == (
        "€1.2K – €1.4K per month",
        "EUR",
        1200.0,
        1400.0,
        "month",
    )
    empty = json.dumps({"compensationTierSummary": None, "summaryComponents": []})
    assert parse_pay_details(empty) == parse_pay_details(None)


def test_compose_pay_text_from_columns() -> None:
    composed = compose_pay_text(
        pl.Series(["42405", "8.75", None]),
        pl.Series(["65485", "8.75", None]),
        pl.Series(["Annual", "Hourly", "Annual"]),
        None,
        3,
    )
    assert composed.to_list() == ["42405 - 65485 /Annual", "8.75 /Hourly", None]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["$25/hr", "₹ 10,000 /month", "10000", "-1", "N/A", None, "€1.2K per month", "Unpaid", "lots", "$53K-$91K"]
        ),
        max_size=30,
    ),
    st.lists(st.sampled_from(["US", "IN", "CA", None]), min_size=30, max_size=30),
)
def test_parsing_each_distinct_value_once_equals_parsing_every_row(texts: list, countries: list) -> None:
    frame = normalise_pay_details(
        pl.Series("pay_text", texts, dtype=pl.String()), pl.Series("c", countries[: len(texts)], dtype=pl.String())
    )
    rows = [parse_pay_details(t, c) for t, c in zip(texts, countries, strict=False)]
    assert frame["pay_hourly_usd"].to_list() == [r.hourly_usd for r in rows]
    assert frame["pay_currency"].to_list() == [r.currency for r in rows]
    assert frame["pay_period"].to_list() == [r.period for r in rows]


def test_rate_table_names_its_date_and_source() -> None:
    table = rate_table()
    assert table.rate_date == "2026-10-30" and "European Central Bank" in table.source
    assert table.usd_per_unit["USD"] == 1.0 and 0.005 < table.usd_per_unit["INR"] < 0.02
