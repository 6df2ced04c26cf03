"""HTML job descriptions → plain text with the standard library's html.parser.

Headings, paragraphs and list items start new lines (a list item gets "- "), so the description
extractor downstream can still tell a "Requirements" heading from the bullet points under it.
Scripts and styles are dropped; entities are decoded; runs of blank lines collapse to one.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK = frozenset({"p", "div", "section", "article", "header", "footer", "ul", "ol", "table", "tr", "blockquote",
                    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dl", "dt", "dd"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag.startswith("h") or tag == "p" else "\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment (None stays None; text without tags comes back tidied)."""
    if markup is None:
        return None
    text = str(markup)
    # Greenhouse's `content` is HTML whose tags are themselves entity-escaped ("&lt;p&gt;").
    if "&lt;" in text and "<" not in text:
        text = html.unescape(text)
    parser = _TextParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup: keep what it read
        pass
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    cleaned = _BLANKS.sub("\n\n", "\n".join(lines)).strip()
    return cleaned or None
