"""A small thread-safe, single-flight LRU whose entries die with the objects they were computed from.

The memo behind dashboard/state.py. Sessions run in separate threads: when several ask for the same
missing key at once, one computes it (the leader) and the others wait for that one result instead of
each computing it (three simultaneous first visitors used to cost three times the memory and time).
An exception reaches every waiter and is not cached, so the next request tries again.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


class _Flight:
    """One computation in progress: waiters block on `done`, then read `value` or re-raise `error`."""

    __slots__ = ("done", "error", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class _WeakLru:
    """A small thread-safe LRU whose entries die with the object they were computed from.

    Entries hold only weak references to their owner (a listings frame or a Dataset) and to any other
    object the key names by identity (`guards`), so a finished session's upload is not kept alive, and the
    `is` check makes a reused id() harmless. Computing is single-flight per key.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], tuple[tuple[weakref.ref[Any], ...], Any]] = OrderedDict()
        self._flights: dict[tuple[Any, ...], _Flight] = {}
        self._lock = threading.Lock()  # sessions run in separate threads

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def snapshot(self) -> list[tuple[Hashable, Any]]:
        """(key, value) of every live entry, least recently used first (for memory reports; touches no order)."""
        with self._lock:
            return [(full_key[1], value) for full_key, (_, value) in self._entries.items()]

    def get_or_compute(
        self, owner: object, key: Hashable, compute: Callable[[], T], guards: Iterable[object] = ()
    ) -> T:
        """The cached value for (owner, key); on a miss one caller computes it (outside the lock) and the others wait.

        `guards` are objects the key refers to by identity: the entry is valid only while each is alive.
        """
        full_key = (id(owner), key)
        guarded = (owner, *guards)
        with self._lock:
            hit = self._entries.get(full_key)
            if hit is not None and all(ref() is obj for ref, obj in zip(hit[0], guarded, strict=False)):
                self._entries.move_to_end(full_key)
                return hit[1]
            flight = self._flights.get(full_key)
            leader = flight is None
            if flight is None:
                flight = self._flights[full_key] = _Flight()
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            value = compute()
        except BaseException as error:
            flight.error = error
            with self._lock:
                self._flights.pop(full_key, None)
            flight.done.set()
            raise
        flight.value = value
        with self._lock:
            # Stored and released in one step: a later caller sees either the flight or the entry.
            refs = tuple(weakref.ref(obj, functools.partial(self._forget, full_key)) for obj in guarded)
            self._entries[full_key] = (refs, value)
            self._entries.move_to_end(full_key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
            self._flights.pop(full_key, None)
        flight.done.set()
        return value

    def _forget(self, key: tuple[Any, ...], dead: weakref.ref[Any]) -> None:
        """Drop an entry one of whose objects died, so an evicted or ended session's results are freed now.

        Runs from the garbage collector, possibly while this thread holds the lock: never wait for
        it (a busy lock leaves the entry to the LRU order; the `is` check still rejects it).
        """
        if not self._lock.acquire(blocking=False):
            return
        try:
            hit = self._entries.get(key)
            if hit is not None and any(ref is dead for ref in hit[0]):
                del self._entries[key]
        finally:
            self._lock.release()
