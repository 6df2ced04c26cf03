"""Column matching: foreign column names -> canonical roles, per kind of source (tables in `column_aliases`).

A *role* is either a canonical column (`company`, `pay_text`) or a raw input a normaliser needs
(`category` feeds `field`, `remote` feeds `work_mode`, `visible` feeds `active`).
Matching ignores case, spaces, underscores, hyphens and dots: `Company Name` == `company_name`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from data_loaders.column_aliases import (
    ALIASES,
    FALLBACK_ROLES,
    IGNORE,
    LISTING_ALIASES,
    OUTCOME_ALIASES,
    PRIVATE,
    PRIVATE_PATTERN,
    ROLE_LABELS,
    STATUS_STEP_PATTERN,
)
from data_loaders.errors import LoadError

# The alias tables are re-exported: callers import them from here.
__all__ = [
    "ALIASES",
    "ColumnMapping",
    "FALLBACK_ROLES",
    "IGNORE",
    "LISTING_ALIASES",
    "MAPPING_FORMAT",
    "OUTCOME_ALIASES",
    "PRIVATE",
    "PRIVATE_PATTERN",
    "ROLE_LABELS",
    "STATUS_STEP_PATTERN",
    "column_key",
    "guess_kind",
    "history_columns",
    "is_private",
    "map_columns",
    "mapped_count",
    "mapping_from_json",
    "mapping_to_json",
    "role_choices",
    "role_label",
]


def role_choices(kind: str) -> list[str]:
    """Every role a column of `kind` can take, in the alias table's order, then status steps and ignore."""
    extra = ["status_steps"] if kind == "outcomes" else []
    return [*ALIASES[kind], *extra, IGNORE]


def role_label(role: str) -> str:
    """A reader's name for a role ("pay_text" -> "pay (amount as written)")."""
    return ROLE_LABELS.get(role, role.replace("_", " "))


def column_key(name: str) -> str:
    """Comparison key: lower case without spaces, punctuation or underscores ("What you'll do" == "what_you_ll_do")."""
    return re.sub(r"[\W_]+", "", str(name)).lower()


@dataclass
class ColumnMapping:
    """How the source columns of one table map to roles."""

    roles: dict[str, str] = field(default_factory=dict)  # role -> source column
    status_steps: list[str] = field(default_factory=list)  # `Status 1..N` source columns, in order
    ignored: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    # Further columns matching a role's aliases: used where the chosen column is empty.
    fallbacks: dict[str, list[str]] = field(default_factory=dict)

    def source_to_role(self) -> dict[str, str]:
        """Source column -> role (the report's column_mapping)."""
        out = {src: role for role, src in self.roles.items()}
        out.update({src: "status_steps" for src in self.status_steps})
        return out


def is_private(name: str) -> bool:
    """True for columns holding personal data (comments, e-mail, names)."""
    return bool(PRIVATE_PATTERN.match(column_key(name)))


def _check_mapping(given: dict[str, str], columns: list[str], result: ColumnMapping, kind: str) -> None:
    """Raise a LoadError for a mapping naming a column the source lacks (or a private one) or an unknown role."""
    allowed = role_choices(kind)
    for src, role in given.items():
        if src not in columns or src in result.private:
            where = (
                "it holds personal data and is never loaded"
                if src in result.private
                else f"columns: {', '.join(map(str, columns))}"
            )
            raise LoadError(
                f"The mapping names a column {src!r} that the source does not have",
                where,
                "fix the column name in the mapping",
            )
        if role not in allowed:
            raise LoadError(
                f"The mapping target {role!r} is not a known {kind} column",
                f"mapping {src!r} -> {role!r}",
                f"use one of {', '.join(sorted(allowed))}",
            )


def _apply_mapping(given: dict[str, str], result: ColumnMapping) -> None:
    """Put the mapping's columns in `result`, in the mapping's order: the first column of a role holds it."""
    for src, role in given.items():
        if role == IGNORE:
            result.ignored.append(src)
        elif role == "status_steps":
            result.status_steps.append(src)
        elif role in result.roles:
            result.fallbacks.setdefault(role, []).append(src)
        else:
            result.roles[role] = src


def _guess_roles(
    remaining: list[str], aliases: dict[str, tuple[str, ...]], result: ColumnMapping, used: set[str]
) -> None:
    """Give each role still free the first unused column matching one of its aliases (in alias order), then the
    further matches of a FALLBACK_ROLES role as its fallbacks; `used` grows with every column taken."""
    by_key: dict[str, str] = {}
    for col in remaining:
        by_key.setdefault(column_key(col), col)
    for role, names in aliases.items():
        if role in result.roles:
            continue
        for alias in names:
            found = by_key.get(column_key(alias))
            if found is not None and found not in used:
                result.roles[role] = found
                used.add(found)
                break
    for role, names in aliases.items():
        extra = [by_key[column_key(a)] for a in names if column_key(a) in by_key and by_key[column_key(a)] not in used]
        if role in result.roles and extra and role in FALLBACK_ROLES:
            result.fallbacks.setdefault(role, []).extend(extra)
            used.update(extra)


