"""A view's rows found from an indexed column's rows (analytics/slice_keys.py `FilterRows._indexed`: a field's rows,
the other filters' keys read there only) are the rows the filters' masks keep, in the same order."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import slice_keys
from analytics.applicant_sizes import applicant_codes
from analytics.differencing import active_filters
from analytics.filters import FilterSpec
from analytics.row_picks import rows_of
from analytics.slice_keys import FilterRows, kept_value_rows, value_rows
from data_loaders.compact import compact_outcomes

FIELDS = ["Software Engineering", "Cybersecurity", "Data Science", None]
REGIONS = ["US-CA", "US-NY", "CA-ON", "GB-LND", None]
COMPANIES = ["Acme", "Bolt", None]


@st.composite
def frames(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(0, 80))
    pick = lambda values: st.lists(st.sampled_from(values), min_size=n, max_size=n)  # noqa: E731
    frame = pl.DataFrame(
        {
            "applicant_id": draw(pick(["a", "b", "c", None])),
            "field": draw(pick(FIELDS)),
            "region": draw(pick(REGIONS)),
            "company": draw(pick(COMPANIES)),
            "stage": draw(pick(["applied", "offer"])),
        },
        schema={name: pl.String for name in ("applicant_id", "field", "region", "company", "stage")},
    )
    return compact_outcomes(frame) if draw(st.booleans()) else frame


def _numbers(rows: slice_keys.Rows) -> np.ndarray:
    return np.flatnonzero(rows.to_numpy()) if isinstance(rows, pl.Series) else np.asarray(rows)


@pytest.mark.parametrize("share", [1.0, 0.0], ids=["indexed", "masks"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=frames(),
    fields=st.lists(st.sampled_from(FIELDS[:3] + ["Design"]), min_size=1, max_size=3, unique=True),
    countries=st.sampled_from([(), ("US",), ("US", "GB"), ("FR",)]),
    companies=st.sampled_from([(), ("Acme",)]),
    regions=st.sampled_from([(), ("US-CA",)]),
)
def test_indexed_rows_equal_the_masks_rows(
    share: float,
    frame: pl.DataFrame,
    fields: list[str],
    countries: tuple[str, ...],
    companies: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """Every filter set with a field: the same row numbers whether found from the field's rows or by masks."""
    spec = FilterSpec(fields=tuple(fields), countries=countries, companies=companies, regions=regions)
    filters = active_filters(spec, frame.columns)
    people = applicant_codes(frame)
    expected = _numbers(rows_of(FilterRows(frame, people).passing(filters)))
    value_rows(frame, people, "field")  # prepared, as the warm-up does
    view = FilterRows(frame, people)
    with patch.object(slice_keys, "INDEXED_SHARE", share):
        if share:  # the field's rows, never a mask over every row
            with patch.object(view, "passing", side_effect=AssertionError("a mask over every row")):
                got = _numbers(view.rows(filters))
        else:
            got = _numbers(view.rows(filters))
    assert got.tolist() == expected.tolist()


def test_value_rows_group_every_row_by_value_once() -> None:
    """A field's rows are its rows in order; each row once; computed once per codes; another column is not kept."""
    frame = pl.DataFrame({"applicant_id": ["a", "b", "a", "c", None], "field": ["X", None, "Y", "X", "Y"]})
    people = applicant_codes(frame)
    index = value_rows(frame, people, "field")
    assert index is not None and index is value_rows(frame, people, "field")
    key = people.key(frame, "field")
    for code, value in enumerate(key.values.to_list()):
        assert index.of(np.array([code])).tolist() == np.flatnonzero(key.codes == code).tolist(), value
    assert sorted(index.order.tolist()) == list(range(frame.height))
    assert value_rows(frame, people, "company") is None
    assert kept_value_rows(applicant_codes(frame), "field") is None  # other codes: not prepared, not sorted by a view
