"""FilterSpec <-> URL query parameters; a bad value in a link is dropped with a note, never raised.

Keys (stable, short): field, country, region, city, mode, skill, skill_mode, company, term,
pay_min, pay_max, within, sponsor, all ("1" = include closed listings), remote ("0" = do not
add remote openings to a region/city filter), q. Multi-valued keys are always emitted as lists.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from analytics.display_names import match_values, resolve_country, resolve_region, suggest_place
from analytics.filter_keys import BY_KEY, MULTI_FILTERS
from analytics.filters import FilterSpec
from data_loaders.schema import FIELDS, SPONSORSHIP, WORK_MODES

# key -> FilterSpec attribute for the multi-valued parameters, in link order (from analytics/filter_keys.py).
MULTI_KEYS: dict[str, str] = {item.key: item.attribute for item in MULTI_FILTERS}
#: Every key a FilterSpec link may carry.
FILTER_KEYS: frozenset[str] = frozenset(
    {*MULTI_KEYS, "skill_mode", "pay_min", "pay_max", "within", "all", "remote", "q"}
)
# Names people type by hand (the canonical column names) -> the link key that means it.
_KEY_HINTS: dict[str, str] = {
    "fields": "field",
    "countries": "country",
    "regions": "region",
    "state": "region",
    "cities": "city",
    "work_mode": "mode",
    "work_modes": "mode",
    "remote_mode": "mode",
    "skills": "skill",
    "companies": "company",
    "terms": "term",
    "season": "term",
    "sponsorship": "sponsor",
    "visa": "sponsor",
    "search": "q",
    "posted_within": "within",
    "days": "within",
    "min_pay": "pay_min",
    "max_pay": "pay_max",
}
_CHOICES: dict[str, tuple[str, ...]] = {"field": FIELDS, "mode": WORK_MODES, "sponsor": SPONSORSHIP}
_WHAT = {"field": "field", "mode": "work mode", "sponsor": "sponsorship value"}
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
MAX_SEARCH_LENGTH = 200
# Upper bounds for numbers in links: pay in US dollars an hour (the loaders' own plausibility cap) and days.
NUMBER_LIMITS: dict[str, float] = {"pay_min": 1000.0, "pay_max": 1000.0, "within": 3650.0}
# Link key -> (FilterSpec attribute, what it is) for the values checked against the data's own values, in the order
# their notes are given.
DATA_KEYS: dict[str, tuple[str, str]] = {
    key: (BY_KEY[key].attribute, str(BY_KEY[key].checked_as))
    for key in ("country", "region", "city", "term", "skill", "company")
}


def _number(value: float) -> str:
    """20.0 -> '20', 20.5 -> '20.5' (repr keeps every float exact for the round trip)."""
    return str(int(value)) if value.is_integer() else repr(value)


def spec_to_params(spec: FilterSpec) -> dict[str, str | list[str]]:
    """Short, stable URL parameters for the non-default parts of `spec`."""
    params: dict[str, str | list[str]] = {}
    for key, attribute in MULTI_KEYS.items():
        values = getattr(spec, attribute)
        if values:
            params[key] = list(values)
        if key == "skill" and spec.skills_mode == "all":
            params["skill_mode"] = "all"
    if spec.pay_min is not None:
        params["pay_min"] = _number(spec.pay_min)
    if spec.pay_max is not None:
        params["pay_max"] = _number(spec.pay_max)
    if spec.posted_within_days is not None:
        params["within"] = str(spec.posted_within_days)
    if not spec.active_only:
        params["all"] = "1"
    if not spec.include_remote:
        params["remote"] = "0"
    if spec.search:
        params["q"] = spec.search
    return params


def _values(raw: str | Sequence[str] | None) -> list[str]:
    """Every non-empty value of a parameter, whether given as one string or a list."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [str(item).strip() for item in items if str(item).strip()]


def _not_a_place(value: str, kind: str, name: str, code: str) -> str:
    """Why a region or country in a link was not read: "did you mean" the closest name, or how to write one."""
    meant = suggest_place(value, kind)
    if meant is not None:
        return f"not a {kind} (did you mean {meant}?)"
    return f"not a {kind} (use a name such as {name} or a code such as {code})"


def _ignored(key: str, value: str, why: str) -> str:
    """The note shown for a dropped value."""
    return f"Ignored {key}={value} in the link: {why}"


def _parse_number(key: str, raw: str | Sequence[str] | None, notes: list[str], *, integer: bool) -> float | None:
    """The last value of `key` as a non-negative number, or None with a note."""
    values = _values(raw)
    if not values:
        return None
    value = values[-1]
    try:
        number = float(value.replace(",", "").lstrip("$"))
    except ValueError:
        notes.append(_ignored(key, value, "not a number"))
        return None
    if not math.isfinite(number) or number < 0:
        notes.append(_ignored(key, value, "must be zero or more"))
        return None
    limit = NUMBER_LIMITS.get(key)
    if limit is not None and number > limit:
        notes.append(_ignored(key, value[:20] + ("…" if len(value) > 20 else ""), f"must be at most {_number(limit)}"))
        return None
    if integer and not number.is_integer():
        notes.append(_ignored(key, value, "must be a whole number of days"))
        return None
    return number


