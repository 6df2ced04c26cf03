"""Skills: canonical names from tags, aliases and free text, using the committed taxonomy CSV."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeAlias

import polars as pl

from data_loaders.normalise import skill_runs
from data_loaders.normalise.skill_runs import skill_list_notes

__all__ = [
    "TAXONOMY",
    "canonical_skill",
    "extract_skills",
    "normalise_skill_lists",
    "search_skills",
    "skill_category",
    "skill_list_notes",
    "skill_lists_and_unknown",
    "unknown_skills",
]

TAXONOMY: pl.DataFrame = pl.read_csv(
    Path(__file__).with_name("skills_taxonomy.csv"), comment_prefix="#", schema_overrides={"aliases": pl.String()}
).with_columns(pl.col("aliases").fill_null("").str.split(";").list.eval(pl.element().filter(pl.element() != "")))

_CATEGORY: dict[str, str] = dict(zip(TAXONOMY["skill"], TAXONOMY["category"], strict=True))
# Every written form (name and aliases) of every skill, as written in the CSV.
_FORMS: list[tuple[str, str]] = [
    (form, skill)
    for skill, aliases in zip(TAXONOMY["skill"], TAXONOMY["aliases"], strict=True)
    for form in [skill, *aliases]
]


_NOT_KEY = re.compile(r"[^0-9a-z+#]")
_BLANKS = re.compile(r"\s+")


def _squash(text: str) -> str:
    """A spelling-insensitive key: "React.js", "ReactJS", "react js" → "reactjs"; keeps + and #."""
    return _NOT_KEY.sub("", text.casefold())


_BY_CASEFOLD: dict[str, str] = {}
_BY_SQUASH: dict[str, str] = {}
for _form, _skill in _FORMS:
    _BY_CASEFOLD.setdefault(_form.casefold(), _skill)
    if _squash(_form):
        _BY_SQUASH.setdefault(_squash(_form), _skill)


def canonical_skill(name: str | None) -> str | None:
    """The canonical skill for a tag or alias ("k8s" → "Kubernetes"), or None when unknown."""
    if name is None:
        return None
    text = _BLANKS.sub(" ", str(name)).strip()
    if not text:
        return None
    exact = _BY_CASEFOLD.get(text.casefold())
    if exact:
        return exact
    squashed = _squash(text)
    return _BY_SQUASH.get(squashed) if squashed else None


def skill_category(skill: str) -> str:
    """The category of a skill (one of schema.SKILL_CATEGORIES), or "other" for unknown skills."""
    canonical = canonical_skill(skill)
    return _CATEGORY.get(canonical, "other") if canonical else "other"


def _split_tag(tag: str, names: skill_runs.Names | None = None) -> list[str]:
    """Map one tag to skills: a known alias wins ("CI/CD"); else "C/C++" → C, C++; names written without separators
    are told apart ("PythonDjango" → Python, Django: data_loaders/normalise/skill_runs.py) and a board's "+3 more"
    dropped; unknown kept."""
    tag = re.sub(r"\s+", " ", tag).strip(" .")
    if not tag:
        return []
    known = canonical_skill(tag)
    if known:
        return [known]
    tag = skill_runs.without_more(tag)
    if not tag:
        return []
    # The run is read whole first, so a known name with a slash inside it ("CI/CD", "A/B Testing") is one of its
    # names; only a piece still unknown is then cut at its slashes ("C/C++", "HTML/CSS").
    skills: list[str] = []
    for piece in skill_runs.split_run_together(tag, names or _NAMES) or [tag]:
        known = skill_runs.readable(piece, canonical_skill)
        if known or "/" not in piece:
            skills.append(known or piece)
        else:
            skills.extend(canonical_skill(part) or part for part in map(str.strip, piece.split("/")) if part)
    return list(dict.fromkeys(skills))


# The known names that start in lower case ("jQuery", "scikit-learn"): where one follows another name, no capital
# shows the join.
_LOWER_LED = re.compile("|".join(re.escape(skill) for skill in TAXONOMY["skill"] if skill[:1].islower()))