def _status_steps(columns: list[str]) -> list[str]:
    """The `Status 1..N` columns among `columns`, by step number."""
    steps = []
    for col in columns:
        match = STATUS_STEP_PATTERN.match(column_key(col))
        if match:
            steps.append((int(match.group(1)), col))
    return [c for _, c in sorted(steps)]


def map_columns(columns: list[str], kind: str, mapping: dict[str, str] | None = None) -> ColumnMapping:
    """Map source columns to roles of `kind` ("listings" or "outcomes"); `mapping` overrides guesses.

    A mapping may send a column to IGNORE, to "status_steps" (outcomes), or several columns to one role:
    the first of them in the mapping holds the role, the others fill its gaps (in the mapping's order).
    """
    result = ColumnMapping()
    if kind == "outcomes":
        result.private = [c for c in columns if is_private(c)]
    given = mapping or {}
    _check_mapping(given, columns, result, kind)
    _apply_mapping(given, result)
    remaining = [c for c in columns if c not in result.private]
    for src in given:
        remaining.remove(src)
    if kind == "outcomes":
        result.status_steps += _status_steps(remaining)
    used = set(result.roles.values()) | set(result.status_steps) | set(given)
    _guess_roles(remaining, ALIASES[kind], result, used)
    result.ignored = [c for c in columns if (c not in used or given.get(c) == IGNORE) and c not in result.private]
    return result


def mapped_count(columns: list[str], kind: str | None = None) -> int:
    """How many columns map to a role (of `kind`, or the best of both kinds): used to rank sheets."""
    kinds = [kind] if kind else list(ALIASES)
    best = 0
    for k in kinds:
        m = map_columns(list(columns), k)
        best = max(best, len(m.roles) + (1 if m.status_steps else 0))  # Status 1..N is one role
    return best


def guess_kind(columns: list[str]) -> str:
    """ "outcomes" when the columns look like applications or funnel counts, else "listings"."""
    keys = {column_key(c) for c in columns}
    outcome_only = {
        "applicationid",
        "applicantid",
        "studentid",
        "applieddate",
        "applicationdate",
        "dateapplied",
        "finalstatus",
        "stage",
        "status",
        "interviews",
        "offers",
        "applications",
        "gpa",
        "major",
        "classyear",
    }
    listing_only = {
        "locations",
        "location",
        "salary",
        "pay",
        "skills",
        "url",
        "dateposted",
        "postedat",
        "active",
        "isopen",
        "isvisible",
    }
    steps = any(STATUS_STEP_PATTERN.match(k) for k in keys)
    out_score = len(keys & outcome_only) + (2 if steps else 0)
    return "outcomes" if out_score > len(keys & listing_only) else "listings"


def history_columns(columns: list[str]) -> tuple[str, str, str | None] | None:
    """(application id, status, order) columns of a status-history table (kdrew's Status_History), or None."""
    by_key = {column_key(c): c for c in columns}
    app = next((by_key[k] for k in ("applicationid", "appid") if k in by_key), None)
    status = by_key.get("status")
    if app is None or status is None:
        return None
    order = next((by_key[k] for k in ("statusorder", "order", "step", "sequence") if k in by_key), None)
    return app, status, order


MAPPING_FORMAT = "internship-insights/column-mapping"


def mapping_to_json(mapping: dict[str, str], kind: str) -> dict[str, object]:
    """A mapping (source column -> role) as the JSON document the Sources page downloads and `--mapping FILE` reads."""
    return {"format": MAPPING_FORMAT, "version": 1, "kind": kind, "columns": dict(mapping)}


def mapping_from_json(payload: object) -> tuple[str | None, dict[str, str]]:
    """(kind or None, source column -> role) from a mapping document, or from a plain {"column": "role"} object."""
    if not isinstance(payload, dict):
        raise LoadError(
            "The mapping is not a JSON object",
            "the mapping file",
            'give {"columns": {"your column": "role"}, "kind": "listings"}',
        )
    kind = payload.get("kind") if "columns" in payload else None
    columns = payload.get("columns") if "columns" in payload else payload
    if kind is not None and kind not in ALIASES:
        raise LoadError(
            f"The mapping's kind {kind!r} is not listings or outcomes",
            "the mapping file",
            'set "kind" to "listings" or "outcomes"',
        )
    if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise LoadError(
            "The mapping's columns are not pairs of text", "the mapping file", 'write them as {"your column": "role"}'
        )
    return kind, dict(columns)
