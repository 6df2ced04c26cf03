"""One loaded dataset (`Dataset`) and how the shared one is read (where from: dashboard/sample_location.py).

No session state here: dashboard/state.py decides which dataset a session sees and keeps the shared one loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import polars as pl

from dashboard import provenance, startup_listings
from dashboard.background import PendingOutcomes
from dashboard.provenance import Origin
from data_loaders.compact import read_compact_outcomes, with_id_codes
from data_loaders.errors import LoadError

_OUTCOMES_SLOT = "_outcomes_value"  # where a dataset keeps what its `outcomes` field holds


class _OutcomesField:
    """`Dataset.outcomes`: holds a frame, None, or `PendingOutcomes` (read in the background); reading the field
    gives the frame, waiting for a pending read (None if it failed). Use `Dataset.peek_outcomes` where waiting
    would be wrong and `has_outcomes` for a yes/no."""

    @overload
    def __get__(self, dataset: None, owner: Any) -> None: ...
    @overload
    def __get__(self, dataset: object, owner: Any) -> pl.DataFrame | None: ...
    def __get__(self, dataset: object | None, owner: Any = None) -> pl.DataFrame | None:
        if dataset is None:
            return None  # the field's default
        value = stored_outcomes(dataset)
        return value.wait() if isinstance(value, PendingOutcomes) else value

    def __set__(self, dataset: object, value: pl.DataFrame | PendingOutcomes | None) -> None:
        # Only the dataclass __init__ gets here (the dataclass is frozen); it passes the field's default, this
        # descriptor itself, when no outcomes are given.
        dataset.__dict__[_OUTCOMES_SLOT] = None if isinstance(value, _OutcomesField) else value


def stored_outcomes(dataset: object) -> pl.DataFrame | PendingOutcomes | None:
    """What a dataset's `outcomes` field holds, without waiting for a pending read."""
    value: pl.DataFrame | PendingOutcomes | None = dataset.__dict__.get(_OUTCOMES_SLOT)
    return value


# eq=False: identity equality and hashing; comparing frames field by field is neither cheap nor defined.
@dataclass(frozen=True, eq=False)
class Dataset:
    """One loaded dataset: canonical listings, optional outcomes, and where they came from."""

    listings: pl.DataFrame
    # A frame, None, or PendingOutcomes (the shared sample's, read in the background): reading waits for it.
    outcomes: _OutcomesField = field(default=_OutcomesField(), repr=False)
    # "outcomes" (one row per application), "outcome_counts" (aggregated), or None.
    outcomes_kind: str | None = None
    label: str = "Dataset"
    sources: str = ""
    reports: list[Any] = field(default_factory=list)  # data_loaders.report.ValidationReport
    is_sample: bool = False
    # Where each part came from; None for a part the session does not have (see dashboard/provenance.py).
    listings_origin: Origin | None = None
    outcomes_origin: Origin | None = None

    @property
    def has_listings(self) -> bool:
        """False for a session that loaded only outcomes (its listings frame is empty and from nowhere)."""
        return self.listings_origin is not None or self.listings.height > 0

    @property
    def has_outcomes(self) -> bool:
        """True when the session has outcome data (its own, or the sample's kept by choice); never waits: outcomes
        still being read count, a read that failed does not."""
        value = stored_outcomes(self)
        return not value.failed() if isinstance(value, PendingOutcomes) else value is not None

    @property
    def pending_outcomes(self) -> PendingOutcomes | None:
        """The background read of this dataset's outcomes (done or not), or None for outcomes given as a frame."""
        value = stored_outcomes(self)
        return value if isinstance(value, PendingOutcomes) else None

    def peek_outcomes(self) -> pl.DataFrame | None:
        """The outcomes if they are in memory now, else None: never waits (memo keys, memory estimates)."""
        value = stored_outcomes(self)
        return value.peek() if isinstance(value, PendingOutcomes) else value

    @property
    def outcome_rows(self) -> int | None:
        """The number of outcome rows (from the file's footer while they load), or None without outcomes; never waits."""
        value = stored_outcomes(self)
        if isinstance(value, PendingOutcomes):
            return None if value.failed() else value.rows
        return None if value is None else value.height

    @property
    def synthetic(self) -> bool:
        """True when any part is synthetic (the sample, or the sample's part kept next to own data)."""
        return self.is_sample or provenance.is_synthetic(self.listings_origin, self.outcomes_origin)

    def origins(self) -> tuple[Origin | None, Origin | None]:
        """(listings, outcomes) origins; None for a missing part, the label for a present part of unstated origin."""
        listings = (self.listings_origin or Origin(self.label)) if self.has_listings else None
        outcomes = (self.outcomes_origin or Origin(self.label)) if self.has_outcomes else None
        return listings, outcomes

    def provenance(self) -> str:
        """The provenance sentence: each part's source, load time and 'synthetic' where it is."""
        return provenance.sentence(*self.origins())

    def download_name(self, basename: str) -> str:
        """A download's file name stem carrying the provenance tag ('openings_synthetic', 'openings_jobs')."""
        return (
            f"{basename}_{provenance.SYNTHETIC_TAG}"
            if self.synthetic
            else provenance.tagged_name(basename, *self.origins())
        )


