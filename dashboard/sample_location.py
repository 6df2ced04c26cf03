"""Where the shared dataset comes from: a collected store when one is configured and has run (docs/collect.md), else
the bundled sample (or another generated one named by INSIGHTS_SAMPLE_DIR).

Apart from dashboard/dataset.py, `make run` asks it before the server listens, to begin reading the listings
(dashboard/serve.py): it imports nothing heavier than Streamlit's secrets.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.settings import secret_section
from data_loaders import sample_paths as bundled_sample_paths

# Lets a developer or a test point the app at another generated sample (same two file names).
SAMPLE_DIR_ENV = "INSIGHTS_SAMPLE_DIR"
DATA_DIR_ENV = (
    "INSIGHTS_DATA_DIR"  # a collected store (python -m data_loaders collect --out DIR) shown instead of the sample
)


def collected_dir() -> Path | None:
    """The collected store the app shows instead of the sample (env INSIGHTS_DATA_DIR, else [insights] data_dir), or None."""
    configured = os.environ.get(DATA_DIR_ENV) or secret_section("insights").get("data_dir")
    return Path(str(configured)).expanduser() if configured and str(configured).strip() else None


def sample_paths() -> tuple[Path, Path]:
    """The shared dataset's (listings, outcomes) parquet paths: a collected store's when one is configured and
    has run (docs/collect.md), else the bundled sample's, honouring INSIGHTS_SAMPLE_DIR."""
    live = collected_dir()
    if live is not None and (live / "listings.parquet").is_file() and (live / "last_run.json").is_file():
        return live / "listings.parquet", live / "outcomes.parquet"
    override = os.environ.get(SAMPLE_DIR_ENV)
    if override:
        directory = Path(override)
        return directory / "listings.parquet", directory / "outcomes.parquet"
    paths = bundled_sample_paths()  # {"listings": path, "outcomes": path}
    return Path(paths["listings"]), Path(paths["outcomes"])


__all__ = ["DATA_DIR_ENV", "SAMPLE_DIR_ENV", "collected_dir", "sample_paths"]
