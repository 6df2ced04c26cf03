"""The category vocabulary file: read once, every key a field or a title group, and bad files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_loaders.normalise.fields import field_from_category, load_vocabulary
from data_loaders.schema import FIELDS

SWE, DATA, AI, SEC, IT, HW, PROD, QUANT, OTHER = FIELDS


def test_shipped_vocabulary_covers_every_field_and_both_title_groups() -> None:
    vocabulary = load_vocabulary()
    assert set(vocabulary) == {*FIELDS, "__by_title__", "__data_or_ai__"}
    assert all(vocabulary[key] for key in vocabulary)
    assert "quant" in vocabulary[QUANT]
    assert "internships" in vocabulary["__by_title__"]


@pytest.mark.parametrize(
    ("category", "title", "expected"),
    [
        ("Data & ML/AI", "Machine Learning Intern", AI),
        ("Data & ML/AI", "Data Analyst Intern", DATA),
        ("Internships", "Software Engineer Intern", None),
        ("Quant", None, QUANT),
        ("Knitting", None, OTHER),
    ],
)
def test_vocabulary_file_drives_category_answers(category: str, title: str | None, expected: str | None) -> None:
    assert field_from_category(category, title) == expected


def test_a_file_with_own_groups_is_read(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.toml"
    path.write_text('"Quantitative Finance" = ["trading desk"]\nby_title = ["careers"]\n', encoding="utf-8")
    assert load_vocabulary(path) == {QUANT: ("trading desk",), "__by_title__": ("careers",)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"Basket Weaving" = ["baskets"]\n', "is not one of"),
        ('"Other" = "misc"\n', "must be a list"),
        ('"Other" = ["misc", 3]\n', "must be a list"),
    ],
)
def test_a_bad_vocabulary_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "vocabulary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_vocabulary(path)