# Outcome columns no page, report or export reads, left in the shared sample's file (at 10,000,000 applications):
# each application's own id (16 bytes a row, ~160 MB resident), the applied-for title and the application's source
# (4-byte codes, ~40 MB each), the application date (~40 MB) and the status (~10 MB). Rates count stages and group by
# field, company, region, term, major, class year and GPA band; a listing's title, source and dates are read from the
# listings. Every page showed the same elements without them (1 M / 10 M: the 30 steps of the page bench compared
# element by element). Applicant and listing ids stay (clustering, joins). An uploaded outcomes file keeps them all.
UNREAD_OUTCOME_COLUMNS: tuple[str, ...] = ("application_id", "title", "source", "applied_date", "status")
# Outcome ids only counted, grouped and hashed (clusters, distinct applicants), never shown or joined: held as integer
# codes (`with_id_codes`: equal and ordered as the ids; 160 -> 40 MB at 10,000,000 applications). The listing ids are
# matched against the listings' text ids (the Benchmark's competition, which packs those the same way): packed into
# UInt64s when every id fits in 8 bytes (`with_packed_ids`: 160 -> 80 MB), else kept as text.
CODED_OUTCOME_IDS: tuple[str, ...] = ("applicant_id",)
PACKED_OUTCOME_IDS: tuple[str, ...] = ("listing_id",)


def read_outcomes(outcomes_path: Path) -> pl.DataFrame:
    """The sample's outcomes frame, compact in memory, without `UNREAD_OUTCOME_COLUMNS`, with `CODED_OUTCOME_IDS` as
    integer codes and `PACKED_OUTCOME_IDS` packed (run by the background read of `read_sample`)."""
    # = compact_outcomes(pl.read_parquet(...)) without those columns, with a lower peak
    frame = read_compact_outcomes(outcomes_path, skip=UNREAD_OUTCOME_COLUMNS, packed=PACKED_OUTCOME_IDS)
    return with_id_codes(frame, CODED_OUTCOME_IDS)


def read_sample(listings_path: Path, outcomes_path: Path) -> Dataset:
    """Read a sample dataset from two canonical parquet files; raise LoadError when listings are missing.

    The listings are read here; the outcomes are read afterwards in a background thread (dashboard/background.py),
    so the Overview shows before they are in memory and only pages that need them wait.
    """
    if (listings_path.parent / "last_run.json").is_file():
        # A collected store ("Live data as of <last run>"). Imported here: collect_panel imports state, which
        # imports this module (a real cycle).
        from dashboard.collect_panel import read_collected

        return read_collected(listings_path.parent)
    if not listings_path.is_file():
        raise LoadError(
            "The bundled sample data is missing",
            str(listings_path),
            "run `.venv/bin/python -m synthetic --out sample_data` or upload your own data on the Sources page",
        )
    # Listings are filtered and grouped on every view: one contiguous chunk per column makes that
    # several times faster. Outcomes (10x larger) are only aggregated, and rechunking them would
    # cost more than it saves. On a fresh `make run` the read began while the server imported its modules.
    listings = startup_listings.read_listings(listings_path)
    # Row count and kind come from the file's footer at once; a footer that cannot be read fails the load visibly.
    outcomes = PendingOutcomes.from_parquet(outcomes_path, read_outcomes) if outcomes_path.is_file() else None
    outcomes_kind = None if outcomes is None else outcomes.kind
    described = f"{listings.height:,} listings"
    sample_origin = Origin("bundled sample", loaded_at=provenance.now(), synthetic=True)
    if outcomes is not None and not outcomes.failed():
        unit = "applications" if outcomes_kind == "outcomes" else "outcome groups"
        described += f" and {outcomes.rows:,} {unit}"
    return Dataset(
        listings=listings,
        outcomes=outcomes,
        outcomes_kind=outcomes_kind,
        label="Sample data (synthetic)",
        sources=f"Bundled synthetic sample generated by the synthetic package: {described}.",
        reports=[],
        is_sample=True,
        listings_origin=sample_origin,
        outcomes_origin=sample_origin if outcomes is not None else None,
    )
