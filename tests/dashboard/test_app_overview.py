"""The whole app, headless: navigation, the URL-bound filter panel and the Overview page on the sample."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.display_names import region_label
from dashboard import state
from tests.dashboard.markup import shown

ROOT = Path(__file__).resolve().parents[2]
FIELD = "Cybersecurity"


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    """The bundled sample listings, read straight from Parquet (independent of the app's code)."""
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path)


def metric_value(at: AppTest, label: str) -> str:
    """The displayed value of the KPI tile called `label`."""
    values = [metric.value for metric in at.metric if metric.label == label]
    assert len(values) == 1, f"expected one {label!r} metric, found {[m.label for m in at.metric]}"
    return values[0]


def test_overview_renders_on_the_sample(app) -> None:
    at = app("dashboard/pages/overview.py")
    assert not at.exception
    assert [title.value for title in at.title] == ["Overview"]
    assert [metric.label for metric in at.metric] == [
        "Open listings",
        "Companies",
        "Median hourly pay",
        "Remote share",
        "Offer rate",
    ]
    assert len(at.get("plotly_chart")) == 4
    # The filter panel lives in the sidebar with keys equal to the URL parameter names.
    assert {widget.key for widget in at.sidebar.multiselect} == {
        "field",
        "country",
        "region",
        "city",
        "mode",
        "term",
        "skill",
        "company",
        "sponsor",
    }


def test_overview_runs_on_its_own_with_default_filters(sample: pl.DataFrame) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert metric_value(at, "Open listings") == f"{sample.filter(pl.col('active').fill_null(True)).height:,}"


