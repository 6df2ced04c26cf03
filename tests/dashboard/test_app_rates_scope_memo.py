"""The memoised rates view keeps its scope sentence true when only a listing-only filter changes."""

from __future__ import annotations

from tests.dashboard.markup import shown as shown_text


def _scope(at) -> str:  # noqa: ANN001 (AppTest)
    return next(shown_text(c.value) for c in at.caption if shown_text(c.value).startswith("Outcomes:"))


def test_a_listing_only_filter_updates_the_scope_sentence(app) -> None:  # noqa: ANN001
    at = app("pages/acceptance_rates.py")
    assert "No listing filter is set" in _scope(at)
    skill = at.multiselect(key="skill").options[0]
    at.multiselect(key="skill").set_value([skill]).run()
    assert not at.exception
    scope = _scope(at)
    assert "No listing filter is set" not in scope and "skills" in scope  # not the cached sentence of the first view
