"""Sources: a database's outcomes can be counted by the database (loaded as outcome counts), with what that loses."""

from __future__ import annotations

import polars as pl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import sources_panel

PAGE = "dashboard/pages/sources.py"


@pytest.fixture(scope="module")
def campus_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file with 60 applications (table `apps`, tracker headers) and two listings (table `jobs`)."""
    path = tmp_path_factory.mktemp("campus") / "campus.db"
    url = f"sqlite:///{path}"
    stages = ["Applied", "Phone screen", "Interviewing", "Offer received", "Accepted offer", "Rejected"]
    apps = pl.DataFrame(
        {
            "App ID": [f"a{i}" for i in range(60)],
            "Employer": ["Acme" if i % 3 else "Bolt" for i in range(60)],
            "Job Title": ["Data Science Intern" if i % 2 else "Software Engineering Intern" for i in range(60)],
            "Current Stage": [stages[i % len(stages)] for i in range(60)],
            "Major": ["Computer Science" if i % 4 else "Statistics" for i in range(60)],
        }
    )
    engine = sa.create_engine(url)
    apps.write_database("apps", engine)
    pl.DataFrame({"company": ["Acme", "Bolt"], "title": ["Data Intern", "SWE Intern"]}).write_database("jobs", engine)
    engine.dispose()
    return url


def metric_value(at: AppTest, label: str) -> str:
    """The displayed value of the KPI tile called `label`."""
    return next(metric.value for metric in at.metric if metric.label == label)


def test_the_panel_counts_in_the_database_and_keeps_the_choice_on_reload(campus_db: str) -> None:
    config = {"url": campus_db, "outcomes_table": "apps", "table": "jobs"}
    per_row = sources_panel.load_connection("campus", config, "outcomes")
    counted = sources_panel.load_connection("campus", config, "outcomes", count_in_database=True)
    assert per_row.result is not None and per_row.result.kind == "outcomes" and not per_row.count_in_database
    assert counted.result is not None and counted.result.kind == "outcome_counts" and counted.count_in_database
    assert int(counted.result.frame["applications"].sum()) == per_row.result.frame.height == 60
    # The mapping step's re-check reads the database the same way again.
    again = sources_panel.reload(counted, mapping={"Major": "ignore"})
    assert again.result is not None and again.result.kind == "outcome_counts" and again.count_in_database
    assert again.result.frame["major"].null_count() == again.result.frame.height
    # Listings are never counted.
    listings = sources_panel.load_connection("campus", config, "listings", count_in_database=True)
    assert listings.result is not None and listings.result.kind == "listings" and not listings.count_in_database


def test_the_sources_page_offers_counting_in_the_database(app, campus_db: str) -> None:
    at = app(PAGE, secrets={"connections": {"campus": {"url": campus_db, "table": "jobs", "outcomes_table": "apps"}}})
    assert not at.exception
    at.radio(key="connection_kind").set_value("listings").run()
    assert not [box for box in at.checkbox if box.key == "connection_count"]  # only outcomes can be counted
    at.radio(key="connection_kind").set_value("outcomes").run()
    box = at.checkbox(key="connection_count")
    assert box.label == "Count in the database" and not box.value
    assert any(caption.value == sources_panel.COUNT_IN_DATABASE_NOTE for caption in at.caption)
    assert "distinct applicants" in sources_panel.COUNT_IN_DATABASE_NOTE  # says what is lost
    box.check().run()
    at.button(key="connect").click().run()
    assert not at.exception
    staged = at.session_state[sources_panel.PENDING_KEY]
    assert staged.result.kind == "outcome_counts" and staged.count_in_database
    assert any("60 applications in" in caption.value for caption in at.caption)
    at.checkbox(key=sources_panel.KEEP_SAMPLE_KEY).check()
    at.button(key="use_attempt").click().run()
    assert not at.exception
    assert metric_value(at, "Outcomes") == f"{staged.result.frame.height:,}"
    assert any("groups of counts" in element.value for element in [*at.caption, *at.markdown])
