"""Place columns: a Series of place strings or lists → per-row places, cities, regions, countries, work mode.

Every step works on distinct values, in polars where it can: each distinct cell is cut at the list
separators once (a regex in polars), each distinct comma piece is split once, each distinct *place* (not
each distinct list) is parsed once, and the results are gathered back to the rows by position. A million
rows with ~60,000 distinct cells cost a few thousand Python parses plus a few vectorised passes.
"""

from __future__ import annotations

import polars as pl

from data_loaders.normalise import place_lists
from data_loaders.normalise.locations import parse_location
from data_loaders.normalise.place_lists import join_place_parts, split_locations

__all__ = ["distinct_rows", "list_series", "normalise_location_column", "split_location_texts"]

_SEP = "\x1f"  # joins a list into one string; never appears in place names
# Whitespace to Python's `re` (so `split_locations` cuts at it) but not to polars' regex: such text, and text
# holding `_SEP`, takes the exact per-value Python path.
_PYTHON_ONLY_SPACE = r"[\x1c-\x1f]"
_PARSED_SCHEMA = {
    "_text": pl.String(),
    "_display": pl.String(),
    "_city": pl.String(),
    "_region": pl.String(),
    "_country": pl.String(),
    "_remote": pl.Boolean(),
    "_hybrid": pl.Boolean(),
    "_onsite": pl.Boolean(),
}
_YES = ("yes", "y", "true", "1", "remote", "fully remote", "remote ok", "t")
_NO = ("no", "n", "false", "0", "onsite", "on-site", "on site", "in office", "in-office", "in person", "office", "f")
_TITLE_REMOTE = r"(?i)\bremote\b"
_TITLE_ONSITE = r"(?i)\b(on-?site|in[- ]office|in[- ]person)\b"


