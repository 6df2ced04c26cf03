"""Streamlit's hashed script, style and font files served from memory by `make run` (issue 9, cold start).

On a fresh server the browser asks for ~65 of Streamlit's modules at once, while another thread imports the app's
modules (dashboard/serve.py). Streamlit's static route answers each through its middleware stack and two hops to a
worker thread (the file's `stat`, then its read), and every hop waits for the interpreter the imports hold: the
page took ~1.7 s to load instead of ~0.8 s. This middleware answers a plain GET or HEAD for one of those files at
once, from memory, with the very headers Streamlit sends (starlette's `FileResponse` headers and Streamlit's
cache-control for hashed assets; a test compares them with Streamlit's own answer for every file of the first page).

Only flat names under `static/js`, `static/css` and `static/media` that exist as files are taken; a range or a
conditional request, any other path or method, and anything that goes wrong are left to Streamlit as before. A file
is read once, when first asked for; Streamlit's files never change while the server runs.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from starlette.responses import FileResponse
from streamlit.web.server.starlette.starlette_server_config import STATIC_ASSET_CACHE_MAX_AGE_SECONDS

from dashboard import plotly_bundle
from dashboard.asgi_types import ASGIApp, Receive, Scope, Send

LOG = logging.getLogger(__name__)

# `static/<kind>/<name>`: Streamlit's bundled assets, content-hashed names, no subfolders.
ASSET = re.compile(r"static/(?:js|css|media)/[A-Za-z0-9_][A-Za-z0-9._-]*")
# Requests Streamlit answers differently from a plain 200 (a part of the file, "not modified").
LEFT_TO_STREAMLIT = (b"range", b"if-none-match", b"if-modified-since", b"if-range")
WITH_BODY = (b"content-length", b"content-type")  # headers a 304 answer leaves out
CACHE_CONTROL = f"public, immutable, max-age={STATIC_ASSET_CACHE_MAX_AGE_SECONDS}".encode()


def asset_response(path: Path) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The headers and body of Streamlit's 200 answer for the asset file at `path`; for Streamlit's chart chunk, the
    same answer with the slim plotly.js in it (dashboard/plotly_bundle.py), its length and validator its own."""
    response = FileResponse(path, stat_result=os.stat(path))
    original = path.read_bytes()
    body = plotly_bundle.slim_body(path, original)
    replaced = {b"cache-control": CACHE_CONTROL}
    if body is not original:
        replaced |= {b"content-length": str(len(body)).encode(), b"etag": plotly_bundle.etag(body).encode()}
    headers = [(name, value) for name, value in response.raw_headers if name not in replaced]
    return [*headers, *replaced.items()], body


def not_modified(headers: list[tuple[bytes, bytes]], if_none_match: bytes | None) -> bool:
    """Whether a request's If-None-Match (`*`, or a list of tags, weak or strong) names the answer's ETag."""
    if if_none_match is None:
        return False
    tag = dict(headers).get(b"etag")
    tags = {part.strip().removeprefix(b"W/") for part in if_none_match.split(b",")}
    return b"*" in tags or (tag is not None and tag.removeprefix(b"W/") in tags)


class ImmutableAssets:
    """ASGI middleware: GET and HEAD for Streamlit's hashed assets answered from memory; the rest passes to `app`."""

    def __init__(self, app: ASGIApp, static_dir: Path, base_url: str = "") -> None:
        self.app = app
        self.static_dir = static_dir
        base = base_url.strip("/")
        self.prefix = f"/{base}/" if base else "/"
        self.answers: dict[str, tuple[list[tuple[bytes, bytes]], bytes] | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer an asset request from memory, or pass the request on unchanged."""
        answer = self._answer(scope)
        if answer is None:
            await self.app(scope, receive, send)
            return
        status, headers, body = answer
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def _answer(self, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            return None
        path = scope.get("path", "")
        if not path.startswith(self.prefix) or not ASSET.fullmatch(relative := path[len(self.prefix) :]):
            return None
        conditions = {
            name.lower(): value for name, value in scope.get("headers", []) if name.lower() in LEFT_TO_STREAMLIT
        }
        # Streamlit answers a conditional or partial request for its own file; the chart chunk's body is ours, and
        # so is its validator (Streamlit would compare it with the file's and send the file).
        if conditions and not plotly_bundle.is_chart_chunk(relative):
            return None
        if relative not in self.answers:
            self.answers[relative] = self._read(relative)
        answer = self.answers[relative]
        if answer is None:
            return None
        headers, body = answer
        if not_modified(headers, conditions.get(b"if-none-match")):
            return 304, [(name, value) for name, value in headers if name not in WITH_BODY], b""
        return 200, headers, body  # a range or another condition: the whole file, which HTTP allows

    def _read(self, relative: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        file = self.static_dir / relative
        try:
            return asset_response(file) if file.is_file() else None  # a missing file: Streamlit's 404 / index page
        except OSError:
            LOG.warning("could not read %s; Streamlit serves it", file, exc_info=True)
            return None


__all__ = ["ImmutableAssets", "asset_response", "not_modified"]
