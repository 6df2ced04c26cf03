"""Skill lists written without separators: "PythonDjangoNode.jsPostgreSQL", "MS-ExcelData Analytics+3 more".

Some job boards (Internshala's exports among them) print each skill as a tag and lose the separators when the page
is copied to text: the names run together, and a long list ends with "+N more" (the skills the board did not show).
Such a cell is one tag to the ordinary splitting (on , ; | and new lines) and no skill the taxonomy knows.

`split_run_together` finds where the names were joined: where a word ends and the next starts with a capital and no
space between ("Python|Django", "API|Stripe", "(NLP)|Deep", "Programming|3D Modeling"), and keeps the cuts that let
the taxonomy read the most of the text ("JavaScript" stays whole: "Java" alone reads less of it). A tag is split only
when at least one part is a known skill and no unknown part is a fragment of two letters or fewer ("iOS", "JavaFX"
and "LinkedIn" stay as written), so a product name in camel case that the taxonomy does not know is left alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

# "+3 more", "+ 12 More": how a board says it showed only the first skills of a longer list.
_MORE = r"\s*\+\s*(\d+)\s*more\s*$"  # the one pattern for Python (`without_more`) and polars (the report's count)
MORE_SUFFIX = re.compile(_MORE, re.IGNORECASE)
# Where two names were glued: a lower-case letter (or a closing bracket, + or #) then a capital; a capital then a
# capitalised word ("APIStripe"); a lower-case letter then a number that begins a name ("Programming3D Modeling") or
# a dot that does (".NET"); a number then a capitalised word ("ES6React").
_JOINS = re.compile(
    r"(?<=[a-z\)\]+#])(?=[A-Z])"
    r"|(?<=[A-Z])(?=[A-Z][a-z])"
    r"|(?<=[a-z])(?=\d+[A-Z])"
    r"|(?<=[a-z])(?=\.[A-Z])"
    r"|(?<=\d)(?=[A-Z][a-z])"
)
# Where two names may be glued with nothing to show it: inside a run of capitals ("HTML|CSS") and before a name that
# starts in lower case ("JavaScript|jQuery"). Cut there only where the cut lets the taxonomy read more.
_MAYBE = re.compile(r"(?<=[A-Z])(?=[A-Z])|(?<=[a-z])(?=[a-z][A-Z])")
# Names written in camel case that the taxonomy does not hold (it holds PowerPoint, AutoCAD, WordPress, ...): never
# cut inside them, whatever they run into ("LinkedIn MarketingExcel" is "LinkedIn Marketing" and Excel).
CAMEL_NAMES = (
    "LinkedIn",
    "YouTube",
    "WhatsApp",
    "HubSpot",
    "QuickBooks",
    "DevOps",
    "DevSecOps",
    "SecOps",
    "GitLab",
    "LaTeX",
    "PayPal",
    "eBay",
    "iPhone",
    "iPad",
    "iOS",
    "macOS",
    "watchOS",
    "tvOS",
    "OneDrive",
    "OneNote",
    "MailChimp",
    "WooCommerce",
    "ClickUp",
    "FinTech",
    "EdTech",
    "HealthTech",
    "SaaS",
    "PaaS",
    "IaaS",
    "PhD",
    "McKinsey",
    "BigQuery",
    "DynamoDB",
    "CouchDB",
    "GraphQL",
    "OpenAI",
    "ChatGPT",
    "LangChain",
    "LlamaIndex",
    "HuggingFace",
    "SciPy",
    "PySpark",
    "WebGL",
    "WebRTC",
    "WebSockets",
    "SketchUp",
    "ArcGIS",
    "QGIS",
    "CorelDRAW",
    "InDesign",
    "PowerApps",
    "PowerShell",
    "ServiceNow",
    "SuccessFactors",
    "NetSuite",
    "GoDaddy",
)
_CAMEL = re.compile("|".join(re.escape(name) for name in sorted(CAMEL_NAMES, key=len, reverse=True)))
_SHORT = 2  # an unknown part with this many letters or fewer is a fragment of one name, not a name
_MAX_CUTS = 60  # a longer run is not a skill list (a sentence in camel case): left as written
_LONGEST_NAME = 80  # no known name is longer (the taxonomy's longest form has 52 characters)
_MAX_SPAN = 8  # a part spans at most this many cuts ("Natural Language Processing (NLP)" spans none): linear time


def cuts_inside(name: str) -> bool:
    """Whether the splitting would see a cut inside `name` ("JavaScript", "HTML"): such a known name is kept whole."""
    return bool(_JOINS.search(name) or _MAYBE.search(name))


def has_join(tag: str) -> bool:
    """Whether `tag` has a place where two names may have been glued (a word meeting a capital with no space)."""
    return _JOINS.search(tag) is not None


def without_more(tag: str) -> str:
    """`tag` without a trailing "+N more"."""
    return MORE_SUFFIX.sub("", tag)


@dataclass(frozen=True)
class Names:
    """What the splitting knows of names: `known` gives a name's canonical skill or None, `could_begin` whether some
    known name begins with a text (False prunes every longer part), `lower_led` finds the known names that start in
    lower case ("scikit-learn")."""

    known: Callable[[str], str | None]
    could_begin: Callable[[str], bool] = lambda text: True
    lower_led: re.Pattern[str] | None = None
    # The known names written with capitals inside ("JavaScript", "PostgreSQL"): never cut inside them, so a tag such
    # as "JavaScript Frameworks" is not read as Java and "Script Frameworks".
    whole: re.Pattern[str] | None = None
    # Where the column has shown that its names run together: a run of names none of which is known is cut at its
    # sure joins too ("Social Media MarketingContent Writing"); otherwise such a tag could be one product's name.
    trust_joins: bool = False


def split_run_together(tag: str, names: Names) -> list[str] | None:
    """The names in `tag` where several were written without separators (as written), or None when `tag` does not
    read as such a run."""
    return _split(tag.strip(), names)


@lru_cache(maxsize=65536)
def _split(tag: str, names: Names) -> list[str] | None:
    known, lower_led = names.known, names.lower_led
    kept = _uncuttable(tag, names.whole)
    joins = {match.start() for match in _JOINS.finditer(tag)}
    if lower_led is not None:  # "Data Science|scikit-learn": a known name in lower case glued to a word before it
        joins.update(match.start() for match in lower_led.finditer(tag) if _glued(tag, match.start(), match.end()))
    joins.update(match.start() for match in _CAMEL.finditer(tag) if _glued(tag, match.start(), match.end()))
    joins -= kept
    maybe = {match.start() for match in _MAYBE.finditer(tag)} - joins - kept
    if not joins and not maybe:
        return None
    cuts = sorted({0, len(tag), *joins, *maybe})
    if len(cuts) > _MAX_CUTS:
        return None
    # The best reading of tag[:cuts[j]]: (characters read as known skills, - known parts, sure cuts made, - unsure cuts
    # made), its parts; more known text first, read in as few names as may be ("AngularJS", not Angular and JS), then
    # every sure cut, then as few unsure ones as that needs.
    best: list[tuple[tuple[int, int, int, int], list[str]] | None] = [None] * len(cuts)
    best[0] = ((0, 0, 0, 0), [])
    sure_upto = list(itertools.accumulate(cut in joins for cut in cuts))  # sure cuts among cuts[0..j]
    for end in range(1, len(cuts)):
        for start in range(max(end - _MAX_SPAN, 0), end):
            before = best[start]
            part = tag[cuts[start] : cuts[end]].strip()
            # A part across two sure cuts or more is read only as a known name ("PostgreSQL" has one, "REST APIs"
            # none): where no known name begins so, there is nothing to look up (linear time on long runs).
            across = sure_upto[end - 1] - sure_upto[start]
            if across >= 2 and not names.could_begin(tag[cuts[start] : cuts[end - 1]]):
                continue
            read = None if before is None else _reading(part, known)
            if before is None or read is None:
                continue
            sure = cuts[start] in joins
            unsure = start > 0 and not sure
            # A cut no letter case shows makes no part of two letters or fewer: "STLC" is no "STL" and C. A short
            # name follows another known name only: "NestJS" is no "Nest" and JavaScript, "RPython" is R and Python.
            if _letters(part) <= _SHORT and (
                unsure or cuts[end] in maybe or (start > 0 and _reading(before[1][-1], known) == 0)
            ):
                continue
            (known_chars, known_parts, sure_cuts, unsure_cuts), parts = before
            score = (known_chars + read, known_parts - (read > 0), sure_cuts + sure, unsure_cuts - unsure)
            current = best[end]
            if current is None or score > current[0]:
                best[end] = (score, [*parts, part])
    found = best[-1]
    if found is None or len(found[1]) < 2 or (found[0][0] == 0 and not names.trust_joins):
        return None
    if not joins and any(known(part) is None for part in found[1]):
        return None  # only cuts no letter case shows ("HTMLCSS"): every part must be a known name
    return found[1]


def _glued(tag: str, start: int, end: int) -> bool:
    """Whether the name at tag[start:end] follows a word with nothing between and ends where a name may end."""
    return start > 0 and tag[start - 1].isalpha() and (end == len(tag) or not tag[end].islower())


def _uncuttable(tag: str, whole: re.Pattern[str] | None) -> set[int]:
    """The positions no cut may fall on: inside brackets ("(NLP)", "(Spoken)"), inside `CAMEL_NAMES` and inside the
    known names `whole` finds."""
    inside: set[int] = set()
    depth = 0
    for at, character in enumerate(tag):
        if depth > 0:
            inside.add(at)
        depth = max(depth + (character in "([") - (character in ")]"), 0)
    for pattern in (_CAMEL, whole):
        for match in pattern.finditer(tag) if pattern is not None else ():
            inside.update(range(match.start() + 1, match.end()))
    return inside


@lru_cache(maxsize=65536)
def _reading(part: str, known: Callable[[str], str | None]) -> int | None:
    """How many characters of `part` the taxonomy reads (all or none); None for a fragment that cannot stand alone."""
    if not part:
        return None
    if len(part) > _LONGEST_NAME:
        return 0  # longer than any known name: nothing to look up
    if known(part) is not None or (part.endswith(")") and known(_outside_brackets(part)) is not None):
        return len(part)
    return None if _letters(part) <= _SHORT else 0


def _letters(part: str) -> int:
    return 0 if not part else len(part) if len(part) > 8 else sum(character.isalpha() for character in part)


_LAST_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")


def _outside_brackets(part: str) -> str:
    """ "Natural Language Processing (NLP)" -> "Natural Language Processing"."""
    return _LAST_BRACKETS.sub("", part)


def readable(part: str, known: Callable[[str], str | None]) -> str | None:
    """The canonical skill of one part of a split run, its bracketed abbreviation dropped when that reads it."""
    return known(part) or known(_outside_brackets(part))


def skill_list_notes(cells: pl.Series, skills: pl.Series) -> list[str]:
    """The load report's notes on a skills column (`cells` as read, `skills` the lists made of them, row for row):
    how many rows ran their names together and were told apart, and how many list only their first skills."""
    if cells.dtype != pl.String:
        return []
    text = cells.str.strip_chars()
    shown = skills.list.len().fill_null(0)
    notes = []
    # One tag (no separator at all) that gave several skills: written without separators, told apart here.
    run = text.str.contains(r"[;,|\n/]").not_() & (shown >= 2)
    if run.any():
        runs = text.filter(run)
        example = runs[int(runs.str.len_chars().arg_min() or 0)]  # the shortest reads best in a sentence
        notes.append(
            f"{int(run.sum()):,} row(s) wrote their skills without separators (e.g. {str(example)[:60]!r}): they were "
            "told apart by the skill names the taxonomy knows; a name it does not know was kept whole."
        )
    more = text.str.extract(f"(?i){_MORE}").cast(pl.Int64, strict=False)
    if more.is_not_null().any():
        notes.append(
            f'{int(more.is_not_null().sum()):,} row(s) list only their first skills and end with "+N more" '
            f"({int(more.sum() or 0):,} skills in all are not in the file): those openings may ask for more than "
            "their skills show."
        )
    return notes
