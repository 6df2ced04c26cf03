"""Every file of the malformed corpus (tests/corpus/) through the CLI and the upload path.

Each must end in a loaded frame that keeps the schema's promises, or in a clear message (what, where, how
to fix; no traceback) — within 30 s of wall time and 2 GB of worker memory, with this process alive.
The loads run two at a time in a thread pool (each isolated load is its own worker process); a test
waits only for its own file's jobs, so no single test waits for the whole corpus.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from data_loaders import LoadError
from data_loaders.isolation import load_isolated_with_stats
from tests.corpus.case import Case, LargeCase
from tests.corpus.checks import (
    MAX_RSS_BYTES,
    MAX_WALL_SECONDS,
    frame_problems,
    frame_text,
    message_problems,
    report_text,
)
from tests.corpus.large_cases import WORST
from tests.corpus.make_corpus import (
    CASES,
    FILES,
    LARGE_CASES,
    MAX_COMMITTED_BYTES,
    README,
    build_all,
    readme_text,
    write_large,
)

ROOT = Path(__file__).resolve().parents[2]
CLI_BATCH = 30  # files per `validate` process: few processes, yet a batch finishes well inside a test's timeout
POOL = 2  # the machine has two cores; each job keeps at most one worker busy
MAX_EXAMPLE_CHARS = 10_000  # a report example longer than this would flood the issues table
BY_NAME: dict[str, Case | LargeCase] = {c.name: c for c in [*CASES, *LARGE_CASES]}
CLI_LARGE = ("big_single_line_fields.csv",)  # the 10 MB line that once kept `validate` busy for 30 minutes


def _same_kind(meant: str | None, loaded: str | None) -> bool:
    """True when a file meant as `meant` loaded as that kind (counts are a form of outcomes)."""
    return meant is not None and (loaded == meant or (meant == "outcomes" and loaded == "outcome_counts"))


def _expectation_problems(
    case: Case | LargeCase, loaded: bool, kind: str | None, rows: int, message: str = ""
) -> list[str]:
    """Whether loading (or not) matches what the case expects; row count when the kind matches."""
    if case.expect == "load" and not loaded:
        return [f"expected a loaded frame, got a refusal: {message[:300]!r}"]
    if case.expect == "error" and loaded and rows > 0:
        return [f"expected a refusal, got {rows} row(s) of {kind}"]
    if loaded and case.rows is not None and _same_kind(case.kind, kind) and rows != case.rows:
        return [f"expected {case.rows} rows, loaded {rows}"]
    return []


def _stats_problems(where: str, wall: float, rss: int, outcome: str) -> list[str]:
    """Time and memory over the limits, and outcomes that mean the limits had to step in."""
    problems = []
    if wall >= MAX_WALL_SECONDS:
        problems.append(f"{where}: took {wall:.1f} s (limit {MAX_WALL_SECONDS:.0f} s)")
    if rss > MAX_RSS_BYTES:
        problems.append(f"{where}: worker peaked at {rss / 1024**3:.2f} GB")
    if outcome in ("crashed", "timeout", "killed_memory"):
        problems.append(
            f"{where}: the worker {outcome.replace('_', ' ')} after {wall:.1f} s (the loader itself should refuse or cap first)"
        )
    return problems


def _example_problems(where: str, issues: list[dict[str, Any]]) -> list[str]:
    """Report examples too long to show."""
    longest = max((len(str(e.get("value"))) for i in issues for e in i.get("examples", [])), default=0)
    return [f"{where}: a report example is {longest:,} characters long"] if longest > MAX_EXAMPLE_CHARS else []


def check_cli_line(case: Case | LargeCase, line: dict[str, Any]) -> list[str]:
    """Problems with one file's JSON line from `validate --json`."""
    worker = line.get("worker", {})
    problems = _stats_problems(
        "cli", worker.get("wall_seconds", 0.0), worker.get("peak_rss_bytes", 0), worker.get("outcome", "")
    )
    if "error" in line:
        problems += [f"cli message: {p} — {line['error'][:300]!r}" for p in message_problems(line["error"], case.name)]
    loaded = "error" not in line
    problems += [
        f"cli: {p}"
        for p in _expectation_problems(
            case, loaded, line.get("kind"), int(line.get("rows_loaded") or 0), line.get("error", "")
        )
    ]
    problems += _example_problems("cli", line.get("issues", []))
    text = json.dumps(line)
    problems += [f"cli: {bad!r} appears in the output" for bad in getattr(case, "absent", ()) if bad in text]
    return problems


def check_upload(case: Case | LargeCase, data: bytes, kind: str) -> list[str]:
    """Load `data` as an upload of `kind` in a worker; the problems with what came back."""
    result, stats = load_isolated_with_stats(data, name=case.name, kind=kind)
    problems = _stats_problems(f"upload as {kind}", stats.wall_seconds, stats.peak_rss_bytes, stats.outcome)
    if isinstance(result, LoadError):
        problems += [f"upload message: {p} — {str(result)[:300]!r}" for p in message_problems(str(result), case.name)]
        return problems + [f"upload: {p}" for p in _expectation_problems(case, False, None, 0, str(result))]
    report = result.report
    problems += [f"upload: {p}" for p in _expectation_problems(case, True, result.kind, result.frame.height)]
    if result.frame.height != report.rows_loaded:
        problems.append(f"upload: the frame has {result.frame.height} rows, the report says {report.rows_loaded}")
    problems += [f"upload frame: {p}" for p in frame_problems(result.frame, result.kind)]
    problems += _example_problems("upload", report.to_dict()["issues"])
    text = frame_text(result.frame)
    if _same_kind(case.kind, result.kind):
        problems += [
            f"upload: {want!r} did not survive loading" for want in getattr(case, "contains", ()) if want not in text
        ]
    everything = text + report_text(report)
    problems += [
        f"upload: {bad!r} appears in the frame or report" for bad in getattr(case, "absent", ()) if bad in everything
    ]
    return problems


