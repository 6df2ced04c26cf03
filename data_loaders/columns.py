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
    "company": (
        "company",
        "company_name",
        "employer",
        "organization",
        "organisation",
        "firm",
        "companyname",
        "employer_name",
        "agency",
        "hiring_organization",
        "business_name",
        "公司名称",
        "公司",
        "企业名称",
        "firma",
        "unternehmen",
        "arbeitgeber",
        "entreprise",
        "empresa",
    ),
    "title": (
        "title",
        "job_title",
        "jobtitle",
        "position",
        "role",
        "position_title",
        "job",
        "job_name",
        "business_title",
        "role_name",
        "opening",
        "internship_title",
        "岗位",
        "职位",
        "岗位名称",
        "职位名称",
        "stelle",
        "stellenbezeichnung",
        "poste",
        "intitule_du_poste",
        "puesto",
    ),
    "category": (
        "field",
        "category",
        "job_category",
        "discipline",
        "area",
        "track",
        "job_function",
        "function",
        "department_category",
        "job_family",
        "department",
    ),
    "locations": (
        "locations",
        "location",
        "city",
        "cities",
        "office",
        "offices",
        "job_location",
        "工作地点",
        "地点",
        "城市",
        "ort",
        "standort",
        "arbeitsort",
        "lieu",
        "ville",
        "ubicacion",
    ),
    "remote": ("remote", "is_remote", "remote_ok", "work_mode", "workplace_type", "remote_flag"),
    "skills": ("skills", "skill", "tags", "technologies", "tech_stack", "required_skills"),
    "pay_text": (
        "pay_text",
        "salary",
        "pay",
        "compensation",
        "stipend",
        "wage",
        "hourly_rate",
        "pay_rate",
        "salary_range",
        "hourly_wage",
        "estimated_salary",
        "salary_estimate",
        "monthly_stipend",
        "stipend_amount",
        "pay_range",
        "salary_text",
        "compensation_text",
    ),
    # Pay in separate columns (NYC Jobs: Salary Range From / To / Frequency): composed into one pay text.
    "pay_min": (
        "pay_min",
        "salary_min",
        "min_salary",
        "salary_range_from",
        "salary_from",
        "minimum_salary",
        "pay_from",
        "min_pay",
        "compensation_min",
        "salary_low",
        "min_amount",
    ),
    "pay_max": (
        "pay_max",
        "salary_max",
        "max_salary",
        "salary_range_to",
        "salary_to",
        "maximum_salary",
        "pay_to",
        "max_pay",
        "compensation_max",
        "salary_high",
        "max_amount",
    ),
    "pay_period": (
        "pay_period",
        "salary_frequency",
        "pay_frequency",
        "salary_period",
        "pay_interval",
        "salary_interval",
        "salary_unit",
        "pay_unit",
        "pay_basis",
        "salary_basis",
    ),
    "pay_currency": ("pay_currency", "currency", "salary_currency", "currency_code", "compensation_currency"),
    "terms": ("seasons", "terms", "term", "season", "semester", "session", "intern_season", "period"),
    "posted_date": (
        "posted_date",
        "date_posted",
        "posted_at",
        "posted",
        "created",
        "created_at",
        "date",
        "first_seen_at",
        "published_at",
        "posting_date",
        "date_added",
        "added_on",
        "listed_at",
    ),
    "active": ("active", "is_open", "is_active", "open", "status_open", "still_open"),
    "visible": ("is_visible", "visible", "hidden_not", "published"),
    "sponsorship": ("sponsorship", "visa_sponsorship", "sponsor", "visa"),
    "url": ("url", "link", "apply_url", "application_url", "job_url", "href", "apply_link", "岗位链接", "链接"),
    # Long free text: skills, pay, work mode, sponsorship and term are read from it where structured columns are missing.
    "description": (
        "description",
        "job_description",
        "about_the_role",
        "about",
        "requirements",
        "responsibilities",
        "what_you_ll_do",
        "details",
        "summary",
        "qualifications",
        "description_plain",
        "descriptionplain",
        "job_summary",
        "minimum_qual_requirements",
        "preferred_skills",
        "description_html",
    ),
}

