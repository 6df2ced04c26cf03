"""The first script run's wait for `make run`'s start-up imports (issue 9, cold start).

`make run` (dashboard/serve.py) lets Streamlit's server listen at once and imports the app's modules (the analytics,
the loaders, pandas for the pages' tables: ~1 s) in a thread meanwhile, while the browser downloads and starts
Streamlit's page. A script run that imported the same modules at the same time could meet one half-initialised (a
concurrent circular import hands over the partial module), so streamlit_app.py calls `wait()` before importing any
of them. The gate is open unless `close()` was called: `streamlit run`, AppTest and the tests never wait.
"""

from __future__ import annotations

import threading

# Longest a script run waits: an import that hangs must not hang every page (the page then imports, as it would
# without `make run`). A cold start on a loaded two-core machine takes a few seconds.
WAIT_S = 60.0
_OPEN = threading.Event()
_OPEN.set()


def close() -> None:
    """Script runs wait from now on, until `release()`."""
    _OPEN.clear()


def release() -> None:
    """Let script runs go on (the start-up imports are done, or failed)."""
    _OPEN.set()


def is_open() -> bool:
    """Whether a script run would go on at once."""
    return _OPEN.is_set()


def wait() -> bool:
    """Block until the gate is open (at most WAIT_S seconds); whether it is."""
    return _OPEN.wait(WAIT_S)


__all__ = ["WAIT_S", "close", "is_open", "release", "wait"]
