"""A filter's slices among rows that are most of the frame, counted by their complement
(analytics/applicant_sizes.py `complement_sizes`, which `slice_coded.slice_sizes` uses for a large country kept), equal
the sizes counted on those rows directly (`grouped_sizes`) and polars' group-by (`polars_parts`), nulls included."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import applicant_sizes
from analytics.applicant_sizes import applicant_codes, grouped_sizes
from analytics.differencing import active_filters, coded_parts, polars_parts
from analytics.filters import FilterSpec
from analytics.intervals import clustered_counts
from analytics.slice_coded import slice_sizes
from analytics.slice_complement import complement_sizes
from analytics.slice_keys import part_key, passing_rows
from data_loaders.compact import compact_outcomes, restore_text
from data_loaders.schema import STAGES

FIELDS = ["SE", "DS", "HW", None]
REGIONS = ["US-CA", "US-NY", "US-TX", "CA-ON", "GB-LND", None]


def _frame(rng: np.random.Generator, n: int, people: int, us_share: float) -> pl.DataFrame:
    """Applications of `people` applicants (a tenth of the rows without an id), most of them in the US."""
    ids = [f"a{i}" if i < people else None for i in rng.integers(0, people + max(1, people // 9), n)]
    us = rng.random(n) < us_share
    regions = [
        REGIONS[int(i)] if u else REGIONS[3 + int(j)]
        for u, i, j in zip(us, rng.integers(0, 3, n), rng.integers(0, 3, n), strict=True)
    ]
    return pl.DataFrame(
        {
            "applicant_id": ids,
            "field": [FIELDS[int(i)] for i in rng.integers(0, 4, n)],
            "region": regions,
            "company": [["X", "Y", None][int(i)] for i in rng.integers(0, 3, n)],
            "stage": ["applied"] * n,
        },
        schema={name: pl.String for name in ("applicant_id", "field", "region", "company", "stage")},
    )


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def _both(frame: pl.DataFrame, spec: FilterSpec) -> tuple[pl.DataFrame | None, pl.DataFrame]:
    """(the complement's sizes of the first filter's slices among the rows passing the others, the direct ones)."""
    people = applicant_codes(frame)
    first, *kept = active_filters(spec, frame.columns)
    key = part_key(frame, people, first)
    rows = passing_rows(frame, people, kept)
    assert rows is not None
    counted = complement_sizes(key, people, rows)
    return (None if counted is None else restore_text(counted)), restore_text(grouped_sizes([key], people, rows))


@pytest.mark.parametrize("compact", [False, True], ids=["strings", "compact"])
@pytest.mark.parametrize("fields", [("SE",), ("SE", "DS"), ("HW",), ("XX",)])
def test_the_complement_counts_what_the_rows_hold(compact: bool, fields: tuple[str, ...]) -> None:
    frame = _frame(np.random.default_rng(len(fields)), 6_000, 300, 0.9)
    frame = compact_outcomes(frame) if compact else frame
    spec = FilterSpec(fields=fields, countries=("US",))
    counted, expected = _both(frame, spec)
    assert counted is not None  # 90 % of the rows kept: the complement is read
    assert counted.equals(expected)
    filters = active_filters(spec, frame.columns)
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    coded = coded_parts(frame, None, filters, others, applicant_codes(frame))
    reference = polars_parts(frame, spec, None, filters, others, counts=False, ids=True)
    for got, want in zip(coded, reference, strict=True):
        assert got.sort(got.columns, nulls_last=True).equals(want.sort(want.columns, nulls_last=True))


def test_a_small_kept_share_is_counted_directly() -> None:
    frame = _frame(np.random.default_rng(3), 6_000, 300, 0.2)
    counted, _ = _both(frame, FilterSpec(fields=("SE",), countries=("US",)))
    assert counted is None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 400),
    people=st.integers(1, 30),
    share=st.floats(0.0, 1.0),
    fields=st.lists(st.sampled_from(["SE", "DS", "HW"]), min_size=1, max_size=2, unique=True),
    kept=st.sampled_from([{"countries": ("US",)}, {"countries": ("US", "GB")}, {"companies": ("X",)}]),
)
def test_slice_sizes_by_complement_equal_the_direct_count(
    seed: int, n: int, people: int, share: float, fields: list[str], kept: dict[str, tuple[str, ...]]
) -> None:
    frame = _frame(np.random.default_rng(seed), n, people, share)
    if frame.get_column("applicant_id").null_count() == frame.height:
        return
    spec = FilterSpec(fields=tuple(fields), **kept)  # type: ignore[arg-type]
    counted, expected = _both(frame, spec)
    if counted is not None:
        assert counted.equals(expected)
    codes = applicant_codes(frame)
    first, *rest = active_filters(spec, frame.columns)
    assert slice_sizes(frame, codes, (first,), tuple(rest)).equals(expected)


@pytest.mark.parametrize("seed", range(6))
def test_rows_alone_in_their_pair_are_counted_without_sorting(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the cells are too many to count densely, the rows alone in their (company, applicant) pair are counted
    as distinct pairs and only the others sorted: the same sizes as sorting every row, and as polars' group-by."""
    monkeypatch.setattr(applicant_sizes, "_DENSE_CELLS", 0)  # every count takes the sorted path
    rng = np.random.default_rng(seed)
    frame = _frame(rng, 3_000, 400, 0.7)
    prepared, plain = applicant_codes(frame), applicant_codes(frame)
    prepared.prepare(frame, ["company", "field", "region"])
    assert set(prepared.alone) >= {"company", "field"} and prepared.alone["company"].any()
    spec = FilterSpec(fields=("SE",), countries=("US",))
    for parts in [("company", active_filters(spec, frame.columns)[0]), ("company",), ("field", "company")]:
        few = tuple(active_filters(FilterSpec(countries=("GB",)), frame.columns))  # a tenth of the rows: gathered
        for kept in [(), tuple(active_filters(spec, frame.columns)[1:]), few]:
            got, want = slice_sizes(frame, prepared, parts, kept), slice_sizes(frame, plain, parts, kept)
            assert _sorted(got).equals(_sorted(want)), (parts, kept)  # a key's values come in no fixed order
    rows = frame.filter(pl.col("region").str.starts_with("US-"))
    expected = (
        rows.group_by("company")
        .agg(
            pl.len().cast(pl.Int64).alias("applications"),
            pl.col("applicant_id").drop_nulls().n_unique().cast(pl.Int64).alias("applicants"),
        )
        .sort("company", nulls_last=True)
    )
    kept = tuple(active_filters(FilterSpec(countries=("US",)), frame.columns))
    assert slice_sizes(frame, prepared, ("company",), kept).sort("company", nulls_last=True).equals(expected)


