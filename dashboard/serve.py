"""`make run`'s entry: the shared dataset is read while Streamlit's server starts, then the app is served.

`python -m dashboard.serve [streamlit options]` is `streamlit run streamlit_app.py [streamlit options]` plus one
thing: the server listens at once, and then daemon threads import the app's modules, read the shared dataset and
compute the filter panel's options and the Overview's listing view (`warmup.overview_view`). On a fresh server the
browser downloads and starts Streamlit's page meanwhile (at 1,000,000 listings: seconds of importing, reading and
counting otherwise done one after the other). The listings' read begins first of all, right after Streamlit is
imported (dashboard/startup_listings.py; a big file's memory-mapped copy is ready at once); the app's modules are
imported once the server listens (apart from Streamlit's web stack, which the main thread may still import: two
disjoint sets of modules), with the cyclic garbage collector off until they are in; once the analytics are in, the
view is counted in a third thread beside the rest of the imports, by code that imports nothing itself
(tests/dashboard/test_startup_*.py). The first script run waits until the app's
modules are imported (dashboard/startup_gate.py), so no page meets a module half-imported by another thread. The
counting shares the memo the pages use (`st.cache_resource` and dashboard/state.py's caches are process-wide), and
both are single-flight: a visitor who comes earlier waits for the one computation under way. A dataset that cannot
be read is left to the first page, which says why.

In the browser, Streamlit's index.html is served with preload hints for the chart code the first page needs and its
map outline (dashboard/preload.py), so the browser fetches them while the page's data is still on its way; the chart
code carries a plotly.js of only the trace types the app draws (dashboard/plotly_bundle.py), and each small file is
sent at once rather than after the browser's delayed acknowledgement (dashboard/http_nodelay.py).

`streamlit run streamlit_app.py` still works (e.g. on a host that runs it for you); it simply starts cold.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
from pathlib import Path
from typing import Any

from dashboard import startup_gate

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
LOG = logging.getLogger(__name__)
BARE_MODE_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


def prepare() -> None:
    """Read the shared dataset and compute the Overview's default view (errors are the first page's to show)."""
    try:
        from dashboard import state, warmup  # in this thread: the main thread goes on to start the server

        # Before the server exists Streamlit calls any use of its caches "bare mode" and warns once per call; here
        # that is expected, and a warning in the server's log would only mislead.
        logging.getLogger(BARE_MODE_LOGGER).setLevel(logging.ERROR)
        dataset = state.sample_dataset()
        if warmup.should_warm(dataset):
            warmup.overview_view(dataset)
    except Exception:  # the first page reads the dataset again and shows what is wrong, in words
        LOG.warning("the shared dataset could not be prepared before the first visit", exc_info=True)


def begin_listings_read() -> None:
    """Start reading the shared sample's listings now, in a daemon thread (dashboard/startup_listings.py): the read
    overlaps the imports below (~1 s), and `prepare` takes the frame over. A collected store is read its own way."""
    try:
        from dashboard import startup_listings
        from dashboard.sample_location import sample_paths  # Streamlit is imported by now: nothing half-imported

        listings_path, _ = sample_paths()
        if not (listings_path.parent / "last_run.json").is_file():
            startup_listings.begin(listings_path)
    except Exception:  # the ordinary read in `prepare` (or the first page) reads it and reports what is wrong
        LOG.warning("the shared listings could not be read early", exc_info=True)


# What `prepare` would otherwise import itself: polars builds a Series from a numpy array through `np.ma`, which
# numpy imports on first use. Imported before the thread starts, so that thread imports nothing (a test checks it).
PREPARE_IMPORTS = ("numpy.ma",)


def main(argv: list[str] | None = None) -> None:
    """Streamlit's `run` on streamlit_app.py with `argv` (its options), and `import_modules` in a daemon thread once
    the server listens: the browser loads Streamlit's page while the app's modules are imported, and the first script
    run waits for them."""
    # No cyclic garbage collection while the modules are imported (`import_modules` turns it back on): each full
    # collection walks every object made so far (~250,000 by the end) while holding the interpreter, 60-90 ms a
    # time, during which the server answers no request of the browser's page load (the start-up's imports took
    # 0.25 s less, medians of 6). The few cycles the imports leave (~1,900 objects, 0.8 MB) are frozen with the
    # modules (`warmup.freeze_long_lived`): collecting them first would cost that pause again, and collecting them
    # later would mean unfreezing, then freezing the first session's objects with everything else.
    gc.disable()
    # Streamlit first, in this thread, and with it everything of Streamlit the app's modules import: two threads
    # importing the same package tree at once can each see the other's modules half-initialised. From here on, this
    # thread imports Streamlit's web stack (uvicorn, starlette, ...) and the other the app's modules, pandas and the
    # loaders: two disjoint sets (tests/dashboard/test_serve_listens_first.py).
    import streamlit.web.cli as streamlit_cli

    skip_repl_probe()
    begin_listings_read()
    wrap_server_app()
    startup_gate.close()  # streamlit_app.py waits for `import_modules` before it imports anything of the app
    import_once_listening()
    arguments = sys.argv[1:] if argv is None else argv
    streamlit_cli.main(["run", str(APP), *arguments], prog_name="streamlit")


def import_once_listening() -> None:
    """Start `import_modules` in a daemon thread as soon as the server listens (Streamlit's `_on_server_start`,
    wrapped), or at once under a Streamlit without that hook.

    Started earlier, the imports shared the interpreter with Streamlit's own start: the server answered its health
    check ~0.4 s later (1.4-1.7 against 0.9-1.3 s, alternated runs), and the browser started that much later."""
    from streamlit.web import bootstrap

    original = getattr(bootstrap, "_on_server_start", None)
    if not callable(original):
        LOG.warning("Streamlit's server start cannot be hooked: the app's modules are imported at once")
        start_imports()
        return

    def on_server_start(server: Any) -> None:
        try:
            original(server)
        finally:
            start_imports()

    bootstrap._on_server_start = on_server_start


def start_imports() -> threading.Thread:
    """`import_modules` in a daemon thread."""
    thread = threading.Thread(target=import_modules, name="insights-imports", daemon=True)
    thread.start()
    return thread


def import_modules() -> None:
    """Import the app's modules while the server starts, with `prepare` (the Overview's view) beside the pages'
    modules, then let script runs go on. Whatever fails here is the first page's to import again and report."""
    try:
        from dashboard import warmup  # dashboard.state and the analytics: what `prepare` counts with

        _preload(PREPARE_IMPORTS)  # `prepare` imports nothing after these (a test checks it): it may run beside imports
        # Counting 1,000,000 listings is mostly polars, on the other core, while this thread imports: the first page's
        # run finds the view ready or under way (the memo is single-flight). It builds no figure, so plotly's probe of
        # a half-imported pandas (see warmup.import_page_modules) cannot happen; polars tells a pandas object by its
        # class's module name, without touching the module. Counted only once a browser had opened
        # its websocket (the ninth session, when starting plotly.js took the browser ~1.5 s of the same cores), the
        # view kept that run waiting ~1 s: with the slim plotly.js (dashboard/plotly_bundle.py), charts came later
        # (4.89 against 4.20 s in the page, medians of 10 alternated cold starts; 3.74 / 3.68 s and 3.72 / 3.35 s in
        # quieter minutes).
        start_prepare()
        # All of them now, before any page runs: imported after the first page, they held the interpreter for ~2 s
        # on a cold start while that page's messages waited; imported by a page, a second visitor's chart could meet
        # a half-imported pandas.
        warmup.import_page_modules(collect=False)
    except Exception:
        LOG.warning("the app's modules could not be imported before the first page", exc_info=True)
    finally:
        gc.enable()
        startup_gate.release()


