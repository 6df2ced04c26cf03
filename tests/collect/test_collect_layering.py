"""The collector and the history analytics never import streamlit (dashboard -> analytics -> data_loaders)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_collector_and_history_analytics_do_not_import_streamlit() -> None:
    code = (
        "import sys, data_loaders.collect, data_loaders.collect.cli, data_loaders.collect.discover, analytics.history; "
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


def test_modules_stay_small() -> None:
    for path in [
        *(ROOT / "data_loaders" / "collect").glob("*.py"),
        ROOT / "analytics" / "history.py",
        ROOT / "dashboard" / "collect_panel.py",
        ROOT / "dashboard" / "pages" / "market_pulse.py",
    ]:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path
