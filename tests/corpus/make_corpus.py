"""Build the malformed-file corpus: `python tests/corpus/make_corpus.py` rewrites tests/corpus/files/ and README.md.

Deterministic: the same code writes the same bytes (tests/data_loaders/test_corpus.py checks the committed
files against it). Files too big to commit are listed in LARGE_CASES and written at test time by
`write_large(folder)`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests.corpus` importable from the project root
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpus import json_cases, parquet_cases, text_cases, xlsx_cases
from tests.corpus.case import Case, LargeCase
from tests.corpus.large_cases import LARGE_CASES

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
README = HERE / "README.md"
CASES: list[Case] = text_cases.CASES + xlsx_cases.CASES + json_cases.CASES + parquet_cases.CASES
MAX_COMMITTED_BYTES = 3 * 1024 * 1024

_README_HEAD = """# The malformed-file corpus

Files a careless or hostile user could hand to Internship Insights (issue 8). Every one goes through the
CLI (`python -m data_loaders validate ... --json`) and the upload path (`data_loaders.isolation`) in
`tests/data_loaders/test_corpus.py`; the worst ones are uploaded to a running server by
`tests/e2e/test_e2e_hostile_uploads.py`. Each must end in a loaded frame (possibly with issues) or a clear
message — no traceback, no hang over 30 s, no process above 2 GB, and the server alive afterwards.

Regenerate with `python tests/corpus/make_corpus.py` (deterministic; the test fails when the committed files
differ from what the generator writes). The builders live next to this file: `text_cases.py` (CSV and
text), `xlsx_cases.py` (workbooks, built by hand with `zipkit.py` so they can lie), `json_cases.py`,
`parquet_cases.py`, and `large_cases.py` (written at test time, never committed).

*Expect*: `load` — must end in a frame; `error` — must end in a clear message; `any` — either, as long as
it is one of the two. *Kind*: what the file is meant as; a file is tried as listings and as outcomes anyway.

| file | bytes | expect | kind | probes |
| --- | ---: | --- | --- | --- |
"""


def build_all() -> dict[str, bytes]:
    """Every committed case's bytes by file name (names are unique)."""
    built: dict[str, bytes] = {}
    for case in CASES:
        if case.name in built:
            raise ValueError(f"duplicate corpus name {case.name}")
        built[case.name] = case.build()
    return built


def write_large(folder: Path, names: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Write the large cases (all, or those named) into `folder`; returns their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in LARGE_CASES:
        if names is None or case.name in names:
            path = folder / case.name
            if not path.exists():
                case.write(path)
            paths[case.name] = path
    return paths


def readme_text(built: dict[str, bytes]) -> str:
    """The README: one table row per committed file, then the large ones."""
    rows = [_row(case.name, f"{len(built[case.name]):,}", case) for case in CASES]
    large = [_row(case.name, "test time", case) for case in LARGE_CASES]
    total = sum(len(b) for b in built.values())
    tail = (
        f"\n{len(CASES)} committed files, {total:,} bytes in all.\n\n"
        "## Written at test time (too big to commit)\n\n| file | bytes | expect | kind | probes |\n"
        "| --- | ---: | --- | --- | --- |\n" + "\n".join(large) + "\n"
    )
    return _README_HEAD + "\n".join(rows) + "\n" + tail


def _row(name: str, size: str, case: Case | LargeCase) -> str:
    """One Markdown table row (pipes in the description escaped)."""
    probe = case.probe.replace("|", "\\|")
    return f"| `{name}` | {size} | {case.expect} | {case.kind or '—'} | {probe} |"


def main() -> int:
    """Write files/ and README.md; remove files no case names any more."""
    built = build_all()
    total = sum(len(b) for b in built.values())
    if total > MAX_COMMITTED_BYTES:
        print(f"error: the committed corpus would be {total:,} bytes (limit {MAX_COMMITTED_BYTES:,})", file=sys.stderr)
        return 1
    FILES.mkdir(exist_ok=True)
    for stale in set(p.name for p in FILES.iterdir()) - set(built):
        (FILES / stale).unlink()
    for name, data in built.items():
        (FILES / name).write_bytes(data)
    README.write_text(readme_text(built), encoding="utf-8")
    print(f"wrote {len(built)} files ({total:,} bytes) to {FILES} and {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
