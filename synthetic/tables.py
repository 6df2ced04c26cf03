"""Numpy views of the generator catalogue, plus the vectorised sampling helpers both generators share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl
import pyarrow as pa

from data_loaders.schema import FIELDS
from synthetic import catalog as cat

CATALOG_SEED = 2026  # companies and their homes are fixed, whatever seed the data uses
SKILL_INDEX: dict[str, int] = {name: i for i, name in enumerate(cat.SKILLS)}
TIER_NAMES: tuple[str, ...] = tuple(cat.TIERS)


@dataclass(frozen=True)
class Catalog:
    """The fixed catalogue as arrays: cities, companies (with tier and home-city weights), skill profiles."""

    city_name: np.ndarray  # (C,) object
    city_region: np.ndarray
    city_country: np.ndarray
    city_display: np.ndarray
    city_pay: np.ndarray  # (C,) pay multiplier of the place
    city_is_dc: np.ndarray  # (C,) bool: the DC / Virginia / Maryland cluster
    global_weight: np.ndarray  # (C,) normalised
    company_name: np.ndarray  # (K,) object
    company_slug: np.ndarray
    company_tier: np.ndarray  # (K,) int index into TIER_NAMES
    company_weight: np.ndarray  # (K,) share of listings, normalised
    company_home: np.ndarray  # (K, C) home-city weights, rows normalised
    profile_field: np.ndarray  # (P,) field index
    profile_weight: np.ndarray  # (P,)
    profile_probs: np.ndarray  # (P, S) skill probabilities
    tier_boost: np.ndarray  # (T, S) added skill probabilities


def slugify(name: str) -> str:
    """Lower-case a company name into a URL-safe slug ("Hollis & Vane" -> "hollis-vane")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def skill_vector(probabilities: dict[str, float]) -> np.ndarray:
    """A dense (S,) vector from a {skill: probability} dict."""
    vector = np.zeros(len(cat.SKILLS))
    for skill, probability in probabilities.items():
        vector[SKILL_INDEX[skill]] = probability
    return vector


@lru_cache(maxsize=1)
def build_catalog() -> Catalog:
    """Build the fixed catalogue once (a dedicated RNG keeps it identical across data seeds)."""
    rng = np.random.default_rng(CATALOG_SEED)
    cities = cat.CITIES
    clusters = np.array([c[5] for c in cities])
    weights = np.array([c[4] for c in cities])
    country = np.array([c[2] for c in cities], dtype=object)
    city_pay = np.array([cat.COUNTRY_PAY[c[2]] * cat.CLUSTER_PAY.get(c[5], 1.0) for c in cities])

    names, tiers, shares, homes = [], [], [], []
    for tier_index, (_tier, spec) in enumerate(cat.TIERS.items()):
        count = len(spec["names"])
        # Zipf-like: within a tier a few companies post most of the openings.
        popularity = 1.0 / np.arange(1, count + 1) ** 0.8
        popularity = rng.permutation(popularity / popularity.sum()) * spec["listing_weight"]
        for i, stem in enumerate(spec["names"]):
            names.append(stem + spec["suffix"][i % len(spec["suffix"])])
            tiers.append(tier_index)
            shares.append(popularity[i])
            own = list(spec["clusters"])
            n_home = min(len(own), int(rng.integers(1, 4)))
            # The first cluster listed for a tier is its heartland: it anchors most companies.
            chosen = rng.choice(len(own), size=n_home, replace=False, p=_decay(len(own)))
            home = np.zeros(len(cities))
            for rank, cluster_index in enumerate(chosen):
                mask = clusters == own[cluster_index]
                home[mask] += weights[mask] / weights[mask].sum() * (1.0 if rank == 0 else 0.45)
            homes.append(home / home.sum())

    profile_field, profile_weight, profile_probs = [], [], []
    for field_index, field in enumerate(FIELDS):
        for weight, probabilities in cat.PROFILES[field]:
            profile_field.append(field_index)
            profile_weight.append(weight)
            profile_probs.append(skill_vector(probabilities))
    tier_boost = np.stack([skill_vector(cat.TIER_SKILL_BOOST[t]) for t in TIER_NAMES])
    share = np.array(shares)
    return Catalog(
        city_name=np.array([c[0] for c in cities], dtype=object),
        city_region=np.array([c[1] for c in cities], dtype=object),
        city_country=country,
        city_display=np.array([c[3] for c in cities], dtype=object),
        city_pay=city_pay,
        city_is_dc=clusters == "dc",
        global_weight=weights / weights.sum(),
        company_name=np.array(names, dtype=object),
        company_slug=np.array([slugify(n) for n in names], dtype=object),
        company_tier=np.array(tiers),
        company_weight=share / share.sum(),
        company_home=np.stack(homes),
        profile_field=np.array(profile_field),
        profile_weight=np.array(profile_weight),
        profile_probs=np.stack(profile_probs),
        tier_boost=tier_boost,
    )


