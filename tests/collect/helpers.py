"""Config text for the scripted server: fast settings plus the sources the test names."""

from __future__ import annotations

from tests.collect.conftest import FAST

GH = "/v1/boards/{board}/jobs?content=true"
LEVER = "/v0/postings/{board}?mode=json"
ASHBY = "/posting-api/job-board/{board}?includeCompensation=true"


def board_source(kind: str, board: str, base: str) -> str:
    """One [[sources]] table pointing a board at the test server."""
    return f'\n[[sources]]\nkind = "{kind}"\nboard = "{board}"\napi_base = "{base}"\n'


def list_source(url: str, name: str = "test-list") -> str:
    """One [[sources]] table for a list at `url`."""
    return f'\n[[sources]]\nkind = "list"\nurl = "{url}"\nname = "{name}"\n'


def config_text(*sources: str, settings: str = FAST) -> str:
    """The whole sources.toml text."""
    return settings + "".join(sources)
