"""Small random outcome frames for the slice-size tests: few applicants, so many (company, applicant) pairs have
several rows, some in and some out of a filter; nulls in every column but the stage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

FIELDS = ["Data Science", "Cybersecurity", "Software Engineering"]
REGIONS = ["US-CA", "US-NY", "CA-ON", "CA", "DE-BE", "GB-ENG"]
COLUMNS = ["applicant_id", "company", "region", "field", "term", "stage"]


def random_outcomes(
    seed: int, n: int, *, applicants: tuple[int, int], companies: Sequence[str] = ("Acme", "Bolt", "Cato")
) -> pl.DataFrame:
    """`n` compact outcome rows drawn with `seed`; between `applicants[0]` and `applicants[1]` distinct applicants."""
    rng = np.random.default_rng(seed)
    pick = lambda values: rng.choice(np.array(values, dtype=object), n).tolist()  # noqa: E731
    return compact_outcomes(
        pl.DataFrame(
            {
                "applicant_id": pick([f"a{i}" for i in range(int(rng.integers(*applicants)))] + [None]),
                "company": pick([*companies, None]),
                "region": pick([*REGIONS, None]),
                "field": pick([*FIELDS, None]),
                "term": pick(["Summer 2026", "Fall 2026", None]),
                "stage": pick(list(STAGES)),
            },
            schema=dict.fromkeys(COLUMNS, pl.String),
        )
    )


def sorted_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame`'s rows in one canonical order, for comparing frames whose row order does not matter."""
    return frame.sort(frame.columns, nulls_last=True)
