"""A memory-mapped Arrow copy of a big canonical listings file: a fresh server has its listings at once (issue 9).

At 1,000,000 listings, reading the Parquet file and putting the open listings first costs ~1.5 CPU-s (~0.9 s on two
cores) at every start, on the cores the first visitor's browser needs too. An uncompressed Arrow IPC file holding
the same frame, already in that order, is memory-mapped instead: polars takes its buffers as they are (no decoding,
no copy, ~25 ms), and the pages a view touches come from the operating system's page cache.

Those pages are file-backed: the kernel may drop them whenever other processes want the page cache, and the next
view that scans a column then waits for the disk (a sort by pay once took 10 s on a busy machine after an idle
spell). The mapping is private (copy-on-write), so `pin()`, which the server calls once it is quiet (after the
background warm-up), writes every page of it back in place: each page becomes the process's own memory under the
very same address, so the frame and everything sliced from it keep their buffers and nothing that keys on the frame
changes. The kernel does not drop such pages for other processes' reads: without swap they stay, with swap they
leave only under real memory pressure, like the rest of the process's memory (a server without a copy reads its
listings into that memory anyway). Pinning 1 M listings takes ~0.5 s of one core, spread over ~10 s (`PIN_STEP`),
and keeps ~448 of the copy's 512 MB: the pages of columns no view scans or tabulates (`UNPINNED`: the pay as written,
the source) stay file-backed, in memory while the one opening a visitor opens reads them.

A copy is kept per source file and identified by the file's resolved path, size and modification time, `FORMAT`
and the polars version, so a changed file, a new reading rule or another polars never gets an old copy. Writing is
atomic (a temporary file renamed into place) and replaces the copies of older versions of the same file. A copy
that cannot be read, or whose columns or row count differ from the source's footer, is removed and ignored: the
caller reads the source as before. Where copies live: `INSIGHTS_CACHE_DIR`, else `$XDG_CACHE_HOME` or `~/.cache`,
under `internship-insights`; `INSIGHTS_CACHE_DIR=off` turns copies off (a read-only or small disk).

The copy is ~15x the size of the Parquet file (1 M listings: 512 MB against 33 MB), so only files of at least
`MIN_ROWS` listings get one; smaller files read in well under a second.
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import tempfile
import threading
import time
import weakref
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.ipc  # pa.ipc: imported here, not by the thread that first reads a copy

LOG = logging.getLogger(__name__)

CACHE_ENV = "INSIGHTS_CACHE_DIR"
OFF = "off"
# Bump when what a copy holds changes (the reading rule of data_loaders/listing_order.py, the canonical schema):
# copies of another FORMAT are never read.
FORMAT = "listings-open-first-1"
MIN_ROWS = 100_000
SUFFIX = ".arrow"
# Pinning in steps, with a pause after each: every page written is copied by the kernel, which also interrupts the
# process's other threads on the other core (a TLB flush per page). Done in one go (0.47 s for 512 MB), a visitor's
# step running meanwhile took 2.5-3x its time (a sort and a filter: 250-350 against ~100 ms); in 2 MB steps with
# 10 ms pauses ~1.5x (the pin then takes ~3 s); in 512 kB steps the step's time stays within the machine's noise
# (94-122 ms during, 94-136 ms before) and the pin takes ~10 s, which nothing waits for.
PIN_STEP = 512 << 10  # bytes of the mapping pinned per step
PIN_PAUSE_S = 0.01  # seconds between steps
# Columns no view scans or shows in a table: each is read for the one opening a visitor opens (the pay as the source
# wrote it, where the row came from) or by a whole export, so their pages stay file-backed, in memory only while read
# (1 M listings: ~64 of the copy's 512 MB). A stall there is a page or two for that opening, never a column's scan.
# Not the links: the Openings table shows them, and with them unpinned a step that drew it after an idle spell read
# its rows' scattered pages from the disk (a sort by pay 974 ms, a new field 892 ms, against 30-60 ms).
UNPINNED = frozenset({"pay_text", "pay_currency", "pay_period", "source"})


class _Copy:
    """A copy read by this process and not pinned yet: its private mapping, weakly (a mapping lives exactly as long
    as some frame, the one read or any slice or selection of it, still holds a buffer of it), and the byte ranges of
    it to pin (`_pinned_ranges`). Called, it gives the mapping (None once nobody uses it), as a weak reference does."""

    def __init__(self, mapping: mmap.mmap, ranges: list[tuple[int, int]]) -> None:
        self.ref = weakref.ref(mapping)
        self.ranges = ranges

    def __call__(self) -> mmap.mmap | None:
        return self.ref()


_MAPPINGS: list[_Copy] = []
_MAPPINGS_LOCK = threading.Lock()
_PIN_LOCK = threading.Lock()  # held while pinning: a second caller waits for the pass under way


def cache_dir() -> Path | None:
    """Where copies are kept (not created here), or None when `INSIGHTS_CACHE_DIR=off`."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == OFF:
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "internship-insights"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:20]


def copy_path(source: Path, directory: Path) -> Path:
    """The copy of this very version of `source` in `directory`: `<source key>-<version key>.arrow`."""
    resolved = source.resolve()
    stat = resolved.stat()
    version = _digest(stat.st_size, stat.st_mtime_ns, FORMAT, pl.__version__)
    return directory / f"{_digest(resolved)}-{version}{SUFFIX}"


