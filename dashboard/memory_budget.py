"""The in-memory registry of sessions' own datasets: reload-safe tokens, a time to live, and memory caps.

Plain Python (no streamlit), so it is tested directly; `dashboard/state.py` wires it to the session and the URL.
A session's upload is kept here under an unguessable token (`secrets.token_urlsafe`), which the page also puts
in its URL (`?data=<token>`). A browser reload starts a new Streamlit session with the same URL, and the token
attaches it to the same dataset. An entry lives until it has gone unused for its time to live, until its owner
forgets it, or until the server-wide budget needs the room (least recently used first). Nothing is written
to disk.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from data_loaders.errors import LoadError

MB = 1024 * 1024
TOKEN_BYTES = 24  # 192 random bits: 32 URL-safe characters
# What a token looks like; anything else in a link is unknown without a look-up.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")
GONE_MEMORY = 4096  # how many departed tokens keep their reason (expired, evicted, forgotten) for the note

# Why a token holds no data (DatasetBudget.status).
HELD, EXPIRED, EVICTED, FORGOTTEN, UNKNOWN = "held", "expired", "evicted", "forgotten", "unknown"


def new_token() -> str:
    """A fresh unguessable token for a dataset (URL-safe, 192 random bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: object) -> bool:
    """True when `value` has the shape of a token (cheap check before any look-up)."""
    return isinstance(value, str) and TOKEN_PATTERN.fullmatch(value) is not None


@dataclass
class _Entry:
    dataset: Any
    size_bytes: int
    ttl_seconds: float
    expires_at: float


class DatasetBudget:
    """Thread-safe token -> dataset registry with a time to live, a per-dataset cap and a server-wide LRU budget.

    `clock` (seconds, monotonic) is injectable so tests can move time on.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # least recently used first
        self._gone: OrderedDict[str, str] = OrderedDict()  # token -> why it holds nothing now (bounded)
        self._lock = threading.Lock()  # sessions run in separate threads

    def store(
        self,
        token: str,
        dataset: Any,
        size_bytes: int,
        *,
        session_cap: int,
        server_cap: int,
        label: str,
        ttl_seconds: float,
    ) -> list[str]:
        """Keep `dataset` under `token` (replacing what it held); evict least recently used others; return their tokens.

        Raises LoadError (and keeps everything as it was) when the dataset is over either cap.
        """
        if not looks_like_token(token):
            raise ValueError("a dataset token must come from new_token()")
        cap = min(session_cap, server_cap)
        if size_bytes > cap:
            which = "one session may hold" if session_cap <= server_cap else "the server holds for all users"
            raise LoadError(
                f"This data needs {format_size(size_bytes)} of memory, more than the {format_size(cap)} {which}",
                label,
                "load a smaller extract (fewer rows or columns), or ask the operator to raise "
                "[insights] session_data_mb / server_data_mb in .streamlit/secrets.toml",
            )
        with self._lock:
            now = self._clock()
            self._drop_expired(now)
            self._entries.pop(token, None)
            self._gone.pop(token, None)
            self._entries[token] = _Entry(dataset, size_bytes, ttl_seconds, now + ttl_seconds)
            evicted = []
            while self._total() > server_cap:
                oldest = next(iter(self._entries))  # never the one just stored: it alone fits under the cap
                self._entries.pop(oldest)
                self._remember_gone(oldest, EVICTED)
                evicted.append(oldest)
            return evicted

    def fetch(self, token: str) -> Any | None:
        """The token's dataset (its time to live starts again, and it becomes the most recently used), else None."""
        with self._lock:
            now = self._clock()
            self._drop_expired(now)
            entry = self._entries.get(token)
            if entry is None:
                return None
            entry.expires_at = now + entry.ttl_seconds
            self._entries.move_to_end(token)
            return entry.dataset

    def status(self, token: str) -> str:
        """HELD, or why the token holds nothing: EXPIRED, EVICTED, FORGOTTEN, or UNKNOWN (never issued, or long gone)."""
        with self._lock:
            self._drop_expired(self._clock())
            if token in self._entries:
                return HELD
            return self._gone.get(token, UNKNOWN)

    def release(self, token: str) -> None:
        """Forget a token's dataset now (its owner pressed Forget, or went back to the sample)."""
        with self._lock:
            if self._entries.pop(token, None) is not None:
                self._remember_gone(token, FORGOTTEN)

    def total_bytes(self) -> int:
        """Bytes held by all datasets."""
        with self._lock:
            self._drop_expired(self._clock())
            return self._total()

    def tokens(self) -> list[str]:
        """Tokens holding data, least recently used first."""
        with self._lock:
            self._drop_expired(self._clock())
            return list(self._entries)

    def _drop_expired(self, now: float) -> None:
        """Release every entry past its time to live (called with the lock held)."""
        for token in [token for token, entry in self._entries.items() if entry.expires_at <= now]:
            del self._entries[token]
            self._remember_gone(token, EXPIRED)

    def _remember_gone(self, token: str, why: str) -> None:
        """Note why a token went (bounded, oldest reasons forgotten first; called with the lock held)."""
        self._gone.pop(token, None)
        self._gone[token] = why
        while len(self._gone) > GONE_MEMORY:
            self._gone.popitem(last=False)

    def _total(self) -> int:
        return sum(entry.size_bytes for entry in self._entries.values())


def frames_bytes(frames: list[pl.DataFrame | None], shared: list[pl.DataFrame | None]) -> int:
    """Estimated bytes of `frames`, not counting any frame that is one of `shared` (e.g. the sample's)."""
    return sum(
        int(frame.estimated_size())
        for frame in frames
        if frame is not None and not any(frame is other for other in shared)
    )


def format_size(n_bytes: int) -> str:
    """Bytes as a short figure: '1.2 MB', '512 MB', '1.5 GB'."""
    if n_bytes >= 1024**3:
        return f"{n_bytes / 1024**3:.1f} GB"
    # One decimal below 10 MB, so "needs 1.2 MB, more than the 1 MB" never reads "1 MB ... 1 MB".
    return f"{n_bytes / MB:.1f} MB".replace(".0 MB", " MB") if n_bytes < 10 * MB else f"{round(n_bytes / MB):,} MB"
