"""Real files that are not job lists: statistics by major, taxonomy sources, a cp1252 log, native-script places."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from data_loaders import LoadError, load_listings, load_outcomes
from data_loaders.normalise.locations import normalise_locations, parse_location
from data_loaders.normalise.skills import canonical_skill
from data_loaders.roles import MappingNeeded

ROOT = Path(__file__).resolve().parents[2]
MAJORS = "fivethirtyeight-college-majors"


# --- aggregated outcomes by major: employment statistics, not a funnel -------------------------------------
@pytest.mark.realdata
@pytest.mark.parametrize("name", ["recent-grads.csv", "grad-students.csv"])
def test_statistics_by_major_are_not_read_as_a_funnel(realdata: Path, name: str) -> None:
    with pytest.raises(MappingNeeded) as caught:
        load_outcomes(realdata / MAJORS / name)
    message = str(caught.value)
    assert "not an application funnel" in message and "per Major" in message
    assert "Major → major" in message and "Major_category → category" in message
    roles = {r["column"]: r for r in caught.value.roles["column_roles"]}
    assert roles["Major"]["role"] == "major" and roles["Major_category"]["role"] == "category"
    prefix = "Grad_" if name.startswith("grad") else ""
    expected = {
        f"{prefix}{'Employed' if not prefix else 'employed'}": "count of people in work",
        f"{prefix}{'Unemployment_rate' if not prefix else 'unemployment_rate'}": "rate or share",
        f"{prefix}{'Median' if not prefix else 'median'}": "annual earnings",
        f"{prefix}{'P75th' if not prefix else 'P75'}": "annual earnings",  # "1.00E+05" in grad-students is a number
        "Major_code": "numeric code",
    }
    for column, words in expected.items():
        assert roles[column]["role"] == "ignore"
        assert words in roles[column]["evidence"][0], (column, roles[column]["evidence"])
    funnel_roles = {"applications", "interviews", "offers", "accepted", "stage", "status"}
    assert not funnel_roles & {r["role"] for r in roles.values()}


@pytest.mark.realdata
def test_validate_json_names_the_statistics(realdata: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "data_loaders", "validate", str(realdata / MAJORS / "recent-grads.csv")]
        + ["--kind", "outcomes", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    report = json.loads(done.stdout.splitlines()[0])
    assert "not an application funnel" in report["error"] and report["rows_loaded"] == 0
    roles = {r["column"]: r for r in report["column_roles"]}
    assert roles["Low_wage_jobs"]["evidence"][0].startswith("reads as a count of people in work")
    assert roles["Sample_size"]["evidence"][0].startswith("reads as a headcount")


def test_a_real_count_file_is_still_read_as_a_funnel() -> None:
    data = b"major,applications,interviews,offers,median,total\nCS,120,30,9,80000,400\nMath,40,8,2,70000,200\n"
    result = load_outcomes(data, name="counts.csv")
    assert result.kind == "outcome_counts" and result.frame.height == 2


# --- native-script city names ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("北京", "Beijing", "CN"),
        ("上海市", "Shanghai", "CN"),
        ("深圳", "Shenzhen", "CN"),
        ("杭州", "Hangzhou", "CN"),
        ("廣州", "Guangzhou", "CN"),
        ("Peking", "Beijing", "CN"),
        ("臺北", "Taipei", "TW"),
        ("東京都", "Tokyo", "JP"),
        ("大阪", "Osaka", "JP"),
        ("서울", "Seoul", "KR"),
        ("부산광역시", "Busan", "KR"),
        ("Pusan", "Busan", "KR"),
    ],
)
def test_native_script_names_resolve_like_their_english_names(text: str, city: str, country: str) -> None:
    parsed = parse_location(text)
    english = parse_location(city)
    assert (parsed.city, parsed.country) == (city, country)
    assert (parsed.city, parsed.region, parsed.country, parsed.display) == (
        english.city,
        english.region,
        english.country,
        english.display,
    )


def test_an_alias_never_repoints_a_gazetteer_city() -> None:
    assert parse_location("香港").country == parse_location("Hong Kong").country == "HK"
    assert parse_location("Canton, OH").country == "US"  # "Canton" is not re-pointed to Guangzhou
    assert parse_location("Québec City").region == "CA-QC"  # accents still fold as before


@pytest.mark.realdata
def test_chinese_tracker_places_resolve(realdata: Path) -> None:
    frame = pl.read_csv(realdata / "cn-campus-offer-tracker" / "job_applications.csv", infer_schema=False)
    places = normalise_locations(frame["工作地点"])
    in_china = places["countries"].list.contains("CN")
    assert in_china.sum() >= 38  # all but "待定" (to be decided) and the cells naming two places
    cities = dict(zip(frame["工作地点"], places["cities"].list.first(), strict=True))
    assert (cities["合肥"], cities["北京"], cities["武汉"], cities["徐州"]) == ("Hefei", "Beijing", "Wuhan", "Xuzhou")
    assert places["cities"][frame["工作地点"].to_list().index("潍坊，青岛")].to_list() == ["Weifang", "Qingdao"]
    # The log itself, as the app loads it: every row keeps company, title, date and stage.
    result = load_outcomes(realdata / "cn-campus-offer-tracker" / "job_applications.csv")
    coverage = result.report.coverage
    assert result.report.rows_loaded == frame.height == 41
    assert min(coverage[c] for c in ("company", "title", "applied_date", "stage", "status")) == 1.0


# --- the other reference files -----------------------------------------------------------------------------
@pytest.mark.realdata
def test_cp1252_application_log(realdata: Path) -> None:
    result = load_outcomes(realdata / "de-gmail-application-log" / "job_applications.csv")
    coverage = result.report.coverage
    assert (result.report.rows_read, result.report.rows_loaded) == (50, 50)
    assert coverage["company"] >= 0.95 and coverage["title"] == 1.0 and coverage["applied_date"] == 1.0
    assert "Decoded as cp1252." in result.report.notes
    assert "Justus-Liebig-Universität Gießen (JLU)." in result.frame["company"].to_list()  # no mojibake
    assert result.frame["applied_date"].min().isoformat() == "2023-06-05"


@pytest.mark.realdata
def test_taxonomy_sources_feed_skill_names_and_are_refused_as_tables(realdata: Path) -> None:
    # Linguist and O*NET are the skills taxonomy's alias sources: their names resolve to one skill each.
    spots = {"golang": "Go", "py3": "Python", "cpp": "C++", "zsh": "Bash", "Oracle Java": "Java"}
    assert {alias: canonical_skill(alias) for alias in spots} == spots
    assert canonical_skill("Structured query language SQL") == "SQL"
    onet = pl.read_csv(
        realdata / "onet-technology-skills" / "Technology Skills.txt",
        separator="\t",
        infer_schema=False,
        quote_char=None,
    )
    hot = onet.filter((pl.col("O*NET-SOC Code") == "15-1252.00") & (pl.col("Hot Technology") == "Y"))["Example"]
    known = sum(canonical_skill(name) is not None for name in hot.to_list()) / hot.len()
    assert hot.len() == 151 and known >= 0.65  # software developers' hot technologies the taxonomy knows
    # As uploads they are not listings: a YAML file is not a table, a list of technologies has no title column.
    with pytest.raises(LoadError, match="does not look like a table"):
        load_listings(realdata / "linguist-languages" / "languages.yml")
    with pytest.raises(MappingNeeded, match="no company or title column"):
        load_listings(realdata / "onet-technology-skills" / "Technology Skills.txt")
