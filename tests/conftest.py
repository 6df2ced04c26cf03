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
