"""Database URLs as text: masking their secrets for messages and reports, without importing SQLAlchemy.

The upload path and the pages name a database source in every message; these helpers need only the URL's text, so
a server that never connects to a database never imports SQLAlchemy (~0.5 s of a cold start).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

# Query-parameter names that carry a secret: password, pwd, passwd, sslpassword, token, api_key, secret, ...
_SECRET_KEY = re.compile(r"pass|pwd|secret|token|key|auth|cred|sig", re.I)
MASK = "***"


def _split_secrets(url: str) -> tuple[str, list[str]]:
    """(the URL with every secret replaced by ***, the secrets found), by text alone.

    SQLAlchemy's parser is not trusted here: it cannot parse every URL, and a password with an
    unencoded `@`, `:` or `/` would be half shown. The user info ends at the last `@` before the
    query; everything after its first `:` is the password. Query values of secret-looking keys go too.
    """
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text, []
    secrets: list[str] = []
    prefix = ""
    at = _userinfo_end(rest)
    if at >= 0:
        user, _, password = rest[:at].partition(":")
        secrets.append(password)
        prefix, rest = f"{user}:{MASK}@", rest[at + 1 :]
    head, qmark, query = rest.partition("?")
    head = prefix + head
    if qmark:
        query, hash_mark, fragment = query.partition("#")
        pairs = []
        for pair in query.split("&"):
            key, eq, value = pair.partition("=")
            if eq and value and _SECRET_KEY.search(unquote_plus(key)):
                secrets.append(value)
                pairs.append(f"{key}={MASK}")
            else:
                pairs.append(pair)
        head = f"{head}?{'&'.join(pairs)}{hash_mark}{fragment}"
    return f"{scheme}://{head}", secrets


def _userinfo_end(rest: str) -> int:
    """Index of the `@` ending `user:password` in a URL's text after `://` (-1 when there is none).

    The last `@` that is followed by a host (no `=` or `&` before the next `/`, `?` or `#`), so a
    password may hold unencoded `@ : / ?` while an e-mail address in a query value is not mistaken for it.
    """
    at = rest.rfind("@")
    while at > 0:
        host = re.split(r"[/?#]", rest[at + 1 :], maxsplit=1)[0]
        if "=" not in host and "&" not in host:
            user, colon, password = rest[:at].partition(":")
            return at if colon and password else -1
        at = rest.rfind("@", 0, at)
    return -1


def mask_url(url: str) -> str:
    """The URL with every password and secret parameter replaced by ***, safe to print or report."""
    return _split_secrets(url)[0]


def scrub(message: str, url: str) -> str:
    """`message` with every secret of `url` (as written and URL-decoded) replaced by ***."""
    for secret in _split_secrets(url)[1]:
        for form in {secret, unquote_plus(secret)}:
            if len(form) >= 1:
                message = message.replace(form, MASK)
    return message


def is_url(source: Any) -> bool:
    """True for a SQLAlchemy URL string (contains ://)."""
    return isinstance(source, str) and "://" in source
