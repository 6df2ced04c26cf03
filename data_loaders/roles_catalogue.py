"""Wrong kind accepted: a table that is neither openings nor applications is refused, saying what it looks like.

A file is listings only if its rows have what an opening has: a title plus at least one of company, link,
location, posting date, pay, term, work mode or sponsorship. It is outcomes only if its rows have what an
application has: a stage or status (or funnel counts, read elsewhere), or at least the employer applied to.
A reference catalogue — occupations or industries keyed by classification codes (SOC / O*NET
"15-1252.00", ISCO "2512", NAICS "541511", NACE "J62.01" …) with titles and descriptions — has neither;
read as data it would make every occupation an "active listing". The loaders raise MappingNeeded instead,
with the detected roles, so a user who knows better can still map a real company (or status) column.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from data_loaders.roles import MappingNeeded, RoleDetection
from data_loaders.roles_rules import APPLICATION_ROLES, OPENING_ROLES, SAMPLE_ROWS

__all__ = ["code_columns", "not_the_kind"]

# Headers that name a classification system, and values that look like one of its codes.
CODE_HEADER = re.compile(
    r"\b(soc|o\s?net|onet|isco|naics|nace|sic|isic|cip|noc|anzsco|esco|nic|kldb|rome|cpc|unspsc|code|codes|"
    r"classification|taxonomy)\b"
)
CODE_VALUE = r"^[A-Z]{0,2}\d{1,8}([-./]\d{1,6}){0,3}[A-Z]?$"
SOC_VALUE = r"^\d{2}-\d{4}(\.\d{2})?$"  # SOC / O*NET-SOC: telling whatever the header says
CODE_SHARE = 0.9  # share of a column's non-blank sampled values that must look like codes
NEEDS = (
    "An internship listing needs a title plus at least one of company, link, location, posted date or pay; "
    "an outcome file needs one row per application with a stage or status (or counts of applications, "
    "interviews and offers per group)"
)
NEED_LINE = {
    "listings": "what an opening has beside its title: a company, link, location, posted date or pay column",
    "outcomes": "what an application has: a company, or a stage or status column (role: company, status or stage)",
}
INSIST = (
    "If the file really holds openings or applications, map those columns (the mapping step on Sources, "
    "mapping={'your column': 'company'}, CLI --map 'your column=company')"
)


def _words(header: str) -> str:
    return re.sub(r"[\W_]+", " ", str(header).replace("*", "")).strip().lower()


def code_columns(frame: pl.DataFrame) -> dict[str, list[str]]:
    """Columns holding classification codes, each with a few of its values (in frame order)."""
    found: dict[str, list[str]] = {}
    for col in frame.columns:
        values = frame[col].head(SAMPLE_ROWS).cast(pl.String, strict=False).str.strip_chars().drop_nulls()
        values = values.filter(values != "")
        if values.len() == 0:
            continue
        named = CODE_HEADER.search(_words(col)) is not None
        share = values.str.contains(CODE_VALUE if named else SOC_VALUE).mean()
        if isinstance(share, float) and share >= CODE_SHARE:
            found[col] = values.unique(maintain_order=True).head(3).to_list()
    return found


def _has_the_kind(detection: RoleDetection, kind: str, has_history: bool) -> bool:
    """Whether the mapped roles show an opening (listings) or an application (outcomes)."""
    mapped = set(detection.mapping.roles)
    if kind == "listings":  # a title plus a detail of an opening (or an employer, as before)
        return "company" in mapped or ("title" in mapped and bool(OPENING_ROLES & mapped))
    return bool(APPLICATION_ROLES & mapped) or bool(detection.mapping.status_steps) or has_history


def not_the_kind(
    label: str,
    frame: pl.DataFrame,
    detection: RoleDetection,
    roles: dict[str, Any],
    kind: str,
    has_history: bool = False,
) -> MappingNeeded | None:
    """A MappingNeeded for a table that is not `kind` ("listings" or "outcomes"), else None.

    A table keyed by classification codes is called a reference catalogue; otherwise a table that has job
    titles but nothing an opening (or application) has is refused with the same advice.
    """
    if _has_the_kind(detection, kind, has_history):
        return None
    mapped = {c.role: c.column for c in detection.columns}
    codes = code_columns(frame.drop(detection.mapping.private, strict=False))
    titled = [c.column for c in detection.columns if c.role in ("title", "description", "category", "skills")]
    if not codes and ("title" not in mapped or any(c.source == "user" for c in detection.columns)):
        return None  # the loaders' own "no company or title column" message says it better; a user's mapping wins
    others = [c for c in frame.columns if c not in codes][:6]
    row = "opening" if kind == "listings" else "application"
    has = (
        "no company or title column"
        if not ({"company", "title"} & set(detection.mapping.roles))
        else f"titles or descriptions ({', '.join(titled[:3])}) but nothing an {row} has"
    )
    if codes:
        col, shown = next(iter(codes.items()))
        what = (
            f"{label} looks like a reference catalogue (occupations, industries, majors or skills keyed by "
            f"classification codes), not {kind}: its rows are keyed by {col!r} ({', '.join(shown)} …) "
            f"and it has {has}"
        )
    else:
        what = f"{label} does not look like {kind}: it has {has}"
    missing = list(roles.get("missing_roles") or [])
    roles["missing_roles"] = missing if NEED_LINE[kind] in missing else [*missing, NEED_LINE[kind]]
    return MappingNeeded(
        what,
        f"code column(s): {', '.join(codes) or 'none'}; other columns: {', '.join(others) or 'none'}",
        f"nothing was loaded. {NEEDS}. {INSIST}.",
        roles,
    )
