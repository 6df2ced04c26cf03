"""analytics and data_loaders never import streamlit (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import importlib, pkgutil, sys
failed = []
for package_name in ("data_loaders", "analytics"):
    package = importlib.import_module(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print("streamlit" in sys.modules)
print("\\n".join(failed))
"""


def test_importing_every_submodule_leaves_streamlit_out() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    first, _, failures = done.stdout.partition("\n")
    assert failures.strip() == ""  # every submodule imports on its own
    assert first == "False"


def test_the_cli_module_does_not_import_streamlit() -> None:
    code = "import sys, data_loaders.__main__; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
