"""dashboard/serve.py, `make run`'s entry: the shared dataset is prepared in a thread while Streamlit starts."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from typing import Any

import pytest
import streamlit as st

from dashboard import serve, startup_gate, state, warmup


def test_main_runs_streamlit_on_the_app_with_the_options_given(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit.web.cli as streamlit_cli
    from streamlit.web import bootstrap

    calls: list[tuple[list[str], dict[str, Any]]] = []
    prepared = threading.Event()
    monkeypatch.setattr(bootstrap, "_on_server_start", lambda server: None)

    def run(args: list[str], **kwargs: Any) -> None:
        calls.append((args, kwargs))
        bootstrap._on_server_start(None)  # the server listens: the app's modules are imported from now on

    monkeypatch.setattr(streamlit_cli, "main", run)
    order: list[str] = []
    monkeypatch.setattr(warmup, "import_page_modules", lambda **_: order.append("imports"))
    monkeypatch.setattr(serve, "wrap_server_app", lambda: order.append("hints"))
    monkeypatch.setattr(serve, "prepare", lambda: (order.append("prepare"), prepared.set()))
    serve.main(["--server.port", "8765"])
    assert prepared.wait(10)
    assert startup_gate.wait()  # the imports are done too
    # The Overview's view is computed while the pages' modules are imported (it imports nothing itself:
    # tests/dashboard/test_startup_prepare.py), so the two may come in either order.
    assert sorted(order) == ["hints", "imports", "prepare"]
    assert calls == [(["run", str(serve.APP), "--server.port", "8765"], {"prog_name": "streamlit"})]
    assert prepared.wait(10)  # started in its own thread
    assert serve.APP.is_file()


def test_prepare_computes_the_overview_of_a_large_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_resource.clear()
    monkeypatch.setattr(warmup, "WARM_MIN_LISTINGS", 0)
    prepared: list[object] = []
    monkeypatch.setattr(warmup, "overview_view", prepared.append)
    serve.prepare()
    assert prepared == [state.sample_dataset()]  # the very dataset the sessions share
    st.cache_resource.clear()


def test_a_small_dataset_is_only_read(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared: list[object] = []
    monkeypatch.setattr(warmup, "overview_view", prepared.append)
    serve.prepare()
    assert prepared == []


def test_a_dataset_that_cannot_be_read_is_left_to_the_first_page(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(state, "sample_dataset", broken)
    serve.prepare()  # no exception
    assert "could not be prepared" in caplog.text


def test_the_pages_modules_do_not_import_sqlalchemy() -> None:
    """A server that never connects to a database never imports SQLAlchemy (~0.5 s of every cold start): the pages
    name database sources through data_loaders.urls, and data_loaders.sql is imported where a database is used."""
    code = (
        "import sys; from dashboard import warmup; warmup._preload(warmup.page_imports()); print(sorted(sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    modules = set(ast.literal_eval(done.stdout.strip().splitlines()[-1]))
    assert "dashboard.pages.sources" in modules or "dashboard.sources_panel" in modules
    assert not {name for name in modules if name == "sqlalchemy" or name.startswith("sqlalchemy.")}
