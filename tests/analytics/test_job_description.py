"""A pasted job description: required skills only; nice-to-have, tools in passing and degree names said apart."""

from __future__ import annotations

import pytest

from analytics.job_description import job_description_skills

JD = """About the role
We use Slack daily and Google Docs for everything. You will build dashboards.
Requirements:
- Pursuing a BS in Computer Science, Statistics or Mathematics
- Python and SQL
- Experience with Jira
Nice to have:
- Experience with Airflow
- Bonus: Kubernetes
"""


def test_required_nice_and_left_out() -> None:
    skills = job_description_skills(JD)
    assert skills.required == ["Python", "SQL", "Jira"]
    assert skills.nice_to_have == ["Airflow", "Kubernetes"]
    assert skills.left_out == {
        "Slack": "a tool the team uses, not asked of the candidate",
        "Statistics": "part of a degree name",
    }


def test_html_descriptions_are_read_as_text() -> None:
    html = "<h3>Requirements</h3><ul><li>Python</li><li>SQL</li></ul><h3>Preferred qualifications</h3><ul><li>Docker</li></ul>"
    skills = job_description_skills(html)
    assert skills.required == ["Python", "SQL"] and skills.nice_to_have == ["Docker"]


@pytest.mark.parametrize(
    ("text", "required"),
    [
        ("Strong statistics and SQL skills.", ["Statistics", "SQL"]),  # a skill, not a degree here
        ("Experience with Slack APIs and Python.", ["Slack", "Python"]),  # asked of the candidate
        ("Experience with Terraform is a plus. You know Java.", ["Java"]),  # the sentence says it is a plus
        ("MS in Machine Learning preferred; PyTorch required.", ["PyTorch"]),
    ],
)
def test_sentences(text: str, required: list[str]) -> None:
    assert job_description_skills(text).required == required


def test_a_skill_required_anywhere_is_required() -> None:
    text = "Requirements:\n- Jira\nWe use Jira and Slack daily."
    skills = job_description_skills(text)
    assert skills.required == ["Jira"] and "Jira" not in skills.left_out


@pytest.mark.parametrize("text", [None, "", "   ", "We are a friendly team."])
def test_nothing_to_find(text: str | None) -> None:
    skills = job_description_skills(text)
    assert skills.required == [] and skills.nice_to_have == [] and skills.left_out == {}
