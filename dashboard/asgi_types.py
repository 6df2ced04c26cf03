"""The ASGI shapes used by the middleware that `make run` puts around Streamlit's server (dashboard/serve.py): a
request's scope, its messages, the receive and send callables, an application. Only the standard library is
imported, so the server can wrap its app before the app's own modules are in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

__all__ = ["ASGIApp", "Message", "Receive", "Scope", "Send"]