OUTCOME_ALIASES: dict[str, tuple[str, ...]] = {
    "application_id": ("application_id", "applicationid", "app_id", "id"),
    "applicant_id": ("applicant_id", "student_id", "candidate_id", "user_id", "person_id", "applicant"),
    "listing_id": ("listing_id", "job_id", "posting_id"),
    "company": (
        "company",
        "company_name",
        "employer",
        "organization",
        "organisation",
        "firm",
        "公司名称",
        "公司",
        "企业名称",
        "firma",
        "unternehmen",
        "arbeitgeber",
        "entreprise",
        "empresa",
    ),
    "title": (
        "title",
        "job_title",
        "jobtitle",
        "position",
        "role",
        "job_name",
        "岗位",
        "职位",
        "岗位名称",
        "职位名称",
        "stelle",
        "poste",
        "puesto",
    ),
    "category": ("field", "category", "job_category", "discipline"),
    "term": ("term", "semester", "season", "terms", "seasons", "session"),
    "region": (
        "region",
        "state",
        "location",
        "locations",
        "city",
        "工作地点",
        "地点",
        "城市",
        "ort",
        "standort",
        "lieu",
        "ville",
    ),
    "applied_date": (
        "applied_date",
        "application_date",
        "applicationdate",
        "date_applied",
        "applied_at",
        "applied_on",
        "date",
        "投递时间",
        "投递日期",
        "申请时间",
        "申请日期",
        "bewerbungsdatum",
        "date_de_candidature",
    ),
    "stage": ("stage", "furthest_stage", "max_stage", "进度", "阶段"),
    "status": (
        "status",
        "final_status",
        "finalstatus",
        "outcome",
        "result",
        "decision",
        "current_status",
        "当前状态",
        "状态",
        "结果",
        "ergebnis",
        "statut",
        "estado",
    ),
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
    r"firstname|lastname|surname|phone|phonenumber|mobile|address|linkedin|handle|contact|备注|姓名|电话|邮箱|"
    r"bemerkungs?|bemerkungen|notizen?|kommentare?|remarques?)$"
)

# Roles where a second matching column fills gaps (zshah: `seasons` blank -> `season`).
FALLBACK_ROLES: frozenset[str] = frozenset(
    {"terms", "term", "posted_date", "applied_date", "locations", "pay_text", "description"}
)

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {"listings": LISTING_ALIASES, "outcomes": OUTCOME_ALIASES}
IGNORE = "ignore"  # the mapping target of a column the user leaves out on purpose
PRIVATE = "private"  # the role shown for a personal-data column (never loaded, not mappable)

# What a role means, for the mapping step's selectbox and the report.
ROLE_LABELS: dict[str, str] = {
    IGNORE: "ignore (not loaded)",
    PRIVATE: "personal data (never loaded)",
    "listing_id": "listing id",
    "application_id": "application id",
    "applicant_id": "applicant id",
    "company": "company",
    "title": "job title",
    "description": "description (free text)",
    "category": "category / field",
    "locations": "locations",
    "region": "location (state / region)",
    "remote": "work mode / remote flag",
    "skills": "skills list",
    "pay_text": "pay (amount as written)",
    "pay_min": "pay minimum",
    "pay_max": "pay maximum",
    "pay_period": "pay period (hour, month, year …)",
    "pay_currency": "pay currency",
    "terms": "term / season",
    "term": "term / season",
    "posted_date": "date posted",
    "applied_date": "date applied",
    "active": "open / active flag",
    "visible": "visible flag",
    "sponsorship": "visa sponsorship",
    "url": "link (URL)",
    "stage": "stage reached",
    "status": "status / result",
    "status_steps": "status step (Status 1, 2 …)",
    "major": "applicant's major",
    "class_year": "applicant's class year",
    "gpa": "applicant's GPA",
    "applicant_skills": "applicant's skills",
    "applications": "count: applications",
    "interviews": "count: interviews",
    "offers": "count: offers",
    "accepted": "count: accepted",
}


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


def map_columns(columns: list[str], kind: str, mapping: dict[str, str] | None = None) -> ColumnMapping:
    """Map source columns to roles of `kind` ("listings" or "outcomes"); `mapping` overrides guesses.

    A mapping may send a column to IGNORE, to "status_steps" (outcomes), or several columns to one role:
    the first of them in the mapping holds the role, the others fill its gaps (in the mapping's order).
    """
    aliases = ALIASES[kind]
    result = ColumnMapping()
    remaining = list(columns)
    if kind == "outcomes":
        result.private = [c for c in remaining if is_private(c)]
        remaining = [c for c in remaining if c not in result.private]
    allowed = role_choices(kind)
    given = mapping or {}
    for src, role in given.items():
        if src not in remaining:
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
    for src, role in given.items():  # the mapping's order: the first column of a role holds it
        remaining.remove(src)
        if role == IGNORE:
            result.ignored.append(src)
        elif role == "status_steps":
            result.status_steps.append(src)
        elif role in result.roles:
            result.fallbacks.setdefault(role, []).append(src)
        else:
            result.roles[role] = src
    by_key: dict[str, str] = {}
    for col in remaining:
        by_key.setdefault(column_key(col), col)
    if kind == "outcomes":
        steps = []
        for col in remaining:
            match = STATUS_STEP_PATTERN.match(column_key(col))
            if match:
                steps.append((int(match.group(1)), col))
        result.status_steps += [c for _, c in sorted(steps)]
    used = set(result.roles.values()) | set(result.status_steps) | set(given)
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
            result.fallbacks.setdefault(role, []).extend(extra)
            used.update(extra)
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
