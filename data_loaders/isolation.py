"""Load untrusted sources in a separate, resource-limited worker process.

A hostile or broken file can make a native reader abort (a workbook cell at XFD1048576 asks for
512 GB), panic, or parse for hours. Run in the server's own process, that kills or stalls every
user's session; here it ends one worker, and the caller gets a `LoadError` saying what happened.

Why a fresh `python -m data_loaders.isolation_worker` and not multiprocessing's fork server:
importing polars starts threads (jemalloc background threads, polars' out-of-core cleaner), and
polars itself warns that fork() after import can deadlock the child. A fresh interpreter costs
about a second (imports, then the look-up tables' first use) and shares nothing with the server; once
the Sources page has asked for it, a warm standby interpreter pays that ahead of the next upload
(`data_loaders.isolation_standby`).

Limits: RSS is polled from /proc by the parent and the worker is killed at `memory_bytes` (an
address-space limit at that size would break polars, whose allocator reserves about 1 GB of virtual
memory for 90 MB resident); RLIMIT_AS at twice that plus 2 GB stops single giant allocations;
RLIMIT_CPU and the parent's wall clock stop endless parses; RLIMIT_FSIZE and a size check cap the output.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from data_loaders import isolation_protocol as protocol
from data_loaders import isolation_standby as standby
from data_loaders.errors import LoadError
from data_loaders.files import source_bytes
from data_loaders.normalise.dedupe import empty_merged
from data_loaders.report import LoadResult
from data_loaders.urls import is_url, mask_url

_LOG = logging.getLogger(__name__)
_CORES = max(2, os.cpu_count() or 2)
BASE_WALL_SECONDS = 20.0
WALL_SECONDS_PER_MB = 1.0  # generous: the loaders read about 10 MB/s of messy CSV on one core
MAX_WALL_SECONDS = 600.0
# Resident memory a worker may use: 1.5 GiB for ordinary files (so even the overshoot between two polls stays
# under 2 GB), more for big inputs (about 6 bytes of frame work per input byte), never above 8 GiB.
BASE_MEMORY_BYTES = 3 * 1024**3 // 2
MEMORY_BYTES_PER_INPUT_BYTE = 6
# Files of many tiny rows need memory per row rather than per byte (2,000,000 rows of "C1,Intern" are 26 MB of
# text but ~1.8 GB of frames, keys and the merged-rows list at the peak): about 600 bytes of work per line.
MEMORY_BYTES_PER_LINE = 600
MAX_MEMORY_BYTES = 8 * 1024**3
MAX_CONCURRENT_WORKERS = 2  # each worker may use up to memory_bytes; more would let uploads exhaust the machine
_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_WORKERS)
_POLL_SECONDS = (0.005, 0.05)  # first and steady interval of the parent's RSS / wall-clock checks


@dataclass(frozen=True)
class Limits:
    """Resource limits for one isolated load."""

    memory_bytes: int = BASE_MEMORY_BYTES  # resident memory of the worker
    cpu_seconds: int = int(BASE_WALL_SECONDS * _CORES)  # a backstop: the wall clock normally ends it first
    wall_seconds: float = BASE_WALL_SECONDS
    max_output_bytes: int = 1024**3  # in-memory size of the loaded frame handed back

    @classmethod
    def for_size(cls, n_bytes: int, n_lines: int = 0, **overrides: Any) -> Limits:
        """Default limits with wall time, CPU time and memory scaled to an input of `n_bytes` in `n_lines` lines
        (overrides win)."""
        n_bytes = max(n_bytes, 0)
        wall = min(BASE_WALL_SECONDS + WALL_SECONDS_PER_MB * n_bytes / 1e6, MAX_WALL_SECONDS)
        work = max(MEMORY_BYTES_PER_INPUT_BYTE * n_bytes, MEMORY_BYTES_PER_LINE * max(n_lines, 0))
        memory = min(max(BASE_MEMORY_BYTES, 1024**3 + work), MAX_MEMORY_BYTES)
        return replace(cls(wall_seconds=wall, cpu_seconds=math.ceil(wall * _CORES), memory_bytes=memory), **overrides)

    @property
    def address_space_bytes(self) -> int:
        """RLIMIT_AS for the worker: far above its RSS cap, far below a runaway allocation."""
        return 2 * self.memory_bytes + 2 * 1024**3


@dataclass(frozen=True)
class WorkerStats:
    """How one isolated load went: wall time, peak resident memory and the outcome."""

    wall_seconds: float
    peak_rss_bytes: int
    outcome: str  # ok, load_error, crashed, killed_memory, timeout, too_large


def load_isolated(
    source: Any,
    *,
    kind: str | None,
    name: str | None = None,
    table: str | None = None,
    query: str | None = None,
    mapping: dict[str, str] | None = None,
    limits: Limits | None = None,
    dedupe: str = "collapse",
) -> LoadResult:
    """Load `source` like `load_any`/`load_listings`/`load_outcomes` (kind "outcome_counts" with a database URL: counted
    by the database, `data_loaders.sql_counts`), in a limited worker; raise LoadError on any failure."""
    result, _ = load_isolated_with_stats(
        source, kind=kind, name=name, table=table, query=query, mapping=mapping, limits=limits, dedupe=dedupe
    )
    if isinstance(result, LoadError):
        raise result
    return result


def load_isolated_with_stats(
    source: Any,
    *,
    kind: str | None,
    name: str | None = None,
    table: str | None = None,
    query: str | None = None,
    mapping: dict[str, str] | None = None,
    limits: Limits | None = None,
    dedupe: str = "collapse",
) -> tuple[LoadResult | LoadError, WorkerStats]:
    """Like `load_isolated`, but return the LoadError instead of raising it, with the worker's stats."""
    label = source_label(source, name)
    job: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "table": table,
        "query": query,
        "mapping": mapping,
        "dedupe": dedupe,
    }
    data: bytes | None = None
    if is_url(source) or isinstance(source, (str, Path)):
        job.update(source_type="url" if is_url(source) else "path", source=str(source))
    else:
        try:
            data, job["name"] = source_bytes(source, name)
        except LoadError as error:
            return error, WorkerStats(0.0, 0, protocol.LOAD_ERROR)
        job.update(source_type="bytes", source=None)
    limits = limits or (
        Limits.for_size(len(data), data.count(b"\n"))
        if data is not None
        else Limits.for_size(_file_size(source, job["source_type"]))
    )
    job["limits"] = {
        "memory_bytes": limits.memory_bytes,
        "cpu_seconds": limits.cpu_seconds,
        "max_output_bytes": limits.max_output_bytes,
        "address_space_bytes": limits.address_space_bytes,
    }
    started = time.monotonic()
    if not _SLOTS.acquire(timeout=limits.wall_seconds):
        busy = LoadError("The server is busy reading other files", label, "try again in a minute")
        return busy, WorkerStats(time.monotonic() - started, 0, protocol.TIMEOUT)
    try:
        return _run_job(job, data, label, limits)
    finally:
        _SLOTS.release()


