"""A preload of Plotly's chunk in the page Streamlit serves (issue 9, cold start in a browser).

Streamlit's frontend loads each element's code only when the first such element arrives over the websocket, and it
shows a batch of elements only once their code is in: on a fresh server the KPI row and the charts waited for
PlotlyChart.js (4.7 MB) to be requested, served by a busy server, parsed and started. `make run`
(dashboard/serve.py) serves Streamlit's own index.html with `<link rel="modulepreload">` for that chunk and the
modules it imports, and a module script that imports it once the browser is idle (while it waits for the server's
first messages), so the chart code is fetched, compiled and started before the charts arrive. The hints only warm
the browser's module map: a browser that ignores them loads the chunk as before.

The hashed file names are looked up in Streamlit's static folder when the server starts, never written down. A chunk
that cannot be found is left out (logged once); with none found, or when Streamlit's server cannot be wrapped, the
page is served exactly as Streamlit serves it. Only a response whose body is Streamlit's index.html, byte for byte,
is rewritten: any other HTML (a downloaded report, a component's page) passes untouched. A HEAD request is left as
Streamlit answers it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from dashboard.asgi_types import ASGIApp, Message, Receive, Scope, Send
from dashboard.plotly_bundle import CHUNK_NAME

LOG = logging.getLogger(__name__)

# The lazily loaded chunks preloaded for the first page, by the name before the hash. Only Plotly's: it is the one
# that costs (1.5 MB to fetch with the slim plotly.js of dashboard/plotly_bundle.py, 4.7 MB without; ~0.3 s to
# start); preloading every chunk the Overview uses (49 files) made the page load and the websocket later, measured.
FIRST_PAGE_CHUNKS = (CHUNK_NAME,)
EVALUATE_WHEN_IDLE = CHUNK_NAME
# The chunks of the first page's other elements (the filter panel's widgets, the KPI row, the footer): Streamlit asks
# for each only once such an element has arrived, and the server sends them one after another (~45 files, ~0.2 s
# after the page's first messages). They are fetched, not run, when the browser is first idle: before Plotly's
# chunk starts (its ~0.8 s start-up then hides their download), and after Streamlit's own modules, whose download
# the same hints in the page's head delayed (measured). A chunk that is not found is left out, as above.
FETCH_WHEN_IDLE = (
    "Multiselect",
    "Radio",
    "NumberInput",
    "TextInput",
    "Checkbox",
    "Button",
    "Metric",
    "Html",
    "DownloadButton",
    "PageLink",
)
IDLE_SCRIPT = (
    "(window.requestIdleCallback || setTimeout)(() => {{"
    " for (const href of {fetch}) {{ const link = document.createElement('link');"
    " link.rel = 'modulepreload'; link.crossOrigin = 'anonymous'; link.href = href; document.head.appendChild(link); }}"
    " {evaluate} }})"
)
IDLE_IMPORT = 'import("{href}").catch(() => {{}});'
# The map outlines the first page draws (the Overview's US map). plotly.js fetches a map's outline only once the map
# is drawn, from PLOTLY_CONFIG's topojsonURL (the app's static/topojson/, dashboard/charts/__init__.py): one more round
# trip and parse after everything else, ~0.2 s at the very end of a cold start (measured). It skips that fetch for
# an outline already in `window.PlotlyGeoAssets.topojson[name]`, where this script puts it as soon as the page loads.
# A failed fetch (static serving off, file gone) leaves plotly's own.
FIRST_PAGE_OUTLINES = ("usa_110m",)
APP_STATIC = Path(__file__).resolve().parent.parent / "static"
OUTLINE_SCRIPT = (
    "(() => {{ const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {{topojson: {{}}}};"
    " for (const [name, href] of {outlines}) fetch(href).then(r => r.ok ? r.json() : null)"
    ".then(t => {{ if (t && assets.topojson[name] === undefined) assets.topojson[name] = t; }}).catch(() => {{}}); }})()"
)
JS_DIR = Path("static") / "js"
# Leading `import ... from"./x.js";` / `import"./x.js";` statements of an ES module chunk: its static imports.
STATIC_IMPORT = re.compile(r'\s*import\s*(?:[^;"\'`]*?from\s*)?"\./([\w.-]+\.js)";')
HEAD_BYTES = 64 * 1024  # a chunk's imports come first; the rest (megabytes for Plotly) is never read
INDEX_MODULE = re.compile(r'(?:href|src)="\./static/js/([\w.-]+\.js)"')  # what index.html loads already


def find_chunk(js_dir: Path, name: str) -> str | None:
    """The file name of chunk `name` (`name.<hash>.js`) in `js_dir`, or None when there is not exactly one."""
    pattern = re.compile(rf"{re.escape(name)}\.[\w-]+\.js")
    found = [path.name for path in js_dir.glob(f"{name}.*.js") if pattern.fullmatch(path.name)]
    return found[0] if len(found) == 1 else None


def static_imports(js_dir: Path, filename: str) -> list[str]:
    """The chunks that `filename` imports statically (its leading import statements), in order."""
    with (js_dir / filename).open("rb") as handle:
        head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    imports: list[str] = []
    position = 0
    while match := STATIC_IMPORT.match(head, position):
        imports.append(match.group(1))
        position = match.end()
    return imports


def preload_files(static_dir: Path, names: tuple[str, ...], already: set[str]) -> list[str]:
    """The chunks `names` and every module they import, depth first, leaving out those in `already`."""
    js_dir = static_dir / JS_DIR
    missing = [name for name in names if find_chunk(js_dir, name) is None]
    if missing:
        LOG.warning("no preload hint for Streamlit chunk(s) %s: not found in %s", ", ".join(missing), js_dir)
    ordered: list[str] = []
    seen = set(already)

    def visit(filename: str) -> None:
        if filename in seen or not (js_dir / filename).is_file():
            return
        seen.add(filename)
        for imported in static_imports(js_dir, filename):
            visit(imported)
        ordered.append(filename)  # after its imports: what a chunk needs is requested first

    for name in names:
        chunk = find_chunk(js_dir, name)
        if chunk is not None:
            visit(chunk)
    return ordered


def outline_files(app_static: Path = APP_STATIC, names: Sequence[str] = FIRST_PAGE_OUTLINES) -> list[str]:
    """The map outlines `names` that the app serves (`<app_static>/topojson/<name>.json` exists)."""
    return [name for name in names if (app_static / "topojson" / f"{name}.json").is_file()]


def preloaded_index(
    index_html: str,
    files: list[str],
    evaluate: str | None = None,
    idle_files: Sequence[str] = (),
    outlines: Sequence[str] = (),
) -> str:
    """`index_html` with a `modulepreload` link per file at the end of its head (after Streamlit's own), a module
    script that, when the browser is idle, adds such links for `idle_files` and imports the file `evaluate` (one of
    `files`), and a script that fetches the map `outlines` for plotly.js at once."""
    links = "".join(f'    <link rel="modulepreload" crossorigin href="./static/js/{name}">\n' for name in files)
    if outlines:
        pairs = json.dumps([[name, f"./app/static/topojson/{name}.json"] for name in outlines])
        links += f"    <script>{OUTLINE_SCRIPT.format(outlines=pairs)}</script>\n"
    # Evaluated once the browser is idle (it waits for the server's first messages): the chunk's own start-up
    # (~0.3 s for the slim Plotly chunk) is then done before the charts arrive. A failure leaves Streamlit's own import.
    evaluated = IDLE_IMPORT.format(href="./static/js/" + evaluate) if evaluate is not None and evaluate in files else ""
    if evaluated or idle_files:
        fetched = json.dumps([f"./static/js/{name}" for name in idle_files])
        links += f'    <script type="module">{IDLE_SCRIPT.format(fetch=fetched, evaluate=evaluated)}</script>\n'
    head_end = index_html.find("</head>")
    if not links or head_end < 0:
        return index_html
    line_start = index_html.rfind("\n", 0, head_end) + 1
    return index_html[:line_start] + links + index_html[line_start:]


def build(
    static_dir: Path,
    names: tuple[str, ...] = FIRST_PAGE_CHUNKS,
    idle_names: tuple[str, ...] = FETCH_WHEN_IDLE,
    app_static: Path = APP_STATIC,
) -> tuple[bytes, bytes] | None:
    """(Streamlit's index.html, the same with the preload hints) as bytes, or None when there is nothing to add.
    `names`: chunks preloaded by the page's head; `idle_names`: chunks fetched once the browser is idle; the first
    page's map outlines are fetched from the app's static folder `app_static`."""
    try:
        original = (static_dir / "index.html").read_bytes()
        text = original.decode("utf-8")
        loaded = set(INDEX_MODULE.findall(text))
        files = preload_files(static_dir, names, loaded)
        evaluate = find_chunk(static_dir / JS_DIR, EVALUATE_WHEN_IDLE)
        idle_files = preload_files(static_dir, idle_names, loaded | set(files))
    except (OSError, UnicodeDecodeError):
        LOG.warning("no preload hints: Streamlit's index.html could not be read in %s", static_dir, exc_info=True)
        return None
    rewritten = preloaded_index(text, files, evaluate, idle_files, outline_files(app_static)).encode("utf-8")
    return None if rewritten == original else (original, rewritten)


class PreloadIndex:
    """ASGI middleware: a 200 response whose body is exactly `original` (index.html) is sent as `replacement`."""

    def __init__(self, app: ASGIApp, original: bytes, replacement: bytes) -> None:
        self.app = app
        self.original = original
        self.replacement = replacement

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; hold back only a response that may be index.html, and rewrite it if it is."""
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # the start of a response that may be index.html, then its body parts

        async def send_rewritten(message: Message) -> None:
            if message["type"] == "http.response.start" and self._may_be_index(message):
                held.append(message)
                return
            if not held:
                await send(message)
                return
            if message["type"] != "http.response.body":  # e.g. a path sent by the server itself: as it is
                await self._flush(send, held, rewrite=False)
                await send(message)
                return
            held.append(message)
            if not message.get("more_body", False):
                body = b"".join(part.get("body", b"") for part in held[1:])
                await self._flush(send, held, rewrite=body == self.original)

        await self.app(scope, receive, send_rewritten)

    def _may_be_index(self, start: Message) -> bool:
        headers = {name.lower(): value for name, value in start.get("headers", [])}
        return (
            start.get("status") == 200
            and headers.get(b"content-type", b"").startswith(b"text/html")
            and headers.get(b"content-length") == str(len(self.original)).encode()
            and b"content-encoding" not in headers
        )

    async def _flush(self, send: Send, held: list[Message], *, rewrite: bool) -> None:
        start, parts = held[0], held[1:]
        held.clear()
        if not rewrite:
            await send(start)
            for part in parts:
                await send(part)
            return
        length = str(len(self.replacement)).encode()
        headers = [(name, length if name.lower() == b"content-length" else value) for name, value in start["headers"]]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": self.replacement, "more_body": False})