@pytest.mark.parametrize("by", ["company", "field"])
@pytest.mark.parametrize("seed", range(4))
def test_clusters_of_rows_alone_in_their_pair_are_counted_without_sorting(
    seed: int, by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view's clustered counts on the codes of its rows (`ApplicantCodes.subset`, which keeps which rows are alone
    in their pair) equal the hashed clustered counts of the same rows: every count and cluster sum."""
    monkeypatch.setattr(applicant_sizes, "_DENSE_CELLS", 0)  # `prepare` marks the rows alone for every column
    rng = np.random.default_rng(seed)
    frame = _frame(rng, 2_000, 150, 0.6).with_columns(
        stage=pl.Series([STAGES[int(i)] for i in rng.integers(0, len(STAGES), 2_000)])
    )
    people = applicant_codes(frame)
    people.prepare(frame, [by, "stage", "region"])
    index = np.flatnonzero(frame.get_column("region").str.starts_with("US-").fill_null(False).to_numpy())
    rows = people.subset(index, [by, "stage"])
    assert by in rows.alone and rows.alone[by].any()
    view = frame[index]
    got_groups, got_totals = clustered_counts(view, [by], people=rows)
    want_groups, want_totals = clustered_counts(view, [by])
    assert got_groups.equals(want_groups)
    assert got_totals.equals(want_totals)


def test_the_rest_counted_once_per_kept_filters_gives_the_same_sizes_for_every_key() -> None:
    """With the kept filters named, the rows outside them are counted per applicant once (`rows_outside`) and read
    again for the next key among the same rows (a field after another within one country): the sizes stay exact."""
    frame = _frame(np.random.default_rng(11), 3_000, 60, 0.9)
    people = applicant_codes(frame)
    country, *_ = active_filters(FilterSpec(countries=("US",)), frame.columns)
    rows = passing_rows(frame, people, [country])
    assert rows is not None
    for field in ("SE", "DS", "HW"):
        first, *_ = active_filters(FilterSpec(fields=(field,)), frame.columns)
        key = part_key(frame, people, first)
        counted = complement_sizes(key, people, rows, (country,))
        assert counted is not None
        assert _sorted(restore_text(counted)).equals(_sorted(restore_text(grouped_sizes([key], people, rows))))
    assert list(people._outside) == [(country,)]  # counted once, kept for the next key
    assert not people._outside[(country,)].flags.writeable
