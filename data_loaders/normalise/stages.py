"""Outcome labels ("Rejected", "Virtual Int.", "Phone Screen", "Rejected after OA") → (stage, status).

`stage` is the furthest funnel stage a label mentions (schema.STAGES) and `status` the final status
(schema.STATUSES); the two are read separately so "Rejected after interview" → (interview, rejected).
A label alone only says what it says: "Rejected" → (applied, rejected); blank → (applied, no_response)
because a blank final status in a tracker means the company never answered. "Declined" means the
applicant turned an offer down (kdrew's tracker), so it implies the offer stage.
"""
from __future__ import annotations

import re

import polars as pl

__all__ = ["normalise_stage_status", "parse_stage_status"]

# Furthest stage first: the first pattern found decides the stage.
_STAGE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\baccept(ed)?\b(?! by)|\bsigned\b|\bjoined\b"), "accepted"),
    (re.compile(r"offer|\bdeclined\b(?! by)|turned down|reneg"), "offer"),
    (re.compile(r"\bint\b|interview|onsite|on-site|superday|final round|virtu|vir?utal|technical|behaviou?ral"), "interview"),
    (re.compile(r"screen|\boa\b|online assessment|assessment|hackerrank|codesignal|coding (test|challenge)|phone|recruiter call|hirevue"), "screen"),
]
# First matching status wins.
_STATUS_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^$|^(none|n/?a|pending|no response|awaiting|waiting)$|ghost|no[- ]?response|never heard"), "no_response"),
    (re.compile(r"declined by|reject|denied|not selected|unsuccessful|no longer|position filled|closed"), "rejected"),
    (re.compile(r"\baccept(ed)?\b|\bsigned\b|\bjoined\b"), "accepted"),
    (re.compile(r"declin|turned down|reneg"), "declined"),
    (re.compile(r"cancel|withdr|retract|pulled out"), "withdrawn"),
]


def parse_stage_status(text: str | None) -> tuple[str, str]:
    """(stage, status) for one label; unknown words read as (applied, open)."""
    label = re.sub(r"\s+", " ", str(text or "")).strip().casefold()
    stage = next((name for pattern, name in _STAGE_RULES if pattern.search(label)), "applied")
    status = next((name for pattern, name in _STATUS_RULES if pattern.search(label)), "open")
    return stage, status


def normalise_stage_status(series: pl.Series) -> pl.DataFrame:
    """Frame with `stage` and `status` for a Series of labels (each distinct label parsed once)."""
    text = series.cast(pl.String()).fill_null("")
    unique = text.unique().to_list()
    parsed = [parse_stage_status(u) for u in unique]
    mapping = pl.DataFrame(
        {"_label": unique, "stage": [p[0] for p in parsed], "status": [p[1] for p in parsed]},
        schema={"_label": pl.String(), "stage": pl.String(), "status": pl.String()},
    )
    return pl.DataFrame({"_label": text}).join(mapping, on="_label", how="left", maintain_order="left").select("stage", "status")
