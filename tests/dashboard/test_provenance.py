"""Provenance: one sentence per dataset, and the same sentence in every export (CSV, Parquet, report, benchmark, plan)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest

from analytics.exports import to_csv_bytes, to_parquet_bytes
from analytics.filters import FilterSpec
from dashboard import provenance, state
from dashboard.benchmark_html import benchmark_html
from dashboard.charts import tools
from dashboard.provenance import Origin
from dashboard.report_html import build_report, report_filename
from data_loaders.schema import conform, empty_frame
from tests.dashboard.test_charts_tools import _result

LOADED = dt.datetime(2026, 11, 30, 5, 40, 12, tzinfo=dt.UTC)
JOBS = Origin("jobs.csv", loaded_at=LOADED)
SAMPLE = Origin("bundled sample", loaded_at=LOADED, synthetic=True)
KEPT = Origin("bundled sample", loaded_at=LOADED, synthetic=True, kept_from_sample=True)


@pytest.mark.parametrize(
    ("listings", "outcomes", "expected", "tag"),
    [
        (JOBS, None, "Listings: jobs.csv, loaded 30 Nov 2026 05:40 UTC; Outcomes: none in this session.", "jobs"),
        (
            JOBS,
            KEPT,
            "Listings: jobs.csv, loaded 30 Nov 2026 05:40 UTC; Outcomes: bundled sample (synthetic), made by our "
            "seeded generator, kept by choice next to your own data.",
            "synthetic",
        ),
        (
            SAMPLE,
            SAMPLE,
            "Listings and outcomes: bundled sample (synthetic), made by our seeded generator.",
            "synthetic",
        ),
        (
            None,
            Origin("Counts 2026 (final).xlsx", loaded_at=LOADED),
            "Listings: none in this session; Outcomes: Counts 2026 (final).xlsx, loaded 30 Nov 2026 05:40 UTC.",
            "counts-2026-final",
        ),
        (JOBS, Origin("campus"), "Listings: jobs.csv, loaded 30 Nov 2026 05:40 UTC; Outcomes: campus.", "jobs-campus"),
    ],
)
def test_the_provenance_sentence_and_file_tag(
    listings: Origin | None, outcomes: Origin | None, expected: str, tag: str
) -> None:
    assert provenance.sentence(listings, outcomes) == expected
    assert provenance.file_tag(listings, outcomes) == tag
    assert provenance.is_synthetic(listings, outcomes) == (tag == "synthetic")


def test_a_load_time_in_another_zone_is_written_in_utc() -> None:
    pacific = dt.timezone(dt.timedelta(hours=-8))
    assert provenance.format_time(dt.datetime(2026, 11, 29, 21, 40, tzinfo=pacific)) == "30 Nov 2026 05:40 UTC"


def test_the_sample_dataset_names_itself_synthetic() -> None:
    sample = state.sample_dataset()
    assert sample.synthetic and sample.has_outcomes and sample.has_listings
    # Bundled data says what made it, not when this server read it ("loaded <server start>" misleads).
    assert sample.provenance() == "Listings and outcomes: bundled sample (synthetic), made by our seeded generator."
    assert "loaded" not in sample.provenance()
    assert sample.download_name("openings") == "openings_synthetic"


def test_an_outcomes_only_dataset_has_no_listings() -> None:
    counts = pl.DataFrame({"company": ["Acme"], "applications": [3]})
    dataset = state.Dataset(
        listings=empty_frame("listings"),
        outcomes=counts,
        outcomes_kind="outcome_counts",
        label="Your data",
        outcomes_origin=Origin("counts.csv", loaded_at=LOADED),
    )
    assert not dataset.has_listings and dataset.has_outcomes and not dataset.synthetic
    assert dataset.provenance() == "Listings: none in this session; Outcomes: counts.csv, loaded 30 Nov 2026 05:40 UTC."
    assert dataset.download_name("rates") == "rates_counts"


def test_csv_keeps_its_header_first_and_names_the_source_on_every_row() -> None:
    frame = pl.DataFrame({"field": ["Software Engineering", "Data"], "openings": [3, 1]})
    text = provenance.sentence(Origin('=HYPERLINK("x").csv', loaded_at=LOADED), None)
    data = to_csv_bytes(provenance.with_source_column(frame, text))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["field", "openings", "data_source"]  # a spreadsheet opens it as a plain table
    assert [row[:2] for row in rows[1:]] == [["Software Engineering", "3"], ["Data", "1"]]
    # Every row says where it came from, and a file name that looks like a formula is never run as one.
    assert all(row[2].startswith("'=HYPERLINK") or row[2].startswith("Listings: ") for row in rows[1:])
    assert all("Outcomes: none in this session." in row[2] for row in rows[1:])
    assert not any(row[2].startswith("=") for row in rows[1:])
    parquet = pl.read_parquet(io.BytesIO(to_parquet_bytes(provenance.with_source_column(frame, text))))
    assert parquet["data_source"].unique().to_list() == [text]


def test_the_source_column_replaces_one_already_there() -> None:
    frame = pl.DataFrame({"a": [1], "data_source": ["old"]})
    assert provenance.with_source_column(frame, "new").to_dict(as_series=False) == {"a": [1], "data_source": ["new"]}


def _listings() -> pl.DataFrame:
    return conform(
        pl.DataFrame(
            {
                "listing_id": ["L1"],
                "company": ["Acme"],
                "title": ["Intern"],
                "field": ["Other"],
                "posted_date": [dt.date(2026, 9, 1)],
                "active": [True],
            }
        ),
        "listings",
    )


@pytest.mark.parametrize("synthetic", [True, False])
def test_the_report_names_its_sources_in_the_header(synthetic: bool) -> None:
    sources = provenance.sentence(SAMPLE if synthetic else JOBS, None)
    page = build_report(
        _listings(),
        None,
        FilterSpec(),
        n_total=1,
        sources=sources,
        synthetic=synthetic,
        generated_at=LOADED,
        chosen=("overview",),
    )
    header = page[page.index("<header>") : page.index("</header>")]
    assert f"Data: {sources}" in header.replace("&#39;", "'")
    assert ("<strong>Synthetic data.</strong>" in header) == synthetic
    assert report_filename("My report", LOADED, synthetic=synthetic) == (
        "my-report-2026-11-30-synthetic.html" if synthetic else "my-report-2026-11-30.html"
    )


def test_the_report_says_there_are_no_outcomes_instead_of_borrowing_them() -> None:
    page = build_report(
        _listings(),
        None,
        FilterSpec(),
        n_total=1,
        sources="Listings: jobs.csv.",
        generated_at=LOADED,
        chosen=("rates",),
    )
    assert "There are no outcome data in this session" in page and "load an outcomes file on the Sources page" in page


@pytest.mark.parametrize("synthetic", [True, False])
def test_the_benchmark_page_names_its_sources_and_date(synthetic: bool) -> None:
    result = _result()
    sources = provenance.sentence(KEPT if synthetic else JOBS, None)
    page = benchmark_html(
        result,
        "Summary.",
        tools.benchmark_figures(result),
        provenance=sources,
        synthetic=synthetic,
        generated_at=LOADED,
    )
    body = page[page.index("<body>") :]
    assert "Generated 30 Nov 2026 05:40 UTC from: " + sources.replace("'", "&#39;") in body
    assert ("Synthetic data:" in body) == synthetic
    # Before any chart: a printout's first lines say what the data is.
    assert body.index("data-sources") < body.index("Plotly.newPlot")


def test_the_plan_markdown_ends_with_the_sources() -> None:
    from analytics.skill_plan import build_plan

    plan = build_plan(_listings().with_columns(pl.lit(["Python"]).alias("skills")), ["Python"], description="All")
    dataset = state.sample_dataset()
    text = provenance.plan_markdown_with_sources(plan, dataset)
    last = text.rstrip().splitlines()[-1]
    # Escaped like every other value in the plan (a colon cannot start an autolink), so it reads as written.
    assert last.startswith(
        "**Synthetic data.** Data: Listings and outcomes\\: bundled sample (synthetic), made by our "
    )
