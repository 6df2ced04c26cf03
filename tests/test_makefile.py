"""The two commands: `make setup` is idempotent (a stamp tracks the requirements), `run`/`test` call the right tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")

FAKE_PYTHON = """#!/bin/sh
# Stands in for .venv/bin/python: records each call instead of installing anything.
echo "$@" >> "$(dirname "$0")/../../calls.log"
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the Makefile and requirements with a fake venv python that logs its calls."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    fake = tmp_path / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    return tmp_path


def make(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run make in `directory` and return the finished process."""
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=directory, capture_output=True, text=True, check=True
    )


def calls(directory: Path) -> list[str]:
    """The fake python's recorded command lines."""
    log = directory / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_setup_installs_once_and_again_when_requirements_change(project: Path) -> None:
    make(project, "setup")
    assert calls(project) == ["-m pip install --disable-pip-version-check -q -r requirements-dev.txt"]
    make(project, "setup")
    assert len(calls(project)) == 1  # nothing changed: no second install
    stamp = project / ".venv" / ".requirements.stamp"
    os.utime(project / "requirements.txt", (stamp.stat().st_mtime + 10,) * 2)
    make(project, "setup")
    assert len(calls(project)) == 2


@pytest.mark.parametrize(
    ("target", "variables", "expected"),
    [
        ("run", [], ".venv/bin/python -m streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port 8501"),
        ("run", ["PORT=9000", "HOST=0.0.0.0"], "--server.address 0.0.0.0 --server.port 9000"),
        ("test", [], ".venv/bin/python -m pytest"),
        ("screenshots", [], ".venv/bin/python -m pytest tests/e2e"),
    ],
)
def test_targets_call_the_right_commands(project: Path, target: str, variables: list[str], expected: str) -> None:
    make(project, "setup")
    dry_run = make(project, "-n", target, *variables).stdout
    assert expected in dry_run.replace("\\\n", " ").replace("\t", " ").replace("  ", " ")


def test_ci_script_is_valid_bash() -> None:
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    assert "set -euo pipefail" in script.read_text()
