"""The CLI, run in-process through main(argv): JSON shape, exit codes, stderr; one real `python -m` smoke run."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from data_loaders.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Done:
    """What one CLI run ended with, like a finished process."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Done:
    """`python -m data_loaders ARGS` in this process: its exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    isolation_log = logging.getLogger("data_loaders.isolation")
    level = isolation_log.level  # main() quietens this logger; the other tests keep theirs
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        isolation_log.setLevel(level)
    return Done(code, out.getvalue(), err.getvalue())


def test_python_dash_m_runs_the_cli_and_exits_with_its_code(tmp_path: Path) -> None:
    """The one subprocess run: the module entry point, its exit status, stdout and stderr kept apart."""
    good, empty = tmp_path / "jobs.csv", tmp_path / "empty.csv"
    good.write_text("company,title\nAcme,Intern\n")
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "data_loaders", "validate", str(good), str(empty), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 2
    assert [json.loads(line)["rows_loaded"] for line in done.stdout.splitlines()] == [1, 0]
    assert "error: " in done.stderr and "is empty" in done.stderr and "Traceback" not in done.stderr


def test_validate_json_listings(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        'company,title,location,salary\nAcme,Data Intern,"Austin, TX",$30/hr\n,,,\nBeta,SWE Intern,Remote,??\n'
    )
    done = run_cli("validate", str(path), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)  # exactly one JSON object on stdout
    assert list(payload)[:6] == ["kind", "format", "rows_read", "rows_loaded", "issues", "coverage"]
    assert (payload["kind"], payload["format"], payload["rows_read"], payload["rows_loaded"]) == (
        "listings",
        "csv",
        2,
        2,
    )
    issue = next(i for i in payload["issues"] if i["reason"].startswith("pay text not understood"))
    assert (issue["column"], issue["count"], issue["examples"]) == (
        "pay_text",
        1,
        [{"row": 4, "column": "pay_text", "value": "??"}],
    )
    assert payload["coverage"]["company"] == 1.0 and payload["coverage"]["pay_hourly_usd"] == 0.5


def test_validate_guesses_outcomes(tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_text(
        "ApplicationID,Company,JobTitle,ApplicationDate,FinalStatus,Comments\nA1,Acme,Intern,2024-09-01,Rejected,private words\n"
    )
    done = run_cli("validate", str(path), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (payload["kind"], payload["rows_loaded"]) == ("outcomes", 1)
    assert "private words" not in done.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"company,title\n", "header but no data rows"),
        (b"\x00\x01binary\x02" * 50, "binary"),
    ],
)
def test_validate_unloadable_exits_2_with_message_on_stderr(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    done = run_cli("validate", str(path), "--json")
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["rows_loaded"] == 0


def test_validate_plain_text_summary(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("company,title\nAcme,Intern\n")
    done = run_cli("validate", str(path), "--kind", "listings")
    assert done.returncode == 0
    assert done.stdout.startswith("Loaded 1 of 1 rows of listings from jobs.csv (csv).")


def test_import_to_sqlite_then_validate_the_table(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("company,title,skills\nAcme,Data Intern,Python; SQL\nBeta,SWE Intern,Go\n")
    url = f"sqlite:///{tmp_path / 'out.db'}"
    done = run_cli("import", str(path), "--to", url, "--kind", "listings", "--table", "openings")
    assert done.returncode == 0, done.stderr
    assert "wrote 2 rows to openings" in done.stdout
    back = run_cli("validate", url, "--table", "openings", "--json", "--kind", "listings")
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout)["rows_loaded"] == 2


def test_import_to_unreachable_database_masks_password(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("company,title\nAcme,Intern\n")
    done = run_cli("import", str(path), "--to", "postgresql+psycopg://u:hunter2@127.0.0.1:1/db")
    assert done.returncode == 2
    assert "Cannot reach the database" in done.stderr and "hunter2" not in done.stderr + done.stdout


def test_validate_with_explicit_mapping(tmp_path: Path) -> None:
    path = tmp_path / "de.csv"
    # Headers no alias or keyword knows, values no content pattern claims (German "Firma"/"Stelle" are known now).
    path.write_text("Spalte 1,Spalte 2\nAcme,Widget Wrangler\n")
    without = run_cli("validate", str(path), "--kind", "listings", "--json")
    assert without.returncode == 2 and "no company or title column" in without.stderr
    done = run_cli(
        "validate", str(path), "--kind", "listings", "--json", "--map", "Spalte 1=company", "--map", "Spalte 2=title"
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["column_mapping"] == {"Spalte 1": "company", "Spalte 2": "title"} and payload["rows_loaded"] == 1


def test_validate_several_paths_prints_json_lines_and_exits_2_when_one_fails(tmp_path: Path) -> None:
    good, empty, far = tmp_path / "jobs.csv", tmp_path / "empty.csv", tmp_path / "far.xlsx"
    good.write_text("company,title\nAcme,Intern\n")
    empty.write_bytes(b"")
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["company", "title"])
    book.active["XFD1048576"] = "x"  # crashes the Excel reader: only its worker dies
    book.save(far)
    done = run_cli("validate", str(good), str(empty), str(far), "--json", "--kind", "listings")
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(line["source"], line["rows_loaded"]) for line in lines] == [
        ("jobs.csv", 1),
        ("empty.csv", 0),
        ("far.xlsx", 0),
    ]
    assert [line["worker"]["outcome"] for line in lines][:2] == ["ok", "load_error"]
    assert "is empty" in lines[1]["error"] and "far.xlsx" in lines[2]["error"]
    assert all(line["worker"]["peak_rss_bytes"] < 2 * 1024**3 for line in lines)
    assert "Traceback" not in done.stderr
    both_good = run_cli("validate", str(good), str(good), "--json", "--kind", "listings")
    assert both_good.returncode == 0 and len(both_good.stdout.splitlines()) == 2


def test_validate_with_a_bad_map_option_says_how_to_write_it(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("company,title\nAcme,Intern\n")
    done = run_cli("validate", str(path), "--map", "nonsense")
    assert done.returncode == 2 and "SOURCE=CANONICAL" in done.stderr and "Traceback" not in done.stderr
