"""Fields: source categories and job titles → one of schema.FIELDS.

Title rules are keyword patterns tried in order; the first that matches wins. The order encodes
precedence: "Embedded Software Engineer" is Hardware & Embedded, "ML Software Engineer" is AI & ML,
"Security Software Engineer" is Cybersecurity, and plain "Software Engineer" is Software Engineering.
"""
from __future__ import annotations

import re

import polars as pl

from data_loaders.schema import FIELDS

__all__ = ["classify_title", "field_from_category", "normalise_fields"]

SOFTWARE, DATA, AI, SECURITY, IT, HARDWARE, PRODUCT, QUANT, OTHER = FIELDS

_TITLE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bquant|\btrad(ing|er)\b|algorithmic|market making|\bhft\b", re.I), QUANT),
    (re.compile(r"secur|cyber|malware|threat|penetration|\bpen ?test|vulnerab|infosec|\bsoc analyst|red team|forensic|\bgrc\b|"
                r"information assurance", re.I), SECURITY),
    (re.compile(r"machine learning|\bml\b|\bai\b|artificial intelligence|deep learning|\bnlp\b|computer vision|\bllms?\b|genai|"
                r"\bai/ml\b|\bml/ai\b|applied scien|research scien|perception|autonomy|reinforcement", re.I), AI),
    (re.compile(r"firmware|hardware|embedded|electrical|\bfpga|\basic\b|silicon|circuit|\bpcb\b|\brf\b|signal integrity|"
                r"power integrity|\bvlsi\b|semiconductor|\bchip\b|analog|digital design|verification engineer|robotics|mechatronics|"
                r"\b[cg]pu\b|\bssd\b|\bsoc\b|sensing|sensor|controls engineer|photonic|optical engineer|hardware validation|"
                r"silicon validation|post-silicon", re.I), HARDWARE),
    (re.compile(r"data scien|data analy|analytics|data engineer|statistic|business intelligence|\bbi\b|business analyst|"
                r"insights|biostat|\bdata\b.*\banalyst\b|\bdata intern", re.I), DATA),
    (re.compile(r"\bit\b|information technology|desktop support|help ?desk|tech(nical)? support|it support|infrastructure|"
                r"\bcloud\b|devops|dev ops|\bsre\b|site reliability|sys ?admin|systems? administrat|network (engineer|admin|operations)|"
                r"\bnoc\b|service desk|systems reliability|reliability engineer", re.I), IT),
    (re.compile(r"product manag|product owner|product design|program manag|\bux\b|\bui\b|user experience|user interface|"
                r"interaction design|graphic design|visual design|designer|design intern|product analyst|product intern|"
                r"product research|product/program", re.I), PRODUCT),
    (re.compile(r"software|developer|develop(ment)? engineer|\bswe\b|\bsde\b|programmer|programming|back-?end|front-?end|"
                r"full[- ]?stack|mobile|\bios\b|android|\bweb\b|computer science|coding|platform engineer|"
                r"application(s)? (engineer|developer)|systems? engineer|\bqa\b|quality assurance|test engineer|"
                r"\bswe intern|test automation|compiler|game (developer|engineer|programmer)|unity engineer|"
                r"solutions? architect|software architect", re.I), SOFTWARE),
    (re.compile(r"\bdata\b", re.I), DATA),
]

# Category names as sources write them (casefolded) → field. "Data & ML/AI" is split by title.
_SPLIT_BY_TITLE = "__data_or_ai__"
_CATEGORIES: dict[str, str] = {
    **{field.casefold(): field for field in FIELDS},
    "software": SOFTWARE, "software engineering": SOFTWARE, "swe": SOFTWARE, "software development": SOFTWARE,
    "engineering": SOFTWARE, "web development": SOFTWARE, "mobile": SOFTWARE,
    "data & ml/ai": _SPLIT_BY_TITLE, "data & ai": _SPLIT_BY_TITLE, "data/ml": _SPLIT_BY_TITLE,
    "data": DATA, "data science": DATA, "data analytics": DATA, "analytics": DATA, "data engineering": DATA,
    "machine learning": AI, "ai": AI, "ml": AI, "ai/ml": AI, "ml/ai": AI, "ai & ml": AI, "artificial intelligence": AI,
    "security": SECURITY, "cyber security": SECURITY, "cybersecurity": SECURITY, "information security": SECURITY,
    "it": IT, "information technology": IT, "infrastructure": IT, "devops": IT, "cloud": IT, "it & infrastructure": IT,
    "hardware": HARDWARE, "embedded": HARDWARE, "firmware": HARDWARE, "electrical engineering": HARDWARE,
    "product": PRODUCT, "product management": PRODUCT, "pm": PRODUCT, "design": PRODUCT, "ux design": PRODUCT,
    "ui/ux": PRODUCT, "ux/ui": PRODUCT, "product design": PRODUCT,
    "quant": QUANT, "quantitative": QUANT, "quantitative finance": QUANT, "quant finance": QUANT, "trading": QUANT,
    "other": OTHER,
}


def classify_title(title: str | None) -> str:
    """The field a job title belongs to by ordered keyword rules; "Other" when none matches."""
    if not title:
        return OTHER
    for pattern, field in _TITLE_RULES:
        if pattern.search(title):
            return field
    return OTHER


def field_from_category(text: str | None, title: str | None = None) -> str | None:
    """Field for a source category ("Quant" → Quantitative Finance); None when the category says nothing.

    zshah's "Data & ML/AI" is split by `title`: AI & Machine Learning when the title is about ML/AI,
    otherwise Data Science & Analytics.
    """
    if text is None or not str(text).strip():
        return None
    key = re.sub(r"\s+", " ", str(text)).strip().casefold()
    field = _CATEGORIES.get(key)
    if field == _SPLIT_BY_TITLE:
        return AI if classify_title(title) == AI else DATA
    if field is not None:
        return field
    guessed = classify_title(str(text))
    return None if guessed == OTHER else guessed


def normalise_fields(category: pl.Series | None, titles: pl.Series) -> pl.Series:
    """One of FIELDS per row: the category when it says something, else (or to split) the title."""
    title_text = titles.cast(pl.String())
    title_map = {t: classify_title(t) for t in title_text.drop_nulls().unique().to_list()}
    by_title = title_text.replace_strict(title_map, default=OTHER, return_dtype=pl.String())
    if category is None:
        return by_title.alias("field")
    category_text = category.cast(pl.String())
    unique = category_text.drop_nulls().unique().to_list()
    category_map = {
        c: (_SPLIT_BY_TITLE if _CATEGORIES.get(re.sub(r"\s+", " ", c).strip().casefold()) == _SPLIT_BY_TITLE else field_from_category(c))
        for c in unique
    }
    by_category = category_text.replace_strict(category_map, default=None, return_dtype=pl.String())
    frame = pl.DataFrame({"category": by_category, "title": by_title})
    return frame.select(
        pl.when(pl.col("category") == _SPLIT_BY_TITLE)
        .then(pl.when(pl.col("title") == AI).then(pl.lit(AI)).otherwise(pl.lit(DATA)))
        .otherwise(pl.coalesce("category", "title"))
        .alias("field")
    ).to_series()
