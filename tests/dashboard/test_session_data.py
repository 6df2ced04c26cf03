"""A session's own data: never silently mixed with the sample, provenance on every page, kept across a reload, forgettable."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import sources_panel, state
from dashboard.memory_budget import FORGOTTEN, new_token

SOURCES = "dashboard/pages/sources.py"


def metric_value(at: AppTest, label: str) -> str:
    """The displayed value of the KPI tile called `label`."""
    return next(metric.value for metric in at.metric if metric.label == label)


def texts(at: AppTest, kind: str) -> str:
    """Every element of one kind (info, caption, warning, markdown) joined, Markdown escapes removed."""
    return " ".join(str(element.value) for element in at.get(kind)).replace("\\", "")


def use_template(at: AppTest, kind: str, name: str, *, keep_sample: bool = False):
    """Stage a template upload as the Check button would, optionally tick "Keep the sample's …", and press Use this data."""
    load_as = "listings" if kind == "listings" else "outcomes"
    attempt = sources_panel.load_upload(sources_panel.template_csv(kind), name, load_as)
    assert attempt.ok, attempt.error
    at.session_state[sources_panel.PENDING_KEY] = attempt
    at.run()
    if keep_sample:
        at.checkbox(key=sources_panel.KEEP_SAMPLE_KEY).check()
    at.button(key="use_attempt").click().run()
    assert not at.exception
    return at


def data_token(at: AppTest) -> str:
    """The data token in the AppTest's URL."""
    values = at.query_params.get(state.DATA_PARAM)
    assert values, f"no data token in the URL: {dict(at.query_params)}"
    return values[-1] if isinstance(values, list) else values


# ---- never silently mixed ----------------------------------------------------------------------------
def test_a_listings_only_session_has_no_outcomes_and_every_page_says_so(app) -> None:
    at = use_template(app(SOURCES), "listings", "jobs.csv")
    assert metric_value(at, "Outcomes") == "none"
    footer = texts(at, "caption")
    assert "Listings: jobs.csv, loaded" in footer and "Outcomes: none in this session" in footer
    assert "synthetic" not in footer.lower()

    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception
    assert metric_value(at, "Offer rate") == "none"  # never the sample's offer rate
    assert "There are no outcome data in this session" in texts(at, "info")
    assert "load an outcomes file on the Sources page" in texts(at, "info")

    at.switch_page("dashboard/pages/acceptance_rates.py")
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 0
    assert "so there are no acceptance rates to show" in texts(at, "info")
    # The page stopped early, so it has no footer; the sidebar, drawn before it, still names the data.
    sidebar = " ".join(caption.value for caption in at.sidebar.caption).replace("\\", "")
    assert "Listings: jobs.csv, loaded" in sidebar and "Outcomes: none in this session" in sidebar

    at.switch_page("dashboard/pages/report.py")
    at.run()
    assert not at.exception
    assert "the report's acceptance rates section is empty" in texts(at, "info")
    assert metric_value(at, "Offer rate") == "n/a"

    at.switch_page("dashboard/pages/benchmark.py")
    at.run()
    at.button(key="bm_example").click().run()
    assert not at.exception
    assert "competition for similar openings" in texts(at, "info")
    assert "n/a" == next(m.value for m in at.metric if m.label == "Offer rate, similar")

    at.switch_page("dashboard/pages/skill_gap.py")
    at.run()
    at.button(key="example").click().run()
    assert not at.exception
    assert "the skills of people who got offers cannot be shown" in texts(at, "info")


def test_keeping_the_sample_outcomes_is_a_choice_labelled_synthetic(app) -> None:
    at = app(SOURCES)
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(
        sources_panel.template_csv("listings"), "jobs.csv", "listings"
    )
    at.run()
    box = at.checkbox(key=sources_panel.KEEP_SAMPLE_KEY)
    assert box.label == "Keep the sample's outcomes (synthetic)" and box.value is False  # off unless the user ticks it
    box.check()
    at.button(key="use_attempt").click().run()
    sample = state.sample_dataset()
    assert metric_value(at, "Outcomes") == f"{sample.outcomes.height:,}"
    footer = texts(at, "caption")
    assert "Outcomes: bundled sample (synthetic)" in footer and "kept by choice next to your own data" in footer
    assert ":orange-badge[Synthetic]" in footer
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert metric_value(at, "Offer rate") not in {"none", "n/a"}
    assert "Synthetic" in texts(at, "caption")  # the label follows to every page


def test_an_outcomes_only_session_has_no_listings_unless_kept(app) -> None:
    at = use_template(app(SOURCES), "outcome_counts", "counts.csv")
    assert (metric_value(at, "Listings"), metric_value(at, "Outcomes")) == ("none", "2")
    assert "Listings: none in this session" in texts(at, "caption")
    for page in (
        "dashboard/pages/overview.py",
        "dashboard/pages/openings.py",
        "dashboard/pages/skills_demand.py",
        "dashboard/pages/benchmark.py",
        "dashboard/pages/skill_gap.py",
    ):
        at.switch_page(page)
        at.run()
        assert not at.exception, page
        assert "There are no listings in this session" in texts(at, "info"), page
        assert len(at.get("plotly_chart")) == 0, page
    at.switch_page("dashboard/pages/acceptance_rates.py")
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) >= 1  # the outcomes alone still give rates
    at.switch_page("dashboard/pages/report.py")
    at.run()
    assert not at.exception
    assert "There are no listings in this session" in texts(at, "info")
    assert "the report's acceptance rates section" not in texts(at, "info")  # it has outcomes


