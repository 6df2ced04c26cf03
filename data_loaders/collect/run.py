"""One collection run: fetch every source (in parallel, politely), then snapshot, history and current listings."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from data_loaders.collect.client import HttpClient
from data_loaders.collect.config import CollectConfig
from data_loaders.collect.discover import board_refs
from data_loaders.collect.sources import SourceResult, fetch_source
from data_loaders.collect.store import (
    atomic_write_json,
    atomic_write_parquet,
    merge_listings,
    read_history,
    read_listings,
    stamp,
    update_history,
)
from data_loaders.errors import LoadError
from data_loaders.schema import conform, empty_frame


@dataclass
class RunReport:
    """What a run did, per source and in total."""

    started_at: dt.datetime
    out_dir: Path
    sources: list[SourceResult] = field(default_factory=list)
    finished_at: dt.datetime | None = None
    snapshot: Path | None = None
    seen: int = 0
    new: int = 0
    closed: int = 0
    open_total: int = 0
    duplicates_of_boards: int = 0

    @property
    def failed(self) -> list[SourceResult]:
        """The sources that failed this run."""
        return [s for s in self.sources if not s.succeeded]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (also written to DIR/runs/<time>.json and DIR/last_run.json)."""
        return {
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "out_dir": str(self.out_dir),
            "snapshot": str(self.snapshot) if self.snapshot else None,
            "listings_seen": self.seen,
            "new": self.new,
            "closed": self.closed,
            "open": self.open_total,
            "list_rows_also_on_a_board": self.duplicates_of_boards,
            "sources_ok": len(self.sources) - len(self.failed),
            "sources_failed": len(self.failed),
            "sources": [s.to_dict() for s in self.sources],
        }

    def lines(self) -> list[str]:
        """The plain-text report: one line per source, then the totals."""
        out = [s.line() for s in self.sources]
        if self.duplicates_of_boards:
            out.append(
                f"{self.duplicates_of_boards:,} list row(s) point at a job collected from its board: the board's version is kept."
            )
        out.append(
            f"Run {stamp(self.started_at)}: {self.seen:,} open listing(s) seen, {self.new:,} new, {self.closed:,} closed; "
            f"{self.open_total:,} open in the store; {len(self.sources) - len(self.failed)} of {len(self.sources)} source(s) ok."
        )
        return out


@contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """One run at a time per store (a second one fails at once instead of interleaving writes)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LoadError(
                "Another collection run is writing to this folder", str(out_dir), "wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def drop_list_copies(results: list[SourceResult]) -> int:
    """Remove list rows whose link names a job collected from its board this run; returns how many went."""
    board_ids = {lid.lower() for r in results if r.source.kind != "list" for lid in r.frame["listing_id"].to_list()}
    if not board_ids:
        return 0
    dropped = 0
    for result in (r for r in results if r.source.kind == "list" and r.frame.height):
        refs = (
            board_refs(result.frame["url"])
            .filter(pl.col("job").is_not_null())
            .with_columns(
                pl.format(
                    "{}:{}:{}",
                    pl.col("kind").str.replace("_eu", ""),
                    pl.col("board").str.to_lowercase(),
                    pl.col("job").str.to_lowercase(),
                ).alias("_id")
            )
        )
        covered = refs.filter(pl.col("_id").is_in(list(board_ids)))["url"]
        before = result.frame.height
        result.frame = result.frame.filter(~pl.col("url").str.strip_chars().is_in(covered.implode()))
        dropped += before - result.frame.height
    return dropped


def fetch_all(config: CollectConfig, out_dir: Path, client: HttpClient | None = None) -> list[SourceResult]:
    """Every source fetched and parsed, at most `concurrency` at a time, in config order."""
    client = client or HttpClient(config.settings)
    with ThreadPoolExecutor(max_workers=config.settings.concurrency, thread_name_prefix="collect") as pool:
        return list(pool.map(lambda s: fetch_source(s, client, out_dir), config.sources))


def write_store(report: RunReport, results: list[SourceResult]) -> None:
    """Snapshot, history and current listings for one run, each written atomically."""
    out_dir, run_at = report.out_dir, report.started_at
    frames = [conform(r.frame, "listings") for r in results if r.succeeded]
    snapshot = pl.concat(frames) if frames else empty_frame("listings")
    snapshot = snapshot.unique("listing_id", keep="first", maintain_order=True)
    path = out_dir / "snapshots" / f"{stamp(run_at)}.parquet"
    n = 1
    while path.exists():  # two runs in one second: keep both
        n += 1
        path = out_dir / "snapshots" / f"{stamp(run_at)}-{n}.parquet"
    atomic_write_parquet(path, snapshot)
    before = read_history(out_dir)
    history = update_history(
        before, snapshot, run_at, [r.source.key for r in results if r.succeeded], [r.source.key for r in results]
    )
    atomic_write_parquet(out_dir / "history.parquet", history)
    atomic_write_parquet(out_dir / "listings.parquet", merge_listings(read_listings(out_dir), snapshot, history))
    was_open = before.filter(pl.col("closed_at").is_null())["listing_id"]
    report.snapshot, report.seen = path, snapshot.height
    report.new = snapshot.filter(~pl.col("listing_id").is_in(before["listing_id"].implode())).height
    report.closed = history.filter(
        pl.col("closed_at").is_not_null() & pl.col("listing_id").is_in(was_open.implode())
    ).height
    report.open_total = history.filter(pl.col("closed_at").is_null()).height


def collect(
    config: CollectConfig, out_dir: str | Path, *, client: HttpClient | None = None, now: dt.datetime | None = None
) -> RunReport:
    """Run every configured source once and update the store in `out_dir`; returns the run report."""
    out_dir = Path(out_dir)
    with run_lock(out_dir):
        report = RunReport(started_at=(now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC), out_dir=out_dir)
        results = fetch_all(config, out_dir, client)
        report.duplicates_of_boards = drop_list_copies(results)
        report.sources = results
        write_store(report, results)
        report.finished_at = dt.datetime.now(dt.UTC)
        payload = report.to_dict()
        atomic_write_json(
            out_dir / "runs" / f"{report.snapshot.stem if report.snapshot else stamp(report.started_at)}.json", payload
        )
        atomic_write_json(out_dir / "last_run.json", payload)
    return report


def last_run(out_dir: str | Path) -> dict[str, Any] | None:
    """DIR/last_run.json as a dict, or None when the folder holds no finished run."""
    path = Path(out_dir) / "last_run.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


__all__ = ["RunReport", "collect", "drop_list_copies", "fetch_all", "last_run"]
