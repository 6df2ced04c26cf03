"""The Benchmark page headless: start state, posting inputs from the URL, JD extraction, numbers on the sample."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from tests.dashboard.markup import shown

FIELD = "Cybersecurity"
POSTING = {
    "bm_title": "Security Analyst Intern",
    "bm_region": ["us-ca"],
    "bm_pay": "4160",
    "bm_period": "month",
    "bm_skill": ["python", "Linux"],
}


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    """All sample listings (the benchmark compares with closed ones too), straight from Parquet."""
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path)


def _metrics(at: AppTest) -> dict[str, str]:
    """KPI label -> displayed value."""
    return {metric.label: metric.value for metric in at.metric}


def _percentile(pays: list[float], pay: float) -> int:
    """Share of pays below `pay`, ties counted half, as a whole percent."""
    below = sum(p < pay for p in pays) + 0.5 * sum(p == pay for p in pays)
    return round(100 * below / len(pays))


def _peer_pays(sample: pl.DataFrame, region: str) -> list[float]:
    """Pays of the peers: the field in `region` when at least 30 openings, else the whole field."""
    in_field = sample.filter(pl.col("field") == FIELD)
    local = in_field.filter(pl.col("regions").list.contains(region))
    peers = local if local.height >= 30 else in_field
    return peers.get_column("pay_hourly_usd").drop_nulls().to_list()


def test_without_a_posting_the_page_explains_how_to_begin(app) -> None:
    at = app("dashboard/pages/benchmark.py")
    assert not at.exception
    assert "Start here" in at.info[0].value
    assert len(at.get("plotly_chart")) == 0


def test_example_posting_shows_the_whole_benchmark(app) -> None:
    at = app("dashboard/pages/benchmark.py")
    at.button(key="bm_example").click().run()
    assert not at.exception
    assert at.text_input(key="bm_title").value == "Data Science Intern"
    assert at.info[0].value.startswith("Compared with")  # the plain-English summary comes first
    assert list(_metrics(at)) == ["Pay percentile", "Skills asked", "Candidate pool", "Offer rate, similar"]
    assert len(at.get("plotly_chart")) == 4
    assert len(at.get("download_button")) == 1


def test_url_reproduces_the_posting_and_its_pay_percentile(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/benchmark.py", query=POSTING)
    assert not at.exception
    assert at.selectbox(key="bm_field").placeholder == f"Suggested: {FIELD}"  # field suggested from the title
    assert at.multiselect(key="bm_region").value == ["US-CA"]
    assert at.multiselect(key="bm_skill").value == ["Python", "Linux"]
    pays = _peer_pays(sample, "US-CA")
    expected = _percentile(pays, 4160 / (2080 / 12))  # $4,160 a month = $24/h
    assert _metrics(at)["Pay percentile"].startswith(str(expected))
    assert f"n = {len(pays):,} comparable openings stating pay" in [caption.value for caption in at.caption]
    assert _metrics(at)["Skills asked"] == "2"


@pytest.mark.parametrize(("period", "hourly"), [("hour", 4160.0), ("year", 2.0)])
def test_pay_period_converts_to_hourly(app, sample: pl.DataFrame, period: str, hourly: float) -> None:
    at = app("dashboard/pages/benchmark.py", query=POSTING)
    at.selectbox(key="bm_period").select(period).run()
    expected = _percentile(_peer_pays(sample, "US-CA"), hourly)
    assert _metrics(at)["Pay percentile"].startswith(str(expected))


def test_choosing_another_field_changes_the_peers(app) -> None:
    at = app("dashboard/pages/benchmark.py", query=POSTING)
    before = at.info[0].value
    at.selectbox(key="bm_field").select("Software Engineering").run()
    assert not at.exception
    assert "Software Engineering openings" in at.info[0].value and at.info[0].value != before


def test_job_description_skills_are_extracted_for_confirmation(app) -> None:
    at = app("dashboard/pages/benchmark.py", query={"bm_title": "Security Analyst Intern"})
    at.text_area(key="bm_skill_text").input(
        "You will triage alerts in Splunk, script in Python and read Wireshark captures."
    ).run()
    at.button(key="bm_skill_extract").click().run()
    assert not at.exception
    assert at.multiselect(key="bm_skill").value == ["Splunk", "Python", "Wireshark"]
    assert at.text_area(key="bm_skill_text").value == ""
    assert _metrics(at)["Skills asked"] == "3"
    assert len(at.get("plotly_chart")) == 4


JD = """About the team
We use Slack daily and Google Docs for everything.
Requirements:
- Pursuing a BS in Computer Science, Statistics or Mathematics
- Python and SQL
- Experience with Jira
Nice to have:
- Bonus: Kubernetes
"""


def test_a_pasted_description_counts_only_required_skills(app) -> None:
    at = app("dashboard/pages/benchmark.py", query={"bm_title": "Data Analyst Intern"})
    at.text_area(key="bm_skill_text").input(JD).run()
    at.button(key="bm_skill_extract").click().run()
    assert not at.exception
    assert at.multiselect(key="bm_skill").value == ["Python", "SQL", "Jira"]
    assert any("Nice to have, so not added as required: Kubernetes" in shown(info.value) for info in at.info)
    left_out = " ".join(shown(caption.value) for caption in at.caption)
    assert "Slack (a tool the team uses" in left_out and "Statistics (part of a degree name)" in left_out


def test_bad_region_in_the_link_is_ignored_with_a_note(app) -> None:
    at = app("dashboard/pages/benchmark.py", query={**POSTING, "bm_region": ["US-CA", "Atlantis"]})
    assert not at.exception
    assert at.multiselect(key="bm_region").value == ["US-CA"]
    assert any("Ignored bm_region=Atlantis" in shown(w.value) for w in at.warning)


def test_too_few_local_peers_falls_back_to_the_field_and_says_so(app) -> None:
    at = app("dashboard/pages/benchmark.py", query={**POSTING, "bm_region": ["GB-SCT"]})
    assert not at.exception
    assert "instead" in at.info[0].value and at.info[0].value.startswith("Only ")


def test_region_in_words_in_the_link_and_names_in_the_picker(app) -> None:
    at = app("dashboard/pages/benchmark.py", query={**POSTING, "bm_region": ["california"]})
    assert not at.exception
    region = at.multiselect(key="bm_region")
    assert region.value == ["US-CA"]
    assert "California (CA)" in region.options  # AppTest reports the labels the browser shows
    assert not any(label.startswith(("US-", "CA-")) for label in region.options)
    assert not any("US-CA" in markdown.value for markdown in at.markdown)  # the summary names the state in words


def test_a_pool_nobody_is_in_says_so_instead_of_a_chart_of_zeros(app) -> None:
    rare = ["Fortran", "COBOL", "Haskell", "Erlang", "Prolog", "Lisp"]
    at = app("dashboard/pages/benchmark.py", query={**POSTING, "bm_skill": rare})
    assert not at.exception
    assert "bm_chart_pool" not in {chart.key for chart in at.get("plotly_chart") if hasattr(chart, "key")}
    assert any("Nobody holds every required skill" in info.value for info in at.info)
