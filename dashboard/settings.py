"""Settings from secrets.toml ([insights] and [connections.<name>]): each read with a safe default, never raising.

The app must run with no secrets file at all; a bad or non-positive number is ignored for its default.
"""

from __future__ import annotations

import time
import weakref
from typing import Any

import streamlit as st

from dashboard.memory_budget import MB

DEFAULT_MIN_GROUP = 10
DEFAULT_SESSION_DATA_MB = 1024  # [insights] session_data_mb: one session's own data (estimated frame size)
DEFAULT_SERVER_DATA_MB = 4096  # [insights] server_data_mb: all sessions' own data together
DEFAULT_SESSION_DATA_TTL_MINUTES = 120  # [insights] session_data_ttl_minutes: how long unused own data is kept


# With no secrets file, Streamlit looks for one again at every read (it resolves and stats each configured path, then
# raises): ~0.2 ms a read, seven reads a page run. That finding is believed this long, per secrets object (AppTest
# swaps in its own), so a secrets.toml created while the server runs is still read within a second.
NO_FILE_RECHECK_S = 1.0
_no_file: tuple[weakref.ref[Any], float] | None = None  # (the secrets object that found no file, when)


def _found_no_file_lately(secrets: Any) -> bool:
    seen = _no_file
    return seen is not None and seen[0]() is secrets and time.monotonic() - seen[1] < NO_FILE_RECHECK_S


def secret_section(name: str) -> dict[str, Any]:
    """A top-level secrets section as a plain dict; {} when there is no secrets file or section."""
    global _no_file
    secrets = st.secrets
    if _found_no_file_lately(secrets):
        return {}
    try:
        section = secrets.get(name)
    except FileNotFoundError:
        # No secrets.toml (StreamlitSecretNotFoundError is a FileNotFoundError) or one that cannot be read: the app
        # must still run on defaults.
        _no_file = (weakref.ref(secrets), time.monotonic())
        return {}
    except (KeyError, AttributeError, TypeError, ValueError):
        return {}
    if section is None:
        return {}
    try:
        return {key: section[key] for key in section}
    except TypeError:
        return {}


def configured_count(key: str, default: int) -> int:
    """A positive whole number from [insights] in secrets, else `default` (a bad or non-positive value is ignored)."""
    value = secret_section("insights").get(key, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default


def session_data_ttl_seconds() -> float:
    """How long a session's own data is kept after its last use ([insights] session_data_ttl_minutes, default 120)."""
    return configured_count("session_data_ttl_minutes", DEFAULT_SESSION_DATA_TTL_MINUTES) * 60.0


def session_data_bytes() -> int:
    """The per-session cap on own data ([insights] session_data_mb, default 1024 MB)."""
    return configured_count("session_data_mb", DEFAULT_SESSION_DATA_MB) * MB


def server_data_bytes() -> int:
    """The server-wide budget for all sessions' own data ([insights] server_data_mb, default 4096 MB)."""
    return configured_count("server_data_mb", DEFAULT_SERVER_DATA_MB) * MB


def minutes_text(seconds: float) -> str:
    """'2 hours', '90 minutes', '1 minute'."""
    minutes = round(seconds / 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def configured_min_group_size() -> int:
    """The minimum group size from secrets ([insights] min_group_size), else DEFAULT_MIN_GROUP."""
    # Only the operator (secrets) may lower it, and never to nothing: a group of one is a person.
    return configured_count("min_group_size", DEFAULT_MIN_GROUP)


def connections() -> dict[str, dict[str, Any]]:
    """The `[connections.<name>]` sections of secrets as plain dicts; {} when there are none."""
    found: dict[str, dict[str, Any]] = {}
    for name, section in secret_section("connections").items():
        try:
            found[str(name)] = {key: section[key] for key in section}
        except TypeError:
            continue  # a scalar where a section was expected: not a connection
    return found
