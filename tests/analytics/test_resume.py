"""The skills résumé text names (pure text -> skills; reading the files is tests/data_loaders/test_resume_text.py)."""

from __future__ import annotations

import pytest

from analytics.resume import skills_from_resume

RESUME_LINES = [
    "Jordan Rivera",
    "B.S. Computer Science, University of Washington (2027)",
    "Skills: Python, SQL, pandas, Docker; some Go and R",
    "Experience: Data intern at Google (2025) - built dashboards in Tableau",
    "Résumé (coursework: Machine Learning)",
]


def test_skills_from_resume_text() -> None:
    # "Go" in "Google" and "R" in words must not count; listed "Go" and "R" must.
    text = "\n".join(RESUME_LINES)
    skills = skills_from_resume(text)
    assert {"Python", "SQL", "Docker", "Go", "R", "Tableau"} <= set(skills)
    assert len(skills) == len(set(skills))


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("Volunteer at Google Research; Rotary Club member", []),
        ("Python, python, PYTHON and SQL", ["Python", "SQL"]),  # each skill once
    ],
)
def test_skills_from_resume_cases(text: str, skills: list[str]) -> None:
    assert skills_from_resume(text) == skills
