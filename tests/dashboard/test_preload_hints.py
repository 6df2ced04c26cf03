"""dashboard/preload.py: `make run` serves Streamlit's index.html with preload hints for Plotly's chunk."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from streamlit import file_util

from dashboard import http_nodelay, preload, serve, static_assets

STATIC = Path(file_util.get_static_dir())


def test_the_real_index_gets_a_preload_of_plotlys_chunk_and_of_what_it_imports() -> None:
    built = preload.build(STATIC)
    assert built is not None
    original, replacement = built
    assert original == (STATIC / "index.html").read_bytes()
    text = replacement.decode()
    chunk = preload.find_chunk(STATIC / preload.JS_DIR, "PlotlyChart")
    assert chunk is not None and (STATIC / preload.JS_DIR / chunk).stat().st_size > 1_000_000
    assert f'<link rel="modulepreload" crossorigin href="./static/js/{chunk}">' in text
    assert f'import("./static/js/{chunk}")' in text  # evaluated when the browser is idle
    hrefs = preload.INDEX_MODULE.findall(text)
    assert all((STATIC / preload.JS_DIR / name).is_file() for name in hrefs)
    assert len(hrefs) == len(set(hrefs))  # nothing twice, nothing Streamlit preloads already
    # Streamlit's page is untouched apart from the lines added at the end of its head.
    added = [line for line in text.splitlines() if line not in original.decode().splitlines()]
    assert len(text.splitlines()) == len(original.decode().splitlines()) + len(added)
    assert text.index(added[0]) > text.index('rel="stylesheet"') and text.index(added[-1]) < text.index("</head>")


def _static_dir(tmp_path: Path, chunks: dict[str, str]) -> Path:
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    for name, body in chunks.items():
        (js / name).write_text(body)
    (tmp_path / "index.html").write_text(
        '<html><head>\n  <script type="module" src="./static/js/index.A1.js"></script>\n  </head><body></body></html>\n'
    )
    return tmp_path


def test_a_chunks_static_imports_come_first_and_what_the_page_loads_is_left_out(tmp_path: Path) -> None:
    static = _static_dir(
        tmp_path,
        {
            "index.A1.js": "export const x=1;",
            "shared.B2.js": 'import"./index.A1.js";export const y=1;',
            "util.C3.js": 'import{y as a}from"./shared.B2.js";export const z=a;',
            "PlotlyChart.D4_x-y.js": 'import{x as e}from"./index.A1.js";import{z}from"./util.C3.js";var p=`from"./no.js"`;',
        },
    )
    assert preload.static_imports(static / preload.JS_DIR, "PlotlyChart.D4_x-y.js") == ["index.A1.js", "util.C3.js"]
    files = preload.preload_files(static, ("PlotlyChart",), {"index.A1.js"})
    assert files == ["shared.B2.js", "util.C3.js", "PlotlyChart.D4_x-y.js"]


def test_without_the_chunk_the_page_is_served_as_streamlit_serves_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    static = _static_dir(tmp_path, {"index.A1.js": "", "PlotlyChart.old.js.map": ""})
    no_outlines = tmp_path / "app_static"
    with caplog.at_level(logging.WARNING, logger=preload.LOG.name):
        assert preload.build(static, app_static=no_outlines) is None
    idle = ", ".join(preload.FETCH_WHEN_IDLE)
    assert [record.getMessage() for record in caplog.records] == [
        f"no preload hint for Streamlit chunk(s) PlotlyChart: not found in {static / preload.JS_DIR}",
        f"no preload hint for Streamlit chunk(s) {idle}: not found in {static / preload.JS_DIR}",
    ]
    # Two candidates are as good as none: the hint must name the file Streamlit will import.
    (static / preload.JS_DIR / "PlotlyChart.AAA.js").write_text("")
    (static / preload.JS_DIR / "PlotlyChart.BBB.js").write_text("")
    assert preload.build(static, app_static=no_outlines) is None
    assert preload.build(tmp_path / "elsewhere") is None  # no index.html at all


def _respond(
    app: preload.PreloadIndex, method: str = "GET", *, scope_type: str = "http"
) -> tuple[dict[str, Any], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    asyncio.run(app({"type": scope_type, "method": method, "path": "/"}, receive, send))
    return sent[0], b"".join(message.get("body", b"") for message in sent[1:])


def _app(body: bytes, *, status: int = 200, content_type: bytes = b"text/html; charset=utf-8", parts: int = 1) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), (b"etag", b'"e"')]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        size = -(-len(body) // parts) if body else 1
        pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
        for number, piece in enumerate(pieces):
            await send({"type": "http.response.body", "body": piece, "more_body": number < len(pieces) - 1})

    return app


def test_the_middleware_rewrites_only_streamlits_index() -> None:
    original, replacement = b"<html><head></head>index</html>", b"<html><head><link></head>index</html>"
    start, body = _respond(preload.PreloadIndex(_app(original, parts=3), original, replacement))
    assert body == replacement
    assert dict(start["headers"])[b"content-length"] == str(len(replacement)).encode()
    assert dict(start["headers"])[b"etag"] == b'"e"'
    other = b"<html><head></head>other</html>"  # the same length, another page (a downloaded report)
    assert _respond(preload.PreloadIndex(_app(other), original, replacement))[1] == other
    script = original  # the same bytes as anything but HTML are left alone
    assert _respond(preload.PreloadIndex(_app(script, content_type=b"text/plain"), original, replacement))[1] == script
    assert _respond(preload.PreloadIndex(_app(original), original, replacement), "HEAD")[1] == original
    start, body = _respond(preload.PreloadIndex(_app(b"", status=304), original, replacement))
    assert (start["status"], body) == (304, b"")


def test_serve_wraps_the_app_streamlit_creates(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.web.server.starlette import starlette_server

    created: list[object] = []

    def create(runtime: Any) -> Any:
        created.append(runtime)
        return "app"

    monkeypatch.setattr(starlette_server, "create_starlette_app", create)
    serve.wrap_server_app()
    outer: Any = starlette_server.create_starlette_app("runtime")  # type: ignore[arg-type]
    assert isinstance(outer, http_nodelay.NoDelayHttp)  # outermost: it reads the connection from uvicorn's `send`
    wrapped = outer.app
    assert isinstance(wrapped, static_assets.ImmutableAssets) and wrapped.static_dir == STATIC
    hints = wrapped.app
    assert created == ["runtime"] and hints.app == "app"
    assert isinstance(hints, preload.PreloadIndex)
    assert b"modulepreload" in hints.replacement and hints.original == (STATIC / "index.html").read_bytes()


def test_serve_leaves_streamlit_alone_when_there_is_nothing_to_add(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from streamlit.web.server.starlette import starlette_server

    def create(runtime: object) -> str:
        return "app"

    monkeypatch.setattr(starlette_server, "create_starlette_app", create)
    monkeypatch.setattr(preload, "build", lambda static_dir: None)
    serve.wrap_server_app()
    wrapped: Any = starlette_server.create_starlette_app("runtime").app  # type: ignore[arg-type]
    assert isinstance(wrapped, static_assets.ImmutableAssets) and wrapped.app == "app"  # no hints: the page as is
    monkeypatch.setattr(starlette_server, "create_starlette_app", create)

    def broken(static_dir: Path) -> None:
        raise RuntimeError("another Streamlit")

    monkeypatch.setattr(preload, "build", broken)
    serve.wrap_server_app()
    current: Any = starlette_server.create_starlette_app
    assert current is create
    assert "could not be wrapped" in caplog.text


def test_the_first_pages_widget_chunks_are_fetched_when_idle_before_plotly_starts() -> None:
    built = preload.build(STATIC)
    assert built is not None
    text = built[1].decode()
    script = next(line for line in text.splitlines() if "requestIdleCallback" in line)
    fetched = json.loads(script[script.index("of [") + 3 : script.index("]) {") + 1])
    head_links = set(preload.INDEX_MODULE.findall(text.replace(script, "")))
    names = [href.removeprefix("./static/js/") for href in fetched]
    for chunk in preload.FETCH_WHEN_IDLE:
        found = preload.find_chunk(STATIC / preload.JS_DIR, chunk)
        assert found is not None and found in names, chunk
    assert all((STATIC / preload.JS_DIR / name).is_file() for name in names)
    assert len(names) == len(set(names)) and not set(names) & head_links  # nothing fetched twice
    assert names.index(preload.find_chunk(STATIC / preload.JS_DIR, "Multiselect")) > names.index(  # type: ignore[arg-type]
        preload.find_chunk(STATIC / preload.JS_DIR, "useMenuTrigger")  # type: ignore[arg-type]
    )  # a chunk's imports first
    # The links are added before Plotly's chunk is run: its start-up would otherwise hold their download back.
    assert script.index("modulepreload") < script.index("import(")


def test_idle_fetches_alone_still_get_their_script(tmp_path: Path) -> None:
    text = preload.preloaded_index("<html><head>\n</head></html>", [], None, ["Radio.X1.js"])
    assert '["./static/js/Radio.X1.js"]' in text and "import(" not in text
    assert preload.preloaded_index("<html><head>\n</head></html>", [], None, []) == "<html><head>\n</head></html>"


def test_the_first_pages_map_outline_is_fetched_with_the_page_for_plotly() -> None:
    """plotly.js takes a map's outline from `window.PlotlyGeoAssets.topojson` when it is there instead of fetching
    it once the map is drawn; the page fetches the Overview's at once, from the app's own static folder."""
    built = preload.build(STATIC)
    assert built is not None
    text = built[1].decode()
    script = next(line for line in text.splitlines() if "PlotlyGeoAssets" in line)
    outlines = json.loads(script[script.index("of [") + 3 : script.index("]) fetch") + 1])
    assert outlines == [["usa_110m", "./app/static/topojson/usa_110m.json"]]
    assert (preload.APP_STATIC / "topojson" / "usa_110m.json").is_file()
    assert "assets.topojson[name] === undefined" in script  # an outline plotly already holds is left alone
    assert text.index(script) < text.index("</head>")


def test_only_outlines_the_app_serves_are_fetched(tmp_path: Path) -> None:
    (tmp_path / "topojson").mkdir()
    (tmp_path / "topojson" / "usa_110m.json").write_text("{}")
    assert preload.outline_files(tmp_path, ("usa_110m", "world_110m")) == ["usa_110m"]
    assert preload.outline_files(tmp_path / "nothing") == []
    plain = "<html><head>\n</head></html>"
    assert preload.preloaded_index(plain, [], None, [], []) == plain
    with_outline = preload.preloaded_index(plain, [], None, [], ["usa_110m"])
    assert '[["usa_110m", "./app/static/topojson/usa_110m.json"]]' in with_outline
    assert "modulepreload" not in with_outline and "import(" not in with_outline
