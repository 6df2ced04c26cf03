"""Skill lists written without separators ("PythonDjangoNode.js", "HTMLCSS", "+3 more") are told apart by name."""

from __future__ import annotations

import re

import polars as pl
import pytest

from data_loaders import load_listings
from data_loaders.normalise.skill_runs import CAMEL_NAMES, skill_list_notes, without_more
from data_loaders.normalise.skills import canonical_skill, normalise_skill_lists, skill_lists_and_unknown


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Internshala's tags run together: each capital after a lower-case letter starts a name.
        ("PythonDjangoNode.jsPostgreSQL", ["Python", "Django", "Node.js", "PostgreSQL"]),
        ("JavaPythonSwift", ["Java", "Python", "Swift"]),
        # A known name read whole, not as its parts ("JavaScript" is no Java; "AngularJS" no Angular and JS).
        ("JavaScriptTypeScriptPyTorch", ["JavaScript", "TypeScript", "PyTorch"]),
        ("MongoDBAngularJSNode.js", ["MongoDB", "Angular", "Node.js"]),
        # Capitals run into capitals, or into a capitalised word; a closing bracket, + or # ends a name.
        ("HTMLCSS", ["HTML", "CSS"]),
        ("REST APIStripe Payment APIFastAPI", ["REST APIs", "Stripe Payment API", "FastAPI"]),
        ("Natural Language Processing (NLP)Deep Learning", ["Natural Language Processing", "Deep Learning"]),
        ("C++JavaC#Python", ["C++", "Java", "C#", "Python"]),
        ("C ProgrammingC++ Programming3D Modeling", ["C", "C++", "3D Modeling"]),
        ("ES6React", ["JavaScript", "React"]),
        ("Python.NET", ["Python", ".NET"]),
        # A known name with a slash inside is read whole; a piece still unknown is then cut at its slashes.
        ("A/B TestingAndroid", ["A/B Testing", "Android"]),
        ("PrototypingCI/CDChef", ["Prototyping", "CI/CD", "Chef"]),
        ("HTML/CSSJavaScript", ["HTML", "CSS", "JavaScript"]),
        ("Python/DjangoReact", ["Python", "Django", "React"]),
        # Names that start in lower case show no capital where they join.
        ("JavaScriptjQuery", ["JavaScript", "jQuery"]),
        ("Data Sciencescikit-learn", ["Data Science", "scikit-learn"]),
        # Names the taxonomy does not know are kept whole between known ones; soft skills too.
        ("CreativityTime Management", ["Creativity", "Time Management"]),
        ("PythonEnglish Proficiency (Spoken)Excel", ["Python", "English Proficiency (Spoken)", "Excel"]),
        ("PythonLinkedIn MarketingExcel", ["Python", "LinkedIn Marketing", "Excel"]),
        # A board's "+N more" says the list was cut short: dropped, never read as a skill.
        ("PythonSQLMS-Excel+3 more", ["Python", "SQL", "Excel"]),
        ("Python, SQL, +2 more", ["Python", "SQL"]),
        ("+ 12 More", []),
    ],
)
def test_run_together_names_are_told_apart(cell: str, expected: list[str]) -> None:
    assert normalise_skill_lists(pl.Series([cell])).to_list() == [expected]


@pytest.mark.parametrize(
    "cell",
    # One name in camel case, known or not, is never cut: no known part, a fragment of two letters, a listed name.
    ["JavaScript", "PostgreSQL", "HubSpot", "JavaFX", "iOS", "LinkedIn", "YouTube", "NestJS", "RxJS", "DevOps"]
    # Letters that only look like a join: "STLC" is no STL and C, "SQLR" no SQL and R, "debt" holds no dbt.
    + ["STLC", "SQLR", "AIML", "debt", "Python3"]
    # A known name written with capitals inside, then a word: one tag, never "Java" and "Script Frameworks".
    + ["JavaScript Frameworks", "PostgreSQL Administration", "GitHub Actions", "TypeScript Developer", "MongoDB Atlas"],
)
def test_single_names_stay_whole(cell: str) -> None:
    expected = canonical_skill(cell) or ("Python" if cell == "Python3" else cell)
    assert normalise_skill_lists(pl.Series([cell])).to_list() == [[expected]]


def test_a_lone_letter_is_no_language_when_cut_from_a_run() -> None:
    # "ARM MicrocontrollerRaspberry Pi": the "r" before "Raspberry" is no R.
    skills, _ = skill_lists_and_unknown(pl.Series(["PythonARM MicrocontrollerRaspberry Pi"]))
    assert skills.to_list() == [["Python", "ARM Microcontroller", "Raspberry Pi"]]