def _source_shape(source: Path) -> tuple[pl.Schema, int]:
    """The source's columns and row count, from its Parquet footer (milliseconds)."""
    schema = pl.read_parquet_schema(source)
    rows = pl.scan_parquet(source).select(pl.len()).collect().item()
    return pl.Schema(schema), int(rows)


def read(source: Path) -> pl.DataFrame | None:
    """The frame held by `source`'s copy, memory-mapped; None when there is no usable copy (a broken one is removed)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        path = copy_path(source, directory)
    except OSError:
        return None
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)  # private: `pin` may write it
        # The frame's buffers are slices of the mapping (no copy): polars keeps them, and so the mapping, alive.
        table = pa.ipc.open_file(pa.py_buffer(mapping)).read_all()
        frame = pl.from_arrow(table, rechunk=False)
        assert isinstance(frame, pl.DataFrame)
        if (frame.schema, frame.height) != _source_shape(source):
            raise ValueError("the copy's columns or row count differ from its source")
    except Exception:  # a truncated or foreign file: the source is read instead, and the copy written again
        LOG.warning("listings copy %s is unusable; reading %s instead", path, source, exc_info=True)
        _remove(path)
        return None
    ranges = _pinned_ranges(table, pa.py_buffer(mapping).address, len(mapping))
    with _MAPPINGS_LOCK:
        _MAPPINGS[:] = [ref for ref in _MAPPINGS if ref() is not None]  # the copies no frame uses any longer go
        _MAPPINGS.append(_Copy(mapping, ranges))
    return frame


def _pinned_ranges(table: pa.Table, base: int, size: int) -> list[tuple[int, int]]:
    """The [start, stop) byte ranges of a mapping of `size` bytes at address `base` that `pin` writes: every page but
    those lying wholly inside a buffer of an `UNPINNED` column (a page shared with another buffer is pinned)."""
    skipped = []
    for name in UNPINNED.intersection(table.column_names):
        for chunk in table.column(name).chunks:
            for buffer in chunk.buffers():  # its own and its children's (a list's values, a string view's data)
                if buffer is None or not base <= buffer.address <= base + size - buffer.size:
                    continue  # absent, or not in the mapping (then nothing of it is pinned or skipped)
                start, stop = buffer.address - base, buffer.address - base + buffer.size
                first, last = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE, stop // mmap.PAGESIZE * mmap.PAGESIZE
                if first < last:
                    skipped.append((first, last))
    ranges, at = [], 0
    for first, last in sorted(skipped):
        if first > at:
            ranges.append((at, first))
        at = max(at, last)
    return ranges + ([(at, size)] if at < size else [])


def pin() -> int:
    """Make the pages of every copy this process has read, and still uses, its own memory, in place (see the
    module's docstring), but those of `UNPINNED` columns; the bytes pinned (0 when there is nothing left to pin: each copy is pinned once). A call
    made while another is pinning waits for it to end.

    Every page gets one byte written back with its own value: the kernel copies the page into private memory at
    the same address (reading it from the disk first if it had been dropped), so readers never see another value.
    The pages are written `PIN_STEP` bytes at a time with `PIN_PAUSE_S` between steps."""
    with _PIN_LOCK:
        with _MAPPINGS_LOCK:
            mappings = [(copy, mapping) for copy in _MAPPINGS if (mapping := copy()) is not None]
            _MAPPINGS.clear()
        pinned = 0
        for copy, mapping in mappings:
            began = time.perf_counter()
            pages = np.frombuffer(mapping, dtype=np.uint8)
            size = 0
            for first, last in copy.ranges:
                for start in range(first, last, PIN_STEP):
                    firsts = pages[start : min(start + PIN_STEP, last) : mmap.PAGESIZE]
                    np.bitwise_or(firsts, 0, out=firsts)  # a write numpy cannot skip (an assignment to itself it would)
                    time.sleep(PIN_PAUSE_S)
                size += last - first
            seconds = time.perf_counter() - began
            LOG.info("listings copy pinned in memory: %.0f of %.0f MB in %.1f s", size / 1e6, pages.size / 1e6, seconds)
            pinned += size
    return pinned


def write(source: Path, frame: pl.DataFrame) -> Path | None:
    """Keep `frame` (what `source` reads as) as its copy, replacing copies of older versions; None when not kept."""
    directory = cache_dir()
    if directory is None or frame.height < MIN_ROWS:
        return None
    temporary: str | None = None
    try:
        path = copy_path(source, directory)
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".writing-", suffix=SUFFIX)
        os.close(handle)
        # One record batch: the mapped frame is then one chunk per column, as the listings views expect.
        frame.write_ipc(temporary, compat_level=pl.CompatLevel.newest(), record_batch_size=max(frame.height, 1))
        os.replace(temporary, path)
        temporary = None
    except OSError:  # a full or read-only disk: the source is simply read at every start
        LOG.warning("could not keep a copy of %s in %s", source, directory, exc_info=True)
        if temporary is not None:
            _remove(Path(temporary))
        return None
    for older in directory.glob(f"{path.name.split('-')[0]}-*{SUFFIX}"):
        if older != path:
            _remove(older)  # a mapped copy stays readable by the process that maps it
    return path


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        LOG.warning("could not remove %s", path, exc_info=True)


__all__ = ["CACHE_ENV", "FORMAT", "MIN_ROWS", "OFF", "cache_dir", "copy_path", "pin", "read", "write"]
