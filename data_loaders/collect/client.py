"""A small polite HTTP client on the standard library: per-host rate, retries, timeouts, conditional GETs.

Retries happen on 429 (waiting what Retry-After says), on 5xx and on timeouts or dropped
connections, with exponential back-off; every other status is final. Redirects are followed by
urllib (301, 302, 303, 307, 308). Bodies are capped so a runaway response cannot fill memory.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from data_loaders.collect.config import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class Response:
    """The outcome of one logical GET (after retries)."""

    url: str  # the final URL, after redirects
    status: int | None  # None when no HTTP answer came (timeout, refused connection)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 1
    error: str | None = None  # why nothing usable came back, in words
    redirected: bool = False

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return self.status is not None and 200 <= self.status < 300 and self.error is None


class HostRateLimiter:
    """At most `per_second` request starts per host, shared by all threads."""

    def __init__(self, per_second: float) -> None:
        self._interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        """Block until this host may be asked again."""
        if self._interval <= 0:
            return
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self._interval
        if start > now:
            time.sleep(start - now)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: a number of seconds, or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class HttpClient:
    """GET with the project's User-Agent, a per-host rate, retries with back-off and a body cap."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.limiter = HostRateLimiter(settings.per_host_per_second)
        self._sleep = sleep
        # urllib's default handlers follow 301/302/303/307/308 for a GET, keeping our headers.
        self._opener = urllib.request.build_opener()

    def get(self, url: str, validators: dict[str, str] | None = None) -> Response:
        """GET `url` (with If-None-Match / If-Modified-Since from `validators`), retrying transient failures."""
        attempts = self.settings.retries + 1
        last = Response(url, None, error="not attempted")
        for attempt in range(1, attempts + 1):
            self.limiter.wait(url)
            last = self._once(url, validators or {})
            last.attempts = attempt
            wait = self._wait_before_retry(last, attempt)
            if wait is None or attempt == attempts:
                break
            self._sleep(wait)
        return last

    def _wait_before_retry(self, response: Response, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the answer is final."""
        transient = response.status is None or response.status in RETRY_STATUSES
        if not transient:
            return None
        backoff = self.settings.backoff_seconds * 2.0 ** (attempt - 1)
        if response.status == 429:
            asked = retry_after_seconds(response.headers.get("retry-after"))
            if asked is not None and asked > self.settings.max_wait_seconds:
                response.error = (
                    f"rate limited (HTTP 429) and asked to wait {asked:.0f} s, longer than max_wait_seconds"
                )
                return None
            return max(asked, 0.0) if asked is not None else backoff
        return backoff

    def _once(self, url: str, validators: dict[str, str]) -> Response:
        """One GET attempt."""
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.settings.user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "identity",
            },
        )
        if validators.get("etag"):
            request.add_header("If-None-Match", validators["etag"])
        if validators.get("last_modified"):
            request.add_header("If-Modified-Since", validators["last_modified"])
        cap = self.settings.max_body_mb * 1024 * 1024
        try:
            with self._opener.open(request, timeout=self.settings.timeout_seconds) as answer:
                body = answer.read(cap + 1)
                headers = {k.lower(): v for k, v in answer.headers.items()}
                final = answer.geturl()
                status = answer.status
        except urllib.error.HTTPError as exc:
            headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
            try:
                body = exc.read(64 * 1024)
            except (OSError, ValueError):
                body = b""
            error = None if exc.code == 304 else f"HTTP {exc.code} {exc.reason}"
            return Response(exc.geturl() or url, exc.code, body, headers, error=error)
        except TimeoutError:
            return Response(url, None, error=f"timed out after {self.settings.timeout_seconds:g} s")
        except http.client.HTTPException as exc:  # e.g. IncompleteRead: the server closed mid-body
            return Response(url, None, error=f"connection broke off mid-response ({type(exc).__name__})")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return Response(url, None, error=f"timed out after {self.settings.timeout_seconds:g} s")
            return Response(url, None, error=f"could not connect ({reason})")
        if len(body) > cap:
            return Response(
                final, status, b"", headers, error=f"response larger than {self.settings.max_body_mb} MB (max_body_mb)"
            )
        return Response(final, status, body, headers, redirected=final != url)
