"""The pandas side-by-side benchmark keeps working: every question answered alike both ways (no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_pandas


def test_bench_pandas_answers_every_question_alike(tmp_path: Path) -> None:
    out = tmp_path / "pandas.json"
    assert (
        bench_pandas.main(["--listings", "2000", "--applications", "20000", "--repeat", "1", "--json", str(out)]) == 0
    )
    rows = json.loads(out.read_text())["rows"]
    assert len(rows) == 5 and all(row["same"] for row in rows)
    assert all(row["ours_ms"] > 0 and row["pandas_ms"] > 0 for row in rows)