def distinct_rows(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(position of each distinct value's first row, each row's index into those positions).

    A window finds equal values exactly (lists included, null as a value of its own); `values.gather(first)`
    holds the distinct values and `result.gather(index)` maps a per-distinct result back to every row.
    """
    positions = pl.int_range(len(values), eager=True, dtype=pl.UInt32)
    first = pl.DataFrame({"_v": values, "_i": positions}).select(pl.col("_i").first().over("_v")).to_series()
    distinct = positions.filter(first == positions)
    slots = pl.int_range(len(distinct), eager=True, dtype=pl.UInt32)
    return distinct, pl.zeros(len(values), pl.UInt32(), eager=True).scatter(distinct, slots).gather(first)


def list_series(name: str, lists: list[list[str]]) -> pl.Series:
    """A List(String) Series from Python lists of strings, built as joined text split by polars.

    `pl.Series(list_of_lists)` converts each inner list separately (~10 s for 66,000 lists under load);
    joining in Python and splitting in polars takes a fraction of that. Lists holding None or the
    separator take the ordinary (slow, exact) path.
    """
    try:
        encoded = [_SEP.join(items) if items else None for items in lists]
    except TypeError:  # a None inside a list
        return pl.Series(name, lists, dtype=pl.List(pl.String()))
    if any(
        text is not None and text.count(_SEP) != len(items) - 1 for text, items in zip(encoded, lists, strict=False)
    ):
        return pl.Series(name, lists, dtype=pl.List(pl.String()))  # an element holds the separator itself
    return pl.Series(name, encoded, dtype=pl.String()).str.split(_SEP).fill_null([])


def _split_distinct(texts: pl.Series) -> pl.Series:
    """`split_locations` of each text ([] for null), in order: cut at separators in polars, pieces split once."""
    if texts.str.contains(_PYTHON_ONLY_SPACE).any():
        return list_series("_places", [split_locations(text) for text in texts.to_list()])
    cut = texts.str.replace_all(place_lists._SEPARATORS.pattern, _SEP).str.split(_SEP)
    pieces = (
        pl.DataFrame({"_d": pl.int_range(len(texts), eager=True, dtype=pl.UInt32), "_p": cut})
        .explode("_p")
        .with_columns(pl.col("_p").str.strip_chars(" ,"))
        .filter(pl.col("_p").is_not_null() & (pl.col("_p") != ""))
    )
    distinct = pieces["_p"].unique()
    split = list_series("_places", [place_lists._split_piece(piece) for piece in distinct.to_list()])
    per_text = (
        pieces.join(pl.DataFrame({"_p": distinct, "_places": split}), on="_p", how="left", maintain_order="left")
        .explode("_places")
        .drop_nulls("_places")
        .group_by("_d", maintain_order=True)
        .agg("_places")
    )
    every = pl.DataFrame({"_d": pl.int_range(len(texts), eager=True, dtype=pl.UInt32)})
    return every.join(per_text, on="_d", how="left", maintain_order="left")["_places"].fill_null([])


def split_location_texts(texts: pl.Series) -> pl.Series:
    """`split_locations` of every string (a List(String) per row), reading each distinct cell and piece once.

    A cell is cut at the place-list separators (";", "|", " or " …) in polars; the expensive part — deciding
    whether a comma piece is one place or several — runs once per distinct piece (1,000,000 rows hold
    ~60,000 distinct cells but only a few thousand distinct pieces). Equal to
    `texts.map_elements(split_locations)`; a null stays null.
    """
    texts = texts.cast(pl.String())
    distinct, index = distinct_rows(texts)
    lists = _split_distinct(texts.gather(distinct)).gather(index)
    return pl.select(pl.when(texts.is_not_null()).then(lists)).to_series().alias(texts.name)


def _joined_parts(lists: pl.Series) -> pl.Series:
    """`join_place_parts` of each list; only lists of 2+ members without a comma can change, so only they meet Python."""
    lists = lists.list.drop_nulls()
    has_comma = lists.list.eval(pl.element().str.contains(",", literal=True)).list.any()
    candidates = ((lists.list.len() >= 2) & ~has_comma).arg_true()
    if len(candidates) == 0:
        return lists
    joined = list_series("_new", [join_place_parts(parts) for parts in lists.gather(candidates).to_list()])
    frame = pl.DataFrame({"_i": pl.int_range(len(lists), eager=True, dtype=pl.UInt32), "_text": lists})
    changed = pl.DataFrame({"_i": candidates, "_new": joined})
    out = frame.join(changed, on="_i", how="left", maintain_order="left")
    return out.select(pl.coalesce("_new", "_text")).to_series().alias(lists.name)


def _parse_unique(texts: pl.Series) -> pl.DataFrame:
    rows = [(text, *parse_location(text)) for text in texts.drop_nulls().unique().to_list()]
    return pl.DataFrame(rows, schema=_PARSED_SCHEMA, orient="row")


def _read_nb_in_context(parsed: pl.DataFrame) -> pl.DataFrame:
    """Re-read "NB" places of lists whose other places are all in the US (old Nebraska code)."""
    others: dict[int, set[str]] = {}
    for list_key, region, country in parsed.select("_key", "_region", "_country").iter_rows():
        if region != "CA-NB" and country:
            others.setdefault(list_key, set()).add(country)
    rows = []
    for row in parsed.iter_rows(named=True):
        if row["_region"] == "CA-NB" and others.get(row["_key"]) == {"US"}:
            row.update(zip(list(_PARSED_SCHEMA)[1:], parse_location(row["_text"], "US"), strict=False))
        rows.append(row)
    return pl.DataFrame(rows, schema=parsed.schema, orient="row")


def _per_list(lists: pl.Series) -> pl.DataFrame:
    """The aggregated place columns of each list (one row per list, in order); each distinct place parsed once."""
    # ["Toronto", "Ontario", "Canada"] is one place written as a list.
    exploded = (
        pl.DataFrame({"_key": pl.int_range(len(lists), eager=True, dtype=pl.UInt32), "_text": _joined_parts(lists)})
        .explode("_text", empty_as_null=True, keep_nulls=True)
        .with_columns(pl.col("_text").str.strip_chars())
    )
    # A list element can itself name several places ("Berwick, PA or Idaho Falls, ID").
    pieces = {t: split_locations(t) or [t] for t in exploded["_text"].drop_nulls().unique().to_list()}
    if any(len(v) > 1 for v in pieces.values()):
        exploded = exploded.with_columns(
            pl.col("_text").replace_strict(pieces, default=None, return_dtype=pl.List(pl.String()))
        ).explode("_text", empty_as_null=True, keep_nulls=True)
    parsed = exploded.join(_parse_unique(exploded["_text"]), on="_text", how="left", maintain_order="left")
    if (parsed["_region"] == "CA-NB").any():
        parsed = _read_nb_in_context(parsed)
    return (
        parsed.group_by("_key", maintain_order=True)
        .agg(
            pl.col("_display").drop_nulls().unique(maintain_order=True).alias("locations"),
            pl.col("_city").drop_nulls().unique(maintain_order=True).alias("cities"),
            pl.col("_region").drop_nulls().unique(maintain_order=True).alias("regions"),
            pl.col("_country").drop_nulls().unique(maintain_order=True).alias("countries"),
            pl.col("_remote").any().alias("_any_remote"),
            (pl.col("_display").is_not_null() & ~pl.col("_remote")).any().alias("_physical"),
            pl.col("_hybrid").any().alias("_hybrid"),
            pl.col("_onsite").any().alias("_any_onsite"),
        )
        .sort("_key")
    )


def _by_distinct_text(values: pl.Series, computed: dict[str, pl.Expr]) -> dict[str, pl.Series]:
    """Expressions on column "_v" evaluated once per distinct value of `values`, gathered back to the rows."""
    distinct, index = distinct_rows(values)
    out = values.gather(distinct).to_frame("_v").select(**computed)
    return {name: out[name].gather(index) for name in computed}


def _flag_values(flag: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A remote/work-mode column as (remote: True/False/null, hybrid: bool); zshah writes "yes", others "Hybrid"."""
    if flag.dtype == pl.String:
        text = pl.col("_v").str.strip_chars().str.to_lowercase()
        remote = pl.when(text.is_in(_YES)).then(True).when(text.is_in(_NO)).then(False).otherwise(None)
        read = _by_distinct_text(flag, {"remote": remote, "hybrid": text.str.contains(r"\bhybrid\b").fill_null(False)})
        return read["remote"], read["hybrid"]
    return flag.cast(pl.Boolean), pl.repeat(False, len(flag), eager=True)


def _title_marks(titles: pl.Series | None, rows: int) -> dict[str, pl.Series]:
    """Hybrid, remote and on-site markers in each title (read once per distinct title)."""
    patterns = {"_title_hybrid": r"(?i)\bhybrid\b", "_title_remote": _TITLE_REMOTE, "_title_onsite": _TITLE_ONSITE}
    if titles is None:
        return {name: pl.repeat(False, rows, eager=True) for name in patterns}
    computed = {name: pl.col("_v").str.contains(pattern).fill_null(False) for name, pattern in patterns.items()}
    return _by_distinct_text(titles.cast(pl.String()), computed)


def normalise_location_column(
    locations: pl.Series, remote_flag: pl.Series | None = None, titles: pl.Series | None = None
) -> pl.DataFrame:
    """See `data_loaders.normalise.locations.normalise_locations`."""
    if locations.dtype == pl.String:
        distinct, index = distinct_rows(locations)
        lists = _split_distinct(locations.gather(distinct))
    else:
        every = locations.cast(pl.List(pl.String())).fill_null([])
        distinct, index = distinct_rows(every)
        lists = every.gather(distinct)
    per_row = _per_list(lists).drop("_key").select(pl.all().gather(index))
    row_count = len(locations)
    flag, flag_hybrid = (
        _flag_values(remote_flag)
        if remote_flag is not None
        else (pl.repeat(None, row_count, dtype=pl.Boolean, eager=True), pl.repeat(False, row_count, eager=True))
    )
    per_row = per_row.with_columns(_flag=flag, _flag_hybrid=flag_hybrid, **_title_marks(titles, row_count))
    marks_remote = remote_flag is not None or bool(
        per_row.select((pl.col("_any_remote") | pl.col("_hybrid")).any()).item()
    )
    return per_row.select(
        "locations",
        "cities",
        "regions",
        "countries",
        work_mode=pl.when(pl.col("_hybrid") | pl.col("_title_hybrid") | pl.col("_flag_hybrid"))
        .then(pl.lit("hybrid"))
        .when(pl.col("_flag").fill_null(False) | pl.col("_any_remote") | pl.col("_title_remote"))
        .then(pl.lit("remote"))
        .when(
            ~pl.col("_flag").fill_null(True)
            | pl.col("_any_onsite")
            | pl.col("_title_onsite")
            | (pl.col("_physical") & pl.lit(marks_remote))
        )
        .then(pl.lit("onsite"))
        .otherwise(pl.lit("unknown")),
    )
