"""dashboard/plotly_bundle.py: Streamlit's chart chunk served with a plotly.js of only the trace types the app draws."""

from __future__ import annotations

import ast
import json
import logging
import shutil
import subprocess
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from streamlit import file_util

from dashboard import plotly_bundle, plotly_theme_once, preload

ROOT = Path(__file__).resolve().parents[2]
JS_DIR = Path(file_util.get_static_dir()) / preload.JS_DIR
APP_SOURCES = ("streamlit_app.py", "dashboard", "analytics")


@pytest.fixture(scope="module")
def chunk_path() -> Path:
    name = preload.find_chunk(JS_DIR, plotly_bundle.CHUNK_NAME)
    assert name is not None, "Streamlit's PlotlyChart chunk is not where dashboard/preload.py looks"
    return JS_DIR / name


@pytest.fixture(scope="module")
def bundle() -> bytes:
    return plotly_bundle.BUNDLE.read_bytes()


def test_the_installed_chunk_gets_the_slim_plotly_and_keeps_the_rest(chunk_path: Path, bundle: bytes) -> None:
    chunk = chunk_path.read_bytes()
    slim = plotly_bundle.slim_chunk(chunk, bundle)
    assert slim is not None, "Streamlit's chunk changed shape: see dashboard/plotly_bundle.py (and upgrade the bundle)"
    umd = plotly_bundle.UMD_START.search(chunk)
    end = plotly_bundle.MODULE_END.search(chunk)
    assert umd is not None and end is not None
    before, after = chunk[: umd.start()], chunk[end.end() :]
    assert slim.startswith(before) and slim.endswith(after)  # Streamlit's chart component, byte for byte
    module = slim[len(before) : len(slim) - len(after)]  # the wrapper's body: the bundle, then its export
    assert module == bundle.rstrip().removesuffix(b";") + b";window.Plotly=Plotly;t.exports=Plotly}))"
    assert len(slim) < len(chunk) / 3  # 4.7 MB -> 1.5 MB


