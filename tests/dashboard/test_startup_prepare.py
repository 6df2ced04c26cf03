"""`make run` computes the Overview's first view in a thread while its main thread imports the pages' modules: that
thread must import nothing itself (a module half-imported by one thread can look broken to the other)."""

from __future__ import annotations

import ast
import subprocess
import sys


def test_prepare_imports_no_module_once_the_entry_has_imported_its_own() -> None:
    code = (
        "import logging, sys\n"
        "import streamlit.web.cli\n"
        "from dashboard import serve, state, warmup\n"
        "serve._preload(serve.PREPARE_IMPORTS)\n"
        "warmup.WARM_MIN_LISTINGS = 0  # the bundled sample is small: compute the Overview's view all the same\n"
        "ran = []\n"
        "original = warmup.overview_view\n"
        "warmup.overview_view = lambda dataset: ran.append(original(dataset))\n"
        "before = set(sys.modules)\n"
        "serve.prepare()\n"
        "new = sorted(set(sys.modules) - before)\n"
        "print(repr((new, len(ran), state.sample_dataset().listings.height)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert "could not be prepared" not in done.stderr
    new, ran, height = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert ran == 1 and height > 0  # the view was computed, on real data
    assert new == []


def test_without_the_entry_imports_prepare_would_import_them_itself() -> None:
    """The control: the same check without `PREPARE_IMPORTS` finds the imports it guards against."""
    code = (
        "import sys\n"
        "import streamlit.web.cli\n"
        "from dashboard import serve, warmup\n"
        "warmup.WARM_MIN_LISTINGS = 0\n"
        "before = set(sys.modules)\n"
        "serve.prepare()\n"
        "print(repr(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert set(ast.literal_eval(done.stdout.strip().splitlines()[-1])) >= {"numpy.ma"}
