"""Deduplicate listings: one row per (company, title, location set, term set); distinct ids."""
from __future__ import annotations

import polars as pl

__all__ = ["deduplicate_listings", "duplicate_key"]

_SEP = "\x1f"  # joins list members into one key string; never appears in real text


def duplicate_key(frame: pl.DataFrame) -> pl.Expr:
    """The expression that says which listings are the same opening."""
    parts: list[pl.Expr] = [
        pl.col("company").cast(pl.String()).str.strip_chars().str.to_lowercase().fill_null(""),
        # Flags and emoji (🇺🇸, 🛂) and doubled spaces are decoration, not part of the title.
        pl.col("title")
        .cast(pl.String())
        .str.replace_all(r"[^\p{L}\p{N}\p{P}\p{Sm}\s]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
        .fill_null(""),
    ]
    for column in ("locations", "terms"):
        if column in frame.columns:
            parts.append(pl.col(column).list.eval(pl.element().str.strip_chars()).list.sort().list.join(_SEP).fill_null(""))
    return pl.concat_str(parts, separator="\x1e")


def deduplicate_listings(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Keep the best row of each duplicate group (active first, then most recent posted_date),
    in the original order; then make repeated listing_ids distinct with "-2", "-3" suffixes (never reusing an id).
    Returns the frame and how many rows were dropped."""
    if frame.height == 0:
        return frame, 0
    preference: list[pl.Expr] = []
    descending: list[bool] = []
    if "active" in frame.columns:
        preference.append(pl.col("active").fill_null(False))
        descending.append(True)
    if "posted_date" in frame.columns:
        preference.append(pl.col("posted_date"))
        descending.append(True)
    ranked = frame.with_row_index("_order").with_columns(duplicate_key(frame).alias("_key"))
    if preference:
        ranked = ranked.sort([*preference, "_order"], descending=[*descending, False], nulls_last=True)
    kept = ranked.unique(subset="_key", keep="first", maintain_order=True).sort("_order")
    dropped = frame.height - kept.height
    if "listing_id" in kept.columns:
        from data_loaders.ids import unique_ids

        # "-2", "-3" suffixes that no other listing already uses (1, 1, 1-2 -> 1, 1-3, 1-2).
        kept = kept.with_columns(unique_ids(kept["listing_id"]).alias("listing_id"))
    return kept.drop("_order", "_key"), dropped
