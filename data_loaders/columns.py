"""Alias table: foreign column names -> canonical roles, per kind of source.

A *role* is either a canonical column (`company`, `pay_text`) or a raw input a normaliser needs
(`category` feeds `field`, `remote` feeds `work_mode`, `visible` feeds `active`).
Matching ignores case, spaces, underscores, hyphens and dots: `Company Name` == `company_name`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from data_loaders.errors import LoadError

# Order matters: when two source columns hit one role, the alias listed first wins.
LISTING_ALIASES: dict[str, tuple[str, ...]] = {
    "listing_id": ("listing_id", "id", "job_id", "posting_id", "uuid", "jobid", "listingid"),
    "company": ("company", "company_name", "employer", "organization", "organisation", "firm", "companyname", "employer_name",
                "agency", "hiring_organization", "business_name"),
    "title": ("title", "job_title", "jobtitle", "position", "role", "position_title", "job", "job_name", "business_title",
              "role_name", "opening", "internship_title"),
    "category": ("field", "category", "job_category", "discipline", "area", "track", "job_function", "function",
                 "department_category", "job_family", "department"),
    "locations": ("locations", "location", "city", "cities", "office", "offices", "job_location"),
    "remote": ("remote", "is_remote", "remote_ok", "work_mode", "workplace_type", "remote_flag"),
    "skills": ("skills", "skill", "tags", "technologies", "tech_stack", "required_skills"),
    "pay_text": ("pay_text", "salary", "pay", "compensation", "stipend", "wage", "hourly_rate", "pay_rate", "salary_range",
                 "hourly_wage", "estimated_salary", "salary_estimate", "monthly_stipend", "stipend_amount", "pay_range",
                 "salary_text", "compensation_text"),
    # Pay in separate columns (NYC Jobs: Salary Range From / To / Frequency): composed into one pay text.
    "pay_min": ("pay_min", "salary_min", "min_salary", "salary_range_from", "salary_from", "minimum_salary", "pay_from",
                "min_pay", "compensation_min", "salary_low", "min_amount"),
    "pay_max": ("pay_max", "salary_max", "max_salary", "salary_range_to", "salary_to", "maximum_salary", "pay_to",
                "max_pay", "compensation_max", "salary_high", "max_amount"),
    "pay_period": ("pay_period", "salary_frequency", "pay_frequency", "salary_period", "pay_interval", "salary_interval",
                   "salary_unit", "pay_unit", "pay_basis", "salary_basis"),
    "pay_currency": ("pay_currency", "currency", "salary_currency", "currency_code", "compensation_currency"),
    "terms": ("seasons", "terms", "term", "season", "semester", "session", "intern_season", "period"),
    "posted_date": ("posted_date", "date_posted", "posted_at", "posted", "created", "created_at", "date", "first_seen_at", "published_at", "posting_date", "date_added", "added_on", "listed_at"),
    "active": ("active", "is_open", "is_active", "open", "status_open", "still_open"),
    "visible": ("is_visible", "visible", "hidden_not", "published"),
    "sponsorship": ("sponsorship", "visa_sponsorship", "sponsor", "visa"),
    "url": ("url", "link", "apply_url", "application_url", "job_url", "href", "apply_link"),
}

OUTCOME_ALIASES: dict[str, tuple[str, ...]] = {
    "application_id": ("application_id", "applicationid", "app_id", "id"),
    "applicant_id": ("applicant_id", "student_id", "candidate_id", "user_id", "person_id", "applicant"),
    "listing_id": ("listing_id", "job_id", "posting_id"),
    "company": ("company", "company_name", "employer", "organization", "organisation", "firm"),
    "title": ("title", "job_title", "jobtitle", "position", "role"),
    "category": ("field", "category", "job_category", "discipline"),
    "term": ("term", "semester", "season", "terms", "seasons", "session"),
    "region": ("region", "state", "location", "locations", "city"),
    "applied_date": ("applied_date", "application_date", "applicationdate", "date_applied", "applied_at", "applied_on", "date"),
    "stage": ("stage", "furthest_stage", "max_stage"),
    "status": ("status", "final_status", "finalstatus", "outcome", "result", "decision", "current_status"),
    "major": ("major", "degree", "program", "programme", "field_of_study"),
    "class_year": ("class_year", "graduation_year", "grad_year", "year", "class"),
    "gpa": ("gpa", "grade_point_average"),
    "applicant_skills": ("applicant_skills", "skills", "my_skills"),
    # Counts files: one row per group with cumulative funnel counts.
    "applications": ("applications", "applied", "num_applications", "n_applications", "applicants"),
    "interviews": ("interviews", "interviewed", "num_interviews", "n_interviews"),
    "offers": ("offers", "offered", "num_offers", "n_offers"),
    "accepted": ("accepted", "accepts", "num_accepted", "n_accepted", "acceptances"),
}
# `Status 1`, `Status 2`, ... hold the successive statuses of one application (furthest wins).
STATUS_STEP_PATTERN = re.compile(r"^status(\d+)$")
# Personal data that outcomes never load: dropped before anything else.
PRIVATE_PATTERN = re.compile(
    r"^(comments?|notes?|remarks?|email|emailaddress|e?mail|name|studentname|applicantname|fullname|"
    r"firstname|lastname|surname|phone|phonenumber|mobile|address|linkedin|handle|contact)$"
)

# Roles where a second matching column fills gaps (zshah: `seasons` blank -> `season`).
FALLBACK_ROLES: frozenset[str] = frozenset({"terms", "term", "posted_date", "applied_date", "locations", "pay_text"})

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {"listings": LISTING_ALIASES, "outcomes": OUTCOME_ALIASES}


def column_key(name: str) -> str:
    """Comparison key: lower case without spaces, underscores, hyphens or dots."""
    return re.sub(r"[\s_\-.]+", "", str(name)).lower()


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


def map_columns(columns: list[str], kind: str, mapping: dict[str, str] | None = None) -> ColumnMapping:
    """Map source columns to roles of `kind` ("listings" or "outcomes"); `mapping` overrides guesses."""
    aliases = ALIASES[kind]
    result = ColumnMapping()
    remaining = list(columns)
    if kind == "outcomes":
        result.private = [c for c in remaining if is_private(c)]
        remaining = [c for c in remaining if c not in result.private]
    for src, role in (mapping or {}).items():
        if src not in remaining:
            raise LoadError(f"The mapping names a column {src!r} that the source does not have", f"columns: {', '.join(map(str, columns))}", "fix the column name in the mapping")
        if role not in aliases:
            raise LoadError(f"The mapping target {role!r} is not a known {kind} column", f"mapping {src!r} -> {role!r}", f"use one of {', '.join(sorted(aliases))}")
        result.roles[role] = src
        remaining.remove(src)
    by_key: dict[str, str] = {}
    for col in remaining:
        by_key.setdefault(column_key(col), col)
    if kind == "outcomes":
        steps = []
        for col in remaining:
            match = STATUS_STEP_PATTERN.match(column_key(col))
            if match:
                steps.append((int(match.group(1)), col))
        result.status_steps = [c for _, c in sorted(steps)]
    used = set(result.roles.values()) | set(result.status_steps)
    for role, names in aliases.items():
        if role in result.roles:
            continue
        for alias in names:
            col = by_key.get(column_key(alias))
            if col is not None and col not in used:
                result.roles[role] = col
                used.add(col)
                break
    for role, names in aliases.items():
        extra = [by_key[column_key(a)] for a in names if column_key(a) in by_key and by_key[column_key(a)] not in used]
        if role in result.roles and extra and role in FALLBACK_ROLES:
            result.fallbacks[role] = extra
            used.update(extra)
    result.ignored = [c for c in columns if c not in used and c not in result.private]
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
    """"outcomes" when the columns look like applications or funnel counts, else "listings"."""
    keys = {column_key(c) for c in columns}
    outcome_only = {"applicationid", "applicantid", "studentid", "applieddate", "applicationdate", "dateapplied",
                    "finalstatus", "stage", "status", "interviews", "offers", "applications", "gpa", "major", "classyear"}
    listing_only = {"locations", "location", "salary", "pay", "skills", "url", "dateposted", "postedat", "active", "isopen", "isvisible"}
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
