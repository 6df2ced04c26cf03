"""The one table of the multi-valued filters: URL key, FilterSpec attribute, sidebar label, plain name, and the
outcome column that answers it. The link parser (analytics/filter_links.py), the outcome filters and differencing
checks (analytics/outcome_filters.py, analytics/differencing.py) and the sidebar (dashboard/filter_panel.py) derive
their views of it from here.
"""

from __future__ import annotations

from typing import NamedTuple


class MultiFilter(NamedTuple):
    """One multi-valued filter."""

    key: str  # the URL parameter and the sidebar widget's key
    attribute: str  # the FilterSpec attribute
    label: str  # the sidebar widget's label
    name: str  # the plain name in sentences ("work mode")
    outcome_column: str | None = None  # the outcome column a filter change is sliced by; None: listings only
    checked_as: str | None = None  # link values checked against the data's own values, described as this


# In link order (the order spec_to_params writes the parameters).
MULTI_FILTERS: tuple[MultiFilter, ...] = (
    MultiFilter("field", "fields", "Field", "field", "field"),
    MultiFilter("country", "countries", "Country", "country", "region", "country"),
    MultiFilter("region", "regions", "Region (state / province)", "region", "region", "region"),
    MultiFilter("city", "cities", "City", "city", None, "city"),
    MultiFilter("mode", "work_modes", "Work mode", "work mode"),
    MultiFilter("skill", "skills", "Skills", "skills", None, "listing asking for this skill"),
    MultiFilter("company", "companies", "Company", "company", "company", "company"),
    MultiFilter("term", "terms", "Term", "term", "term", "term"),
    MultiFilter("sponsor", "sponsorship", "Visa sponsorship", "sponsorship"),
)
BY_KEY: dict[str, MultiFilter] = {item.key: item for item in MULTI_FILTERS}
# The filters an outcome row can answer, in the order the outcome checks and the scope sentence take them.
OUTCOME_FILTERS: tuple[MultiFilter, ...] = tuple(
    BY_KEY[key] for key in ("field", "company", "term", "country", "region")
)
