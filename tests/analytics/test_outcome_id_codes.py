"""Applicant ids held as integer codes (data_loaders/compact.py `with_id_codes`, the shared sample's outcomes; issue 9:
160 -> 40 MB at 10 M applications) partition and order the rows exactly as the text ids do, and the applicant codes
the disclosure checks count with (analytics/applicant_sizes.py) are then those codes, sharing their memory, with the
same sizes as from the text ids."""

from __future__ import annotations

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from analytics.applicant_sizes import applicant_codes, column_key, grouped_sizes
from data_loaders.compact import with_id_codes

IDS = ["b7", "a1", None, "b7", "c", "a1", "a10", None, "c"]


def test_codes_keep_equality_order_and_nulls() -> None:
    frame = pl.DataFrame({"applicant_id": IDS, "n": range(len(IDS))})
    coded = with_id_codes(frame, ["applicant_id", "missing"])
    codes = coded.get_column("applicant_id")
    assert codes.dtype == pl.UInt32
    assert codes.to_list() == [2, 0, None, 2, 3, 0, 1, None, 3]  # a1 < a10 < b7 < c, as text sorts
    assert_frame_equal(coded.drop("applicant_id"), frame.drop("applicant_id"))
    assert with_id_codes(coded, ["applicant_id"]) is coded  # not text: left as it is
    # Rows grouped by id (a rank, not a lookup): the same codes.
    ordered = frame.sort("applicant_id", nulls_last=True)
    assert ordered.get_column("applicant_id").is_sorted()
    assert with_id_codes(ordered, ["applicant_id"]).get_column("applicant_id").to_list() == [
        0,
        0,
        1,
        2,
        2,
        3,
        3,
        None,
        None,
    ]


def test_applicant_codes_share_dense_id_codes_and_count_the_same() -> None:
    rng = np.random.default_rng(3)
    ids = [f"A{value:03d}" for value in rng.integers(0, 300, 5_000)]
    text = pl.DataFrame({"applicant_id": ids, "company": rng.choice(["x", "y", "z", "w"], 5_000)})
    coded = with_id_codes(text, ["applicant_id"])
    people = applicant_codes(coded)
    assert np.shares_memory(people.codes, coded.get_column("applicant_id").to_numpy())
    assert people.count == text.get_column("applicant_id").n_unique()
    hashed = applicant_codes(text)
    for rows in (None, rng.random(5_000) < 0.3):
        expected = grouped_sizes([column_key(text.get_column("company"))], hashed, rows)
        got = grouped_sizes([column_key(coded.get_column("company"))], people, rows)
        assert_frame_equal(got.sort("company"), expected.sort("company"))
    # With a missing id the codes are made as for text ids (their own array), counting the applicants named.
    ident = pl.col("applicant_id")
    missing = coded.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(ident).alias("applicant_id"))
    fallback = applicant_codes(missing)
    assert fallback.count == missing.get_column("applicant_id").drop_nulls().n_unique()
    assert not np.shares_memory(fallback.codes, coded.get_column("applicant_id").to_numpy())
