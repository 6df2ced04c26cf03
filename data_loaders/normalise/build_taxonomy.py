"""Build `skills_taxonomy.csv` from our curated list, enriched with aliases from two open sources.

Run from the project root: `.venv/bin/python -m data_loaders.normalise.build_taxonomy [REALDATA]`
(REALDATA defaults to ../shared/realdata). Runtime never needs the sources: the CSV is committed.

- GitHub Linguist `languages.yml` (MIT, (c) 2017 GitHub, Inc.): language aliases (golang → Go).
- O*NET 29.2 `Technology Skills.txt` (CC BY 4.0, U.S. Department of Labor/ETA): vendor product
  names ("Microsoft Excel" → Excel, "Oracle Java" → Java, "Structured query language SQL" → SQL).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import TypedDict

import yaml

from data_loaders.normalise.skills_curated import CURATED

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "skills_taxonomy.csv"
HEADER = (
    "# Internship Insights skills taxonomy: skill, category, aliases (';'-joined).\n"
    "# Curated by the project; aliases enriched by build_taxonomy.py from GitHub Linguist languages.yml\n"
    "# (MIT, Copyright (c) 2017 GitHub, Inc.) and O*NET 29.2 Technology Skills (CC BY 4.0,\n"
    "# U.S. Department of Labor, Employment and Training Administration). See skills_taxonomy.NOTICE.md.\n"
)
# Linguist names that differ from ours.
# Linguist aliases that are file extensions, build tools or jokes rather than what people write.
LINGUIST_SKIP = {"rusthon", "cake", "cakescript", "inc", "rake", "rs", "envrc", "octave", "rbx", "posh"}
LINGUIST_NAMES = {"Shell": "Bash", "Vue": "Vue", "Jupyter Notebook": "Jupyter", "Objective-C": "Objective-C"}
# O*NET examples start with a vendor and end with a product noun we do not need.
VENDORS = re.compile(
    r"^(microsoft|oracle|apache|amazon|google|ibm|adobe|sun microsystems|the mathworks|the|sap|apple|atlassian|"
    r"autodesk|dassault systemes|jetbrains|national instruments|esri|red hat)\s+",
    re.I,
)
SUFFIXES = re.compile(r"\s+(software|programming language|language|database|framework|platform|library)$", re.I)


class Row(TypedDict):
    """One skill of the taxonomy: its name, category and aliases (first-seen order)."""

    skill: str
    category: str
    aliases: list[str]


def parse_curated() -> list[Row]:
    """Our curated rows: skill, category, aliases (list, first-seen order)."""
    rows: list[Row] = []
    for line in CURATED.strip().splitlines():
        skill, category, aliases = line.split("|")
        rows.append({"skill": skill, "category": category, "aliases": [a for a in aliases.split(";") if a]})
    return rows


def _owner_of(rows: list[Row]) -> dict[str, str]:
    owner: dict[str, str] = {}
    for row in rows:
        for name in [row["skill"], *row["aliases"]]:
            owner.setdefault(name.casefold(), row["skill"])
    return owner


def add_linguist_aliases(rows: list[Row], path: Path) -> int:
    """Add Linguist aliases of languages we list; an alias another skill owns stays with it."""
    languages = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_skill = {row["skill"]: row for row in rows}
    owner = _owner_of(rows)
    added = 0
    for name, entry in languages.items():
        skill = LINGUIST_NAMES.get(name, name)
        row = by_skill.get(skill)
        # Only programming languages: Linguist's data-format aliases (geojson → JSON) are file types.
        if row is None or row["category"] != "language":
            continue
        for alias in entry.get("aliases") or []:
            if alias.casefold() in owner or alias.casefold() in LINGUIST_SKIP:
                continue  # e.g. Linguist's node → JavaScript; for us Node is Node.js
            row["aliases"].append(alias)
            owner[alias.casefold()] = skill
            added += 1
    return added


def _onet_candidates(example: str, exact_forms: set[str]) -> list[str]:
    candidates = [example]
    stripped = example
    while VENDORS.match(stripped):
        stripped = VENDORS.sub("", stripped, count=1)
    candidates.append(stripped)
    candidates.append(SUFFIXES.sub("", stripped))
    for name in (example, SUFFIXES.sub("", example)):
        words = name.split()
        last = words[-1]
        # "Structured query language SQL" → SQL, "Amazon Web Services AWS" → AWS: a spelled-out
        # name followed by its acronym. Not "Windent SQL": another product that uses SQL.
        initials = "".join(w[0] for w in words[:-1]).upper()
        spelled_out = len(words) >= 3 and all(w.islower() for w in words[1:-1]) and words[0][0].upper() == last[0]
        # The acronym must be written exactly as one of our names ("SQL"), so "… REACT software"
        # (a real-estate product) does not become React.
        if last in exact_forms and last.isupper() and len(last) >= 2 and (spelled_out or initials == last):
            candidates.append(last)
    return candidates


def add_onet_aliases(rows: list[Row], path: Path) -> int:
    """Add O*NET product names whose core matches one of our skills as aliases of that skill."""
    by_skill = {row["skill"]: row for row in rows}
    owner = _owner_of(rows)
    exact_forms = {name for row in rows for name in [row["skill"], *row["aliases"]]}
    with open(path, encoding="utf-8", newline="") as handle:
        examples = sorted({r["Example"].strip() for r in csv.DictReader(handle, delimiter="\t")})
    added = 0
    for example in examples:
        if example.casefold() in owner or len(example) > 60:
            continue
        skill = next(
            (owner[c.casefold()] for c in _onet_candidates(example, exact_forms) if c.casefold() in owner), None
        )
        if skill is None:
            continue
        by_skill[skill]["aliases"].append(example)
        owner[example.casefold()] = skill
        added += 1
    return added


def write_taxonomy(rows: list[Row], path: Path = OUTPUT) -> None:
    """Write the taxonomy CSV with its attribution header."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle)
        writer.writerow(["skill", "category", "aliases"])
        for row in rows:
            writer.writerow([row["skill"], row["category"], ";".join(row["aliases"])])


def main(argv: list[str]) -> None:
    """Build the CSV from the curated list and the two sources under REALDATA."""
    realdata = Path(argv[0]) if argv else HERE.parents[2] / "shared" / "realdata"
    rows = parse_curated()
    linguist = add_linguist_aliases(rows, realdata / "linguist-languages" / "languages.yml")
    onet = add_onet_aliases(rows, realdata / "onet-technology-skills" / "Technology Skills.txt")
    write_taxonomy(rows)
    print(f"{len(rows)} skills; {linguist} aliases from Linguist, {onet} from O*NET → {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
