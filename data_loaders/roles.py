"""Column understanding: every source column gets a role, a confidence and its evidence.

Header first (the alias tables in data_loaders.columns, then keywords in the header such as "wage" or
"About the role"), content second: a sample of each column's distinct values is sniffed once, with
vectorised patterns (pay amounts, dates, links, places, seasons, yes/no, application results, long
free text). A column no rule claims is "ignore", and says why, so nothing is dropped unseen.
The content profile also tells whether a file looks like listings or like outcomes (kind detection).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from data_loaders.columns import (
    ALIASES,
    IGNORE,
    PRIVATE,
    ColumnMapping,
    column_key,
    guess_kind,
    is_private,
    map_columns,
    role_label,
)
from data_loaders.errors import LoadError
from data_loaders.roles_content import Profile, profile_columns
from data_loaders.roles_rules import (
    AGREE,
    CONTENT_RULES,
    CONTENT_THRESHOLD,
    DATE_EXCLUDE,
    DISAGREE,
    FLAG_ROLES,
    HEADER_CONFIDENCE,
    KEYWORD_CONFIDENCE,
    KEYWORD_RULES,
    MULTI_ROLES,
    ROLE_CHECKS,
    SAMPLE_ROWS,
    SHORT_ROLES,
)

__all__ = [
    "ColumnRole",
    "MappingNeeded",
    "RoleDetection",
    "detect_kind",
    "detect_roles",
    "missing_roles",
    "roles_payload",
]


@dataclass
class ColumnRole:
    """One source column: its role, how sure, why, and a few of its values."""

    column: str
    role: str  # a role of the kind, "ignore", "private" or "status_steps"
    confidence: float
    evidence: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    source: str = "none"  # user, header, keyword, content, private or none
    fills_gaps_of: str | None = None  # a further column of a role: used where that column is empty

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return asdict(self)


@dataclass
class RoleDetection:
    """The roles of one table's columns, the ColumnMapping the loader uses, and what the kind looks like."""

    mapping: ColumnMapping
    columns: list[ColumnRole]
    suggested_kind: str | None = None  # the other kind, when the content says so
    kind_evidence: str = ""

    def as_dicts(self) -> list[dict[str, Any]]:
        """The per-column roles as JSON data (the report's column_roles)."""
        return [c.to_dict() for c in self.columns]


class MappingNeeded(LoadError):
    """A LoadError raised when key columns are missing; it carries the detected roles so a user can map them."""

    def __init__(self, what: str, where: str, fix: str, roles: dict[str, Any]) -> None:
        super().__init__(what, where, fix)
        self.roles = roles


def _percent(share: float) -> str:
    """A share as a whole percent ("82 %")."""
    return f"{round(share * 100)} %"


def _header_words(name: str) -> str:
    """The header as lower-case words: "descriptionPlain" -> "description plain", "What you'll do" -> "what you ll do"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name))
    return re.sub(r"[\W_]+", " ", spaced).strip().lower()


def _alias_hit(column: str, role: str, kind: str) -> str | None:
    """The alias of `role` that `column`'s header matches, if any."""
    key = column_key(column)
    return next((alias for alias in ALIASES[kind].get(role, ()) if column_key(alias) == key), None)


def _content_line(profile: Profile, measure: str, words: str) -> str:
    """ "82 % of 120 distinct values look like pay amounts"."""
    return f"{_percent(profile.share(measure))} of {profile.distinct} distinct values look like {words}"


def _fits(role: str, profile: Profile) -> tuple[bool, str | None]:
    """Whether the content agrees with `role` (True when there is nothing to check), and the evidence line."""
    check = ROLE_CHECKS.get(role)
    if check is None or profile.distinct == 0:
        return True, None
    measure, words = check
    share = profile.share(measure)
    return share >= DISAGREE, _content_line(profile, measure, words)


def detect_roles(
    frame: pl.DataFrame, kind: str, mapping: dict[str, str] | None = None, profiles: dict[str, Profile] | None = None
) -> RoleDetection:
    """Roles of every column of `frame` for `kind` ("listings" or "outcomes"); `mapping` (column -> role) wins."""
    base = map_columns(frame.columns, kind, mapping)
    if profiles is None:
        profiles = profile_columns(frame.head(SAMPLE_ROWS), [c for c in frame.columns if c not in base.private])
    given = mapping or {}
    roles: dict[str, ColumnRole] = {}
    for col in base.private:
        roles[col] = ColumnRole(
            col,
            PRIVATE,
            1.0,
            ["personal data (notes, names, contact details): dropped before anything reads it"],
            [],
            "private",
        )
    for role, col in base.roles.items():
        roles[col] = _header_role(col, role, kind, given, profiles[col])
    for role, extra in base.fallbacks.items():
        for col in extra:
            found = _header_role(col, role, kind, given, profiles[col])
            found.fills_gaps_of = base.roles[role]
            found.evidence.append(f"fills gaps where {base.roles[role]!r} is empty")
            roles[col] = found
    for col in base.status_steps:
        roles[col] = ColumnRole(
            col,
            "status_steps",
            1.0 if col in given else HEADER_CONFIDENCE,
            ["chosen by you" if col in given else "header reads 'Status N': one step of the application's history"],
            profiles[col].samples,
            "user" if col in given else "header",
        )
    free = [c for c in frame.columns if c not in roles and given.get(c) != IGNORE]
    _claim_by_keyword(free, kind, base, roles, profiles)
    _claim_by_content([c for c in free if c not in roles], kind, base, roles, profiles)
    for col in frame.columns:
        if col not in roles:
            roles[col] = _ignored(col, kind, base, profiles[col], given.get(col) == IGNORE)
    base.ignored = [c for c in frame.columns if roles[c].role == IGNORE]
    columns = [roles[c] for c in frame.columns]
    suggested, why = _other_kind(kind, columns, profiles)
    return RoleDetection(base, columns, suggested, why)


