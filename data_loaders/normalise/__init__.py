"""Normalisers: messy source values → canonical values, vectorised over the distinct values."""

from __future__ import annotations

from data_loaders.normalise.dates import normalise_dates, parse_date
from data_loaders.normalise.dedupe import deduplicate_listings, duplicate_key
from data_loaders.normalise.fields import classify_title, field_from_category, normalise_fields
from data_loaders.normalise.locations import (
    CITY_COORDINATES,
    REGION_NAMES,
    ParsedLocation,
    normalise_locations,
    parse_location,
    split_locations,
)
from data_loaders.normalise.pay import FX_TO_USD, normalise_pay, parse_pay
from data_loaders.normalise.regions import COUNTRY_NAMES
from data_loaders.normalise.skills import (
    TAXONOMY,
    canonical_skill,
    extract_skills,
    normalise_skill_lists,
    search_skills,
    skill_category,
    unknown_skills,
)
from data_loaders.normalise.sponsorship import normalise_sponsorship, parse_sponsorship
from data_loaders.normalise.stages import normalise_stage_status, parse_stage_status
from data_loaders.normalise.terms import normalise_terms, parse_terms, term_sort_key

__all__ = [
    "CITY_COORDINATES",
    "COUNTRY_NAMES",
    "FX_TO_USD",
    "REGION_NAMES",
    "TAXONOMY",
    "ParsedLocation",
    "canonical_skill",
    "classify_title",
    "deduplicate_listings",
    "duplicate_key",
    "extract_skills",
    "field_from_category",
    "normalise_dates",
    "normalise_fields",
    "normalise_locations",
    "normalise_pay",
    "normalise_skill_lists",
    "normalise_sponsorship",
    "normalise_stage_status",
    "normalise_terms",
    "parse_date",
    "parse_location",
    "parse_pay",
    "parse_sponsorship",
    "parse_stage_status",
    "parse_terms",
    "search_skills",
    "skill_category",
    "split_locations",
    "term_sort_key",
    "unknown_skills",
]
