"""One source, fetched and parsed: HTTP answer (or the cached one on 304) → canonical listings or a clear failure."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from data_loaders.collect.boards import HTML_COLUMN, RAW_COLUMNS, board_rows, describe_rows
from data_loaders.collect.client import HttpClient, Response
from data_loaders.collect.config import Source
from data_loaders.collect.internships import keep_internships
from data_loaders.collect.lists import list_listings
from data_loaders.collect.payloads import SourceError
from data_loaders.collect.store import read_cache, write_cache
from data_loaders.errors import LoadError
from data_loaders.listings import listings_from_raw
from data_loaders.raw_table import RawTable
from data_loaders.report import ValidationReport
from data_loaders.schema import empty_frame

_RAW_SCHEMA = {c: (pl.List(pl.String()) if c == "locations" else pl.String()) for c in (*RAW_COLUMNS, HTML_COLUMN)}


@dataclass
class SourceResult:
    """What one source gave this run."""

    source: Source
    status: str  # "ok", "not_modified" (the cached answer was used) or "failed"
    frame: pl.DataFrame = field(default_factory=lambda: empty_frame("listings"))
    error: str | None = None
    http_status: int | None = None
    attempts: int = 0
    seconds: float = 0.0
    postings: int = 0  # jobs on the board / records in the list, before any filter
    not_internships: int = 0
    report: ValidationReport | None = None
    urls: pl.Series | None = None  # a list's application links (board discovery)
    redirected_to: str | None = None

    @property
    def succeeded(self) -> bool:
        """True when the source answered with something usable this run."""
        return self.status in ("ok", "not_modified")

    def to_dict(self) -> dict[str, Any]:
        """The run report's entry for this source."""
        return {
            "source": self.source.key,
            "kind": self.source.kind,
            "url": self.source.endpoint(),
            "status": self.status,
            "error": self.error,
            "http_status": self.http_status,
            "attempts": self.attempts,
            "seconds": round(self.seconds, 3),
            "postings": self.postings,
            "not_internships": self.not_internships,
            "listings": self.frame.height,
            "redirected_to": self.redirected_to,
            "issues": [] if self.report is None else [f"{i.reason}: {i.count}" for i in self.report.issues],
            "notes": [] if self.report is None else list(self.report.notes),
        }

    def line(self) -> str:
        """One human-readable report line."""
        key = self.source.key
        if not self.succeeded:
            return f"FAILED {key}: {self.error} (after {self.attempts} attempt(s)); its listings from earlier runs stay as they were."
        cached = " unchanged since the last run (HTTP 304, cached answer used)" if self.status == "not_modified" else ""
        dropped = f", {self.not_internships:,} not internships left out" if self.not_internships else ""
        moved = f"; redirected to {self.redirected_to}" if self.redirected_to else ""
        return (
            f"ok     {key}:{cached} {self.postings:,} posting(s){dropped}, {self.frame.height:,} listing(s) "
            f"({self.attempts} request(s), {self.seconds:.1f} s{moved})."
        )


def failure_reason(response: Response) -> str:
    """The run report's words for an answer that carries no usable data."""
    if response.status == 404:
        return "not found (HTTP 404): check the board token or URL"
    if response.status in (401, 403):
        return f"refused (HTTP {response.status}): the board is private or the host blocks this client"
    if response.status == 429:
        return (
            response.error
            if response.error and "wait" in response.error
            else "still rate limited (HTTP 429) after retries"
        )
    return response.error or f"unexpected HTTP {response.status}"


def parse_board(
    body: bytes, source: Source, content_type: str | None
) -> tuple[pl.DataFrame, int, int, ValidationReport | None]:
    """(canonical internship listings, postings on the board, postings that are not internships, report)."""
    rows = board_rows(body, source, content_type)
    raw = pl.DataFrame(rows, schema=_RAW_SCHEMA) if rows else pl.DataFrame(schema=_RAW_SCHEMA)
    kept, dropped = keep_internships(raw)
    if kept.height == 0:
        return empty_frame("listings"), raw.height, dropped, None
    # HTML becomes text only now: most of a board's postings are not internships, and parsing HTML is the slow part.
    result = listings_from_raw(RawTable(describe_rows(kept), "json", source.key))
    return result.frame, raw.height, dropped, result.report


def parse_body(result: SourceResult, body: bytes, content_type: str | None) -> None:
    """Fill `result` from a body (raising SourceError / LoadError when it cannot be used)."""
    if result.source.kind == "list":
        frame, report, urls = list_listings(body, result.source, content_type)
        result.frame, result.report, result.urls, result.postings = frame, report, urls, report.rows_read
    else:
        result.frame, result.postings, result.not_internships, result.report = parse_board(
            body, result.source, content_type
        )


def fetch_source(source: Source, client: HttpClient, out_dir: Path) -> SourceResult:
    """Fetch (conditionally, when a cached answer exists) and parse one source; never raises for bad data."""
    started = time.monotonic()
    cached_body, meta = read_cache(out_dir, source.key)
    validators = {k: meta[k] for k in ("etag", "last_modified") if meta.get(k)} if cached_body is not None else {}
    response = client.get(source.endpoint(), validators)
    result = SourceResult(
        source,
        "ok",
        http_status=response.status,
        attempts=response.attempts,
        redirected_to=response.url if response.redirected else None,
    )
    body, content_type = response.body, response.headers.get("content-type")
    if response.not_modified and cached_body is not None:
        result.status, body, content_type = "not_modified", cached_body, meta.get("content_type")
    elif not response.ok:
        result.status, result.error = "failed", failure_reason(response)
    if result.succeeded:
        try:
            parse_body(result, body, content_type)
        except (SourceError, LoadError) as exc:
            result.status, result.error = "failed", str(exc)
            result.frame = empty_frame("listings")
        except Exception as exc:  # a source must never take the run down with it
            result.status, result.error = "failed", f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
            result.frame = empty_frame("listings")
    if result.status == "ok":
        write_cache(
            out_dir,
            source.key,
            body,
            {
                "etag": response.headers.get("etag"),
                "content_type": content_type,
                "last_modified": response.headers.get("last-modified"),
                "url": response.url,
            },
        )
    result.seconds = time.monotonic() - started
    return result
