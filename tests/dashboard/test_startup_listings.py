"""dashboard/startup_listings.py: the listings read begun while a fresh server imports its modules, handed over once."""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import serve, startup_gate, startup_listings
from dashboard.dataset import read_sample
from dashboard.sample_location import sample_paths
from data_loaders.listing_order import open_first, read_open_first


@pytest.fixture(autouse=True)
def empty_slot() -> Iterator[None]:
    startup_listings._take()
    yield
    early = startup_listings._take()
    if early is not None:
        early.done.wait(30)


def listings_frame(rows: int, seed: int) -> pl.DataFrame:
    """A small frame with the kinds of columns canonical listings have (text, lists of text, dates, nulls)."""
    return pl.DataFrame(
        {
            "listing_id": [f"L{seed}-{row}" for row in range(rows)],
            "field": [None if row % 7 == seed % 7 else f"field {row % 3}" for row in range(rows)],
            "skills": [[f"skill {(row + seed) % 5}"] * (row % 3) for row in range(rows)],
            "pay_hourly_usd": [None if row % 4 == 0 else 15.0 + row + seed for row in range(rows)],
            "posted_date": [dt.date(2026, 1, 1) + dt.timedelta(days=(row * seed) % 300) for row in range(rows)],
            "active": [row % 2 == 0 for row in range(rows)],
        }
    )


