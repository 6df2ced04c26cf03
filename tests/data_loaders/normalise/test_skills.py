"""Skills: taxonomy, tag lists, free-text extraction with case and context rules."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from data_loaders.normalise.skills import (
    TAXONOMY,
    canonical_skill,
    extract_skills,
    normalise_skill_lists,
    search_skills,
    skill_category,
    unknown_skills,
)
from data_loaders.schema import SKILL_CATEGORIES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("JS", "JavaScript"),
        ("golang", "Go"),
        ("Postgres", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("ML", "Machine Learning"),
        ("sklearn", "scikit-learn"),
        ("scikit learn", "scikit-learn"),
        ("React.js", "React"),
        ("ReactJS", "React"),
        ("Node", "Node.js"),
        ("Node.js", "Node.js"),
        ("AWS", "AWS"),
        ("Amazon Web Services", "AWS"),
        ("cpp", "C++"),
        ("csharp", "C#"),
        ("python3", "Python"),
        ("Microsoft Excel", "Excel"),
        ("Oracle Java", "Java"),
        ("Structured query language SQL", "SQL"),
        ("Spark", "Apache Spark"),
        ("  py  ", "Python"),
        ("Problem-Solving", "Problem Solving"),
        ("CI/CD", "CI/CD"),
        ("Not A Skill", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_skill(name: str | None, expected: str | None) -> None:
    assert canonical_skill(name) == expected


def test_taxonomy_shape_and_categories() -> None:
    assert TAXONOMY.columns == ["skill", "category", "aliases"]
    assert TAXONOMY.schema["aliases"] == pl.List(pl.String())
    assert TAXONOMY.height >= 250
    assert TAXONOMY["skill"].is_unique().all()
    assert set(TAXONOMY["category"].unique()) == set(SKILL_CATEGORIES)
    for soft in ("Communication", "Teamwork", "Leadership", "Problem Solving"):
        assert skill_category(soft) == "soft"


@pytest.mark.parametrize(
    ("skill", "category"),
    [
        ("Python", "language"),
        ("React", "framework"),
        ("Pandas", "data"),
        ("AWS", "cloud"),
        ("Penetration Testing", "security"),
        ("Git", "tool"),
        ("Teamwork", "soft"),
        ("k8s", "cloud"),
        ("Basket Weaving", "other"),
    ],
)
def test_skill_category(skill: str, category: str) -> None:
    assert skill_category(skill) == category


def test_every_zshah_tag_is_known(realdata) -> None:
    frame = pl.read_csv(realdata / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    assert unknown_skills(frame["skills"].drop_nulls()) == []
    tags = frame["skills"].drop_nulls().str.split(";").explode().str.strip_chars().unique().to_list()
    assert len(tags) == 48


def test_normalise_skill_lists_from_strings() -> None:
    values = pl.Series(
        "skills", ["Python; C++; Git", "C/C++, golang | k8s", None, "", "HTML/CSS;Foo Bar;python;Python"]
    )
    expected = pl.Series(
        "skills",
        [["Python", "C++", "Git"], ["C", "C++", "Go", "Kubernetes"], [], [], ["HTML", "CSS", "Foo Bar", "Python"]],
        dtype=pl.List(pl.String()),
    )
    assert_series_equal(normalise_skill_lists(values), expected)


def test_normalise_skill_lists_from_lists_keeps_unknown_as_written() -> None:
    values = pl.Series("skills", [["JS", "js", "JavaScript", "dbt", "Weird Tool"], [], None])
    expected = pl.Series("skills", [["JavaScript", "dbt", "Weird Tool"], [], []], dtype=pl.List(pl.String()))
    assert_series_equal(normalise_skill_lists(values), expected)


def test_unknown_skills() -> None:
    assert unknown_skills(["Python; Foo", "bar baz, SQL", "C/Quux"]) == ["bar baz", "Foo", "Quux"]


def test_extract_skills_from_a_job_description() -> None:
    text = (
        "About the role: you will build data pipelines in Python and Go, and ship React.js dashboards "
        "backed by PostgreSQL. Experience with C/C++ or C# is a plus; familiarity with k8s on AWS and "
        "scikit-learn for machine learning (ML) is nice to have. Strong communication skills and teamwork."
    )
    assert extract_skills(text) == [
        "ETL",
        "Python",
        "Go",
        "React",
        "PostgreSQL",
        "C",
        "C++",
        "C#",
        "Kubernetes",
        "AWS",
        "scikit-learn",
        "Machine Learning",
        "Communication",
        "Teamwork",
    ]


def test_extract_skills_from_a_resume() -> None:
    text = (
        "SKILLS\nLanguages: Java, R, SQL, TypeScript\nFrameworks: Node.js, Django, PyTorch\n"
        "Tools: Git, Docker, Tableau, Microsoft Excel\n"
        "EXPERIENCE\nLed a team of 4 (leadership) building an Android app; problem-solving under deadlines."
    )
    assert extract_skills(text) == [
        "Java",
        "R",
        "SQL",
        "TypeScript",
        "Node.js",
        "Django",
        "PyTorch",
        "Git",
        "Docker",
        "Tableau",
        "Excel",
        "Leadership",
        "Android",
        "Problem Solving",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Google is a good place to go.",
        "You will Go to market with a go-to-market plan.",
        "Report to the C-suite.",
        "Grade C students welcome.",
        "Join our R&D team.",
        "Use it to excel in class.",
        "Swift delivery matters; move swiftly.",
        "React to feedback quickly.",
        "Rust prevention on steel parts.",
        "Plan A, plan B, or C.",
        "Series A, B, C funding.",
        "Vitamin C, zinc.",
        "Our roadmap: good, great, gone.",
        "Remarkable results in every area.",
    ],
)
def test_extract_skills_ignores_ordinary_words(text: str) -> None:
    assert extract_skills(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Languages: R, C, and Go.", ["R", "C", "Go"]),
        ("Programming in C and Java.", ["C", "Java"]),
        ("Built services in Go.", ["Go"]),
        ("Strong statistics in R (tidyverse).", ["Statistics", "R"]),
        ("We write Swift and Rust daily.", ["Swift", "Rust"]),
        ("React and Node.js experience.", ["React", "Node.js"]),
        ("Apache Spark, Kafka, Airflow.", ["Apache Spark", "Kafka", "Airflow"]),
        ("GOLANG and JS", ["Go", "JavaScript"]),
        ("", []),
    ],
)
def test_extract_skills_finds_languages_in_context(text: str, expected: list[str]) -> None:
    assert extract_skills(text) == expected


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [("py", "Python"), ("java", "Java"), ("k8s", "Kubernetes"), ("postgres", "PostgreSQL")],
)
def test_search_skills(query: str, expected_first: str) -> None:
    assert search_skills(query)[0] == expected_first


def test_search_skills_limit() -> None:
    assert len(search_skills("a", limit=5)) == 5
    assert search_skills("zzzz-nothing") == []
