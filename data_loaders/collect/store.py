"""The collected store on disk: snapshots, the listing history, current listings, fetch cache, run reports.

DIR/snapshots/<UTC time>.parquet   every run's open listings as seen (canonical listings schema)
DIR/history.parquet                one row per listing ever seen: first_seen, last_seen, closed_at, runs_seen
DIR/listings.parquet               the latest version of every listing, `active` from the history (canonical)
DIR/cache/<source>.body|.json      each source's last good answer with its ETag / Last-Modified
DIR/runs/<UTC time>.json, DIR/last_run.json   run reports
Every file is written to a temporary name in the same folder and renamed over the old one, so an
interrupted run leaves the previous store whole.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl

from data_loaders.schema import conform

HISTORY_SCHEMA = pl.Schema(
    {
        "listing_id": pl.String(),
        "source": pl.String(),
        "company": pl.String(),
        "title": pl.String(),
        "field": pl.String(),
        "first_seen": pl.Datetime("us", "UTC"),
        "last_seen": pl.Datetime("us", "UTC"),
        "closed_at": pl.Datetime("us", "UTC"),
        "runs_seen": pl.Int32(),
    }
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")


def stamp(moment: dt.datetime) -> str:
    """A file-name-safe UTC timestamp: 20261130T061500Z."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def atomic_write_parquet(path: Path, frame: pl.DataFrame) -> None:
    """Write a Parquet file through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.write_parquet(tmp)
    os.replace(tmp, path)


def atomic_write_json(path: Path, value: Any) -> None:
    """Write JSON (UTF-8, indented) through a temporary file and a rename."""
    atomic_write_bytes(path, json.dumps(value, indent=1, ensure_ascii=False, default=str).encode("utf-8"))


def empty_history() -> pl.DataFrame:
    """A history frame with no rows."""
    return pl.DataFrame(schema=HISTORY_SCHEMA)


def read_history(out_dir: Path) -> pl.DataFrame:
    """DIR/history.parquet, or an empty history."""
    path = out_dir / "history.parquet"
    return (
        pl.read_parquet(path).select(HISTORY_SCHEMA.keys()).cast(HISTORY_SCHEMA) if path.is_file() else empty_history()
    )


def read_listings(out_dir: Path) -> pl.DataFrame | None:
    """DIR/listings.parquet (canonical listings) or None when there is none yet."""
    path = out_dir / "listings.parquet"
    return conform(pl.read_parquet(path), "listings") if path.is_file() else None


def update_history(
    history: pl.DataFrame,
    seen: pl.DataFrame,
    run_at: dt.datetime,
    succeeded: Iterable[str],
    configured: Iterable[str] | None = None,
) -> pl.DataFrame:
    """The history after a run that saw `seen` (listing_id, source, company, title, field) at `run_at`.

    A listing seen now is open (a closed one that reappears is reopened); one not seen whose source
    answered this run is closed at `run_at`; one whose source failed keeps its state. A source no longer
    in `configured` (removed from sources.toml) is not followed any more: its open listings close too.
    """
    now = pl.lit(run_at.astimezone(dt.UTC), dtype=pl.Datetime("us", "UTC"))
    current = seen.select("listing_id", "source", "company", "title", "field").unique("listing_id", keep="first")
    merged = history.join(current, on="listing_id", how="full", coalesce=True, suffix="_now")
    is_seen = pl.col("source_now").is_not_null()
    gone = ~pl.col("source").is_in(list(configured)) if configured is not None else pl.lit(False)
    closes = ~is_seen & pl.col("closed_at").is_null() & (pl.col("source").is_in(list(succeeded)) | gone)
    return (
        merged.select(
            "listing_id",
            *[pl.coalesce(f"{c}_now", c).alias(c) for c in ("source", "company", "title", "field")],
            pl.when(pl.col("first_seen").is_null()).then(now).otherwise(pl.col("first_seen")).alias("first_seen"),
            pl.when(is_seen).then(now).otherwise(pl.col("last_seen")).alias("last_seen"),
            pl.when(is_seen).then(None).when(closes).then(now).otherwise(pl.col("closed_at")).alias("closed_at"),
            (pl.col("runs_seen").fill_null(0) + is_seen.cast(pl.Int32)).alias("runs_seen"),
        )
        .cast(HISTORY_SCHEMA)
        .sort("listing_id")
    )


def merge_listings(previous: pl.DataFrame | None, snapshot: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """The latest version of every listing (this run's where seen), `active` = not closed in the history."""
    frames = [snapshot]
    if previous is not None and previous.height:
        frames.insert(0, previous.join(snapshot.select("listing_id"), on="listing_id", how="anti"))
    merged = pl.concat([conform(f, "listings") for f in frames], how="vertical")
    open_ids = history.filter(pl.col("closed_at").is_null()).select("listing_id", pl.lit(True).alias("_open"))
    merged = merged.join(open_ids, on="listing_id", how="left")
    return conform(merged.with_columns(pl.col("_open").fill_null(False).alias("active")), "listings")


def cache_paths(out_dir: Path, key: str) -> tuple[Path, Path]:
    """(body, metadata) paths of a source's cached answer."""
    safe = _UNSAFE.sub("_", key)
    return out_dir / "cache" / f"{safe}.body", out_dir / "cache" / f"{safe}.json"


def read_cache(out_dir: Path, key: str) -> tuple[bytes | None, dict[str, Any]]:
    """A source's cached body and its metadata (etag, last_modified, content_type); (None, {}) when absent."""
    body_path, meta_path = cache_paths(out_dir, key)
    if not body_path.is_file() or not meta_path.is_file():
        return None, {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    return body_path.read_bytes(), meta if isinstance(meta, dict) else {}


def write_cache(out_dir: Path, key: str, body: bytes, meta: dict[str, Any]) -> None:
    """Keep a source's good answer and its validators for the next run's conditional request."""
    body_path, meta_path = cache_paths(out_dir, key)
    atomic_write_bytes(body_path, body)
    atomic_write_json(meta_path, meta)
