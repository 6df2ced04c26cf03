"""Fields: source categories and job titles → one of schema.FIELDS.

A category column maps through `_VOCABULARY` (real category names → fields; unknown → Other, never a
title guess). Titles are classified when there is no category. The title classifier prefers "Other" to a
doubtful field: department phrases ("…, Bureau of IT") are cut first, teaching/guard/clinical roles are
never tech, and business functions (marketing, finance, operations …) count only with a tech word.
Title rules are keyword patterns tried in order; the first that matches wins. The order encodes
precedence: "Embedded Software Engineer" is Hardware & Embedded, "ML Software Engineer" is AI & ML,
"Security Software Engineer" is Cybersecurity, and plain "Software Engineer" is Software Engineering.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import polars as pl

from data_loaders.schema import FIELDS

__all__ = ["classify_title", "field_from_category", "normalise_fields"]

SOFTWARE, DATA, AI, SECURITY, IT, HARDWARE, PRODUCT, QUANT, OTHER = FIELDS

# Titles that are never one of the tech fields, whatever tech word they carry ("AI Tutor", "Security Guard").
_NEVER_TECH = re.compile(
    r"\b(tutor|teacher|teaching|trainer|mentor|educator|instructor|coach|writer|copywriter|clerk|clerical|receptionist|"
    r"custodian|driver|nurse|nursing|physician|pharmac|mortuary|pathology|veterinar|guard|loss prevention|"
    r"asset protection|public safety|physical security|securities)\b|(?<!information )(?<!cyber )(?<!it )security officer",
    re.I,
)
# Business functions: Other unless the title also names a tech discipline ("Marketing Data Scientist").
_FUNCTION = re.compile(
    r"\b(marketing|sales|account(ing|ant)|payroll|finance|financial|budget|legal|paralegal|attorney|law|lawyer|"
    r"human resources|hr|recruit(ing|er|ment)?|talent|communications|public relations|journalis\w*|editor(ial)?|"
    r"content|social media|business development|customer (service|success|support)|supply chain|procurement|"
    r"logistics|operations|clinical|medical|health|video edit\w*|photograph\w*|events?|fundrais\w*|policy|"
    r"mechanical|civil|structural|chemical|environmental|urban|interior|fashion|landscape|architecture|"
    r"construction|inspector|investigator|audit(or|s)?|compliance|data entry|green|water|wastewater|stormwater|sewer|"
    r"transit|highway|bridge|lighting|fire alarm)\b",
    re.I,
)
_TECH = re.compile(
    r"(?i:software|developer|programm|data scien|data analy|data engineer|machine learning|\bml\b|\bai\b|cyber|"
    r"information security|infosec|digital forensic|firmware|embedded|hardware|devops|cloud|\bquant|algorithmic|analytics)|\bIT\b",
)
# Department phrases say where the job sits, not what it is: "Product Manager, Bureau of IT Strategy".
_DEPARTMENT = re.compile(
    r"(?:[,/(–-]\s*|\b)(bureau|office|division|department|dept\.?|unit|section)\s+(of|for)\b.*$", re.I
)

_TITLE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bquant|\btrad(ing|er)\b|algorithmic|market making|\bhft\b", re.I), QUANT),
    (
        re.compile(
            r"secur(?!ities)|cyber|malware|threat|penetration|\bpen ?test|vulnerab|infosec|\bsoc analyst|red team|"
            r"digital forensic|computer forensic|forensic (analyst|engineer)|\bgrc\b|information assurance",
            re.I,
        ),
        SECURITY,
    ),
    (
        re.compile(
            r"machine learning|\bml\b|\bai\b|artificial intelligence|deep learning|\bnlp\b|computer vision|\bllms?\b|genai|"
            r"\bai/ml\b|\bml/ai\b|applied scien|perception|autonomy|reinforcement",
            re.I,
        ),
        AI,
    ),
    (
        re.compile(
            r"firmware|hardware|embedded|electrical engineer|\bfpga|\basic\b|silicon|circuit|\bpcb\b|\brf\b|signal integrity|"
            r"power integrity|\bvlsi\b|semiconductor|\bchip\b|analog|digital design|verification engineer|robotics|mechatronics|"
            r"\b[cg]pu\b|\bssd\b|\bsoc\b|sensing|sensor|controls engineer|photonic|optical engineer|hardware validation|"
            r"silicon validation|post-silicon",
            re.I,
        ),
        HARDWARE,
    ),
    (
        re.compile(
            r"data scien|data analy|analytics|data engineer|statistician|statistical|biostat|business intelligence|\bbi\b|"
            r"business analyst|insights|\bdata\b.*\banalyst\b|\bdata intern",
            re.I,
        ),
        DATA,
    ),
    (
        re.compile(
            r"\bIT\b|information technology|desktop support|help ?desk|tech(nical)? support|it support|"
            r"(\bit|cloud|platform|network|systems?|compute|technology) infrastructure|infrastructure (intern|engineer|software|"
            r"automation|platform|reliability|operations)|"
            r"\bcloud\b|devops|dev ops|\bsre\b|site reliability|sys ?admin|systems? administrat|network (engineer|admin|operations)|"
            r"\bnoc\b|service desk|systems reliability|reliability engineer",
            re.I,
        ),
        IT,
    ),
    (
        re.compile(
            r"product manag|product owner|product design|technical program manag|\bux\b|\bui\b|user experience|"
            r"user interface|interaction design|graphic design|visual design|designer|design intern|product analyst|"
            r"product intern|product research|product/program",
            re.I,
        ),
        PRODUCT,
    ),
    (
        re.compile(
            r"software|developer|develop(ment)? engineer|\bswe\b|\bsde\b|programmer|programming|back-?end|front-?end|"
            r"full[- ]?stack|\bmobile (developer|engineer|app|application|development|software)|\bios\b|android|"
            r"\bweb (developer|engineer|development|application|programmer)|computer science|coding|platform engineer|"
            r"application(s)? (engineer|developer)|systems? engineer|\bqa\b(?! manager| specialist| director)|"
            r"quality assurance (analyst|engineer|tester|automation|testing)|test engineer|"
            r"\bswe intern|test automation|compiler|game (developer|engineer|programmer)|unity engineer|"
            r"solutions? architect|software architect",
            re.I,
        ),
        SOFTWARE,
    ),
    (re.compile(r"\bdata\b", re.I), DATA),
]

# Category names as sources write them → field, in `field_vocabulary.toml` (read once, below). Categories that
# name a discipline without picking a field ("Engineering", "Internships") defer to the title; a category the
# vocabulary does not know is "Other" (the README lists the vocabulary).
VOCABULARY_PATH = Path(__file__).with_name("field_vocabulary.toml")
_SPLIT_BY_TITLE = "__data_or_ai__"
_BY_TITLE = "__by_title__"
_GROUP_KEYS = {"by_title": _BY_TITLE, "data_or_ai": _SPLIT_BY_TITLE}


def load_vocabulary(path: Path = VOCABULARY_PATH) -> dict[str, tuple[str, ...]]:
    """Field (or _BY_TITLE, _SPLIT_BY_TITLE) → the category names that mean it, from the vocabulary file.

    Raises ValueError for a key that is not a field nor `by_title`/`data_or_ai`, or a value that is not a list of text.
    """
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    vocabulary: dict[str, tuple[str, ...]] = {}
    for key, names in data.items():
        if key not in FIELDS and key not in _GROUP_KEYS:
            raise ValueError(f"{path.name}: {key!r} is not one of {', '.join(FIELDS)} nor by_title / data_or_ai")
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise ValueError(f"{path.name}: {key!r} must be a list of category names")
        vocabulary[_GROUP_KEYS.get(key, key)] = tuple(str(name) for name in names)
    return vocabulary


_VOCABULARY = load_vocabulary()


def _category_key(text: str) -> str:
    """ "Data & ML/AI" → "data ml ai", "data_science" → "data science": casefolded words only."""
    words = re.sub(r"[_\-/&,+.()]|\band\b", " ", str(text).casefold())
    return re.sub(r"\s+", " ", words).strip()


_CATEGORIES: dict[str, str] = {
    **{_category_key(name): field for field, names in _VOCABULARY.items() for name in names},
    **{_category_key(field): field for field in FIELDS},
}


def classify_title(title: str | None) -> str:
    """The field a job title belongs to by ordered keyword rules; "Other" rather than a doubtful field."""
    if not title:
        return OTHER
    text = _DEPARTMENT.sub("", str(title)) or str(title)
    if _NEVER_TECH.search(text) or (_FUNCTION.search(text) and not _TECH.search(text)):
        return OTHER
    for pattern, field in _TITLE_RULES:
        if pattern.search(text):
            return field
    return OTHER


_CATEGORY_WORDS = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _CATEGORIES), key=len, reverse=True)) + r")\b")


def _category_field(text: str) -> str:
    """The vocabulary's answer for one category: a field, _BY_TITLE, _SPLIT_BY_TITLE, or Other when unknown.

    A compound category ("Technology, Data & Innovation", "Health Policy, Research & Analysis") is read by
    the vocabulary names inside it: one tech field alone → that field; several, or a tech field next to a
    generic name → the title decides; otherwise Other.
    """
    folded = _category_key(text)
    if folded in _CATEGORIES:
        return _CATEGORIES[folded]
    found = {_CATEGORIES[m] for m in _CATEGORY_WORDS.findall(folded)}
    tech = found - {OTHER, _BY_TITLE}
    if len(tech) == 1 and found <= tech | {_BY_TITLE} and _BY_TITLE not in found:
        return tech.pop()
    if tech or found == {_BY_TITLE}:
        return _BY_TITLE
    return OTHER


def field_from_category(text: str | None, title: str | None = None) -> str | None:
    """Field for a source category ("Quant" → Quantitative Finance; an unknown category → Other).

    None when there is no category, or when it names no field ("Engineering", "Internships"): the title
    decides then. zshah's "Data & ML/AI" is split by `title`: AI & Machine Learning when the title is
    about ML/AI, otherwise Data Science & Analytics.
    """
    if text is None or not str(text).strip():
        return None
    field = _category_field(str(text))
    if field == _SPLIT_BY_TITLE:
        return AI if classify_title(title) == AI else DATA
    return None if field == _BY_TITLE else field


def normalise_fields(category: pl.Series | None, titles: pl.Series) -> pl.Series:
    """One of FIELDS per row: the category when it names one (unknown → Other), else (or to split) the title."""
    # No rule reads digits, and a digit run stays a run of word characters, so "Intern 2027 (Req 48213)" and
    # "Intern 2026 (Req 1)" classify alike: collapsing digit runs first classifies far fewer distinct titles.
    title_key = titles.cast(pl.String()).str.replace_all(r"\d+", "0")
    title_map = {t: classify_title(t) for t in title_key.drop_nulls().unique().to_list()}
    by_title = title_key.replace_strict(title_map, default=OTHER, return_dtype=pl.String())
    if category is None:
        return by_title.alias("field")
    category_text = category.cast(pl.String())
    category_map = {
        c: (_category_field(c) if c.strip() else None) for c in category_text.drop_nulls().unique().to_list()
    }
    by_category = category_text.replace_strict(category_map, default=None, return_dtype=pl.String())
    frame = pl.DataFrame({"category": by_category, "title": by_title})
    return frame.select(
        pl.when(pl.col("category") == _SPLIT_BY_TITLE)
        .then(pl.when(pl.col("title") == AI).then(pl.lit(AI)).otherwise(pl.lit(DATA)))
        .when(pl.col("category") == _BY_TITLE)
        .then(pl.col("title"))
        .otherwise(pl.coalesce("category", "title"))
        .alias("field")
    ).to_series()
