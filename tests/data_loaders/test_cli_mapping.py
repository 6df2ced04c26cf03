"""CLI: `validate --json` reports each column's role, confidence and evidence; `--mapping FILE` re-applies a saved mapping."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from data_loaders.columns import mapping_to_json
from tests.data_loaders.test_cli import run_cli

WAGES = "Employer,Role (if any),Hourly wage,Stufe\nAcme,Data Intern,$25/hr,Gold\nBolt,QA Intern,$30/hr,Silver\n"


def test_validate_json_reports_roles_confidence_and_evidence(tmp_path: Path) -> None:
    path = tmp_path / "wages.csv"
    path.write_text(WAGES)
    done = run_cli("validate", str(path), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    roles = {c["column"]: c for c in payload["column_roles"]}
    assert {c: r["role"] for c, r in roles.items()} == {
        "Employer": "company",
        "Role (if any)": "title",
        "Hourly wage": "pay_text",
        "Stufe": "ignore",
    }
    assert roles["Hourly wage"]["confidence"] == 0.95
    assert roles["Hourly wage"]["evidence"] == [
        "header matches the alias 'hourly_wage'",
        "100 % of 2 distinct values look like pay amounts",
    ]
    assert roles["Role (if any)"]["source"] == "keyword" and roles["Role (if any)"]["samples"] == [
        "Data Intern",
        "QA Intern",
    ]
    assert payload["missing_roles"] == [] and payload["suggested_kind"] is None
    assert payload["coverage"]["pay_hourly_usd"] == 1.0


def test_validate_and_import_apply_a_mapping_file(tmp_path: Path) -> None:
    path, mapping = tmp_path / "wages.csv", tmp_path / "mapping.json"
    path.write_text(WAGES)
    mapping.write_text(json.dumps(mapping_to_json({"Stufe": "category", "Role (if any)": "title"}, "listings")))
    done = run_cli("validate", str(path), "--json", "--mapping", str(mapping), "--map", "Hourly wage=ignore")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    roles = {c["column"]: (c["role"], c["source"]) for c in payload["column_roles"]}
    assert roles == {
        "Employer": ("company", "header"),
        "Role (if any)": ("title", "user"),
        "Hourly wage": ("ignore", "user"),
        "Stufe": ("category", "user"),
    }
    assert payload["coverage"]["pay_hourly_usd"] == 0.0 and payload["kind"] == "listings"
    db = tmp_path / "out.db"
    imported = run_cli("import", str(path), "--to", f"sqlite:///{db}", "--mapping", str(mapping))
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT title FROM listings ORDER BY company").fetchall() == [
            ("Data Intern",),
            ("QA Intern",),
        ]


def test_a_bad_or_contradicting_mapping_file_is_an_error(tmp_path: Path) -> None:
    path, mapping = tmp_path / "wages.csv", tmp_path / "mapping.json"
    path.write_text(WAGES)
    mapping.write_text("{nope")
    done = run_cli("validate", str(path), "--mapping", str(mapping))
    assert done.returncode == 2 and "The mapping file could not be read" in done.stderr
    mapping.write_text(json.dumps(mapping_to_json({"Stufe": "status"}, "outcomes")))
    done = run_cli("validate", str(path), "--kind", "listings", "--mapping", str(mapping))
    assert done.returncode == 2 and "The mapping is for outcomes, but --kind says listings" in done.stderr


def test_plain_validate_names_what_must_be_mapped_and_the_other_kind(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "company,status,applied\nAcme,Rejected,2026-01-02\nBolt,Interview,2026-01-05\nCora,Offer,2026-02-01\n"
    )
    done = run_cli("validate", str(path), "--kind", "listings")
    assert "'status' -> ignore" in done.stdout
    assert "warning: not usable until mapped: a job title column (role: title)" in done.stdout
    assert "warning: this looks like outcomes" in done.stdout


def test_a_file_that_needs_mapping_still_reports_its_columns_in_json(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Spalte 1,Spalte 2\nAcme,Widget Wrangler\n")
    done = run_cli("validate", str(path), "--kind", "listings", "--json")
    payload = json.loads(done.stdout)
    assert done.returncode == 2 and "no company or title column" in payload["error"]
    assert [c["column"] for c in payload["column_roles"]] == ["Spalte 1", "Spalte 2"]
    assert payload["missing_roles"] == ["a job title column (role: title)"]
