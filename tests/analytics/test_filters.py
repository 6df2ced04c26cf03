"""FilterSpec: expression, link round trip, notes for bad links, the sentence, dependent options."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.filter_links import params_to_spec, spec_to_params
from analytics.filters import FilterSpec, available_options, term_order
from data_loaders.schema import FIELDS, SPONSORSHIP, WORK_MODES, conform

D = dt.date
# id, company, title, field, cities, regions, countries, mode, skills, pay, terms, posted, active, sponsor
ROWS = [
    (
        "a",
        "Acme",
        "Data Intern",
        "Data Science & Analytics",
        ["San Francisco"],
        ["US-CA"],
        ["US"],
        "onsite",
        ["Python", "SQL"],
        40.0,
        ["Summer 2027"],
        D(2027, 1, 30),
        True,
        "offers",
    ),
    (
        "b",
        "Bolt",
        "SWE Intern (C++)",
        "Software Engineering",
        ["Austin"],
        ["US-TX"],
        ["US"],
        "hybrid",
        ["C++", "Python"],
        30.0,
        ["Fall 2027"],
        D(2027, 1, 20),
        True,
        "none",
    ),
    (
        "c",
        "Cato",
        "ML Intern",
        "AI & Machine Learning",
        [],
        [],
        ["US"],
        "remote",
        ["Python"],
        None,
        ["Summer 2027"],
        D(2027, 1, 31),
        True,
        "unknown",
    ),
    (
        "d",
        "Dyno",
        "Analyst",
        "Data Science & Analytics",
        ["Toronto"],
        ["CA-ON"],
        ["CA"],
        "onsite",
        ["SQL"],
        25.0,
        ["Summer 2027"],
        D(2027, 1, 1),
        False,
        "citizens_only",
    ),
    (
        "e",
        "acme labs",
        "Security Intern",
        "Cybersecurity",
        [],
        [],
        ["CA"],
        "remote",
        [],
        20.0,
        ["Summer 2028"],
        D(2027, 1, 25),
        None,
        "offers",
    ),
]
COLUMNS = [
    "listing_id",
    "company",
    "title",
    "field",
    "cities",
    "regions",
    "countries",
    "work_mode",
    "skills",
    "pay_hourly_usd",
    "terms",
    "posted_date",
    "active",
    "sponsorship",
]
LISTINGS = conform(pl.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in ROWS]), "listings")


def ids(spec: FilterSpec, today: dt.date | None = None) -> list[str]:
    """The ids of the listings kept by `spec`."""
    return spec.apply(LISTINGS, today=today)["listing_id"].to_list()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (FilterSpec(), ["a", "b", "c", "e"]),  # closed d out; unknown active e counts as open
        (FilterSpec(active_only=False), ["a", "b", "c", "d", "e"]),
        (FilterSpec(fields=("Data Science & Analytics",), active_only=False), ["a", "d"]),
        (FilterSpec(countries=("CA",)), ["e"]),
        (FilterSpec(regions=("US-CA",)), ["a", "c"]),  # remote c is in the US
        (FilterSpec(regions=("US-CA",), include_remote=False), ["a"]),
        (FilterSpec(regions=("CA-ON",), active_only=False), ["d", "e"]),
        (FilterSpec(cities=("Austin",)), ["b", "c", "e"]),  # only cities: any remote opening
        (FilterSpec(countries=("US",), cities=("Austin",)), ["b", "c"]),
        (FilterSpec(regions=("US-CA", "US-TX"), cities=("Austin",), include_remote=False), ["b"]),
        (FilterSpec(work_modes=("remote", "hybrid")), ["b", "c", "e"]),
        (FilterSpec(skills=("Python", "SQL")), ["a", "b", "c"]),
        (FilterSpec(skills=("Python", "SQL"), skills_mode="all"), ["a"]),
        (FilterSpec(companies=("Acme",)), ["a"]),
        (FilterSpec(terms=("Summer 2028", "Fall 2027")), ["b", "e"]),
        (FilterSpec(pay_min=30), ["a", "b"]),  # null pay of c excluded once a bound is set
        (FilterSpec(pay_max=30), ["b", "e"]),
        (FilterSpec(pay_min=25, pay_max=35, active_only=False), ["b", "d"]),
        (FilterSpec(posted_within_days=5), ["a", "c"]),  # since Jan 26: relative to the latest posting, Jan 31
        (FilterSpec(posted_within_days=0), ["c"]),
        (FilterSpec(sponsorship=("offers",)), ["a", "e"]),
        (FilterSpec(search="ACME"), ["a", "e"]),  # case-insensitive, title or company
        (FilterSpec(search="(c++)"), ["b"]),  # regex characters are literal
        (FilterSpec(search="zzz"), []),
    ],
)
def test_to_expr_keeps_the_right_listings(spec: FilterSpec, expected: list[str]) -> None:
    assert ids(spec) == expected


def test_posted_within_days_uses_the_given_today() -> None:
    assert ids(FilterSpec(posted_within_days=10), today=D(2027, 2, 9)) == ["a", "c"]


def test_to_expr_is_a_single_expression_usable_lazily() -> None:
    spec = FilterSpec(skills=("Python",), pay_min=35)
    result = LISTINGS.lazy().filter(spec.to_expr()).select("listing_id").collect()
    assert result["listing_id"].to_list() == ["a"]


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"skills_mode": "some"}, "skills_mode must be"),
        ({"posted_within_days": -1}, "posted_within_days must be"),
        ({"pay_min": 30, "pay_max": 10}, "below pay_min"),
    ],
)
def test_invalid_specs_are_rejected(changes: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        FilterSpec(**changes)


def test_lists_normalise_to_distinct_tuples_and_default_is_default() -> None:
    assert FilterSpec(skills=["SQL", "SQL", " Python "]).skills == ("SQL", "Python")
    assert FilterSpec().is_default()
    assert not FilterSpec(active_only=False).is_default()


@pytest.mark.parametrize(
    ("spec", "params"),
    [
        (FilterSpec(), {}),
        (
            FilterSpec(fields=("Cybersecurity",), regions=("US-CA",), skills=("Python", "SQL"), skills_mode="all"),
            {"field": ["Cybersecurity"], "region": ["US-CA"], "skill": ["Python", "SQL"], "skill_mode": "all"},
        ),
        (
            FilterSpec(
                pay_min=20, pay_max=42.5, posted_within_days=7, active_only=False, include_remote=False, search="ml"
            ),
            {"pay_min": "20", "pay_max": "42.5", "within": "7", "all": "1", "remote": "0", "q": "ml"},
        ),
        (FilterSpec(sponsorship=("offers",), work_modes=("remote",)), {"mode": ["remote"], "sponsor": ["offers"]}),
    ],
)
def test_spec_to_params_table(spec: FilterSpec, params: dict) -> None:
    assert spec_to_params(spec) == params
    assert params_to_spec(params) == (spec, [])


text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=12
)
specs = st.builds(
    FilterSpec,
    fields=st.lists(st.sampled_from(FIELDS), max_size=3).map(tuple),
    countries=st.lists(st.sampled_from(["US", "CA", "GB", "IN"]), max_size=2).map(tuple),
    regions=st.lists(st.sampled_from(["US-CA", "CA-ON", "GB-ENG", "IN-KA"]), max_size=2).map(tuple),
    cities=st.lists(text, max_size=2).map(tuple),
    work_modes=st.lists(st.sampled_from(WORK_MODES), max_size=2).map(tuple),
    skills=st.lists(text, max_size=3).map(tuple),
    skills_mode=st.sampled_from(["any", "all"]),
    companies=st.lists(text, max_size=2).map(tuple),
    terms=st.lists(text, max_size=2).map(tuple),
    pay_min=st.none() | st.floats(0, 100, allow_nan=False),
    pay_max=st.none() | st.floats(100, 500, allow_nan=False),
    posted_within_days=st.none() | st.integers(0, 3650),
    sponsorship=st.lists(st.sampled_from(SPONSORSHIP), max_size=2).map(tuple),
    active_only=st.booleans(),
    search=st.one_of(st.just(""), text),
    include_remote=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(specs)
def test_query_params_round_trip(spec: FilterSpec) -> None:
    assert params_to_spec(spec_to_params(spec)) == (spec, [])


def test_params_to_spec_accepts_single_strings_and_matches_choices_loosely() -> None:
    spec, notes = params_to_spec({"field": "cybersecurity", "country": "us", "mode": "REMOTE", "skill": "SQL"})
    assert spec == FilterSpec(fields=("Cybersecurity",), countries=("US",), work_modes=("remote",), skills=("SQL",))
    assert notes == []


@pytest.mark.parametrize(
    ("params", "kept", "note"),
    [
        (
            {"field": ["Astrology", "Cybersecurity"]},
            FilterSpec(fields=("Cybersecurity",)),
            "Ignored field=Astrology in the link: not a known field (choose from Software Engineering, ",
        ),
        ({"pay_min": "lots"}, FilterSpec(), "Ignored pay_min=lots in the link: not a number"),
        ({"pay_max": "-5"}, FilterSpec(), "Ignored pay_max=-5 in the link: must be zero or more"),
        (
            {"pay_min": "40", "pay_max": "10"},
            FilterSpec(pay_min=40),
            "Ignored pay_max=10 in the link: below pay_min=40",
        ),
        ({"within": "-3"}, FilterSpec(), "Ignored within=-3 in the link: must be zero or more"),
        ({"within": "2.5"}, FilterSpec(), "Ignored within=2.5 in the link: must be a whole number of days"),
        ({"mode": "underwater"}, FilterSpec(), "Ignored mode=underwater in the link: not a known work mode"),
        ({"sponsor": "maybe"}, FilterSpec(), "Ignored sponsor=maybe in the link: not a known sponsorship value"),
        ({"country": "Atlantis"}, FilterSpec(), "Ignored country=Atlantis in the link: not a country"),
        ({"region": "Narnia"}, FilterSpec(), "Ignored region=Narnia in the link: not a region"),
        ({"pay_min": "1e308"}, FilterSpec(), "Ignored pay_min=1e308 in the link: must be at most 1000"),
        ({"pay_max": "9" * 300}, FilterSpec(), "Ignored pay_max=" + "9" * 20 + "… in the link: must be at most 1000"),
        ({"within": "99999"}, FilterSpec(), "Ignored within=99999 in the link: must be at most 3650"),
        ({"skill_mode": "most"}, FilterSpec(), "Ignored skill_mode=most in the link: expected any or all"),
        ({"all": "perhaps"}, FilterSpec(), "Ignored all=perhaps in the link: expected 1 or 0"),
    ],
)
def test_bad_link_values_are_dropped_with_a_note(params: dict, kept: FilterSpec, note: str) -> None:
    spec, notes = params_to_spec(params)
    assert spec == kept
    assert len(notes) == 1
    assert notes[0].startswith(note)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "Virginia"}, FilterSpec(regions=("US-VA",))),
        ({"region": ["virginia", "VA", "us-va"]}, FilterSpec(regions=("US-VA",))),
        ({"region": "Ontario"}, FilterSpec(regions=("CA-ON",))),
        ({"region": "Karnataka"}, FilterSpec(regions=("IN-KA",))),
        ({"country": ["USA", "United Kingdom", "uk", "de"]}, FilterSpec(countries=("US", "GB", "DE"))),
    ],
)
def test_links_may_name_places_in_words(params: dict, expected: FilterSpec) -> None:
    spec, notes = params_to_spec(params)
    assert notes == []
    assert spec == expected


def test_unknown_keys_are_left_alone() -> None:
    assert params_to_spec({"page": "overview", "q": " data "}) == (FilterSpec(search="data"), [])


@pytest.mark.parametrize(
    ("spec", "shown", "total", "sentence"),
    [
        (FilterSpec(), 5130, 5130, "5,130 of 5,130 open listings"),
        (
            FilterSpec(
                fields=("Data Science & Analytics",), regions=("US-CA",), skills=("Python",), terms=("Summer 2027",)
            ),
            412,
            5130,
            "412 of 5,130 open Data Science & Analytics listings in California or remote, asking for Python, Summer 2027",
        ),
        (
            FilterSpec(regions=("US-CA", "US-WA", "CA-ON"), include_remote=False, active_only=False),
            3,
            10,
            "3 of 10 listings in California, Washington or Ontario",
        ),
        (FilterSpec(cities=("Austin", "Seattle")), 2, 9, "2 of 9 open listings in Austin or Seattle or remote"),
        (FilterSpec(countries=("US",)), 2, 9, "2 of 9 open listings in the United States"),
        (
            FilterSpec(skills=("Python", "SQL"), skills_mode="all", companies=("Acme", "Bolt"), work_modes=("remote",)),
            1,
            9,
            "1 of 9 open listings, remote only, asking for Python and SQL, at Acme or Bolt",
        ),
        (FilterSpec(pay_min=20, pay_max=40.5), 1, 9, "1 of 9 open listings, paying $20.00–$40.50/h"),
        (FilterSpec(pay_min=20), 1, 9, "1 of 9 open listings, paying at least $20.00/h"),
        (FilterSpec(pay_max=20), 1, 9, "1 of 9 open listings, paying at most $20.00/h"),
        (FilterSpec(posted_within_days=1), 1, 9, "1 of 9 open listings, posted in the last 1 day"),
        (FilterSpec(posted_within_days=0), 1, 9, "1 of 9 open listings, posted today"),
        (
            FilterSpec(sponsorship=("offers",), search="data"),
            1,
            9,
            "1 of 9 open listings, offering visa sponsorship, matching “data”",
        ),
    ],
)
def test_describe_table(spec: FilterSpec, shown: int, total: int, sentence: str) -> None:
    assert spec.describe(shown, total) == sentence


def test_describe_uses_region_names_when_given() -> None:
    spec = FilterSpec(regions=("US-CA",), include_remote=False)
    assert spec.describe(1, 2, region_names={"US-CA": "California"}) == "1 of 2 open listings in California"


def test_available_options_depend_on_choices() -> None:
    options = available_options(LISTINGS, FilterSpec(countries=("US",), regions=("US-TX",)))
    assert options["countries"] == ["CA", "US"]  # closed d is out but e (unknown active) keeps CA
    assert options["regions"] == ["US-CA", "US-TX"]
    assert options["cities"] == ["Austin"]
    assert options["companies"] == ["Bolt"]
    assert options["skills"] == ["C++", "Python"]


def test_available_options_keep_chosen_values_and_order_terms_and_skills() -> None:
    options = available_options(LISTINGS, FilterSpec(active_only=False, companies=("Gone Inc",)))
    assert options["companies"] == ["Acme", "Bolt", "Cato", "Dyno", "acme labs", "Gone Inc"]
    assert options["terms"] == ["Summer 2027", "Fall 2027", "Summer 2028"]
    assert options["skills"] == ["Python", "SQL", "C++"]  # most frequent first


@pytest.mark.parametrize(
    ("terms", "ordered"),
    [
        (
            ["Fall 2027", "Spring 2028", "Summer 2027", "Winter 2027"],
            ["Winter 2027", "Summer 2027", "Fall 2027", "Spring 2028"],
        )
    ],
)
def test_term_order(terms: list[str], ordered: list[str]) -> None:
    assert sorted(terms, key=term_order) == ordered


def test_search_matches_exactly_the_right_rows_among_many_distinct_values() -> None:
    companies = [f"Co {i}" for i in range(200)] + ["ACME", "Acme Labs", None, "Not acme"] * 3
    frame = conform(
        pl.DataFrame({"listing_id": [str(i) for i in range(len(companies))], "company": companies}), "listings"
    )
    kept = FilterSpec(search="acme", active_only=False).apply(frame)["company"].to_list()
    assert kept == ["ACME", "Acme Labs", "Not acme"] * 3
