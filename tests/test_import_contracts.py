"""The import contracts in pyproject.toml (import-linter) hold, and they catch an upward or a streamlit import."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("dashboard", "analytics", "data_loaders", "synthetic", "benchmarks")


def lint_imports(directory: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the project laid out in `directory`."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", *options], cwd=directory, capture_output=True, text=True, timeout=120
    )


def test_the_contracts_name_the_layers_and_the_outsiders() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = {contract["type"]: [] for contract in config["contracts"]}
    for contract in config["contracts"]:
        contracts[contract["type"]].append(contract)
    assert [c["layers"] for c in contracts["layers"]] == [["dashboard", "analytics", "data_loaders"]]
    forbidden = {(tuple(c["source_modules"]), tuple(c["forbidden_modules"])) for c in contracts["forbidden"]}
    assert forbidden == {
        (("analytics", "data_loaders"), ("streamlit",)),
        (("dashboard", "analytics", "data_loaders"), ("synthetic", "benchmarks")),
    }


def test_the_code_keeps_every_contract() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


def test_an_upward_import_and_streamlit_in_analytics_break_the_contracts(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.json"))
    with (tmp_path / "data_loaders" / "__init__.py").open("a", encoding="utf-8") as init:
        init.write("\nimport analytics.overview  # an upward import\n")
    with (tmp_path / "analytics" / "__init__.py").open("a", encoding="utf-8") as init:
        init.write("\nimport streamlit\nimport synthetic\n")
    done = lint_imports(tmp_path, "--no-cache")
    assert done.returncode == 1
    assert "0 kept, 3 broken" in done.stdout
    assert "data_loaders -> analytics.overview" in done.stdout
    assert "analytics -> streamlit" in done.stdout and "analytics -> synthetic" in done.stdout
