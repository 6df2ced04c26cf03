"""Words for codes, codes for words, and "did you mean" for link values the data does not have."""

from __future__ import annotations

import pytest

from analytics.display_names import (
    closest,
    country_in_sentence,
    option_label,
    region_in_sentence,
    region_label,
    resolve_country,
    resolve_region,
    suggest_place,
)
from analytics.filter_links import check_against_data
from analytics.filters import FilterSpec
from data_loaders.normalise.regions import REGION_NAMES


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("US-VA", "Virginia (VA)"),
        ("CA-ON", "Ontario (ON)"),
        ("GB-ENG", "England, United Kingdom"),
        ("IN-KA", "Karnataka, India"),
        ("XX-YY", "XX-YY"),
    ],
)
def test_region_label(code: str, label: str) -> None:
    assert region_label(code) == label


def test_every_known_region_reads_as_words_and_resolves_back() -> None:
    for code, name in REGION_NAMES.items():
        assert not region_label(code).startswith(code)
        assert resolve_region(name) == code
        assert resolve_region(name.upper()) == code
        assert resolve_region(code.lower()) == code


@pytest.mark.parametrize(
    ("attribute", "value", "label"),
    [
        ("countries", "GB", "United Kingdom"),
        ("work_modes", "onsite", "On-site"),
        ("sponsorship", "citizens_only", "Citizens only"),
        ("sponsorship", "offers", "Offers visa sponsorship"),
        ("skills", "Python", "Python"),
        ("companies", "US-VA Corp", "US-VA Corp"),
    ],
)
def test_option_label(attribute: str, value: str, label: str) -> None:
    assert option_label(attribute, value) == label


@pytest.mark.parametrize(("text", "code"), [("VA", "US-VA"), ("qc", "CA-QC"), ("Quebec", "CA-QC"), ("Atlantis", None)])
def test_resolve_region(text: str, code: str | None) -> None:
    assert resolve_region(text) == code


@pytest.mark.parametrize(("text", "code"), [("uk", "GB"), ("USA", "US"), ("germany", "DE"), ("ZZ", None)])
def test_resolve_country(text: str, code: str | None) -> None:
    assert resolve_country(text) == code


def test_closest() -> None:
    assert closest("pyhton", ["Python", "SQL", "Java"]) == "Python"
    assert closest("javascirpt", ["JavaScript", "Java"]) == "JavaScript"
    assert closest("Basket weaving", ["Python", "SQL"]) is None
    assert closest("virginia", ["US-VA", "US-WV"], {"US-VA": "Virginia (VA)", "US-WV": "West Virginia (WV)"}) == "US-VA"


OPTIONS = {
    "skills": ["Python", "SQL"],
    "regions": ["US-VA", "CA-ON"],
    "companies": ["Acme"],
    "countries": ["US", "CA"],
    "cities": ["Austin"],
    "terms": ["Summer 2027"],
}


def test_check_against_data_keeps_known_values_in_the_datas_spelling() -> None:
    spec = FilterSpec(skills=("python", "sql"), companies=("ACME",), cities=("austin",))
    checked, notes = check_against_data(spec, OPTIONS)
    assert notes == []
    assert (checked.skills, checked.companies, checked.cities) == (("Python", "SQL"), ("Acme",), ("Austin",))


def test_check_against_data_drops_unknown_values_with_a_suggestion() -> None:
    spec = FilterSpec(skills=("pyhton", "Python"), regions=("US-ZZ",), companies=("Acne",), terms=("Winter 1999",))
    checked, notes = check_against_data(spec, OPTIONS)
    assert checked == FilterSpec(skills=("Python",))
    assert notes == [
        "Ignored region=US-ZZ in the link: no region in this data",
        "Ignored term=Winter 1999 in the link: no term in this data",
        "Ignored skill=pyhton in the link: no listing asking for this skill in this data (did you mean Python?)",
        "Ignored company=Acne in the link: no company in this data (did you mean Acme?)",
    ]


def test_check_against_data_suggests_a_region_by_its_name() -> None:
    checked, notes = check_against_data(FilterSpec(regions=("US-OX",)), {"regions": ["US-VA"]})
    assert checked.regions == () and notes == ["Ignored region=US-OX in the link: no region in this data"]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("US", "the United States"),
        ("GB", "the United Kingdom"),
        ("NL", "the Netherlands"),
        ("PH", "the Philippines"),
        ("AE", "the United Arab Emirates"),
        ("CZ", "Czechia"),
        ("DE", "Germany"),
        ("ZZ", "ZZ"),
    ],
)
def test_country_in_sentence_takes_the_article_it_needs(code: str, text: str) -> None:
    assert country_in_sentence(code) == text


def test_region_in_sentence_and_labels() -> None:
    assert region_in_sentence("US-VA") == "Virginia"
    assert region_in_sentence("CA-NT") == "the Northwest Territories"
    # A filter option is a label, not running text: no article there.
    assert option_label("countries", "US") == "United States"
    assert option_label("countries", "NL") == "Netherlands"


def test_filter_sentence_names_places_in_words() -> None:
    assert (
        FilterSpec(countries=("US", "NL")).describe(2, 9)
        == "2 of 9 open listings in the United States or the Netherlands"
    )
    assert FilterSpec(regions=("US-VA",), include_remote=False).describe(1, 9) == "1 of 9 open listings in Virginia"


@pytest.mark.parametrize(
    ("text", "kind", "meant"),
    [
        ("Virgina", "region", "Virginia (VA)"),
        ("Engand", "region", "England, United Kingdom"),
        ("Germny", "country", "Germany"),
        ("US-ZZ", "region", None),  # a code one letter off another is no hint
        ("Narnia", "region", None),
    ],
)
def test_suggest_place(text: str, kind: str, meant: str | None) -> None:
    assert suggest_place(text, kind) == meant
