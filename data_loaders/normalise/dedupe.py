"""De-duplicate listings: exact duplicates always go; re-posts are collapsed (listed) or kept, by choice.

- **Exact duplicates** are always removed: rows with the same source id that name the same company, title
  and terms (one posting exported twice, e.g. NYC Jobs' internal and external copies); rows with the same
  URL that name the same company, title and terms; rows without an id identical in every column.
  Rows whose source ids differ *and* whose URLs differ are never exact duplicates; a shared id or URL
  with another title (a generic careers page, an id reused by the source) is not one either.
- **Re-posts**: the same company, title, place set and term set under different ids or URLs. With
  `mode="collapse"` (the default) each group keeps one row; with `mode="keep"` all rows stay.
- The same posting in two seasons (different terms, "Summer" vs "Fall" included) is never a duplicate.
- In every group the kept row is the active one, then the most recently posted, then the first in the file.
- Every removed row is listed in `DedupeResult.merged`: which row it was merged into, and why.
- Repeated ids of the rows that stay get "-2", "-3" suffixes no other row uses.

The result is idempotent: de-duplicating a de-duplicated frame changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import polars as pl

from data_loaders.ids import unique_ids

__all__ = ["DEDUPE_MODES", "MERGED_SCHEMA", "DedupeResult", "deduplicate_listings", "duplicate_key", "empty_merged"]

DEDUPE_MODES: tuple[str, ...] = ("collapse", "keep")
# Why a row was merged into another; the report's issue reasons are built from these.
REASONS: dict[str, str] = {
    "identical": "identical row",
    "same_id": "same source id, company, title and terms",
    "same_url": "same URL, company, title and terms",
    "repost": "re-post: same company, title, places and terms under another id",
}
MERGED_SCHEMA: dict[str, pl.DataType] = {
    "merged_row": pl.Int64(),
    "merged_id": pl.String(),
    "kept_row": pl.Int64(),
    "kept_id": pl.String(),
    "company": pl.String(),
    "title": pl.String(),
    "reason": pl.String(),
}

_SEP = "\x1f"  # joins list members into one key string; never appears in real text


class DedupeResult(NamedTuple):
    """The de-duplicated frame and the list of merged rows (MERGED_SCHEMA), one per removed row."""

    frame: pl.DataFrame
    merged: pl.DataFrame

    @property
    def dropped(self) -> int:
        """How many rows were removed."""
        return self.merged.height


def empty_merged() -> pl.DataFrame:
    """A merged-rows frame with no rows."""
    return pl.DataFrame(schema=MERGED_SCHEMA)


def _clean_text(column: str) -> pl.Expr:
    """Case, spacing and decoration (flags, emoji) do not make another posting."""
    return (
        pl.col(column)
        .cast(pl.String())
        .str.replace_all(r"[^\p{L}\p{N}\p{P}\p{Sm}\s]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
        .fill_null("")
    )


def _list_key(column: str) -> pl.Expr:
    return pl.col(column).list.eval(pl.element().str.strip_chars()).list.sort().list.join(_SEP).fill_null("")


def duplicate_key(frame: pl.DataFrame) -> pl.Expr:
    """The expression that says which listings are the same opening (company, title, places, terms)."""
    parts: list[pl.Expr] = [_clean_text("company"), _clean_text("title")]
    parts += [_list_key(column) for column in ("locations", "terms") if column in frame.columns]
    return pl.concat_str(parts, separator="\x1e")


def _dense_codes(keys: pl.Series) -> pl.Series:
    """UInt32 codes of non-null keys: equal keys, equal codes (grouping on integers beats grouping on text)."""
    return keys.rank("dense").cast(pl.UInt32())


def _codes_by_distinct(values: pl.Series, keys_of: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """Codes of `keys_of` applied once to the distinct values, mapped back to every row with a hash join."""
    distinct = values.unique()
    lookup = pl.DataFrame({"_v": distinct, "_k": _dense_codes(keys_of(distinct))})
    return values.to_frame("_v").join(lookup, on="_v", how="left", nulls_equal=True, maintain_order="left")["_k"]


def _clean_distinct(values: pl.Series) -> pl.Series:
    return values.to_frame("_v").select(_clean_text("_v")).to_series()


def _set_key_distinct(lists: pl.Series) -> pl.Series:
    """Each list's members stripped, sorted and joined (order and spacing do not make another place set).

    Python reads the lists as `_SEP`-joined text (far cheaper to hand over than lists); a member holding
    `_SEP` itself takes the exact list path.
    """
    if lists.explode().str.contains(_SEP, literal=True).any():
        return pl.Series(
            [
                _SEP.join(sorted(str(v).strip() for v in items if v is not None)) if items is not None else ""
                for items in lists.to_list()
            ],
            dtype=pl.String(),
        )
    joined = lists.list.join(_SEP, ignore_nulls=True).to_list()
    return pl.Series(
        [
            (_SEP.join(sorted(part.strip() for part in text.split(_SEP))) if _SEP in text else text.strip())
            if text
            else ""
            for text in joined
        ],
        dtype=pl.String(),
    )


def _codes_by_first_row(values: pl.Series, keys_of: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """Codes of `keys_of` applied once per distinct value; equal values are found by a window, not a join.

    Each row points at the first row holding its value (exact for lists, cheaper than hashing them into a
    join); only those first rows are read in Python and their codes are gathered back to every row.
    """
    positions = pl.int_range(len(values), eager=True, dtype=pl.UInt32)
    first = pl.DataFrame({"_v": values, "_i": positions}).select(pl.col("_i").first().over("_v")).to_series()
    distinct = first.unique()
    codes = _dense_codes(keys_of(values.gather(distinct)))
    return pl.zeros(len(values), pl.UInt32(), eager=True).scatter(distinct, codes).gather(first)


def _set_codes(lists: pl.Series) -> pl.Series:
    """Codes of each row's member set; a null list, an empty list and a list of nulls share one."""
    return _codes_by_first_row(lists.cast(pl.List(pl.String())), _set_key_distinct)


