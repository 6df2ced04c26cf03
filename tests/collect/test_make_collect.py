"""`make collect` runs the collector with the default sources file and store folder (a fake python records the call)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def test_make_collect_calls_the_cli(tmp_path: Path) -> None:
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "sources.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    fake = tmp_path / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/../../calls.log"\n')
    fake.chmod(0o755)
    subprocess.run(
        ["make", "--no-print-directory", "collect", "OUT=/srv/insights"], cwd=tmp_path, check=True, capture_output=True
    )
    logged = (tmp_path / "calls.log").read_text().splitlines()
    assert logged[-1] == "-m data_loaders collect --config sources.toml --out /srv/insights"