def source_label(source: Any, name: str | None) -> str:
    """A printable name for a source: the file name, or the database URL with its password masked."""
    if is_url(source):
        return mask_url(source)
    if name:
        return name
    if isinstance(source, (str, Path)):
        return Path(source).name
    return Path(str(getattr(source, "name", "upload"))).name


def _file_size(source: Any, source_type: str) -> int:
    """Size of a path source in bytes (0 for a database or a missing file)."""
    if source_type != "path":
        return 0
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0


def _run_job(
    job: dict[str, Any], data: bytes | None, label: str, limits: Limits
) -> tuple[LoadResult | LoadError, WorkerStats]:
    """Write the job folder, run the worker under supervision, read its answer; the folder is always removed."""
    started = time.monotonic()
    job_dir = Path(tempfile.mkdtemp(prefix="insights-load-"))  # mode 0700: the job may hold a database password
    try:
        if data is not None:
            descriptor = os.open(job_dir / protocol.INPUT_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
        protocol.write_json(job_dir / protocol.JOB_FILE, job)
        ended = _supervise(job_dir, limits)
        outcome, answer = _read_answer(job_dir, ended, limits)
        wall = time.monotonic() - started
        peak = max(ended.peak_rss_bytes, int(answer.get("peak_rss_bytes") or 0))
        if outcome not in (protocol.OK, protocol.LOAD_ERROR):
            _LOG.warning(
                "isolated load of %s ended %s (status %s); worker stderr: %s",
                label,
                outcome,
                ended.status,
                _stderr_tail(job_dir),
            )
        if outcome == protocol.OK:
            with open(job_dir / protocol.FRAME_FILE, "rb") as handle:
                frame = pl.read_ipc(handle)  # read from a handle, not memory-mapped: the file is deleted below
            report = protocol.report_from_json(answer["report"])
            merged = None
            if (job_dir / protocol.MERGED_FILE).exists():
                with open(job_dir / protocol.MERGED_FILE, "rb") as handle:
                    merged = pl.read_ipc(handle)
            elif answer["kind"] == "listings":
                merged = empty_merged()
            return LoadResult(frame, report, answer["kind"], merged=merged), WorkerStats(wall, peak, outcome)
        return _failure(outcome, answer, label, limits), WorkerStats(wall, peak, outcome)
    finally:
        shutil.rmtree(job_dir, ignore_errors=True)
        standby.replenish()


@dataclass(frozen=True)
class _Exit:
    """How the worker process ended."""

    status: int  # the wait status
    cpu_seconds: float
    peak_rss_bytes: int
    killed_for: str | None  # KILLED_MEMORY or TIMEOUT when the parent killed it


def _supervise(job_dir: Path, limits: Limits) -> _Exit:
    """Run the worker to its end; kill its process group at the RSS cap or the wall limit."""
    process = standby.take(job_dir)
    if process is not None:
        ended = _watch_process(process, limits)
        if (job_dir / protocol.STDERR_FILE).exists():  # the standby opens it when it takes the job
            return ended
        _LOG.warning(
            "the standby load worker ended before taking its job (status %s); starting a cold one", ended.status
        )
    with open(job_dir / protocol.STDERR_FILE, "wb") as stderr:
        process = standby.start_cold(job_dir, stderr)
    return _watch_process(process, limits)


def _watch_process(process: subprocess.Popen[bytes], limits: Limits) -> _Exit:
    """Watch a started worker to its end (killing it on an interruption); mark it reaped for Popen."""
    try:
        ended = _watch(process.pid, limits)
    except BaseException:
        # Interrupted (e.g. the server shutting down): never leave the worker behind.
        _kill_group(process.pid)
        os.waitpid(process.pid, 0)
        process.returncode = -signal.SIGKILL
        raise
    process.returncode = os.waitstatus_to_exitcode(ended.status)  # reaped by os.wait4, not by Popen
    return ended


def _watch(pid: int, limits: Limits) -> _Exit:
    """Poll the worker until it exits, killing it at the limits; reap it with its resource usage."""
    started, peak, killed_for, interval = time.monotonic(), 0, None, _POLL_SECONDS[0]
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        rss = _resident_bytes(pid)
        peak = max(peak, rss)
        if rss > limits.memory_bytes:
            killed_for = protocol.KILLED_MEMORY
        elif time.monotonic() - started > limits.wall_seconds:
            killed_for = protocol.TIMEOUT
        if killed_for:
            _kill_group(pid)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(interval)
        # Near the cap, look often: memory can grow by hundreds of MB between two slow polls.
        interval = _POLL_SECONDS[0] if rss > limits.memory_bytes // 2 else min(interval * 2, _POLL_SECONDS[1])
    return _Exit(status, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss * 1024), killed_for)


