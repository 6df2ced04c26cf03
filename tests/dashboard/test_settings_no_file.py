"""With no secrets file, the settings do not look for one at every read (dashboard/settings.py): Streamlit resolves
and stats each configured path and raises each time, seven times a page run. "No file" is believed for a second per
secrets object; a file that appears is then read, and a secrets object that has secrets is read as always."""

from __future__ import annotations

from typing import Any

import pytest
import streamlit as st

from dashboard import settings


class FakeSecrets:
    """Counts its reads; raises as Streamlit's does with no file, or serves `values`."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.values = values
        self.reads = 0

    def get(self, name: str) -> Any:
        self.reads += 1
        if self.values is None:
            raise FileNotFoundError("No secrets found.")
        return self.values.get(name)


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(settings.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(settings, "_no_file", None)
    return now


def test_no_file_is_looked_for_once_a_second(monkeypatch: pytest.MonkeyPatch, clock: list[float]) -> None:
    fake = FakeSecrets()
    monkeypatch.setattr(st, "secrets", fake)
    for _ in range(7):
        assert settings.secret_section("insights") == {}
    assert fake.reads == 1
    assert settings.configured_min_group_size() == settings.DEFAULT_MIN_GROUP
    assert fake.reads == 1

    # A secrets file written while the server runs is read once the second is over.
    fake.values = {"insights": {"min_group_size": 25}}
    clock[0] += settings.NO_FILE_RECHECK_S / 2
    assert settings.configured_min_group_size() == settings.DEFAULT_MIN_GROUP
    clock[0] += settings.NO_FILE_RECHECK_S
    assert settings.configured_min_group_size() == 25
    assert settings.configured_min_group_size() == 25
    assert fake.reads == 3  # found: every read asks Streamlit (which keeps the parsed file)


def test_another_secrets_object_is_read_at_once(monkeypatch: pytest.MonkeyPatch, clock: list[float]) -> None:
    """AppTest swaps in a secrets object of its own for a run given secrets: the global one's "no file" is not its."""
    monkeypatch.setattr(st, "secrets", FakeSecrets())
    assert settings.secret_section("insights") == {}
    given = FakeSecrets({"insights": {"min_group_size": 40}})
    monkeypatch.setattr(st, "secrets", given)
    assert settings.configured_min_group_size() == 40
    assert given.reads == 1


def test_a_broken_section_is_not_taken_for_a_missing_file(monkeypatch: pytest.MonkeyPatch, clock: list[float]) -> None:
    """Only a missing (or unreadable) file is remembered; a section of the wrong shape is read again each time."""
    fake = FakeSecrets({"insights": 3})
    monkeypatch.setattr(st, "secrets", fake)
    assert settings.secret_section("insights") == {}
    assert settings.secret_section("insights") == {}
    assert fake.reads == 2
