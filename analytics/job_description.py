"""A pasted job description -> the skills it requires, those it only calls nice to have, and those left out.

Three rules on top of the skill finder, each so an employer's draft is read the way a candidate reads it:
- skills under a "Nice to have" / "Bonus" / "Preferred" heading, or in a sentence saying so, are not required
  (`data_loaders.normalise.description.split_sections`);
- a workplace tool the team merely uses ("we use Slack daily") is not a requirement unless the same line asks
  for it ("experience with Jira");
- a discipline inside a degree ("BS in Statistics or Mathematics") is the degree, not a skill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from data_loaders.normalise.description import html_to_text, split_sections
from data_loaders.normalise.skills import TAXONOMY, extract_skills

# "We use Slack daily", "the team lives in Notion", "communicate over Zoom": tools in passing.
_PASSING = re.compile(
    r"\b(?:we|our\s+(?:team|company|teams)|the\s+team|everyone|you(?:'ll| will))\s+(?:\w+\s+){0,2}"
    r"(?:use|uses|using|live\s+in|work\s+in|communicate|collaborate|chat)\b|"
    r"\bused\s+(?:daily|internally|every\s*day|across|company[- ]wide)\b|\b(?:via|over|on|through)\s+(?:slack|zoom|teams)\b|"
    r"\btools?\s+(?:we|our\s+team)\s+use\b",
    re.I,
)
# Words that make a line ask for the skill itself, even when it also says the team uses it.
_ASKS = re.compile(
    r"experience|proficien|familiar|knowledge|fluen|expert|skilled|must|required|comfortable|"
    r"ability\s+to\s+use|hands[- ]on",
    re.I,
)
_DEGREE = re.compile(
    r"\b(?:B\.?S\.?c?|B\.?A\.?|M\.?S\.?c?|M\.?Eng|B\.?Eng|Ph\.?D|bachelor'?s?|master'?s?|doctorate|degree|major(?:ing)?|"
    r"pursuing|studying|enrolled|student\s+in)\b",
    re.I,
)
# Skills that are also the names of degrees and majors.
_DISCIPLINES = frozenset(
    {
        "Statistics",
        "Machine Learning",
        "Artificial Intelligence",
        "Data Science",
        "Data Analysis",
        "Cybersecurity",
        "Computer Vision",
        "Operations Research",
        "Econometrics",
        "Mathematics",
        "Information Security",
        "Networking",
        "Robotics",
        "Bioinformatics",
    }
)
_LINE = re.compile(r"\n|(?<=[.!?;])\s+")


def _tools() -> frozenset[str]:
    return frozenset(TAXONOMY.filter(category="tool").get_column("skill").to_list())


@dataclass(frozen=True)
class JobDescriptionSkills:
    """What a job description asks for: required skills, nice-to-have skills, and skills named but left out."""

    required: list[str] = field(default_factory=list)
    nice_to_have: list[str] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # skill -> why it is not counted


def _line_skills(line: str, tools: frozenset[str], left_out: dict[str, str]) -> list[str]:
    """The skills one line asks for; skills named only in passing or as a degree go to `left_out`."""
    found = extract_skills(line)
    if not found:
        return []
    passing = bool(_PASSING.search(line)) and not _ASKS.search(line)
    degree = bool(_DEGREE.search(line))
    kept = []
    for skill in found:
        if passing and skill in tools:
            left_out.setdefault(skill, "a tool the team uses, not asked of the candidate")
        elif degree and skill in _DISCIPLINES:
            left_out.setdefault(skill, "part of a degree name")
        else:
            kept.append(skill)
    return kept


def _skills(text: str, tools: frozenset[str], left_out: dict[str, str]) -> list[str]:
    found: list[str] = []
    for line in _LINE.split(text):
        found.extend(skill for skill in _line_skills(line, tools, left_out) if skill not in found)
    return found


def job_description_skills(text: str | None) -> JobDescriptionSkills:
    """Read a pasted job description (plain text or HTML) into required, nice-to-have and left-out skills."""
    if not text or not text.strip():
        return JobDescriptionSkills()
    plain = html_to_text(text)
    required_text, nice_text = split_sections(plain)
    tools = _tools()
    left_out: dict[str, str] = {}
    required = _skills(required_text, tools, left_out)
    nice = [skill for skill in _skills(nice_text, tools, left_out) if skill not in required]
    # A skill asked for somewhere is required even if another line only mentions it in passing.
    left_out = {skill: why for skill, why in left_out.items() if skill not in required and skill not in nice}
    return JobDescriptionSkills(required=required, nice_to_have=nice, left_out=left_out)
