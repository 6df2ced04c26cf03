"""Outcomes read in a background thread, so a fresh server shows the Overview before 10 M applications are in memory.

The shared sample's listings are read first; its outcomes file is read by `PendingOutcomes` in a daemon thread
started at the same moment (issue 9, "Cold start" in docs/performance-log.md). The file's row count and kind come from
its Parquet footer at once (milliseconds), so the sources sentence and `Dataset.has_outcomes` never wait. Only a
page that needs the applications waits, through `wait_for_outcomes`, with a visible "Loading outcomes…" state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from dashboard.first_page import start_now, wait_first_page
from dashboard.safe_text import md
from data_loaders.errors import LoadError

if TYPE_CHECKING:
    from dashboard.dataset import Dataset

LOADING_TEXT = "Loading outcomes…"
# How often the Overview looks again while the outcomes load (a fragment rerun: the KPI row only).
POLL_SECONDS = 1.0
# Smaller outcome files are read at once, in the loading thread: a read of well under a second is not worth a
# "loading…" state, and small samples (the bundled one, tests) behave exactly as before.
BACKGROUND_MIN_ROWS = 1_000_000
_FIX = "check or replace the outcomes file; the listings pages keep working meanwhile"


class PendingOutcomes:
    """One outcomes frame being read in a background thread; `wait()` blocks until it is there (or failed)."""

    def __init__(self, read: Callable[[], pl.DataFrame], *, rows: int, kind: str, where: str) -> None:
        self.rows = rows  # from the file's footer: known before the frame is read
        self.kind = kind  # "outcomes" (per application) or "outcome_counts"
        self._read = read
        self._where = where
        self._frame: pl.DataFrame | None = None
        self._error: LoadError | None = None
        self._done = threading.Event()

    @classmethod
    def from_parquet(cls, path: Path, read: Callable[[Path], pl.DataFrame]) -> PendingOutcomes:
        """Read `path`'s footer now and start `read(path)` in a daemon thread (at once, in this thread, under
        BACKGROUND_MIN_ROWS rows); a footer that cannot be read fails the load at once."""
        try:
            schema = pl.read_parquet_schema(path)
            rows = int(pl.scan_parquet(path).select(pl.len()).collect().item())
        except Exception as exc:  # any unreadable footer: the pages say so, the listings still work
            pending = cls(lambda: read(path), rows=0, kind="outcomes", where=str(path))
            pending._finish(None, exc)
            return pending
        kind = "outcomes" if "application_id" in schema else "outcome_counts"
        pending = cls(lambda: read(path), rows=rows, kind=kind, where=str(path))
        if rows >= BACKGROUND_MIN_ROWS:
            pending.start()
        else:
            pending._run()
        return pending

    def start(self) -> None:
        """Start the read in a daemon thread, once the first page is shown (it calls no Streamlit function: it
        belongs to no session)."""
        threading.Thread(target=self._read_later, name="insights-outcomes", daemon=True).start()

    def _read_later(self) -> None:
        wait_first_page()
        self._run()

    def _run(self) -> None:
        try:
            self._finish(self._read(), None)
        except (Exception, pl.exceptions.PanicException) as exc:  # a Rust panic in polars is a BaseException
            self._finish(None, exc)
        finally:
            if not self._done.is_set():  # anything else ended the read: nobody may wait for it forever
                self._finish(None, RuntimeError("the read was interrupted"))

    def _finish(self, frame: pl.DataFrame | None, exc: BaseException | None) -> None:
        self._frame = frame
        if exc is not None:
            self._error = (
                exc
                if isinstance(exc, LoadError)
                else LoadError(f"The outcomes could not be read ({type(exc).__name__}: {exc})", self._where, _FIX)
            )
        self._done.set()

    def done(self) -> bool:
        """True once the read has finished, well or not (never waits)."""
        return self._done.is_set()

    @property
    def error(self) -> LoadError | None:
        """Why the read failed, once it has; None while it runs or after it succeeded."""
        return self._error if self._done.is_set() else None

    def failed(self) -> bool:
        """True once the read has failed (never waits)."""
        return self.error is not None

    def peek(self) -> pl.DataFrame | None:
        """The frame if it has been read, else None (never waits)."""
        return self._frame if self._done.is_set() else None

    def wait(self, timeout: float | None = None) -> pl.DataFrame | None:
        """The frame, waiting for the read to finish; None if it failed (or `timeout` passed)."""
        start_now()  # someone needs the outcomes now: a read waiting for the first page starts at once
        self._done.wait(timeout)
        return self.peek()


def outcomes_loading(dataset: Dataset) -> bool:
    """True while the dataset's outcomes are still being read (never waits)."""
    pending = dataset.pending_outcomes
    return pending is not None and not pending.done()


def outcome_error(dataset: Dataset) -> LoadError | None:
    """Why the dataset's outcomes could not be read, or None (never waits)."""
    pending = dataset.pending_outcomes
    return None if pending is None else pending.error


def wait_for_outcomes(dataset: Dataset) -> pl.DataFrame | None:
    """The dataset's outcomes for a page that needs them: a "Loading outcomes…" spinner while they are read, and a
    clear message (never a traceback) when the read failed, in which case the result is None."""
    if outcomes_loading(dataset):
        with st.spinner(f"{LOADING_TEXT} The listings pages work meanwhile.", show_time=True):
            dataset.outcomes  # noqa: B018 - reading the field waits for the background read
    error = outcome_error(dataset)
    if error is not None:
        st.error(f"The outcome data could not be loaded, so this view has none. {md(error)}", icon=":material/error:")
    return dataset.outcomes