def _header_role(col: str, role: str, kind: str, given: dict[str, str], profile: Profile) -> ColumnRole:
    """The role an alias (or the user) gave a column, with the content's agreement as evidence."""
    if col in given:
        return ColumnRole(col, role, 1.0, ["chosen by you"], profile.samples, "user")
    alias = _alias_hit(col, role, kind) or role
    agrees, line = _fits(role, profile)
    confidence = HEADER_CONFIDENCE if agrees else 0.55
    evidence = [f"header matches the alias {alias!r}"] + (
        [line + ("" if agrees else " (few: check this column)")] if line else []
    )
    return ColumnRole(col, role, confidence, evidence, profile.samples, "header")


def _take(role: str, col: str, base: ColumnMapping) -> str | None:
    """Give `role` to `col` in the mapping: the role if free, a gap-filler of a multi-column role, else None."""
    if role not in base.roles:
        base.roles[role] = col
        return None
    if role in MULTI_ROLES:
        base.fallbacks.setdefault(role, []).append(col)
        return base.roles[role]
    raise KeyError(role)


def _claim_by_keyword(
    free: list[str], kind: str, base: ColumnMapping, roles: dict[str, ColumnRole], profiles: dict[str, Profile]
) -> None:
    """Headers that mention a role's word ("Hourly wage", "Role (if any)", "About the role"), checked against the content."""
    for col in free:
        words, profile = _header_words(col), profiles[col]
        if profile.distinct == 0:
            continue  # an empty column is shown as empty, not claimed
        for role, pattern in KEYWORD_RULES[kind]:
            mentioned = pattern.search(words)
            if role not in ALIASES[kind] or mentioned is None:
                continue
            if role in ("posted_date", "applied_date") and DATE_EXCLUDE.search(words):
                continue
            if role in SHORT_ROLES and profile.share("long") >= AGREE and "description" in ALIASES[kind]:
                role = "description"  # "Preferred Skills" holding paragraphs is prose, not a list
            if role in FLAG_ROLES and profile.constant:
                continue  # one value in every row ("false" 3,073 times) says nothing
            if role not in FLAG_ROLES and profile.share("flag") >= 0.9:
                continue  # true/false values are a flag, never a major or a title
            agrees, line = _fits(role, profile)
            if not agrees:
                continue
            if role in base.roles and role not in MULTI_ROLES:
                continue
            holder = _take(role, col, base)
            evidence = [f"header mentions {mentioned.group(0)!r}"] + ([line] if line else [])
            if holder:
                evidence.append(f"fills gaps where {holder!r} is empty")
            confidence = min(
                0.9, KEYWORD_CONFIDENCE + (0.1 if line and profile.share(ROLE_CHECKS[role][0]) >= AGREE else 0.0)
            )
            roles[col] = ColumnRole(col, role, confidence, evidence, profile.samples, "keyword", holder)
            break


def _claim_by_content(
    free: list[str], kind: str, base: ColumnMapping, roles: dict[str, ColumnRole], profiles: dict[str, Profile]
) -> None:
    """Columns no header rule claimed: a role whose pattern most of the distinct values match, if that role is free."""
    for col in free:
        profile = profiles[col]
        if profile.distinct == 0:
            continue
        for role, measure, words in CONTENT_RULES[kind]:
            share = profile.share(measure)
            if share < CONTENT_THRESHOLD or profile.constant or (role != "description" and profile.distinct < 2):
                continue
            if role in base.roles and role not in MULTI_ROLES:
                continue
            holder = _take(role, col, base)
            evidence = [_content_line(profile, measure, words), "no header alias matched"]
            if holder:
                evidence.append(f"fills gaps where {holder!r} is empty")
            roles[col] = ColumnRole(
                col, role, round(min(0.85, share * 0.85), 2), evidence, profile.samples, "content", holder
            )
            break


