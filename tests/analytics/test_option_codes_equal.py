"""Filter options counted as integer codes (analytics/option_parts.py) are the options a plain reading gives.

Random listings with null and unknown `active`, null fields, null lists, empty lists, null entries inside lists,
repeated skills, letters whose case or accent sorts them apart, and frames whose listings are all closed: the options
of every path the dashboard takes (the option frame's categoricals, the skills from the frame's skill codes, the rows
a caller keeps) must equal a reference written in plain Python, order included. The Overview's top skills taken from
the codes of the whole frame (one unbroken run of rows, the shared sample's open listings) must equal the top skills
of the filtered frame itself.
"""

from __future__ import annotations

import functools
import random
from collections import Counter
from typing import Any

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import skills_demand
from analytics.filter_steps import filter_rows
from analytics.filters import FilterSpec, available_options, option_frame, term_order
from analytics.option_parts import skill_options, values_at
from analytics.skill_code_table import SkillCodes, skill_codes, take
from tests.analytics import skills_demand_before as old

FIELDS = ["Software Engineering", "Data Science", "Émile", "zeta", "Zeta", None]
PLACES = {"US": ["US-CA", "US-NY", "US-TX"], "CA": ["CA-ON", "CA-QC"], "GB": ["GB-ENG"]}
CITIES = ["Austin", "Zürich", "austin", "Montréal", "Ōsaka"]
TERMS = ["Summer 2026", "Fall 2026", "Summer", "Winter 2027"]
SKILLS = ["Python", "SQL", "Go", "go", "Rust", "C", "Émacs"]
LISTS = {"countries": list(PLACES), "cities": CITIES, "terms": TERMS, "skills": SKILLS}


def _a_list(rng: random.Random, values: list[str]) -> list[str | None] | None:
    """A null list, an empty list, or a few values (repeats and a null entry now and then)."""
    roll = rng.random()
    if roll < 0.07:
        return None
    if roll < 0.15:
        return []
    items: list[str | None] = rng.choices(values, k=rng.randint(1, 3))
    if rng.random() < 0.08:
        items.append(None)
    return items


