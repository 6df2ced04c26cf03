"""An option frame's columns are coded once per frame (analytics/option_parts.py `column_codes`): a filter change's
options read the kept codes, another frame gets codes of its own, and a frame's codes go with it."""

from __future__ import annotations

import gc

import polars as pl

from analytics import option_parts
from analytics.option_parts import column_codes, option_frame, values_at


def listings() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "active": [True, None, False, True],
            "field": ["Data", None, "Software", "Data"],
            "company": ["b", "a", None, "a"],
            "regions": [["US-CA", None], None, [], ["US-NY", "US-CA"]],
            "skills": [["SQL"], ["Go"], None, []],
        }
    )


def test_codes_are_made_once_per_frame_and_counted_at_any_rows() -> None:
    frame = option_frame(listings())
    first = column_codes(frame, "regions")
    assert column_codes(frame, "regions") is first
    assert values_at(frame, "regions", None) == ["US-CA", "US-NY"]
    assert values_at(frame, "regions", pl.Series([3], dtype=pl.UInt32)) == ["US-CA", "US-NY"]
    assert values_at(frame, "regions", pl.Series([1, 2], dtype=pl.UInt32)) == []
    assert values_at(frame, "company", pl.Series([0, 2, 3], dtype=pl.UInt32)) == ["a", "b"]  # a null is no option
    assert values_at(frame, "field", None, by_count=True) == ["Data", "Software"]
    other = option_frame(listings())
    assert column_codes(other, "regions") is not first  # another frame: its categories, its codes


def test_a_frames_codes_go_with_it() -> None:
    frame = option_frame(listings())
    column_codes(frame, "company")
    key = id(frame)
    assert key in option_parts._CODES
    del frame
    gc.collect()
    assert key not in option_parts._CODES
