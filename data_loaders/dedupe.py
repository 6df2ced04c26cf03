"""Listing deduplication (the implementation lives beside the other normalisers)."""
from __future__ import annotations

from data_loaders.normalise.dedupe import deduplicate_listings, duplicate_key

__all__ = ["deduplicate_listings", "duplicate_key"]