def _kill_group(pid: int) -> None:
    """SIGKILL the worker's whole process group (it leads its own session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _resident_bytes(pid: int) -> int:
    """Current resident memory of a process from /proc (0 when unavailable)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _read_answer(job_dir: Path, ended: _Exit, limits: Limits) -> tuple[str, dict[str, Any]]:
    """The outcome and result.json's payload, from how the worker ended and what it wrote."""
    if ended.killed_for:
        return ended.killed_for, {}
    status = ended.status
    answer: dict[str, Any] = {}
    path = job_dir / protocol.RESULT_FILE
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and path.is_file():
        try:
            answer = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return protocol.CRASHED, {"detail": "its answer was unreadable"}
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGXCPU or (number == signal.SIGKILL and ended.cpu_seconds >= limits.cpu_seconds):
            return protocol.TIMEOUT, {}
        if number == signal.SIGKILL:  # not ours: the kernel's OOM killer
            return protocol.KILLED_MEMORY, {}
        if number == signal.SIGXFSZ:
            return protocol.TOO_LARGE, {}
        return protocol.CRASHED, {"detail": f"signal {signal.Signals(number).name}"}
    outcome = answer.get("outcome")
    if outcome not in protocol.OUTCOMES:
        return protocol.CRASHED, {"detail": f"exit code {os.waitstatus_to_exitcode(status)}"}
    if (
        outcome == protocol.OK
        and (job_dir / protocol.FRAME_FILE).stat().st_size > limits.max_output_bytes + 1024 * 1024
    ):
        return protocol.TOO_LARGE, answer
    return outcome, answer


