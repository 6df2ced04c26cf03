"""User text rendered as text: one escaper per context (Markdown, plotly labels, links), used for every value
that comes from data, from a link (st.query_params) or from an upload.

- `md(value)` for any Markdown context: st.markdown / caption / info / warning / error / success / toast,
  titles and headers, metric labels and help, expander and tab labels, button labels, spinner text.
  Interpolate it around the untrusted part only: `st.caption(f"Data: **{md(label)}**")`.
- `plain_label(value)` for plotly text (titles, axis titles, category ticks, legend names, text labels,
  hover text and values shown through %{...}): plotly renders <a href>, <b>, <br>, so `<`, `>`, `&` become entities.
- `safe_link(url)` returns the URL only when it is http(s) with a host; st.link_button and LinkColumn only get those.
- `join_text(values, sep)` joins whatever a list cell holds (None, a list with nulls, a scalar) without raising.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from analytics.exports import escape_markdown, is_safe_url

# A zero-width space after "%" stops a value inside a hovertemplate from being read as a %{placeholder}.
_TEMPLATE_BREAK = "%\u200b{"


def md(value: object) -> str:
    """`value` escaped for a Markdown context: it renders as exactly its text (no link, image, HTML, directive, math)."""
    return escape_markdown(value)


def plain_label(value: object) -> str:
    """`value` for plotly text: HTML-like tags and entities shown literally, never rendered; None becomes ''."""
    if value is None:
        return ""
    return html.escape(str(value), quote=False).replace("%{", _TEMPLATE_BREAK)


def plain_labels(values: Iterable[object]) -> list[str]:
    """`plain_label` of every value, for a trace's categories, names or text."""
    return [plain_label(value) for value in values]


def safe_link(url: object) -> str | None:
    """The stripped URL when it is http(s) with a host, else None (javascript:, data:, file:, relative, junk)."""
    return url.strip() if isinstance(url, str) and is_safe_url(url) else None


def join_text(values: object, sep: str = ", ") -> str:
    """The items of a list cell as one string: nulls and blanks skipped; None -> ''; a scalar -> its text."""
    if values is None:
        return ""
    if isinstance(values, (str, bytes)):
        return values.decode("utf-8", "replace") if isinstance(values, bytes) else values
    if isinstance(values, Iterable):
        return sep.join(str(item) for item in values if item is not None and str(item).strip())
    return str(values)


__all__ = ["join_text", "md", "plain_label", "plain_labels", "safe_link"]
