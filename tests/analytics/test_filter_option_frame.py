"""Filter options from the categorical option frame are exactly the options from the listings themselves."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.filters import FilterSpec, available_options, option_frame
from dashboard import state


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path)


def _some(listings: pl.DataFrame, column: str, k: int = 2) -> tuple[str, ...]:
    values = listings.get_column(column)
    if values.dtype == pl.List(pl.String):
        values = values.explode()
    return tuple(values.drop_nulls().value_counts(sort=True).get_column(column).head(k).sort().to_list())


@pytest.mark.parametrize(
    "make_spec",
    [
        lambda lf: FilterSpec(),
        lambda lf: FilterSpec(active_only=False),
        lambda lf: FilterSpec(fields=_some(lf, "field", 1)),
        lambda lf: FilterSpec(countries=_some(lf, "countries", 1)),
        lambda lf: FilterSpec(countries=_some(lf, "countries", 2), regions=_some(lf, "regions", 2)),
        lambda lf: FilterSpec(
            regions=_some(lf, "regions", 1), cities=_some(lf, "cities", 1), fields=_some(lf, "field", 2)
        ),
        lambda lf: FilterSpec(
            countries=("ZZ",), fields=("Not a field",)
        ),  # chosen values the data lacks stay selectable
    ],
)
def test_option_frame_gives_the_same_options(listings: pl.DataFrame, make_spec) -> None:
    spec = make_spec(listings)
    frame = option_frame(listings)
    skills = frame.schema["skills"]
    assert isinstance(skills, pl.List) and isinstance(skills.inner, pl.Categorical)
    assert isinstance(frame.schema["field"], pl.Categorical)
    assert "title" not in frame.columns  # only what the options read
    assert available_options(listings, spec, frame) == available_options(listings, spec)


def test_option_frame_on_an_empty_frame(listings: pl.DataFrame) -> None:
    empty = listings.clear()
    assert available_options(empty, FilterSpec(), option_frame(empty)) == available_options(empty, FilterSpec())
