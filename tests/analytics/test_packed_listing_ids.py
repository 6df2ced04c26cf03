"""Listing ids packed into UInt64s (data_loaders/compact.py `pack_ids` / `with_packed_ids`, the shared sample's
outcomes; issue 9: 160 -> 80 MB at 10 M applications) are equal and ordered exactly as the text ids, and the
Benchmark's competition, which matches the outcomes' listing ids against the peers' text ids, gives the same answer on
either form, by the per-listing totals or by a scan, with peer ids that cannot be packed among them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal, assert_series_equal

from analytics.benchmark_pool import competition, listing_outcome_totals
from data_loaders import sample_paths
from data_loaders.compact import pack_ids, read_compact_outcomes, with_packed_ids

IDS = ["L2", "L10", None, "", "L1", "L10", "é8", "12345678", "L1"]


def test_packed_ids_keep_equality_order_and_nulls() -> None:
    ids = pl.Series("listing_id", IDS)
    packed = pack_ids(ids)
    assert packed.dtype == pl.UInt64 and packed.is_null().to_list() == ids.is_null().to_list()
    assert_series_equal(packed.rank("dense"), ids.rank("dense"))  # "" < "12345678" < "L1" < "L10" < "L2" < "é8"
    # An id longer than 8 bytes or holding a NUL byte packs to null: it equals no packed id.
    assert pack_ids(pl.Series(["123456789", "a\x00", "a"])).to_list()[:2] == [None, None]
    frame = pl.DataFrame({"listing_id": IDS, "n": range(len(IDS))})
    coded = with_packed_ids(frame, ["listing_id", "missing"])
    assert coded.schema["listing_id"] == pl.UInt64
    assert_frame_equal(coded.drop("listing_id"), frame.drop("listing_id"))
    assert with_packed_ids(coded, ["listing_id"]) is coded  # not text: left as it is
    for odd in ("123456789", "a\x00"):  # one id that does not pack: the column stays text
        text = pl.DataFrame({"listing_id": [*IDS, odd]})
        assert with_packed_ids(text, ["listing_id"]) is text


def _outcomes(rows: int = 4_000) -> pl.DataFrame:
    rng = np.random.default_rng(5)
    return pl.DataFrame(
        {
            "listing_id": [f"L{value:03d}" if value else None for value in rng.integers(0, 400, rows)],
            "field": rng.choice(["Data", "Web"], rows),
            "region": rng.choice(["US-CA", "US-NY", "GB"], rows),
            "stage": rng.choice(["applied", "screen", "interview", "offer", "accepted"], rows),
            "applicant_id": [f"A{value}" for value in rng.integers(0, 900, rows)],
        }
    )


def test_competition_is_the_same_on_packed_listing_ids() -> None:
    text = _outcomes()
    packed = with_packed_ids(text, ["listing_id"])
    assert packed.schema["listing_id"] == pl.UInt64
    peer_sets: list[list[str | None]] = [
        ["L001", "L017", "L250", "a-listing-id-too-long-to-pack", None],  # by listing
        ["L001"],  # one listing: too few applicants, counted exactly
        ["no-such-id-longer-than-8", "L999"],  # no listing matched: by field and region
    ]
    for ids in peer_sets:
        peers = pl.DataFrame(
            {"listing_id": ids, "field": ["Data"] * len(ids), "regions": [["US-CA"]] * len(ids)},
            schema_overrides={"listing_id": pl.String},
        )
        for min_group in (10, 40):
            expected = competition(text, peers, min_group)
            assert competition(packed, peers, min_group) == expected, ids
            totals = listing_outcome_totals(packed)
            assert competition(packed, peers, min_group, totals) == competition(
                text, peers, min_group, listing_outcome_totals(text)
            ), ids
    # The by-listing answer really came from matching ids (not a wider basis).
    assert (
        competition(packed, pl.DataFrame({"listing_id": ["L001"], "field": ["Data"], "regions": [["GB"]]}))["basis"]
        == "listing"
    )


def test_listing_totals_are_packed_and_counted_in_four_bytes() -> None:
    text = _outcomes()
    packed_totals = listing_outcome_totals(with_packed_ids(text, ["listing_id"]))
    text_totals = listing_outcome_totals(text)
    assert packed_totals is not None and text_totals is not None
    counts = {"applications": pl.UInt32, "offers": pl.UInt32, "applicants": pl.UInt32}
    assert dict(packed_totals.schema) == {"listing_id": pl.UInt64, **counts}  # 8 + 12 bytes a listing, not 16 + 24
    assert dict(text_totals.schema) == {"listing_id": pl.String, **counts}
    # The same totals per listing, told apart by the packed ids as by the text.
    unpacked = packed_totals.sort("listing_id").drop("listing_id")
    assert_frame_equal(unpacked, text_totals.sort("listing_id").drop("listing_id"))


def test_a_read_packs_while_scanning_as_with_packed_ids(tmp_path: Path) -> None:
    whole = pl.read_parquet(sample_paths()["outcomes"])
    expected = with_packed_ids(read_compact_outcomes(sample_paths()["outcomes"]), ["listing_id"])
    assert expected.schema["listing_id"] == pl.UInt64
    read = read_compact_outcomes(sample_paths()["outcomes"], packed=["listing_id", "missing"])
    assert_frame_equal(read, expected)
    # One id too long: the column read as text; a stage outside the vocabulary (the whole-file path) packs too.
    row = pl.int_range(pl.len()) == 5
    long = whole.with_columns(pl.when(row).then(pl.lit("L-too-long-1")).otherwise("listing_id").alias("listing_id"))
    odd = whole.with_columns(pl.when(row).then(pl.lit("odd")).otherwise("stage").alias("stage"))
    for name, frame in (("long", long), ("odd", odd)):
        frame.write_parquet(tmp_path / f"{name}.parquet")
        read = read_compact_outcomes(tmp_path / f"{name}.parquet", packed=["listing_id"])
        assert_frame_equal(read, with_packed_ids(read_compact_outcomes(tmp_path / f"{name}.parquet"), ["listing_id"]))
    assert read_compact_outcomes(tmp_path / "long.parquet", packed=["listing_id"]).schema["listing_id"] == pl.String
    assert read_compact_outcomes(tmp_path / "odd.parquet", packed=["listing_id"]).schema["listing_id"] == pl.UInt64
    # Aggregated counts (a plain read) pack too.
    counts = pl.DataFrame({"listing_id": ["L1", None], "applications": [3, 4]})
    counts.write_parquet(tmp_path / "counts.parquet")
    assert read_compact_outcomes(tmp_path / "counts.parquet", packed=["listing_id"]).schema["listing_id"] == pl.UInt64
