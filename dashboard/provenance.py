"""Where a session's data came from, said the same way on every page footer and in every export.

A dataset has two parts, listings and outcomes. Each part has an `Origin` (its source, when it was loaded,
and whether it is synthetic) or none at all: a session that loaded only listings has no outcomes unless
the user chose to keep the sample's, and then they are marked synthetic everywhere. Plain Python (no
streamlit), so the HTML exports and the tests use it directly.

Exports: CSV and Parquet downloads keep their header as the first line (a comment line would break
spreadsheets and most CSV readers); every row carries a `data_source` column with the provenance sentence,
and the file name carries a tag ("_synthetic" when any part is synthetic). The HTML report and the
one-page benchmark print the sentence in their header, and the plan's Markdown ends with it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from analytics.exports import escape_markdown
from analytics.skill_plan import SkillPlan, plan_to_markdown

if TYPE_CHECKING:  # dashboard.dataset imports this module
    from dashboard.dataset import Dataset

SOURCE_COLUMN = "data_source"
SYNTHETIC_TAG = "synthetic"
SYNTHETIC_ORIGIN = "made by our seeded generator"
PARTS = ("listings", "outcomes")
NO_OUTCOMES = (
    "There are no outcome data in this session (only listings were loaded), so {what}. "
    "To add them, load an outcomes file on the Sources page."
)
NO_LISTINGS = (
    "There are no listings in this session (only outcomes were loaded), so {what}. "
    "To add them, load a listings file on the Sources page."
)


@dataclass(frozen=True)
class Origin:
    """Where one part of a dataset came from: a file, a database or the bundled sample, and when it was loaded."""

    source: str
    loaded_at: dt.datetime | None = None  # UTC
    synthetic: bool = False
    kept_from_sample: bool = False  # the user chose to keep the sample's part next to their own data

    def describe(self) -> str:
        """'jobs.csv, loaded 30 Nov 2026 05:40 UTC' (plus 'synthetic', and why it is here when it was kept).

        Synthetic data ships with the app: when the server read it says nothing, what made it does."""
        text = self.source
        if self.synthetic:
            text += f" (synthetic), {SYNTHETIC_ORIGIN}"
        elif self.loaded_at is not None:
            text += f", loaded {format_time(self.loaded_at)}"
        if self.kept_from_sample:
            text += ", kept by choice next to your own data"
        return text


def format_time(moment: dt.datetime) -> str:
    """A load time as '30 Nov 2026 05:40 UTC' (naive times are taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment:%d %b %Y %H:%M} UTC"


def now() -> dt.datetime:
    """The current time in UTC, to the second (what a load is stamped with)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def part_lines(listings: Origin | None, outcomes: Origin | None) -> list[str]:
    """One line per part: 'Listings: jobs.csv, loaded …' / 'Outcomes: none in this session' (one line for both
    when they came from the same place, as the bundled sample's do)."""
    if listings is not None and listings == outcomes:
        return [f"Listings and outcomes: {listings.describe()}"]
    return [
        f"{part.capitalize()}: {origin.describe() if origin is not None else 'none in this session'}"
        for part, origin in zip(PARTS, (listings, outcomes), strict=True)
    ]


def sentence(listings: Origin | None, outcomes: Origin | None) -> str:
    """The provenance in one sentence, for footers, exports and the report's methodology."""
    return "; ".join(part_lines(listings, outcomes)) + "."


def is_synthetic(listings: Origin | None, outcomes: Origin | None) -> bool:
    """True when any part of the data is synthetic."""
    return any(origin is not None and origin.synthetic for origin in (listings, outcomes))


def file_tag(listings: Origin | None, outcomes: Origin | None) -> str:
    """A short tag for download names: 'synthetic' when any part is, else the own sources ('jobs' …), at most 40 characters."""
    if is_synthetic(listings, outcomes):
        return SYNTHETIC_TAG
    stems = []
    for origin in (listings, outcomes):
        if origin is not None:
            stem = re.sub(r"[^A-Za-z0-9]+", "-", origin.source.rsplit(".", 1)[0]).strip("-").lower()
            if stem and stem not in stems:
                stems.append(stem)
    return ("-".join(stems)[:40].strip("-")) or "data"


def tagged_name(basename: str, listings: Origin | None, outcomes: Origin | None) -> str:
    """`basename` with the provenance tag: 'openings_synthetic', 'openings_jobs'."""
    return f"{basename}_{file_tag(listings, outcomes)}"


def with_source_column(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    """`frame` with the provenance sentence in a last `data_source` column (replacing one already there)."""
    return frame.drop(SOURCE_COLUMN, strict=False).with_columns(pl.lit(text, dtype=pl.String).alias(SOURCE_COLUMN))


__all__ = [
    "NO_LISTINGS",
    "NO_OUTCOMES",
    "Origin",
    "SOURCE_COLUMN",
    "file_tag",
    "format_time",
    "is_synthetic",
    "now",
    "part_lines",
    "sentence",
    "tagged_name",
    "with_source_column",
]


def plan_markdown_with_sources(plan: SkillPlan, dataset: Dataset) -> str:
    """The skill plan's Markdown (analytics.skill_plan) ending with the data's provenance."""
    text = plan_to_markdown(plan)
    flag = "**Synthetic data.** " if dataset.synthetic else ""
    return text.rstrip("\n") + f"\n\n---\n\n{flag}Data: {escape_markdown(dataset.provenance())}\n"
