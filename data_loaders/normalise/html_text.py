"""HTML -> plain text: the one HTML-to-text converter of the project.

Uploaded description columns, pasted job descriptions and the collector's job-board postings all go through it.
The standard library's parser decodes entities; block tags (p, div, li, h1–h6, br, tr …) become line breaks,
list items start with "• ", scripts and styles are dropped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
_HTML_HINT = re.compile(r"<(?:/?(?:p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|span|a|table|tr|td)\b[^>]{0,200}>|!--)", re.I)


class _TextExtractor(HTMLParser):
    """Collects text; block tags become line breaks, list items bullets, headings their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Plain text of an HTML fragment (entities decoded, block tags as line breaks); plain text unchanged.

    The one HTML-to-text converter of the project: uploaded description columns, pasted job descriptions and the
    collector's job-board postings all go through it."""
    if "&lt;" in text and "<" not in text:  # Greenhouse's `content` is HTML whose tags are entity-escaped once more
        text = html.unescape(text)
    if not _HTML_HINT.search(text):
        return text
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is forgiving; anything odd falls back to the raw text
        return text
    joined = "".join(parser.parts).replace("\xa0", " ")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n"))
    return "\n".join(line for line in lines if line and line != "•")
