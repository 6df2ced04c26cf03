"""Words for codes: what a person reads and types for a region, country, work mode or sponsorship value.

Codes (US-VA, GB, citizens_only) stay in the data and in URLs; every label a person reads comes from
here, and every value a person (or a hand-edited link) types is resolved back to its code here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence

from data_loaders.normalise.regions import COUNTRY_ALIASES, COUNTRY_NAMES, REGION_ALIASES, REGION_CODES, REGION_NAMES

WORK_MODE_NAMES: dict[str, str] = {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote", "unknown": "Not stated"}
SPONSORSHIP_NAMES: dict[str, str] = {
    "offers": "Offers visa sponsorship",
    "none": "No visa sponsorship",
    "citizens_only": "Citizens only",
    "unknown": "Not stated",
}
# Countries whose subdivisions people write as bare two-letter codes (VA, ON): shown beside the name.
_CODE_COUNTRIES = ("US", "CA")


def country_name(code: str) -> str:
    """'GB' -> 'United Kingdom'; an unknown code is returned as it is."""
    return COUNTRY_NAMES.get(code, code)


def region_name(code: str) -> str:
    """'US-VA' -> 'Virginia'; an unknown code is returned as it is."""
    return REGION_NAMES.get(code, code)


# Place names read with "the" in a sentence ("in the United States"), never in a filter option's label.
_WITH_ARTICLE = frozenset({"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Seychelles", "Comoros"})
_ARTICLE_WORDS = ("United ", "Republic", "Kingdom", "Emirates", "Islands", "Territories", "Territory")


def in_sentence(name: str) -> str:
    """A place name as running text: 'United States' -> 'the United States', 'Canada' -> 'Canada'."""
    if name in _WITH_ARTICLE or name.startswith("United ") or any(word in name for word in _ARTICLE_WORDS[1:]):
        return f"the {name}"
    return name


def country_in_sentence(code: str) -> str:
    """'US' -> 'the United States', 'NL' -> 'the Netherlands', 'DE' -> 'Germany' (a code it does not know: itself)."""
    return in_sentence(country_name(code)) if code in COUNTRY_NAMES else code


def region_in_sentence(code: str) -> str:
    """'US-VA' -> 'Virginia', 'IN-AN' -> 'the Andaman and Nicobar Islands' (an unknown code: itself)."""
    return in_sentence(region_name(code)) if code in REGION_NAMES else code


def region_label(code: str) -> str:
    """A region as people read and search it: 'Virginia (VA)', 'Ontario (ON)', 'England, United Kingdom'."""
    name = REGION_NAMES.get(code)
    if name is None:
        return code
    country, _, sub = code.partition("-")
    if country in _CODE_COUNTRIES:
        return f"{name} ({sub})"
    return f"{name}, {country_name(country)}"


# FilterSpec attribute -> the label of one of its values (attributes not listed show the value itself).
_LABELLERS: dict[str, Callable[[str], str]] = {
    "regions": region_label,
    "countries": country_name,
    "work_modes": lambda value: WORK_MODE_NAMES.get(value, value),
    "sponsorship": lambda value: SPONSORSHIP_NAMES.get(value, value),
}


def option_label(attribute: str, value: str) -> str:
    """The label a filter widget shows for `value` of the FilterSpec attribute `attribute`."""
    labeller = _LABELLERS.get(attribute)
    return labeller(value) if labeller else str(value)


def _folded(text: str) -> str:
    return " ".join(text.replace(".", " ").casefold().split())


def resolve_region(text: str) -> str | None:
    """'US-VA', 'us-va', 'VA', 'Virginia', 'virginia' -> 'US-VA'; None when it names no known region."""
    value = text.strip()
    upper = value.upper()
    if upper in REGION_NAMES:
        return upper
    if upper in REGION_CODES:
        return REGION_CODES[upper]
    return REGION_ALIASES.get(_folded(value))


def resolve_country(text: str) -> str | None:
    """'us', 'USA', 'United Kingdom', 'uk' -> ISO code; None when unknown."""
    value = text.strip()
    if value.upper() in COUNTRY_NAMES:
        return value.upper()
    return COUNTRY_ALIASES.get(_folded(value))


def closest(value: str, choices: Iterable[str], labels: Mapping[str, str] | None = None) -> str | None:
    """The choice a mistyped `value` most likely meant ('pyhton' -> 'Python'), or None.

    Matching ignores case and compares with both the choice and its label.
    """
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.casefold(), choice)
        if labels and choice in labels:
            folded.setdefault(labels[choice].casefold(), choice)
    target = value.casefold()
    if target in folded:
        return folded[target]
    match = difflib.get_close_matches(target, list(folded), n=1, cutoff=0.75)
    return folded[match[0]] if match else None


def suggest_place(text: str, kind: str) -> str | None:
    """The name a mistyped region or country ('Virgina', 'Germny') most likely meant, as a person reads it
    ('Virginia (VA)', 'Germany'); None when nothing is close. `kind` is 'region' or 'country'."""
    codes = {name: code for code, name in (REGION_NAMES if kind == "region" else COUNTRY_NAMES).items()}
    meant = closest(text, list(codes))  # names only: a code one letter off ('US-ZZ', 'US-AZ') is no hint
    if meant is None:
        return None
    return region_label(codes[meant]) if kind == "region" else meant


def match_values(
    values: Sequence[str], choices: Sequence[str], attribute: str, what: str, key: str
) -> tuple[tuple[str, ...], list[str]]:
    """Keep the values that are among `choices` (case-insensitively); drop the others with a note.

    The note says the value is not in this data and suggests the closest choice ("did you mean Python?").
    """
    lookup = {choice.casefold(): choice for choice in choices}
    labels = {choice: option_label(attribute, choice) for choice in choices}
    kept: list[str] = []
    notes: list[str] = []
    for value in values:
        exact = lookup.get(value.casefold())
        if exact is not None:
            kept.append(exact)
            continue
        meant = closest(value, choices, labels)
        hint = f" (did you mean {labels.get(meant, meant)}?)" if meant else ""
        notes.append(f"Ignored {key}={value} in the link: no {what} in this data{hint}")
    return tuple(dict.fromkeys(kept)), notes
