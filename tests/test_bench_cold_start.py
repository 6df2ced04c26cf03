"""benchmarks/bench_browser_cold_start.py: the per-process counters it reads from /proc."""

from __future__ import annotations

import os
import resource
from pathlib import Path

import pytest

from benchmarks import bench_browser_cold_start as bench

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux's /proc")


def test_major_faults_are_the_kernels_count_for_the_process() -> None:
    counted = bench._major_faults(os.getpid())
    assert counted == resource.getrusage(resource.RUSAGE_SELF).ru_majflt


def test_cpu_seconds_grow_with_work() -> None:
    before = bench._cpu_s(os.getpid())
    deadline = resource.getrusage(resource.RUSAGE_SELF).ru_utime + 0.05
    while resource.getrusage(resource.RUSAGE_SELF).ru_utime < deadline:
        sum(range(10_000))
    assert bench._cpu_s(os.getpid()) > before
