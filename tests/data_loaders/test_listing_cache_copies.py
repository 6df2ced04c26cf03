"""data_loaders/listing_cache.py: a big listings file's memory-mapped Arrow copy is the very frame the file reads as."""

from __future__ import annotations

import datetime as dt
import gc
import mmap
import os
import re
import threading
import time
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from polars.testing import assert_frame_equal

from data_loaders import listing_cache
from data_loaders.listing_order import read_open_first


@pytest.fixture(autouse=True)
def copies_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "copies"
    monkeypatch.setenv(listing_cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(listing_cache, "MIN_ROWS", 10)
    return folder


def listings(rows: int) -> pl.DataFrame:
    """Canonical-like listings: text, nulls, lists of text (empty and null too), dates, floats, open and closed."""
    return pl.DataFrame(
        {
            "listing_id": [f"L-{row}" for row in range(rows)],
            "company": [None if row % 11 == 0 else f"Company {row % 13} — ünïcode" for row in range(rows)],
            "field": [None if row % 7 == 0 else f"field {row % 3}" for row in range(rows)],
            "skills": [None if row % 17 == 0 else [f"skill {row % 5}"] * (row % 3) for row in range(rows)],
            "countries": [["US", "CA"][: row % 3] for row in range(rows)],
            "pay_hourly_usd": [None if row % 4 == 0 else 15.5 + row for row in range(rows)],
            "posted_date": [dt.date(2026, 1, 1) + dt.timedelta(days=row % 300) for row in range(rows)],
            "active": [None if row % 9 == 0 else row % 2 == 0 for row in range(rows)],
        },
        schema_overrides={"skills": pl.List(pl.String), "countries": pl.List(pl.String)},
    )


def source(tmp_path: Path, rows: int = 500) -> Path:
    path = tmp_path / "listings.parquet"
    listings(rows).write_parquet(path, row_group_size=97)
    return path


def test_a_copy_reads_as_the_file_reads_in_one_chunk_per_column(tmp_path: Path, copies_dir: Path) -> None:
    path = source(tmp_path)
    expected = read_open_first(path)
    assert listing_cache.read(path) is None  # no copy yet
    written = listing_cache.write(path, expected)
    assert written is not None and written.parent == copies_dir
    copied = listing_cache.read(path)
    assert copied is not None
    assert_frame_equal(copied, expected)
    assert copied.schema == pl.read_parquet_schema(path)
    assert copied.n_chunks("all") == [1] * copied.width


def anonymous_kb(address: int) -> int:
    """The private (anonymous) memory, in kB, of the mapping holding `address` (/proc/self/smaps)."""
    inside = False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if region := re.match(r"([0-9a-f]+)-([0-9a-f]+) ", line):
            inside = int(region[1], 16) <= address < int(region[2], 16)
        elif inside and line.startswith("Anonymous:"):
            return int(line.split()[1])
    raise AssertionError("the mapping is not in /proc/self/smaps")


def copied_file(tmp_path: Path, rows: int) -> tuple[pl.DataFrame, Path, pl.DataFrame, int]:
    """(the frame a listings file of `rows` reads as, its copy's path, the copy read back, the copy's size)."""
    path = source(tmp_path, rows=rows)
    expected = read_open_first(path)
    written = listing_cache.write(path, expected)
    copied = listing_cache.read(path)
    assert copied is not None and written is not None
    return expected, written, copied, written.stat().st_size


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_pinning_makes_the_copy_private_memory_under_the_same_buffers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing_cache, "_MAPPINGS", [])
    expected, written, copied, size = copied_file(tmp_path, 20_000)
    [mapping] = [ref() for ref in listing_cache._MAPPINGS]
    address = pa.py_buffer(mapping).address
    del mapping
    assert anonymous_kb(address) == 0  # mapped from the page cache: the kernel may drop it
    sliced = copied.slice(100, 50)  # a view of the same buffers, as the pages' slices are
    assert listing_cache.pin() == size
    assert anonymous_kb(address) == -(-size // mmap.PAGESIZE) * mmap.PAGESIZE // 1024  # every page, never dropped
    assert listing_cache.pin() == 0  # once
    # Every page is the process's own now: the file no longer backs the frame, even emptied in place.
    with written.open("r+b") as handle:
        handle.write(b"\0" * size)
    assert_frame_equal(copied, expected)
    assert_frame_equal(sliced, expected.slice(100, 50))


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_the_pages_of_unpinned_columns_stay_file_backed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns read only for the rows shown are not pinned: their pages (whole pages of their buffers, a list's values
    and a string's data included) stay the file's, and every other page is pinned as before."""
    monkeypatch.setattr(listing_cache, "_MAPPINGS", [])
    monkeypatch.setattr(listing_cache, "UNPINNED", frozenset({"company", "skills"}))
    expected, written, copied, size = copied_file(tmp_path, 40_000)
    [copy] = listing_cache._MAPPINGS
    address = pa.py_buffer(copy()).address
    ends = [0, *(stop for _, stop in copy.ranges)]  # the gaps between the ranges pinned are the pages skipped
    skipped = sum(start - end for end, (start, _) in zip(ends[:-1], copy.ranges, strict=True)) + size - ends[-1]
    assert skipped > 0.5 * (expected["company"].estimated_size() + expected["skills"].estimated_size())
    pinned = listing_cache.pin()
    assert pinned == size - skipped
    assert anonymous_kb(address) == -(-pinned // mmap.PAGESIZE) * mmap.PAGESIZE // 1024
    with written.open("r+b") as handle:  # the pinned pages are the process's: emptying the file changes none
        handle.write(b"\0" * size)
    others = [column for column in expected.columns if column not in {"company", "skills"}]
    assert_frame_equal(copied.select(others), expected.select(others))
    assert copied["company"].to_list() != expected["company"].to_list()  # still the file's pages


def test_the_unpinned_columns_are_canonical_listing_columns() -> None:
    """A renamed column would silently be pinned again: each name must be one the listings hold."""
    from data_loaders.schema import LISTINGS_SCHEMA

    assert listing_cache.UNPINNED <= set(LISTINGS_SCHEMA)


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_pinning_goes_in_paused_steps_and_a_second_caller_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's pin is gentle (a pause after every step: the page copies slow the other threads); the benchmark
    asks for it too and must find it done when its own call returns."""
    monkeypatch.setattr(listing_cache, "_MAPPINGS", [])
    monkeypatch.setattr(listing_cache, "PIN_STEP", 64 << 10)
    monkeypatch.setattr(listing_cache, "PIN_PAUSE_S", 0.02)
    path = source(tmp_path, rows=20_000)
    written = listing_cache.write(path, read_open_first(path))
    copied = listing_cache.read(path)
    assert copied is not None and written is not None
    address = pa.py_buffer(listing_cache._MAPPINGS[0]()).address
    steps = -(-written.stat().st_size // (64 << 10))
    background = threading.Thread(target=listing_cache.pin)
    began = time.perf_counter()
    background.start()
    while listing_cache._MAPPINGS:  # until the background pass has taken the copy over
        time.sleep(0.002)
    assert listing_cache.pin() == 0  # the pass under way pinned it: this call waited for it
    assert time.perf_counter() - began >= 0.02 * steps * 0.9  # a pause after every step
    assert anonymous_kb(address) == -(-written.stat().st_size // mmap.PAGESIZE) * mmap.PAGESIZE // 1024
    background.join()


def test_a_copy_nobody_uses_any_longer_is_not_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing_cache, "_MAPPINGS", [])
    path = source(tmp_path, rows=5_000)
    listing_cache.write(path, read_open_first(path))
    copied = listing_cache.read(path)
    assert copied is not None
    kept = copied.select("pay_hourly_usd")  # a selection keeps the mapping alive, as the pages' frames do
    del copied
    gc.collect()
    assert listing_cache.pin() > 0
    listing_cache.read(path)  # read, and dropped at once (a read for a file that changed meanwhile)
    gc.collect()
    assert listing_cache.pin() == 0  # no longer mapped: nothing to pin
    assert kept.height == 5_000


def test_a_changed_file_never_gets_the_old_copy_and_its_new_copy_replaces_it(tmp_path: Path, copies_dir: Path) -> None:
    path = source(tmp_path)
    old = listing_cache.write(path, read_open_first(path))
    listings(600).write_parquet(path)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # another modification time, whatever the clock's resolution
    assert listing_cache.read(path) is None
    new = listing_cache.write(path, read_open_first(path))
    assert new is not None and old is not None and new != old
    assert sorted(copies_dir.iterdir()) == [new]  # the old version's copy is gone
    copied = listing_cache.read(path)
    assert copied is not None and copied.height == 600


def test_copies_of_two_files_live_side_by_side(tmp_path: Path, copies_dir: Path) -> None:
    first = source(tmp_path)
    second = tmp_path / "other.parquet"
    listings(300).write_parquet(second)
    listing_cache.write(first, read_open_first(first))
    listing_cache.write(second, read_open_first(second))
    assert len(list(copies_dir.iterdir())) == 2
    assert listing_cache.read(first).height == 500  # type: ignore[union-attr]
    assert listing_cache.read(second).height == 300  # type: ignore[union-attr]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other frame"])
def test_a_broken_or_foreign_copy_is_removed_and_ignored(tmp_path: Path, damage: str) -> None:
    path = source(tmp_path)
    written = listing_cache.write(path, read_open_first(path))
    assert written is not None
    if damage == "truncated":
        written.write_bytes(written.read_bytes()[:200])
    elif damage == "garbage":
        written.write_bytes(b"not an arrow file at all")
    else:  # a well-formed copy of something else (rows missing): the footer's row count tells
        listings(20).write_ipc(written)
    assert listing_cache.read(path) is None
    assert not written.exists()


def test_small_files_get_no_copy(tmp_path: Path, copies_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing_cache, "MIN_ROWS", 501)
    path = source(tmp_path)
    assert listing_cache.write(path, read_open_first(path)) is None
    assert not copies_dir.exists()


def test_off_means_no_copy_is_written_or_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = source(tmp_path)
    listing_cache.write(path, read_open_first(path))
    monkeypatch.setenv(listing_cache.CACHE_ENV, "off")
    assert listing_cache.cache_dir() is None
    assert listing_cache.read(path) is None
    assert listing_cache.write(path, read_open_first(path)) is None


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(listing_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert listing_cache.cache_dir() == tmp_path / "xdg" / "internship-insights"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert listing_cache.cache_dir() == Path.home() / ".cache" / "internship-insights"


def test_an_unwritable_folder_keeps_no_copy_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setenv(listing_cache.CACHE_ENV, str(blocker / "copies"))
    path = source(tmp_path)
    assert listing_cache.write(path, read_open_first(path)) is None
    assert listing_cache.read(path) is None


@pytest.mark.realdata
def test_the_bundled_sample_and_a_real_list_round_trip(tmp_path: Path, realdata: Path) -> None:
    """Canonical listings as the app makes them: the bundled sample's file, and a real community list loaded."""
    from data_loaders import load_listings

    loaded = load_listings(realdata / "simplify-summer2025" / "listings.json").frame
    real = tmp_path / "real.parquet"
    loaded.write_parquet(real)
    for path in (Path(__file__).resolve().parents[2] / "sample_data" / "listings.parquet", real):
        expected = read_open_first(path)
        assert listing_cache.write(path, expected) is not None
        copied = listing_cache.read(path)
        assert copied is not None
        assert_frame_equal(copied, expected)
