"""The cluster sums of analytics/intervals.py `clustered_counts`, counted on the applicants' integer codes
(analytics/applicant_sizes.py) instead of hashed per (group, applicant): the same frames, for a grouped view and for
a view's total alone (the Overview's offer rate: `coded_view_totals` over the rows its filters keep)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, Key, _changes, _combined
from analytics.row_picks import sorted_copy
from analytics.view_subsets import derived
from data_loaders.compact import restore_text
from data_loaders.schema import STAGES

# (group, applicant) cells counted densely up to this many (a bincount's int64 each: ~96 MB), and up to this many per
# row of the view: beyond either, its pairs are sorted (at 10 M applications, the sorted path costs ~70-100 ns a row,
# the dense one ~20 ns a cell).
_DENSE_CLUSTERS = 12_000_000
_DENSE_PER_ROW = 4
# Rows up to which `_cell_ordered` orders keys already in applicant order by their group alone (a radix sort of a
# byte a row, then a gather of the keys) rather than sorting them: on two cores polars' sort of the keys overtakes it
# from ~4 million rows (1 / 2.4 / 4 / 8.4 million rows of 31 groups: 16 / 27 / 67 / 162 ms against 20 / 45 / 81 / 148).
_ORDER_BY_GROUP_ROWS = 3_000_000


def _stage_rank(stage: Key) -> np.ndarray:
    """Per row, the furthest stage reached among (none, interview, offer, accepted): 0..3 (null reaches none)."""
    reached = [STAGES[STAGES.index(name) :] for name in ("interview", "offer")]
    ranks = [
        3 if value == "accepted" else 2 if value in reached[1] else 1 if value in reached[0] else 0
        for value in stage.values.cast(pl.String).to_list()
    ]
    lut: np.ndarray = np.array(ranks, dtype=np.uint8).take(stage.codes)  # a byte per row: every pass reads less
    return lut


def _lone_sums(group: np.ndarray, rank: np.ndarray, width: int) -> dict[str, np.ndarray]:
    """The sums `_id_sums` gives, of clusters of one application each (m = 1, y = 0 or 1): one count per (group, stage rank)."""
    by_rank = np.bincount(group * 4 + rank, minlength=width * 4).reshape(width, 4).astype(np.float64)
    sums = {name: by_rank.sum(axis=1) for name in ("applications", "k", "sum_m2")}
    for kind, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        reached = by_rank[:, level:].sum(axis=1)
        sums |= {f"{term}_{kind}": reached for term in ("y", "with", "sum_y2", "sum_ym")}
    return sums


def _id_sums(group: np.ndarray, ids: np.ndarray, rank: np.ndarray, count: int, width: int) -> dict[str, np.ndarray]:
    """`clustered_counts`' sums per group 0..width-1 over the clusters (group × applicant) of rows with an id (`group`,
    `ids`, `rank` per row): their (group, applicant, stage rank) keys ordered once by (group, applicant)
    (`_cell_ordered`), a cluster is a run of equal (group, applicant). Its size m is the run's length; its successes y
    at a stage are counted over the rows reaching that stage only (a few of the view's), found by their cluster's
    number. Σ m² is the clusters' count plus Σ (m² - 1) over the clusters of several rows (most hold one). At a field
    and the United States grouped by region (1.6 million rows, 1.4 million clusters): ~80 ms alone, against ~120 ms
    summing lone and other clusters apart."""
    kind = np.uint64 if width * max(count, 1) * 4 >= 2**32 else np.uint32  # half the bytes where they fit
    key: np.ndarray = group.astype(kind)
    key *= kind(max(count, 1))
    key += ids
    key <<= kind(2)
    key |= rank
    ordered = _cell_ordered(key, group, ids, width)
    cell = ordered >> kind(2)
    change = _changes(cell)
    starts = np.flatnonzero(change)
    m = np.diff(starts, append=ordered.size)
    cell_group = (cell.take(starts) // kind(max(count, 1))).astype(np.intp)
    k = np.bincount(cell_group, minlength=width)
    several = np.flatnonzero(m > 1)
    m_several = m.take(several)
    squares = np.bincount(
        cell_group.take(several), weights=(m_several * m_several - 1).astype(np.float64), minlength=width
    )
    sums = {
        "applications": np.bincount(group, minlength=width).astype(np.float64),
        "k": k.astype(np.float64),
        "sum_m2": k + squares,
    }
    reached = (ordered & kind(3)).astype(np.uint8)
    rows = np.flatnonzero(reached)  # rows reaching an interview or further
    # Their cluster's number (ascending), counted in 32 bits where it fits: the running count over every row of the
    # view is half the bytes (5 million rows: ~20 -> ~12 ms)
    counted = np.cumsum(change, dtype=np.int32) if change.size < 2**31 else np.cumsum(change, dtype=np.int64)
    cluster: np.ndarray = counted.take(rows) - 1
    reached = reached.take(rows)
    for kind_name, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        if level > 1:  # the rows reaching this stage: nested, fewer each (compress: no per-row branch)
            further = reached >= level
            cluster, reached = np.compress(further, cluster), np.compress(further, reached)
        first = np.flatnonzero(_changes(cluster))
        y = np.diff(first, append=cluster.size)
        hit = cluster.take(first)
        at, m_hit = cell_group.take(hit), m.take(hit)
        sums |= {
            f"y_{kind_name}": np.bincount(at, weights=y.astype(np.float64), minlength=width),
            f"with_{kind_name}": np.bincount(at, minlength=width).astype(np.float64),
            f"sum_y2_{kind_name}": np.bincount(at, weights=(y * y).astype(np.float64), minlength=width),
            f"sum_ym_{kind_name}": np.bincount(at, weights=(y * m_hit).astype(np.float64), minlength=width),
        }
    return sums


def _cell_ordered(key: np.ndarray, group: np.ndarray, ids: np.ndarray, width: int) -> np.ndarray:
    """`key` ((group, applicant, stage rank) per row) ordered by its (group, applicant) cell, equal cells together.

    Where the rows come in applicant order (the ids never decrease: a file grouped by applicant, as the generator
    writes it and as its codes are ranked), a stable sort by the group alone gives that order: a radix sort of one or
    two bytes a row instead of a sort of the whole keys. A cell's rows keep their file order rather than their stage
    rank, which no sum reads. Otherwise, and beyond `_ORDER_BY_GROUP_ROWS` rows, the keys are sorted."""
    if width <= 2**16 and ids.size <= _ORDER_BY_GROUP_ROWS and (ids.size < 2 or bool(np.all(ids[1:] >= ids[:-1]))):
        narrow = group.astype(np.uint8 if width <= 2**8 else np.uint16)
        ordered: np.ndarray = key.take(np.argsort(narrow, kind="stable"))
        return ordered
    return sorted_copy(key)


def _applicant_sums(ids: np.ndarray, rank: np.ndarray, count: int) -> dict[str, np.ndarray]:
    """The sums `_id_sums` gives, of the whole view (one group): each applicant's applications and successes, counted densely
    and summed as integers (the same values as the float sums: every partial sum is an integer below 2**53).
    An applicant with no application here counts zero in every sum, so no sum needs the applicants picked out; for
    a view of few rows, only its applicants are numbered (a few thousand, not a million dense counts). Successes
    are counted over the rows that reach each stage only (a few of the view's), and their squares and products read
    back at those rows: Σ y² = Σ over the successful rows of their applicant's y, Σ y·m likewise of m (at 743,000
    rows of a million applicants: ~11 ms, against ~28 for a count per (applicant, stage) cell and a pass per sum)."""
    if 4 * ids.size < count:
        applicants, ids = np.unique(ids, return_inverse=True)
        count = applicants.size
    m = np.bincount(ids, minlength=count)
    # Σ over rows of their applicant's m is Σ m² over applicants: a dense product over the applicants where the rows
    # are as many (a field and the United States: 743,000 rows of a million applicants, ~3.6 -> ~0.4 ms).
    squares = np.einsum("i,i->", m, m) if 2 * ids.size > count else m.take(ids).sum()
    sums = {
        "applications": np.array([ids.size], dtype=np.float64),
        "k": np.array([np.count_nonzero(m)], dtype=np.int64),
        "sum_m2": np.array([squares], dtype=np.float64),
    }
    reaching, reached = ids, rank
    for kind, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        further = reached >= level  # the rows reaching this stage: nested, fewer each (compress: no per-row branch)
        reaching, reached = np.compress(further, reaching), np.compress(further, reached)
        y = np.bincount(reaching, minlength=count)
        sums |= {
            f"y_{kind}": np.array([reaching.size], dtype=np.float64),
            f"with_{kind}": np.array([np.count_nonzero(y)], dtype=np.float64),
            f"sum_y2_{kind}": np.array([y.take(reaching).sum()], dtype=np.float64),
            f"sum_ym_{kind}": np.array([m.take(reaching).sum()], dtype=np.float64),
        }
    return sums


def coded_clustered_counts(
    outcomes: pl.DataFrame, by: Sequence[str], people: ApplicantCodes
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """What analytics/intervals.py `clustered_counts` gives (same frames), counted on integer codes: `people` holds
    the applicant codes of `outcomes`' rows (rows without an id are clusters of their own)."""
    rank, view_sums = _ranked_view_sums(people, outcomes)
    totals = _frame(*view_sums, None)
    if not by:
        return totals, totals
    keys = [people.key(outcomes, column) for column in by]  # kept with the codes where the caller has them
    widths = [key.values.len() for key in keys]
    width = math.prod(widths)
    combined = _combined(keys, widths, None, outcomes.height)
    known = people.codes < people.count
    without_id = np.flatnonzero(~known)
    groups = np.flatnonzero(np.bincount(combined, minlength=width))  # the groups the rows hold (a field filter: one)
    if groups.size == 1:  # the view's applicants are its one group's clusters: their sums are the view's
        sums = {name: _placed(values, groups, width) for name, values in view_sums[0].items()}
    elif 0 < groups.size * people.count <= min(_DENSE_CLUSTERS, _DENSE_PER_ROW * outcomes.height):
        sums = _dense_sums(combined, rank, people, groups, width)
    else:
        sums = _sorted_sums(combined, rank, people, by, width)
    # Rows without an id: one cluster each (m = 1, y = 0 or 1), no applicant.
    single = _lone_sums(combined.take(without_id), rank.take(without_id), width)
    present = np.flatnonzero(sums["applications"] + single["applications"])
    columns: list[pl.Series] = []
    rest = present
    for key, size in reversed(list(zip(keys, widths, strict=True))):
        columns.insert(0, key.values.gather(rest % size).alias(key.name))
        rest = rest // size
    groups_frame = pl.DataFrame(columns).hstack(_frame(sums, single, present))
    return restore_text(groups_frame, list(by)).sort(list(by), nulls_last=True), totals


def _dense_sums(
    combined: np.ndarray, rank: np.ndarray, people: ApplicantCodes, groups: np.ndarray, width: int
) -> dict[str, np.ndarray]:
    """The sums `_id_sums` gives, of the (group, applicant) clusters of the rows with an id, counted densely over the groups
    the rows hold × every applicant (the United States grouped by field: 8.4 million rows in 9 groups of a million
    applicants, ~0.2 s against ~0.8 s sorting their pairs)."""
    count, held = people.count, groups.size
    known = people.codes < count
    codes = people.codes
    if not known.all():
        with_id = np.flatnonzero(known)
        combined, rank, codes = combined.take(with_id), rank.take(with_id), codes.take(with_id)
    number = np.zeros(width, dtype=np.int64)
    number[groups] = np.arange(held)
    reaching, reached = number.take(combined) * count + codes, rank
    m = np.bincount(reaching, minlength=held * count).reshape(held, count)
    # Sums over each group's row of cells (a dense product where the cells are about as many as the rows: at the
    # United States grouped by field, 8.4 million rows, ~0.2 s against ~0.3 s summing per row with weights).
    found = {"applications": m.sum(axis=1), "k": _set_per_group(m), "sum_m2": np.einsum("ij,ij->i", m, m)}
    for kind, level in (("interview", 1), ("offer", 2), ("accepted", 3)):
        further = reached >= level  # the rows reaching this stage: nested, fewer each (compress: no per-row branch)
        reaching, reached = np.compress(further, reaching), np.compress(further, reached)
        y = np.bincount(reaching, minlength=held * count).reshape(held, count)
        found |= {
            f"y_{kind}": y.sum(axis=1),
            f"with_{kind}": _set_per_group(y),
            f"sum_y2_{kind}": np.einsum("ij,ij->i", y, y),
            f"sum_ym_{kind}": np.einsum("ij,ij->i", y, m),
        }
    return {name: _placed(values, groups, width) for name, values in found.items()}


def _placed(values: np.ndarray, groups: np.ndarray, width: int) -> np.ndarray:
    """A sum per group 0..width-1: `values` at `groups`, zero elsewhere (in `values`' type)."""
    placed = np.zeros(width, dtype=values.dtype)
    placed[groups] = values
    return placed


def _set_per_group(counts: np.ndarray) -> np.ndarray:
    """Per group (a row of `counts`), how many of its cells are not zero (a count per row: numpy's count along an
    axis compares and sums instead)."""
    return np.array([np.count_nonzero(row) for row in counts], dtype=np.int64)


def _sorted_sums(
    combined: np.ndarray, rank: np.ndarray, people: ApplicantCodes, by: Sequence[str], width: int
) -> dict[str, np.ndarray]:
    """The sums `_id_sums` gives, of the (group, applicant) clusters of the rows with an id, their pairs sorted: where the
    groups × applicants are too many cells to count densely (a view grouped by company)."""
    known = people.codes < people.count
    # Rows alone in their (group column value, applicant) pair in the whole frame are clusters of one application in
    # any view grouped by that column: counted as such, only the others are sorted into clusters.
    alone = next((people.alone[column] for column in by if column in people.alone), None)
    lone = None if alone is None else np.flatnonzero(alone)
    select = known if alone is None else known & ~alone
    if select.all():
        sums = _id_sums(combined, people.codes, rank, people.count, width)
    else:
        with_id = np.flatnonzero(select)
        sums = _id_sums(combined.take(with_id), people.codes.take(with_id), rank.take(with_id), people.count, width)
    if lone is not None:
        alone_sums = _lone_sums(combined.take(lone), rank.take(lone), width)
        sums = {name: sums[name] + alone_sums[name] for name in sums}
    return sums


def coded_view_totals(rows: ApplicantCodes) -> pl.DataFrame:
    """`clustered_counts(rows, [])[1]` (a view's whole-view counts and cluster sums) for the rows whose applicant
    codes (with their stage key) are `rows`: an applicant's counts are the sums of their rows, counted densely; a row
    without an id is a cluster of its own. Counted once per subset (analytics/view_subsets.py: a rate view of the same
    filters, any grouping, reads the same)."""
    return _frame(*_ranked_view_sums(rows, None)[1], None)


def _ranked_view_sums(
    rows: ApplicantCodes, frame: pl.DataFrame | None
) -> tuple[np.ndarray, tuple[dict[str, np.ndarray], dict[str, np.ndarray]]]:
    """Per row of `rows` its stage rank, and the whole view's cluster sums (`_view_sums`), computed once per subset
    (`frame`: the rows' frame, when the stage key may need computing from it)."""

    def compute() -> tuple[np.ndarray, tuple[dict[str, np.ndarray], dict[str, np.ndarray]]]:
        rank = _stage_rank(rows.keys["stage"] if frame is None else rows.key(frame, "stage"))
        return rank, _view_sums(rows.codes, rows.count, rank)

    return derived(rows, "ranked view sums", compute)


def _view_sums(codes: np.ndarray, count: int, rank: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The whole view's cluster sums (one group): of its applicants' clusters, and of its rows without an id."""
    known = codes < count
    if known.all():  # the usual case: no row picked out
        ids, lone = codes.astype(np.int64), rank[:0]
        with_rank = rank
    else:
        with_id, without_id = np.flatnonzero(known), np.flatnonzero(~known)
        ids, lone, with_rank = codes.take(with_id).astype(np.int64), rank.take(without_id), rank.take(with_id)
    return _applicant_sums(ids, with_rank, count), _lone_sums(np.zeros(lone.size, dtype=np.int64), lone, 1)


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
