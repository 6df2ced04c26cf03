"""The last step of the listings loader: stable ids for rows without one, then de-duplication, reported."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import polars as pl

from data_loaders.report import RowIssue, ValidationReport, issue_from_mask
from data_loaders.schema import conform

__all__ = ["identify_and_deduplicate", "stable_ids"]


def _sha16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def stable_ids(parts: pl.DataFrame, needed: pl.Series | None = None) -> pl.Series:
    """A 16-hex-digit id hashed from the given text columns: the same listing gets the same id.

    With `needed` (a Boolean mask), only those rows are hashed (the others get null): rows that carry the
    source's own id need none. Each distinct key is hashed once.
    """
    if needed is not None and not needed.any():
        return pl.repeat(None, parts.height, dtype=pl.String(), eager=True)
    key = parts.select(pl.concat_str([pl.col(c).fill_null("") for c in parts.columns], separator="\x1f")).to_series()
    if needed is not None:
        key = pl.select(pl.when(needed).then(key)).to_series()
    distinct = key.drop_nulls().unique()
    lookup = pl.DataFrame(
        {"key": distinct, "id": pl.Series([_sha16(k) for k in distinct.to_list()], dtype=pl.String())}
    )
    return key.to_frame("key").join(lookup, on="key", how="left", maintain_order="left")["id"]


def _report_merged(merged: pl.DataFrame, dedupe: str, report: ValidationReport) -> None:
    """One issue per merge reason (count and five examples), and a note on what happened to re-posts."""
    for reason, count in merged.group_by("reason", maintain_order=True).len().iter_rows():
        rows = merged.filter(pl.col("reason") == reason).head(5)
        examples: list[dict[str, Any]] = [
            {
                "row": r["merged_row"],
                "column": None,
                "value": f"{r['company']} | {r['title']} → kept row {r['kept_row']}",
            }
            for r in rows.iter_rows(named=True)
        ]
        what = "re-post collapsed into an earlier row" if reason.startswith("re-post") else "duplicate listing removed"
        report.issues.append(RowIssue(f"{what} ({reason})", None, count, examples, dropped=True))
    reposts = merged.filter(pl.col("reason").str.starts_with("re-post")).height
    if reposts:
        report.notes.append(
            f"{reposts:,} re-post(s) (same company, title, places and terms under another id) were collapsed "
            "into one listing each; the merged pairs are listed with the load result. Keep every re-post with "
            'dedupe="keep" (CLI --keep-reposts).'
        )
    elif dedupe == "keep":
        report.notes.append('Re-posts kept as separate listings (dedupe="keep"); exact duplicates were still removed.')


def identify_and_deduplicate(
    frame: pl.DataFrame, label: str, dedupe: str, report: ValidationReport, deduplicate: Callable[..., Any]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Stable ids for rows without one, then de-duplication with its issues and note; (canonical frame, merged rows)."""
    # A listing without an id gets a stable one, so re-loading the same file yields the same ids.
    missing = frame["listing_id"].is_null()
    hashed = pl.repeat(None, frame.height, dtype=pl.String(), eager=True)
    if missing.any():
        parts = [pl.col("company"), pl.col("title"), pl.col("locations").list.join("|")]
        if "terms" in frame.columns:
            parts.append(pl.col("terms").list.join("|"))
        hashed = stable_ids(frame.select(parts), missing)
    frame = frame.with_columns(
        pl.col("listing_id").alias("_source_id"),
        pl.coalesce(pl.col("listing_id"), hashed).alias("listing_id"),
        pl.lit(label).alias("source"),
    )
    canonical = conform(frame, "listings").with_columns(
        frame["_row"], frame["_source_id"], pl.col("listing_id").alias("_id_before")
    )
    deduped = deduplicate(canonical, dedupe, id_column="_source_id", row_column="_row")
    merged: pl.DataFrame = deduped.merged
    _report_merged(merged, dedupe, report)
    kept: pl.DataFrame = deduped.frame
    renamed = pl.col("listing_id") != pl.col("_id_before")
    if issue := issue_from_mask(
        kept, renamed, "duplicate id (later rows renamed with a -N suffix)", "listing_id", "_id_before"
    ):
        report.issues.append(issue)
    return conform(kept, "listings"), merged
