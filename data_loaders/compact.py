"""Per-application outcomes stored compactly: low-cardinality text columns as Enum / Categorical (issue 9).

At 10,000,000 applications every text column costs 60–300 MB as strings and 10–40 MB as integer codes, and
grouping by codes is cheaper than by strings. Outcomes are compacted where a dataset is made (`dashboard/dataset.py:
read_outcomes` reads the sample with `read_compact_outcomes`; `dashboard/state.py: use_session_dataset` calls
`compact_outcomes`). The analytics give the same numbers and tables on either form: grouped results cast their keys
back with `restore_text` (tests/data_loaders/test_compact.py, tests/analytics/test_compact_equivalence.py).

- `stage` and `status` become `pl.Enum(STAGES)` / `pl.Enum(STATUSES)` (one byte per row) when every value is in
  the vocabulary; otherwise Categorical, so no value is ever lost.
- `company`, `title`, `field`, `term`, `region`, `major`, `source` become Categorical (four bytes per row; `region` as
  text was ~160 MB at 10,000,000 applications, 16-byte views). Polars sorts Categorical values lexically, compares
  them with string literals and `is_in` string lists, so filters, group-bys and sorted results read as before; joins
  and concatenations with String columns do not, so analytics that join outcome columns to listings' String columns
  cast back first. String functions do not either: the country filters read a Categorical region's prefix with
  `.cat.starts_with` (analytics/outcome_filters.py).
- `applicant_skills` becomes `pl.List(pl.Enum(<its skills, sorted>))`: one byte per listed skill (two above 256
  skills) instead of a 16-byte string view, ~1.1 GB → ~0.15 GB of memory at 10,000,000 applications (6.6 skills each).
  An Enum's vocabulary belongs to its dtype, not to the global dictionary below, and sorted as text it sorts and
  compares as the strings do. Analytics that group by a skill cast the key back to String; the Benchmark's candidate
  pool numbers skills by their codes (analytics/skill_sets.py).
- Kept as strings: the ids (near-unique, hashed for clustering and matched against listings' ids). The shared
  sample's `applicant_id` becomes integer codes instead (`with_id_codes`, dashboard/dataset.py: nothing reads its
  text), and its `listing_id`, when every id fits in 8 bytes, its bytes packed into a UInt64 (`with_packed_ids`:
  matching ids pack their side the same way, `pack_ids`); an uploaded file keeps its ids as text.

Polars keeps one global dictionary of categories for the life of the process. A column is therefore made
Categorical only when it has few distinct values (`MAX_CATEGORIES`, and at most half its rows): a session's upload
with near-unique text stays String and cannot grow that dictionary without bound.

A column with few enough values gets narrower codes (`categorical_dtype`): one byte per row up to `BYTE_CATEGORIES`
distinct values, two up to `SHORT_CATEGORIES`, instead of four in the global dictionary. At 10,000,000 applications
the company, field, term, region and major (144, 9, 4, 31 and 11 values in the generator's output) hold 48 MB
instead of 191. The codes live in a mapping of their own, named by the column and its distinct values
(`pl.Categories(<column>, "insights.outcomes.<digest of the values>", physical=UInt8 / UInt16)`): the same values
give the same type (compacting a file in memory or while reading it gives equal frames), other values another
mapping, which polars drops with the last frame using it, so no mapping fills up with other datasets' values. A named
mapping holds at most 255 / 65,535 values: when a file holds more than its first rows showed and a cast would go
beyond, the columns are cast to the global dictionary instead (`_cast_narrow_first`), so no value is lost. Polars
compares such a column with a string literal, `is_in` strings, sorts, groups and casts it as any Categorical inside
an expression, but not as an eager Series (`series == "x"` raises) nor joined or concatenated with a column of
another mapping: analytics compare inside expressions, and cast to String before a join with other text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import polars as pl

from data_loaders.schema import STAGES, STATUSES

ENUM_COLUMNS: dict[str, tuple[str, ...]] = {"stage": STAGES, "status": STATUSES}
CATEGORICAL_COLUMNS: tuple[str, ...] = ("company", "title", "field", "term", "region", "major", "source")
COMPACT_COLUMNS: tuple[str, ...] = (*ENUM_COLUMNS, *CATEGORICAL_COLUMNS)
LIST_COLUMNS: tuple[str, ...] = ("applicant_skills",)  # lists of few distinct values: List(Enum)
STRING_LIST = pl.List(pl.String())
MAX_CATEGORIES = 65_536  # distinct values (estimated) above which a column stays String
# Distinct values up to which a column's codes take one byte / two bytes per row instead of four (`categorical_dtype`):
# a named mapping holds at most 255 / 65,535, and the rest is room for values a file's later rows bring.
BYTE_CATEGORIES = 200
SHORT_CATEGORIES = 50_000
NARROW_NAMESPACE = "insights.outcomes"
SAMPLE_ROWS = 200_000  # rows `read_compact_outcomes` judges the number of distinct values on


def is_per_application(frame: pl.DataFrame) -> bool:
    """True for per-application outcomes (a `stage` column), the only kind this module compacts."""
    return "stage" in frame.columns


def _enum_fits(column: pl.Series, vocabulary: tuple[str, ...]) -> bool:
    """True when every non-null value of a String column is one of `vocabulary`."""
    return bool(column.drop_nulls().unique().is_in(list(vocabulary)).all())


def _few_values(column: pl.Series) -> bool:
    """True when a String column has few enough distinct values to be Categorical (see the module docstring)."""
    distinct = int(column.to_frame().select(pl.first().approx_n_unique()).item())
    return distinct <= MAX_CATEGORIES and distinct <= max(column.len() // 2, 1)


def _listed_values() -> pl.Expr:
    """Every non-null value of the (single) List(String) column selected, one per row."""
    return pl.first().list.explode(keep_nulls=False, empty_as_null=False).drop_nulls()


def _vocabulary(distinct: pl.Series, values: int) -> list[str] | None:
    """The sorted `distinct` listed values when few enough for an Enum (the rule of `_few_values`, counting
    `values` listed values), else None."""
    if distinct.is_empty() or distinct.len() > min(MAX_CATEGORIES, max(values // 2, 1)):
        return None
    return distinct.sort().to_list()


def list_vocabulary(column: pl.Series) -> list[str] | None:
    """The sorted distinct values of a List(String) column when few enough for an Enum, else None."""
    values = column.to_frame().select(_listed_values()).to_series()
    return _vocabulary(values.unique(), values.len())


def categorical_dtype(column: pl.Series, narrow: bool = True) -> pl.Categorical:
    """The Categorical type of text `column`: narrow codes in a mapping of its name and distinct values when they are
    few enough (see the module's docstring), else (or with `narrow` False) the global dictionary."""
    values = column.drop_nulls().unique().sort() if narrow else None
    if values is None or values.len() > SHORT_CATEGORIES:
        return pl.Categorical()
    digest = hashlib.blake2b(digest_size=12)
    for value in values.to_list():
        digest.update(value.encode("utf-8", "surrogatepass") + b"\x00")
    physical = pl.UInt8 if values.len() <= BYTE_CATEGORIES else pl.UInt16
    return pl.Categorical(pl.Categories(column.name, f"{NARROW_NAMESPACE}.{digest.hexdigest()}", physical=physical))


def compact_dtype(name: str, column: pl.Series, narrow: bool = True) -> pl.DataType | None:
    """The compact type of outcome column `name` holding `column`, or None to keep it as it is (`narrow` False: no
    narrow codes, every Categorical in the global dictionary)."""
    if name in LIST_COLUMNS and column.dtype == STRING_LIST:
        skills = list_vocabulary(column)
        return None if skills is None else pl.List(pl.Enum(skills))
    if column.dtype != pl.String or name not in COMPACT_COLUMNS:
        return None
    if name in ENUM_COLUMNS:
        vocabulary = ENUM_COLUMNS[name]
        return pl.Enum(vocabulary) if _enum_fits(column, vocabulary) else pl.Categorical()
    return categorical_dtype(column, narrow) if _few_values(column) else None


def compact_casts(frame: pl.DataFrame, narrow: bool = True) -> list[pl.Expr]:
    """The casts `compact_outcomes` applies to `frame` (empty when there is nothing to compact)."""
    if not is_per_application(frame):
        return []
    casts: list[pl.Expr] = []
    for name in (*COMPACT_COLUMNS, *LIST_COLUMNS):
        target = compact_dtype(name, frame.get_column(name), narrow) if name in frame.columns else None
        if target is not None:
            casts.append(pl.col(name).cast(target))
    return casts


def _cast_narrow_first(cast: Callable[[bool], pl.DataFrame]) -> pl.DataFrame:
    """`cast(True)`, or `cast(False)` when a column's named mapping is full (every Categorical then global)."""
    try:
        return cast(True)
    except pl.exceptions.ComputeError as error:
        if "maximum allowed" not in str(error):  # "attempted to insert more categories than the maximum allowed"
            raise
        return cast(False)


def compact_outcomes(frame: pl.DataFrame) -> pl.DataFrame:
    """Per-application outcomes with their low-cardinality text columns as Enum / Categorical.

    Returns `frame` itself when there is nothing to compact: aggregated counts, an already compact frame, or
    columns with too many distinct values. Values, nulls, row order and column order are unchanged.
    """
    casts = compact_casts(frame)
    if not casts:
        return frame
    return _cast_narrow_first(lambda narrow: frame.with_columns(casts if narrow else compact_casts(frame, narrow)))


def read_compact_outcomes(path: str | Path, skip: Sequence[str] = (), packed: Sequence[str] = ()) -> pl.DataFrame:
    """A Parquet outcomes file, compact as `compact_outcomes` makes it, with a lower peak and little extra time;
    without the columns named in `skip` (never read from the file), and the String columns of `packed` as
    `with_packed_ids` leaves them (packed while read: the text is never held whole).

    The file is read once, streaming, with the casts in the scan, so it is never in memory as strings (10,000,000
    applications: peak 2.5 GB instead of 3.4 GB). Which text columns have few values is judged on the first
    `SAMPLE_ROWS` rows (near-unique text shows there), and so is the skills' vocabulary: a cast that succeeds found
    no value outside the sample's vocabulary, which is then the whole column's (the Enum `compact_outcomes` makes).
    A skill, stage or status outside it makes the strict Enum cast fail; every column is then judged on the whole
    file by streaming scans (`_whole_file_casts`, exactly as `compact_outcomes` judges it) and the file read again.
    """
    schema = {name: dtype for name, dtype in pl.read_parquet_schema(path).items() if name not in skip}
    text = [name for name in COMPACT_COLUMNS if schema.get(name) == pl.String]
    lists = [name for name in LIST_COLUMNS if schema.get(name) == STRING_LIST]
    packing = [name for name in packed if schema.get(name) == pl.String]
    if "stage" not in schema or not (text or lists):
        return with_packed_ids(pl.read_parquet(path, columns=list(schema)), packing)
    scan = pl.scan_parquet(path).select(list(schema))
    head = scan.head(SAMPLE_ROWS).select(*text, *lists).collect()

    def read(narrow: bool) -> pl.DataFrame:
        casts = [
            pl.col(name).cast(
                pl.Enum(ENUM_COLUMNS[name])
                if name in ENUM_COLUMNS
                else categorical_dtype(head.get_column(name), narrow)
            )
            for name in text
            if name in ENUM_COLUMNS or _few_values(head.get_column(name))
        ]
        for name in lists:
            target = compact_dtype(name, head.get_column(name))
            if target is not None:
                casts.append(pl.col(name).cast(target))
        try:
            return scan.with_columns(*casts, *_packed_in_scan(packing)).collect(engine="streaming")
        except pl.exceptions.InvalidOperationError:  # a value outside an Enum's vocabulary: decide on the whole file
            whole = _whole_file_casts(path, text, lists, narrow)
            return scan.with_columns(*whole, *_packed_in_scan(packing)).collect(engine="streaming")

    return _kept_packed(_cast_narrow_first(read), path, packing)


def _whole_file_casts(path: str | Path, text: list[str], lists: list[str], narrow: bool) -> list[pl.Expr]:
    """The casts `compact_outcomes` makes, each column judged on the whole file by a streaming scan of it alone
    (distinct values, or their estimated number), never holding the file's strings."""
    scan = pl.scan_parquet(path)
    casts: list[pl.Expr] = []
    for name in text:
        column = scan.select(name)
        target: pl.DataType | None
        if name in ENUM_COLUMNS:
            values = column.select(pl.first().drop_nulls().unique()).collect(engine="streaming").to_series()
            fits = bool(values.is_in(list(ENUM_COLUMNS[name])).all())
            target = pl.Enum(ENUM_COLUMNS[name]) if fits else pl.Categorical()
        else:
            distinct, rows = column.select(pl.first().approx_n_unique(), pl.len()).collect(engine="streaming").row(0)
            target = None
            if distinct <= MAX_CATEGORIES and distinct <= max(rows // 2, 1):
                distinct_values = column.select(pl.first().unique()).collect(engine="streaming").to_series()
                target = categorical_dtype(distinct_values, narrow)
        if target is not None:
            casts.append(pl.col(name).cast(target))
    for name in lists:
        listed = scan.select(name).select(_listed_values())
        counted = listed.select(pl.first().unique().implode(), pl.len()).collect(engine="streaming")
        skills = _vocabulary(counted.to_series(0).explode(), int(counted.to_series(1).item()))
        if skills is not None:
            casts.append(pl.col(name).cast(pl.List(pl.Enum(skills))))
    return casts


def with_id_codes(frame: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """`frame` with each String column of `names` as dense integer codes (UInt32: the rank of the id among the
    column's distinct ids sorted as text, from 0; null stays null), so two rows' codes are equal, and ordered, exactly
    as their ids are. For ids only counted, grouped and hashed, never shown: 4 bytes a row instead of a 16-byte view
    (`applicant_id` at 10,000,000 applications: 160 -> 40 MB)."""
    casts = []
    for name in names:
        if frame.schema.get(name) != pl.String:
            continue
        ids = frame.get_column(name)
        if ids.is_sorted():  # rows grouped by id (the generator's): a rank is cheapest (0.4 s CPU at 10 M rows)
            casts.append((ids.rank("dense") - 1).cast(pl.UInt32))
            continue
        # Otherwise its distinct ids sorted and looked up (~1.5 s; a rank of 10 M unsorted ids sorts them all, ~13 s)
        distinct = ids.unique().drop_nulls().sort()
        codes = pl.int_range(distinct.len(), dtype=pl.UInt32, eager=True)
        casts.append(ids.replace_strict(distinct, codes, default=None, return_dtype=pl.UInt32))
    return frame.with_columns(casts) if casts else frame


PACKED_ID_BYTES = 8  # the bytes of a UInt64
_FITS = "__packs"  # suffix of the flag column a read adds per packed column: every id of that row packs


def _packs(name: str) -> pl.Expr:
    """Whether the id in `name` can be packed (at most 8 bytes, no NUL byte, which the padding would confuse)."""
    return (pl.col(name).str.len_bytes() <= PACKED_ID_BYTES) & ~pl.col(name).str.contains("\x00", literal=True)


def packed_id(name: str) -> pl.Expr:
    """The String column `name` packed (`pack_ids`), as an expression: null for a null id or one that does not pack."""
    padded = pl.concat_str([pl.col(name), pl.lit("\x00" * PACKED_ID_BYTES)]).cast(pl.Binary)
    packed = padded.bin.head(PACKED_ID_BYTES).bin.reinterpret(dtype=pl.UInt64, endianness="big")
    return pl.when(_packs(name)).then(packed).alias(name)


def pack_ids(ids: pl.Series) -> pl.Series:
    """`ids` (String) as UInt64: an id's bytes big-endian, zero-padded to 8, so two packed ids are equal, and ordered,
    exactly as the ids are; null for a null id and for one that cannot be packed so (longer than 8 bytes, or holding
    a NUL byte): such an id equals no packed id."""
    return ids.to_frame().select(packed_id(ids.name)).to_series()


def with_packed_ids(frame: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """`frame` with each String column of `names` whose ids all pack (`pack_ids`: at most 8 bytes, no NUL byte) as
    those UInt64s: 8 bytes a row instead of a 16-byte view (`listing_id` at 10,000,000 applications: 160 -> 80 MB),
    for ids only matched, grouped and counted, never shown. A column with an id that does not pack stays text."""
    names = [name for name in names if frame.schema.get(name) == pl.String]
    if not names:
        return frame
    flags = frame.select(_packs(name).all().alias(name) for name in names).row(0, named=True)
    packing = [packed_id(name) for name in names if flags[name] is not False]
    return frame.with_columns(packing) if packing else frame


def _packed_in_scan(names: Sequence[str]) -> list[pl.Expr]:
    """The casts that pack `names` while a scan reads them (the text never held whole), each with its flag column."""
    return [expr for name in names for expr in (packed_id(name), _packs(name).fill_null(True).alias(name + _FITS))]


def _kept_packed(frame: pl.DataFrame, path: str | Path, names: Sequence[str]) -> pl.DataFrame:
    """`frame` read with `_packed_in_scan(names)`: without the flag columns, and a column with an id that did not pack
    read again as text (as `with_packed_ids` leaves it)."""
    unpacked = [name for name in names if not frame.get_column(name + _FITS).all()]
    frame = frame.drop([name + _FITS for name in names])
    if not unpacked:
        return frame
    return frame.with_columns(pl.read_parquet(path, columns=unpacked))


def expand_outcomes(frame: pl.DataFrame) -> pl.DataFrame:
    """The inverse of `compact_outcomes`: every Enum / Categorical column (or list of them) back to String."""
    casts = [
        pl.col(name).cast(STRING_LIST if isinstance(dtype, pl.List) else pl.String)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Enum | pl.Categorical) or is_coded_list(dtype)
    ]
    return frame.with_columns(casts) if casts else frame


def restore_text_exprs(schema: Mapping[str, pl.DataType], columns: Sequence[str]) -> list[pl.Expr]:
    """Casts back to String (List(String)) of the compacted outcome columns among `columns` (by the frame's `schema`)."""
    scalars = [
        pl.col(name).cast(pl.String)
        for name in columns
        if name in COMPACT_COLUMNS and isinstance(schema.get(name), pl.Enum | pl.Categorical)
    ]
    lists = [
        pl.col(name).cast(STRING_LIST) for name in columns if name in LIST_COLUMNS and is_coded_list(schema.get(name))
    ]
    return scalars + lists


def is_coded_list(dtype: pl.DataType | None) -> bool:
    """True for a list of Enum / Categorical values (compacted skills)."""
    return isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Enum | pl.Categorical)


def restore_text(frame: pl.DataFrame, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """`frame` with its compacted outcome columns (among `columns`, default all) back as String.

    For small results (group keys after a group-by): a result leaves the analytics exactly as it did when the rows
    were strings. Other Enum columns (e.g. the derived `gpa_band`) keep their type.
    """
    casts = restore_text_exprs(frame.schema, frame.columns if columns is None else columns)
    return frame.with_columns(casts) if casts else frame