def _parse_multi(key: str, raw: str | Sequence[str] | None, notes: list[str]) -> list[str]:
    """Validated values of a multi-valued key (choices matched case-insensitively)."""
    kept: list[str] = []
    for value in _values(raw):
        if key in _CHOICES:
            lookup = {choice.lower(): choice for choice in _CHOICES[key]}
            match = lookup.get(value.lower())
            if match is None:
                notes.append(_ignored(key, value, f"not a known {_WHAT[key]} (choose from {', '.join(_CHOICES[key])})"))
                continue
            value = match
        elif key == "country":
            code = resolve_country(value) or (value.upper() if _COUNTRY.match(value.upper()) else None)
            if code is None:
                notes.append(_ignored(key, value, _not_a_place(value, "country", "Canada", "CA")))
                continue
            value = code
        elif key == "region":
            code = resolve_region(value) or (value.upper() if _REGION.match(value.upper()) else None)
            if code is None:
                notes.append(_ignored(key, value, _not_a_place(value, "region", "Virginia", "US-VA")))
                continue
            value = code
        kept.append(value)
    return kept


def _parse_flag(key: str, raw: str | Sequence[str] | None, notes: list[str], default: bool) -> bool:
    """A '1'/'0' (or true/false, yes/no) flag; anything else is noted and the default kept."""
    values = _values(raw)
    if not values:
        return default
    value = values[-1].lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    notes.append(_ignored(key, values[-1], "expected 1 or 0"))
    return default


def params_to_spec(params: Mapping[str, str | Sequence[str]]) -> tuple[FilterSpec, list[str]]:
    """Parse URL parameters into a FilterSpec plus notes for every ignored value; unknown keys are left alone."""
    notes: list[str] = []
    values: dict[str, Any] = {}  # FilterSpec's fields, each of its own type
    for key, attribute in MULTI_KEYS.items():
        values[attribute] = tuple(_parse_multi(key, params.get(key), notes))
    mode_values = _values(params.get("skill_mode"))
    values["skills_mode"] = "any"
    if mode_values:
        if mode_values[-1].lower() in ("any", "all"):
            values["skills_mode"] = mode_values[-1].lower()
        else:
            notes.append(_ignored("skill_mode", mode_values[-1], "expected any or all"))
    pay_min = _parse_number("pay_min", params.get("pay_min"), notes, integer=False)
    pay_max = _parse_number("pay_max", params.get("pay_max"), notes, integer=False)
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        notes.append(_ignored("pay_max", _number(pay_max), f"below pay_min={_number(pay_min)}"))
        pay_max = None
    values["pay_min"], values["pay_max"] = pay_min, pay_max
    within = _parse_number("within", params.get("within"), notes, integer=True)
    values["posted_within_days"] = None if within is None else int(within)
    values["active_only"] = not _parse_flag("all", params.get("all"), notes, default=False)
    values["include_remote"] = _parse_flag("remote", params.get("remote"), notes, default=True)
    search = _values(params.get("q"))
    values["search"] = search[-1][:MAX_SEARCH_LENGTH] if search else ""
    if search and len(search[-1]) > MAX_SEARCH_LENGTH:
        notes.append(f"Shortened q in the link to its first {MAX_SEARCH_LENGTH} characters")
    return FilterSpec(**values), notes


def check_against_data(spec: FilterSpec, options: Mapping[str, Sequence[str]]) -> tuple[FilterSpec, list[str]]:
    """Drop link values the data does not have (skill=pyhton, region=US-ZZ), each with a "did you mean" note.

    `options` holds every value the data has per FilterSpec attribute (e.g. `available_options` over all
    listings); a value matching one case-insensitively is kept in the data's spelling.
    """
    notes: list[str] = []
    changes: dict[str, tuple[str, ...]] = {}
    for key, (attribute, what) in DATA_KEYS.items():
        values = getattr(spec, attribute)
        if not values or attribute not in options:
            continue
        kept, dropped = match_values(values, options[attribute], attribute, what, key)
        notes += dropped
        if kept != values:
            changes[attribute] = kept
    return (spec.with_changes(**changes) if changes else spec), notes


def unknown_key_notes(params: Mapping[str, str | Sequence[str]], known: frozenset[str] | set[str]) -> list[str]:
    """A note for each link parameter that neither the filters nor any page reads, with a likely meant key."""
    notes = []
    for key in sorted(params):
        if key in known or key in FILTER_KEYS:
            continue
        shown = ", ".join(_values(params[key])) or "(empty)"
        meant = _KEY_HINTS.get(key.casefold()) or next(
            iter(difflib.get_close_matches(key, sorted(FILTER_KEYS), n=1)), None
        )
        hint = f" (did you mean {meant}?)" if meant else ""
        notes.append(_ignored(key, shown, f"not a parameter this dashboard reads{hint}"))
    return notes