def _failure(outcome: str, answer: dict[str, Any], label: str, limits: Limits) -> LoadError:
    """The LoadError for a load that did not succeed: what happened, where, how to fix it."""
    if outcome == protocol.LOAD_ERROR:
        return protocol.error_from_json(answer.get("error", {}))
    if outcome == protocol.KILLED_MEMORY:
        return LoadError(
            f"Reading the source needed more than {_size(limits.memory_bytes)} of memory, the limit for one load",
            label,
            "load a smaller extract (fewer rows, columns or sheets), or save it as CSV",
        )
    if outcome == protocol.TIMEOUT:
        return LoadError(
            f"Reading the source took longer than {limits.wall_seconds:.0f} seconds, the limit for one load",
            label,
            "load a smaller extract, or save it as CSV with one record per line",
        )
    if outcome == protocol.TOO_LARGE:
        shown = f" ({_size(int(answer['size_bytes']))})" if answer.get("size_bytes") else ""
        return LoadError(
            f"The loaded data would be larger{shown} than the {_size(limits.max_output_bytes)} allowed for one load",
            label,
            "load a smaller extract (fewer rows or columns)",
        )
    detail = answer.get("detail") or "no answer"
    return LoadError(
        f"The file reader crashed on this source ({detail})",
        label,
        "save the file again from the program that made it (for example as CSV UTF-8) and try again; "
        "if it still fails, report the problem with the file attached",
    )


def _size(n_bytes: int) -> str:
    """Bytes as a short human figure (MB or GB)."""
    return (
        f"{n_bytes / 1024**3:.1f} GB"
        if n_bytes >= 1024**3
        else f"{max(n_bytes / 1024**2, 0.1):.1f} MB"
        if n_bytes >= 1024**2 // 10
        else f"{n_bytes:,} bytes"
    )


def _stderr_tail(job_dir: Path) -> str:
    """The last lines the worker wrote to stderr (for the server log, never for the page)."""
    try:
        return (job_dir / protocol.STDERR_FILE).read_text(encoding="utf-8", errors="replace")[
            -2000:
        ].strip() or "(empty)"
    except OSError:
        return "(unavailable)"


__all__ = ["Limits", "WorkerStats", "load_isolated", "load_isolated_with_stats", "source_label"]
