"""Every URL parameter a page writes is known to the filter panel, so only real typos get an "ignored" note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.filter_links import FILTER_KEYS, unknown_key_notes
from dashboard.filter_panel import PAGE_KEYS

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
SOURCES = {path: path.read_text(encoding="utf-8") for path in DASHBOARD.rglob("*.py")}
# key="x" in a call that also says bind="query-params" (widgets span several lines, so match per call).
BOUND = re.compile(
    r'key="(?P<key>[a-z_]+)"[^()]*?bind="query-params"|bind="query-params"[^()]*?key="(?P<key2>[a-z_]+)"'
)
PICKER = re.compile(r'(?:skill_picker|region_picker)\(\s*"(?P<key>[a-z_]+)"')


def _keys_written() -> set[str]:
    keys: set[str] = set()
    for text in SOURCES.values():
        keys |= {m.group("key") or m.group("key2") for m in BOUND.finditer(text)}
        keys |= {m.group("key") for m in PICKER.finditer(text)}
    return keys


def test_the_scan_finds_the_keys_it_should() -> None:
    # Guards the regexes themselves: one filter key, one page key, one picker key.
    assert {"q", "sort", "me", "bm_skill", "title"} <= _keys_written()


def test_every_key_a_page_writes_is_known() -> None:
    unknown = _keys_written() - PAGE_KEYS - FILTER_KEYS
    assert not unknown, f"add {sorted(unknown)} to dashboard.filter_panel.PAGE_KEYS"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"mode": "remote", "me": "Python"}, []),
        (
            {"skills": ["Python", "SQL"]},
            ["Ignored skills=Python, SQL in the link: not a parameter this dashboard reads (did you mean skill?)"],
        ),
        (
            {"feild": "Cybersecurity"},
            ["Ignored feild=Cybersecurity in the link: not a parameter this dashboard reads (did you mean field?)"],
        ),
        ({"utm_source": ""}, ["Ignored utm_source=(empty) in the link: not a parameter this dashboard reads"]),
    ],
)
def test_unknown_key_notes(params: dict, expected: list[str]) -> None:
    assert unknown_key_notes(params, PAGE_KEYS) == expected
