"""Location parsing with real strings from the Simplify and zshah lists."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders.normalise.locations import (
    CITY_COORDINATES,
    REGION_NAMES,
    ParsedLocation,
    normalise_locations,
    parse_location,
    split_locations,
)

P = ParsedLocation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("San Francisco, CA", P("San Francisco, CA", "San Francisco", "US-CA", "US", False, False)),
        ("NYC", P("New York, NY", "New York", "US-NY", "US", False, False)),
        ("SF", P("San Francisco, CA", "San Francisco", "US-CA", "US", False, False)),
        ("LA", P("Los Angeles, CA", "Los Angeles", "US-CA", "US", False, False)),
        ("Remote in USA", P("Remote (United States)", None, None, "US", True, False)),
        ("US, Remote", P("Remote (United States)", None, None, "US", True, False)),
        ("Remote", P("Remote", None, None, None, True, False)),
        ("Toronto, ON, Canada", P("Toronto, ON", "Toronto", "CA-ON", "CA", False, False)),
        ("Hybrid - Austin, TX", P("Austin, TX", "Austin", "US-TX", "US", False, True)),
        ("Work From Home", P("Remote", None, None, None, True, False)),
        ("New York, NY", P("New York, NY", "New York", "US-NY", "US", False, False)),
        ("Seattle, Washington", P("Seattle, WA", "Seattle", "US-WA", "US", False, False)),
        ("London, UK", P("London, UK", "London", "GB-ENG", "GB", False, False)),
        ("Bangalore, India", P("Bangalore, India", "Bangalore", "IN-KA", "IN", False, False)),
        ("Louisville, Colorado", P("Louisville, CO", "Louisville", "US-CO", "US", False, False)),
        ("Weave - Headquarters (Lehi, UT)", P("Lehi, UT", "Lehi", "US-UT", "US", False, False)),
        (
            "US-IA-CEDAR RAPIDS-166 ~ 855 35Th St NE ~ BLDG 166",
            P("Cedar Rapids, IA", "Cedar Rapids", "US-IA", "US", False, False),
        ),
        ("Remote - Canada", P("Remote (Canada)", None, None, "CA", True, False)),
        ("Remote Ontario", P("Remote (Ontario)", None, "CA-ON", "CA", True, False)),
        ("Washington, DC", P("Washington, DC", "Washington", "US-DC", "US", False, False)),
        ("Washington D.C., DC, USA", P("Washington, DC", "Washington", "US-DC", "US", False, False)),
        ("Spring, Texas, United States of America", P("Spring, TX", "Spring", "US-TX", "US", False, False)),
        ("US - Huntsville, AL", P("Huntsville, AL", "Huntsville", "US-AL", "US", False, False)),
        ("United States-Florida-Melbourne", P("Melbourne, FL", "Melbourne", "US-FL", "US", False, False)),
        ("US, CA, Santa Clara", P("Santa Clara, CA", "Santa Clara", "US-CA", "US", False, False)),
        (
            "USA VA Falls Church - 3150 Fairview Park Dr (VAS095)",
            P("Falls Church, VA", "Falls Church", "US-VA", "US", False, False),
        ),
        ("Allen Park, MI 48101", P("Allen Park, MI", "Allen Park", "US-MI", "US", False, False)),
        ("HQ (San Francisco, CA)", P("San Francisco, CA", "San Francisco", "US-CA", "US", False, False)),
        ("Los Angeles, CA (On-site)", P("Los Angeles, CA", "Los Angeles", "US-CA", "US", False, False, True)),
        (
            "North Chicago, IL, United States (Hybrid)",
            P("North Chicago, IL", "North Chicago", "US-IL", "US", False, True),
        ),
        ("Sunnyvale CA", P("Sunnyvale, CA", "Sunnyvale", "US-CA", "US", False, False)),
        ("Seattle,WA", P("Seattle, WA", "Seattle", "US-WA", "US", False, False)),
        ("Salt lake City, UT", P("Salt Lake City, UT", "Salt Lake City", "US-UT", "US", False, False)),
        ("MN, United States", P("Minnesota", None, "US-MN", "US", False, False)),
        ("Texas", P("Texas", None, "US-TX", "US", False, False)),
        ("Québec, Canada", P("Quebec", None, "CA-QC", "CA", False, False)),
        ("United States", P("United States", None, None, "US", False, False)),
        ("Virtual US", P("Remote (United States)", None, None, "US", True, False)),
        ("Multiple Locations", P("Multiple Locations", None, None, None, False, False)),
        ("Fort Wayne, IN", P("Fort Wayne, IN", "Fort Wayne", "US-IN", "US", False, False)),  # IN is Indiana
        ("Idaho Falls, ID", P("Idaho Falls, ID", "Idaho Falls", "US-ID", "US", False, False)),
        ("Manchester, UK", P("Manchester, UK", "Manchester", "GB-ENG", "GB", False, False)),
        ("Birmingham, AL", P("Birmingham, AL", "Birmingham", "US-AL", "US", False, False)),
        ("Ft. Collins, CO", P("Fort Collins, CO", "Fort Collins", "US-CO", "US", False, False)),
        ("Multiple US Locations", P("United States", None, None, "US", False, False)),
        ("CA Burbank Bldg. 700, Second Century, Tower 1", P("Burbank, CA", "Burbank", "US-CA", "US", False, False)),
        ("", P(None, None, None, None, False, False)),
    ],
)
def test_parse_location(text: str, expected: ParsedLocation) -> None:
    assert parse_location(text) == expected


@pytest.mark.parametrize(
    ("city", "region", "country"),
    [
        ("Chicago", "US-IL", "US"),
        ("New York", "US-NY", "US"),
        ("Seattle", "US-WA", "US"),
        ("Boston", "US-MA", "US"),
        ("Toronto", "CA-ON", "CA"),
        ("London", "GB-ENG", "GB"),
        ("Bangalore", "IN-KA", "IN"),
        ("Bengaluru", "IN-KA", "IN"),
    ],
)
def test_bare_city_resolves(city: str, region: str, country: str) -> None:
    parsed = parse_location(city)
    assert (parsed.region, parsed.country) == (region, country)
    assert (parsed.city, parsed.region) in CITY_COORDINATES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Austin, TX; Chicago; New York", ["Austin, TX", "Chicago", "New York"]),
        ("New York, Chicago", ["New York", "Chicago"]),
        ("Seattle, Washington", ["Seattle, Washington"]),
        ("Washington, DC", ["Washington, DC"]),
        ("Dallas, TX or Scottsdale, AZ", ["Dallas, TX", "Scottsdale, AZ"]),
        ("Bellevue; Boulder; Denver", ["Bellevue", "Boulder", "Denver"]),
        ("", []),
        (None, []),
    ],
)
def test_split_locations(text: str | None, expected: list[str]) -> None:
    assert split_locations(text) == expected


def test_region_and_coordinate_tables() -> None:
    assert (REGION_NAMES["US-CA"], REGION_NAMES["CA-ON"], REGION_NAMES["GB-ENG"], REGION_NAMES["IN-KA"]) == (
        "California",
        "Ontario",
        "England",
        "Karnataka",
    )
    us = [code for code in REGION_NAMES if code.startswith("US-") and code != "US-PR"]
    assert len(us) == 51  # 50 states + DC
    assert len([code for code in REGION_NAMES if code.startswith("CA-")]) == 13
    lat, lon = CITY_COORDINATES[("San Francisco", "US-CA")]
    assert 37 < lat < 38 and -123 < lon < -122
    assert len(CITY_COORDINATES) >= 300


def test_normalise_locations_lists_and_work_mode() -> None:
    locations = pl.Series(
        [["SF", "Remote in USA"], ["Hybrid - Austin, TX"], [], None, ["Remote"], ["NYC", "New York, NY"], ["Toronto"]]
    )
    titles = pl.Series(["SWE", "SWE", "SWE", "SWE", "SWE", "SWE", "SWE (Hybrid)"])
    result = normalise_locations(locations, titles=titles)
    expected = pl.DataFrame(
        {
            "locations": [
                ["San Francisco, CA", "Remote (United States)"],
                ["Austin, TX"],
                [],
                [],
                ["Remote"],
                ["New York, NY"],
                ["Toronto, ON"],
            ],
            "cities": [["San Francisco"], ["Austin"], [], [], [], ["New York"], ["Toronto"]],
            "regions": [["US-CA"], ["US-TX"], [], [], [], ["US-NY"], ["CA-ON"]],
            "countries": [["US"], ["US"], [], [], [], ["US"], ["CA"]],
            # Issue 7: a remote marker anywhere in the list makes the listing remote.
            "work_mode": ["remote", "hybrid", "unknown", "unknown", "remote", "onsite", "hybrid"],
        },
        schema={
            "locations": pl.List(pl.String()),
            "cities": pl.List(pl.String()),
            "regions": pl.List(pl.String()),
            "countries": pl.List(pl.String()),
            "work_mode": pl.String(),
        },
    )
    assert_frame_equal(result, expected)


def test_list_elements_naming_several_places_are_split() -> None:
    result = normalise_locations(pl.Series([["Berwick, PA or Idaho Falls, ID", "SF"]]))
    assert result["regions"].to_list() == [["US-PA", "US-ID", "US-CA"]]


def test_normalise_locations_free_text_and_remote_flag() -> None:
    result = normalise_locations(
        pl.Series(["Austin, TX; Chicago; New York", None, "NYC"]), remote_flag=pl.Series(["yes", None, ""])
    )
    assert result["regions"].to_list() == [["US-TX", "US-IL", "US-NY"], [], ["US-NY"]]
    assert result["work_mode"].to_list() == ["remote", "unknown", "onsite"]


def test_simplify_record_with_65_locations(realdata) -> None:
    records = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text(encoding="utf-8"))
    widest = max(records, key=lambda r: len(r["locations"]))
    assert len(widest["locations"]) == 65
    row = normalise_locations(pl.Series([widest["locations"]])).row(0, named=True)
    assert len(row["locations"]) == 65
    assert row["countries"] == ["US"]
    assert {"US-CA", "US-NY", "US-TX", "US-DC", "US-VT"} <= set(row["regions"])
    assert row["work_mode"] == "remote"  # 64 offices and one "Remote in USA": remote counts (issue 7)


def test_zshah_locations_mostly_resolve(realdata) -> None:
    frame = pl.read_csv(realdata / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    result = normalise_locations(frame["location"])
    with_region = result.filter(pl.col("regions").list.len() > 0).height
    # All 250 are US roles; a handful name only the country ("Remote - United States").
    assert with_region >= 235
    assert result["countries"].list.contains("US").sum() == frame.height - frame["location"].null_count()


def test_many_rows_equal_per_unique_result() -> None:
    uniques = pl.Series([["SF"], ["Remote in USA"], ["Toronto, ON, Canada"], ["Hybrid - Austin, TX"], ["London, UK"]])
    pattern = pl.int_range(0, 200_000, eager=True) % 5
    result = normalise_locations(uniques.gather(pattern))
    single = normalise_locations(uniques)
    assert_frame_equal(result, single.select(pl.all().gather(pattern)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Issue 7, class 10: several places in one string.
        ("Greater Boston (MA, NH)", ["Greater Boston, MA", "NH"]),
        ("Bay Area, Seattle area, and NYC metro", ["Bay Area", "Seattle area", "NYC metro"]),
        ("San Francisco New York Seattle", ["San Francisco", "New York", "Seattle"]),
        ("Palo Alto Mountain View", ["Palo Alto", "Mountain View"]),
        ("Alabama, Georgia, Florida", ["Alabama", "Georgia", "Florida"]),
        ("Toronto, Ontario, Canada", ["Toronto, Ontario, Canada"]),
        ("Austin TX", ["Austin TX"]),
        ("123 Main St, Springfield, IL", ["123 Main St, Springfield, IL"]),
    ],
)
def test_split_locations_multi_place_strings(text: str, expected: list[str]) -> None:
    assert split_locations(text) == expected


def test_multi_place_strings_resolve_each_place() -> None:
    result = normalise_locations(
        pl.Series(["Bay Area, Seattle area, and NYC metro", "Greater Boston (MA, NH)", "Alabama, Georgia, Florida"])
    )
    assert result["cities"].to_list()[0] == ["San Francisco", "Seattle", "New York"]
    assert result["regions"].to_list()[1:] == [["US-MA", "US-NH"], ["US-AL", "US-GA", "US-FL"]]


def test_old_nebraska_code_is_read_by_context() -> None:
    assert parse_location("Lincoln, NB").region == "US-NE"  # Lincoln is in the gazetteer's Nebraska only
    assert parse_location("Moncton, NB").region == "CA-NB"
    assert parse_location("Springfield, NB", "US").region == "US-NE"
    lists = normalise_locations(pl.Series([["Omaha, NE", "Kearney, NB"], ["Fredericton, NB", "Halifax, NS"]]))
    assert lists["regions"].to_list() == [["US-NE"], ["CA-NB", "CA-NS"]]


def test_a_list_of_one_place_parts_is_one_place() -> None:
    result = normalise_locations(
        pl.Series([["Toronto", "Ontario", "Canada"], ["San Francisco", "New York City", "Seattle"]])
    )
    assert result["locations"].to_list() == [["Toronto, ON"], ["San Francisco, CA", "New York, NY", "Seattle, WA"]]


def test_work_mode_needs_evidence() -> None:
    # No remote marker anywhere and no mode column: an office place says nothing about the mode.
    silent = normalise_locations(pl.Series([["Austin, TX"], ["Boston, MA"]]))
    assert silent["work_mode"].to_list() == ["unknown", "unknown"]
    marked = normalise_locations(
        pl.Series([["Remote", "US"], ["Boston, MA"], ["Denver, CO (On-site)"]]),
        titles=pl.Series(["Intern", "Intern", "Intern"]),
    )
    assert marked["work_mode"].to_list() == ["remote", "onsite", "onsite"]
    titled = normalise_locations(
        pl.Series([["Austin, TX"], ["Austin, TX"]]), titles=pl.Series(["SWE Intern (Remote)", "SWE"])
    )
    assert titled["work_mode"].to_list() == ["remote", "unknown"]
    flagged = normalise_locations(pl.Series([["Austin, TX"]] * 3), remote_flag=pl.Series(["Hybrid", "On-site", None]))
    assert flagged["work_mode"].to_list() == ["hybrid", "onsite", "onsite"]
