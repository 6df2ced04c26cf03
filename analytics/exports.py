"""Safe exports and safe text: the one formula neutraliser for every CSV, the one Markdown escaper, the one link rule.

Pure Python and polars (no streamlit): the dashboard's `safe_text` module, the CSV / Parquet downloads and the
skill plan's Markdown all use these, so a value from a file or a link reads the same, inert, everywhere.
"""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import polars as pl

# Spreadsheet formula triggers (OWASP CSV injection): =, +, -, @ (also after leading blanks, which Excel and
# LibreOffice skip before deciding a cell is a formula) and a leading tab or carriage return.
FORMULA_START = r"^(?:[\t\r]|[ \t\r\n]*[=+\-@])"
# Characters with an inline meaning in GitHub-flavoured Markdown or in Streamlit's additions (emphasis, code,
# links, HTML and entities, tables, strikethrough, LaTeX). They are backslash-escaped wherever they are;
# CommonMark removes a backslash before any ASCII punctuation, so the text reads the same.
_MARKDOWN_ACTIVE = frozenset("\\`*_[]<>|~$&")
# These mean something only at the start of a line (headings, list items, setext underlines, ordered lists);
# `!`, `(`, `)`, `{`, `}` and `.` have no meaning once `[`, `]` and `:` are escaped, so they are left as they are.
_LINE_START = re.compile(r"(?m)^([#+\-=])|^(\d{1,9})([.)])(?=[ \t]|$)")
# After these a WORD JOINER (invisible, U+2060) is added as well: remark's autolink-literal and emoji plugins
# and Streamlit's ":material/…:" icons match the decoded text after escapes are gone, so only a real
# character between ':' / '@' / "www" and what follows stops "https://…", "a@b.example", ":smile:".
_WORD_JOINER = "\u2060"
_BREAK_AFTER = frozenset(":@")
_WWW = re.compile(r"(?i)(?<![0-9a-z])www(?=\.)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_LINE_INDENT = re.compile(r"(?m)^[ \t]+")
# Only http(s) URLs with a host and without blanks or control characters are ever links.
# (optional user@, a host name or a bracketed IPv6 address, an optional port, then a path, query or fragment).
_SAFE_URL = (
    r"(?i)^https?://(?:[^\s/?#@\x00-\x1f\x7f]*@)?(?:[^\s/?#@\[\]:\x00-\x1f\x7f]+|\[[0-9a-f:.]+\])(?::\d*)?"
    r"(?:[/?#][^\s\x00-\x1f\x7f]*)?$"
)


def escape_markdown(value: object) -> str:
    """`value` as Markdown source that renders as exactly its text: no link, image, HTML, emphasis or directive."""
    if value is None:
        return ""
    text = _CONTROL.sub(" ", str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    # Leading blanks would make an indented code block; the text itself is unchanged otherwise.
    text = _WWW.sub("www" + _WORD_JOINER, _LINE_INDENT.sub("", text))
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _MARKDOWN_ACTIVE:
            out.append("\\" + char)
        elif char in _BREAK_AFTER:
            # Links, e-mail autolinks, emoji and icon codes all need a non-blank right after ':' / '@':
            # before a blank (ordinary prose, "Outcomes: 3 of 4") the joiner would only be noise when copied.
            following = text[index + 1 : index + 2]
            out.append("\\" + char + (_WORD_JOINER if following and not following.isspace() else ""))
        else:
            out.append(char)
    return _LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", "".join(out))


def escape_markdown_cell(value: object) -> str:
    """`escape_markdown` for one Markdown table cell: lists joined with ", ", line breaks as spaces."""
    if isinstance(value, (list, tuple)):
        value = ", ".join("" if item is None else str(item) for item in value)
    return escape_markdown(value).replace("\n", " ")


def is_safe_url(url: object) -> bool:
    """True only for an http(s) URL with a host (no javascript:, data:, file:, relative or blank-bearing links)."""
    if not isinstance(url, str) or not re.match(_SAFE_URL, url.strip()):
        return False
    try:
        return bool(urlsplit(url.strip()).hostname)
    except ValueError:  # e.g. a malformed IPv6 literal
        return False


def safe_url() -> pl.Expr:
    """The `url` column only where it is a safe http(s) link (`is_safe_url`'s rule); anything else becomes null."""
    url = pl.col("url").str.strip_chars()
    return pl.when(url.str.contains(_SAFE_URL)).then(url).otherwise(None).alias("url")


def csv_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with "; " and text cells that a spreadsheet would run as a formula prefixed with '."""
    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.List):
            column = column.cast(pl.List(pl.String)).list.join("; ")
        elif dtype != pl.String:
            exprs.append(column)
            continue
        exprs.append(
            pl.when(column.str.contains(FORMULA_START)).then(pl.lit("'") + column).otherwise(column).alias(name)
        )
    return frame.select(exprs)


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 CSV (with a byte-order mark so Excel reads accents) of the csv_safe frame."""
    buffer = io.BytesIO()
    csv_safe(frame).write_csv(buffer, include_bom=True)
    return buffer.getvalue()


def to_parquet_bytes(frame: pl.DataFrame) -> bytes:
    """Parquet bytes of the frame as it is (lists stay lists: Parquet is not run by spreadsheets)."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


__all__ = [
    "FORMULA_START",
    "csv_safe",
    "escape_markdown",
    "escape_markdown_cell",
    "is_safe_url",
    "safe_url",
    "to_csv_bytes",
    "to_parquet_bytes",
]
