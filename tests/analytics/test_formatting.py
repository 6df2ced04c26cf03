"""One way to write a number: half-up rounding, the <1 % / >99 % rule, money, counts and plurals."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.formatting import count, interval, money, percent, plural, points, share, share_label, texts


@pytest.mark.parametrize(
    ("successes", "total", "label"),
    [
        (6, 48, "13 % (6 of 48)"),  # 12.5 % rounds half-up, never to even
        (1, 8, "13 % (1 of 8)"),
        (199, 200, ">99 % (199 of 200)"),  # 99.5 % would round to 100: partial, so ">99"
        (1, 200, "1 % (1 of 200)"),  # 0.5 % rounds up to 1
        (1, 1000, "<1 % (1 of 1,000)"),
        (0, 412, "0 % (0 of 412)"),
        (412, 412, "100 % (412 of 412)"),
        (140, 412, "34 % (140 of 412)"),
        (0, 0, "– (0 of 0)"),
    ],
)
def test_share_label(successes: int, total: int, label: str) -> None:
    assert share_label(successes, total) == label


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0.125, 0, "13 %"),
        (0.145, 0, "15 %"),
        (0.0511, 1, "5.1 %"),
        (0.00049, 1, "<0.1 %"),
        (0.9996, 1, ">99.9 %"),
        (0.0, 0, "0 %"),
        (1.0, 1, "100.0 %"),
        (None, 0, "n/a"),
        (float("nan"), 0, "n/a"),
        (0.1176, 0, "12 %"),
    ],
)
def test_percent(value: float | None, digits: int, text: str) -> None:
    assert percent(value, digits) == text


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_a_count_and_its_float_read_the_same(successes: int, total: int) -> None:
    # Pages that hold only the share must write what pages holding the counts write.
    successes = min(successes, total)
    assert percent(successes / total) == share(successes, total)
    assert percent(successes / total, 1) == share(successes, total, 1)


def test_money_counts_plurals_and_intervals() -> None:
    assert money(12.5) == "$12.50/h"
    assert money(12.5, signed=True) == "+$12.50/h"
    assert money(-3, signed=True) == "−$3.00/h"
    assert money(0.004, signed=True) == "+$0.00/h"  # rounds to nothing: no minus sign on zero
    assert money(52000, unit="/yr") == "$52,000.00/yr"
    assert money(None) == "n/a"
    assert count(1204) == "1,204"
    assert (plural(1, "field"), plural(3, "field"), plural(2, "company"), plural(1204, "opening")) == (
        "1 field",
        "3 fields",
        "2 companies",
        "1,204 openings",
    )
    assert interval(0.031, 0.06) == "3.1–6.0 %"
    assert interval(None, 0.2) == "n/a"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.034, "+3.4 pp"),
        (-0.012, "−1.2 pp"),
        (0.0, "0.0 pp"),
        (0.00049, "0.0 pp"),
        (0.00051, "+0.1 pp"),
        (None, "n/a"),
    ],
)
def test_points(value: float | None, text: str) -> None:
    assert points(value) == text


def test_texts_writes_a_small_column() -> None:
    series = pl.Series("premium", [1.2, -3.0, None])
    assert texts(series, lambda value: money(value, signed=True)).to_list() == ["+$1.20/h", "−$3.00/h", "n/a"]


def test_chart_percent_ticks_read_like_the_pages() -> None:
    from dashboard.charts import percent_ticks

    assert percent_ticks([0.0, 0.05, 0.1], 0)["ticktext"] == ["0 %", "5 %", "10 %"]
    assert percent_ticks([0.0, 0.001, 0.002], 1)["ticktext"] == ["0.0 %", "0.1 %", "0.2 %"]


ROOT = Path(__file__).resolve().parents[2]
# Percent and money written outside analytics/formatting.py: d3 or printf percents, f-string percents, private
# money helpers. Progress bars (ProgressColumn) draw their own label and are left alone.
LEFTOVERS = re.compile(
    r"""tickformat=f?["'][^"']*%|:\.\d%\}|:\.\d?f\} ?%|NumberColumn\([^)]*format="percent"|def _money\("""
)


def test_no_number_is_written_outside_the_formatting_module() -> None:
    offenders = []
    for folder in ("analytics", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "formatting.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LEFTOVERS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
