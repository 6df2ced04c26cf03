"""`make run`'s entry: the shared dataset is read while Streamlit's server starts, then the app is served.

`python -m dashboard.serve [streamlit options]` is `streamlit run streamlit_app.py [streamlit options]` plus one
thing: before the server starts, a daemon thread reads the shared dataset and computes the filter panel's options
and the Overview's listing view (`warmup.overview_view`). On a fresh server the first visitor's Overview then
finds them ready (at 1,000,000 listings: seconds of reading and counting, done while the server imports its web
stack and the browser connects). The thread shares the memo the pages use (`st.cache_resource` and
dashboard/state.py's caches are process-wide), and both are single-flight: a visitor who comes earlier waits for
the one computation under way. A dataset that cannot be read is left to the first page, which says why.

`streamlit run streamlit_app.py` still works (e.g. on a host that runs it for you); it simply starts cold.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

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


def main(argv: list[str] | None = None) -> None:
    """Start `prepare` in a daemon thread, then Streamlit's `run` on streamlit_app.py with `argv` (its options)."""
    # Streamlit and its caching first, in this thread: two threads importing the same package tree at once can
    # each see the other's modules half-initialised.
    import streamlit.web.cli as streamlit_cli

    from dashboard import warmup  # imports dashboard.state: here, before the thread starts, for the reason above

    # The pages' modules (pandas, plotly, the loaders: ~1 s) are imported now, while nothing else runs Python: after
    # the first page they held the interpreter for ~2 s on a cold start, and the page's messages waited for them.
    warmup.import_page_modules()
    threading.Thread(target=prepare, name="insights-prepare", daemon=True).start()
    arguments = sys.argv[1:] if argv is None else argv
    streamlit_cli.main(["run", str(APP), *arguments], prog_name="streamlit")


if __name__ == "__main__":
    main()
