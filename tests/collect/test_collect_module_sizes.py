"""The collector's modules and its page stay small (the layering is an import contract: tests/test_import_contracts.py)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_modules_stay_small() -> None:
    for path in [
        *(ROOT / "data_loaders" / "collect").glob("*.py"),
        ROOT / "analytics" / "history.py",
        ROOT / "dashboard" / "collect_panel.py",
        ROOT / "dashboard" / "pages" / "market_pulse.py",
    ]:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path