@lru_cache(maxsize=65536)  # a board's lists repeat their names
def _known_as_written(part: str) -> str | None:
    """`canonical_skill(part)`, where a short or everyday form counts only as the taxonomy writes it (or in capitals):
    a lone "r" cut from a run of names is no R (the free-text rule, `_accept`)."""
    skill = canonical_skill(part)
    return skill if skill is not None and _as_written(skill, part) else None


def _to_lists(values: pl.Series) -> pl.Series:
    if values.dtype == pl.String:
        return values.str.replace_all(r"[;,|\n]", ";").str.split(";")
    return values.cast(pl.List(pl.String()))


_SEP = "\x1f"  # joins a tag list into one key; never appears in a tag


def _skills_of_tags(tags: list[str]) -> list[str]:
    skills: list[str] = []
    for tag in tags:
        for skill in _split_tag(tag):
            if skill not in skills:
                skills.append(skill)
    return skills


def normalise_skill_lists(values: pl.Series) -> pl.Series:
    """Strings ("Python; C++; Git") or lists of tags → lists of canonical skills, unknowns kept as written."""
    return skill_lists_and_unknown(values)[0]


def skill_lists_and_unknown(values: pl.Series) -> tuple[pl.Series, list[str]]:
    """`normalise_skill_lists(values)` and `unknown_skills(values)` from one pass over the tags."""
    # Rows hold distinct combinations of a few hundred tags: read each distinct tag once, then reassemble
    # the rows with joins (no per-row Python; 1,000,000 rows have ~500,000 distinct combinations).
    if values.dtype == pl.String:
        lists = values.str.replace_all(r"[;,|\n]", _SEP).str.split(_SEP)
    else:
        lists = values.cast(pl.List(pl.String()))
    rows = pl.DataFrame({"_row": pl.int_range(len(values), eager=True, dtype=pl.UInt32), "_tag": lists}).explode("_tag")
    tags = rows["_tag"].drop_nulls().unique()
    split = _split_column(tags.to_list())
    unknown = sorted(
        {piece for pieces in split for piece in pieces if canonical_skill(piece) is None}, key=str.casefold
    )
    lookup = pl.DataFrame({"_tag": tags, "_skill": pl.Series(split, dtype=pl.List(pl.String()))})
    found = (
        rows.join(lookup, on="_tag", how="inner", maintain_order="left")
        .explode("_skill")
        .drop_nulls("_skill")
        .group_by("_row", maintain_order=True)
        .agg(pl.col("_skill").unique(maintain_order=True))
    )
    every = pl.DataFrame({"_row": pl.int_range(len(values), eager=True, dtype=pl.UInt32)})
    joined = every.join(found, on="_row", how="left", maintain_order="left")
    return joined["_skill"].fill_null([]).alias(values.name), unknown


def _split_column(tags: list[str]) -> list[list[str]]:
    """`_split_tag` of each of a column's distinct tags. Where the column shows that its names run together (three
    tags or more, and at least a fifth of those with a join, read as several names with a known one among them), a
    tag whose names the taxonomy does not know is cut at its sure joins too: an Internshala export of marketing
    internships ("Social Media MarketingContent WritingEnglish Proficiency (Spoken)") holds few known names."""
    split = [_split_tag(tag) for tag in tags]
    joined = [index for index, tag in enumerate(tags) if skill_runs.has_join(tag)]
    ran = sum(1 for index in joined if len(split[index]) > 1 and "/" not in tags[index])  # cut at its joins
    if ran >= _RUNS_SHOWN and ran * 5 >= len(joined):
        for index in joined:
            if len(split[index]) == 1 and canonical_skill(split[index][0]) is None:
                split[index] = _split_tag(tags[index], _TRUSTING)
    return split


_RUNS_SHOWN = 3  # tags read as run-together names before a column's joins are trusted


def unknown_skills(values: pl.Series | Iterable[str]) -> list[str]:
    """The tags (as written, trimmed) that the taxonomy does not know, sorted; for the load report."""
    series = values if isinstance(values, pl.Series) else pl.Series(list(values), dtype=pl.String())
    tags = _to_lists(series).explode().drop_nulls().unique().to_list()
    unknown = {piece for pieces in _split_column(tags) for piece in pieces if canonical_skill(piece) is None}
    return sorted(unknown, key=str.casefold)


