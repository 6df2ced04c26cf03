"""The HTTP client's politeness on its own: per-host rate, Retry-After forms, a too-long wait, the body cap."""

from __future__ import annotations

import time

from data_loaders.collect.client import HttpClient, retry_after_seconds
from data_loaders.collect.config import Settings
from tests.collect.server import Answer, ScriptedServer


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_per_host_rate_spaces_requests(server: ScriptedServer) -> None:
    server.route("/a", Answer(body=b"[]"))
    client = HttpClient(Settings(per_host_per_second=10, retries=0, timeout_seconds=2))
    started = time.monotonic()
    for _ in range(4):
        assert client.get(f"{server.base}/a").ok
    assert time.monotonic() - started >= 0.29  # four starts at least 0.1 s apart


def test_a_retry_after_longer_than_allowed_fails_at_once(server: ScriptedServer) -> None:
    server.route("/slow", Answer(429, b"", headers={"Retry-After": "3600"}))
    response = HttpClient(Settings(per_host_per_second=0, retries=3, max_wait_seconds=5, timeout_seconds=2)).get(
        f"{server.base}/slow"
    )
    assert response.attempts == 1 and "asked to wait 3600 s" in (response.error or "")


def test_a_body_over_the_cap_is_refused(server: ScriptedServer) -> None:
    server.route("/big", Answer(body=b"[" + b"1," * 600_000 + b"1]"))
    response = HttpClient(Settings(per_host_per_second=0, retries=0, max_body_mb=1, timeout_seconds=2)).get(
        f"{server.base}/big"
    )
    assert not response.ok and "larger than 1 MB" in (response.error or "")


def test_a_refused_connection_is_a_clear_error() -> None:
    response = HttpClient(Settings(per_host_per_second=0, retries=1, backoff_seconds=0.01, timeout_seconds=1)).get(
        "http://127.0.0.1:9/x"
    )
    assert response.status is None and response.attempts == 2 and "could not connect" in (response.error or "")
