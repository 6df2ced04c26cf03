"""`make run` listens at once and then imports the app's modules in a thread, while the main thread serves (and may
still import parts of Streamlit's web stack) (dashboard/serve.py); the first script run waits for them
(dashboard/startup_gate.py)."""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dashboard import serve, startup_gate, warmup

ROOT = Path(__file__).resolve().parents[2]
# Streamlit's own packages and its web stack: what the main thread imports while the server starts.
SERVER_SIDE = {"streamlit", "uvicorn", "starlette", "anyio", "websockets", "h11", "httptools", "itsdangerous"}

# A subprocess runs `make run`'s entry on a free port with an import hook that notes which thread imported each
# module, until the server is healthy and the first-run gate is open; it prints the notes as JSON.
RECORD_IMPORTS = """
import importlib.abc, json, os, sys, threading, time, urllib.request
notes = []
class Note(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        notes.append((threading.current_thread().name, name))
        return None
sys.meta_path.insert(0, Note())
from dashboard import serve, startup_gate
port = int(sys.argv[1])
def watch():
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            if startup_gate.wait():
                break
        except OSError:
            time.sleep(0.05)
    print(json.dumps(notes), flush=True)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
serve.main(["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"])
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_app_is_imported_once_the_server_listens_and_shares_no_package_with_it() -> None:
    env = {**os.environ, "INSIGHTS_WARM_UP": "0"}
    done = subprocess.run(
        [sys.executable, "-c", RECORD_IMPORTS, str(_free_port())],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
        check=True,
    )
    notes = json.loads(done.stdout.strip().splitlines()[-1])
    threads = {thread for thread, _ in notes}
    assert "insights-imports" in threads
    split = next(index for index, (thread, _) in enumerate(notes) if thread == "insights-imports")
    app_side = {name.split(".")[0] for thread, name in notes if thread == "insights-imports"}
    server_side = {name.split(".")[0] for thread, name in notes[split:] if thread == "MainThread"}
    assert {"pandas", "analytics", "data_loaders", "dashboard"} <= app_side  # the thread did import the app
    before_split = {name.split(".")[0] for thread, name in notes[:split] if thread == "MainThread"}
    assert "uvicorn" in before_split  # the server was started (and listening: Streamlit's hook) before
    assert not app_side & SERVER_SIDE
    assert not app_side & server_side, sorted(app_side & server_side)


def test_the_gate_opens_when_the_imports_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_: object) -> None:
        raise ImportError("a module is missing")

    monkeypatch.setattr(warmup, "import_page_modules", broken)
    monkeypatch.setattr(serve, "prepare", lambda: None)
    startup_gate.close()
    assert not startup_gate.is_open()
    serve.import_modules()
    assert startup_gate.is_open()


def test_main_closes_the_gate_and_imports_once_the_server_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit.web.cli as streamlit_cli
    from streamlit.web import bootstrap

    release = threading.Event()
    events: list[str] = []
    monkeypatch.setattr(bootstrap, "_on_server_start", lambda server: events.append("listening"))
    monkeypatch.setattr(serve, "wrap_server_app", lambda: None)
    monkeypatch.setattr(serve, "prepare", lambda: None)
    monkeypatch.setattr(warmup, "import_page_modules", lambda **_: (events.append("imports"), release.wait(10)))

    def run(*args: object, **kwargs: object) -> None:
        events.append(f"server starts, gate open: {startup_gate.is_open()}")
        bootstrap._on_server_start(None)

    monkeypatch.setattr(streamlit_cli, "main", run)
    serve.main([])
    release.set()
    assert startup_gate.wait()
    assert events == ["server starts, gate open: False", "listening", "imports"]


def test_without_the_hook_the_modules_are_imported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.web import bootstrap

    started: list[str] = []
    monkeypatch.delattr(bootstrap, "_on_server_start")
    monkeypatch.setattr(serve, "start_imports", lambda: started.append("now"))
    serve.import_once_listening()
    assert started == ["now"]


def test_streamlit_app_waits_at_the_gate_before_importing_the_app() -> None:
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    statements = [
        node for node in tree.body if not isinstance(node, ast.Expr) or not isinstance(node.value, ast.Constant)
    ]
    wait = next(
        index
        for index, node in enumerate(statements)
        if isinstance(node, ast.Expr) and ast.unparse(node) == "startup_gate.wait()"
    )
    for node in statements[:wait]:  # before the wait: only the standard library, streamlit and the gate itself
        if isinstance(node, ast.ImportFrom) and node.module == "dashboard":
            assert [alias.name for alias in node.names] == ["startup_gate"]
        elif isinstance(node, ast.ImportFrom):
            assert node.module in {"__future__", "pathlib"}, node.module
        elif isinstance(node, ast.Import):
            assert [alias.name for alias in node.names] == ["streamlit"]
    assert any(isinstance(node, ast.ImportFrom) and node.module == "dashboard" for node in statements[wait + 1 :])
