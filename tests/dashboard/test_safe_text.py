"""The escaping helpers: Markdown text stays text, plotly labels carry no tags, only http(s) links survive."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.config import ShowErrorDetailsConfigOptions

from analytics.exports import safe_url
from dashboard.safe_text import join_text, md, plain_label, safe_link
from tests.dashboard.markup import HOSTILE as PAGE_HOSTILE
from tests.dashboard.markup import hostile_markdown, markdown_markup, plotly_markup

HOSTILE = [
    "[Verify your account](https://evil.example/login)",
    "![t](https://evil.example/pixel.png)",
    "<img src=x onerror=alert(1)>",
    '<a href="https://evil.example">click</a>',
    "**bold** and __under__ and ~~gone~~",
    ":red[evil] :blue-background[x] :material/home: :smile:",
    "$x^2$ and $$y$$",
    "javascript:alert(1)",
    "https://evil.example/auto www.evil.example evil@evil.example",
    "# Heading\n- item\n1. first\n> quote\n---\n    indented code\n| a | b |\n|---|---|",
    "&lt;b&gt; &amp; &#x3C;",
    "`code` ```fence```",
    "[x]: https://evil.example/ref\n[x]",
]


def _unescape(text: str) -> str:
    """What a Markdown renderer shows for md() output: backslashes gone, word joiners invisible."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_renders_as_its_own_text(value: str) -> None:
    escaped = md(value)
    assert markdown_markup(escaped) == []
    # Nothing is lost: removing the escapes gives the text back (indentation and control characters aside).
    assert _unescape(escaped) == "\n".join(line.lstrip(" \t") for line in value.split("\n"))


def test_the_checkers_see_raw_markup() -> None:
    # Guards the checkers themselves: every hostile value is flagged raw and passes once escaped.
    assert all(markdown_markup(value) for value in HOSTILE)
    for value in PAGE_HOSTILE:
        assert hostile_markdown(f"Data: **{value}**.") and hostile_markdown(f"Data: **{md(value)}**.") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (3.5, "3.5"),
        ("Sunmark Inc. (Boston)!", "Sunmark Inc. (Boston)!"),
        ("C++", "C++"),
        ("+1 - 2", "\\+1 - 2"),
        ("2027. Summer\n3) x", "2027\\. Summer\n3\\) x"),
        ("R&D_team", "R\\&D\\_team"),
        ("a\x00b\tc\r\nd", "a b c\nd"),
        ("x: y", "x\\: y"),
        ("x:y", "x\\:\u2060y"),
    ],
)
def test_md_examples(value: object, expected: str) -> None:
    assert md(value) == expected


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_md_never_leaves_markup(value: str) -> None:
    assert markdown_markup(md(value)) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('<a href="https://evil.example">x</a>', '&lt;a href="https://evil.example"&gt;x&lt;/a&gt;'),
        ("<b>R&D</b>", "&lt;b&gt;R&amp;D&lt;/b&gt;"),
        ("%{customdata}", "%\u200b{customdata}"),
        (None, ""),
    ],
)
def test_plain_label(value: object, expected: str) -> None:
    assert plain_label(value) == expected


def test_plotly_checker_flags_tags_only_from_data() -> None:
    raw = go.Figure(go.Bar(x=[1], y=["<img src=x onerror=alert(1)>"], hovertemplate="%{y}<extra></extra>"))
    safe = go.Figure(
        go.Bar(x=[1], y=[plain_label("<img src=x onerror=alert(1)>")], hovertemplate="%{y}<br><extra></extra>")
    )
    assert plotly_markup(raw.to_plotly_json()) and plotly_markup(safe.to_plotly_json()) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/jobs/1", "https://example.com/jobs/1"),
        ("  http://example.com  ", "http://example.com"),
        ("HTTPS://EXAMPLE.COM/x?y=1#z", "HTTPS://EXAMPLE.COM/x?y=1#z"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("file:///etc/passwd", None),
        ("//evil.example/x", None),
        ("/relative", None),
        ("https://", None),
        ("https:///path", None),
        ("https://exa mple.com", None),
        ("https://example.com/\x00", None),
        ("http://[::1", None),
        (None, None),
        (42, None),
        ("", None),
    ],
)
def test_safe_link(url: object, expected: str | None) -> None:
    assert safe_link(url) == expected
    if isinstance(url, str):  # the polars rule used by tables agrees with the Python one
        column = pl.DataFrame({"url": [url]}).select(safe_url())["url"][0]
        assert column == expected


@pytest.mark.parametrize(
    ("values", "sep", "expected"),
    [
        (None, ", ", ""),
        (["Python", None, " ", "SQL"], ", ", "Python, SQL"),
        ([], "; ", ""),
        ("already text", ", ", "already text"),
        (pl.Series(["a", "b"]), "; ", "a; b"),
        (7, ", ", "7"),
        (("x", 1), "/", "x/1"),
    ],
)
def test_join_text_never_raises(values: object, sep: str, expected: str) -> None:
    assert join_text(values, sep) == expected


def test_safe_defaults_in_the_streamlit_config() -> None:
    # Users never see tracebacks or exception messages; the server listens on loopback unless told otherwise.
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE.value
    assert config["server"]["address"] == "127.0.0.1"
