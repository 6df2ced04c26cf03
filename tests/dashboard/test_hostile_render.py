"""Hostile values in every link key and every text column: every page renders, and none of them becomes markup.

(a) Each page with a hostile value in every key a page or the filters read, plus an unknown key, on the sample.
(b) Each page on a small dataset whose every text column holds hostile values (and some null lists), with a row
    selected on Openings. A page fails on an exception, an error box, a Markdown construct (link, image, HTML,
    emphasis, directive, math, autolink, heading) made from a hostile value, or a foreign tag in a plotly figure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from analytics.benchmark import Posting, benchmark_posting, summarise
from analytics.filter_links import FILTER_KEYS, MULTI_KEYS, params_to_spec, spec_to_params, unknown_key_notes
from analytics.filters import FilterSpec
from dashboard import report_html, sources_panel, state
from dashboard.benchmark_html import benchmark_html
from dashboard.charts import tools as tool_charts
from dashboard.filter_panel import PAGE_KEYS
from dashboard.safe_text import md
from data_loaders.report import LoadResult, RowIssue, ValidationReport
from data_loaders.schema import conform
from tests.dashboard.conftest import run_app
from tests.dashboard.markup import HOSTILE, hostile_markdown, rendered_markup

PAGES = ["overview", "openings", "skills_demand", "acceptance_rates", "skill_gap", "benchmark", "report", "sources"]
UNKNOWN_KEY = "[Verify](https://evil.example/k)"
N_LISTINGS, N_APPLICATIONS = 40, 400


def _check(at: AppTest) -> None:
    """No exception, no error box with a traceback, no markup from a hostile value."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "Traceback" in e.value or "Error:" in e.value]
    problems = rendered_markup(at)
    assert not problems, "\n".join(problems[:10])


def _hostile_link() -> dict[str, list[str]]:
    """Every key the filters and the pages read (two hostile values each) plus an unknown key."""
    keys = sorted(FILTER_KEYS | PAGE_KEYS) + [UNKNOWN_KEY]
    values = itertools.cycle(HOSTILE)
    return {key: [next(values), next(values)] for key in keys}


@pytest.mark.parametrize("page", PAGES)
def test_hostile_link_values_render_as_text(page: str) -> None:
    _check(run_app(f"dashboard/pages/{page}.py", query=_hostile_link()))


def test_the_check_fails_when_a_value_is_not_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the whole check: with the escaping switched off, the same link is caught.
    import dashboard.components
    import dashboard.filter_panel
    import dashboard.safe_text

    monkeypatch.setattr(dashboard.safe_text, "md", str)
    monkeypatch.setattr(dashboard.components, "md", str)
    monkeypatch.setattr(dashboard.filter_panel, "md", str)
    at = run_app("dashboard/pages/overview.py", query={"q": HOSTILE[0], UNKNOWN_KEY: HOSTILE[1]})
    assert not at.exception
    assert any("Verify your account" in problem for problem in rendered_markup(at))


def _hostile(i: int) -> str:
    """The i-th hostile value, cycling."""
    return HOSTILE[i % len(HOSTILE)]