def _key_codes(frame: pl.DataFrame) -> pl.DataFrame:
    """Codes of the cleaned company, title, place set and term set: equal codes, the same opening.

    1,000,000 listings hold a few thousand distinct companies and titles and ~60,000 distinct place lists:
    cleaning the distinct values once and grouping on integer codes is many times faster than cleaning and
    grouping text per row.
    """
    keys: dict[str, pl.Series] = {}
    for column in ("company", "title"):
        text = (
            frame[column].cast(pl.String())
            if column in frame.columns
            else pl.repeat(None, frame.height, dtype=pl.String, eager=True)
        )
        keys[f"_k_{column}"] = _codes_by_distinct(text, _clean_distinct)
    for column in ("locations", "terms"):
        if column in frame.columns:
            keys[f"_k_{column}"] = _set_codes(frame[column])
    return pl.DataFrame(keys)


def _identity_key(frame: pl.DataFrame, skip: set[str]) -> pl.Expr:
    """Every column's value as one key: identical rows share it."""
    return pl.struct([pl.col(c) for c in frame.columns if c not in skip]).hash(seed=0)


def _ranked(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows in preference order: active first, then the most recent posted_date, then file order."""
    preference: list[pl.Expr] = []
    descending: list[bool] = []
    if "active" in frame.columns:
        preference.append(pl.col("active").fill_null(False))
        descending.append(True)
    if "posted_date" in frame.columns:
        preference.append(pl.col("posted_date"))
        descending.append(True)
    return (
        frame.sort([*preference, "_order"], descending=[*descending, False], nulls_last=True) if preference else frame
    )


def _collapse(
    ranked: pl.DataFrame, key: list[pl.Expr], usable: pl.Expr, reason: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the first (best) row of each group of `key` among `usable` rows; (kept rows, merged pairs).

    The key includes what makes a row usable (its id, its URL), so a group is all usable or all not.
    """
    # `ranked` is in preference order, so a group's first row is its best one.
    keyed = ranked.with_columns(
        pl.when(usable.fill_null(False)).then(pl.col("_order").first().over(key)).alias("_kept_order")
    )
    merged_mask = pl.col("_kept_order").is_not_null() & (pl.col("_order") != pl.col("_kept_order"))
    pairs = keyed.filter(merged_mask).select("_order", "_kept_order", pl.lit(reason).alias("_reason"))
    return keyed.filter(~merged_mask).drop("_kept_order"), pairs


_Step = tuple[list[pl.Expr], pl.Expr, str]


def _identity_hashes(frame: pl.DataFrame, narrow: dict[str, pl.Series], id_column: str, skip: str) -> pl.Series:
    """The hash of every column for rows that could be identical to another row (null elsewhere).

    Identical rows share company, title, places and terms: only rows in such a group of two or more (and
    without a source id) are hashed, so a file of two million distinct rows hashes none.
    """
    key_names = [c for c in narrow if c.startswith("_k_")]
    candidate = pl.DataFrame({c: narrow[c] for c in key_names}).select(pl.len().over(key_names) > 1).to_series()
    if id_column in frame.columns:
        candidate = candidate & frame[id_column].is_null()
    hashes = pl.Series("_identity", [None] * frame.height, dtype=pl.UInt64)
    if candidate.any():
        positions = candidate.arg_true()
        hashes = hashes.scatter(positions, frame[positions].select(_identity_key(frame, {skip})).to_series())
    return hashes


def _narrow_and_steps(
    frame: pl.DataFrame, mode: str, id_column: str, row_column: str | None
) -> tuple[pl.DataFrame, list[_Step]]:
    """The narrow frame the groups are found on (order, preference, key codes, id, URL) and the steps to run.

    Sorting and filtering the wide frame with its list columns once per step would cost more than the rest.
    """
    has = set(frame.columns)
    narrow: dict[str, pl.Series] = {"_order": pl.int_range(frame.height, eager=True, dtype=pl.UInt32)}
    for column in ("active", "posted_date"):
        if column in has:
            narrow[column] = frame[column]
    narrow.update(_key_codes(frame).to_dict())
    posting = [pl.col("_k_company"), pl.col("_k_title"), *([pl.col("_k_terms")] if "_k_terms" in narrow else [])]
    steps: list[_Step] = []
    if id_column in has:
        narrow["_id"] = frame[id_column].cast(pl.String())
        steps.append(([pl.col("_id"), *posting], pl.col("_id").is_not_null(), "same_id"))
    if "url" in has:
        narrow["_url"] = frame["url"].cast(pl.String()).str.strip_chars()
        steps.append(([pl.col("_url"), *posting], pl.col("_url").is_not_null() & (pl.col("_url") != ""), "same_url"))
    # Rows that share a source id are handled above; identical rows without an id are found by content.
    if id_column not in has or frame[id_column].null_count():
        narrow["_identity"] = _identity_hashes(frame, narrow, id_column, row_column or "")
        steps.append(([pl.col("_identity")], pl.col("_identity").is_not_null(), "identical"))
    if mode == "collapse":
        steps.append(([pl.col(c) for c in narrow if c.startswith("_k_")], pl.lit(True), "repost"))
    return pl.DataFrame(narrow), steps


def deduplicate_listings(
    frame: pl.DataFrame, mode: str = "collapse", *, id_column: str = "listing_id", row_column: str | None = None
) -> DedupeResult:
    """Remove exact duplicates always and re-posts when `mode` is "collapse"; list every merged row.

    `id_column` holds the source's own id (null where the source had none); `row_column`, when given,
    holds the source row numbers the merged list reports (else 1-based positions in `frame`).
    """
    if mode not in DEDUPE_MODES:
        raise ValueError(f"dedupe mode must be one of {', '.join(DEDUPE_MODES)}, not {mode!r}")
    if frame.height == 0:
        return DedupeResult(frame, empty_merged())
    narrow, steps = _narrow_and_steps(frame, mode, id_column, row_column)
    ranked: pl.DataFrame | None = None  # sorted by preference once a step has something to merge
    pair_frames: list[pl.DataFrame] = []
    for key, usable, reason in steps:
        # Ids and URLs are mostly distinct: a hash count proves most files have nothing to merge there.
        if reason not in ("same_id", "same_url") or _may_merge(narrow if ranked is None else ranked, key, usable):
            ranked, pairs = _collapse(_ranked(narrow) if ranked is None else ranked, key, usable, reason)
            pair_frames.append(pairs)
    if not pair_frames:
        return DedupeResult(_unique_ids(frame), empty_merged())
    pairs = pl.concat(pair_frames)
    keep = pl.repeat(True, frame.height, eager=True).scatter(pairs["_order"], False)
    kept = frame if pairs.height == 0 else frame.filter(keep)
    return DedupeResult(_unique_ids(kept), _merged_frame(frame, pairs, id_column, row_column))


def _unique_ids(kept: pl.DataFrame) -> pl.DataFrame:
    """Repeated ids of the rows that stay get "-2", "-3" suffixes no other listing uses (1, 1, 1-2 -> 1, 1-3, 1-2)."""
    if "listing_id" in kept.columns and kept["listing_id"].drop_nulls().n_unique() < kept["listing_id"].count():
        return kept.with_columns(unique_ids(kept["listing_id"]).alias("listing_id"))
    return kept


def _may_merge(ranked: pl.DataFrame, key: list[pl.Expr], usable: pl.Expr) -> bool:
    """False only when no two usable rows share `key`: equal keys have equal hashes, so distinct hashes prove it.

    One hash and a count per step instead of a window over text keys: the id and URL steps of a file whose
    ids and URLs are all distinct cost a fraction of a grouping.
    """
    hashes = ranked.select(pl.when(usable.fill_null(False)).then(pl.struct(key).hash(seed=0))).to_series().drop_nulls()
    return hashes.n_unique() < hashes.len()


def _final_survivors(pairs: pl.DataFrame, height: int) -> pl.Series:
    """Each merged row's final survivor: a row merged into a row that a later step merged points further on."""
    survivor = pl.int_range(height, eager=True, dtype=pl.UInt32).scatter(pairs["_order"], pairs["_kept_order"])
    kept = pairs["_kept_order"]
    for _ in range(len(REASONS)):
        following = survivor.gather(kept)
        if (following == kept).all():
            break
        kept = following
    return kept


def _merged_frame(work: pl.DataFrame, pairs: pl.DataFrame, id_column: str, row_column: str | None) -> pl.DataFrame:
    """The merged pairs with row numbers, ids, company and title (MERGED_SCHEMA), in file order."""
    if pairs.height == 0:
        return empty_merged()
    pairs = pairs.with_columns(_final_survivors(pairs, work.height).alias("_kept_order")).sort("_order")
    wanted = dict.fromkeys(
        c for c in (row_column, id_column, "listing_id", "company", "title") if c and c in work.columns
    )
    work = work.select(list(wanted)).with_row_index("_order")
    row = (
        pl.col(row_column).cast(pl.Int64())
        if row_column and row_column in work.columns
        else (pl.col("_order").cast(pl.Int64()) + 1)
    )
    shown_id = "listing_id" if "listing_id" in work.columns else id_column
    ident = pl.col(shown_id).cast(pl.String()) if shown_id in work.columns else pl.lit(None, dtype=pl.String())
    info = work.select(row.alias("_row_n"), ident.alias("_id"), pl.col("company").cast(pl.String()), pl.col("title"))
    # `_order` is the row position, so the look-ups are gathers, not joins.
    merged = info.select(pl.all().gather(pairs["_order"]))
    kept = info.select(pl.col("_row_n", "_id").gather(pairs["_kept_order"]))
    return pl.DataFrame(
        {
            "merged_row": merged["_row_n"],
            "merged_id": merged["_id"],
            "kept_row": kept["_row_n"],
            "kept_id": kept["_id"],
            "company": merged["company"],
            "title": merged["title"].cast(pl.String()),
            "reason": pairs["_reason"].replace_strict(REASONS, return_dtype=pl.String()),
        }
    )
