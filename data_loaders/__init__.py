"""Read any source (file, upload, database) -> validate -> normalise into the canonical schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from data_loaders.errors import LoadError
from data_loaders.report import LoadResult, RowIssue, ValidationReport

__all__ = [
    "LoadError",
    "LoadResult",
    "RowIssue",
    "ValidationReport",
    "load_listings",
    "load_outcomes",
    "load_any",
    "import_to_url",
    "read_sql",
    "sample_paths",
    "Limits",
    "WorkerStats",
    "load_isolated",
    "load_isolated_with_stats",
]


def load_listings(
    source: Any,
    *,
    name: str | None = None,
    table: str | None = None,
    query: str | None = None,
    mapping: dict[str, str] | None = None,
    dedupe: str = "collapse",
) -> LoadResult:
    """Load listings from a path, bytes (with name=), an upload, or a database URL (with table= or query=).

    `dedupe="collapse"` merges re-posts (listed in `LoadResult.merged`); "keep" keeps them (exact duplicates always go).
    """
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.listings import listings_from_raw
    from data_loaders.sql import read_source

    return _guarded(
        lambda: listings_from_raw(
            read_source(source, name=name, table=table, query=query, kind="listings"), mapping, dedupe
        ),
        source,
        name,
    )


def load_outcomes(
    source: Any,
    *,
    name: str | None = None,
    table: str | None = None,
    query: str | None = None,
    mapping: dict[str, str] | None = None,
) -> LoadResult:
    """Load application outcomes (kind "outcomes") or aggregated funnel counts (kind "outcome_counts")."""
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.outcomes import outcomes_from_raw
    from data_loaders.sql import read_source

    return _guarded(
        lambda: outcomes_from_raw(read_source(source, name=name, table=table, query=query, kind="outcomes"), mapping),
        source,
        name,
    )


def load_any(
    source: Any,
    *,
    kind: str | None = None,
    name: str | None = None,
    table: str | None = None,
    query: str | None = None,
    mapping: dict[str, str] | None = None,
    dedupe: str = "collapse",
) -> LoadResult:
    """Load listings or outcomes; with kind=None the columns decide (outcome-like -> outcomes); `dedupe` as in load_listings."""
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.listings import listings_from_raw
    from data_loaders.outcomes import outcomes_from_raw
    from data_loaders.raw_table import is_canonical
    from data_loaders.roles import detect_kind
    from data_loaders.sql import read_source

    def run() -> LoadResult:
        raw = read_source(
            source, name=name, table=table, query=query, kind=kind if kind in ("listings", "outcomes") else None
        )
        canonical = is_canonical(raw.frame) if raw.already_canonical else None
        chosen = kind or (
            "listings" if canonical == "listings" else "outcomes" if canonical else detect_kind(raw.frame)
        )
        return (
            outcomes_from_raw(raw, mapping)
            if chosen in ("outcomes", "outcome_counts")
            else listings_from_raw(raw, mapping, dedupe)
        )

    return _guarded(run, source, name)


def _guarded(run: Callable[[], LoadResult], source: Any, name: str | None) -> LoadResult:
    """Run a load; anything unexpected becomes a LoadError (a user never sees a raw traceback)."""
    try:
        return run()
    except (LoadError, ImportError):
        raise  # an ImportError is a broken install, not a bad source: let it show
    except MemoryError:
        raise LoadError(
            "The source is too large for the memory available", _label(source, name), "load a smaller extract"
        ) from None
    except Exception as exc:  # a malformed source must surface as LoadError, never as a traceback
        raise LoadError(
            f"Could not read the source as a table ({type(exc).__name__}: {_detail(exc, source)})",
            _label(source, name),
            "check the file is a CSV, Excel, Parquet or JSON table with a header, or report the problem",
        ) from exc
    except BaseException as exc:
        # pyo3's PanicException (a Rust panic inside polars, e.g. on a year-275,000 date) derives from
        # BaseException, not Exception; KeyboardInterrupt and SystemExit must still pass.
        if type(exc).__name__ != "PanicException":
            raise
        raise LoadError(
            f"A value in the source could not be handled (the reader stopped: {str(exc)[:200]})",
            _label(source, name),
            "look for out-of-range dates or numbers in the file, or save it again as CSV",
        ) from exc


def _detail(exc: BaseException, source: Any) -> str:
    """The start of an unexpected error's text, with a database URL's secrets scrubbed out."""
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.urls import is_url, scrub

    text = str(exc)
    return (scrub(text, source) if is_url(source) else text)[:200]


def _label(source: Any, name: str | None) -> str:
    """A printable name for a source (database passwords masked); the isolated loader names sources the same way."""
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.isolation import source_label

    return source_label(source, name)


def __getattr__(name: str) -> Any:
    """The isolation API (`load_isolated`, `Limits`, ...), imported on first use."""
    if name in ("Limits", "WorkerStats", "load_isolated", "load_isolated_with_stats"):
        # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
        from data_loaders import isolation

        return getattr(isolation, name)
    raise AttributeError(f"module 'data_loaders' has no attribute {name!r}")


def import_to_url(
    frame: Any, url: str, kind: str, *, table: str | None = None, if_exists: str = "replace"
) -> dict[str, int]:
    """Write a canonical frame to a database (see data_loaders.sql.import_to_url)."""
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.sql import import_to_url as _import

    return _import(frame, url, kind, table=table, if_exists=if_exists)


def read_sql(url: str, *, table: str | None = None, query: str | None = None) -> Any:
    """Read a database table or query into a raw polars frame (see data_loaders.sql.read_sql)."""
    # Imported here: every `import data_loaders.<module>` runs this file, so it stays light (no sqlalchemy, no loaders).
    from data_loaders.sql import read_sql as _read

    return _read(url, table=table, query=query)


def sample_paths() -> dict[str, Path]:
    """The bundled sample files: {"listings": path, "outcomes": path} (`python -m synthetic` writes them)."""
    sample_dir = Path(__file__).resolve().parent.parent / "sample_data"
    return {"listings": sample_dir / "listings.parquet", "outcomes": sample_dir / "outcomes.parquet"}