def start_prepare() -> threading.Thread:
    """`prepare` in a daemon thread."""
    thread = threading.Thread(target=prepare, name="insights-prepare", daemon=True)
    thread.start()
    return thread


def wrap_server_app() -> None:
    """Wrap the app Streamlit's server creates: its index.html with preload hints for the first page's chunks
    (dashboard/preload.py), its hashed assets answered from memory (dashboard/static_assets.py), its plain HTTP
    answers sent without Nagle's delay (dashboard/http_nodelay.py). Anything unexpected leaves the server as
    Streamlit makes it."""
    try:
        from streamlit import config, file_util
        from streamlit.web.server.starlette import starlette_server

        from dashboard import http_nodelay, preload, static_assets

        create = starlette_server.create_starlette_app
        static_dir = Path(file_util.get_static_dir())
        pages = preload.build(static_dir)
    except Exception:  # another Streamlit: its own page and routes
        LOG.warning(
            "Streamlit's server could not be wrapped: no preload hints, assets served by Streamlit", exc_info=True
        )
        return

    def create_wrapped(runtime: Any) -> Any:
        app: Any = create(runtime)
        if pages is not None:
            app = preload.PreloadIndex(app, *pages)
        app = static_assets.ImmutableAssets(app, static_dir, config.get_option("server.baseUrlPath") or "")
        return http_nodelay.NoDelayHttp(app)  # outermost: it needs uvicorn's own `send`

    starlette_server.create_starlette_app = create_wrapped


def skip_repl_probe() -> None:
    """Spare the first page Streamlit's "are we in a REPL?" probe (~0.1 s of its first element's time).

    The first element a process sends asks `inspect.stack()` whether it runs in a Python REPL, only to print a
    "use streamlit run" warning; `inspect` then looks up the real path of every imported module's file (~1,600
    modules after the imports below: 0.075 CPU-s, 0.13-0.21 s at load ~5) while the first page waits.
    Under `make run` the server is running by then, so no such warning could be printed: the probe is marked done.
    Another Streamlit without this flag simply probes as before."""
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def _preload(names: tuple[str, ...]) -> None:
    """Import `names` in this thread."""
    for name in names:
        importlib.import_module(name)


if __name__ == "__main__":
    main()
