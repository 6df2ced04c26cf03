"""Applications and distinct applicants per combination of a few group columns, counted instead of hashed (issue 9).

The disclosure checks (analytics/differencing.py) need, for several views around the one shown, how many
applications and how many distinct applicants each group and filter slice holds. Grouping 10,000,000 rows by
(group, applicant) in polars hashes every row each time (~2 s per view on two cores). Here every key column is
turned into small integer codes (one per distinct value, from the few distinct values of the column), the
applicants into dense codes once per frame, and the sizes are counted with numpy: a dense count of (applicant, key)
cells where they are few, a sort of (key, applicant) pairs otherwise. The answers are the same as polars'
`group_by(keys).agg(len, applicant_hash.n_unique())`: applicants are told apart by the 64-bit hash of their id, as
analytics/intervals.py clusters them, and rows without an id are applications of no known applicant.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from analytics.outcome_counts import with_derived
from analytics.row_picks import Rows, pick, rows_of, sorted_copy

_COMPARED_VALUES = 3  # a filter selecting at most this many values (or all but this many) compares codes
_DENSE_CELLS = 48_000_000  # (applicant, key) cells counted densely up to this many (bytes); sorted pairs beyond
COUNTRY_KEY = "region:country"  # the key of the region's country prefix (no column of that name)
_COUNTED_ROWS = 4_096  # up to this many keys, a dense count counts each key's bytes by itself
_KEPT_OUTSIDE = 4  # kept filter sets whose rows outside `ApplicantCodes.rows_outside` keeps counted per applicant


@dataclass(frozen=True, eq=False)  # hashed by identity: a memo key names the codes of one frame
class ApplicantCodes:
    """Per row, a dense code of its applicant: 0..count-1 (equal exactly when the ids' 64-bit hashes are equal),
    `count` for rows without an applicant id."""

    codes: np.ndarray  # uint32, one per row
    count: int
    # The integer keys of the same rows' columns, by name, as `key` computes them: a column's codes are as constant
    # as the rows (a memoised ApplicantCodes serves every view of its frame, and each new view reads the same
    # columns). Computed on first use; a race computes a key twice, to the same value.
    keys: dict[str, Key] = field(default_factory=dict, repr=False)
    _rows: list[np.ndarray] = field(default_factory=list, repr=False)  # `rows_per_code`, once computed
    # Per column with many values (`prepare`): per row, True when no other row has its (value, applicant) pair. Such a
    # row is a distinct pair in any subset and any finer grouping, so counting distinct pairs sorts only the others.
    alone: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    # Per prepared column, per value of its key, the most rows one applicant has with it (`most_rows`).
    most: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    # Per kept filter set (`complement_sizes`' `kept`), each applicant's rows outside it, for the last few asked: the
    # views of every field within one large country subtract the same rest (8 MB at a million applicants).
    _outside: dict[object, np.ndarray] = field(default_factory=dict, repr=False)
    _outside_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def rows_per_code(self) -> np.ndarray:
        """Per code 0..count, how many rows have it (the last: rows without an id), computed once (int32, ~4 MB at a
        million applicants): the rows of a filter that keeps most of the frame are then counted by their complement."""
        if not self._rows:
            self._rows.append(np.bincount(self.codes, minlength=self.count + 1).astype(np.int32))
        return self._rows[0]

    def most_rows(self, column: str | None = None) -> np.ndarray:
        """The most rows any one applicant has (0 with no applicant), per value of `column`'s key where `prepare` counted
        it (a column with `alone` marks; else the same for every value): no subset of a value's rows holds more of one applicant's, so n of them are
        at least ceil(n / most) distinct applicants (analytics/slice_bounded.py)."""
        found = self.most.get(column) if column is not None else None
        if found is not None:
            return found
        most = np.array([self.rows_per_code()[:-1].max() if self.count else 0], dtype=np.int64)
        return most if column is None else np.repeat(most, self.keys[column].values.len())

    def key(self, frame: pl.DataFrame, column: str) -> Key:
        """`column_key(frame[column])`, computed once per column (a derived one, `gpa_band`, from `gpa`); `frame` must
        hold the rows these codes are of."""
        if frame.height != self.codes.size:
            raise ValueError(f"applicant codes of {self.codes.size:,} rows asked about a frame of {frame.height:,}")
        known = self.keys.get(column)
        if known is None and column == COUNTRY_KEY:
            known = self.keys[column] = _country_key(self.key(frame, "region"))
        if known is None:  # a derived column (the GPA band) from the columns it is derived from
            source = (
                frame
                if column in frame.columns
                else with_derived(frame.select([c for c in ("gpa",) if c in frame.columns]), [column])
            )
            known = self.keys[column] = column_key(source.get_column(column))
        return known

    def prepare(self, frame: pl.DataFrame, columns: Sequence[str]) -> None:
        """Compute the keys of `columns` (those `frame` holds or derives) now: the first view that filters on a text
        column (the region: ~0.5 s at 10,000,000 rows) then finds its key ready (the background warm-up calls this)."""
        for column in columns:
            if column in frame.columns or column == "gpa_band" and "gpa" in frame.columns:
                self.key(frame, column)
            if column == "region" and column in frame.columns:  # the country filters select on its prefix
                self.key(frame, COUNTRY_KEY)
            known = self.keys.get(column)
            if known is not None and known.values.len() * self.count > _DENSE_CELLS and column not in self.alone:
                self.alone[column] = _alone_in_pair(known, self)
                self.most[column] = _most_in_pair(known, self, self.alone[column])
        self.rows_per_code()

    def rows_outside(self, kept: object, outside: np.ndarray) -> np.ndarray:
        """Per code 0..count, how many rows `outside` marks (the rows the filters `kept` drop), computed once per
        `kept` for the last `_KEPT_OUTSIDE` asked (read-only); with `kept` None, counted and not kept."""
        with self._outside_lock:
            found = None if kept is None else self._outside.get(kept)
        if found is None:
            found = np.bincount(pick(self.codes, rows_of(outside)), minlength=self.count + 1)
            found.flags.writeable = False
            if kept is None:
                return found
            with self._outside_lock:
                self._outside[kept] = found
                while len(self._outside) > _KEPT_OUTSIDE:
                    self._outside.pop(next(iter(self._outside)))
        return found

    def subset(self, index: Rows, columns: Sequence[str]) -> ApplicantCodes:
        """The codes of the rows `index` names (row numbers, ascending, or a mask: `pick`), with the keys of `columns`
        computed here (or kept) gathered to them: a view's filtered rows then need no key of their own."""
        keys = {column: self.keys[column].gathered(index) for column in columns if column in self.keys}
        alone = {column: pick(self.alone[column], index) for column in columns if column in self.alone}
        return ApplicantCodes(pick(self.codes, index), self.count, keys, alone=alone)


def _alone_in_pair(key: Key, people: ApplicantCodes) -> np.ndarray:
    """Per row, True when it has an applicant id and no other row has its (key value, applicant) pair (a hashed
    uniqueness test, ~0.5 s at 10,000,000 rows: the warm-up's)."""
    pairs = key.codes.astype(np.uint64)
    pairs *= np.uint64(people.count + 1)
    pairs += people.codes
    alone: np.ndarray = pl.Series(pairs).is_unique().to_numpy() & (people.codes < people.count)
    return alone


def _most_in_pair(key: Key, people: ApplicantCodes, alone: np.ndarray) -> np.ndarray:
    """Per value of `key`, the most rows one applicant has with it (rows without an id are no one's), from the rows
    not `alone` in their pair (a fifth of them at 10,000,000 rows and 144 companies: ~0.2 s, the warm-up's); a value
    whose every pair is alone has 1."""
    rows = rows_of(~alone & (people.codes < people.count))
    pairs = pl.DataFrame({"value": pick(key.codes, rows), "applicant": pick(people.codes, rows)})
    per_value = pairs.group_by("value", "applicant").len().group_by("value").agg(pl.col("len").max())
    most = np.ones(key.values.len(), dtype=np.int64)
    most[per_value["value"].to_numpy().astype(np.int64)] = per_value["len"].to_numpy()
    most.flags.writeable = False
    return most


def _country_key(region: Key) -> Key:
    """The region key's country prefixes ("US-CA" -> "US", null stays null) as a key of their own (String values):
    a country filter then compares one code per row instead of looking up every region's."""
    prefixes = region.values.cast(pl.String).str.split("-").list.first()
    country = column_key(prefixes)  # per region value, its country's code
    return Key(COUNTRY_KEY, _looked_up(country.codes, region.codes), country.values.alias(COUNTRY_KEY))


def applicant_codes(frame: pl.DataFrame) -> ApplicantCodes:
    """The applicant codes of `frame`'s rows (it must hold `applicant_id`). Seconds at 10 M rows: callers keep them
    per frame through the dashboard's memo (`state.applicant_coder`, passed as `code_applicants` to the rate views).
    Ids that are already dense codes (the shared sample's, data_loaders/compact.py `with_id_codes`) are those codes,
    sharing the frame's memory (40 MB at 10,000,000 rows)."""
    ids = frame.get_column("applicant_id")
    if ids.dtype == pl.UInt32 and ids.len() and not ids.null_count():
        count = int(ids.max()) + 1  # type: ignore[arg-type]
        if ids.n_unique() == count:  # every code 0..count-1 names an applicant
            return ApplicantCodes(ids.to_numpy(), count)
    ident = pl.col("applicant_id")
    ranks = frame.select(pl.when(ident.is_not_null()).then(ident.hash()).rank("dense").alias("r")).to_series()
    count = int(ranks.max() or 0)  # type: ignore[arg-type]
    return ApplicantCodes((ranks.fill_null(count + 1) - 1).cast(pl.UInt32).to_numpy(), count)


@dataclass(frozen=True)
class Key:
    """One group column as integers: per row the index of its value in `values` (null, when present, is a value)."""

    name: str
    codes: np.ndarray  # one per row, in the smallest unsigned type that holds every code (`code_type`)
    values: pl.Series

    def mapped(self, name: str, codes: pl.Series, width: int) -> Key:
        """A key derived value by value: `codes` holds, for each of this key's values, the new key's code (0..width-1)."""
        lut = codes.cast(pl.Int64).to_numpy().astype(code_type(width))  # a gather of bytes, not of 64-bit words
        return Key(name, _looked_up(lut, self.codes), pl.Series(name, range(width), dtype=codes.dtype))

    def gathered(self, index: Rows) -> Key:
        """This key for the rows `index` names (row numbers or a mask: `pick`; its values unchanged: a value no row
        holds gives an empty group)."""
        return Key(self.name, pick(self.codes, index), self.values)

    def selects(self, passes: np.ndarray) -> np.ndarray:
        """Per row, `passes` (one boolean per value) of its value (a new array)."""
        selected: np.ndarray = _looked_up(np.asarray(passes, dtype=bool), self.codes)
        return selected


def _looked_up(lut: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """`lut[codes]` (a new array). When all but a few values share one entry (a filter's slices: its few chosen
    values, then the rest), those few are compared one by one and added in, each a vectorised pass over a byte per
    row, ~5x faster than gathering per row; otherwise `take` (faster than fancy indexing)."""
    common = lut.dtype.type(np.bincount(lut.astype(np.int64)).argmax() if lut.size else 0)
    rare = np.flatnonzero(lut != common)
    if rare.size > _COMPARED_VALUES:
        looked: np.ndarray = lut.take(codes)
        return looked
    # Python ints: a numpy int64 compared with a byte per row widens every row first (~20x slower).
    rare_codes: list[int] = rare.tolist()
    if lut.dtype == np.bool_:  # the rows of the rare values, or of every other
        if not rare_codes:
            return np.full(codes.size, common, dtype=np.bool_)
        looked = codes != rare_codes[0] if common else codes == rare_codes[0]
        for code in rare_codes[1:]:
            if common:
                looked &= codes != code
            else:
                looked |= codes == code
        return looked
    looked = np.full(codes.size, common, dtype=lut.dtype)
    wrap = int(np.iinfo(lut.dtype).max) + 1
    for code in rare_codes:  # + (entry - common) where the code matches: unsigned arithmetic wraps to the entry
        step = (codes == code).view(np.uint8).astype(lut.dtype)
        step *= lut.dtype.type((int(lut[code]) - int(common)) % wrap)
        looked += step
    return looked


def code_type(width: int) -> type[np.unsignedinteger]:
    """The smallest unsigned integer type that holds the codes 0..width-1: a key of a few hundred values is a byte or
    two per row (at 10,000,000 rows: 10-20 MB, not 80, and every gather and sum over it reads that much less)."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if width <= np.iinfo(kind).max + 1:
            return kind
    return np.uint64


def column_key(column: pl.Series) -> Key:
    """The codes of `column` (Enum / Categorical through their physical codes, any other type through its values)."""
    values = column.unique()
    positions = np.arange(values.len(), dtype=np.int64)
    null_at = int(np.flatnonzero(values.is_null().to_numpy())[0]) if values.null_count() else -1
    if isinstance(column.dtype, pl.Enum | pl.Categorical):
        physical = column.to_physical()
        top = int(physical.max() or 0)  # type: ignore[arg-type]
        lut = np.full(top + 2, null_at, dtype=np.int64)
        known = values.to_physical().to_numpy()
        lut[known[positions != null_at].astype(np.int64)] = positions[positions != null_at]
        codes = lut.astype(code_type(values.len()))[physical.fill_null(top + 1).to_numpy()]
    else:
        known_values = values.drop_nulls()
        index = positions[positions != null_at]
        codes = (
            column.replace_strict(known_values, pl.Series(index), default=None, return_dtype=pl.Int64)
            .fill_null(null_at)
            .to_numpy()
            .astype(code_type(values.len()))
        )
    return Key(column.name, codes, values)


def _changes(values: np.ndarray) -> np.ndarray:
    """True where a sorted array's value differs from the one before (the first always)."""
    change = np.ones(values.size, dtype=bool)
    np.not_equal(values[1:], values[:-1], out=change[1:])
    return change


def _selected(values: np.ndarray, index: Rows | None) -> np.ndarray:
    """`values` at the rows `index` names (all of them when None; row numbers or a mask: `pick`): either is several
    times faster than indexing 10,000,000 rows with a numpy boolean mask (which branches on every row)."""
    return values if index is None else pick(values, index)


def _combined(keys: Sequence[Key], widths: Sequence[int], index: Rows | None, rows: int) -> np.ndarray:
    """Per selected row, its combination of `keys` as one int64 (0 with no key), gathered before combining (in the
    smallest type that holds every combination, widened once at the end)."""
    if not keys:
        return np.zeros(rows, dtype=np.int64)
    kind = code_type(math.prod(widths))
    combined = _selected(keys[0].codes, index).astype(kind)  # a new array: never the codes kept with the applicants
    for key, width in zip(keys[1:], widths[1:], strict=True):
        combined *= kind(width)
        combined += _selected(key.codes, index)
    return combined.astype(np.int64, copy=False)


def _sizes(keys: np.ndarray, width: int, codes: np.ndarray, count: int) -> tuple[np.ndarray, ...]:
    """Applications and distinct applicants per key 0..width-1 of rows with these applicant codes (`count`: none).

    Few temporaries, computed in place: at 10,000,000 rows each new array costs more than the arithmetic."""
    applications = np.bincount(keys, minlength=width)
    known = codes < count
    if not known.all():
        index = np.flatnonzero(known)
        keys, codes = keys.take(index), codes.take(index)
    if width * count <= _DENSE_CELLS:
        # A byte per (key, applicant) cell set where present, key-major: each key's applicants are then one
        # contiguous run of bytes, counted by `count_nonzero` (~10x faster than summing the applicant-major
        # matrix down its columns, a strided reduction; an eighth of a bincount's memory traffic).
        cells: np.ndarray = keys.astype(np.int64)
        cells *= count
        cells += codes
        present = np.zeros(width * count, dtype=np.uint8)
        present[cells] = 1
        return applications, _runs_set(present.reshape(width, count))
    # sorted (key, applicant) pairs; 32-bit where they fit (a sort of half the bytes); not np.unique (slow)
    pairs: np.ndarray = keys.astype(np.uint32 if width * count < 2**32 else np.int64)
    pairs *= count
    pairs += codes
    pairs = sorted_copy(pairs)
    applicants = np.bincount(pairs[_changes(pairs)] // count, minlength=width)
    return applications, applicants


def _runs_set(present: np.ndarray) -> np.ndarray:
    """Per row of a (rows, columns) 0/1 byte matrix, how many bytes are set (int64)."""
    if present.shape[0] <= _COUNTED_ROWS:  # one vectorised count per row
        return np.array([np.count_nonzero(row) for row in present], dtype=np.int64)
    return np.asarray(present.sum(axis=1, dtype=np.int64))


def grouped_sizes(keys: Sequence[Key], people: ApplicantCodes, rows: np.ndarray | None) -> pl.DataFrame:
    """[key columns..., applications, applicants] per combination of `keys` holding an application among `rows`,
    as polars' group-by gives it (one row, maybe of zeros, without keys)."""
    widths = [key.values.len() for key in keys]
    alone = next(
        (people.alone[key.name] for key in keys if key is people.keys.get(key.name) and key.name in people.alone), None
    )
    if alone is not None and math.prod(widths) * people.count > _DENSE_CELLS:
        return _sizes_frame(keys, widths, *_sizes_with_alone(keys, widths, people, rows, alone))
    index = None if rows is None else rows_of(rows)
    codes = _selected(people.codes, index)
    combined = _combined(keys, widths, index, codes.size)
    applications, applicants = _sizes(combined, math.prod(widths), codes, people.count)
    return _sizes_frame(keys, widths, applications, applicants)


def _sizes_with_alone(
    keys: Sequence[Key], widths: Sequence[int], people: ApplicantCodes, rows: np.ndarray | None, alone: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`_sizes` of the rows `rows` keeps where the cells are too many to count densely and `alone` marks the rows
    alone in their pair of a key column and applicant: those are distinct pairs, counted by a bincount; only the
    others are sorted. Rows that are most of the frame (a large country) are counted over every row's combination
    (no gather of 8 million codes); a few are gathered first."""
    width = math.prod(widths)
    if rows is not None and 4 * np.count_nonzero(rows) < rows.size:
        index = rows_of(rows)
        codes = pick(people.codes, index)
        combined, alone = _combined(keys, widths, index, codes.size), pick(alone, index)
        applications = np.bincount(combined, minlength=width)
        others = rows_of(~alone)  # rows without an id among them
    else:
        combined, codes = _combined(keys, widths, None, alone.size), people.codes
        applications = np.bincount(combined if rows is None else pick(combined, rows_of(rows)), minlength=width)
        alone = alone if rows is None else alone & rows
        others = rows_of(~alone if rows is None else rows & ~alone)
    # Picked through `rows_of` (a mask where they are not very few): `np.compress` and `np.flatnonzero` branch on
    # every row (a large country's 84 % of 10,000,000 rows: ~60 and ~30 ms, against ~8).
    lone = np.bincount(pick(combined, rows_of(alone)), minlength=width)
    _, applicants = _sizes(pick(combined, others), width, pick(codes, others), people.count)
    return applications, applicants + lone


def _sizes_frame(
    keys: Sequence[Key], widths: Sequence[int], applications: np.ndarray, applicants: np.ndarray
) -> pl.DataFrame:
    """`grouped_sizes`' frame from the sizes per combination (key-major codes): the combinations with an application."""
    present = np.flatnonzero(applications) if keys else np.zeros(1, dtype=np.int64)
    columns: list[pl.Series] = []
    rest = present
    for key, width in reversed(list(zip(keys, widths, strict=True))):
        columns.insert(0, key.values.gather(rest % width).alias(key.name))
        rest = rest // width
    return pl.DataFrame(
        [
            *columns,
            pl.Series("applications", applications[present], dtype=pl.Int64),
            pl.Series("applicants", applicants[present], dtype=pl.Int64),
        ]
    )
