"""Fixtures for the collector tests: a scripted local HTTP server and documented-shape board answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.collect.server import ScriptedServer

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "realdata"
ASHBY_DIR = SHARED / "ashby-raw-job-boards"
# Short timeouts and back-offs keep the whole folder fast; the client's behaviour is the same.
FAST = """
[collect]
timeout_seconds = 0.6
retries = 2
backoff_seconds = 0.05
per_host_per_second = 0
concurrency = 4
max_wait_seconds = 5
"""


@pytest.fixture()
def server() -> Iterator[ScriptedServer]:
    """A running scripted server, stopped after the test."""
    with ScriptedServer() as running:
        yield running


def fixture_bytes(name: str) -> bytes:
    """A fixture file's bytes."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> object:
    """A fixture file parsed."""
    return json.loads(fixture_bytes(name))


def need_shared(path: Path) -> Path:
    """`path` under ../shared, or skip with the reason (a fresh clone has no ../shared)."""
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared real data lives beside the project, not in it)")
    return path
