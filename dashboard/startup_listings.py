"""The shared sample's listings read in a thread while a fresh server imports its modules (issue 9, cold start).

`make run` (dashboard/serve.py) spends about a second importing Streamlit's web stack, the analytics and the pages'
modules, all in one thread, before the shared dataset is read; at 1,000,000 listings the read itself is ~0.6 s
of Parquet decoding, which polars does without holding the interpreter. `begin(path)` starts that read at once in a
daemon thread; `read_listings(path)`, which `dataset.read_sample` calls, hands the frame over (waiting for the read
if it is still under way) or reads the file itself when no read was begun for it.

Thread safety: the reading thread only calls `pl.read_parquet(...).rechunk()`, which imports no module (a test checks
it in a fresh interpreter), so it never meets a package that the main thread is halfway through importing. polars
itself is imported by the caller of `begin`, before the thread starts.

The frame is handed over once: `read_listings` empties the slot whatever it finds, so a read that nobody takes (a
different path asked for) is dropped at the first read and nothing is kept twice. This is a hand-over, not a cache:
the one memo of derived results stays in dashboard/state.py, and the dataset itself in its `st.cache_resource`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard import first_page
from data_loaders import listing_cache
from data_loaders.listing_order import read_open_first


def read_canonical(path: Path) -> pl.DataFrame:
    """A canonical listings Parquet file as one frame with one contiguous chunk per column, open listings first.

    Listings are filtered and grouped on every view: one chunk per column makes that several times faster. Open
    listings first (data_loaders/listing_order.py): the default view is then a slice, not a copy of half the table.
    A big file's memory-mapped copy (data_loaders/listing_cache.py) is the same frame at once, its pages pinned in
    memory once the server is quiet (`pin_later`); without one, the file is read and its copy written in the
    background then (`keep_copy_later`)."""
    copied = listing_cache.read(path)
    if copied is not None:
        pin_later()
        return copied
    frame = read_open_first(path)
    if frame.height >= listing_cache.MIN_ROWS and listing_cache.cache_dir() is not None:
        keep_copy_later(path, frame)
    return frame


def keep_copy_later(path: Path, frame: pl.DataFrame) -> threading.Thread:
    """Write `frame` as `path`'s copy in a daemon thread, after the first page (writing 1 M listings takes ~1 s of
    the two cores the first page needs); the next server start maps it."""

    def write() -> None:
        first_page.wait_first_page()
        listing_cache.write(path, frame)

    thread = threading.Thread(target=write, name="insights-listings-copy", daemon=True)
    thread.start()
    return thread


def pin_later() -> threading.Thread:
    """Pin the mapped copies this process uses in memory (`listing_cache.pin`) in a daemon thread once the first page
    is out and the background warm-up has ended (`first_page.wait_background`): ~0.5 s of a core and a pass over
    512 MB at 1 M listings, which slowed the outcomes' read, and so the Overview's offer rate, by ~1.4 s when it ran
    right after the first page (measured). From then on no view waits for the disk to read the listings back. A copy
    whose frame nobody kept (a read for a file that changed meanwhile) is no longer mapped by then, and not pinned."""

    def pin() -> None:
        first_page.wait_background()
        listing_cache.pin()

    thread = threading.Thread(target=pin, name="insights-listings-pin", daemon=True)
    thread.start()
    return thread


def file_identity(path: Path) -> tuple[str, int, int]:
    """(resolved path, size, modification time in ns): a read begun for one file serves only that very file."""
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


@dataclass
class EarlyRead:
    """One read of a listings file under way (or done) in a daemon thread."""

    identity: tuple[str, int, int]
    path: Path
    done: threading.Event = field(default_factory=threading.Event)
    frame: pl.DataFrame | None = None
    error: BaseException | None = None

    def run(self) -> None:
        """Read the file; any failure is kept and the reader falls back to reading it itself (and reporting it)."""
        try:
            self.frame = read_canonical(self.path)
        except BaseException as exc:  # a Rust panic in polars is a BaseException: kept, not raised here
            self.error = exc
        finally:
            self.done.set()


_SLOT: list[EarlyRead] = []  # at most one read, begun by `begin`, emptied by `read_listings`
_SLOT_LOCK = threading.Lock()


def begin(path: Path) -> bool:
    """Start reading `path` in a daemon thread (once: a read already begun is kept); False when `path` is no file."""
    try:
        identity = file_identity(path)
    except OSError:
        return False
    with _SLOT_LOCK:
        if _SLOT:
            return False
        early = EarlyRead(identity, path)
        _SLOT.append(early)
    threading.Thread(target=early.run, name="insights-listings-read", daemon=True).start()
    return True


def _take() -> EarlyRead | None:
    with _SLOT_LOCK:
        return _SLOT.pop() if _SLOT else None


def read_listings(path: Path) -> pl.DataFrame:
    """`path`'s listings: the frame of a read begun for this very file (same path, size and modification time),
    waiting for it if needed, else `read_canonical(path)`. Either way the frame is the same."""
    early = _take()
    if early is not None:
        early.done.wait()
        try:
            unchanged = file_identity(path) == early.identity
        except OSError:
            unchanged = False  # gone meanwhile: the read below says so in the caller's words
        if unchanged and early.frame is not None:
            return early.frame
    return read_canonical(path)


def pending() -> bool:
    """True while a read begun by `begin` has not been handed over."""
    with _SLOT_LOCK:
        return bool(_SLOT)
