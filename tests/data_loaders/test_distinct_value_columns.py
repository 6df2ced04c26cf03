"""Column steps that read each distinct value once equal reading every row (places, de-duplication keys)."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from data_loaders.normalise.dedupe import _key_codes, _set_codes
from data_loaders.normalise.locations import normalise_locations, split_location_texts, split_locations

_PLACES = [
    "北京",
    "上海市",
    "Austin, TX",
    "서울",
    "待定",
    "",
    "Remote",
    "Lincoln, NB",
    "Toronto, Ontario, Canada",
    "x\x1cy",
]
_JOINERS = ["; ", "，", "、", " | ", " or ", ", "]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_PLACES), min_size=1, max_size=3), st.sampled_from(_JOINERS)).map(
            lambda pair: pair[1].join(pair[0])
        )
        | st.none(),
        max_size=12,
    )
)
def test_place_columns_equal_per_row_parsing(values: list[str | None]) -> None:
    texts = pl.Series(values, dtype=pl.String)
    assert split_location_texts(texts).to_list() == [None if v is None else split_locations(v) for v in values]
    lists = pl.Series([[] if v is None else split_locations(v) for v in values], dtype=pl.List(pl.String))
    assert_frame_equal(normalise_locations(texts), normalise_locations(lists))
    one_by_one = [normalise_locations(pl.Series([v], dtype=pl.String)) for v in values]
    if one_by_one:
        expected = pl.concat(one_by_one).drop("work_mode")  # work mode depends on the whole column's markers
        assert_frame_equal(normalise_locations(texts).drop("work_mode"), expected)


def _python_set_key(items: list[str | None] | None) -> str:
    return "\x1f".join(sorted(str(v).strip() for v in items if v is not None)) if items is not None else ""


_MEMBERS = st.sampled_from(["NYC", " NYC", "SF", "sf", "a\x1fb", "b", "a", "", " ", None, "北京"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_MEMBERS, max_size=3) | st.none(), min_size=1, max_size=12))
def test_set_codes_partition_rows_like_the_python_key(lists: list[list[str | None] | None]) -> None:
    codes = _set_codes(pl.Series(lists, dtype=pl.List(pl.String))).to_list()
    keys = [_python_set_key(items) for items in lists]
    for i in range(len(lists)):
        for j in range(len(lists)):
            assert (codes[i] == codes[j]) == (keys[i] == keys[j]), (lists[i], lists[j])


def test_key_codes_clean_company_and_title_text() -> None:
    frame = pl.DataFrame(
        {
            "company": ["Acme", "acme ", "ACME 🇺🇸", "Beta", None, ""],
            "title": ["SWE", "swe", "SWE", "SWE", "SWE", "SWE"],
        }
    )
    codes = _key_codes(frame)
    company = codes["_k_company"].to_list()
    assert company[0] == company[1] == company[2] != company[3]
    assert company[4] == company[5]  # missing and empty are one (empty) name
    assert codes["_k_title"].n_unique() == 1
