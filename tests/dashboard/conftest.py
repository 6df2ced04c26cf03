"""AppTest harness: run the whole app (navigation, sidebar filters, a page) headlessly in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
APP_TIMEOUT_S = 60

RunApp = Callable[..., AppTest]


@pytest.fixture(autouse=True)
def _full_error_details() -> Iterator[None]:
    """Tests see the real exception message; users never do (client.showErrorDetails = "none" in config.toml)."""
    from streamlit import config

    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", before)


def run_app(
    page: str | None = None,
    *,
    query: Mapping[str, str | Sequence[str]] | None = None,
    secrets: Mapping[str, object] | None = None,
) -> AppTest:
    """Run streamlit_app.py (optionally switch to `page`, e.g. "dashboard/pages/overview.py") and return the AppTest."""
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    for key, value in (query or {}).items():
        at.query_params[key] = list(value) if not isinstance(value, str) else value
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    if page is not None:
        # switch_page resolves against the pages registered by the first run's st.navigation.
        at.switch_page(page)
        at.run()
    return at


@pytest.fixture()
def app() -> RunApp:
    """The `run_app` helper as a fixture, so page tests need no imports from conftest."""
    return run_app


def seed_session_dataset(at: Any, dataset: Any) -> None:
    """Give an AppTest session its own dataset the way an upload does (a token in the session, data in the budget)."""
    from dashboard import state
    from dashboard.memory_budget import new_token

    token = new_token()
    state._budget().store(
        token,
        dataset,
        0,
        session_cap=state.session_data_bytes(),
        server_cap=state.server_data_bytes(),
        label=dataset.label,
        ttl_seconds=state.session_data_ttl_seconds(),
    )
    at.session_state[state._SESSION_DATASET_KEY] = token


@pytest.fixture(autouse=True)
def _startup_gate_left_open() -> Iterator[None]:
    """A test of `make run`'s entry closes the first-run gate (dashboard/startup_gate.py) and turns the garbage
    collector off until its imports are done (dashboard/serve.py); whatever it does, the next test's app runs must
    not wait for the gate, and the collector is on again."""
    import gc

    from dashboard import startup_gate

    yield
    startup_gate.release()
    gc.enable()


@pytest.fixture(autouse=True)
def _server_start_hook_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run`'s entry wraps Streamlit's server-start hook to begin its imports (dashboard/serve.py); a test that
    calls it leaves the wrapper behind, so every test starts from a hook that does nothing and gets it back after.
    A test that mocks Streamlit's `main` calls the hook itself when its "server" would be listening."""
    from streamlit.web import bootstrap

    monkeypatch.setattr(bootstrap, "_on_server_start", lambda server: None)