def test_open_listings_kpi_counts_open_sample_rows(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/overview.py")
    expected = sample.filter(pl.col("active").fill_null(True)).height
    assert metric_value(at, "Open listings") == f"{expected:,}"


def test_choosing_a_field_changes_the_kpi(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/overview.py")
    before = metric_value(at, "Open listings")
    at.multiselect(key="field").set_value([FIELD]).run()
    expected = sample.filter(pl.col("active").fill_null(True) & (pl.col("field") == FIELD)).height
    assert not at.exception
    assert metric_value(at, "Open listings") == f"{expected:,}"
    assert metric_value(at, "Open listings") != before
    assert FIELD in at.caption[0].value  # the filter sentence above the charts


def test_query_params_seed_the_filters(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/overview.py", query={"field": FIELD, "mode": ["remote", "hybrid"]})
    expected = sample.filter(
        pl.col("active").fill_null(True) & (pl.col("field") == FIELD) & pl.col("work_mode").is_in(["remote", "hybrid"])
    ).height
    assert at.multiselect(key="field").value == [FIELD]
    assert at.multiselect(key="mode").value == ["remote", "hybrid"]
    assert metric_value(at, "Open listings") == f"{expected:,}"


def test_regions_depend_on_the_chosen_country(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/overview.py")
    at.multiselect(key="country").set_value(["CA"]).run()
    expected = (
        sample.filter(pl.col("active").fill_null(True) & pl.col("countries").list.contains("CA"))
        .select(pl.col("regions").explode())
        .filter(pl.col("regions").str.starts_with("CA-"))
        .get_column("regions")
        .unique()
        .sort()
        .to_list()
    )
    assert expected  # the sample has Canadian openings, or this test proves nothing
    # The panel shows names; the values (and the URL) stay codes.
    assert at.multiselect(key="region").options == [region_label(code) for code in expected]
    at.multiselect(key="region").set_value(["CA-ON"]).run()
    assert "Ontario" in at.caption[0].value  # the sentence names the region


def test_link_values_are_read_case_insensitively(app) -> None:
    at = app(query={"field": "cybersecurity", "country": "us", "mode": "REMOTE"})
    assert not at.exception and [warning.value for warning in at.warning] == []
    assert at.multiselect(key="field").value == [FIELD]
    assert at.multiselect(key="country").value == ["US"]
    assert at.multiselect(key="mode").value == ["remote"]


def test_max_pay_below_min_pay_is_not_applied_and_says_so(app) -> None:
    at = app()
    at.number_input(key="pay_min").set_value(40.0).run()
    at.number_input(key="pay_max").set_value(20.0).run()
    assert "paying at least $40.00/h" in shown(at.caption[0].value)
    assert any("Max pay is below min pay" in caption.value for caption in at.sidebar.caption)


def test_include_closed_flag_from_link(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/overview.py", query={"all": "1"})
    assert at.toggle(key="all").value is True
    # With closed listings included every sample row is counted; the KPI still counts open ones.
    assert f"{sample.height:,}" in at.caption[0].value


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"field": "Basket Weaving"}, "Ignored field=Basket Weaving in the link: not a known field"),
        ({"pay_min": "lots"}, "Ignored pay_min=lots in the link: not a number"),
        ({"within": "-3"}, "Ignored within=-3 in the link: must be zero or more"),
        ({"region": "Narnia"}, "Ignored region=Narnia in the link: not a region (use a name such as Virginia"),
        ({"region": "US-ZZ"}, "Ignored region=US-ZZ in the link: no region in this data"),
        ({"region": "Virgina"}, "Ignored region=Virgina in the link: not a region (did you mean Virginia (VA)?)"),
        ({"country": "Germny"}, "Ignored country=Germny in the link: not a country (did you mean Germany?)"),
        (
            {"skill": "pyhton"},
            "Ignored skill=pyhton in the link: no listing asking for this skill in this data (did you mean Python?)",
        ),
        ({"pay_min": "1e308"}, "Ignored pay_min=1e308 in the link: must be at most 1000"),
        (
            {"work_mode": "remote"},
            "Ignored work_mode=remote in the link: not a parameter this dashboard reads (did you mean mode?)",
        ),
    ],
)
def test_bad_link_value_shows_a_note(app, query: dict[str, str], note: str) -> None:
    at = app(query=query)  # the default page is the Overview; the note shows on the first run only
    assert not at.exception
    warnings = [shown(warning.value) for warning in at.warning]
    assert len(warnings) == 1 and note in warnings[0]
    # In the main area, where a phone shows it (the sidebar is collapsed there).
    assert not at.sidebar.warning and len(at.main.warning) == 1
    # Shown once: a rerun with the same link does not repeat it.
    at.run()
    assert [warning.value for warning in at.warning] == []


def test_nothing_matches_shows_the_empty_state(app) -> None:
    at = app("dashboard/pages/overview.py", query={"q": "zzzz no such internship zzzz"})
    assert not at.exception
    assert len(at.get("plotly_chart")) == 0
    assert "No openings match these filters." in at.info[0].value


def test_missing_sample_explains_itself(app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(state.SAMPLE_DIR_ENV, str(tmp_path))  # an empty folder: no listings.parquet
    at = app()
    assert not at.exception
    assert at.error[0].value.startswith("The bundled sample data is missing.")
    assert "No data to show yet" in at.info[0].value


def test_reset_button_clears_the_filters(app) -> None:
    at = app("dashboard/pages/overview.py", query={"field": FIELD, "q": "engineer"})
    at.button[0].click().run()  # the sidebar's only button
    assert at.multiselect(key="field").value == []
    assert at.text_input(key="q").value == ""


def test_secrets_can_raise_the_minimum_group(app) -> None:
    at = app("dashboard/pages/overview.py", secrets={"insights": {"min_group_size": 10**9}})
    assert metric_value(at, "Offer rate") == "n/a"


def _settings_script() -> None:
    """A tiny app that prints the settings state.py reads from secrets."""
    import streamlit as st

    from dashboard import state

    st.text(f"min_group={state.min_group_size()}")
    st.text(f"connections={sorted(state.connections())}")


@pytest.mark.parametrize(
    ("secrets", "min_group", "connections"),
    [
        ({}, 10, []),
        ({"insights": {"min_group_size": 25}}, 25, []),
        ({"insights": {"min_group_size": 5}}, 5, []),  # the operator may lower it deliberately
        ({"insights": {"min_group_size": "lots"}}, 10, []),
        ({"insights": {"min_group_size": 0}}, 10, []),
        ({"connections": {"campus_db": {"url": "sqlite:///x.db", "table": "listings"}}}, 10, ["campus_db"]),
    ],
)
def test_settings_from_secrets(secrets: dict, min_group: int, connections: list[str]) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_settings_script, default_timeout=30)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    assert [text.value for text in at.text] == [f"min_group={min_group}", f"connections={connections}"]


def _dataset_script() -> None:
    """A tiny app that switches this session to its own dataset and back."""
    import polars as pl
    import streamlit as st

    from dashboard import state
    from data_loaders.schema import empty_frame

    if st.button("use mine", key="mine"):
        state.use_session_dataset(
            empty_frame("listings"), label="My upload", outcomes=pl.DataFrame({"application_id": ["a"]})
        )
    if st.button("back to sample", key="sample"):
        state.reset_to_sample()
    dataset = state.current_dataset()
    st.text(f"{dataset.label}|{dataset.is_sample}|{dataset.outcomes_kind}")


def test_a_session_dataset_replaces_the_sample_until_reset() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_dataset_script, default_timeout=60).run()
    assert at.text[0].value == "Sample data (synthetic)|True|outcomes"
    at.button(key="mine").click().run()
    assert at.text[0].value == "My upload|False|outcomes"
    at.run()  # it stays for the session
    assert at.text[0].value == "My upload|False|outcomes"
    at.button(key="sample").click().run()
    assert at.text[0].value == "Sample data (synthetic)|True|outcomes"


