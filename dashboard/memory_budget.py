"""The memory budget for sessions' own datasets: a cap per session and one for the whole server.

Plain Python (no streamlit), so it is tested directly; `dashboard/state.py` wires it to the session.
A session holds only a `SessionTicket`; the registry holds the data. That way the registry can evict a
session's data from another session's thread (least recently used first), and the data is freed when
the session ends: Streamlit drops the session's state, the ticket is garbage-collected, and its
finaliser releases the entry.
"""
from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

import polars as pl

from data_loaders.errors import LoadError

MB = 1024 * 1024
_ids = itertools.count(1)


class SessionTicket:
    """A session's claim on its dataset in the registry (kept in that session's state)."""

    __slots__ = ("id", "__weakref__")

    def __init__(self) -> None:
        self.id = next(_ids)


@dataclass
class _Entry:
    dataset: Any
    size_bytes: int


class DatasetBudget:
    """Thread-safe registry of session datasets with a per-session cap and a server-wide LRU budget."""

    def __init__(self) -> None:
        self._entries: OrderedDict[int, _Entry] = OrderedDict()
        self._lock = threading.Lock()  # sessions run in separate threads
        self._finalised: set[int] = set()
        # Ids of tickets that were garbage-collected. A finaliser may run inside any allocation, even
        # while this thread holds the lock, so it appends here (atomic) and never waits for the lock.
        self._ended: deque[int] = deque()

    def store(self, ticket: SessionTicket, dataset: Any, size_bytes: int, *, session_cap: int, server_cap: int, label: str) -> list[int]:
        """Keep `dataset` for `ticket` (replacing its old one); evict least recently used others; return their ids.

        Raises LoadError (and keeps the session's previous data) when the dataset is over either cap.
        """
        cap = min(session_cap, server_cap)
        if size_bytes > cap:
            which = "one session may hold" if session_cap <= server_cap else "the server holds for all users"
            raise LoadError(f"This data needs {format_size(size_bytes)} of memory, more than the {format_size(cap)} {which}", label,
                            "load a smaller extract (fewer rows or columns), or ask the operator to raise "
                            "[insights] session_data_mb / server_data_mb in .streamlit/secrets.toml")
        with self._lock:
            self._drop_ended()
            if ticket.id not in self._finalised:
                weakref.finalize(ticket, self._ticket_collected, ticket.id)
                self._finalised.add(ticket.id)
            self._entries.pop(ticket.id, None)
            self._entries[ticket.id] = _Entry(dataset, size_bytes)
            evicted = []
            while self._total() > server_cap:
                oldest = next(iter(self._entries))  # never the one just stored: it alone fits under the cap
                self._entries.pop(oldest)
                evicted.append(oldest)
            return evicted

    def fetch(self, ticket: SessionTicket) -> Any | None:
        """The ticket's dataset (now the most recently used), or None when it was evicted or released."""
        with self._lock:
            self._drop_ended()
            entry = self._entries.get(ticket.id)
            if entry is None:
                return None
            self._entries.move_to_end(ticket.id)
            return entry.dataset

    def release(self, ticket_id: int) -> None:
        """Forget a ticket's dataset (the session went back to the sample, or ended)."""
        with self._lock:
            self._entries.pop(ticket_id, None)
            self._finalised.discard(ticket_id)

    def total_bytes(self) -> int:
        """Bytes held by all sessions' datasets."""
        with self._lock:
            self._drop_ended()
            return self._total()

    def ticket_ids(self) -> list[int]:
        """Ids of the tickets holding data, least recently used first."""
        with self._lock:
            self._drop_ended()
            return list(self._entries)

    def _ticket_collected(self, ticket_id: int) -> None:
        """A session ended: free its data now, or at the next call if the lock is busy (maybe held by this thread)."""
        self._ended.append(ticket_id)
        if self._lock.acquire(blocking=False):
            try:
                self._drop_ended()
            finally:
                self._lock.release()

    def _drop_ended(self) -> None:
        """Release the entries of ended sessions (called with the lock held)."""
        while self._ended:
            ended = self._ended.popleft()
            self._entries.pop(ended, None)
            self._finalised.discard(ended)

    def _total(self) -> int:
        return sum(entry.size_bytes for entry in self._entries.values())


def frames_bytes(frames: list[pl.DataFrame | None], shared: list[pl.DataFrame | None]) -> int:
    """Estimated bytes of `frames`, not counting any frame that is one of `shared` (e.g. the sample's)."""
    return sum(int(frame.estimated_size()) for frame in frames
               if frame is not None and not any(frame is other for other in shared))


def format_size(n_bytes: int) -> str:
    """Bytes as a short figure: '1.2 MB', '512 MB', '1.5 GB'."""
    if n_bytes >= 1024**3:
        return f"{n_bytes / 1024**3:.1f} GB"
    # One decimal below 10 MB, so "needs 1.2 MB, more than the 1 MB" never reads "1 MB ... 1 MB".
    return f"{n_bytes / MB:.1f} MB".replace(".0 MB", " MB") if n_bytes < 10 * MB else f"{round(n_bytes / MB):,} MB"