# --- free text -------------------------------------------------------------------------------
# Aliases that are ordinary words or tiny: only exactly as written (or all capitals) count.
_WORDS = {
    "Swift",
    "Spark",
    "Excel",
    "Julia",
    "Ruby",
    "Rust",
    "Dart",
    "React",
    "Node",
    "Spring",
    "Express",
    "Rails",
    "Vue",
    "Angular",
    "Unity",
    "Shell",
    "Pandas",
    "Flask",
    "Elixir",
    "Go",
    "R",
    "C",
    "Sketch",
    "Jest",
    "Cypress",
    "Looker",
    "Snowflake",
    "Kafka",
    "Airflow",
    "Redis",
    "Apex",
    "Groovy",
    "Keras",
    "Electron",
    "Polars",
    "Qt",
    "Jupyter",
    "Canva",
    "Cadence",
    "Burp",
    "Kali",
    "Lua",
    "Zig",
    "SAS",
    "Torch",
    "Transformers",
    "Scikit",
    "Mongo",
    "Unix",
    "Rest",
    "Restful",
    "Tcp",
    "Ubuntu",
    # Everyday words that name a skill only sometimes ("a leader in payments", "social networks").
    "Leader",
    "Networks",
    "Derivatives",
    "Presenting",
    "Collaborative",
    "Flexibility",
    "Adaptable",
    "Prototypes",
    "Forecasting",
    "Experimentation",
    "Embedded",
    "Kanban",
    "Scrum",
    "Agile",
    "Puppet",
    "Chef",
    "Slack",
    "Hive",
    "Eclipse",
    "Hibernate",
    "Visio",
    "Maven",
    "Tomcat",
}
# The worst: also need a list-like neighbour (", R," "R/" "(R)" "in Go" "C and C++").
_CONTEXT_ONLY = {"Go", "R", "C"}
_LIST_BEFORE = re.compile(r"(?:[,/(;:|&+]|\b(?:and|or|in|with|using|like|including|e\.g\.|of|as))\s*$", re.I)
_LIST_AFTER = re.compile(r"^\s*(?:[,/);:|&]|\b(?:and|or|programming|language|developer|code|scripts?)\b)", re.I)
# Uses of "Go"/"C"/"R" that are not the language.
_NOT_LANGUAGE_AFTER = re.compile(r"^(?:\s+to\b|-to\b|-live|\s+live\b|-suite|-level|\s+ahead\b|\.\s*[A-Z]\.|&[A-Z])")
# "Plan A, B, or C", "Series A, B, C", "Vitamin C", "Grade C": letters as labels, not languages.
_NOT_LANGUAGE_BEFORE = re.compile(
    r"(?:\b[AB]\b[\s,]*(?:or|and)?\s*|\b(?:vitamin|grade|plan|series|class|type|option|section|part|level)\s+)$", re.I
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


# (skill, casefolded form) → the forms as written in the taxonomy, for the case rules.
_WRITTEN: dict[tuple[str, str], list[str]] = {}
for _form, _skill in _FORMS:
    _WRITTEN.setdefault((_skill, _form.casefold()), []).append(_form)


def _as_written(skill: str, text: str) -> bool:
    """Whether `text` names `skill` in a way its forms allow: a short or everyday form ("R", "Swift") only as the
    taxonomy writes it or in capitals."""
    forms = _WRITTEN.get((skill, re.sub(r"[\s-]+", " ", text).casefold()), [])
    strict = any(_is_strict(form) for form in forms)
    return not strict or text in {*forms, *(form.upper() for form in forms if len(form) > 1)}


def _is_strict(form: str) -> bool:
    return len(form) <= 3 or form in _WORDS or form.capitalize() in _WORDS


_SPACE = " "  # a space in a form matches any run of blanks and hyphens ("react native", "react-native")


_Trie: TypeAlias = dict[str, "_Trie"]  # next character -> the rest; "" marks the end of a form


def _trie_regex(node: _Trie) -> str:
    """The regex of a character trie: branches by next character, the longest continuation tried first."""
    branches = [
        (r"[\s-]+" if token == _SPACE else re.escape(token)) + _trie_regex(child)
        for token, child in sorted(node.items(), key=lambda item: item[0] != _SPACE)
        if token
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def form_pattern(forms: Iterable[str]) -> str:
    """One regex matching any of `forms` (case-insensitively, spaces as blank/hyphen runs), as a trie.

    Equivalent to the alternation of the forms sorted longest first, but Python's regex engine tries a
    sorted alternation form by form at every position (751 forms), while a trie branches on one
    character at a time: 5-20x faster on long descriptions, and linear on hostile text.
    """
    trie: _Trie = {}
    for form in forms:
        node = trie
        for token in re.sub(r" +", _SPACE, form.lower()):
            node = node.setdefault(token, {})
        node[""] = {}
    return _trie_regex(trie)


@lru_cache(maxsize=1)
def _matcher() -> re.Pattern[str]:
    # Boundaries: no letter/digit/+/# glued on either side, so "Go" is not in "Google",
    # "C" is not the start of "C++", and "Node.js." at a sentence end still matches.
    return re.compile(rf"(?<![\w+#.@-])(?:{form_pattern(form for form, _ in _FORMS)})(?![\w+#]|\.\w)", re.I)


def _accept(text: str, start: int, end: int, matched: str) -> str | None:
    skill = _BY_CASEFOLD.get(re.sub(r"[\s-]+", " ", matched).casefold()) or _BY_CASEFOLD.get(matched.casefold())
    if skill is None:
        return None
    if not _as_written(skill, matched):
        return None
    before, after = text[max(0, start - 16) : start], text[end : end + 14]
    # "React to feedback.", "Swift delivery…": a word skill opening a sentence needs list context.
    needs_context = matched in _CONTEXT_ONLY or (
        matched in _WORDS and len(matched) > 1 and _SENTENCE_START.search(before) is not None
    )
    if needs_context:
        if _NOT_LANGUAGE_AFTER.match(after) or _NOT_LANGUAGE_BEFORE.search(before):
            return None
        if not (_LIST_BEFORE.search(before) or _LIST_AFTER.match(after)):
            return None
    return skill


def extract_skills(text: str | None) -> list[str]:
    """Skills named in free text (job descriptions, résumés), in first-seen order."""
    if not text:
        return []
    found: list[str] = []
    for match in _matcher().finditer(str(text)):
        skill = _accept(match.string, match.start(), match.end(), match.group(0))
        if skill and skill not in found:
            found.append(skill)
    return found


def search_skills(query: str, limit: int = 20) -> list[str]:
    """Skills whose name or an alias contains `query`: exact first, then prefix, then substring."""
    needle = query.strip().casefold()
    if not needle:
        return sorted(_CATEGORY, key=str.casefold)[:limit]
    ranked: dict[str, int] = {}
    for form, skill in _FORMS:
        folded = form.casefold()
        rank = 0 if folded == needle else 1 if folded.startswith(needle) else 2 if needle in folded else None
        if rank is not None and rank < ranked.get(skill, 9):
            ranked[skill] = rank
    return sorted(ranked, key=lambda s: (ranked[s], s.casefold()))[:limit]


# Every beginning of every known name, spelling-insensitive (`_squash`): a text that begins none is no known name's start.
_BEGINNINGS = frozenset(key[:end] for key in _BY_SQUASH for end in range(1, len(key) + 1))
# The known names as written with a cut the splitting would see inside ("JavaScript", "PostgreSQL", "REST APIs"),
# longest first.
_WHOLE = sorted({form for form, _ in _FORMS if skill_runs.cuts_inside(form)}, key=lambda form: (-len(form), form))
_NAMES = skill_runs.Names(
    _known_as_written,
    could_begin=lambda text: _squash(text) in _BEGINNINGS,
    lower_led=_LOWER_LED,
    whole=re.compile("|".join(re.escape(form) for form in _WHOLE)) if _WHOLE else None,
)
_TRUSTING = dataclasses.replace(_NAMES, trust_joins=True)