def test_camel_names_are_not_cut_and_the_more_suffix_is_only_a_suffix() -> None:
    for name in CAMEL_NAMES:
        expected = ["Python", canonical_skill(name) or name]
        assert normalise_skill_lists(pl.Series([f"Python{name}"])).to_list() == [expected], name
    assert without_more("Python+3 more") == "Python"
    assert without_more("C++") == "C++"
    assert without_more("More than 3") == "More than 3"


def test_notes_count_the_rows_run_together_and_cut_short() -> None:
    cells = pl.Series(["PythonDjango+2 more", "Python, SQL", "HTMLCSS", "Go", None, "Excel, +1 more"])
    skills = normalise_skill_lists(cells)
    notes = skill_list_notes(cells, skills)
    assert len(notes) == 2
    assert notes[0].startswith("2 row(s) wrote their skills without separators (e.g. 'HTMLCSS')")
    assert notes[1].startswith('2 row(s) list only their first skills and end with "+N more" (3 skills in all')
    assert (
        skill_list_notes(pl.Series(["Python, SQL", "Go"]), normalise_skill_lists(pl.Series(["Python, SQL", "Go"])))
        == []
    )
    assert skill_list_notes(pl.Series([["Python"]]), pl.Series([["Python"]])) == []  # lists already: nothing to say


def test_internshala_skills_are_read_name_by_name(realdata) -> None:
    result = load_listings(realdata / "internshala-stipends" / "inter_record.csv")
    frame = result.frame
    first = frame.filter(pl.col("title") == "Python Development").row(0, named=True)
    assert first["skills"] == [
        "Python",
        "Django",
        "Node.js",
        "PostgreSQL",
        "REST APIs",
        "Stripe Payment API",
        "FastAPI",
    ]
    skills = frame["skills"].explode().drop_nulls()
    assert skills.len() >= 4 * frame.height  # several per opening, not one blob each
    assert skills.map_elements(canonical_skill, return_dtype=pl.String).is_not_null().mean() >= 0.8
    # No name the taxonomy lacks still holds a word glued to a capitalised one ("CreativityTime"), brackets
    # ("Internet of Things (IoT)") and the camel-case names ("LinkedIn Marketing") aside.
    unknown = [s for s in skills.unique().to_list() if canonical_skill(s) is None]
    bare = {s: re.sub("|".join(CAMEL_NAMES), "", re.sub(r"\([^)]*\)", "", s)) for s in unknown}
    assert not [s for s, text in bare.items() if re.search(r"[a-z][A-Z][a-z]", text)], bare
    assert not skills.str.contains(r"\+\s*\d+\s*more").any()
    notes = " ".join(result.report.notes)
    assert "254 row(s) wrote their skills without separators" in notes
    assert '110 row(s) list only their first skills and end with "+N more" (340 skills in all' in notes
    top = frame["skills"].explode().value_counts(sort=True)["skills"].head(3).to_list()
    assert top[0] == "Python" and "Machine Learning" in top


@pytest.mark.parametrize(
    "path",
    ["simplify-summer2025", "canada-2026-listings", "zshah-intern-engine", "ctsc-southeast-internships"],
)
def test_lists_with_separators_are_read_as_before(realdata, path: str) -> None:
    files = sorted(f for f in (realdata / path).rglob("*") if f.suffix.lower() in {".csv", ".json", ".md", ".xlsx"})
    for file in files[:3]:
        try:
            result = load_listings(file)
        except Exception:  # not a listings file (a README, a schema): other tests cover those
            continue
        assert not [n for n in result.report.notes if "without separators" in n or "+N more" in n], file


def test_a_column_that_runs_its_names_together_is_cut_where_no_name_is_known() -> None:
    # Internshala's marketing internships: few known names; the column's other cells show the joins are separators.
    column = pl.Series(
        [
            "PythonDjango",
            "HTMLCSSJavaScript",
            "ExcelPowerPoint",
            "Social Media MarketingContent WritingEnglish Proficiency (Spoken)",
            "FinanceAccountingMarket Analysis",
            "HubSpot",
            "LinkedIn Marketing",
        ]
    )
    assert normalise_skill_lists(column).to_list()[3:] == [
        ["Social Media Marketing", "Content Writing", "English Proficiency (Spoken)"],
        ["Finance", "Accounting", "Market Analysis"],
        ["HubSpot"],  # a name in camel case stays whole, trusted column or not
        ["LinkedIn Marketing"],
    ]
    # Without that evidence a run of unknown names could be one product's name: kept as written.
    alone = pl.Series(["Social Media MarketingContent Writing", "Python, SQL", "SurveyMonkey", "Excel"])
    assert normalise_skill_lists(alone).to_list() == [
        ["Social Media MarketingContent Writing"],
        ["Python", "SQL"],
        ["SurveyMonkey"],
        ["Excel"],
    ]
