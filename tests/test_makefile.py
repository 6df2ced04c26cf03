"""`make setup` is idempotent (a stamp tracks the lock files), the targets call the right tools, the locks match."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
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
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
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


INSTALL = [
    "-m pip --disable-pip-version-check install -q -r requirements-dev.txt",
    "-m pip --disable-pip-version-check install -q --no-deps --no-build-isolation -e .",
]


@pytest.mark.parametrize("changed", ["requirements.txt", "requirements-dev.txt", "pyproject.toml"])
def test_setup_installs_once_and_again_when_a_lock_or_the_metadata_changes(project: Path, changed: str) -> None:
    make(project, "setup")
    assert calls(project) == INSTALL  # the pinned requirements, then this project, editable
    make(project, "setup")
    assert calls(project) == INSTALL  # nothing changed: no second install
    stamp = project / ".venv" / ".requirements.stamp"
    os.utime(project / changed, (stamp.stat().st_mtime + 10,) * 2)
    make(project, "setup")
    assert calls(project) == INSTALL * 2


@pytest.mark.parametrize(
    ("target", "variables", "expected"),
    [
        ("run", [], ".venv/bin/python -m dashboard.serve --server.address 127.0.0.1 --server.port 8501"),
        ("run", [], ".venv/bin/python -m compileall -q -j 0 streamlit_app.py analytics dashboard data_loaders"),
        ("run", ["PORT=9000", "HOST=0.0.0.0"], "--server.address 0.0.0.0 --server.port 9000"),
        ("lint", [], ".venv/bin/ruff check .\n.venv/bin/ruff format --check .\n.venv/bin/mypy\n.venv/bin/lint-imports"),
        ("test", [], ".venv/bin/mypy\n.venv/bin/lint-imports --no-logo\n.venv/bin/python -m pytest"),
        ("test", ["PYTEST_ARGS=-x tests/analytics"], ".venv/bin/python -m pytest -x tests/analytics"),
        (
            "lock",
            [],
            'uv pip compile --quiet --python-version 3.11 --custom-compile-command "make lock" requirements.in',
        ),
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


def _pins(path: Path) -> dict[str, str]:
    """`name==version` lines of a requirements file (comments and options skipped), names normalised."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()] = version
    return pins


def test_the_locks_pin_what_the_inputs_ask_for() -> None:
    runtime, dev = _pins(ROOT / "requirements.txt"), _pins(ROOT / "requirements-dev.txt")
    direct = _pins(ROOT / "requirements.in")
    assert direct.items() <= runtime.items()  # run `make lock` after changing requirements.in
    assert _pins(ROOT / "requirements-dev.in").items() <= dev.items()
    assert runtime.items() <= dev.items()  # the dev lock installs exactly the runtime versions
    assert {"pytest", "ruff", "mypy", "import-linter", "openpyxl", "pyyaml"} <= dev.keys() - runtime.keys()
    assert len(runtime) > 2 * len(direct)  # transitive dependencies are pinned too


def test_the_package_declares_exactly_the_direct_requirements() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.sub(r"[-_.]+", "-", re.split(r"[\[<>=]", spec)[0]).lower() for spec in declared}
    assert names == set(_pins(ROOT / "requirements.in"))


def test_the_cold_start_bench_compiles_what_make_run_compiles() -> None:
    from benchmarks.bench_browser_cold_start import APP_SOURCES

    makefile = (ROOT / "Makefile").read_text()
    line = next(line for line in makefile.splitlines() if line.startswith("APP_SOURCES :="))
    assert tuple(line.split(":=", 1)[1].split()) == APP_SOURCES
    assert all((ROOT / name).exists() for name in APP_SOURCES)
