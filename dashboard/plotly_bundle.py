"""Streamlit's chart chunk served with a plotly.js of only the trace types the app draws (issue 9, cold start).

Streamlit's PlotlyChart.js (4.7 MB) carries all of plotly.js: 47 trace types, WebGL, MapLibre. Starting it took
Chromium's main thread ~1.5 s on a fresh page, before any chart could be drawn, while the page and its sidebar
waited for the same thread. The app draws five trace types (frontend/plotly/traces.json). `make run`
(dashboard/serve.py) serves that chunk with its plotly.js module replaced by frontend/plotly/plotly-insights.min.js:
plotly.js's core and those traces, 1.4 MB, built from the pinned plotly.js sources by `make plotly-bundle` and kept
in the repository, so that neither a fresh machine nor CI needs Node. Everything else in the chunk (Streamlit's
chart component) is kept byte for byte.

The module is found by its shape, never by Streamlit's minified names: a CommonJS wrapper that holds plotly.js's
UMD factory and ends with `return window.Plotly=…`. Anything else (another Streamlit, a chunk where the shape is not
found exactly once, an unreadable bundle) leaves the chunk as Streamlit ships it: the charts then load the full
plotly.js, as before. A test keeps every trace type the pages draw within the bundle's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from dashboard.plotly_theme_once import theme_once

LOG = logging.getLogger(__name__)

FRONTEND = Path(__file__).resolve().parent.parent / "frontend" / "plotly"
BUNDLE = FRONTEND / "plotly-insights.min.js"
TRACES_FILE = FRONTEND / "traces.json"
# The chunk Streamlit loads for st.plotly_chart, by the name before its content hash.
CHUNK_NAME = "PlotlyChart"
# `(function(root,factory){typeof module==`object`&&module.exports?…`: plotly.js's UMD header (a literal first, so
# that the search skips through the 4.7 MB at once), then, just before it, the CommonJS wrapper that holds it:
# `X=req(((exports,module,global)=>{`, whatever the minifier named things.
UMD_START = re.compile(rb"\(function\([\w$]+,[\w$]+\)\{typeof (?P<module>[\w$]+)==`object`&&(?P=module)\.exports\?")
WRAPPER_HEAD = re.compile(rb"[\w$]+=[\w$]+\(\(\([\w$]+,(?P<module>[\w$]+),[\w$]+\)=>\{\Z")
# The UMD factory's last statement and the wrapper's close: `return window.Plotly=e,e})}))`.
MODULE_END = re.compile(rb"return window\.Plotly=([\w$]+),\1\}\)\}\)\)")
# The bundle's first line: `/*! plotly.js v4.1.1 (MIT license), traces: bar,choropleth,… */` (frontend/plotly/build.js).
BANNER = re.compile(rb"/\*! plotly\.js v(?P<version>[\w.-]+) \(MIT license\), traces: (?P<traces>[\w,]+) \*/")
# What the bundle evaluates to (build.js: esbuild's iife with globalName Plotly).
BUNDLE_GLOBAL = b"var Plotly="


def bundle_traces(bundle: bytes) -> list[str]:
    """The trace types the bundle's banner lists; [] when it has none."""
    match = BANNER.match(bundle)
    return match["traces"].decode().split(",") if match else []


def declared_traces() -> list[str]:
    """frontend/plotly/traces.json: the trace types the bundle is built with."""
    traces = json.loads(TRACES_FILE.read_text(encoding="utf-8"))
    return [str(name) for name in traces]


def slim_chunk(chunk: bytes, bundle: bytes) -> bytes | None:
    """`chunk` (Streamlit's PlotlyChart.js) with its plotly.js module replaced by `bundle`, or None when the module
    is not found exactly once or `bundle` is not a build of frontend/plotly/build.js."""
    if not bundle_traces(bundle) or BUNDLE_GLOBAL not in bundle[:400]:
        return None
    starts = list(UMD_START.finditer(chunk))
    if len(starts) != 1:
        return None
    umd = starts[0]
    head = WRAPPER_HEAD.search(chunk, max(0, umd.start() - 200), umd.start())
    ends = list(MODULE_END.finditer(chunk, umd.end()))
    if head is None or head["module"] != umd["module"] or len(ends) != 1:
        return None
    if b'"src/version.js"' not in chunk[umd.end() : ends[0].start()]:
        return None
    module = head["module"]
    # The bundle declares `var Plotly` in the wrapper's scope, as plotly.js's own build declared its factory's.
    tail = b";window.Plotly=Plotly;" + module + b".exports=Plotly}))"
    return b"".join((chunk[: umd.start()], bundle.rstrip().removesuffix(b";"), tail, chunk[ends[0].end() :]))


def is_chart_chunk(name: str) -> bool:
    """Whether the asset `name` (a path or file name) is Streamlit's PlotlyChart.<hash>.js."""
    file = name.rsplit("/", 1)[-1]
    return file.startswith(CHUNK_NAME + ".") and file.endswith(".js")


def slim_body(path: Path, original: bytes) -> bytes:
    """What is served for the asset at `path` whose bytes are `original`: for Streamlit's PlotlyChart chunk, the slim
    chunk when it can be made (logged once either way), with its charts themed once on mount
    (dashboard/plotly_theme_once.py) when that code is found; `original` for every other asset."""
    if not is_chart_chunk(path.name):
        return original
    try:
        slim = slim_chunk(original, BUNDLE.read_bytes())
    except OSError:
        slim = None
    if slim is None:
        LOG.warning(
            "%s served as Streamlit ships it: its plotly.js module was not found, or %s is unreadable",
            path.name,
            BUNDLE,
        )
        slim = original
    else:
        LOG.info("%s served with %s: %d of %d bytes", path.name, BUNDLE.name, len(slim), len(original))
    themed_once = theme_once(slim)
    if themed_once is None:
        LOG.warning("%s: its charts' second theming on mount was not found; each chart is drawn twice", path.name)
        return slim
    return themed_once


def etag(body: bytes) -> str:
    """A strong validator for a body that is not the file on disk."""
    return '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'


__all__ = [
    "BUNDLE",
    "bundle_traces",
    "declared_traces",
    "etag",
    "is_chart_chunk",
    "slim_body",
    "slim_chunk",
]
