"""What the parent and the load worker exchange: file names in the job folder, outcomes, report (de)serialisation.

The job folder is private to one load (mode 0700). The parent writes `job.json` (and `input.bin` for
uploaded bytes); the worker writes `result.arrow` (the canonical frame, Arrow IPC) and then
`result.json` (the outcome, the report or the LoadError's parts). `result.json` is written last and
renamed into place, so its presence means the worker finished. A load that stops for want of key
columns (data_loaders.roles.MappingNeeded) sends the detected column roles with its error, so the
caller can show the mapping step for a file that did not load.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from data_loaders.errors import LoadError
from data_loaders.report import RowIssue, ValidationReport

JOB_FILE = "job.json"
INPUT_FILE = "input.bin"
FRAME_FILE = "result.arrow"
MERGED_FILE = "merged.arrow"  # listings: the rows de-duplication merged (LoadResult.merged), when any
RESULT_FILE = "result.json"
STDERR_FILE = "stderr.txt"

OK, LOAD_ERROR, CRASHED, KILLED_MEMORY, TIMEOUT, TOO_LARGE = (
    "ok",
    "load_error",
    "crashed",
    "killed_memory",
    "timeout",
    "too_large",
)
OUTCOMES: tuple[str, ...] = (OK, LOAD_ERROR, CRASHED, KILLED_MEMORY, TIMEOUT, TOO_LARGE)

# Test-only: the worker performs this fault before loading (abort, segfault, allocate, sleep, panic).
# An environment variable of the server process, so no user input can ever reach it.
FAULT_ENV = "INSIGHTS_WORKER_FAULT"


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write JSON readable only by this user, atomically (a reader never sees half a file)."""
    partial = path.with_suffix(".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, default=str)
    os.replace(partial, path)


def report_to_json(report: ValidationReport) -> dict[str, Any]:
    """Every field of a report as plain JSON data (issues as dicts)."""
    return asdict(report)


def report_from_json(payload: dict[str, Any]) -> ValidationReport:
    """Rebuild a ValidationReport (with its RowIssues) from `report_to_json`'s output."""
    known = {f.name for f in fields(ValidationReport)}
    values = {key: value for key, value in payload.items() if key in known}
    issue_fields = {f.name for f in fields(RowIssue)}
    values["issues"] = [
        RowIssue(**{k: v for k, v in issue.items() if k in issue_fields}) for issue in payload.get("issues", [])
    ]
    return ValidationReport(**values)


def error_to_json(error: LoadError) -> dict[str, Any]:
    """A LoadError's three parts, and the detected column roles when the error is a MappingNeeded."""
    payload: dict[str, Any] = {"what": error.what, "where": error.where, "fix": error.fix}
    roles = getattr(error, "roles", None)
    if isinstance(roles, dict):
        payload["roles"] = roles
    return payload


def error_from_json(payload: dict[str, Any]) -> LoadError:
    """Rebuild a LoadError (a MappingNeeded when roles came with it) from `error_to_json`'s output."""
    parts = (
        str(payload.get("what", "The source could not be loaded")),
        str(payload.get("where", "")),
        str(payload.get("fix", "")),
    )
    roles = payload.get("roles")
    if isinstance(roles, dict):
        # Imported here: the load worker imports this module at start-up, and roles (~0.13 s) only for this case.
        from data_loaders.roles import MappingNeeded

        return MappingNeeded(*parts, roles=roles)
    return LoadError(*parts)
