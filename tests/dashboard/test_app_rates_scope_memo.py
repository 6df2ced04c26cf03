"""The memoised rates view keeps its scope sentence true when only a listing-only filter changes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.dashboard.markup import shown as shown_text


def _scope(at: AppTest) -> str:
    return next(shown_text(c.value) for c in at.caption if shown_text(c.value).startswith("Outcomes:"))


def test_a_listing_only_filter_updates_the_scope_sentence(app) -> None:
    at = app("dashboard/pages/acceptance_rates.py")
    assert "No listing filter is set" in _scope(at)
    skill = at.multiselect(key="skill").options[0]
    at.multiselect(key="skill").set_value([skill]).run()
    assert not at.exception
    scope = _scope(at)
    assert "No listing filter is set" not in scope and "skills" in scope  # not the cached sentence of the first view
