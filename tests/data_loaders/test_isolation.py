"""Isolated loads: same result as in-process; every kind of worker failure becomes a LoadError, nothing left behind."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import LoadError, isolation_standby, load_any, load_listings, load_outcomes
from data_loaders.isolation import Limits, load_isolated, load_isolated_with_stats
from data_loaders.isolation_protocol import FAULT_ENV

ROOT = Path(__file__).resolve().parents[2]
MESSY_LISTINGS = (
    b'company,title,location,salary,skills\nAcme,Data Intern,"Austin, TX",$30/hr,Python; SQL\n'
    b",,,,\nBeta,SWE Intern,Remote,??,golang\nGamma,ML Intern,NYC,$6000/month,\n"
)
OUTCOMES = b"ApplicationID,Company,JobTitle,ApplicationDate,FinalStatus\nA1,Acme,Intern,2024-09-01,Rejected\nA2,Beta,Intern,2024-13-45,Offer\n"


@pytest.fixture(autouse=True)
def _private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Job folders go to a folder of this test only, so 'nothing left behind' is checked exactly."""
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(jobs))
    isolation_standby.shutdown()  # a warm worker an earlier test (a Sources page) asked for is not this test's child
    yield jobs
    assert list(jobs.iterdir()) == [], "a job folder was left behind"
    assert _children() == [], "a worker process was left behind"


