"""The skill plan's downloads are inert: the CSV runs no formula, the Markdown renders every value as text."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest

from analytics.exports import FORMULA_START, csv_safe, escape_markdown
from analytics.skill_plan import build_plan, plan_to_csv_bytes, plan_to_markdown
from data_loaders.schema import conform
from tests.dashboard.markup import HOSTILE, hostile_markdown, markdown_markup

FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+SUM(A1:A9)", "-2+3", "@cmd", "  =1+1", "\t=1", "\r=1"]


def _listings() -> pl.DataFrame:
    """Openings whose company, title and skills are formulas and hostile Markdown."""
    names = [*FORMULAS, *HOSTILE]
    return conform(
        pl.DataFrame(
            {
                "listing_id": [f"L{i}" for i in range(len(names))],
                "company": names,
                "title": list(reversed(names)),
                "skills": [["Python", name] for name in names],
                "active": [True] * len(names),
            }
        ),
        "listings",
    )


@pytest.fixture(scope="module")
def plan():
    """A plan over the hostile openings, described by a hostile filter sentence (the link's search text)."""
    return build_plan(_listings(), ["Python"], description=f"Openings matching {HOSTILE[0]}", top=40, k=40)


def test_plan_csv_runs_no_formula(plan) -> None:
    rows = list(csv.DictReader(io.StringIO(plan_to_csv_bytes(plan).decode("utf-8-sig"), newline="")))
    cells = [value for row in rows for value in row.values() if value]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)  # the plan does carry the hostile names
    # No cell a spreadsheet would evaluate: every formula start got its apostrophe.
    assert [cell for cell in cells if pl.Series([cell]).str.contains(FORMULA_START)[0]] == []


def test_plan_markdown_renders_values_as_text(plan) -> None:
    text = plan_to_markdown(plan)
    assert hostile_markdown(text) == [], hostile_markdown(text)[:3]
    assert "Verify your account" in text and "evilbold" in text  # the values are there, as text
    # Our own structure survives: headings, bold lead-ins and one table row per opening.
    assert text.startswith("# Skill plan\n") and "**Your skills:** Python" in text
    best = text.split("## Best openings")[1].split("## Skills you are missing")[0]
    assert best.count("\n| ") - 1 == plan.best_openings.height  # header + rows; no value broke the table


def test_markdown_cells_never_break_a_table_row() -> None:
    cell = escape_markdown("a | b\n| c |")
    assert markdown_markup(cell) == [] and "|" not in cell.replace("\\|", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\t1", "'\t1"),
        ("\r1", "'\r1"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("a=b", "a=b"),
        ("plain", "plain"),
        ("", ""),
        (None, None),
    ],
)
def test_csv_safe_formula_starts(value: str | None, expected: str | None) -> None:
    assert csv_safe(pl.DataFrame({"text": [value]}, schema={"text": pl.String}))["text"][0] == expected
