"""The warm standby worker: same answers as a cold worker, one job each, a successor after each job, no leftovers."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from data_loaders import LoadError, isolation_standby, load_listings, load_outcomes
from data_loaders.isolation import Limits, load_isolated, load_isolated_with_stats
from data_loaders.isolation_protocol import FAULT_ENV
from tests.data_loaders.test_isolation import _children

LISTINGS = (
    b'company,title,location,salary,skills\nAcme,Data Intern,"Austin, TX",$30/hr,Python; SQL\n'
    b"Beta,SWE Intern,Remote,\xe2\x82\xb9 10000 /month,golang\n"
)
OUTCOMES = b"ApplicationID,Company,JobTitle,ApplicationDate,FinalStatus\nA1,Acme,Intern,2024-09-01,Rejected\n"


@pytest.fixture(autouse=True)
def _clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each test starts and ends without a standby; job folders go to a folder of this test only."""
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(jobs))
    monkeypatch.delenv(FAULT_ENV, raising=False)
    isolation_standby.shutdown()
    yield
    isolation_standby.shutdown()
    assert list(jobs.iterdir()) == [], "a job folder was left behind"
    assert _children() == [], "a worker process was left behind"


def _standby_pid() -> int:
    """The pid of the ready standby (after waiting for it to warm up)."""
    assert isolation_standby.ready(timeout=60), "no standby became ready"
    process = isolation_standby._READY
    assert process is not None
    return process.pid


def test_without_prepare_no_worker_waits() -> None:
    load_isolated(LISTINGS, kind="listings", name="x.csv")
    assert not isolation_standby.ready(timeout=0.5)
    assert _children() == []


def test_a_standby_serves_one_job_with_the_cold_answer_and_is_replaced() -> None:
    isolation_standby.prepare()
    first = _standby_pid()
    listings = load_isolated(LISTINGS, kind="listings", name="x.csv")
    cold = load_listings(LISTINGS, name="x.csv")
    assert_frame_equal(listings.frame, cold.frame)
    assert asdict(listings.report) == asdict(cold.report)
    second = _standby_pid()
    assert second != first, "a standby served a second job"
    outcomes = load_isolated(OUTCOMES, kind="outcomes", name="o.csv")
    assert_frame_equal(outcomes.frame, load_outcomes(OUTCOMES, name="o.csv").frame)
    assert _standby_pid() not in (first, second)


def test_a_load_error_in_a_standby_reaches_the_caller() -> None:
    isolation_standby.prepare()
    _standby_pid()
    with pytest.raises(LoadError, match="empty|no rows|header"):
        load_isolated(b"", kind="listings", name="empty.csv")


def test_the_wall_limit_ends_a_standby_job() -> None:
    isolation_standby.prepare()
    _standby_pid()
    big = LISTINGS + b"".join(b'Acme %d,Data Intern,"Austin, TX",$30/hr,Python\n' % i for i in range(200_000))
    result, stats = load_isolated_with_stats(big, kind="listings", name="big.csv", limits=Limits(wall_seconds=0.2))
    assert isinstance(result, LoadError) and "took longer than" in str(result)
    assert stats.outcome == "timeout"


def test_a_dead_standby_falls_back_to_a_cold_worker() -> None:
    isolation_standby.prepare()
    os.kill(_standby_pid(), 9)
    result = load_isolated(LISTINGS, kind="listings", name="x.csv")
    assert result.frame.height == 2


def test_a_fault_never_reaches_a_standby_and_a_standby_never_inherits_one(monkeypatch: pytest.MonkeyPatch) -> None:
    isolation_standby.prepare()
    waiting = _standby_pid()
    monkeypatch.setenv(FAULT_ENV, "exit")
    with pytest.raises(LoadError, match="crashed"):
        load_isolated(LISTINGS, kind="listings", name="x.csv")
    assert _standby_pid() == waiting, "the faulty load took the standby"
    monkeypatch.delenv(FAULT_ENV)
    assert load_isolated(LISTINGS, kind="listings", name="x.csv").frame.height == 2
    environ = Path(f"/proc/{_standby_pid()}/environ").read_bytes()
    assert FAULT_ENV.encode() not in environ


def test_shutdown_ends_the_standby() -> None:
    isolation_standby.prepare()
    _standby_pid()
    isolation_standby.shutdown()
    assert _children() == []


@pytest.mark.parametrize("pause", [0.0, 0.005, 0.02, 0.05])
def test_a_shutdown_while_a_standby_starts_leaves_no_worker(pause: float) -> None:
    """The spawner may be starting a standby when the shutdown comes (a load just ended, or prepare() was just
    called): the shutdown waits until that one is ended, so no worker outlives it."""
    for _ in range(3):
        isolation_standby.prepare()
        time.sleep(pause)
        isolation_standby.shutdown()
        assert _children() == []
