"""The synthetic generator: seeded, vectorised canonical listings and outcomes (fictional companies, real places).

Outside the dashboard → analytics → data_loaders layers: it uses `data_loaders.schema` to conform its frames,
and nothing in those layers imports it. `python -m synthetic --listings N --applications M --seed S --out DIR`
writes `listings.parquet` and `outcomes.parquet` (zstd); the bundled `sample_data/` is its seed-7 output.
"""

from __future__ import annotations

from synthetic.listings import generate_listings, generate_to_dir
from synthetic.outcomes import generate_outcomes

__all__ = ["generate_listings", "generate_outcomes", "generate_to_dir"]
