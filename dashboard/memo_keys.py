"""The memo's keys: a call is keyed by its function and every argument (see `dashboard.state.cached`).

Frames are keyed by what they are: the dataset's listings or outcomes, a frame `name_frame` named (a
`filtered_listings` result by its FilterSpec, a `cached_large` value by its call), any other frame by identity.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any

import polars as pl

from dashboard.dataset import Dataset


def call_key(
    dataset: Dataset, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], guards: list[object]
) -> Hashable:
    """The memo key of one call: the function and every argument (see `cached`)."""
    return (
        function_key(function),
        tuple(_argument_key(value, dataset, guards) for value in args),
        tuple(sorted((name, _argument_key(value, dataset, guards)) for name, value in kwargs.items())),
    )


def function_key(function: Callable[..., Any]) -> tuple[str, str]:
    """(module, qualified name) of a module-level function; a lambda or nested function is refused."""
    module, name = getattr(function, "__module__", None), getattr(function, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(name, str) or "<" in name:
        raise TypeError(
            f"cached() needs a module-level function, got {function!r}: a lambda or closure "
            "captures values its key cannot see"
        )
    return module, name


# Frames handed out by filtered_listings, by id: (weak reference, name). The name lets a result computed
# from a filtered frame outlive that frame (only a few are kept) and serve the next session with the same filters.
_FRAME_NAMES: dict[int, tuple[Any, Any, Hashable]] = {}
_FRAME_NAMES_LOCK = threading.Lock()


def name_frame(frame: object, dataset: Dataset, name: Hashable) -> None:
    """Remember that `frame` is the one `name` describes within `dataset`, while it lives."""
    key = id(frame)
    with _FRAME_NAMES_LOCK:
        known = _FRAME_NAMES.get(key)
        if known is not None and known[0]() is frame and known[1]() is dataset:
            return
        try:
            ref = weakref.ref(frame, functools.partial(_drop_frame_name, key))
        except TypeError:
            return  # a value without weak references (a tuple, a number) is keyed by its contents instead
        _FRAME_NAMES[key] = (ref, weakref.ref(dataset), name)


def _drop_frame_name(key: int, dead: Any) -> None:
    # Runs from the garbage collector: never wait for the lock (a stale name fails its `is` check anyway).
    if _FRAME_NAMES_LOCK.acquire(blocking=False):
        try:
            known = _FRAME_NAMES.get(key)
            if known is not None and known[0] is dead:
                del _FRAME_NAMES[key]
        finally:
            _FRAME_NAMES_LOCK.release()


def _argument_key(value: Any, dataset: Dataset, guards: list[object]) -> Hashable:
    """A hashable stand-in for one argument of a cached call (see `cached`)."""
    if value is dataset:
        return ("<dataset>",)
    if value is dataset.listings:
        return ("<listings>",)
    if value is not None and value is dataset.peek_outcomes():  # never waits for outcomes still being read
        return ("<outcomes>",)
    known = _FRAME_NAMES.get(id(value))
    if known is not None and known[0]() is value and known[1]() is dataset:
        return known[2]  # a filtered_listings frame or a cached_large value: named by how it was made
    if isinstance(value, (pl.DataFrame, pl.Series)):
        guards.append(value)  # by identity: the result must die with the frame, and a reused id must not match
        return ("<frame>", id(value))
    if isinstance(value, Dataset):
        guards.append(value)
        return ("<other dataset>", id(value))
    if isinstance(value, functools.partial):  # a module-level function with some arguments bound: keyed like a call
        return (
            "<partial>",
            function_key(value.func),
            tuple(_argument_key(item, dataset, guards) for item in value.args),
            tuple(sorted((name, _argument_key(item, dataset, guards)) for name, item in value.keywords.items())),
        )
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_argument_key(item, dataset, guards) for item in value))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(_argument_key(item, dataset, guards) for item in value))
    if isinstance(value, dict):
        return (
            "dict",
            frozenset((_argument_key(k, dataset, guards), _argument_key(v, dataset, guards)) for k, v in value.items()),
        )
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"cached() cannot key an argument of type {type(value).__name__}") from None
    return (type(value).__qualname__, value)  # the type too: 1, 1.0 and True hash alike
