"""The load worker: `python -m data_loaders.isolation_worker JOB_DIR` loads one source under resource limits.

It runs the ordinary in-process loaders, so a file loads exactly as `load_any` would load it; only a
crash, a runaway allocation or an endless parse stays here instead of taking the server down. The
limits are set before the job's input is read (in a cold worker, before polars is imported; a standby,
see `data_loaders.isolation_standby`, imports the loaders and loads two built-in samples first), and the
worker dies with its parent (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

from data_loaders import isolation_protocol as protocol

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies, so no orphan outlives the server."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the parent's wall-clock limit still ends the worker
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _set_limits(limits: dict[str, Any]) -> None:
    """Address space (a backstop against one giant allocation), CPU seconds, output file size, no core dumps.

    The CPU limit counts from now: a standby worker has already spent CPU time warming up."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(usage.ru_utime + usage.ru_stime + 1)
    for which, value, grace in (
        (resource.RLIMIT_AS, limits["address_space_bytes"], 0),
        (resource.RLIMIT_CPU, limits["cpu_seconds"] + spent, 2),
        (resource.RLIMIT_FSIZE, limits["max_output_bytes"] + 1024 * 1024, 0),
        (resource.RLIMIT_CORE, 0, 0),
    ):
        _, hard = resource.getrlimit(which)
        ceiling = None if hard == resource.RLIM_INFINITY else hard
        soft = int(value) if ceiling is None else min(int(value), ceiling)
        # A hard CPU limit two seconds after the soft one turns an ignored SIGXCPU into a SIGKILL.
        resource.setrlimit(which, (soft, soft + grace if ceiling is None else min(soft + grace, ceiling)))
    # Writing past RLIMIT_FSIZE then fails with EFBIG (reported as too large) instead of killing us.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _fault(name: str) -> None:
    """Test-only misbehaviour, to prove the parent survives each kind of failure."""
    if name == "abort":
        os.abort()
    if name == "segfault":
        ctypes.string_at(0)
    if name == "allocate":
        hog = []
        while True:
            hog.append(b"x" * (64 * 1024 * 1024))  # b"x" * n writes every page, so it counts in RSS
    if name == "sleep":
        time.sleep(3600)
    if name == "panic":
        # Imported after the resource limits are set (see the module docstring).
        from polars.exceptions import PanicException

        raise PanicException("test-only panic")
    if name == "exit":
        os._exit(3)


def _load(job: dict[str, Any], job_dir: Path) -> Any:
    """Run the in-process loader the job asks for (the same call a caller would make without isolation)."""
    # Imported after the resource limits are set (see the module docstring).
    from data_loaders import load_any, load_listings, load_outcomes

    source: Any = job["source"]
    if job["source_type"] == "bytes":
        source = (job_dir / protocol.INPUT_FILE).read_bytes()
    options = {
        "name": job.get("name"),
        "table": job.get("table"),
        "query": job.get("query"),
        "mapping": job.get("mapping"),
    }
    dedupe = job.get("dedupe") or "collapse"
    if job.get("kind") == "outcome_counts" and job["source_type"] == "url":
        # Counts of a database's applications: the database aggregates them (data_loaders.sql_counts).
        from data_loaders.sql_counts import count_outcomes

        return count_outcomes(source, table=options["table"], query=options["query"], mapping=options["mapping"])
    if job.get("kind") == "listings":
        return load_listings(source, **options, dedupe=dedupe)
    if job.get("kind") == "outcomes":
        return load_outcomes(source, **options)
    return load_any(source, **options, dedupe=dedupe)


