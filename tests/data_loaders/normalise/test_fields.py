"""Fields from categories and real Simplify titles."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.fields import classify_title, field_from_category, normalise_fields
from data_loaders.schema import FIELDS

SWE, DATA, AI, SEC, IT, HW, PROD, QUANT, OTHER = FIELDS

# Real titles from the Simplify Summer 2025 file (checked by test_titles_are_real).
TITLES = [
    ("Software Engineer Intern", SWE),
    ("Software Engineer Intern (Summer 2025)", SWE),
    ("Software Development Engineer Internship - 2025 (US)", SWE),
    ("Backend Engineer Intern - Social Ecosystem", SWE),
    ("iOS Engineer Intern", SWE),
    ("Junior Software Developer Intern - Summer 2024", SWE),
    ("Co-op/Intern Ruby Developer - Fall 2024", SWE),
    ("Summer 2024 Intern - Quality Assurance Analyst", SWE),
    ("Undergraduate Internship - Computer Science - Bachelors", SWE),
    ("2024 Summer Intern: Software Engineer II - Sam's Club 🛂", SWE),
    ("Data Analyst Intern", DATA),
    ("Data Scientist Intern - Seattle", DATA),
    ("Data Science Intern (2024)", DATA),
    ("Data Analytics Engineer Intern", DATA),
    ("Intern – Biostatistics - Oncology", DATA),
    ("Manufacturing Data Analysis Intern - Winter/Spring 2025", DATA),
    ("Machine Learning Engineer Intern", AI),
    ("ML Engineer Intern", AI),
    ("AI Programmer Intern", AI),
    ("Engineering Intern Summer 2024 - Aerospace - Computer Science - AI/ML", AI),
    ("Machine Learning Engineer Internship - Computer Vision - US Remote", AI),
    ("Security Analyst Intern", SEC),
    ("TAC Malware Triage Intern - Summer 2024 - Remote", SEC),
    ("Quantitative Trading Intern", QUANT),
    ("Public Investments – Quantitative Analyst Internship - Undergraduate-level", QUANT),
    ("Firmware Engineering Intern", HW),
    ("Embedded Software Engineering Intern - Spring 2024", HW),
    ("Silicon Validation Engineering Intern", HW),
    ("Intern – Signal and Power Integrity - US", HW),
    ("Embedded Systems Engineer – Summer 2024 Internship", HW),
    ("Product Manager Intern", PROD),
    ("Intern – Product/Program Management - Summer 2024", PROD),
    ("Product Research Internship Summer 2024", PROD),
    ("IT Support Intern", IT),
    ("Desktop Support Intern", IT),
    ("Cloud Infrastructure Intern - Cloud Solutions and Architectural Design", IT),
    ("Platform Infrastructure Intern", IT),
    ("Devops Engineering Intern - Systems Operations and Automation", IT),
    ("GPU Architect Intern - Summer 2024", HW),
    ("Summer 2024 – Intern SSD Validation", HW),
    ("Controls Engineering Intern", HW),
    ("Compiler Engineering Co-op", SWE),
    ("Intern – Engineering - Test Automation - Summer 2024", SWE),
    ("Unity Engineer Internship", SWE),
    ("Information Assurance Analyst Intern", SEC),
    ("Systems Reliability and Stability Internship/Co-op", IT),
    ("Manufacturing Engineering Intern - Summer 2024", OTHER),
    ("Financial Planning & Analysis Intern - Summer 2024", OTHER),
    ("Technical Intern", OTHER),
    ("Sustainability Analyst Intern", OTHER),
    ("2024 Summer Festival Internships", OTHER),
    ("Investment Internship", OTHER),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_classify_title(title: str, expected: str) -> None:
    assert classify_title(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("UX Design Intern", PROD),
        ("Cloud Infrastructure Intern", IT),
        ("", OTHER),
        (None, OTHER),
        # Other rather than a wrong field (issue 7): physical security, business functions, teaching, departments.
        ("Security Officer", OTHER),
        ("Physical Security Intern", OTHER),
        ("City Seasonal Aide/Security Guard", OTHER),
        ("Chief Information Security Officer", SEC),
        ("Business Development Intern", OTHER),
        ("Marketing Intern", OTHER),
        ("Marketing Data Analyst Intern", DATA),
        ("AI Tutor For Kids", OTHER),
        ("Securities Operations Intern", OTHER),
        ("Forensic Mortuary Technician", OTHER),
        ("Digital Forensic Investigator", SEC),
        ("Green Infrastructure Engineer", OTHER),
        (".Net Developer, Bureau of IT Strategy and Project Management", SWE),
        ("Program Manager, Capital Access Funds", OTHER),
        ("Quality Assurance Manager, Crime Scene Unit", OTHER),
        ("Supervisor, Death Registration, Bureau of Vital Statistics", OTHER),
        ("Research Scientist, Bureau of Environmental Disease", OTHER),
        ("Web Producer Intern", OTHER),
    ],
)
def test_classify_title_brief_examples(title: str | None, expected: str) -> None:
    assert classify_title(title) == expected


def test_titles_are_real(realdata) -> None:
    records = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text(encoding="utf-8"))
    real = {r["title"].strip() for r in records}  # 48 real titles carry trailing whitespace
    assert [title for title, _ in TITLES if title not in real] == []


@pytest.mark.parametrize(
    ("category", "title", "expected"),
    [
        ("Software", None, SWE),
        ("Data & ML/AI", "Machine Learning Intern", AI),
        ("Data & ML/AI", "Data Analyst Intern", DATA),
        ("Data & ML/AI", None, DATA),
        ("Quant", None, QUANT),
        ("Security", None, SEC),
        ("Hardware", None, HW),
        ("Data Science", None, DATA),
        ("Product Management", None, PROD),
        ("UX Design", None, PROD),
        ("IT", None, IT),
        ("Machine Learning", None, AI),
        ("Cyber Security", None, SEC),
        ("Cybersecurity", None, SEC),
        ("AI & Machine Learning", None, AI),
        ("", None, None),
        (None, None, None),
        # An unknown category is Other, never a title guess (issue 7); generic ones let the title decide.
        ("Basket Weaving", "Software Engineer Intern", OTHER),
        ("Business Development", "IT Intern", OTHER),
        ("Communications", None, OTHER),
        ("Marketing", None, OTHER),
        ("Finance & Legal", None, OTHER),
        ("HR", None, OTHER),
        ("People & Culture", None, OTHER),
        ("Design", None, PROD),
        ("data_science", None, DATA),
        ("ml_ai", None, AI),
        ("swe", None, SWE),
        ("AI/ML/Data", "Data Analyst Intern", DATA),
        ("Engineering", "Firmware Intern", None),
        ("Internships & Co-ops", None, None),
        ("Research", None, None),
    ],
)
def test_field_from_category(category: str | None, title: str | None, expected: str | None) -> None:
    assert field_from_category(category, title) == expected


def test_normalise_fields() -> None:
    category = pl.Series(["Software", "Data & ML/AI", "Data & ML/AI", None, "Quant", "Weird", "Engineering"])
    titles = pl.Series(
        [
            "x",
            "ML Engineer Intern",
            "Data Analyst Intern",
            "UX Design Intern",
            "y",
            "Cloud Infrastructure Intern",
            "Firmware Intern",
        ]
    )
    expected = pl.Series("field", [SWE, AI, DATA, PROD, QUANT, OTHER, HW])
    assert_series_equal(normalise_fields(category, titles), expected)
    assert_series_equal(
        normalise_fields(None, pl.Series(["Data Analyst Intern", None])), pl.Series("field", [DATA, OTHER])
    )


def test_zshah_categories_all_map(realdata) -> None:
    frame = pl.read_csv(realdata / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    fields = normalise_fields(frame["category"], frame["title"])
    assert fields.null_count() == 0
    assert set(fields.unique()) <= set(FIELDS)
    data_or_ai = fields.filter(frame["category"] == "Data & ML/AI")
    assert set(data_or_ai.unique()) == {DATA, AI}


def test_digit_runs_do_not_change_a_titles_field() -> None:
    # normalise_fields classifies titles with digit runs collapsed; that must equal classifying each title.
    titles = [
        "Software Engineer Intern 2027",
        "AI2 Research Intern",
        "Data Analyst (Req 48213)",
        "IT Support 3",
        "Security Guard 12",
        "Intern 99",
        "ML Intern, Team 7",
        "Quant 2026 Summer",
        None,
    ]
    got = normalise_fields(None, pl.Series(titles)).to_list()
    assert got == [classify_title(t) for t in titles]
