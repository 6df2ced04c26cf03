"""Plain HTTP answers sent without Nagle's delay (issue 9: a first visit's page load; Streamlit's own server).

Streamlit binds its listening socket itself, with `socket.socket(family)`, so the socket's protocol number is 0 and
asyncio, which turns Nagle's algorithm off only for sockets whose protocol is IPPROTO_TCP, leaves it on for every
connection. Uvicorn writes a response's headers, then its body: on a kept-alive connection the body waited for the
browser to acknowledge the headers, which it delays by up to 40 ms. Every small file of the page cost ~44 ms instead
of ~0.5 (measured: a 3 KB script asked for eight times on one connection), and the browser asks for ~110 of them on
a first visit, six at a time.

This middleware turns Nagle's algorithm off on the connection of each plain HTTP request, found through uvicorn's
`send` (the bound method of the request's cycle, which holds the connection's transport). Websocket connections keep
it: there, joining the small messages of a rerun into fewer packets is what the browser handled best (measured:
the first change after a click came later with it off). A server where the socket cannot be found is left as it is.
"""

from __future__ import annotations

import socket
from typing import Any

from dashboard.asgi_types import ASGIApp, Receive, Scope, Send

TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def connection_socket(send: Send) -> Any:
    """The socket of the connection `send` answers on (uvicorn's request cycle), or None when it cannot be found."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    extra = getattr(transport, "get_extra_info", None)
    return extra("socket") if callable(extra) else None


def send_at_once(send: Send) -> bool:
    """Turn Nagle's algorithm off on the TCP connection `send` answers on; whether it was done."""
    sock = connection_socket(send)
    if sock is None or getattr(sock, "family", None) not in TCP_FAMILIES:
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return True


class NoDelayHttp:
    """ASGI middleware, outermost: each plain HTTP request's connection sends without Nagle's delay."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the connection's option for an HTTP request, then pass the request on unchanged."""
        if scope.get("type") == "http":
            send_at_once(send)
        await self.app(scope, receive, send)


__all__ = ["NoDelayHttp", "connection_socket", "send_at_once"]
