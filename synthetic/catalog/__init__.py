"""Fixed catalogues behind the synthetic generator: places, fields, company tiers, skills, titles, majors.

Everything here is plain data (small tuples and dicts); `synthetic/tables.py` turns it into numpy tables.
All companies are fictional; all places are real, with ISO 3166-2 region codes. The generator reads the whole
catalogue through this package (`from synthetic import catalog as cat`).
"""

from __future__ import annotations

from synthetic.catalog.fields import FIELD_PAY
from synthetic.catalog.places import (
    AS_OF,
    CITIES,
    CLUSTER_PAY,
    COUNTRY_PAY,
    REMOTE_DISPLAY,
    REMOTE_PAY,
    SEASON_END,
    SEASON_START,
)
from synthetic.catalog.skills import PROFILES, SKILLS, SOFT_SKILL_RATE
from synthetic.catalog.tiers import TIER_ACCEPT, TIER_POPULARITY, TIER_SKILL_BOOST, TIERS
from synthetic.catalog.titles_majors import CLASS_YEARS, MAJORS, TERM_CHOICES, TITLES

__all__ = [
    "AS_OF",
    "CITIES",
    "CLASS_YEARS",
    "CLUSTER_PAY",
    "COUNTRY_PAY",
    "FIELD_PAY",
    "MAJORS",
    "PROFILES",
    "REMOTE_DISPLAY",
    "REMOTE_PAY",
    "SEASON_END",
    "SEASON_START",
    "SKILLS",
    "SOFT_SKILL_RATE",
    "TERM_CHOICES",
    "TIERS",
    "TIER_ACCEPT",
    "TIER_POPULARITY",
    "TIER_SKILL_BOOST",
    "TITLES",
]
