"""The rule tables of column understanding (data_loaders.roles): what each role's values look like, the header
keywords that name a role, and the content patterns that may claim a column on their own.

Kept apart from the detection code so the vocabulary can be read and extended in one place.
"""

from __future__ import annotations

import re

__all__ = [
    "AGREE",
    "APPLICATION_ROLES",
    "CONTENT_RULES",
    "CONTENT_THRESHOLD",
    "DATE_EXCLUDE",
    "DISAGREE",
    "FLAG_ROLES",
    "HEADER_CONFIDENCE",
    "KEYWORD_CONFIDENCE",
    "KEYWORD_RULES",
    "MULTI_ROLES",
    "OPENING_ROLES",
    "ROLE_CHECKS",
    "SAMPLE_ROWS",
    "SHORT_ROLES",
]

SAMPLE_ROWS = 5_000  # rows read for sniffing: the head of the file, enough for patterns, cheap at a million rows
HEADER_CONFIDENCE, KEYWORD_CONFIDENCE = 0.95, 0.75
CONTENT_THRESHOLD = 0.6  # share of distinct values a pattern must match to claim a column by content alone
AGREE, DISAGREE = 0.5, 0.2  # content shares that raise or lower a header match's confidence
MULTI_ROLES = frozenset(
    {"description", "locations", "pay_text"}
)  # roles a further keyword or content match may fill gaps of

# What each role's values should look like: (profile measure, plain words for the evidence line).
ROLE_CHECKS: dict[str, tuple[str, str]] = {
    "pay_text": ("pay", "pay amounts"),
    "pay_min": ("number", "numbers"),
    "pay_max": ("number", "numbers"),
    "pay_period": ("period", "pay periods"),
    "pay_currency": ("currency", "currencies"),
    "posted_date": ("date", "dates"),
    "applied_date": ("date", "dates"),
    "url": ("url", "links"),
    "locations": ("place", "places"),
    "region": ("place", "places"),
    "terms": ("season", "seasons"),
    "term": ("season", "seasons"),
    "remote": ("mode|flag", "work modes or yes/no"),
    "active": ("flag", "yes/no or open/closed"),
    "visible": ("flag", "yes/no"),
    "sponsorship": ("sponsor|flag", "sponsorship words or yes/no"),
    "description": ("long", "long free text"),
    "stage": ("stage", "application stages or results"),
    "status": ("stage", "application stages or results"),
    "title": ("title", "job titles"),
    "skills": ("list", "short lists"),
    "gpa": ("number", "numbers"),
    "class_year": ("year", "years"),
    "applications": ("number", "numbers"),
    "interviews": ("number", "numbers"),
    "offers": ("number", "numbers"),
    "accepted": ("number", "numbers"),
    "company": ("short", "short names"),
    "category": ("short", "short labels"),
    "major": ("short", "short names"),
}
# Roles whose values are short: a keyword match on a column of long prose is a description instead ("Preferred Skills").
SHORT_ROLES = frozenset(
    {"skills", "category", "company", "title", "locations", "region", "terms", "term", "applicant_skills"}
)
FLAG_ROLES = frozenset({"remote", "active", "visible", "sponsorship"})
# Roles that make a row an opening (beside its title) or an application (beside company or title):
# data_loaders.roles_catalogue refuses a table with neither.
OPENING_ROLES = frozenset(
    {"company", "url", "locations", "region", "posted_date", "pay_text", "pay_min", "pay_max", "terms", "remote"}
    | {"sponsorship"}
)
APPLICATION_ROLES = frozenset({"company", "stage", "status"})