def run_cli(paths: list[Path]) -> list[dict[str, Any]]:
    """`python -m data_loaders validate PATHS --json`: one JSON object per path, in order."""
    done = subprocess.run(
        [sys.executable, "-m", "data_loaders", "validate", *map(str, paths), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=len(paths) * (MAX_WALL_SECONDS + 5) + 30,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == len(paths), (
        f"validate printed {len(lines)} lines for {len(paths)} paths; stderr: {done.stderr[-2000:]}"
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == (0 if all("error" not in line and line["rows_loaded"] for line in lines) else 2)
    return lines


class Jobs:
    """The corpus's loads queued on a two-thread pool; each test collects its own file's results."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(POOL, thread_name_prefix="corpus")
        self.cli: dict[str, tuple[Future[list[dict[str, Any]]], int]] = {}
        self.upload: dict[str, Future[list[str]]] = {}

    def queue(self, cases: list[Case | LargeCase], path_of: Callable[[str], Path], *, cli: bool = True) -> None:
        """Queue CLI batches and uploads, interleaved in file order (so early tests wait least)."""
        for start in range(0, len(cases), CLI_BATCH):
            batch = cases[start : start + CLI_BATCH]
            if cli:
                future = self.pool.submit(run_cli, [path_of(c.name) for c in batch])
                self.cli.update({c.name: (future, i) for i, c in enumerate(batch)})
            for case in batch:
                # The upload goes in as what the file is meant to be; the CLI guesses the kind itself.
                self.upload[case.name] = self.pool.submit(
                    lambda c=case: check_upload(c, path_of(c.name).read_bytes(), c.kind or "listings")
                )

    def wait_all(self) -> None:
        """Wait until every queued job has ended (its outcome is judged by the per-file tests)."""
        for future in [*self.upload.values(), *(f for f, _ in self.cli.values())]:
            future.exception(timeout=1200)

    def problems(self, name: str) -> list[str]:
        """All problems found for one file (waits for its jobs)."""
        case = BY_NAME[name]
        found = self.upload[name].result(timeout=280)
        if name in self.cli:
            future, index = self.cli[name]
            found += check_cli_line(case, future.result(timeout=280)[index])
        return found


@pytest.fixture(scope="module")
def jobs() -> Iterator[Jobs]:
    """The committed corpus queued for loading (large files are queued by their own fixture)."""
    queued = Jobs()
    queued.queue(list(CASES), lambda name: FILES / name)
    yield queued
    queued.pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module")
def large_jobs(jobs: Jobs, tmp_path_factory: pytest.TempPathFactory) -> Jobs:
    """The large files, written to a temporary folder and queued behind the committed corpus."""
    paths = write_large(tmp_path_factory.mktemp("corpus_large"))
    jobs.queue([c for c in LARGE_CASES if c.name not in CLI_LARGE], paths.__getitem__, cli=False)
    jobs.queue([c for c in LARGE_CASES if c.name in CLI_LARGE], paths.__getitem__)
    return jobs


def test_committed_files_match_the_generator() -> None:
    built = build_all()
    committed = {p.name for p in FILES.iterdir()}
    assert committed == set(built), (
        f"run python tests/corpus/make_corpus.py (extra: {committed - set(built)}, missing: {set(built) - committed})"
    )
    changed = [name for name, data in built.items() if (FILES / name).read_bytes() != data]
    assert not changed, f"committed files differ from the generator: {changed}"
    assert README.read_text(encoding="utf-8") == readme_text(built)
    assert len(built) >= 110 and sum(map(len, built.values())) <= MAX_COMMITTED_BYTES


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_corpus_file(name: str, jobs: Jobs) -> None:
    problems = jobs.problems(name)
    assert not problems, f"{name} ({BY_NAME[name].probe}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", [c.name for c in LARGE_CASES])
def test_large_file(name: str, large_jobs: Jobs) -> None:
    problems = large_jobs.problems(name)
    assert not problems, f"{name} ({BY_NAME[name].probe}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", [*WORST, "delim_pipe.csv"])
def test_sources_page_upload_path(name: str) -> None:
    """The Sources page's own entry point (`load_upload`, with the session's memory cap) on the worst files."""
    from dashboard.sources_panel import load_upload

    attempt = load_upload((FILES / name).read_bytes(), name, BY_NAME[name].kind or "listings")
    if attempt.ok:
        assert BY_NAME[name].expect != "error" and not frame_problems(attempt.result.frame, attempt.result.kind)
    else:
        assert BY_NAME[name].expect != "load" and not message_problems(attempt.error, name), attempt.error


@pytest.mark.timeout(1500)  # run alone, it waits for the whole corpus
def test_no_child_process_above_2_gb(jobs: Jobs) -> None:
    """Every worker and CLI process this module waited for stayed under 2 GB (ru_maxrss is in KiB)."""
    jobs.wait_all()
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 <= MAX_RSS_BYTES