def _run(job_dir: Path) -> dict[str, Any]:
    """Load the job and write the frame; the returned dict becomes result.json."""
    # Imported after the resource limits are set (see the module docstring).
    from data_loaders.errors import LoadError

    job = json.loads((job_dir / protocol.JOB_FILE).read_text(encoding="utf-8"))
    fault = os.environ.get(protocol.FAULT_ENV)
    if fault:
        _fault(fault)
    try:
        result = _load(job, job_dir)
    except LoadError as error:
        return {"outcome": protocol.LOAD_ERROR, "error": protocol.error_to_json(error)}
    size, cap = int(result.frame.estimated_size()), int(job["limits"]["max_output_bytes"])
    if size > cap:
        return {"outcome": protocol.TOO_LARGE, "size_bytes": size}
    try:
        result.frame.write_ipc(job_dir / protocol.FRAME_FILE, compression="uncompressed")
        if result.merged is not None and result.merged.height:
            result.merged.write_ipc(job_dir / protocol.MERGED_FILE, compression="uncompressed")
    except OSError:
        return {"outcome": protocol.TOO_LARGE, "size_bytes": size}
    return {"outcome": protocol.OK, "kind": result.kind, "report": protocol.report_to_json(result.report)}


# Tiny built-in samples a standby loads before it waits, so the look-up tables are built ahead of the job.
_WARM_LISTINGS = (
    b"Company,Title,Location,Salary,Skills,Season,Date Posted,Work Mode,Sponsorship,Description\n"
    b'Acme,Data Science Intern,"Austin, TX; Remote",$20-$25/hr,Python; SQL,Summer 2026,2026-01-05,Hybrid,Yes,'
    b'"We use Python, SQL and React. Paid 20 USD per hour, summer 2026, remote possible."\n'
    b'Globex,Software Engineering Intern,"London, UK",\xc2\xa31.2K per month,Java,Fall,"Jan 5, 2026",On Site,No,Build APIs\n'
)
_WARM_OUTCOMES = (
    b"applicant_id,listing_id,company,title,field,stage,applied_date,major\n"
    b"a1,l1,Acme,Data Science Intern,Data Science,offer,2026-01-05,Computer Science\n"
)


def _warm_up() -> None:
    """Load the built-in samples once (a standby's preparation; any failure only makes the job slower)."""
    from data_loaders import load_listings, load_outcomes

    for load, data in ((load_listings, _WARM_LISTINGS), (load_outcomes, _WARM_OUTCOMES)):
        try:
            load(data, name="warm-up.csv")
        except Exception:  # warming is best effort: the real load reports its own errors
            pass


def _await_job() -> Path | None:
    """A standby: warm up, then read the job folder's path from standard input (None when the server is gone)."""
    _warm_up()
    os.write(1, b"ready\n")  # the parent's `isolation_standby.ready()` reads nothing more
    line = sys.stdin.buffer.readline().decode("utf-8", "replace").strip()
    if not line:
        return None
    job_dir = Path(line)
    # From here on, what the worker writes to stderr belongs to this job (a cold worker gets it from the parent).
    descriptor = os.open(job_dir / protocol.STDERR_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    return job_dir


def main(argv: list[str]) -> int:
    """Entry point: argv is [JOB_DIR, PARENT_PID], or ["-", PARENT_PID] for a standby that reads JOB_DIR from stdin."""
    parent_pid = int(argv[1])
    _die_with_parent(parent_pid)
    if argv[0] == "-":
        waited = _await_job()
        if waited is None:
            return 0
        job_dir = waited
    else:
        job_dir = Path(argv[0])
    _set_limits(json.loads((job_dir / protocol.JOB_FILE).read_text(encoding="utf-8"))["limits"])
    try:
        payload = _run(job_dir)
    except MemoryError:
        payload = {"outcome": protocol.KILLED_MEMORY}
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        payload = {"outcome": protocol.CRASHED, "detail": f"{type(exc).__name__}: {str(exc)[:200]}"}
    payload["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    protocol.write_json(job_dir / protocol.RESULT_FILE, payload)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # The answer is written: leave without interpreter shutdown, whose native destructors (pyarrow's or polars'
    # thread pools still winding down) can abort ("terminate called without an active exception") and turn a
    # finished load into a reported crash.
    os._exit(code)
