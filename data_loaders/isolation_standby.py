"""Start load workers, and keep one warm worker ready for the next upload.

A fresh worker spends about a second before it reads a byte of the user's file: the interpreter and
polars start, and the first use of the gazetteer, the skills matcher and the pay parser builds their
look-up tables. A *standby* worker does that ahead of time: it is an ordinary fresh interpreter
(never a fork of the server, see `data_loaders.isolation`) that imports the loaders, loads two tiny
built-in samples, and then waits on its standard input for the path of a job folder. It sets the job's
resource limits, and only then reads the job's input, so the untrusted file meets the same limits as in
a cold worker; it serves exactly one job and exits, and a new standby is started for the next one.

The standby is opt-in: `prepare()` (the Sources page calls it when it is shown) starts the first one,
after which every load starts a successor when it ends (not before: its warm-up would share the load's CPU). Standbys are started from one
long-lived thread, because Linux delivers a child's parent-death signal when the *thread* that started
it ends, and the server runs each page in a short-lived thread. A standby also exits when its standard
input closes, i.e. when the server process is gone. Loads under the test-only fault variable never use
a standby (the fault belongs to the environment of the load that asked for it).
"""

from __future__ import annotations

import os
import queue
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from data_loaders import isolation_protocol as protocol

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
STANDBY_ARGUMENT = "-"  # in place of the job folder: read it from standard input
_LOCK = threading.Lock()
_READY: subprocess.Popen[bytes] | None = None
_WANTED = False  # prepare() was called: keep a standby ready from now on
_REQUESTS: queue.SimpleQueue[None] = queue.SimpleQueue()
_SPAWNER: threading.Thread | None = None
_IDLE = threading.Event()  # set while the spawner is not starting a standby (shutdown waits for it)
_IDLE.set()


def worker_env(*, with_fault: bool) -> dict[str, str]:
    """The worker's environment: ours, with the package importable and quiet native backtraces."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_PARENT, os.environ.get("PYTHONPATH")])),
        "RUST_BACKTRACE": "0",
        "PYTHONFAULTHANDLER": "1",
    }
    if not with_fault:
        env.pop(protocol.FAULT_ENV, None)
    return env


def _popen(first_argument: str, *, standby: bool, stderr: IO[bytes] | int) -> subprocess.Popen[bytes]:
    """`python -m data_loaders.isolation_worker FIRST PARENT_PID`: a job folder (cold) or "-" (a standby)."""
    # A new session: the worker and anything it starts form one group, killed together. -P: the
    # working folder is not put on sys.path, so no file there can shadow polars or data_loaders.
    return subprocess.Popen(
        [sys.executable, "-P", "-m", "data_loaders.isolation_worker", first_argument, str(os.getpid())],
        stdin=subprocess.PIPE if standby else subprocess.DEVNULL,
        stdout=subprocess.PIPE if standby else subprocess.DEVNULL,  # a standby says "ready" once warm
        stderr=stderr,
        env=worker_env(with_fault=not standby),
        start_new_session=True,
        close_fds=True,
    )


def start_cold(job_dir: Path, stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    """A fresh worker for `job_dir`, started from the calling thread (which waits for it to end)."""
    return _popen(str(job_dir), standby=False, stderr=stderr)


def take(job_dir: Path) -> subprocess.Popen[bytes] | None:
    """Hand `job_dir` to the ready standby and return it (None when there is none, or it died); start its successor."""
    global _READY
    if os.environ.get(protocol.FAULT_ENV):
        return None
    with _LOCK:
        process, _READY = _READY, None
    if process is None:
        return None
    if process.poll() is not None:
        return None
    try:
        assert process.stdin is not None
        process.stdin.write(f"{job_dir}\n".encode())
        process.stdin.close()
    except OSError:  # it died between the check and the write
        process.kill()
        process.wait()
        return None
    return process


def replenish() -> None:
    """After a job ended: start the next standby if one is wanted (not during the job, whose CPU it would share)."""
    if _WANTED:
        _request()


def prepare() -> None:
    """Keep a warm worker ready from now on (returns at once; the worker warms up in the background)."""
    global _WANTED
    with _LOCK:
        _WANTED = True
        missing = _READY is None or _READY.poll() is not None
    if missing:
        _request()


def shutdown() -> None:
    """Stop the ready standby, if any, and stop keeping one (tests and server shutdown)."""
    global _READY, _WANTED
    with _LOCK:
        process, _READY, _WANTED = _READY, None, False
    # A standby being started right now is killed by the spawner once it sees it is not wanted: wait for that,
    # so none outlives the shutdown.
    _IDLE.wait(timeout=30)
    if process is not None and process.poll() is None:
        assert process.stdin is not None
        process.stdin.close()  # the standby exits on end of input
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ready(timeout: float = 0.0) -> bool:
    """Whether a live standby has warmed up and waits for a job (waiting up to `timeout` seconds for it to say so)."""
    deadline = time.monotonic() + timeout
    while True:
        with _LOCK:
            process = _READY
        if process is not None and process.poll() is None:
            assert process.stdout is not None
            if select.select([process.stdout], [], [], max(0.0, min(0.05, deadline - time.monotonic())))[0]:
                return True
        elif time.monotonic() < deadline:
            time.sleep(0.05)
        if time.monotonic() >= deadline:
            return False


def _request() -> None:
    """Ask the spawner thread for a standby (it starts one only when none is ready)."""
    global _SPAWNER
    with _LOCK:
        if _SPAWNER is None or not _SPAWNER.is_alive():
            _SPAWNER = threading.Thread(target=_spawn_forever, name="load-worker-standby", daemon=True)
            _SPAWNER.start()
    _REQUESTS.put(None)


def _spawn_forever() -> None:
    """The spawner thread: start a standby for each request when none is ready (runs for the server's life)."""
    while True:
        _REQUESTS.get()
        with _LOCK:
            needed = _WANTED and (_READY is None or _READY.poll() is not None)
            if needed:
                _IDLE.clear()
        if needed:
            try:
                _spawn_one()
            finally:
                _IDLE.set()


def _spawn_one() -> None:
    """Start a standby and make it the ready one, or end it when it is no longer wanted (shut down meanwhile)."""
    global _READY
    try:
        spare: subprocess.Popen[bytes] | None = _popen(STANDBY_ARGUMENT, standby=True, stderr=subprocess.DEVNULL)
    except OSError:
        return  # could not start one: the next load starts a cold worker instead
    with _LOCK:
        if _WANTED and _READY is None:
            _READY, spare = spare, None
    if spare is not None:
        spare.kill()
        spare.wait()


__all__ = ["prepare", "ready", "replenish", "shutdown", "start_cold", "take", "worker_env"]
