"""Plain HTTP answers leave without Nagle's delay on Streamlit's own kind of socket (dashboard/http_nodelay.py).

Streamlit binds its listening socket with `socket.socket(family)` (protocol number 0), so asyncio leaves Nagle's
algorithm on for every connection. These tests serve through uvicorn, as Streamlit does, on a socket bound by
Streamlit's own function, and read the option on the connection each request arrived on.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from streamlit.web.server.starlette import starlette_server

from dashboard import http_nodelay

Seen = dict[str, Any]


def _recording_app(seen: Seen) -> Any:
    """An ASGI app that notes, per request path, whether its connection has Nagle's algorithm off."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        sock = http_nodelay.connection_socket(send)
        seen[scope["path"]] = None if sock is None else sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


@pytest.fixture
def served() -> Iterator[tuple[int, Seen, Any]]:
    """(port, what the app saw, the app) for an app served by uvicorn on a socket bound as Streamlit binds it."""
    seen: Seen = {}
    app = _recording_app(seen)
    holder: dict[str, Any] = {"app": app}

    async def entry(scope: Any, receive: Any, send: Any) -> None:
        await holder["app"](scope, receive, send)

    listener = starlette_server._bind_socket("127.0.0.1", 0, 16)
    server = uvicorn.Server(uvicorn.Config(entry, log_level="error", lifespan="on"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])), daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        assert server.started
        yield listener.getsockname()[1], seen, holder
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def _get(port: int, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(4096):  # headers and body may come in two packets
            answer += chunk
        return answer


def test_streamlits_own_socket_leaves_nagle_on(served: tuple[int, Seen, Any]) -> None:
    port, seen, _ = served
    assert _get(port, "/plain").endswith(b"ok")
    assert seen["/plain"] == 0  # what the middleware is for: asyncio did not turn it off


def test_each_http_request_is_answered_without_nagles_delay(served: tuple[int, Seen, Any]) -> None:
    port, seen, holder = served
    holder["app"] = http_nodelay.NoDelayHttp(holder["app"])
    assert _get(port, "/asset.js").endswith(b"ok")
    assert seen["/asset.js"] == 1


def _tcp_cycle(connection: Any) -> Any:
    """Something shaped like uvicorn's request cycle, its transport's socket `connection` (real or a stand-in)."""

    class Transport:
        def get_extra_info(self, name: str) -> Any:
            return connection if name == "socket" else None

    class Cycle:
        transport = Transport()

        async def send(self, message: Any) -> None:
            return None

    return Cycle()


def test_a_websocket_keeps_nagle_and_a_send_without_a_connection_is_left_alone() -> None:
    calls: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["type"])

    async def bare_send(message: Any) -> None:  # no uvicorn cycle behind it
        raise AssertionError("not sent")

    assert http_nodelay.connection_socket(bare_send) is None
    assert http_nodelay.send_at_once(bare_send) is False
    middleware = http_nodelay.NoDelayHttp(inner)
    asyncio.run(middleware({"type": "http"}, bare_send, bare_send))
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()), listener.accept()[0] as connection:
            cycle = _tcp_cycle(connection)
            asyncio.run(middleware({"type": "websocket"}, bare_send, cycle.send))
            assert connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # a rerun's messages join
            asyncio.run(middleware({"type": "http"}, bare_send, cycle.send))
            assert connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    assert calls == ["http", "websocket", "http"]


def test_a_socket_that_refuses_the_option_is_left_as_it_is() -> None:
    class Refusing:
        family = socket.AF_INET

        def setsockopt(self, *args: Any) -> None:
            raise OSError("not a TCP socket after all")

    assert http_nodelay.send_at_once(_tcp_cycle(Refusing()).send) is False
    unix = type("Unix", (), {"family": socket.AF_UNIX})()
    assert http_nodelay.send_at_once(_tcp_cycle(unix).send) is False
