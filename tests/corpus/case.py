"""What one corpus entry is: a file name, what it probes, how to build it, and what must happen to it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    """One malformed or hostile file, small enough to commit under tests/corpus/files/."""

    name: str
    probe: str  # one line for the README: what this file tries to break
    build: Callable[[], bytes]
    # "load": must end in a frame; "error": must end in a clear LoadError; "any": either is fine.
    expect: str = "any"
    kind: str | None = None  # the kind the file is meant as (None: not meant as anything)
    rows: int | None = None  # when set and the file loads as `kind`, exactly this many rows must load
    contains: tuple[str, ...] = ()  # text that must survive in the loaded frame (e.g. a curly quote)
    absent: tuple[str, ...] = ()  # text that must appear nowhere: not in the frame, report or message


@dataclass(frozen=True)
class LargeCase:
    """A file too big to commit: written at test time into a temporary folder by `write(path)`."""

    name: str
    probe: str
    write: Callable[[Path], None]
    expect: str = "any"
    kind: str | None = None
    rows: int | None = None


LISTING_HEADER = ["company", "title", "location", "salary", "skills", "posted", "term", "url"]
LISTING_ROWS = [
    [
        "Acme Robotics",
        "Software Engineering Intern",
        "Austin, TX",
        "$30/hr",
        "Python; SQL",
        "2026-06-01",
        "Summer 2027",
        "https://acme.example/jobs/1",
    ],
    [
        "Beta Analytics",
        "Data Science Intern",
        "Remote",
        "$6,000/month",
        "Python; pandas",
        "2026-06-03",
        "Fall 2026",
        "https://beta.example/jobs/2",
    ],
    [
        "Gamma Security",
        "Cybersecurity Intern",
        "Arlington, VA",
        "$25-35/hr",
        "Linux",
        "2026-05-20",
        "Summer 2027",
        "https://gamma.example/jobs/3",
    ],
]
OUTCOME_HEADER = ["application_id", "applicant_id", "company", "title", "applied_date", "stage", "status"]
OUTCOME_ROWS = [
    ["A1", "S1", "Acme Robotics", "Software Engineering Intern", "2026-06-10", "interview", "rejected"],
    ["A2", "S2", "Beta Analytics", "Data Science Intern", "2026-06-11", "offer", "accepted"],
    ["A3", "S1", "Gamma Security", "Cybersecurity Intern", "2026-06-12", "applied", "no_response"],
]
COUNT_HEADER = ["company", "field", "applications", "interviews", "offers", "accepted"]


def csv_text(header: list[str], rows: list[list[object]], *, delimiter: str = ",", newline: str = "\n") -> str:
    """Rows written by the csv module (quoting as needed) with the given delimiter and line ending."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def listings_csv(rows: list[list[object]] | None = None, **options: str) -> bytes:
    """A listings CSV (UTF-8) of the base rows, or of `rows` under the base header."""
    return csv_text(LISTING_HEADER, LISTING_ROWS if rows is None else rows, **options).encode("utf-8")


def with_column(column: int, values: list[str]) -> list[list[object]]:
    """The base listing rows repeated to len(values), with `values` put into one column."""
    out = []
    for i, value in enumerate(values):
        row = list(LISTING_ROWS[i % len(LISTING_ROWS)])
        row[column] = value
        out.append(row)
    return out