def _ignored(col: str, kind: str, base: ColumnMapping, profile: Profile, by_user: bool) -> ColumnRole:
    """An unclaimed column, with the best reason we can give."""
    if is_private(col) and column_key(col) != "address":  # notes, names, e-mail: never shown, whatever the kind
        return ColumnRole(
            col,
            IGNORE,
            0.9,
            ["looks like personal notes or contact details: not loaded, values not shown"],
            [],
            "user" if by_user else "none",
        )
    if by_user:
        return ColumnRole(col, IGNORE, 1.0, ["left out by you"], profile.samples, "user")
    if profile.distinct == 0:
        return ColumnRole(col, IGNORE, 0.9, ["every value is empty"], [], "none")
    evidence, header = [], _header_words(col)
    for role, measure, words in CONTENT_RULES[kind]:
        if profile.share(measure) >= CONTENT_THRESHOLD and profile.distinct > 1:
            taken = f", which {base.roles[role]!r} already gives" if role in base.roles else ""
            evidence.append(_content_line(profile, measure, words) + taken)
            break
    if profile.share("url") >= CONTENT_THRESHOLD and "url" not in ALIASES[kind]:
        evidence.append(
            f"{_percent(profile.share('url'))} of {profile.distinct} distinct values are links, which {kind} do not keep"
        )
    for role, pattern in KEYWORD_RULES[kind]:
        if role in base.roles and pattern.search(header) and _fits(role, profile)[0] and role not in MULTI_ROLES:
            evidence.append(f"header reads like {role_label(role)}, which {base.roles[role]!r} already gives")
            break
    if profile.constant and FLAG_ROLES & {r for r, p in KEYWORD_RULES[kind] if p.search(header)}:
        evidence.append(f"every value is {profile.samples[0]!r}: it tells nothing")
    return ColumnRole(
        col, IGNORE, 0.5, evidence or ["no header alias or content pattern matched"], profile.samples, "none"
    )


def _other_kind(kind: str, columns: list[ColumnRole], profiles: dict[str, Profile]) -> tuple[str | None, str]:
    """The other kind when the content clearly says so, with the reason in words."""
    results = [
        c
        for c in columns
        if c.role != PRIVATE
        and profiles[c.column].share("stage") >= CONTENT_THRESHOLD
        and profiles[c.column].share("flag") < 0.5
        and 2 <= profiles[c.column].distinct <= 60
    ]
    if kind == "listings" and results:
        col = results[0].column
        shown = ", ".join(repr(s) for s in profiles[col].samples[:3])
        return "outcomes", (
            f"column {col!r} holds application stages or results ({shown}; "
            f"{_percent(profiles[col].share('stage'))} of {profiles[col].distinct} distinct values): "
            "this looks like an application tracker"
        )
    if kind == "outcomes" and not any(c.role in ("stage", "status", "status_steps") for c in columns):
        listing_like = [
            c.column
            for c in columns
            if profiles[c.column].share("pay") >= CONTENT_THRESHOLD
            or profiles[c.column].share("long") >= CONTENT_THRESHOLD
        ]
        posted = [
            c.column
            for c in columns
            if _alias_hit(c.column, "posted_date", "listings")
            or _alias_hit(c.column, "skills", "listings")
            or _alias_hit(c.column, "active", "listings")
            or _alias_hit(c.column, "pay_text", "listings")
        ]
        evidence = listing_like + [c for c in posted if c not in listing_like]
        if evidence:
            return "listings", (
                f"no column holds application stages or results, and {', '.join(repr(c) for c in evidence[:3])} "
                "read like job postings (pay, descriptions, skills, posting dates): this looks like listings"
            )
    return None, ""


def detect_kind(frame: pl.DataFrame) -> str:
    """ "outcomes" when the columns or their values look like applications or funnel counts, else "listings"."""
    by_header = guess_kind(frame.columns)
    if by_header == "outcomes":
        return by_header
    profiles = profile_columns(frame.head(SAMPLE_ROWS), frame.columns)
    return detect_roles(frame, "listings", profiles=profiles).suggested_kind or "listings"


def missing_roles(cmap: ColumnMapping, kind: str, has_history: bool = False) -> list[str]:
    """What must be mapped before the data can be used, in words ("a job title column"); empty when nothing."""
    if kind == "listings":
        return [] if "title" in cmap.roles else ["a job title column (role: title)"]
    if kind == "outcome_counts":
        return []
    missing = []
    if not ({"company", "title"} & set(cmap.roles)):
        missing.append("a company or job title column (role: company or title)")
    if not ({"stage", "status"} & set(cmap.roles)) and not cmap.status_steps and not has_history:
        missing.append("a stage or status column (role: status or stage)")
    return missing


def roles_payload(detection: RoleDetection, missing: list[str]) -> dict[str, Any]:
    """The roles part of a report or a MappingNeeded error, as JSON data."""
    return {
        "column_roles": detection.as_dicts(),
        "missing_roles": missing,
        "suggested_kind": detection.suggested_kind,
        "kind_evidence": detection.kind_evidence,
    }
