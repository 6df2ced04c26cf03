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
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from analytics.outcome_counts import with_derived
from data_loaders.compact import restore_text
from data_loaders.schema import STAGES

_COMPARED_VALUES = 3  # a filter selecting at most this many values (or all but this many) compares codes
_DENSE_CELLS = 48_000_000  # (applicant, key) cells counted densely up to this many (bytes); sorted pairs beyond
COUNTRY_KEY = "region:country"  # the key of the region's country prefix (no column of that name)
_COUNTED_ROWS = 4_096  # up to this many keys, a dense count counts each key's bytes by itself


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

    def subset(self, index: np.ndarray, columns: Sequence[str]) -> ApplicantCodes:
        """The codes of the rows `index` names (row numbers, ascending), with the keys of `columns` computed here
        (or kept) gathered to them: a view's filtered rows then need no key of their own."""
        keys = {column: self.keys[column].gathered(index) for column in columns if column in self.keys}
        return ApplicantCodes(self.codes.take(index), self.count, keys)


def _country_key(region: Key) -> Key:
    """The region key's country prefixes ("US-CA" -> "US", null stays null) as a key of their own (String values):
    a country filter then compares one code per row instead of looking up every region's."""
    prefixes = region.values.cast(pl.String).str.split("-").list.first()
    country = column_key(prefixes)  # per region value, its country's code
    return Key(COUNTRY_KEY, _looked_up(country.codes, region.codes), country.values.alias(COUNTRY_KEY))


def applicant_codes(frame: pl.DataFrame) -> ApplicantCodes:
    """The applicant codes of `frame`'s rows (it must hold `applicant_id`). Seconds at 10 M rows: callers keep them
    per frame through the dashboard's memo (`state.applicant_coder`, passed as `code_applicants` to the rate views)."""
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

    def gathered(self, index: np.ndarray) -> Key:
        """This key for the rows `index` names (its values unchanged: a value no row holds gives an empty group)."""
        return Key(self.name, self.codes.take(index), self.values)

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
    if lut.dtype == np.bool_:  # the rows of the rare values, or of every other
        looked = np.full(codes.size, common, dtype=np.bool_)
        for code in rare:
            looked = looked & (codes != code) if common else looked | (codes == code)
        return looked
    looked = np.full(codes.size, common, dtype=lut.dtype)
    wrap = int(np.iinfo(lut.dtype).max) + 1
    for code in rare:  # + (entry - common) where the code matches: unsigned arithmetic wraps to the entry
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


def _selected(values: np.ndarray, index: np.ndarray | None) -> np.ndarray:
    """`values` at the rows `index` names (all of them when None): `take` of row numbers is several times faster
    than indexing 10,000,000 rows with a boolean mask (which branches on every row)."""
    return values if index is None else values.take(index)


def _combined(keys: Sequence[Key], widths: Sequence[int], index: np.ndarray | None, rows: int) -> np.ndarray:
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
    pairs.sort()
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
    index = None if rows is None else np.flatnonzero(rows)
    codes = _selected(people.codes, index)
    combined = _combined(keys, widths, index, codes.size)
    applications, applicants = _sizes(combined, math.prod(widths), codes, people.count)
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


def _stage_rank(stage: Key) -> np.ndarray:
    """Per row, the furthest stage reached among (none, interview, offer, accepted): 0..3 (null reaches none)."""
    reached = [STAGES[STAGES.index(name) :] for name in ("interview", "offer")]
    ranks = [
        3 if value == "accepted" else 2 if value in reached[1] else 1 if value in reached[0] else 0
        for value in stage.values.cast(pl.String).to_list()
    ]
    lut: np.ndarray = np.array(ranks, dtype=np.int64)[stage.codes]
    return lut


def _cluster_sums(group: np.ndarray, m: np.ndarray, y: list[np.ndarray], width: int) -> dict[str, np.ndarray]:
    """Per group 0..width-1, the sums `clustered_counts` reports over clusters (group of each, m, y per kind)."""

    def total(weights: np.ndarray | None) -> np.ndarray:
        summed: np.ndarray = np.bincount(group, weights=weights, minlength=width)
        return summed

    sums = {"applications": total(m), "k": total(None), "sum_m2": total(m * m)}
    for kind, successes in zip(("interview", "offer", "accepted"), y, strict=True):
        sums |= {
            f"y_{kind}": total(successes),
            f"with_{kind}": total((successes > 0).astype(np.float64)),
            f"sum_y2_{kind}": total(successes * successes),
            f"sum_ym_{kind}": total(successes * m),
        }
    return sums


def _lone_sums(group: np.ndarray, rank: np.ndarray, width: int) -> dict[str, np.ndarray]:
    """`_cluster_sums` of clusters of one application each (m = 1, y = 0 or 1): one count per (group, stage rank)."""
    by_rank = np.bincount(group * 4 + rank, minlength=width * 4).reshape(width, 4).astype(np.float64)
    sums = {name: by_rank.sum(axis=1) for name in ("applications", "k", "sum_m2")}
    for kind, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        reached = by_rank[:, level:].sum(axis=1)
        sums |= {f"{term}_{kind}": reached for term in ("y", "with", "sum_y2", "sum_ym")}
    return sums


