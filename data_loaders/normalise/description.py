"""Job descriptions: free text (or HTML) → skills, a pay span, work mode, sponsorship and terms.

A listing's long free-text columns ("Job Description", "About the role", "Requirements", Ashby's
`descriptionPlain`) often hold what the structured columns lack. This module reads one description
into `DescriptionFacts`; `extract_descriptions` does it once per distinct text of a column and joins
the results back. The listings loader uses a value only where the structured column is empty.
The readers live beside it: `html_text` (HTML), `description_pay` (pay), `description_phrases` (work mode,
sponsorship, terms); this module splits required from nice-to-have skills and puts the facts together.

Rules (each conservative: no evidence → nothing, never a guess):
- HTML is turned into text with the standard library's parser: entities decoded, block tags (p, div,
  li, h1–h6, br, tr …) become line breaks, list items start with "• ", scripts and styles are dropped.
- Skills come from the shared free-text skill finder (`skills.extract_skills`). Lines under a heading
  such as "Nice to have", "Bonus", "Preferred", "Pluses", "Desired" — or a line that itself says
  "… is a plus", "nice to have", "preferred" — are *nice to have*: those skills are kept out of the
  required list and returned separately. A following heading that is not nice-to-have ends the section.
- Pay: the best money span ("$25–$30/hour", "€2,000 per month", "CA$60,000 – CA$70,000 annually",
  "₹10,000/month"): a currency sign or code next to an amount, optionally a range, scored by a period
  written after it and by pay words before it (salary, pay, compensation, stipend, wage, range …); a
  span with neither is ignored, and so are amounts in millions or billions (funding rounds). The span
  is returned as text and read by the same pay parser as a pay column.
- Work mode: explicit phrases only ("hybrid role", "3 days a week in the office" → hybrid; "fully
  remote", "work from home", "remote-first" → remote; "on-site", "in office", "not remote" → onsite).
  Remote and onsite evidence together without a hybrid phrase stays unknown.
- Sponsorship: "security clearance", "U.S. citizens only", "must be a U.S. citizen" → citizens_only;
  "unable to sponsor", "without (visa) sponsorship", "no sponsorship" → none; "visa sponsorship
  available", "we sponsor visas" → offers (checked in that order).
- Terms: a season with a year ("Summer 2027", "Fall '26"), a season next to internship words ("Summer
  internship", "Fall co-op"), or a month range after co-op/internship words ("co-op Jan–Apr 2027"). A bare
  season word ("fall", "spring") alone is an ordinary word in prose and is not read as a term.

Every regex is linear: bounded repetitions ({0,n}), no nested quantifiers; texts are at most
`limits.MAX_DESCRIPTION_CHARS` long (the reader cuts longer ones and reports it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import polars as pl

from data_loaders.normalise.description_pay import find_pay_span
from data_loaders.normalise.description_phrases import find_sponsorship, find_terms, find_work_mode
from data_loaders.normalise.html_text import html_to_text
from data_loaders.normalise.skills import extract_skills

__all__ = [
    "DESCRIPTION_SCHEMA",
    "DescriptionFacts",
    "extract_descriptions",
    "find_pay_span",
    "find_sponsorship",
    "find_terms",
    "find_work_mode",
    "html_to_text",
    "parse_description",
    "split_sections",
    "split_skills",
]

# --- sections: required vs nice to have ---------------------------------------------------------
_NICE = re.compile(
    r"nice[- ]to[- ]haves?|\bbonus\b|\bpreferred\b|\bpluses\b|\ba plus\b|\bdesired\b|\bdesirable\b|good[- ]to[- ]have|"
    r"would be (?:great|nice|a plus)|extra credit|not required|\boptional\b|wünschenswert|von vorteil|\bun plus\b|"
    r"\bidealement\b|\bsouhaité",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_BULLET = re.compile(r"^\s{0,8}(?:[•\-*–·▪◦●]|\d{1,2}[.)])\s")


_HEADING_WORDS = re.compile(
    r"\b(?:about|requirements?|required|qualifications?|responsibilit\w*|duties|what\syou|who\syou|you\swill|you'll|"
    r"we\soffer|benefits|perks|nice|bonus|preferred|pluses|plus|desired|desirable|skills|must[- ]haves?|overview|"
    r"description|summary|role|position|team|company|compensation|salary|pay|location|details|profile|mission|"
    r"apply|process|tasks|missions?|profil|aufgaben|anforderungen|vorteil)\b",
    re.I,
)


def _is_heading(line: str) -> bool:
    """A short line that names a section ("Requirements:", "NICE TO HAVE", "What you'll bring").

    A line ending in ":" or written in capitals is one; otherwise it needs a section word ("about", "requirements",
    "nice", "bonus", "benefits" …) and no comma, so a bare list line ("Tableau, Python") never opens a section.
    """
    stripped = line.strip().strip("*#_ ").strip()
    if not stripped or len(stripped) > 80 or _BULLET.match(line):
        return False
    words = stripped.split()
    if len(words) > 8:
        return False
    if stripped.endswith(":"):
        return True
    if stripped[-1] in ".,;!":
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and stripped.isupper():
        return True
    return "," not in stripped and len(words) <= 6 and _HEADING_WORDS.search(stripped) is not None


def split_sections(text: str) -> tuple[str, str]:
    """(required text, nice-to-have text): lines under a nice-to-have heading, or saying so themselves, go second."""
    required: list[str] = []
    nice: list[str] = []
    in_nice = False
    for line in text.split("\n"):
        if _is_heading(line):
            in_nice = bool(_NICE.search(line))
            # "Preferred: Rust, Go" is a heading with its content on the same line.
            (nice if in_nice else required).append(line)
            continue
        if in_nice:
            nice.append(line)
            continue
        # "You know Python. Experience with Terraform is a plus.": only the sentence that says so is nice to have.
        for sentence in _SENTENCE_END.split(line):
            (nice if _NICE.search(sentence) else required).append(sentence)
    return "\n".join(required), "\n".join(nice)


def split_skills(text: str) -> tuple[list[str], list[str]]:
    """(required skills, nice-to-have skills) named in a description; a skill in both counts as required."""
    required_text, nice_text = split_sections(text)
    required = extract_skills(required_text)
    nice = [skill for skill in extract_skills(nice_text) if skill not in required]
    return required, nice


# --- one description ------------------------------------------------------------------------------
class DescriptionFacts(NamedTuple):
    """What one description says: required and nice-to-have skills, a pay span, work mode, sponsorship, terms."""

    skills: list[str]
    nice_skills: list[str]
    pay_text: str | None
    work_mode: str | None
    sponsorship: str | None
    terms_text: str | None


DESCRIPTION_SCHEMA: dict[str, pl.DataType] = {
    "desc_skills": pl.List(pl.String()),
    "desc_nice_skills": pl.List(pl.String()),
    "desc_pay_text": pl.String(),
    "desc_work_mode": pl.String(),
    "desc_sponsorship": pl.String(),
    "desc_terms_text": pl.String(),
}


def parse_description(text: str | None) -> DescriptionFacts:
    """Read one description (plain text or HTML)."""
    if text is None or not str(text).strip():
        return DescriptionFacts([], [], None, None, None, None)
    plain = html_to_text(str(text))
    required, nice = split_skills(plain)
    return DescriptionFacts(
        required, nice, find_pay_span(plain), find_work_mode(plain), find_sponsorship(plain), find_terms(plain)
    )


def extract_descriptions(texts: pl.Series) -> pl.DataFrame:
    """Per row, the DESCRIPTION_SCHEMA columns; each distinct text is parsed once and joined back."""
    text = texts.cast(pl.String()).alias("_text")
    distinct = text.drop_nulls().unique(maintain_order=True)
    parsed = [parse_description(value) for value in distinct.to_list()]
    lookup = pl.concat(
        [distinct.to_frame(), pl.DataFrame(parsed, schema=DESCRIPTION_SCHEMA, orient="row")], how="horizontal"
    )
    joined = text.to_frame().join(lookup, on="_text", how="left", maintain_order="left")
    return joined.select(*DESCRIPTION_SCHEMA).with_columns(pl.col("desc_skills", "desc_nice_skills").fill_null([]))
