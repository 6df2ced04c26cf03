"""Checkers for the hostile-input tests: find markup in what Streamlit (Markdown) and plotly (pseudo-HTML) would render.

No Markdown library is installed, so the Markdown check works on the source the way a CommonMark + GFM +
Streamlit renderer reads it: an escaped character (backslash + character) is plain text, so escapes are masked
first; every construct that would make a link, image, HTML element, emphasis, directive, math, emoji, autolink,
code or block structure is then looked for in what is left.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

# Escaped characters are text; each becomes one placeholder that matches no construct.
_ESCAPE = re.compile(r"\\[\s\S]")
MARKDOWN_CONSTRUCTS: dict[str, re.Pattern[str]] = {
    "link or image": re.compile(r"!?\[[^\]\n]*\]\s*[(\[][^)\]\n]*[)\]]?"),
    "link reference definition": re.compile(r"(?m)^ {0,3}\[[^\]\n]*\]:"),
    "html": re.compile(r"<[A-Za-z/!?][^>\n]*>?"),
    "emphasis": re.compile(r"(\*\*|__|~~?)[^\n]*?\1|(?<![\w*])\*[^\s*][^*\n]*\*|(?<!\w)_[^\s_][^_\n]*_(?!\w)"),
    "directive or icon": re.compile(r":[A-Za-z][\w-]*(\[[^\]\n]*\]?|/[\w]+:?)"),
    "emoji shortcode": re.compile(r":[\w+-]+:"),
    "math": re.compile(r"\$[^$\n]*\$?"),
    "autolink": re.compile(
        r"(?i)(?:https?|mailto|xmpp|javascript):[^\s\x00]*|www\.[^\s\x00]*|[\w.+-]+@[\w-]+\.[\w.-]+"
    ),
    "entity": re.compile(r"&(?:#\d+|#x[\da-fA-F]+|\w+);"),
    "code": re.compile(r"`[^`\n]*`?"),
    "block": re.compile(
        r"(?m)^ {0,3}(?:#{1,6}(?:\s|$)|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|\||(?:=+|-+|\*+|_+)[ \t]*$)|^(?: {4}|\t)\S"
    ),
}
# Values planted in links and data by the hostile tests. Each construct contains "evil" so it is told apart
# from the app's own Markdown; SIGNATURES match each one only where its syntax survived unescaped.
HOSTILE: tuple[str, ...] = (
    "[Verify your account](https://evil.example/login)",
    "![t](https://evil.example/pixel.png)",
    "<img src=evil.png onerror=alert(1)>",
    '<a href="https://evil.example/a">click</a>',
    "**evilbold** and _evilitalic_",
    ":red[evilred] :material/evil_icon: :evil_emoji:",
    "$evilmath$",
    "javascript:alert('evil')",
    "see https://evil.example/auto or www.evil.example or evil@evil.example",
    "line one\n# evilheading\n- evilitem",
)
SIGNATURES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\[Verify your account\]\(",
        r"!\[t\]\(",
        r"(?i)<img",
        r"(?i)<a\s+href",
        r"\*\*evilbold",
        r"(?<!\w)_evilitalic",
        r":red\[evilred",
        r":material/evil",
        r":evil_emoji:",
        r"\$evilmath",
        r"(?i)javascript:",
        r"(?i)https?://evil",
        r"(?i)www\.evil",
        r"evil@evil",
        r"(?m)^ {0,3}#+ evilheading",
        r"(?m)^ {0,3}- evilitem",
    )
)

_HOSTILE_TAG = re.compile(r"(?i)<(?:img|a\s|script|svg|iframe)[^>]*")
# plotly draws these pseudo-HTML tags; ours are only <br> and the hover box's <extra></extra>.
_PLOTLY_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)[^>]*>")
_OUR_PLOTLY_TAGS = frozenset({"br", "extra"})


def shown(body: str) -> str:
    """The text a reader sees for escaped Markdown: backslash escapes removed, word joiners invisible."""
    return _ESCAPE.sub(lambda match: match.group(0)[1], body).replace("\u2060", "")


def markdown_markup(body: str) -> list[str]:
    """Every Markdown construct in `body` (escapes masked), as 'kind: text'."""
    masked = _ESCAPE.sub("\x00", body)
    return [
        f"{kind}: {match.group(0)!r}"
        for kind, pattern in MARKDOWN_CONSTRUCTS.items()
        for match in pattern.finditer(masked)
    ]


def hostile_markdown(body: str) -> list[str]:
    """The constructs of the HOSTILE values that survived unescaped in `body`."""
    masked = _ESCAPE.sub("\x00", body)
    return [f"{pattern.pattern}: {body[:160]!r}" for pattern in SIGNATURES if pattern.search(masked)]


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def plotly_markup(figure: dict[str, Any]) -> list[str]:
    """Tags other than our own <br> / <extra> anywhere in a plotly figure's data or layout text."""
    found = []
    for text in _strings({"data": figure.get("data"), "layout": figure.get("layout")}):
        for match in _PLOTLY_TAG.finditer(text):
            if match.group(2).lower() not in _OUR_PLOTLY_TAGS:
                found.append(f"tag {match.group(0)!r} in {text[:120]!r}")
    return found


# Fields of Streamlit's element protos whose text the browser renders as Markdown. "options" counts only for
# radio and button groups (selectbox and multiselect options are plain text).
_MARKDOWN_FIELDS = frozenset({"body", "label", "help", "caption"})
_MARKDOWN_OPTION_PROTOS = frozenset({"Radio", "ButtonGroup"})


def _items(value: Any) -> list[Any]:
    """A proto field's value as a list: a repeated field's items, or the one value."""
    return [value] if isinstance(value, str) or hasattr(value, "ListFields") else list(value)


def _proto_markdown(message: Any, path: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every Markdown-rendered string field inside a proto message, recursively."""
    name = type(message).__name__
    for field, value in message.ListFields():
        where = f"{path}.{field.name}"
        if field.type == field.TYPE_MESSAGE:
            for item in _items(value):
                yield from _proto_markdown(item, where)
        elif field.type == field.TYPE_STRING:
            items = _items(value)
            if field.name in _MARKDOWN_FIELDS or (field.name == "options" and name in _MARKDOWN_OPTION_PROTOS):
                yield from ((where, item) for item in items)


def _nodes(node: Any) -> Iterator[Any]:
    """Every element and block under an AppTest tree node."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def rendered_markup(at: Any) -> list[str]:
    """Markup from the HOSTILE values in every Markdown text, and any foreign tag in every plotly figure, of an AppTest run."""
    problems = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = type(proto).__name__
        if kind == "PlotlyChart":
            problems += [f"plotly: {p}" for p in plotly_markup(json.loads(proto.spec or "{}"))]
            continue
        if kind == "Html":  # st.html is HTML, not Markdown: only a tag from a hostile value is a problem
            problems += [f"html: {m.group(0)!r}" for m in _HOSTILE_TAG.finditer(proto.body)]
            continue
        for where, text in _proto_markdown(proto, kind):
            problems += [f"{where}: {p}" for p in hostile_markdown(text)]
    return problems
