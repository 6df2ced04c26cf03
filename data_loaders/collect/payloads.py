"""Response bodies → JSON, with a clear reason when a body is not what the source promised."""

from __future__ import annotations

import json
from typing import Any


class SourceError(Exception):
    """A source's answer could not be used; the message is the run report's line for it."""


def decode_json(body: bytes, content_type: str | None = None) -> Any:
    """Parse a JSON body; SourceError for empty bodies, HTML pages and malformed or truncated JSON."""
    head = body[:2048].lstrip().lower()
    if not head:
        raise SourceError("empty response (no JSON)")
    # The body decides, not the Content-Type: mirrors serve JSON as text/plain or even text/html.
    if head.startswith(b"<"):
        served = f", served as {content_type.split(';')[0].strip()}" if content_type else ""
        raise SourceError(f"answered with an HTML page, not JSON (an error, login or maintenance page?{served})")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"response is not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip())  # the parser ran out of text: the body was cut off
        what = "truncated" if truncated else "malformed"
        raise SourceError(f"JSON is {what} ({exc.msg} at character {exc.pos:,} of {len(text):,})") from None


def jobs_array(payload: Any, key: str, kind: str) -> list[dict[str, Any]]:
    """payload[key] as a list of objects (payload itself when `key` is empty); SourceError otherwise."""
    found = payload if not key else (payload.get(key) if isinstance(payload, dict) else None)
    if not isinstance(found, list):
        want = "a JSON array" if not key else f"a JSON object with a '{key}' array"
        raise SourceError(f"unexpected {kind} response shape: expected {want}")
    return [item for item in found if isinstance(item, dict)]
