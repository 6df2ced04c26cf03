"""Measuring helpers shared by the app benchmarks: resident memory now and at peak, a block's own RSS peak, median
wall times, and what machine the figures were taken on."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def settled_rss_mb(seconds: float = 3.0) -> float:
    """Resident memory after `seconds` of quiet: polars' allocator hands freed pages back over its decay time (0.5 s
    dirty, 1 s muzzy), so RSS read right after a burst of work still counts ~100-300 MB freed a moment before."""
    time.sleep(seconds)
    return rss_mb()


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler:
    """The highest RSS seen while a block runs (sampled every 20 ms): a block's own peak, unlike ru_maxrss."""

    def __enter__(self) -> RssSampler:
        self.peak, self._stop = rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    """Median wall milliseconds of `repeat` runs, and every run's."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), runs


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    memory = 0.0
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except (OSError, IndexError, ValueError):
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
