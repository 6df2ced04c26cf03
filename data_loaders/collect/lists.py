"""Community internship lists (SimplifyJobs, vanshb03, the Canada and southeast lists …) → canonical listings.

The lists are JSON files the ordinary file loader already reads (data_loaders.files + listings): this
module only fetches nothing, prefixes each record's id with the source key so ids stay stable and
distinct across lists, reads a `status` column ("open" / "closed") as the active flag when the list
has no active column, and keeps the open rows: a list keeps its closed openings for ever, and an
opening that closes drops out of the collected store through the history instead.
"""

from __future__ import annotations

import polars as pl

from data_loaders.collect.config import Source
from data_loaders.collect.payloads import SourceError, decode_json
from data_loaders.columns import map_columns
from data_loaders.errors import LoadError
from data_loaders.files import read_raw
from data_loaders.listings import listings_from_raw
from data_loaders.raw_table import RawTable
from data_loaders.report import ValidationReport


def list_raw_table(body: bytes, source: Source, content_type: str | None = None) -> RawTable:
    """The list's records as a raw table whose id column carries the source key ("list:<name>:<id>")."""
    decode_json(body, content_type)  # the same clear reasons as boards for HTML pages and truncated JSON
    try:
        raw = read_raw(body, name=f"{source.key}.json")
    except LoadError as exc:
        raise SourceError(f"not a listings file: {exc.what}") from None
    roles = map_columns(raw.frame.columns, "listings").roles
    frame = raw.frame
    id_column = roles.get("listing_id")
    if id_column is None:
        raise SourceError("the list's records carry no id column, so openings could not be followed across runs")
    frame = frame.with_columns(
        pl.concat_str(pl.lit(f"{source.key}:"), pl.col(id_column).cast(pl.String)).alias(id_column)
    )
    return RawTable(frame, raw.format, source.key, notes=raw.notes, row_numbers=raw.row_numbers, issues=raw.issues)


def list_listings(
    body: bytes, source: Source, content_type: str | None = None
) -> tuple[pl.DataFrame, ValidationReport, pl.Series]:
    """(open canonical listings, the loader's report, the raw application URLs for board discovery)."""
    raw = list_raw_table(body, source, content_type)
    roles = map_columns(raw.frame.columns, "listings").roles
    status = next((c for c in raw.frame.columns if c.strip().lower() == "status"), None)
    mapping = {status: "active"} if status and "active" not in roles else None
    if mapping:
        # Keep the other guesses: an explicit mapping only adds the status → active role.
        mapping.update({src: role for role, src in roles.items() if src != status})
    result = listings_from_raw(raw, mapping)
    urls = raw.frame[roles["url"]].cast(pl.String) if "url" in roles else pl.Series("url", [], dtype=pl.String)
    open_rows = result.frame.filter(pl.col("active"))
    closed = result.frame.height - open_rows.height
    if closed:
        result.report.notes.append(
            f"{closed:,} closed or hidden record(s) of the list were left out (only open openings are collected)."
        )
    return open_rows, result.report, urls
