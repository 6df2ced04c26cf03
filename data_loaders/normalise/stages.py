"""Outcome labels ("Rejected", "Virtual Int.", "Phone Screen", "一面", "Absage") → (stage, status).

`stage` is the furthest funnel stage a label mentions (schema.STAGES) and `status` the final status
(schema.STATUSES); the two are read separately so "Rejected after interview" → (interview, rejected).
A label alone only says what it says: "Rejected" → (applied, rejected); blank → (applied, no_response)
because a blank final status in a tracker means the company never answered. "Declined" means the
applicant turned an offer down (kdrew's tracker), so it implies the offer stage.

Trackers are kept in many languages: the common Chinese campus-recruitment words (已投递 applied,
笔试 written test, 一面/技术面 interviews, 池子 talent pool, 感谢信 rejection), German (Absage,
Vorstellungsgespräch, Zusage), French and Spanish are read too. A label no rule knows is *not* silently
"applied": `parse_stage_label` says it was not recognised, and the outcomes loader reports each such
value with its count.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import polars as pl

__all__ = ["ParsedStage", "is_result_word", "normalise_stage_status", "parse_stage_label", "parse_stage_status"]

# Furthest stage first: the first pattern found decides the stage.
_STAGE_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\baccept(ed)?\b(?! by)|\bsigned\b|\bjoined\b|签约|三方|入职|\bangenommen\b|\baccepté|\baceptad[oa]\b"
        ),
        "accepted",
    ),
    (
        re.compile(
            r"offer|\bdeclined\b(?! by)|turned down|reneg|意向书|录用|\bzusage\b|\bangebot\b|\boffre\b|\boferta\b"
        ),
        "offer",
    ),
    (
        re.compile(
            r"\bint\b|interview|onsite|on-site|superday|final round|virtu|vir?utal|technical|behaviou?ral"
            r"|面试|[一二三四五六七八九十]面|终面|hr面|技术面|群面|主管面|总监面|业务面"
            r"|vorstellungsgespr|gespräch|\bentretien|\bentrevista"
        ),
        "interview",
    ),
    (
        re.compile(
            r"screen|\boa\b|online assessment|assessment|hackerrank|codesignal|coding (test|challenge)|phone|recruiter call|hirevue"
            r"|笔试|测评|机试|online-test|\btest en ligne|\bprueba"
        ),
        "screen",
    ),
]
# First matching status wins.
_STATUS_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"^$|^(none|n/?a|pending|no response|awaiting|waiting|unknown|not provided|not specified|待定|无)$|ghost"
            r"|no[- ]?response|never heard|无回复|没消息|石沉大海|keine antwort|pas de réponse|sin respuesta"
        ),
        "no_response",
    ),
    (re.compile(r"拒绝\s*offer|拒了\s*offer|拒\s*offer"), "declined"),
    (
        re.compile(
            r"declined by|reject|denied|not selected|unsuccessful|no longer|position filled|closed|\bnegative\b"
            r"|挂|被拒|拒信|感谢信|未通过|淘汰|不合适|\babsage\b|abgelehnt|\bleider\b|\bnegativ\b|\brefus|\brechazad"
        ),
        "rejected",
    ),
    (
        re.compile(r"\baccept(ed)?\b|\bsigned\b|\bjoined\b|签约|三方|入职|\bangenommen\b|\baccepté|\baceptad[oa]\b"),
        "accepted",
    ),
    (re.compile(r"declin|turned down|reneg"), "declined"),
    (re.compile(r"cancel|withdr|retract|pulled out|放弃|zurückgezogen|\bretiré|\bretirad"), "withdrawn"),
]
# Labels that say "applied, waiting" in so many words: recognised, not just defaulted to.
_APPLIED = re.compile(
    r"^(applied|application (sent|submitted|received)|submitted|sent|in progress|in review|under review|reviewing|"
    r"under consideration|received|waiting list|waitlist(ed)?|on hold|"
    r"已投递|投递|已申请|申请中|池子|人才库|泡池子|简历筛选|筛选中|处理中|"
    r"beworben|eingereicht|bewerbung (gesendet|versendet|eingereicht)|eingangsbestätigung|in bearbeitung|"
    r"postulé|candidature envoyée|en cours|postulado|enviada|en revisión)$"
)


class ParsedStage(NamedTuple):
    """A label's stage and status, and whether any rule recognised it (False: both are defaults)."""

    stage: str
    status: str
    known: bool


def _clean(text: str | None) -> str:
    """Case-folded, whitespace-collapsed, without trailing full stops ("Negative." → "negative")."""
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip(".!").strip().casefold()


def parse_stage_label(text: str | None) -> ParsedStage:
    """(stage, status, known) for one label; an unknown label reads as (applied, open, False)."""
    label = _clean(text)
    stage = next((name for pattern, name in _STAGE_RULES if pattern.search(label)), None)
    status = next((name for pattern, name in _STATUS_RULES if pattern.search(label)), None)
    known = stage is not None or status is not None or bool(_APPLIED.match(label))
    return ParsedStage(stage or "applied", status or "open", known)


def is_result_word(text: str | None) -> bool:
    """True when a label says something about an application (a stage, a result, "applied"), not only "nothing yet"."""
    parsed = parse_stage_label(text)
    return parsed.known and (
        parsed.stage != "applied" or parsed.status not in ("open", "no_response") or bool(_APPLIED.match(_clean(text)))
    )


def parse_stage_status(text: str | None) -> tuple[str, str]:
    """(stage, status) for one label; unknown words read as (applied, open)."""
    parsed = parse_stage_label(text)
    return parsed.stage, parsed.status


def normalise_stage_status(series: pl.Series) -> pl.DataFrame:
    """Frame with `stage` and `status` for a Series of labels (each distinct label parsed once)."""
    text = series.cast(pl.String()).fill_null("")
    unique = text.unique().to_list()
    parsed = [parse_stage_label(u) for u in unique]
    mapping = pl.DataFrame(
        {
            "_label": unique,
            "stage": [p.stage for p in parsed],
            "status": [p.status for p in parsed],
            "known": [p.known for p in parsed],
        },
        schema={"_label": pl.String(), "stage": pl.String(), "status": pl.String(), "known": pl.Boolean()},
    )
    return (
        pl.DataFrame({"_label": text})
        .join(mapping, on="_label", how="left", maintain_order="left")
        .select("stage", "status")
    )
