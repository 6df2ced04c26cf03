"""Pure-polars analytics of Internship Insights: one function per question, small sorted frames out.

Never imports streamlit. Inputs are canonical frames (data_loaders.schema).
"""

from __future__ import annotations

from analytics.filters import FilterSpec, available_options
from analytics.rates import (
    RateTable,
    acceptance_rates,
    funnel,
    outcomes_to_counts,
    selectivity_ranking,
    wilson_expr,
    wilson_interval,
)

__all__ = [
    "FilterSpec",
    "RateTable",
    "acceptance_rates",
    "available_options",
    "funnel",
    "outcomes_to_counts",
    "selectivity_ranking",
    "wilson_expr",
    "wilson_interval",
]
