"""Outcome labels ("Rejected", "Virtual Int.", "Phone Screen", "Ghosted") → (stage, status).

`stage` is the furthest funnel stage reached (schema.STAGES) and `status` the final status
(schema.STATUSES). A rejection after an interview is recorded by the caller from the status history;
a single label only says what it says: "Rejected" alone → (applied, rejected).
"""
from __future__ import annotations

import re

import polars as pl

__all__ = ["normalise_stage_status", "parse_stage_status"]

# First matching rule wins; patterns run on the casefolded, trimmed label.
_RULES: list[tuple[str, tuple[str, str]]] = [
    (r"^$|^(none|n/?a|pending|no response|awaiting|waiting)$", ("applied", "no_response")),
    (r"ghost|no[- ]?response|never heard|silence", ("applied", "no_response")),
    (r"accept(ed)?\b|signed|joined", ("accepted", "accepted")),
    (r"declin|turned down|reneg", ("offer", "declined")),
    (r"cancel|withdr|retract|pulled out", ("applied", "withdrawn")),
    (r"offer", ("offer", "open")),
    (r"reject|denied|not selected|unsuccessful|declined by|no longer|position filled|closed", ("applied", "rejected")),
    (r"\bint\b|interview|onsite|on-site|superday|final round|virtu|vir?utal|technical|behaviou?ral", ("interview", "open")),
    (r"screen|\boa\b|online assessment|assessment|hackerrank|codesignal|coding (test|challenge)|phone|recruiter call|hirevue", ("screen", "open")),
    (r"appl|submitted|sent", ("applied", "open")),
]
_COMPILED = [(re.compile(pattern), result) for pattern, result in _RULES]


def parse_stage_status(text: str | None) -> tuple[str, str]:
    """(stage, status) for one label; blank means the company never answered: (applied, no_response)."""
    label = re.sub(r"\s+", " ", str(text or "")).strip().casefold()
    for pattern, result in _COMPILED:
        if pattern.search(label):
            return result
    return ("applied", "open")


def normalise_stage_status(series: pl.Series) -> pl.DataFrame:
    """Frame with `stage` and `status` for a Series of labels (each distinct label parsed once)."""
    text = series.cast(pl.String()).fill_null("")
    unique = text.unique().to_list()
    mapping = pl.DataFrame(
        {"_label": unique, "stage": [parse_stage_status(u)[0] for u in unique], "status": [parse_stage_status(u)[1] for u in unique]},
        schema={"_label": pl.String(), "stage": pl.String(), "status": pl.String()},
    )
    return pl.DataFrame({"_label": text}).join(mapping, on="_label", how="left", maintain_order="left").select("stage", "status")
