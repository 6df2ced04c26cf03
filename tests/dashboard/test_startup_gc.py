"""`make run` imports the app's modules with the cyclic garbage collector off, freezes what lives then (the imports'
few garbage cycles with it) and turns the collector back on before the first script run (dashboard/serve.py)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from dashboard import first_page, serve, startup_gate, warmup


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_start_up_imports_run_with_the_collector_off_and_turn_it_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit.web.cli as streamlit_cli
    from streamlit.web import bootstrap

    seen: list[tuple[str, object]] = []
    prepared = threading.Event()
    monkeypatch.setattr(serve, "wrap_server_app", lambda: None)
    monkeypatch.setattr(serve, "prepare", prepared.set)

    def imports(**kwargs: object) -> None:
        seen.append(("imports", (gc.isenabled(), kwargs)))

    def run(*args: object, **kwargs: object) -> None:
        seen.append(("server starts", gc.isenabled()))
        bootstrap._on_server_start(None)

    monkeypatch.setattr(warmup, "import_page_modules", imports)
    monkeypatch.setattr(streamlit_cli, "main", run)
    try:
        serve.main([])
        assert startup_gate.wait()
        assert prepared.wait(10)
        assert seen == [("server starts", False), ("imports", (False, {"collect": False}))]
        assert gc.isenabled()  # on again before any script run
    finally:
        gc.enable()


def test_failed_imports_still_turn_the_collector_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_: object) -> None:
        raise ImportError("a module is missing")

    prepared: list[str] = []
    monkeypatch.setattr(warmup, "import_page_modules", broken)
    monkeypatch.setattr(serve, "prepare", lambda: prepared.append("prepare"))
    gc.disable()
    startup_gate.close()
    serve.import_modules()
    assert gc.isenabled() and startup_gate.is_open()
    assert prepared == []  # the first page imports again and says what is wrong


def test_without_a_collection_first_what_lives_is_frozen_and_new_garbage_is_still_found() -> None:
    """`import_page_modules(collect=False)`, as `make run` calls it, freezes without the full collection (the pause
    it saves), and later garbage is collected as usual."""
    gc.unfreeze()
    before = gc.get_freeze_count()
    warmup.freeze_long_lived(collect=False)
    try:
        assert gc.get_freeze_count() > before
        made_later = Cycle()
        gone = weakref.ref(made_later)
        del made_later
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()


def test_the_overview_is_counted_once_a_browser_has_connected(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up's counting waits for the browser to load Streamlit's page (its websocket), at most
    PREPARE_WAIT_S; the gate is open before that wait."""
    order: list[object] = []
    monkeypatch.setattr(warmup, "import_page_modules", lambda **_: order.append("imports"))
    monkeypatch.setattr(serve, "PREPARE_WAIT_S", 7.5)
    monkeypatch.setattr(
        first_page, "wait_browser", lambda timeout: order.append(("browser", timeout, startup_gate.is_open()))
    )
    monkeypatch.setattr(serve, "prepare", lambda: order.append("prepare"))
    startup_gate.close()
    serve.import_modules()
    assert order == ["imports", ("browser", 7.5, True), "prepare"]


def test_the_first_websocket_is_noted_and_every_request_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.setattr(first_page, "_BROWSER_CONNECTED", threading.Event())
    passed: list[str] = []

    async def app(scope: dict[str, str], receive: object, send: object) -> None:
        passed.append(scope["type"])

    arrival = serve.BrowserArrival(app)
    asyncio.run(arrival({"type": "http"}, None, None))
    assert not first_page.wait_browser(0)
    asyncio.run(arrival({"type": "websocket"}, None, None))
    assert first_page.wait_browser(0)
    assert passed == ["http", "websocket"]
