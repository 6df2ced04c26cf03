"""Wrong kind accepted (issue 7, class 11): reference catalogues keyed by classification codes are refused."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from data_loaders import load_any, load_listings, load_outcomes
from data_loaders.roles import MappingNeeded
from data_loaders.roles_catalogue import code_columns

ONET = "onet-technology-skills"
NAICS = (
    b"NAICS Code,Industry Title,Description\n"
    b"541511,Custom Computer Programming Services,Writing and testing software to a customer's order\n"
    b"541512,Computer Systems Design Services,Planning and designing computer systems\n"
    b"518210,Computing Infrastructure Providers,Hosting and data processing services\n"
    b"334111,Electronic Computer Manufacturing,Making and assembling computers\n"
)


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["Occupation Data.txt", "Job Zones.txt"])
@pytest.mark.parametrize("loader", [load_any, load_listings, load_outcomes])
def test_onet_catalogues_are_refused_as_data(realdata: Path, name: str, loader: object) -> None:
    assert callable(loader)
    with pytest.raises(MappingNeeded) as caught:
        loader(realdata / ONET / name)
    message = str(caught.value)
    assert "looks like a reference catalogue" in message and "'O*NET-SOC Code' (11-1011.00" in message
    assert "An internship listing needs a title plus at least one of company" in message
    assert "stage or status" in message and "map those columns" in message
    assert [c["column"] for c in caught.value.roles["column_roles"]][0] == "O*NET-SOC Code"


@pytest.mark.realdata
def test_a_user_who_maps_a_real_company_column_can_still_load(realdata: Path) -> None:
    # The mapping step on Sources can override the refusal: the user says which column is the employer.
    mapping = {"O*NET-SOC Code": "ignore", "Title": "title", "Description": "company"}
    result = load_listings(realdata / ONET / "Occupation Data.txt", mapping=mapping)
    assert result.frame.height == 1016 and result.report.missing_roles == []


@pytest.mark.parametrize("loader", [load_any, load_listings, load_outcomes])
def test_a_naics_industry_catalogue_is_refused(loader: object) -> None:
    assert callable(loader)
    with pytest.raises(MappingNeeded, match="reference catalogue") as caught:
        loader(NAICS, name="naics.csv")
    assert "'NAICS Code' (541511, 541512, 518210" in str(caught.value)


def test_an_isco_catalogue_without_descriptions_is_refused() -> None:
    data = (
        b"ISCO-08 code;Occupation\n2512;Software developers\n2511;Systems analysts\n2519;Software and app developers\n"
    )
    with pytest.raises(MappingNeeded, match="not listings"):
        load_listings(data, name="isco.csv")


def test_titles_with_nothing_an_opening_has_are_refused_without_codes() -> None:
    data = b"Title,Description\nData Analyst,Analyses data for the team all day long\nSoftware Engineer,Writes code\n"
    with pytest.raises(MappingNeeded, match="does not look like listings") as caught:
        load_listings(data, name="titles.csv")
    missing = caught.value.roles["missing_roles"]
    assert missing == ["what an opening has beside its title: a company, link, location, posted date or pay column"]


def test_listings_without_company_but_with_a_link_and_a_place_still_load() -> None:
    data = (
        b"Title,Apply link,Location\n"
        b'Data Analyst Intern,https://jobs.example.com/1,"Austin, TX"\n'
        b'Software Engineer Intern,https://jobs.example.com/2,"Boston, MA"\n'
    )
    result = load_listings(data, name="openings.csv")
    assert result.frame.height == 2 and result.report.missing_roles == []
    assert result.frame["url"].to_list() == ["https://jobs.example.com/1", "https://jobs.example.com/2"]
    assert load_any(data, name="openings.csv").kind == "listings"


def test_applications_without_status_but_with_a_company_still_load_as_before() -> None:
    data = b"company,title,applied\nAcme,Data Intern,2025-01-05\nBolt,ML Intern,2025-01-09\n"
    assert load_outcomes(data, name="log.csv").frame.height == 2


def test_code_columns_need_a_code_header_or_soc_shaped_values() -> None:
    frame = pl.DataFrame(
        {
            "soc": ["15-1252.00", "15-1211.00"],  # SOC shape: a code whatever the header
            "Year": ["2024", "2025"],  # digits, but no code word in the header
            "NAICS": ["5415", "5182"],
            "Title": ["Software Developers", "Analysts"],
        }
    )
    assert list(code_columns(frame)) == ["soc", "NAICS"]


def test_a_users_mapping_of_titles_alone_is_respected_when_there_are_no_codes() -> None:
    data = b"Spalte 1,Spalte 2\nAcme,Widget Wrangler\n"
    result = load_listings(data, name="x.csv", mapping={"Spalte 2": "title", "Spalte 1": "ignore"})
    assert result.frame["title"].to_list() == ["Widget Wrangler"] and result.report.missing_roles == []
    with pytest.raises(MappingNeeded, match="reference catalogue") as caught:
        load_listings(NAICS, name="naics.csv", mapping={"Industry Title": "title"})
    assert caught.value.roles["missing_roles"][-1].startswith("what an opening has beside its title")
