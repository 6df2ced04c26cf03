"""`make run` imports the app's modules with the cyclic garbage collector off, freezes what lives then (the imports'
few garbage cycles with it) and turns the collector back on before the first script run (dashboard/serve.py)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from dashboard import serve, startup_gate, warmup


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
    def broken(*_: object, **__: object) -> None:
        raise ImportError("a module is missing")

    prepared = threading.Event()
    monkeypatch.setattr(warmup, "import_page_modules", broken)
    monkeypatch.setattr(serve, "prepare", prepared.set)
    gc.disable()
    startup_gate.close()
    serve.import_modules()
    assert gc.isenabled() and startup_gate.is_open()
    assert prepared.wait(10)  # the analytics were in: the view is counted all the same

    prepared.clear()
    monkeypatch.setattr(serve, "_preload", broken)  # not even what the counting needs
    gc.disable()
    startup_gate.close()
    serve.import_modules()
    assert gc.isenabled() and startup_gate.is_open()
    assert not prepared.wait(0.2)  # the first page imports again and says what is wrong


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


def test_the_overview_is_counted_beside_the_pages_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up's counting starts in its own thread once the analytics are in, before the pages' modules are
    imported; the gate opens when the imports are done, whether or not the counting is."""
    order: list[object] = []
    counting = threading.Event()
    counted = threading.Event()

    def prepare() -> None:
        order.append(("prepare", threading.current_thread().name))
        counting.set()
        counted.wait(10)

    def imports(**_: object) -> None:
        assert counting.wait(10)  # under way before the pages' modules are imported
        order.append(("imports", threading.current_thread().name, startup_gate.is_open()))

    monkeypatch.setattr(warmup, "import_page_modules", imports)
    monkeypatch.setattr(serve, "prepare", prepare)
    startup_gate.close()
    serve.import_modules()
    assert startup_gate.is_open() and not counted.is_set()  # the gate does not wait for the counting
    counted.set()
    assert order == [("prepare", "insights-prepare"), ("imports", threading.current_thread().name, False)]
