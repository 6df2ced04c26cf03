"""`python -m synthetic`: in-process runs of its main(), and one real subprocess as the smoke test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from data_loaders import load_listings, load_outcomes
from synthetic import generate_listings
from synthetic.__main__ import EXIT_FAILED, EXIT_OK, main

ROOT = Path(__file__).resolve().parents[2]


def test_main_writes_two_canonical_files_that_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--listings", "50", "--applications", "200", "--seed", "3", "--out", str(tmp_path)]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [
        f"listings: {tmp_path / 'listings.parquet'}",
        f"outcomes: {tmp_path / 'outcomes.parquet'}",
    ]
    listings = pl.read_parquet(tmp_path / "listings.parquet")
    assert listings.equals(generate_listings(50, 3))
    assert load_listings(tmp_path / "listings.parquet").frame.height == 50
    assert load_outcomes(tmp_path / "outcomes.parquet").frame.height == 200


@pytest.mark.parametrize("arguments", [["--listings", "0"], ["--applications", "-1"]])
def test_main_refuses_impossible_sizes(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*arguments, "--out", str(tmp_path)]) == EXIT_FAILED
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "listings.parquet").exists()


def test_python_dash_m_synthetic_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "synthetic", "--listings", "20", "--applications", "50", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert pl.read_parquet(tmp_path / "outcomes.parquet").height == 50