def _decay(count: int) -> np.ndarray:
    """Probabilities falling with position, so earlier clusters are likelier homes."""
    weights = 1.0 / np.arange(1, count + 1)
    return weights / weights.sum()


def company_tiers() -> pl.DataFrame:
    """The fictional companies with their tier name (company, tier)."""
    catalog = build_catalog()
    return pl.DataFrame(
        {
            "company": catalog.company_name.tolist(),
            "tier": [TIER_NAMES[t] for t in catalog.company_tier],
        }
    )


def sample_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category per row from a (rows, categories) probability matrix (rows need not be normalised)."""
    cumulative = np.cumsum(probs, axis=1)
    draw = rng.random(len(probs)) * cumulative[:, -1]
    choice = (draw[:, None] >= cumulative).sum(axis=1)
    return np.minimum(choice, probs.shape[1] - 1)


def sample_categories(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """`size` draws of a category index with fixed weights."""
    cumulative = np.cumsum(weights) / np.sum(weights)
    return np.minimum(np.searchsorted(cumulative, rng.random(size), side="right"), len(weights) - 1)


def weighted_subsets(rng: np.random.Generator, probs: np.ndarray, counts: np.ndarray, limit: int) -> np.ndarray:
    """Per row, the indices of `counts` distinct items drawn by weight (exponential race), best first.

    Returns a (rows, limit) int matrix; only the first `counts[row]` entries of a row are meaningful.
    Callers keep counts <= the number of positive weights in the row.
    """
    weights = probs.astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        keys = rng.standard_exponential(probs.shape, dtype=np.float32) / weights
    keys[weights <= 0] = np.inf  # never chosen (0/0 would otherwise be NaN)
    limit = min(limit, probs.shape[1])
    result = np.zeros((len(probs), limit), dtype=np.int64)
    # Most rows want one item: argmin is far cheaper than a partial sort.
    result[:, 0] = keys.argmin(axis=1)
    several = np.flatnonzero(counts > 1)
    if len(several) and limit > 1:
        subset = keys[several]
        best = np.argpartition(subset, limit - 1, axis=1)[:, :limit]
        order = np.argsort(np.take_along_axis(subset, best, axis=1), axis=1, kind="stable")
        result[several] = np.take_along_axis(best, order, axis=1)
    return result


def list_series(name: str, indices: np.ndarray, counts: np.ndarray, vocabulary: np.ndarray) -> pl.Series:
    """A List(String) series: row r holds vocabulary[indices[r, :counts[r]]]."""
    width = indices.shape[1] if indices.ndim == 2 else 0
    keep = np.arange(width)[None, :] < counts[:, None] if width else np.zeros((len(counts), 0), bool)
    flat = indices[keep] if width else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    values = pa.array(vocabulary.tolist(), type=pa.large_string()).take(pa.array(flat, type=pa.int64()))
    array = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
    return pl.Series(name, pl.from_arrow(array)).cast(pl.List(pl.String()))


def take(vocabulary: np.ndarray, indices: np.ndarray, name: str = "") -> pl.Series:
    """A String series vocabulary[indices], gathered by polars (no per-row Python objects)."""
    return pl.Series(name, vocabulary.tolist(), dtype=pl.String()).gather(np.asarray(indices, dtype=np.int64))
