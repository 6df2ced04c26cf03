"""Shared test fixtures: paths to the real data in ../shared, and skip rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "realdata"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The ../shared/realdata folder, or skip when a fresh clone has none."""
    if not SHARED.is_dir():
        pytest.skip("../shared/realdata is absent (a fresh user clone has none)")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def listings_copies_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Memory-mapped listings copies (data_loaders/listing_cache.py) go to a folder of this run, never the user's
    cache; servers and benchmarks started by the tests inherit it."""
    os.environ["INSIGHTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("listing-copies"))