def hostile_frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Listings and outcomes whose every text column holds hostile values; some skill and term lists are null."""
    fields = ["Data Science & Analytics", "Software Engineering"]
    listings = conform(
        pl.DataFrame(
            {
                "listing_id": [f"L{i}" for i in range(N_LISTINGS)],
                "company": [_hostile(i % 5) for i in range(N_LISTINGS)],
                "title": [_hostile(i + 1) for i in range(N_LISTINGS)],
                "field": [fields[i % 2] for i in range(N_LISTINGS)],
                "locations": [[_hostile(i + 2), "Austin, TX"] for i in range(N_LISTINGS)],
                "cities": [[_hostile(i + 3), "Austin"] for i in range(N_LISTINGS)],
                "regions": [["US-TX", "US-CA"] for _ in range(N_LISTINGS)],
                "countries": [["US"] for _ in range(N_LISTINGS)],
                "work_mode": ["onsite"] * N_LISTINGS,
                # Every fourth list is null: a file without skills or terms loads them so.
                "skills": [
                    None if i % 4 == 3 else ["Python", "SQL", _hostile(i), _hostile(i + 4)] for i in range(N_LISTINGS)
                ],
                "pay_hourly_usd": [20.0 + i for i in range(N_LISTINGS)],
                "pay_text": [_hostile(i + 5) for i in range(N_LISTINGS)],
                "terms": [None if i % 4 == 2 else [_hostile(i + 6), "Summer 2027"] for i in range(N_LISTINGS)],
                "posted_date": [dt.date(2026, 9, 1) + dt.timedelta(days=i) for i in range(N_LISTINGS)],
                "active": [True] * N_LISTINGS,
                "sponsorship": ["unknown"] * N_LISTINGS,
                "url": [
                    "javascript:alert('evil')" if i % 2 else f"https://evil.example/{i}" for i in range(N_LISTINGS)
                ],
                "source": [_hostile(i + 7) for i in range(N_LISTINGS)],
            },
            strict=False,
        ),
        "listings",
    )
    stages = ["applied", "screen", "interview", "offer", "accepted"]
    outcomes = conform(
        pl.DataFrame(
            {
                "application_id": [f"A{i}" for i in range(N_APPLICATIONS)],
                "applicant_id": [f"P{i % 150}" for i in range(N_APPLICATIONS)],
                "listing_id": [f"L{i % N_LISTINGS}" for i in range(N_APPLICATIONS)],
                "company": [_hostile(i % 5) for i in range(N_APPLICATIONS)],
                "title": [_hostile(i + 1) for i in range(N_APPLICATIONS)],
                "field": [fields[i % 2] for i in range(N_APPLICATIONS)],
                "term": [_hostile(i % 3) for i in range(N_APPLICATIONS)],
                "region": ["US-TX"] * N_APPLICATIONS,
                "applied_date": [dt.date(2026, 9, 1) + dt.timedelta(days=i % 60) for i in range(N_APPLICATIONS)],
                "stage": [stages[i % 5] for i in range(N_APPLICATIONS)],
                "status": ["accepted" if i % 5 == 4 else "rejected" for i in range(N_APPLICATIONS)],
                "major": [_hostile(i % 4) for i in range(N_APPLICATIONS)],
                "class_year": [2027] * N_APPLICATIONS,
                "gpa": [3.0 + (i % 10) / 10 for i in range(N_APPLICATIONS)],
                "applicant_skills": [["Python", _hostile(i)] if i % 7 else None for i in range(N_APPLICATIONS)],
                "source": [_hostile(i) for i in range(N_APPLICATIONS)],
            },
            strict=False,
        ),
        "outcomes",
    )
    return listings, outcomes


def hostile_attempt(listings: pl.DataFrame) -> sources_panel.Attempt:
    """A checked upload whose file name, column names, notes and issue examples are hostile."""
    report = ValidationReport(
        kind="listings",
        format="csv",
        source=_hostile(0),
        rows_read=N_LISTINGS + 1,
        rows_loaded=N_LISTINGS,
        issues=[RowIssue(_hostile(1), _hostile(2), 1, [{"row": 3, "column": _hostile(2), "value": _hostile(3)}])],
        coverage={_hostile(4): 0.5},
        column_mapping={_hostile(5): "company"},
        ignored_columns=[_hostile(6)],
        notes=[_hostile(7)],
    )
    return sources_panel.Attempt("listings", _hostile(8), result=LoadResult(listings, report, "listings"))


@pytest.fixture(scope="module")
def hostile_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the hostile frames under the sample's file names (the app reads it via INSIGHTS_SAMPLE_DIR)."""
    folder = tmp_path_factory.mktemp("hostile_sample")
    listings, outcomes = hostile_frames()
    listings.write_parquet(folder / "listings.parquet")
    outcomes.write_parquet(folder / "outcomes.parquet")
    return folder


# Links that take each page past its empty state, so the deep parts (charts, tables, details) render too.
DEEP_LINKS: dict[str, dict[str, str | list[str]]] = {
    "acceptance_rates": {"by": "Company"},
    "skill_gap": {"me": ["Python", "SQL"]},
    "benchmark": {
        "bm_title": HOSTILE[0],
        "bm_skill": ["Python", "SQL"],
        "bm_pay": "30",
        "bm_field": "Data Science & Analytics",
    },
    "report": {"title": HOSTILE[0], "institution": HOSTILE[2]},
}


