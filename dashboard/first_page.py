"""When a fresh server's first page is out and drawn: background work (the outcomes' read, the listings' copy, the
warm-up of the default views) waits for it, so it never takes the two cores the first page needs (issue 9, cold
start). dashboard/background.py uses it for the outcomes; it imports nothing but `threading`, so `make run` can use it
before the server listens (dashboard/startup_listings.py).
"""

from __future__ import annotations

import threading

# Background work starts when the server has shown its first page (or something waits for the outcomes): on two
# cores, reading 10 M applications beside the first page's work would slow that page by as much as it takes.
# Without either (a page run on its own, outside streamlit_app.py), it starts after this many seconds; a loaded
# machine can take tens of seconds for a first page, and a read started then would slow it further.
DEFER_LIMIT_S = 60.0
# Once the first page's messages are out, the browser still has to draw them (plotly's charts: a second or two of
# the same two cores, more under load). It waits for the next script run — the browser's first rerun, or the
# Overview's first poll for its offer rate (`browser_asked_again`), which the browser sends about a second after it
# has drawn the page — or this many seconds, whichever comes first (a page that polls for nothing).
FIRST_DRAW_S = 4.0
# Work that can wait for everything else (pinning the listings' copy in memory) waits for the background warm-up of
# the default views to end (dashboard/warmup.py), or this many seconds after the first page without one.
BACKGROUND_LIMIT_S = 120.0
_FIRST_PAGE_SHOWN = threading.Event()
_NEXT_RUN = threading.Event()
_BACKGROUND_DONE = threading.Event()


def page_shown() -> None:
    """Called when a page run ends (streamlit_app.py): background reads waiting for the first page may start once
    the browser has drawn it (a later run) or FIRST_DRAW_S have passed."""
    if _FIRST_PAGE_SHOWN.is_set():
        _NEXT_RUN.set()
    _FIRST_PAGE_SHOWN.set()


def browser_asked_again() -> None:
    """A run the browser asked for after the first page (the Overview's poll for its offer rate, a fragment run that
    streamlit_app.py does not see): it has drawn that page, so background work waiting for it may start."""
    if _FIRST_PAGE_SHOWN.is_set():
        _NEXT_RUN.set()


def start_now() -> None:
    """Someone needs what the background work makes: nothing waits for the first page any longer."""
    _FIRST_PAGE_SHOWN.set()
    _NEXT_RUN.set()


def wait_first_page() -> None:
    """Block until the first page is shown and drawn (or the limits above passed): background work that should
    not slow it down."""
    _FIRST_PAGE_SHOWN.wait(DEFER_LIMIT_S)
    _NEXT_RUN.wait(FIRST_DRAW_S)


def background_done() -> None:
    """The background warm-up has ended (dashboard/warmup.py): work waiting for a quiet server may start."""
    _BACKGROUND_DONE.set()


def wait_background() -> None:
    """Block until the first page is out and the background warm-up has ended (or the limits above passed): work
    that should slow neither the first page nor the outcomes' read and the warm-up after it."""
    wait_first_page()
    _BACKGROUND_DONE.wait(BACKGROUND_LIMIT_S)


__all__ = [
    "BACKGROUND_LIMIT_S",
    "DEFER_LIMIT_S",
    "FIRST_DRAW_S",
    "background_done",
    "browser_asked_again",
    "page_shown",
    "start_now",
    "wait_background",
    "wait_first_page",
]
