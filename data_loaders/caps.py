"""Apply the parsing caps of `limits.py` to raw text and raw frames, reporting each cap that was hit.

Every function here is vectorised (polars) or a single linear pass: no per-cell Python.
"""

from __future__ import annotations

from functools import partial

import polars as pl

from data_loaders import limits
from data_loaders.columns import LISTING_ALIASES, column_key
from data_loaders.report import RowIssue, issue_from_mask

_PREVIEW = 80  # characters of a cut value shown in the report's examples


def cap_lines(text: str) -> tuple[str, RowIssue | None]:
    """Cut physical lines longer than MAX_LINE_CHARS; one issue counting them (line numbers as rows)."""
    cap = limits.MAX_LINE_CHARS
    if len(text) <= cap or not has_long_line(text, cap):
        return text, None
    lengths = pl.Series([text]).str.split("\n").explode().str.len_chars()
    long_lines = (lengths > cap).arg_true()
    if long_lines.len() == 0:
        return text, None
    lines = text.split("\n")
    for index in long_lines.to_list():
        lines[index] = lines[index][:cap]
    examples = [
        {"row": i + 1, "column": None, "value": f"{lengths[i]:,} characters"} for i in long_lines.head(5).to_list()
    ]
    issue = RowIssue(f"line longer than {cap:,} characters (cut to that length)", None, long_lines.len(), examples)
    return "\n".join(lines), issue


def has_long_line(text: str | bytes, cap: int) -> bool:
    """Whether some line is longer than `cap`: jump from the last line break in each window of cap + 1 characters.

    On bytes it counts bytes, which are never fewer than characters: a line it passes is short in either.

    A few hundred C-level rfind calls for a 266 MB file, instead of splitting it into a million lines
    (which allocated gigabytes and took seconds).
    """
    position = 0
    last_break = partial(text.rfind, "\n") if isinstance(text, str) else partial(text.rfind, b"\n")
    while len(text) - position > cap:
        newline = last_break(position, position + cap + 1)
        if newline == -1:
            return True
        position = newline + 1
    return False


def cap_rows(frame: pl.DataFrame, rows: pl.Series | None) -> tuple[pl.DataFrame, pl.Series | None, RowIssue | None]:
    """Keep the first MAX_ROWS rows; an issue says how many were left out."""
    cap = limits.MAX_ROWS
    if frame.height <= cap:
        return frame, rows, None
    extra = frame.height - cap
    first = None if rows is None else rows[cap]
    issue = RowIssue(
        f"more than {cap:,} rows (the rest were not read)",
        None,
        extra,
        [{"row": first, "column": None, "value": f"{extra:,} further rows"}],
        dropped=True,
    )
    return frame.head(cap), None if rows is None else rows.head(cap), issue


def cap_columns(columns: list[str]) -> tuple[list[str], RowIssue | None]:
    """The first MAX_COLUMNS column names, and an issue naming what was left out."""
    cap = limits.MAX_COLUMNS
    if len(columns) <= cap:
        return columns, None
    left = columns[cap:]
    examples = [{"row": None, "column": str(c)[:_PREVIEW], "value": None} for c in left[:5]]
    return columns[:cap], RowIssue(
        f"more than {cap:,} columns ({len(left):,} further columns ignored)", None, len(left), examples
    )


def description_columns(columns: list[str]) -> set[str]:
    """Columns whose header is a description alias: they are cut at MAX_DESCRIPTION_CHARS instead."""
    keys = {column_key(alias) for alias in LISTING_ALIASES.get("description", ())}
    return {c for c in columns if column_key(c) in keys}


def cap_cells(frame: pl.DataFrame, rows: pl.Series) -> tuple[pl.DataFrame, list[RowIssue]]:
    """Cut text values longer than MAX_CELL_CHARS (description columns: MAX_DESCRIPTION_CHARS); one issue per column hit."""
    long_text = description_columns(frame.columns)
    lengths: list[pl.Expr] = []
    for col, dtype in frame.schema.items():
        cap = limits.MAX_DESCRIPTION_CHARS if col in long_text else limits.MAX_CELL_CHARS
        if dtype == pl.String:
            # len_bytes is O(1) and never below the character count: a cheap, safe upper bound.
            lengths.append((pl.col(col).str.len_bytes() > cap).any().alias(col))
        elif dtype == pl.List(pl.String):
            lengths.append(
                (pl.col(col).list.eval(pl.element().str.len_bytes().max()).list.first() > cap).any().alias(col)
            )
    if not lengths or frame.height == 0:
        return frame, []
    suspects = [c for c, hit in frame.select(lengths).row(0, named=True).items() if hit]
    issues: list[RowIssue] = []
    fixes: list[pl.Expr] = []
    for col in suspects:
        cap = limits.MAX_DESCRIPTION_CHARS if col in long_text else limits.MAX_CELL_CHARS
        if frame.schema[col] == pl.String:
            too_long = pl.col(col).str.len_chars() > cap
            fixes.append(pl.col(col).str.slice(0, cap))
        else:
            too_long = (pl.col(col).list.eval(pl.element().str.len_chars().max()).list.first() > cap).fill_null(False)
            fixes.append(pl.col(col).list.eval(pl.element().str.slice(0, cap)))
        preview = pl.col(col).cast(pl.String) if frame.schema[col] == pl.String else pl.col(col).list.join("; ")
        probe = frame.select(
            rows.alias("_row"),
            too_long.fill_null(False).alias("_hit"),
            preview.str.slice(0, _PREVIEW).alias("_preview"),
        )
        issue = issue_from_mask(
            probe, pl.col("_hit"), f"value longer than {cap:,} characters (cut to that length)", col, "_preview"
        )
        if issue:
            issue.column = col
            for example in issue.examples:
                example["column"] = col
            issues.append(issue)
    return (frame.with_columns(fixes) if fixes else frame), issues