def _id_sums(cells: np.ndarray, rank: np.ndarray, count: int, width: int) -> dict[str, np.ndarray]:
    """`_cluster_sums` of the clusters (group × applicant) of rows with an id, `cells` = group * count + applicant:
    sorted once; most clusters hold one application (counted by `_lone_sums`), the rest are summed one by one."""
    keyed = cells * 4 + rank
    pairs = np.sort(keyed.astype(np.uint32) if keyed.size and keyed.max() < 2**32 else keyed)  # half the bytes
    cell = pairs >> 2
    starts = np.flatnonzero(_changes(cell))
    m = np.diff(np.append(starts, pairs.size))
    lone = pairs[starts[m == 1]].astype(np.int64)
    sums = _lone_sums((lone >> 2) // max(count, 1), lone & 3, width)
    several = m > 1
    clusters = int(several.sum())
    index = np.repeat(np.arange(clusters), m[several])
    reached = (np.compress(np.repeat(several, m), pairs) & 3).astype(np.int64)  # compress: no per-row branch
    y = [np.bincount(index, weights=(reached >= level).astype(np.float64), minlength=clusters) for level in (1, 2, 3)]
    group = (cell[starts[several]] // max(count, 1)).astype(np.int64)
    more = _cluster_sums(group, m[several].astype(np.float64), y, width)
    return {name: sums[name] + more[name] for name in sums}


def _applicant_sums(ids: np.ndarray, rank: np.ndarray, count: int) -> dict[str, np.ndarray]:
    """`_cluster_sums` of the whole view (one group): each applicant's applications and successes, counted densely
    and summed as integers (the same values as the float sums: every partial sum is an integer below 2**53).
    An applicant with no application here counts zero in every sum, so no sum needs the applicants picked out."""
    per_rank = np.bincount(ids * 4 + rank, minlength=count * 4).reshape(count, 4)
    reached = [per_rank[:, 3].copy()]  # applicants' applications reaching stage 3, then 2 and beyond, ...
    for level in (2, 1, 0):
        reached.insert(0, reached[0] + per_rank[:, level])
    m = reached[0]

    def total(values: np.ndarray) -> np.ndarray:
        return np.array([values.sum()], dtype=np.float64)

    def squares(values: np.ndarray, other: np.ndarray) -> np.ndarray:
        return np.array([np.dot(values, other)], dtype=np.float64)

    sums = {"applications": total(m), "k": np.array([np.count_nonzero(m)], dtype=np.int64), "sum_m2": squares(m, m)}
    for kind, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        successes = reached[level]
        sums |= {
            f"y_{kind}": total(successes),
            f"with_{kind}": np.array([np.count_nonzero(successes)], dtype=np.float64),
            f"sum_y2_{kind}": squares(successes, successes),
            f"sum_ym_{kind}": squares(successes, m),
        }
    return sums


def coded_clustered_counts(
    outcomes: pl.DataFrame, by: Sequence[str], people: ApplicantCodes
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """What analytics/intervals.py `clustered_counts` gives (same frames), counted on integer codes: `people` holds
    the applicant codes of `outcomes`' rows (rows without an id are clusters of their own)."""
    keys = [people.key(outcomes, column) for column in by]  # kept with the codes where the caller has them
    widths = [key.values.len() for key in keys]
    width = math.prod(widths)
    combined = _combined(keys, widths, None, outcomes.height)
    rank = _stage_rank(people.key(outcomes, "stage"))
    known = people.codes < people.count
    with_id, without_id = np.flatnonzero(known), np.flatnonzero(~known)
    ids = people.codes.take(with_id).astype(np.int64)
    sums = _id_sums(combined.take(with_id) * people.count + ids, rank.take(with_id), people.count, width)
    # Rows without an id: one cluster each (m = 1, y = 0 or 1), no applicant.
    single = _lone_sums(combined.take(without_id), rank.take(without_id), width)
    present = np.flatnonzero(sums["applications"] + single["applications"])
    groups = _frame(sums, single, present if by else None)
    if by:
        columns: list[pl.Series] = []
        rest = present
        for key, size in reversed(list(zip(keys, widths, strict=True))):
            columns.insert(0, key.values.gather(rest % size).alias(key.name))
            rest = rest // size
        groups = restore_text(pl.DataFrame(columns).hstack(groups), list(by)).sort(list(by), nulls_last=True)
    # The whole view: an applicant's counts are the sums of their counts in every group.
    totals = _frame(
        _applicant_sums(ids, rank.take(with_id), people.count),
        _lone_sums(np.zeros(without_id.size, dtype=np.int64), rank.take(without_id), 1),
        None,
    )
    return (groups if by else totals), totals


def _frame(sums: dict[str, np.ndarray], single: dict[str, np.ndarray], rows: np.ndarray | None) -> pl.DataFrame:
    """The `clustered_counts` columns from the id clusters' and the lone rows' sums (rows: which groups to keep)."""
    keep = slice(None) if rows is None else rows
    both = {name: (sums[name] + single[name])[keep] for name in sums}
    integer = {
        "applications": both["applications"],
        "interviews": both["y_interview"],
        "offers": both["y_offer"],
        "accepted": both["y_accepted"],
        "applicants": sums["k"][keep],
        "applicants_interviewed": sums["with_interview"][keep],
        "applicants_with_offer": sums["with_offer"][keep],
        "applicants_accepted": sums["with_accepted"][keep],
        "k": both["k"],
    }
    floats = ["sum_m2", *[f"sum_{term}_{kind}" for kind in ("offer", "interview", "accepted") for term in ("y2", "ym")]]
    return pl.DataFrame(
        [pl.Series(name, values.astype(np.int64), dtype=pl.Int64) for name, values in integer.items()]
        + [pl.Series(name, both[name], dtype=pl.Float64) for name in floats]
    )