def test_page_parameters_in_a_link_are_not_called_unknown(app) -> None:
    # A shared Benchmark/Report/Skill gap link carries that page's own keys; the filter panel must not flag them.
    at = app(query={"me": "Python", "bm_title": "Data intern", "sections": "overview", "present": "0", "sort": "pay"})
    assert not at.exception
    assert [warning.value for warning in at.warning] == []


def test_offer_rate_follows_the_outcome_filters_and_counts_applicants(app) -> None:
    outcomes = pl.read_parquet(state.sample_paths()[1])
    at = app("dashboard/pages/overview.py", query={"field": "Cybersecurity"})
    assert not at.exception
    cyber = outcomes.filter(pl.col("field") == "Cybersecurity")
    offers = cyber.filter(pl.col("stage").is_in(["offer", "accepted"]))
    from analytics.formatting import percent

    assert metric_value(at, "Offer rate") == percent(offers.height / cyber.height, 1)
    texts = " ".join(caption.value for caption in at.caption)
    assert "Offer rate: Follows the field filter." in texts


def test_place_filters_show_names_and_links_may_use_them(app, sample: pl.DataFrame) -> None:
    at = app("dashboard/pages/overview.py", query={"region": "virginia", "country": "USA"})
    assert not at.exception and [warning.value for warning in at.warning] == []
    region = at.multiselect(key="region")
    assert region.value == ["US-VA"]  # codes stay in the URL and the filter
    labels = region.options  # AppTest reports the labels the browser shows
    assert "Virginia (VA)" in labels and not any(label.startswith("US-") for label in labels)
    assert "Virginia" in at.caption[0].value
    assert "On-site" in at.multiselect(key="mode").options
    assert not {"onsite", "remote"} & set(at.multiselect(key="mode").options)
    assert "Citizens only" in at.multiselect(key="sponsor").options
    assert "United States" in at.multiselect(key="country").options


def test_a_link_skill_in_another_case_is_kept_in_the_datas_spelling(app) -> None:
    at = app("dashboard/pages/overview.py", query={"skill": "python"})
    assert not at.exception and [warning.value for warning in at.warning] == []
    assert at.multiselect(key="skill").value == ["Python"]
