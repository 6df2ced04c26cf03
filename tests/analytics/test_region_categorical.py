"""The outcomes' region held as Categorical (data_loaders/compact.py, issue 9: ~160 -> 40 MB at 10 M applications).

- The country filter, its slices and its `selects` pick exactly the rows the text region's prefix picks
  (`region.str.split("-").list.first()`), on text and on Categorical regions alike.
- Without applicant ids (the polars path of the disclosure checks) a rate view is the same on either form.
- An uploaded real application log (kdrew, ../shared/realdata) given real free-text locations (the CTSC list's)
  filters by country and region, compact as uploaded, exactly as a plain per-row reading of it does.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.filters import FilterSpec
from analytics.outcome_filters import filter_outcomes
from analytics.rate_view import rate_view
from analytics.slice_filters import ActiveFilter
from data_loaders.compact import compact_outcomes
from tests.analytics.test_compact_equivalence import assert_same, both, plain  # noqa: F401 - fixture

REGION_TEXTS = ["US-CA", "US-NY", "US", "CA-ON", "CA", "DE-BE-X", "-CA", "", "U", "USA-CA", None]
COUNTRIES = ["US", "CA", "DE", "", "US-CA", "U", "USA"]
PREFIX = pl.col("region").str.split("-").list.first()  # the reading the filters replaced


@settings(max_examples=80, deadline=None)
@given(
    regions=st.lists(st.sampled_from(REGION_TEXTS), max_size=30),
    countries=st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True),
)
def test_country_rows_and_slices_on_a_categorical_region(regions: list[str | None], countries: list[str]) -> None:
    text = pl.DataFrame({"region": regions}, schema={"region": pl.String}).with_row_index("row")
    coded = text.with_columns(pl.col("region").cast(pl.Categorical))
    spec = FilterSpec(countries=tuple(countries))
    if not spec.countries:
        return
    wanted = list(spec.countries)
    expected_rows = text.filter(PREFIX.is_in(wanted).fill_null(False)).get_column("row").to_list()
    for frame in (text, coded):
        assert filter_outcomes(frame, spec).get_column("row").to_list() == expected_rows
    item = ActiveFilter("countries", "country", "region", spec.countries)
    rest = len(wanted)
    reference = PREFIX.replace_strict(wanted, list(range(rest)), default=rest, return_dtype=pl.Int32).fill_null(rest)
    expected_slices = text.select(reference).to_series().to_list()
    for frame in (text, coded):
        assert frame.select(item.slice_expr(frame.schema)).to_series().to_list() == expected_slices
        selected = item.selects(frame.get_column("region")).tolist()
        assert [row for row, keep in enumerate(selected) if keep] == expected_rows


def test_the_categorical_country_check_can_fail() -> None:
    """Control: the rows differ between countries, so the comparison above is not vacuous."""
    coded = pl.DataFrame({"region": REGION_TEXTS}, schema={"region": pl.Categorical()})
    picked = {c: filter_outcomes(coded, FilterSpec(countries=(c,)))["region"].to_list() for c in ("US", "CA")}
    assert picked == {"US": ["US-CA", "US-NY", "US"], "CA": ["CA-ON", "CA"]}


@pytest.mark.parametrize(
    "spec",
    [
        FilterSpec(countries=("US",)),
        FilterSpec(countries=("US", "CA")),
        FilterSpec(regions=("US-CA", "US-NY")),
        FilterSpec(fields=("Software Engineering",), countries=("US",)),
    ],
)
def test_rate_views_without_applicant_ids_are_the_same(plain: pl.DataFrame, spec: FilterSpec) -> None:  # noqa: F811
    text = plain.drop("applicant_id")  # no ids: the disclosure checks group in polars (differencing.polars_parts)
    coded = compact_outcomes(text)
    assert isinstance(coded.schema["region"], pl.Categorical)
    for by in ("company", "region", "field"):
        both(text, coded, partial(rate_view, spec=spec, by=by, min_group=10))


def _real_log_with_locations(realdata: Path, folder: Path) -> pl.DataFrame:
    """The kdrew log as uploaded, with a `location` column of real place texts, read back through the upload path."""
    from data_loaders import load_outcomes

    log = load_outcomes(realdata / "kdrew-intern-apps" / "Internship Application Dataset.xlsx").frame
    jobs = json.loads((realdata / "ctsc-southeast-internships" / "jobs.json").read_text(encoding="utf-8"))["listings"]
    places = [", ".join(job["locations"]) for job in jobs if job.get("locations")]
    flat = log.select(name for name, dtype in log.schema.items() if not isinstance(dtype, pl.List)).drop("region")
    flat = flat.with_columns(pl.Series("location", [places[i * 7 % len(places)] for i in range(flat.height)]))
    path = folder / "log.csv"
    flat.write_csv(path)
    return load_outcomes(path).frame


def test_an_uploaded_real_log_filters_by_country_and_region(realdata: Path, tmp_path: Path) -> None:
    uploaded = _real_log_with_locations(realdata, tmp_path)
    compact = compact_outcomes(uploaded)  # as a session's upload is held (dashboard/state.py)
    assert isinstance(compact.schema["region"], pl.Categorical)
    regions = uploaded.get_column("region").to_list()
    assert {"US", "CA"} <= {region.split("-")[0] for region in regions if region}  # the test means something
    specs = [
        FilterSpec(countries=("US",)),
        FilterSpec(countries=("CA", "GB")),
        FilterSpec(regions=("US-CA", "CA-ON")),
        FilterSpec(countries=("US",), regions=("US-CA",)),
    ]
    for spec in specs:
        # An independent reading: a plain per-row comparison of the region code's text.
        expected = [
            row
            for row, region in enumerate(regions)
            if region is not None
            and (not spec.countries or region.split("-")[0] in spec.countries)
            and (not spec.regions or region in spec.regions)
        ]
        assert expected, spec
        got = filter_outcomes(compact.with_row_index("_row"), spec).get_column("_row").to_list()
        assert got == expected, spec
        both(uploaded, compact, partial(rate_view, spec=spec, by="company", min_group=1))
