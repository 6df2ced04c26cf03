"""Pay strings from zshah, Simplify-style and international postings → hourly USD."""
from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.pay import normalise_pay, parse_pay


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
        ("CA$30/hr", 21.9),  # 30 × 0.73
        ("30 CAD/hr", 21.9),
        ("£20/hour", 25.4),  # 20 × 1.27
        ("₹50,000/month", 3.46),  # 50,000 × 0.012 / 173.33
        ("€2,500 per month", 15.58),
        ("$90-100K", 45.67),  # the K applies to both ends: 95,000 / 2080
        ("$25", 25.0),  # no unit, < 200 → hourly
        ("$6,000", 34.62),  # no unit, 200–20,000 → monthly
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
