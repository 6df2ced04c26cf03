"""The internships-only filter: unit cases, and precision / recall against hand labels of the real Ashby boards."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from data_loaders.collect.boards import board_rows
from data_loaders.collect.config import Source
from data_loaders.collect.internships import internship_mask, keep_internships
from tests.collect.conftest import ASHBY_DIR, FIXTURES, need_shared


@pytest.mark.parametrize(
    ("title", "employment_type", "expected"),
    [
        ("Software Engineering Intern", None, True),
        ("Data Science Co-op (Fall 2026)", None, True),
        ("Coop Student, Firmware", None, True),
        ("Praktikum im  Start-up ", None, True),
        ("Werkstudent Data Engineering (m/w/d)", None, True),
        ("Working Student Marketing", None, True),
        ("Stagiaire en Développement Logiciel", None, True),
        ("Stage de fin d'études - Data", None, True),
        ("Industrial Placement Year - Finance", None, True),
        ("Operations Analyst", "Intern", True),
        ("Operations Analyst", "Internship", True),
        ("Internal Auditor", None, False),
        ("International Sales Manager", None, False),
        ("Senior Internal Tools Engineer", "FullTime", False),
        ("Internship Program Manager", None, False),
        ("University Recruiter, Interns", None, False),
        ("Stage Manager", None, False),
        ("Early Stage Investor", None, False),
        ("Cooperation Lead", None, False),
        ("Software Engineer, New Graduate", "FullTime", False),
    ],
)
def test_internship_mask(title: str, employment_type: str | None, expected: bool) -> None:
    frame = pl.DataFrame(
        {"title": [title], "employment_type": [employment_type]},
        schema={"title": pl.String, "employment_type": pl.String},
    )
    assert frame.select(internship_mask(pl.col("title"), pl.col("employment_type"))).item() is expected


def test_commitment_counts_as_evidence() -> None:
    frame = pl.DataFrame({"title": ["Design Student", "Designer"], "commitment": ["Co-op", "Full-time"]})
    kept, dropped = keep_internships(frame)
    assert kept["title"].to_list() == ["Design Student"] and dropped == 1


def ashby_measurement() -> dict[str, float]:
    """Precision and recall of the filter against the hand labels (171 real Ashby jobs)."""
    need_shared(ASHBY_DIR)
    with open(FIXTURES / "ashby_labels.csv", newline="", encoding="utf-8") as handle:
        labels = {
            (r["board"], r["job_id"]): r["internship"] == "yes"
            for r in csv.DictReader(line for line in handle if not line.startswith("#"))
        }
    rows = []
    for path in sorted(ASHBY_DIR.glob("*.json")):
        for row in board_rows(path.read_bytes(), Source("ashby", board=path.stem)):
            rows.append(
                {
                    "key": (path.stem, row["listing_id"].rsplit(":", 1)[1]),
                    "title": row["title"],
                    "employment_type": row["employment_type"],
                }
            )
    frame = pl.DataFrame(rows).with_columns(predicted=internship_mask(pl.col("title"), pl.col("employment_type")))
    truth = [labels[tuple(key)] for key in frame["key"].to_list()]
    predicted = frame["predicted"].to_list()
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    return {
        "n": len(truth),
        "positives": sum(truth),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
    }


@pytest.mark.realdata
def test_precision_and_recall_on_real_ashby_boards() -> None:
    result = ashby_measurement()
    assert result["n"] == 171 and result["positives"] == 34
    # The numbers docs/collect.md reports; a change to the patterns that loses either shows here.
    assert result["precision"] >= 0.97, result
    assert result["recall"] >= 0.97, result