def test_the_slim_chunk_is_a_valid_module(chunk_path: Path, bundle: bytes, tmp_path: Path) -> None:
    """Parsed as the ES module the browser loads it as (Chromium runs it in tests/e2e/test_e2e_overview.py)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to parse JavaScript with")
    slim = plotly_bundle.slim_chunk(chunk_path.read_bytes(), bundle)
    assert slim is not None
    (tmp_path / "chunk.mjs").write_bytes(slim)
    checked = subprocess.run([node, "--check", str(tmp_path / "chunk.mjs")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr[-2000:]


@pytest.mark.parametrize(
    "chunk",
    [
        b"import{a}from'./x.js';var W=1;export{W as default};",  # no plotly.js in it
        b"W=n(((e,t,n)=>{(function(e,n){typeof t==`object`&&t.exports?t.exports=n():e.moduleName=n()})(self,()=>{"
        b"return 1})})),x=1;",  # no end of the module
        b"W=n(((e,t,n)=>{(function(e,n){typeof t==`object`&&t.exports?t.exports=n():e.moduleName=n()})(self,()=>{"
        b"var e=1;return window.Plotly=e,e})})),x=1;",  # the shape, but not plotly.js ("src/version.js")
        b"W=n(((e,q,n)=>{(function(e,n){typeof t==`object`&&t.exports?t.exports=n():e.moduleName=n()})(self,()=>{"
        b'"src/version.js";return window.Plotly=e,e})})),x=1;',  # the UMD is not the wrapper's module
    ],
)
def test_a_chunk_of_another_shape_is_left_as_it_is(chunk: bytes, bundle: bytes) -> None:
    assert plotly_bundle.slim_chunk(chunk, bundle) is None


def test_a_module_found_twice_or_a_bundle_without_its_banner_is_left_as_it_is(chunk_path: Path, bundle: bytes) -> None:
    chunk = chunk_path.read_bytes()
    assert plotly_bundle.slim_chunk(chunk + b"\n" + chunk, bundle) is None
    assert plotly_bundle.slim_chunk(chunk, bundle.split(b"\n", 1)[1]) is None  # not a build of build.js
    assert plotly_bundle.slim_chunk(chunk, b"") is None


def test_slim_body_touches_only_the_chart_chunk_and_falls_back_with_a_warning(
    chunk_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    other = b"export default 1;"
    assert plotly_bundle.slim_body(JS_DIR / "Metric.abc.js", other) is other
    original = chunk_path.read_bytes()
    assert len(plotly_bundle.slim_body(chunk_path, original)) < len(original) / 3
    monkeypatch.setattr(plotly_bundle, "BUNDLE", chunk_path.parent / "no-such-bundle.js")
    with caplog.at_level(logging.WARNING, logger=plotly_bundle.__name__):
        # The full plotly.js, as Streamlit ships it, with its charts still themed once.
        assert plotly_bundle.slim_body(chunk_path, original) == plotly_theme_once.theme_once(original)
    assert "served as Streamlit ships it" in caplog.text
    caplog.clear()
    unknown = b"W=1;export{W as default};"  # neither plotly.js nor the component's effect: served as it is
    with caplog.at_level(logging.WARNING, logger=plotly_bundle.__name__):
        assert plotly_bundle.slim_body(chunk_path, unknown) is unknown
    assert "second theming on mount was not found" in caplog.text


def test_the_bundle_is_built_from_the_pinned_plotly_and_the_declared_traces(bundle: bytes) -> None:
    banner = plotly_bundle.BANNER.match(bundle)
    assert banner is not None
    package = json.loads((plotly_bundle.FRONTEND / "package.json").read_text(encoding="utf-8"))
    assert banner["version"].decode() == package["devDependencies"]["plotly.js"]
    lock = json.loads((plotly_bundle.FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == package["devDependencies"]["plotly.js"]
    assert plotly_bundle.bundle_traces(bundle) == plotly_bundle.declared_traces()
    assert "scatter" in plotly_bundle.declared_traces()  # plotly.js's core: always in


def _trace_types_in_sources() -> dict[str, set[str]]:
    """Every plotly trace the app's code constructs (`go.Bar(...)`, `go.Choropleth(...)`, ...): type -> files."""
    found: dict[str, set[str]] = {}
    files = [ROOT / name for name in APP_SOURCES if name.endswith(".py")]
    files += [path for name in APP_SOURCES if not name.endswith(".py") for path in (ROOT / name).rglob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "go":
                made = getattr(go, node.attr, None)
                if isinstance(made, type) and issubclass(made, BaseTraceType):
                    found.setdefault(made().type, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_trace_type_the_app_draws_is_in_the_bundle() -> None:
    """A trace type outside the bundle would draw as nothing: add it to frontend/plotly/traces.json and rebuild
    (`make plotly-bundle`)."""
    used = _trace_types_in_sources()
    assert {"bar", "choropleth"} <= set(used)  # the scan sees the charts
    missing = {name: sorted(files) for name, files in used.items() if name not in plotly_bundle.declared_traces()}
    assert missing == {}


def test_the_app_builds_no_figure_another_way() -> None:
    """plotly.express or a figure from a dict could name any trace type, unseen by the scan above."""
    for name in APP_SOURCES:
        paths = [ROOT / name] if name.endswith(".py") else sorted((ROOT / name).rglob("*.py"))
        for path in paths:
            text = path.read_text(encoding="utf-8")
            assert "plotly.express" not in text and "pio.from_json" not in text, path
            assert "go.Figure(data=[{" not in text and "add_trace({" not in text and "add_trace(dict(" not in text, path


def test_every_page_draws_only_bundled_trace_types(app) -> None:
    drawn: set[str] = set()
    for page in sorted((ROOT / "dashboard" / "pages").glob("*.py")):
        at = app(f"dashboard/pages/{page.name}")
        assert not at.exception, page.name
        for chart in at.get("plotly_chart"):
            figure = json.loads(chart.proto.spec)
            drawn.update(trace.get("type", "scatter") for trace in figure["data"])
    assert {"bar", "choropleth"} <= drawn
    assert drawn <= set(plotly_bundle.declared_traces())


def test_the_installed_chunk_is_served_slim_and_themed_once(chunk_path: Path, tmp_path: Path) -> None:
    """`make run` serves the chunk with the slim plotly.js and with the mount-time second theming skipped
    (dashboard/plotly_theme_once.py): one effect changed, everything else as slim_chunk makes it."""
    original = chunk_path.read_bytes()
    served = plotly_bundle.slim_body(chunk_path, original)
    slim = plotly_bundle.slim_chunk(original, plotly_bundle.BUNDLE.read_bytes())
    assert slim is not None
    effect = plotly_theme_once.EFFECT.search(slim)
    assert effect is not None, "Streamlit's chart component changed shape: see dashboard/plotly_theme_once.py"
    assert served.startswith(slim[: effect.start()]) and served.endswith(slim[effect.end() :])
    changed = served[effect.start() : len(served) - (len(slim) - effect.end())]
    assert b".useRef)(!1)" in changed and changed.count(b".useEffect)(") == 1
    assert plotly_theme_once.EFFECT.search(served) is None  # the themed-twice effect is gone
    node = shutil.which("node")
    if node is not None:
        (tmp_path / "chunk.mjs").write_bytes(served)
        checked = subprocess.run([node, "--check", str(tmp_path / "chunk.mjs")], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr[-2000:]


EFFECT_JS = b"(0,P.useEffect)(()=>{F(t=>Le(t,e.theme,c))},[e.id,c,e.theme])"
STATE_JS = b"[N,F]=(0,P.useState)(()=>{let n=t.getElementState(e.id,`figure`);return n?ve(n):Le(O,e.theme,c)})"


@pytest.mark.parametrize(
    "chunk",
    [
        STATE_JS + b";" + EFFECT_JS + b",x=1",  # the shape: patched
        STATE_JS + b";" + EFFECT_JS + b"," + EFFECT_JS,  # the effect twice
        EFFECT_JS,  # no initial state
        STATE_JS.replace(b"Le(O", b"Xe(O") + b";" + EFFECT_JS,  # the initial state themed by another function
        STATE_JS + b";" + EFFECT_JS.replace(b"[e.id,c,e.theme]", b"[e.id,e.theme]"),  # other dependencies
    ],
    ids=["patched", "effect-twice", "no-state", "other-theme", "other-deps"],
)
def test_theme_once_changes_only_the_shape_it_knows(chunk: bytes) -> None:
    patched = plotly_theme_once.theme_once(chunk)
    if chunk.startswith(STATE_JS) and chunk.endswith(b",x=1"):
        assert patched == (
            STATE_JS + b";((__insightsMounted)=>(0,P.useEffect)(()=>{__insightsMounted.current?F(t=>Le(t,e.theme,c)):"
            b"__insightsMounted.current=!0},[e.id,c,e.theme]))((0,P.useRef)(!1)),x=1"
        )
    else:
        assert patched is None