@pytest.mark.parametrize("page", PAGES)
def test_hostile_data_renders_as_text(page: str, hostile_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(state.SAMPLE_DIR_ENV, str(hostile_sample))
    at = run_app(f"dashboard/pages/{page}.py", query=DEEP_LINKS.get(page, {}))
    _check(at)
    drawn = len(at.get("plotly_chart")) + len(at.dataframe)
    assert drawn >= (1 if page == "sources" else 2), "the hostile data did not get past the page's empty state"
    if page == "openings":  # a row's details quote every text column; newest first, so row 0 = L39 and row 1 = L38
        for row, line in ((0, "**Skills:** none listed"), (1, "**Terms:** not stated"), (2, "**Skills:** Python, SQL")):
            at.session_state[at.dataframe[0].key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
            at.run()
            _check(at)
            assert any(item.value.startswith(line) for item in at.markdown), line
    if page == "sources":  # a checked upload's report, then the same data in use (footer, expander, captions)
        at.session_state[sources_panel.PENDING_KEY] = hostile_attempt(hostile_frames()[0])
        at.run()
        _check(at)
        at.button(key="use_attempt").click().run()
        _check(at)


# ---- the downloads ----------------------------------------------------------------------------------------
# A tag from a hostile value in an HTML export (the inlined plotly.js has links and tags of its own).
_HTML_INJECTION = re.compile(r"(?i)<img src=evil|<a\s+href=[\"']?(?:https?://evil|javascript:)|<b>evil")


def test_report_html_escapes_every_value() -> None:
    listings, outcomes = hostile_frames()
    spec = FilterSpec(search="evil", companies=(HOSTILE[0],))
    page = report_html.build_report(
        listings,
        outcomes,
        FilterSpec(),
        n_total=listings.height,
        title=HOSTILE[3],
        institution=HOSTILE[1],
        sources=HOSTILE[2],
    )
    narrowed = report_html.build_report(spec.apply(listings), outcomes, spec, n_total=listings.height, title=HOSTILE[0])
    for document in (page, narrowed):
        assert not _HTML_INJECTION.findall(document)
    assert "&lt;a href=&#34;https://evil.example/a&#34;&gt;click" in page  # the title is there, as text


def test_benchmark_html_escapes_every_value() -> None:
    listings, outcomes = hostile_frames()
    posting = Posting(title=HOSTILE[3], field="Data Science & Analytics", skills=("Python", "SQL"), pay_hourly_usd=30.0)
    result = benchmark_posting(listings, posting, outcomes)
    document = benchmark_html(
        result,
        summarise(result),
        tool_charts.benchmark_figures(result),
        provenance=f"Listings: {HOSTILE[3]}.",
        synthetic=True,
    )
    assert not _HTML_INJECTION.findall(document)
    assert "Benchmark: &lt;a href=" in document


# ---- fuzzing the link parsing -------------------------------------------------------------------------------
_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE),
    st.sampled_from(["1e308", "-1e308", "inf", "nan", "NaN", "-0", "9" * 400, "1" * 30, "\x00", "\u202e", "0x10"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
_KEYS = st.one_of(st.sampled_from(sorted(FILTER_KEYS | PAGE_KEYS)), st.text(min_size=1, max_size=20))
_PARAMS = st.dictionaries(_KEYS, st.lists(_VALUES, min_size=1, max_size=3), max_size=8)


@given(_PARAMS)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_link_parsing_never_raises_and_notes_stay_text(params: dict[str, list[str]]) -> None:
    spec, notes = params_to_spec(params)
    notes += unknown_key_notes(params, PAGE_KEYS)
    sentence = spec.describe(10, 100)
    assert spec == params_to_spec(spec_to_params(spec))[0]  # what a link keeps survives its own round trip
    for text in [*notes, sentence]:
        assert hostile_markdown(md(text)) == []
    for key in MULTI_KEYS:
        assert all(isinstance(value, str) for value in getattr(spec, MULTI_KEYS[key]))


@given(_PARAMS)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzzed_links_render_the_overview(params: dict[str, list[str]]) -> None:
    # Keys Streamlit itself reads from the URL (embed options) are left to Streamlit.
    params = {key: value for key, value in params.items() if key not in {"embed", "embed_options"}}
    _check(run_app("dashboard/pages/overview.py", query=params))