def random_listings(seed: int, n: int = 400, *, closed_only: bool = False, open_first: bool = False) -> pl.DataFrame:
    """Listings with the awkward cases of the module docstring."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for _ in range(n):
        row: dict[str, Any] = {name: _a_list(rng, values) for name, values in LISTS.items()}
        countries = [c for c in row["countries"] or [] if c is not None]
        regions = [r for c in countries for r in PLACES[c] if rng.random() < 0.5]
        row["regions"] = None if rng.random() < 0.05 else regions
        row["field"] = rng.choice(FIELDS)
        row["work_mode"] = rng.choice(["remote", "onsite", "hybrid", None])
        row["company"] = rng.choice(["Acme", "acme", "Ōmega", "Beta", None])
        row["active"] = False if closed_only else rng.choice([True, True, False, None])
        rows.append(row)
    schema: dict[str, pl.DataType] = {name: pl.List(pl.String) for name in (*LISTS, "regions")}
    schema |= {"field": pl.String(), "work_mode": pl.String(), "company": pl.String(), "active": pl.Boolean()}
    frame = pl.DataFrame(rows, schema=schema)
    if open_first:  # the shared sample's order: open listings first, one unbroken run of rows
        frame = frame.sort(pl.col("active").fill_null(True), descending=True, maintain_order=True)
    return frame


def _values(rows: list[dict[str, Any]], column: str) -> list[str]:
    """The distinct non-null values of `column` over `rows` (entries of lists), alphabetical by code point."""
    found: set[str] = set()
    for row in rows:
        value = row[column]
        found.update(v for v in (value if isinstance(value, list) else [value]) if v is not None)
    return sorted(found)  # UTF-8 byte order (polars) is code point order (Python)


def _overlap(row: dict[str, Any], column: str, chosen: tuple[str, ...]) -> bool:
    return any(value in chosen for value in row[column] or [])


def reference_options(listings: pl.DataFrame, spec: FilterSpec) -> dict[str, list[str]]:
    """The options of `spec` read row by row (the meaning of `available_options`, written plainly)."""
    rows = [row for row in listings.to_dicts() if not spec.active_only or row["active"] is not False]
    options = {"fields": _values(rows, "field")}
    if spec.fields:
        rows = [row for row in rows if row["field"] in spec.fields]
    options["countries"] = _values(rows, "countries")
    if spec.countries:
        rows = [row for row in rows if _overlap(row, "countries", spec.countries)]
        options["regions"] = [r for r in _values(rows, "regions") if r.split("-")[0] in spec.countries]
    else:
        options["regions"] = _values(rows, "regions")
    if spec.regions:
        rows = [row for row in rows if _overlap(row, "regions", spec.regions)]
    options["cities"] = _values(rows, "cities")
    if spec.cities:
        rows = [row for row in rows if _overlap(row, "cities", spec.cities)]
    options["work_modes"] = _values(rows, "work_mode")
    options["companies"] = _values(rows, "company")
    options["terms"] = sorted(_values(rows, "terms"), key=term_order)
    counts = Counter(skill for row in rows for skill in row["skills"] or [] if skill is not None)
    options["skills"] = sorted(counts, key=lambda skill: (-counts[skill], skill))
    for key, values in options.items():
        values.extend(value for value in getattr(spec, key) if value not in values)
    return options


SPECS = [
    FilterSpec(),
    FilterSpec(active_only=False),
    FilterSpec(fields=("Data Science",)),
    FilterSpec(fields=("zeta", "Émile"), active_only=False),
    FilterSpec(countries=("US",)),
    FilterSpec(fields=("Software Engineering",), countries=("CA", "GB")),
    FilterSpec(countries=("US",), regions=("US-CA", "US-TX")),
    FilterSpec(regions=("CA-ON",), cities=("Montréal", "austin")),
    FilterSpec(fields=("Not a field",), countries=("ZZ",), skills=("Nope",)),  # chosen values the data lacks
]
FRAMES = [
    ("mixed", lambda seed: random_listings(seed)),
    ("open first", lambda seed: random_listings(seed, open_first=True)),
    ("closed only", lambda seed: random_listings(seed, closed_only=True)),
    ("empty", lambda seed: random_listings(seed).clear()),
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("kind", "make"), FRAMES, ids=[kind for kind, _ in FRAMES])
def test_every_options_path_gives_the_plain_options(seed: int, kind: str, make: Any) -> None:
    listings = make(seed)
    codes = skill_codes(listings)
    for spec in SPECS:
        expected = reference_options(listings, spec)
        assert available_options(listings, spec) == expected, (kind, spec)
        assert available_options(listings, spec, option_frame(listings)) == expected, (kind, spec)
        frame = option_frame(listings, skills=False)
        assert "skills" not in frame.columns
        assert available_options(listings, spec, frame, skills=codes) == expected, (kind, spec)
        rows_of = lambda s: filter_rows(listings, s)  # noqa: E731 - the dashboard's kept rows
        assert available_options(listings, spec, frame, rows_of, None, codes) == expected, (kind, spec)


def test_a_filter_that_adds_categories_leaves_the_options_as_they_were() -> None:
    """A filter's `is_in` adds the values it looks for to the option frame's categories; none of them is an option."""
    listings = random_listings(7)
    frame = option_frame(listings, skills=False)
    before = values_at(frame, "field", None)
    available_options(
        listings, FilterSpec(fields=("Never seen",), countries=("QQ",)), frame, skills=skill_codes(listings)
    )
    assert (
        values_at(frame, "field", None)
        == before
        == reference_options(listings, FilterSpec(active_only=False))["fields"]
    )
    assert "Never seen" not in values_at(frame, "field", None)


def test_a_frame_without_skills_fails_as_before() -> None:
    listings = random_listings(2).drop("skills")
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        available_options(listings, FilterSpec())
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        available_options(listings, FilterSpec(), option_frame(listings))
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        skill_codes(listings)


def _taken(codes: SkillCodes, rows: pl.Series | None, frame: pl.DataFrame) -> SkillCodes:
    """The dashboard's `code_skills` hook: the rows' part of the whole frame's codes."""
    return take(codes, rows)


@pytest.mark.parametrize("seed", range(4))
def test_top_skills_from_the_whole_frame_s_codes_are_the_filtered_frame_s(seed: int) -> None:
    listings = random_listings(seed, open_first=True)
    codes = skill_codes(listings)
    for spec in (FilterSpec(), FilterSpec(fields=("Data Science",)), FilterSpec(active_only=False)):
        rows = filter_rows(listings, spec)
        frame = spec.apply(listings)
        hooked = skills_demand.top_skills(frame, k=15, code_skills=functools.partial(_taken, codes, rows))
        assert_frame_equal(hooked, old.top_skills(frame, k=15))
        assert_frame_equal(skills_demand.top_skills(frame, k=15), old.top_skills(frame, k=15))
        assert skill_options(codes, rows) == reference_options(listings, spec)["skills"]


def test_a_run_of_rows_is_taken_as_a_view_and_a_shuffled_run_is_not() -> None:
    listings = random_listings(5)
    codes = skill_codes(listings)
    for rows in (np.arange(10, 200), np.array([0, 2, 1, 3]), np.array([3, 4, 5]), np.array([], dtype=np.int64)):
        taken, direct = take(codes, rows), skill_codes(listings[rows])
        assert np.array_equal(taken.offsets, direct.offsets) and np.array_equal(taken.listed, direct.listed)
        assert taken.names.gather(taken.codes).to_list() == direct.names.gather(direct.codes).to_list()
    view = take(codes, np.arange(10, 200))
    assert np.shares_memory(view.codes, codes.codes)