def test_the_users_own_other_part_is_kept_without_asking(app) -> None:
    at = use_template(app(SOURCES), "listings", "jobs.csv")
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(
        sources_panel.template_csv("outcome_counts"), "counts.csv", "outcomes"
    )
    at.run()
    assert not at.get("checkbox") or sources_panel.KEEP_SAMPLE_KEY not in [box.key for box in at.checkbox]
    at.button(key="use_attempt").click().run()
    assert (metric_value(at, "Listings"), metric_value(at, "Outcomes")) == ("2", "2")
    footer = texts(at, "caption")
    assert "Listings: jobs.csv" in footer and "Outcomes: counts.csv" in footer and "ynthetic" not in footer


# ---- survives a reload -----------------------------------------------------------------------------
def test_a_reload_with_the_token_reattaches_the_same_data(app) -> None:
    first = use_template(app(SOURCES), "listings", "jobs.csv")
    token = data_token(first)
    first.switch_page("dashboard/pages/overview.py")
    first.run()
    assert data_token(first) == token  # page switches keep the token in the URL
    # A browser reload is a new Streamlit session with the same URL.
    reloaded = app(query={state.DATA_PARAM: token})
    assert not reloaded.exception
    assert metric_value(reloaded, "Open listings") == "2"
    assert "Listings: jobs.csv" in texts(reloaded, "caption")
    assert data_token(reloaded) == token
    assert not reloaded.warning


def test_a_new_upload_gets_a_new_token_and_the_old_one_is_forgotten(app) -> None:
    at = use_template(app(SOURCES), "listings", "jobs.csv")
    old = data_token(at)
    use_template(at, "listings", "more.csv")
    assert data_token(at) != old
    assert state._budget().status(old) == FORGOTTEN


@pytest.mark.parametrize("token", [new_token(), "not-a-token"])
def test_an_unknown_or_malformed_token_shows_the_expired_note_and_the_sample(app, token: str) -> None:
    at = app(query={state.DATA_PARAM: token})
    assert not at.exception
    assert state.EXPIRED_NOTE in [warning.value for warning in at.warning]
    assert metric_value(at, "Open listings") != "2"
    assert "Sample data (synthetic)" in texts(at, "caption")
    assert state.DATA_PARAM not in at.query_params
    assert not any("ignored" in warning.value for warning in at.warning)  # ?data= is a known link key


def test_data_unused_for_its_time_to_live_expires(app, monkeypatch: pytest.MonkeyPatch) -> None:
    first = use_template(app(SOURCES, secrets={"insights": {"session_data_ttl_minutes": 30}}), "listings", "jobs.csv")
    token = data_token(first)
    budget = state._budget()
    start = budget._clock()
    monkeypatch.setattr(budget, "_clock", lambda: start + 29 * 60)
    assert budget.fetch(token) is not None  # within 30 minutes, and the use restarts the clock
    monkeypatch.setattr(budget, "_clock", lambda: start + 29 * 60 + 31 * 60)
    reloaded = app(query={state.DATA_PARAM: token})
    assert state.EXPIRED_NOTE in [warning.value for warning in reloaded.warning]
    assert "Sample data (synthetic)" in texts(reloaded, "caption")


def test_forget_drops_the_data_everywhere_at_once(app) -> None:
    at = use_template(app(SOURCES), "listings", "jobs.csv")
    token = data_token(at)
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    at.button(key="forget_data_sidebar").click().run()
    assert not at.exception
    assert state.DATA_PARAM not in at.query_params
    assert "Sample data (synthetic)" in texts(at, "caption")
    assert metric_value(at, "Open listings") != "2"
    assert state._budget().status(token) == FORGOTTEN
    assert not [button for button in at.button if button.key == "forget_data_sidebar"]  # nothing left to forget
    reloaded = app(query={state.DATA_PARAM: token})
    assert state.FORGOTTEN_NOTE in [warning.value for warning in reloaded.warning]


def test_the_share_link_leaves_the_data_out_unless_asked(app) -> None:
    at = use_template(app(SOURCES), "listings", "jobs.csv")
    token = data_token(at)
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    link = at.get("code")[0].value
    assert token not in link and "data=" not in link
    at.checkbox(key="share_with_data").check().run()
    assert f"data={token}" in at.get("code")[0].value


def test_a_link_whose_data_was_evicted_says_so(app) -> None:
    budget = state._budget()
    evicted, newer = new_token(), new_token()
    dataset = state.Dataset(listings=state.sample_dataset().listings.head(2), label="Mine")
    tight = {"session_cap": 10, "server_cap": 10, "label": "x", "ttl_seconds": 60.0}
    budget.store(evicted, dataset, 6, **tight)
    assert budget.store(newer, dataset, 6, **tight) == [evicted]  # the server needed the room
    budget.release(newer)
    at = app(query={state.DATA_PARAM: evicted})
    assert any(warning.value.startswith("The data of this link was removed to free memory") for warning in at.warning)
    assert "Sample data (synthetic)" in texts(at, "caption")
