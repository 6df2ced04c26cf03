"""dashboard/static_assets.py: `make run` answers Streamlit's hashed assets from memory, exactly as Streamlit would."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from streamlit import file_util
from streamlit.web.server.starlette.starlette_static_routes import create_streamlit_static_assets_routes

from dashboard import plotly_bundle, preload, static_assets

STATIC = Path(file_util.get_static_dir())


def _call(app: Any, path: str, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    """(status, headers, body) of `app`'s answer to one request."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "", "scheme": "http",
        "query_string": b"", "headers": headers or [], "server": ("127.0.0.1", 8501), "client": ("127.0.0.1", 5),
        "http_version": "1.1", "asgi": {"version": "3.0"},
    }  # fmt: skip

    requested: list[bool] = []

    async def receive() -> dict[str, Any]:
        if not requested:  # the request once; then nothing until the response is out (no disconnect)
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return start["status"], sorted((bytes(k).lower(), bytes(v)) for k, v in start["headers"]), body


def _streamlit(base_url: str = "") -> Starlette:
    return Starlette(routes=create_streamlit_static_assets_routes(base_url=base_url))


def _first_page_files() -> list[str]:
    """Every asset the first page loads: Streamlit's own, the preloaded and idle-fetched chunks, styles and fonts."""
    built = preload.build(STATIC)
    assert built is not None
    text = built[1].decode()
    names = re.findall(r"\./static/js/([\w.-]+\.js)", text)  # the head's links and the idle fetch's list
    files = sorted({f"static/js/{name}" for name in names if (STATIC / "static" / "js" / name).is_file()})
    files += [f"static/css/{path.name}" for path in (STATIC / "static" / "css").glob("*.css")]
    files += [f"static/media/{path.name}" for path in sorted((STATIC / "static" / "media").iterdir())[:5]]
    return files


def test_every_first_page_asset_is_answered_with_streamlits_own_headers_and_bytes() -> None:
    files = _first_page_files()
    assert len(files) > 60 and any("PlotlyChart" in name for name in files)
    fallthrough: list[str] = []

    async def never(scope: Any, receive: Any, send: Any) -> None:
        fallthrough.append(scope["path"])
        await _streamlit()(scope, receive, send)

    ours = static_assets.ImmutableAssets(never, STATIC)
    for name in files:
        theirs = _call(_streamlit(), f"/{name}")
        assert theirs[0] == 200, name
        answer = _call(ours, f"/{name}")
        if plotly_bundle.is_chart_chunk(name):
            theirs = _with_slim_plotly(theirs, name)
        assert answer == theirs, name
        head = _call(ours, f"/{name}", method="HEAD")
        assert head[:2] == theirs[:2] and head[2] == b""
    assert fallthrough == []  # every one of them from memory


def _with_slim_plotly(answer: Any, name: str) -> Any:
    """Streamlit's answer for its chart chunk with the slim plotly.js in: the body, its length and its ETag."""
    status, headers, body = answer
    slim = plotly_bundle.slim_body(STATIC / name, body)
    assert len(slim) < len(body) / 2  # the chunk was found and slimmed (4.7 -> 1.5 MB)
    ours = {b"content-length": str(len(slim)).encode(), b"etag": plotly_bundle.etag(slim).encode()}
    return status, sorted((key, ours.get(key, value)) for key, value in headers), slim


def test_the_chart_chunk_answers_its_own_conditional_and_partial_requests() -> None:
    """Its body is not the file Streamlit would compare a validator with: a matching ETag gets a 304 from here, any
    other condition or a range the whole slim chunk (HTTP lets a server ignore a Range)."""
    name = f"static/js/{preload.find_chunk(STATIC / preload.JS_DIR, 'PlotlyChart')}"

    async def never(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError(scope["path"])

    ours = static_assets.ImmutableAssets(never, STATIC)
    status, headers, body = _call(ours, f"/{name}")
    tag = dict(headers)[b"etag"]
    assert status == 200 and tag != dict(_call(_streamlit(), f"/{name}")[1])[b"etag"]
    for matching in (tag, b"W/" + tag, b'"other", ' + tag, b"*"):
        status, headers_304, empty = _call(ours, f"/{name}", headers=[(b"If-None-Match", matching)])
        assert (status, empty) == (304, b"") and dict(headers_304)[b"etag"] == tag
        assert b"content-length" not in dict(headers_304)
    for other in [(b"if-none-match", b'"stale"'), (b"range", b"bytes=0-9"), (b"if-modified-since", b"x")]:
        assert _call(ours, f"/{name}", headers=[other]) == (200, headers, body)


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/static/js/no-such-chunk.js", "GET", []),  # Streamlit answers (its index page, for the SPA)
        ("/static/js/../index.html", "GET", []),
        ("/static/js/sub/x.js", "GET", []),
        ("/index.html", "GET", []),
        ("/_stcore/health", "GET", []),
        ("/static/js/{chunk}", "POST", []),
        ("/static/js/{chunk}", "GET", [(b"range", b"bytes=0-9")]),  # another chunk: conditions are Streamlit's
        ("/static/js/{chunk}", "GET", [(b"If-None-Match", b'"x"')]),
        ("/static/js/{chunk}", "GET", [(b"if-modified-since", b"Tue, 01 Dec 2026 00:00:00 GMT")]),
    ],
)
def test_anything_else_is_left_to_streamlit(path: str, method: str, headers: list[tuple[bytes, bytes]]) -> None:
    chunk = preload.find_chunk(STATIC / preload.JS_DIR, "Multiselect")
    passed: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        passed.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})

    ours = static_assets.ImmutableAssets(app, STATIC)
    path = path.format(chunk=chunk)
    assert _call(ours, path, method, headers) == (299, [], b"streamlit")
    assert passed == [path]


def test_under_a_base_url_only_its_own_assets_are_taken() -> None:
    chunk = f"static/js/{preload.find_chunk(STATIC / preload.JS_DIR, 'PlotlyChart')}"
    passed: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        passed.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    ours = static_assets.ImmutableAssets(app, STATIC, "/insights/")
    status, headers, body = _call(ours, f"/insights/{chunk}")
    assert status == 200 and body == plotly_bundle.slim_body(STATIC / chunk, (STATIC / chunk).read_bytes())
    assert _call(ours, f"/{chunk}")[0] == 299 and passed == [f"/{chunk}"]


def test_a_file_that_cannot_be_read_is_left_to_streamlit(tmp_path: Path) -> None:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "gone.js").mkdir()  # a folder where a file was expected
    passed: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        passed.append(scope["path"])
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    assert _call(static_assets.ImmutableAssets(app, tmp_path), "/static/js/gone.js")[0] == 404
    assert passed == ["/static/js/gone.js"]
