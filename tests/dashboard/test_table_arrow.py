"""A table's Arrow form straight from polars where that gives the same columns as Streamlit's pandas route
(dashboard/layout.py `as_arrow`): text, floats, and whole numbers or true/false without a null. Every other frame
still goes through pandas, byte for byte as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit import dataframe_util

from dashboard import layout


def through_pandas(frame: pl.DataFrame) -> pa.Table:
    return dataframe_util.convert_pandas_df_to_arrow_table(frame.to_pandas())


texts = st.none() | st.text(max_size=8)
floats = st.none() | st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.integers(0, 12))
def test_plain_columns_equal_the_pandas_route(data: st.DataObject, height: int) -> None:
    columns: dict[str, Any] = {
        "Group": pl.Series(data.draw(st.lists(texts, min_size=height, max_size=height)), dtype=pl.String),
        "Rate": pl.Series(data.draw(st.lists(floats, min_size=height, max_size=height)), dtype=pl.Float64),
        "n": pl.Series(data.draw(st.lists(st.integers(0, 2**40), min_size=height, max_size=height)), dtype=pl.Int64),
        "kept": pl.Series(data.draw(st.lists(st.booleans(), min_size=height, max_size=height)), dtype=pl.Boolean),
        "small": pl.Series(data.draw(st.lists(st.integers(0, 9), min_size=height, max_size=height)), dtype=pl.UInt32),
    }
    frame = pl.DataFrame(columns)
    assert layout._arrow_of(frame).equals(through_pandas(frame))  # the columns; pandas' index metadata apart


@pytest.mark.parametrize(
    "column",
    [
        pl.Series("n", [1, None, 3], dtype=pl.Int64),  # pandas makes it a float column
        pl.Series("open", [True, None, False], dtype=pl.Boolean),  # pandas makes it an object column
        pl.Series("posted", [dt.date(2026, 1, 5), None, dt.date(2026, 2, 1)], dtype=pl.Date),
        pl.Series("skills", [["Python"], [], None], dtype=pl.List(pl.String)),
    ],
)
def test_other_columns_still_go_through_pandas(column: pl.Series) -> None:
    frame = pl.DataFrame({"Group": ["a", "b", "c"]}).with_columns(column)
    converted = layout._arrow_of(frame)
    assert converted.equals(through_pandas(frame))
    assert converted.schema.metadata == through_pandas(frame).schema.metadata  # the pandas route itself


@pytest.mark.parametrize("page", ["acceptance_rates", "openings", "skill_gap", "benchmark", "skills_demand"])
def test_every_table_a_page_draws_equals_the_pandas_route(app, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    frames: list[pl.DataFrame] = []
    original = layout.as_arrow

    def recording(frame: pl.DataFrame) -> pa.Table:
        frames.append(frame)
        return original(frame)

    monkeypatch.setattr(layout, "as_arrow", recording)
    query = {"me": ["Python", "SQL"], "bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL"], "bm_pay": "30"}
    at = app(f"dashboard/pages/{page}.py", query=query)
    assert not at.exception and frames
    for frame in frames:
        assert layout._arrow_of(frame).equals(through_pandas(frame)), frame.schema
