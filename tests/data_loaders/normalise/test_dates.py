"""Dates in every spelling our sources use."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.dates import normalise_dates, parse_date

D = dt.date(2024, 9, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-08-21T19:35:46.030+00:00", dt.date(2026, 8, 21)),
        ("2026-08-21T12:56:19-04:00", dt.date(2026, 8, 21)),
        ("2026-08-21T23:56:19-04:00", dt.date(2026, 8, 22)),  # converted to UTC first
        ("2026-08-21T00:00:00Z", dt.date(2026, 8, 21)),
        ("2026-08-20T13:47:48.995Z", dt.date(2026, 8, 20)),
        ("2024-09-03", D),
        (1725321600, D),
        (1725321600000, D),
        ("1725321600", D),
        (45538, D),
        ("45538", D),
        ("9/3/2024", D),
        ("Sep 3, 2024", D),
        ("September 3, 2024", D),
        ("Sept. 3rd, 2024", None),
        ("20240903", D),
        (D, D),
        (dt.datetime(2024, 9, 3, 5), D),
        ("garbage", None),
        ("", None),
        (None, None),
        (True, None),
        (-5, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_normalise_dates_numbers_and_strings() -> None:
    assert_series_equal(normalise_dates(pl.Series("d", [1725321600, None, 45538])), pl.Series("d", [D, None, D]))
    assert_series_equal(
        normalise_dates(pl.Series("d", ["2026-08-21T19:35:46.030+00:00", "x", "Sep 3, 2024"])),
        pl.Series("d", [dt.date(2026, 8, 21), None, D]),
    )


def test_normalise_dates_temporal_and_mixed() -> None:
    aware = pl.Series("d", [dt.datetime(2024, 9, 3, 23, 0)]).dt.replace_time_zone("America/New_York")
    assert normalise_dates(aware).to_list() == [dt.date(2024, 9, 4)]
    mixed = pl.Series("d", [D, "9/3/2024", 45538], dtype=pl.Object)
    assert_series_equal(normalise_dates(mixed), pl.Series("d", [D, D, D]))


def test_zshah_posted_at_all_parse(realdata) -> None:
    frame = pl.read_csv(realdata / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    dates = normalise_dates(frame["posted_at"])
    assert dates.null_count() == frame["posted_at"].null_count()
    assert dates.drop_nulls().is_between(dt.date(2024, 1, 1), dt.date(2026, 8, 22)).all()


def test_simplify_epoch_seconds(realdata) -> None:
    import json

    records = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text(encoding="utf-8"))
    dates = normalise_dates(pl.Series([r["date_posted"] for r in records]))
    assert dates.null_count() == 0
    assert dates.max() <= dt.date(2024, 10, 25)
