"""dashboard/serve.py spares the first page Streamlit's REPL probe (`inspect.stack()` over every module's path)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import streamlit as st
from streamlit import delta_generator, env_util
from streamlit.web import bootstrap

from dashboard import serve, warmup


def _probes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    probes: list[str] = []

    def is_repl() -> bool:
        probes.append("probe")
        return False

    monkeypatch.setattr(env_util, "is_repl", is_repl)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)  # a fresh process
    return probes


def test_without_it_the_first_element_runs_the_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    probes = _probes(monkeypatch)
    st.html("<style>p {}</style>")  # the layout CSS is the first element of every page run
    st.html("<style>p {}</style>")
    assert probes == ["probe"]  # once per process: the first element pays for it


def test_served_by_make_run_the_first_element_skips_the_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    probes = _probes(monkeypatch)
    serve.skip_repl_probe()
    st.html("<style>p {}</style>")
    assert probes == []


def test_main_skips_the_probe_before_streamlit_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit.web.cli as streamlit_cli

    probes = _probes(monkeypatch)
    prepared = threading.Event()
    flag_when_run: list[bool] = []

    def run(args: list[str], **kwargs: Any) -> None:
        flag_when_run.append(delta_generator._use_warning_has_been_displayed)
        st.html("<style>p {}</style>")
        bootstrap._on_server_start(None)  # listening: the app's modules are imported, the view prepared

    monkeypatch.setattr(streamlit_cli, "main", run)
    monkeypatch.setattr(warmup, "import_page_modules", lambda **_: None)
    monkeypatch.setattr(serve, "wrap_server_app", lambda: None)
    monkeypatch.setattr(serve, "prepare", prepared.set)
    serve.main([])
    assert prepared.wait(10)
    assert flag_when_run == [True] and probes == []