def _children() -> list[int]:
    """Pids of live or zombie processes whose parent is this test process."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.append(int(entry))
    return found


def _same(isolated, in_process) -> None:
    assert isolated.kind == in_process.kind
    assert_frame_equal(isolated.frame, in_process.frame)
    assert asdict(isolated.report) == asdict(in_process.report)


@pytest.mark.parametrize(
    ("data", "name", "kind", "loader"),
    [
        (MESSY_LISTINGS, "jobs.csv", None, load_any),
        (MESSY_LISTINGS, "jobs.csv", "listings", load_listings),
        (OUTCOMES, "apps.csv", "outcomes", load_outcomes),
        (OUTCOMES, "apps.csv", None, load_any),
    ],
)
def test_bytes_load_exactly_like_in_process(data: bytes, name: str, kind: str | None, loader) -> None:
    _same(load_isolated(data, kind=kind, name=name), loader(data, name=name))


def test_a_path_and_a_canonical_parquet_load_like_in_process() -> None:
    path = ROOT / "sample_data" / "listings.parquet"
    result, stats = load_isolated_with_stats(path, kind=None)
    _same(result, load_any(path))
    assert stats.outcome == "ok" and 0 < stats.wall_seconds < 20 and 10 * 1024**2 < stats.peak_rss_bytes < 2 * 1024**3


def test_a_database_table_loads_and_a_bad_url_keeps_the_password_out(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "campus.db") as conn:
        conn.execute("CREATE TABLE jobs (company TEXT, title TEXT)")
        conn.executemany("INSERT INTO jobs VALUES (?, ?)", [("Acme", "Data Intern"), ("Bolt", "SWE Intern")])
    url = f"sqlite:///{tmp_path / 'campus.db'}"
    _same(load_isolated(url, kind="listings", table="jobs"), load_listings(url, table="jobs"))
    with pytest.raises(LoadError, match="Cannot reach the database") as caught:
        load_isolated("postgresql+psycopg://u:hunter2@127.0.0.1:1/db", kind="listings", table="jobs")
    assert "hunter2" not in str(caught.value)


def test_a_load_error_is_the_same_message_and_outcome() -> None:
    data = b"Spalte 1,Spalte 2\nAcme,Widget Wrangler\n"  # headers and values no alias, keyword or content rule knows
    with pytest.raises(LoadError) as expected:
        load_listings(data, name="de.csv")
    error, stats = load_isolated_with_stats(data, kind="listings", name="de.csv")
    assert isinstance(error, LoadError) and str(error) == str(expected.value)
    assert (error.what, error.where, error.fix) == (expected.value.what, expected.value.where, expected.value.fix)
    assert stats.outcome == "load_error"


def test_a_mapping_reaches_the_worker() -> None:
    result = load_isolated(
        b"Firma,Stelle\nAcme,Data Intern\n",
        kind="listings",
        name="de.csv",
        mapping={"Firma": "company", "Stelle": "title"},
    )
    assert result.frame["company"].to_list() == ["Acme"]


@pytest.mark.parametrize(
    ("fault", "limits", "outcome", "message"),
    [
        ("abort", None, "crashed", "The file reader crashed on this source (signal SIGABRT)"),
        ("segfault", None, "crashed", "The file reader crashed on this source (signal SIGSEGV)"),
        ("panic", None, "crashed", "PanicException: test-only panic"),
        ("exit", None, "crashed", "exit code 3"),
        ("sleep", Limits(wall_seconds=1.5), "timeout", "took longer than 2 seconds"),
        ("allocate", Limits(memory_bytes=300 * 1024**2), "killed_memory", "needed more than 300.0 MB of memory"),
    ],
)
def test_a_failing_worker_becomes_a_load_error_and_the_parent_lives_on(
    monkeypatch: pytest.MonkeyPatch, fault: str, limits: Limits | None, outcome: str, message: str
) -> None:
    monkeypatch.setenv(FAULT_ENV, fault)
    started = time.monotonic()
    error, stats = load_isolated_with_stats(MESSY_LISTINGS, kind="listings", name="hostile.csv", limits=limits)
    assert isinstance(error, LoadError) and message in str(error)
    assert error.where == "hostile.csv" and error.fix
    assert stats.outcome == outcome and time.monotonic() - started < 10
    if fault == "allocate":
        # Killed soon after the cap. The parent polls RSS (an address-space limit would break polars), so on a
        # loaded machine a fast allocator overshoots by what it writes between two polls; never to 2 GB.
        assert 300 * 1024**2 <= stats.peak_rss_bytes < 2 * 1024**3
    monkeypatch.delenv(FAULT_ENV)
    assert load_isolated(MESSY_LISTINGS, kind="listings", name="fine.csv").report.rows_loaded == 3


def test_a_workbook_cell_at_xfd1048576_crashes_only_the_worker() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["company", "title"])
    book.active.append(["Acme", "Data Intern"])
    book.active["XFD1048576"] = "x"  # the reader would allocate a 16,384 x 1,048,576 grid
    buffer = io.BytesIO()
    book.save(buffer)
    error, stats = load_isolated_with_stats(buffer.getvalue(), kind=None, name="far.xlsx")
    # Refused by the reader's own cap (load_error) or, without it, the reader aborts (crashed): never a dead parent.
    assert isinstance(error, LoadError) and "far.xlsx" in str(error)
    assert stats.outcome in ("crashed", "load_error") and stats.peak_rss_bytes < 2 * 1024**3


def test_an_output_over_the_cap_is_refused() -> None:
    error, stats = load_isolated_with_stats(
        ROOT / "sample_data" / "listings.parquet", kind=None, limits=Limits(max_output_bytes=10_000)
    )
    assert stats.outcome == "too_large"
    assert isinstance(error, LoadError) and "than the 10,000 bytes allowed for one load" in str(error)


def test_an_unsupported_source_is_a_load_error_without_a_worker() -> None:
    error, stats = load_isolated_with_stats(12345, kind=None)
    assert isinstance(error, LoadError) and "Unsupported source type int" in str(error)
    assert stats.outcome == "load_error" and stats.peak_rss_bytes == 0


def test_limits_scale_with_input_size() -> None:
    small, large = Limits.for_size(1_000), Limits.for_size(100_000_000)
    assert small.wall_seconds < 21 and large.wall_seconds == pytest.approx(120.0)
    assert large.cpu_seconds >= 2 * large.wall_seconds and Limits.for_size(10**12).wall_seconds == 600.0
    assert Limits.for_size(0, memory_bytes=123).memory_bytes == 123
    # Ordinary files stay well under 2 GB (room for the overshoot between polls); big inputs get more, capped.
    assert small.memory_bytes == 3 * 1024**3 // 2
    assert large.memory_bytes == 1024**3 + 6 * 100_000_000
    assert Limits.for_size(10**12).memory_bytes == 8 * 1024**3
    # Many tiny rows: memory follows the line count (2,000,000 lines of "C1,Intern" are 26 MB of text).
    assert Limits.for_size(26_000_000, 2_000_000).memory_bytes == 1024**3 + 600 * 2_000_000
    assert Limits.for_size(26_000_000, 2_000_000).memory_bytes > Limits.for_size(26_000_000).memory_bytes


def test_the_worker_dies_with_its_parent(tmp_path: Path) -> None:
    marker = tmp_path / "parent-tmp"
    marker.mkdir()
    script = (
        "import os, sys; from data_loaders.isolation import load_isolated, Limits\n"
        "load_isolated(b'company,title\\nA,B\\n', kind=None, name='x.csv', limits=Limits(wall_seconds=60))\n"
    )
    env = {**os.environ, FAULT_ENV: "sleep", "TMPDIR": str(marker), "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        assert _wait_for(lambda: _workers_under(marker), 15), "the worker never started"
    finally:
        parent.kill()
        parent.wait()
    assert _wait_for(lambda: not _workers_under(marker), 5), "the worker outlived its parent"


def _workers_under(folder: Path) -> list[int]:
    """Pids of isolation workers whose job folder is inside `folder`."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if (
            state != "Z"
            and b"data_loaders.isolation_worker" in command
            and any(str(folder).encode() in part for part in command)
        ):
            found.append(int(entry))
    return found


def _wait_for(condition, seconds: float) -> bool:
    """Poll `condition` until true or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_an_in_process_panic_becomes_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from polars.exceptions import PanicException

    import data_loaders.listings

    def panicking(raw, mapping, *options):
        raise PanicException("out of range")

    monkeypatch.setattr(data_loaders.listings, "listings_from_raw", panicking)
    with pytest.raises(LoadError, match="could not be handled"):
        load_listings(b"company,title\nA,B\n", name="x.csv")


def test_keyboard_interrupt_still_passes_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    import data_loaders.listings

    def interrupted(raw, mapping, *options):
        raise KeyboardInterrupt

    monkeypatch.setattr(data_loaders.listings, "listings_from_raw", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_listings(b"company,title\nA,B\n", name="x.csv")


def test_polars_frames_round_trip_every_canonical_dtype() -> None:
    result = load_isolated(ROOT / "sample_data" / "outcomes.parquet", kind=None)
    assert result.frame.schema == pl.read_parquet(ROOT / "sample_data" / "outcomes.parquet").schema
