"""Aggregated statistics that are not an application funnel: employment, earnings and headcounts per group.

Survey tables by major, school or occupation (e.g. graduates employed, unemployment rate, median earnings)
look like outcome counts at first sight — a group column and many numbers — but none of their numbers
counts applications, interviews or offers. Reading them as a funnel would invent offer rates, so the
outcomes loader stops with a message that says what the file is, which columns were read as what, and
what of it could be mapped; each statistic column's role says what it measures.
"""

from __future__ import annotations

import re

from data_loaders.roles import MappingNeeded, RoleDetection

__all__ = ["MEASURES", "not_a_funnel", "statistic_measure"]

# (what a column measures, pattern on its header's lower-case words); the first match wins.
MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("a rate or share of people (e.g. unemployment rate), not an offer rate", re.compile(r"\b(rate|share|ratio)\b")),
    (
        "a count of people in work or out of it (employed, unemployed, full-/part-time, kinds of job), "
        "not applications or offers",
        re.compile(r"\b(employed|unemployed|employment|unemployment|full time|part time|year round|jobs?)\b"),
    ),
    (
        "annual earnings of the people counted (median or percentile), not a posting's pay",
        re.compile(r"\b(median|p\d\dth|p\d\d|percentile|earnings|income|premium|wages?)\b"),
    ),
    (
        "a headcount of the group (total, by sex, survey sample), not applications",
        re.compile(r"\b(total|men|women|male|female|sample size|sample|population|headcount|count)\b"),
    ),
    ("a ranking of the groups", re.compile(r"^rank\b")),
    ("a numeric code of the group (its name is read instead)", re.compile(r"\bcode\b")),
]
# Roles that make a table an application log or a funnel: when any is mapped, the loader goes on.
FUNNEL_ROLES = frozenset(
    {"company", "title", "stage", "status", "status_steps", "applications", "interviews", "offers", "accepted"}
)
GROUP_ROLES = ("major", "category", "region", "term", "class_year")
MIN_STATISTICS = 3  # columns that must read as statistics before the file is called a statistics table


def _words(header: str) -> str:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header)
    return re.sub(r"[\W_]+", " ", spaced).strip().lower()


def _numeric(samples: list[str]) -> bool:
    """True when every sample value is a plain number (counts, rates, amounts)."""
    values = [s.replace(",", "").strip() for s in samples if s.strip()]
    return bool(values) and all(re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", v) for v in values)


def statistic_measure(header: str, samples: list[str]) -> str | None:
    """What a numeric column of an aggregated table measures, from its header ("Unemployment_rate"); else None."""
    if not _numeric(samples):
        return None
    words = _words(header)
    return next((what for what, pattern in MEASURES if pattern.search(words)), None)


def not_a_funnel(label: str, detection: RoleDetection, roles: dict[str, object]) -> MappingNeeded | None:
    """A MappingNeeded error for a table of statistics per group (no funnel role mapped), else None.

    The statistic columns' roles (in `detection` and `roles`) get the measure as their evidence first.
    """
    mapped = {c.role for c in detection.columns}
    if mapped & FUNNEL_ROLES:
        return None
    measures = {
        c.column: what
        for c in detection.columns
        if c.role == "ignore" and c.source != "user" and (what := statistic_measure(c.column, c.samples))
    }
    if len(measures) < MIN_STATISTICS:
        return None
    for column in detection.columns:
        if column.column in measures:
            column.evidence = [f"reads as {measures[column.column]}", *column.evidence]
    roles["column_roles"] = detection.as_dicts()
    groups = [f"{c.column} → {c.role}" for c in detection.columns if c.role in GROUP_ROLES]
    by = next((c.column for c in detection.columns if c.role in GROUP_ROLES), "group")
    shown = ", ".join(list(measures)[:6])
    return MappingNeeded(
        f"{label} holds aggregated statistics per {by} ({shown} …), not an application funnel: no column "
        "counts applications, interviews or offers, so it cannot give acceptance or offer rates",
        f"{len(measures)} statistic column(s); group column(s): {', '.join(groups) or 'none found'}",
        "nothing was loaded as outcomes, so no rate is made up. Only the group columns map "
        f"({', '.join(groups) or 'none'}); to use outcomes, load one row per application (company or title, "
        "status) or counts of applications, interviews and offers per group. Map a column to 'applications' "
        "only if it really counts applications.",
        roles,
    )