def write_in_pieces(frame: pl.DataFrame, path: Path) -> Path:
    """`frame` as Parquet with several row groups (so the read gives several chunks for `rechunk` to join)."""
    frame.write_parquet(path, row_group_size=max(1, frame.height // 3))
    return path


@pytest.mark.parametrize(("rows", "seed"), [(0, 1), (1, 2), (50, 3), (1_000, 4), (4_321, 5)])
def test_the_early_read_hands_over_the_frame_the_plain_read_gives(tmp_path: Path, rows: int, seed: int) -> None:
    path = write_in_pieces(listings_frame(rows, seed), tmp_path / "listings.parquet")
    assert startup_listings.begin(path)
    assert startup_listings.pending()
    early = startup_listings.read_listings(path)
    assert not startup_listings.pending()  # handed over once
    plain = read_open_first(path)  # what dataset.read_sample reads itself: open listings first (listing_order.py)
    assert_frame_equal(early, plain)
    assert all(count == 1 for count in early.n_chunks("all"))


def test_a_file_changed_after_the_read_began_is_read_again(tmp_path: Path) -> None:
    path = write_in_pieces(listings_frame(300, 1), tmp_path / "listings.parquet")
    assert startup_listings.begin(path)
    startup_listings._SLOT[0].done.wait(30)
    changed = listings_frame(301, 2)
    write_in_pieces(changed, path)
    os.utime(path, ns=(1, 1))  # a different modification time even on a coarse clock
    assert_frame_equal(startup_listings.read_listings(path), open_first(changed))


def test_another_path_is_read_itself_and_the_early_read_is_dropped(tmp_path: Path) -> None:
    first = write_in_pieces(listings_frame(100, 1), tmp_path / "first.parquet")
    second = write_in_pieces(listings_frame(120, 2), tmp_path / "second.parquet")
    assert startup_listings.begin(first)
    assert not startup_listings.begin(second)  # one read at a time: the first one is kept
    assert_frame_equal(startup_listings.read_listings(second), open_first(listings_frame(120, 2)))
    assert not startup_listings.pending()  # nothing left holding the first file's frame
    assert_frame_equal(startup_listings.read_listings(first), open_first(listings_frame(100, 1)))


def test_a_missing_or_broken_file_fails_as_the_plain_read_does(tmp_path: Path) -> None:
    missing = tmp_path / "missing.parquet"
    assert not startup_listings.begin(missing)
    with pytest.raises(FileNotFoundError):
        startup_listings.read_listings(missing)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really parquet")
    assert startup_listings.begin(broken)
    with pytest.raises(pl.exceptions.ComputeError):
        startup_listings.read_listings(broken)


def test_read_sample_takes_the_early_read_of_its_own_listings(tmp_path: Path) -> None:
    path = write_in_pieces(listings_frame(500, 6), tmp_path / "listings.parquet")
    assert startup_listings.begin(path)
    dataset = read_sample(path, tmp_path / "outcomes.parquet")
    assert not startup_listings.pending()
    assert_frame_equal(dataset.listings, read_open_first(path))  # open listings first


def test_the_reading_thread_imports_no_module(tmp_path: Path) -> None:
    """The read overlaps the main thread's imports; a read that imported a module itself could meet one half done."""
    path = write_in_pieces(listings_frame(2_000, 7), tmp_path / "listings.parquet")
    code = (
        "import sys, pathlib, polars\n"
        "from dashboard import startup_listings as s\n"
        "before = set(sys.modules)\n"
        f"s.read_canonical(pathlib.Path({str(path)!r}))\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert ast.literal_eval(done.stdout.strip().splitlines()[-1]) == []


def test_serve_begins_the_read_before_the_pages_imports_and_the_overview(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit.web.cli as streamlit_cli

    from dashboard import warmup

    order: list[str] = []
    prepared = threading.Event()

    def begin(path: Path) -> bool:
        order.append(f"begin {path.name}")
        return True

    def imports(**_: object) -> None:
        order.append("imports")

    def prepare() -> None:
        order.append("prepare")
        prepared.set()

    monkeypatch.setattr(startup_listings, "begin", begin)
    monkeypatch.setattr(warmup, "import_page_modules", imports)
    monkeypatch.setattr(serve, "wrap_server_app", lambda: None)  # Streamlit's server stays as it is
    monkeypatch.setattr(serve, "prepare", prepare)
    from streamlit.web import bootstrap

    monkeypatch.setattr(bootstrap, "_on_server_start", lambda server: None)
    monkeypatch.setattr(streamlit_cli, "main", lambda *args, **kwargs: bootstrap._on_server_start(None))
    serve.main([])
    assert prepared.wait(10)
    assert startup_gate.wait()
    assert order[0] == f"begin {sample_paths()[0].name}"  # before any other import
    assert sorted(order[1:]) == ["imports", "prepare"]


def test_serve_leaves_a_collected_store_to_its_own_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write_in_pieces(listings_frame(10, 1), tmp_path / "listings.parquet")
    (tmp_path / "last_run.json").write_text("{}")
    monkeypatch.setenv("INSIGHTS_SAMPLE_DIR", str(tmp_path))
    begun: list[Any] = []
    monkeypatch.setattr(startup_listings, "begin", begun.append)
    serve.begin_listings_read()
    assert begun == []
    monkeypatch.setenv("INSIGHTS_SAMPLE_DIR", str(tmp_path / "elsewhere"))
    serve.begin_listings_read()
    assert begun == [tmp_path / "elsewhere" / "listings.parquet"]  # begin itself declines a missing file


def test_a_big_file_is_copied_after_the_first_page_and_the_next_start_maps_and_then_pins_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data_loaders import listing_cache

    monkeypatch.setenv(listing_cache.CACHE_ENV, str(tmp_path / "copies"))
    monkeypatch.setattr(listing_cache, "MIN_ROWS", 1_000)
    first_page = threading.Event()
    monkeypatch.setattr(startup_listings.first_page, "wait_first_page", first_page.wait)
    monkeypatch.setattr(startup_listings.first_page, "wait_background", first_page.wait)  # the warm-up's end
    written: list[threading.Thread] = []
    keep = startup_listings.keep_copy_later
    monkeypatch.setattr(startup_listings, "keep_copy_later", lambda *a: written.append(keep(*a)) or written[-1])
    path = write_in_pieces(listings_frame(4_321, 5), tmp_path / "listings.parquet")
    assert_frame_equal(startup_listings.read_canonical(path), read_open_first(path))
    assert len(written) == 1 and not (tmp_path / "copies").exists()  # nothing written before the first page
    first_page.set()
    written[0].join(30)
    copy = listing_cache.copy_path(path, tmp_path / "copies")
    assert copy.is_file()
    first_page.clear()
    pinned: list[threading.Thread] = []
    pin_later = startup_listings.pin_later
    monkeypatch.setattr(startup_listings, "pin_later", lambda: pinned.append(pin_later()) or pinned[-1])
    monkeypatch.setattr(listing_cache, "_MAPPINGS", [])
    again = startup_listings.read_canonical(path)  # a fresh server: the copy, mapped; no second copy written
    assert_frame_equal(again, read_open_first(path))
    assert len(written) == 1
    assert len(pinned) == 1 and len(listing_cache._MAPPINGS) == 1  # not pinned while the server is busy
    first_page.set()
    pinned[0].join(30)
    assert listing_cache._MAPPINGS == []  # pinned: the copy's pages are the process's own
    assert_frame_equal(again, read_open_first(path))
    small = write_in_pieces(listings_frame(999, 6), tmp_path / "small.parquet")
    startup_listings.read_canonical(small)
    assert len(written) == 1  # a small file reads fast enough: no copy


def test_reading_a_copy_imports_no_module_either(tmp_path: Path) -> None:
    path = write_in_pieces(listings_frame(2_000, 7), tmp_path / "listings.parquet")
    code = (
        "import os, sys, pathlib, polars\n"
        f"os.environ['INSIGHTS_CACHE_DIR'] = {str(tmp_path / 'copies')!r}\n"
        "from dashboard import startup_listings as s\n"
        "from data_loaders import listing_cache\n"
        "from data_loaders.listing_order import read_open_first\n"
        "listing_cache.MIN_ROWS = 0\n"
        f"path = pathlib.Path({str(path)!r})\n"
        "assert listing_cache.write(path, read_open_first(path)) is not None\n"
        "before = set(sys.modules)\n"
        "s.read_canonical(path)\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert ast.literal_eval(done.stdout.strip().splitlines()[-1]) == []
