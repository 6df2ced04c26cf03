"""Internships only: keep internships, co-ops and their equivalents in other languages.

A posting is an internship when its title, its employment type (Ashby `employmentType`, a
Greenhouse "Employment Type" metadata value) or its commitment (Lever) says so, unless the title
is about *running* an internship programme ("Internship Program Manager", "University Recruiter,
Interns"). "Internal" and "International" never match: the words must stand on their own.
Measured on the real Ashby boards in ../shared (see docs/collect.md and tests/collect/test_collect_internships.py).
"""

from __future__ import annotations

import polars as pl

# One case-insensitive pattern per side; \b keeps "internal" / "international" / "cooperation" out.
INTERNSHIP_WORDS = (
    r"(?i)\b(?:interns?|internships?|co-?ops?|coop|work[- ]?study|working students?|werkstudent(?:in|en)?|"
    r"praktik(?:um|a|ant|antin|anten)|pflichtpraktikum|duales? studium|stagiaires?|stagiair|stagista|tirocinio|"
    r"becari[oa]s?|pr[aá]cticas|alternance|alternant|industrial placement|placement (?:year|student)|"
    r"year in industry|sandwich (?:year|placement)|summer (?:students?|analysts?|associates?)|"
    r"student (?:position|program(?:me)?|role|opportunity)|(?:developer|development|engineering|software|research|data|"
    r"technology|technical|analyst|it|co-?op|work term) students?)\b|^\s*students?\b"
    r"|^\s*stage\b|\bstage (?:de|d'|en|chez)\b|\bstage\s*[-–:]"
)
# Roles about interns rather than for them.
RUNS_INTERNSHIPS = (
    r"(?i)\b(?:intern(?:ship)?s?|co-?op|early careers?|university) (?:program(?:me)? )?"
    r"(?:manager|coordinator|recruiter|lead|director|partner|specialist)\b"
    r"|\b(?:manager|coordinator|recruiter|director|head),? (?:of |for )?(?:the )?(?:intern(?:ship)?s?|co-?ops?)\b"
    # Theatre and events: "Stage Manager" is a job, not a French internship (polars' regex has no look-ahead).
    r"|^\s*stage (?:manager|director|hand|technician|crew|lead|designer)\b"
    r"|\bstudent (?:success|services|affairs|advis[eo]r|support|experience|recruit(?:ment|er)|counsel+or|life|loan)\b"
)
INTERN_TYPES = (
    r"(?i)^\s*(?:intern(?:ship)?s?|co-?op|coop|stage|praktikum|working student|werkstudent|apprenticeship)\s*$"
)


def internship_mask(
    title: pl.Expr, employment_type: pl.Expr | None = None, commitment: pl.Expr | None = None
) -> pl.Expr:
    """A Boolean expression: True for internships and co-ops (null inputs count as no evidence)."""
    title_text = title.cast(pl.String).fill_null("")
    by_title = title_text.str.contains(INTERNSHIP_WORDS)
    evidence = by_title
    for column in (employment_type, commitment):
        if column is not None:
            text = column.cast(pl.String).fill_null("")
            evidence = evidence | text.str.contains(INTERN_TYPES) | text.str.contains(INTERNSHIP_WORDS)
    return evidence & ~title_text.str.contains(RUNS_INTERNSHIPS)


def keep_internships(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Rows of a raw board frame that are internships (title / employment_type / commitment), and how many went."""
    columns = set(frame.columns)
    mask = internship_mask(
        pl.col("title"),
        pl.col("employment_type") if "employment_type" in columns else None,
        pl.col("commitment") if "commitment" in columns else None,
    )
    kept = frame.filter(mask)
    return kept, frame.height - kept.height
