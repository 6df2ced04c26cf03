"""Place lists: one free-text cell or list naming several places → one string per place.

Real cells run places together in many ways; each rule here is for a class of them:
- separators: ";", "|", newlines, bullets, " or ", " and " (also ", and");
- a comma list of places that is not one place written city-first ("New York, Chicago" and
  "Alabama, Georgia, Florida" are lists; "Seattle, Washington" and "Toronto, Ontario, Canada" are one place);
- a place with several states in brackets ("Greater Boston (MA, NH)" → Boston, MA and New Hampshire);
- a run of gazetteer cities with no separator ("San Francisco New York Seattle");
- a list whose elements are the parts of one place (["Toronto", "Ontario", "Canada"]) is joined back.
"""

from __future__ import annotations

import re

from data_loaders.normalise.gazetteer import country_of, lookup_city, place_kinds, region_of

__all__ = ["join_place_parts", "split_locations"]

_LEVELS = ("city", "region", "country")
# Words around a place that are not part of it ("Seattle area", "NYC metro", "Greater Toronto").
_AROUND = re.compile(r"\b(area|metro(politan)?( area)?|greater|region|vicinity)\b", re.I)
# CJK lists use the full-width comma and semicolon and the enumeration comma ("潍坊，青岛", "北京、上海").
_SEPARATORS = re.compile(r"\s*(?:;|\||\n|•|，|、|；|,?\s+or\s+|,?\s+and\s+|\s+&\s+)\s*")
_BRACKETED = re.compile(r"^(?P<place>[^()]*?)\s*\((?P<inner>[^()]+)\)\s*$")
_MAX_CITY_WORDS = 4


def _bare(token: str) -> str:
    """The token without words around a place ("Seattle area" → "Seattle"); unchanged when nothing is left."""
    return re.sub(r"\s+", " ", _AROUND.sub(" ", token)).strip(" ,") or token


def _kinds(token: str) -> set[str]:
    return place_kinds(token) or place_kinds(_bare(token))


def is_one_place(tokens: list[str]) -> bool:
    """True when the tokens read as one place from small to large: city, region, country (each at most once)."""
    if not 1 <= len(tokens) <= 3:
        return False
    level = -1
    for token in tokens:
        # The smallest level above the previous one that this token can be.
        options = [_LEVELS.index(kind) for kind in _kinds(token) if _LEVELS.index(kind) > level]
        if not options:
            return False
        level = min(options)
    return True


def _city_run(text: str) -> list[str] | None:
    """ "San Francisco New York Seattle" → three cities; None unless every word belongs to a gazetteer city."""
    words = text.split()
    if len(words) < 2:
        return None
    cities: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(_MAX_CITY_WORDS, len(words) - start), 0, -1):
            candidate = " ".join(words[start : start + size])
            if lookup_city(candidate, None):
                # A state code written after the city belongs to it ("Austin TX Dallas TX").
                end = start + size
                if end < len(words) and words[end].isupper() and region_of(words[end]):
                    candidate, end = f"{candidate}, {words[end]}", end + 1
                cities.append(candidate)
                start = end
                break
        else:
            return None
    return cities if len(cities) >= 2 else None


def _bracketed_regions(piece: str) -> list[str] | None:
    """ "Greater Boston (MA, NH)" → ["Greater Boston, MA", "NH"]; None unless the brackets hold 2+ regions."""
    match = _BRACKETED.match(piece)
    if not match or not match.group("place").strip():
        return None
    inner = [t.strip() for t in re.split(r",|/|\s+and\s+|\s*&\s*", match.group("inner")) if t.strip()]
    if len(inner) < 2 or not all(region_of(t) for t in inner):
        return None
    return [f"{match.group('place').strip()}, {inner[0]}", *inner[1:]]


def _split_piece(piece: str) -> list[str]:
    bracketed = _bracketed_regions(piece)
    if bracketed:
        return bracketed
    tokens = [t.strip() for t in piece.split(",") if t.strip()]
    if len(tokens) >= 2 and not is_one_place(tokens):
        kinds = [_kinds(t) for t in tokens]
        # "New York, Chicago", "Alabama, Georgia", "Bay Area, Seattle area": every token a place, not one place;
        # a long run of cities may hold a suburb the gazetteer lacks ("Noida, Dwarka"), but no state or country.
        mostly_cities = (
            len(tokens) >= 3
            and sum("city" in k for k in kinds) * 3 >= len(tokens) * 2
            and not any(k & {"region", "country"} and "city" not in k for k in kinds)
        )
        if all(kinds) or mostly_cities:
            return tokens
    if len(tokens) == 1 and not _kinds(piece):
        run = _city_run(piece)
        if run:
            return run
    return [piece]


def split_locations(text: str | None) -> list[str]:
    """Split free text listing several places ("Austin, TX; Chicago; New York") into one per place."""
    if text is None:
        return []
    pieces = [p.strip(" ,") for p in _SEPARATORS.split(str(text)) if p and p.strip(" ,")]
    result: list[str] = []
    for piece in pieces:
        result.extend(_split_piece(piece))
    return result


def join_place_parts(parts: list[str]) -> list[str]:
    """A list holding the parts of one place (["Toronto", "Ontario", "Canada"]) → ["Toronto, Ontario, Canada"]."""
    # ["São Paulo", "São Paulo", "Brazil"]: a city named like its state is still one place.
    distinct = [p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
    if 2 <= len(distinct) <= 3 and not any("," in p for p in distinct) and is_one_place(distinct):
        return [", ".join(distinct)]
    return parts


def country_hint(parts: list[str]) -> str | None:
    """The one country the other places of a list name, for reading an ambiguous code ("NB")."""
    found = {country_of(p) for p in parts} - {None}
    return found.pop() if len(found) == 1 else None