_PAY = r"(salar(y|ies)|wages?|pay|stipends?|compensation|remuneration|earnings|gehalt|vergütung|lohn|salaire|rémunération|sueldo|salario|薪资|薪酬|工资|待遇|月薪|时薪)"
DATE_EXCLUDE = re.compile(
    r"\b(updated?|modified|closed?|closing|deadline|start|end|verified|seen|enriched|expir\w*|last|communication|"
    r"response|reply|interview|decision|birth)\b|更新|截止"
)
# (role, pattern on the header's words); first match wins, so specific rules come before general ones.
KEYWORD_RULES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "listings": [
        (
            "pay_min",
            re.compile(_PAY + r".*\b(min|minimum|from|low|lower|floor)\b|\b(min|minimum|from|low|lower)\b.*" + _PAY),
        ),
        (
            "pay_max",
            re.compile(_PAY + r".*\b(max|maximum|to|high|upper|ceiling)\b|\b(max|maximum|to|high|upper)\b.*" + _PAY),
        ),
        ("pay_period", re.compile(_PAY + r".*\b(frequency|period|unit|basis|interval|per)\b")),
        ("pay_currency", re.compile(r"\bcurrency\b|währung|devise|moneda|币种")),
        ("pay_text", re.compile(_PAY + r"|\b(hourly|monthly|annual) rate\b|\brate of pay\b")),
        ("url", re.compile(r"\b(url|urls|link|links|href|website|apply)\b|链接|网址")),
        (
            "description",
            re.compile(
                r"\b(description|descriptions|about|requirements?|responsibilit\w*|qualifications?|duties|summary|details|"
                r"overview|what you ll do|what you will do|you will|body|beschreibung|aufgaben|anforderungen|missions?|"
                r"descriptif|descripci[oó]n)\b|描述|职责|要求"
            ),
        ),
        ("listing_id", re.compile(r"\b(id|uuid|identifier|requisition)\b")),
        ("posted_date", re.compile(r"\b(posted|published|created|added|listed|date|datum|fecha)\b|发布|日期")),
        ("sponsorship", re.compile(r"\b(sponsor\w*|visa)\b")),
        (
            "remote",
            re.compile(
                r"\b(remote|workplace|work mode|onsite|wfh|hybrid|arrangement|home office|telework|work from home)\b"
            ),
        ),
        ("active", re.compile(r"\b(active|open|status|closed)\b")),
        ("visible", re.compile(r"\b(visible|listed|hidden)\b")),
        ("terms", re.compile(r"\b(seasons?|terms?|semesters?|cycle|intake)\b")),
        (
            "skills",
            re.compile(
                r"\b(skills?|technolog\w*|stack|tools|tags|competenc\w*|keywords|kenntnisse|compétences)\b|技能"
            ),
        ),
        (
            "category",
            re.compile(
                r"\b(category|categories|field|discipline|function|department|track|family|area|sector|domain|kategorie|bereich)\b"
            ),
        ),
        (
            "company",
            re.compile(
                r"\b(company|employer|organi[sz]ation|firm|agency|business|hiring|brand|firma|unternehmen|arbeitgeber|"
                r"entreprise|empresa)\b|公司|企业名称|单位"
            ),
        ),
        (
            "locations",
            re.compile(
                r"\b(locations?|city|cities|place|office|where|address|town|ort|standort|lieu|ville|ubicaci[oó]n|ciudad)\b"
                r"|地点|城市|地址"
            ),
        ),
        (
            "title",
            re.compile(r"\b(title|role|position|job|jobs|opening|internship|vacancy|stelle|poste|puesto)\b|岗位|职位"),
        ),
    ],
    "outcomes": [
        (
            "status",
            re.compile(
                r"\b(status|result|outcome|decision|response|reply|ergebnis|antwort|statut|résultat|estado|resultado)\b|状态|结果|进度"
            ),
        ),
        ("stage", re.compile(r"\b(stage|round|phase|furthest)\b|阶段")),
        ("applicant_id", re.compile(r"\b(applicant|student|candidate|person|user)\b.*\bid\b")),
        ("application_id", re.compile(r"\b(application|app)\b.*\bid\b|^id$")),
        ("applied_date", re.compile(r"\b(applied|application date|submitted|sent|date|datum|fecha)\b|投递|申请|日期")),
        ("term", re.compile(r"\b(seasons?|terms?|semesters?|cycle|intake)\b")),
        ("gpa", re.compile(r"\b(gpa|grade point)\b")),
        ("class_year", re.compile(r"\b(class|graduation|grad year|cohort)\b")),
        ("major", re.compile(r"\b(major|degree|program|programme|studies|study|studiengang)\b|专业")),
        ("applicant_skills", re.compile(r"\b(skills?)\b")),
        ("category", re.compile(r"\b(category|field|discipline|function|department|track)\b")),
        (
            "company",
            re.compile(
                r"\b(company|employer|organi[sz]ation|firm|agency|business|firma|unternehmen|entreprise|empresa)\b|公司|企业名称"
            ),
        ),
        (
            "region",
            re.compile(r"\b(locations?|city|state|region|place|office|ort|standort|lieu|ville|ciudad)\b|地点|城市"),
        ),
        ("title", re.compile(r"\b(title|role|position|job|opening|internship|stelle|poste|puesto)\b|岗位|职位")),
    ],
}
# Content alone may claim a free column for these roles: (role, measure, words), most telling first.
CONTENT_RULES: dict[str, list[tuple[str, str, str]]] = {
    "listings": [
        ("url", "url", "links"),
        ("description", "long", "long free text"),
        ("pay_text", "pay", "pay amounts"),
        ("terms", "season", "seasons"),
        ("posted_date", "date", "dates"),
        ("remote", "mode", "work modes"),
        ("sponsorship", "sponsor", "sponsorship words"),
        ("locations", "place", "places"),
        ("title", "title", "job titles"),
    ],
    "outcomes": [
        ("status", "stage", "application stages or results"),
        ("applied_date", "date", "dates"),
        ("region", "place", "places"),
        ("title", "title", "job titles"),
    ],
}
