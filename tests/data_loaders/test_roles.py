"""Column roles by header and content: real files, made-up headers, kind detection, mappings, unknown stages."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_loaders import LoadError, load_any, load_listings, load_outcomes
from data_loaders.columns import IGNORE, map_columns, mapping_from_json, mapping_to_json
from data_loaders.isolation import load_isolated_with_stats
from data_loaders.normalise.stages import parse_stage_label
from data_loaders.roles import MappingNeeded, detect_kind, detect_roles
from data_loaders.sql import read_source


def roles_of(frame: pl.DataFrame, kind: str, mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Source column -> detected role."""
    return {c.column: c.role for c in detect_roles(frame, kind, mapping).columns}


# ---- every real file: the key roles --------------------------------------------------------------------
REAL = [
    (
        "cn-campus-offer-tracker/job_applications.csv",
        "outcomes",
        {
            "公司名称": "company",
            "岗位": "title",
            "当前状态": "status",
            "投递时间": "applied_date",
            "备注": "private",
            "最后更新时间": "ignore",
        },
    ),
    (
        "de-gmail-application-log/job_applications.csv",
        "outcomes",
        {"Company Name": "company", "Job Title": "title", "Result": "status", "Application Date": "applied_date"},
    ),
    (
        "kdrew-intern-apps/Internship Application Dataset.xlsx",
        "outcomes",
        {
            "Company": "company",
            "JobTitle": "title",
            "FinalStatus": "status",
            "Semester": "term",
            "ApplicationDate": "applied_date",
            "FinalCommunicationDate": "ignore",
        },
    ),
    (
        "internshala-stipends/inter_record.csv",
        "listings",
        {"company": "company", "title": "title", "salary": "pay_text", "location": "locations", "link": "url"},
    ),
    (
        "nyc-jobs-2019/NYC_Jobs.csv",
        "listings",
        {
            "Agency": "company",
            "Business Title": "title",
            "Civil Service Title": "ignore",
            "Salary Range From": "pay_min",
            "Salary Range To": "pay_max",
            "Salary Frequency": "pay_period",
            "Job Description": "description",
            "Minimum Qual Requirements": "description",
            "Preferred Skills": "description",
            "Posting Date": "posted_date",
        },
    ),
    (
        "zshah-intern-engine/internships.csv",
        "listings",
        {
            "company": "company",
            "title": "title",
            "salary": "pay_text",
            "seasons": "terms",
            "location": "locations",
            "url": "url",
        },
    ),
    (
        "zshah-intern-engine/jobs.json",
        "listings",
        {
            "company": "company",
            "title": "title",
            "salary": "pay_text",
            "is_open": "active",
            "closed_at": "ignore",
            "season_inferred": "ignore",
        },
    ),
    ("zshah-intern-engine/history.jsonl", "listings", {"ts": "posted_date"}),
    (
        "canada-2026-listings/listings.json",
        "listings",
        {
            "company_name": "company",
            "title": "title",
            "locations": "locations",
            "season": "terms",
            "is_visible": "visible",
        },
    ),
    (
        "ctsc-southeast-internships/jobs.json",
        "listings",
        {
            "company": "company",
            "role": "title",
            "locations": "locations",
            "season": "terms",
            "status": "active",
            "remote_friendly": "ignore",
            "is_faang_plus": "ignore",
            "start_date": "ignore",
        },
    ),
    (
        "simplify-summer2025/listings.json",
        "listings",
        {
            "company_name": "company",
            "title": "title",
            "locations": "locations",
            "terms": "terms",
            "date_updated": "ignore",
        },
    ),
    (
        "simplify-current-schema-samples/simplifyjobs.json",
        "listings",
        {"company_name": "company", "title": "title", "category": "category"},
    ),
    (
        "simplify-current-schema-samples/suryaharikrishnan.json",
        "listings",
        {"company_name": "company", "title": "title", "terms": "terms"},
    ),
    (
        "simplify-current-schema-samples/vanshb03.json",
        "listings",
        {"company_name": "company", "title": "title", "season": "terms"},
    ),
    *[
        (
            f"ashby-raw-job-boards/{board}",
            "listings",
            {
                "title": "title",
                "compensation": "pay_text",
                "descriptionPlain": "description",
                "descriptionHtml": "description",
                "applyUrl": "url",
                "jobUrl": "ignore",
                "publishedAt": "posted_date",
                "secondaryLocations": "ignore",
            },
        )
        for board in ("AtomicSemi.json", "backmarket.json", "bree.json", "reedsy.json", "roadsurfer.com.json")
    ],
    ("fivethirtyeight-college-majors/recent-grads.csv", "outcomes", {"Major": "major", "Major_category": "category"}),
    ("fivethirtyeight-college-majors/grad-students.csv", "outcomes", {"Major": "major", "Major_category": "category"}),
]


@pytest.mark.parametrize(("path", "kind", "expected"), REAL, ids=[r[0] for r in REAL])
def test_real_files_get_their_key_roles(realdata: Path, path: str, kind: str, expected: dict[str, str]) -> None:
    frame = read_source(realdata / path, kind=None).frame
    assert detect_kind(frame) == kind
    roles = roles_of(frame, kind)
    assert {column: roles[column] for column in expected} == expected


def test_every_column_has_a_role_a_confidence_and_evidence(realdata: Path) -> None:
    frame = read_source(realdata / "nyc-jobs-2019" / "NYC_Jobs.csv", kind=None).frame
    detection = detect_roles(frame, "listings")
    assert [c.column for c in detection.columns] == frame.columns
    for column in detection.columns:
        assert 0.0 < column.confidence <= 1.0 and column.evidence
    pay = next(c for c in detection.columns if c.column == "Salary Range From")
    assert "header matches the alias 'salary_range_from'" in pay.evidence
    assert any(line.endswith("distinct values look like numbers") for line in pay.evidence)
    street = next(c for c in detection.columns if c.column == "Work Location")
    assert street.role == "ignore"  # street addresses are not places the gazetteer knows: never claimed


def test_private_columns_show_no_values(realdata: Path) -> None:
    frame = read_source(realdata / "cn-campus-offer-tracker" / "job_applications.csv", kind=None).frame
    for kind in ("outcomes", "listings"):
        note = next(c for c in detect_roles(frame, kind).columns if c.column == "备注")
        assert note.samples == [] and note.role in ("private", "ignore")


# ---- made-up headers and values -----------------------------------------------------------------------
LONG = (
    "You will build data pipelines in Python and SQL with our analytics team, join code reviews, "
    "and present findings to stakeholders every week."
)


def made_up() -> pl.DataFrame:
    """Headers no alias table was written for, and values only their content explains."""
    return pl.DataFrame(
        {
            "Employer": ["Acme", "Bolt", "Cora", "Dune"],
            "Role (if any)": [
                "Data Science Intern",
                "Software Engineering Intern",
                "Marketing Analyst Intern",
                "Research Assistant",
            ],
            "Hourly wage": ["$25/hr", "$30 - $35 per hour", "$28/hr", "N/A"],
            "Estimated salary": ["$80K - $100K (Glassdoor est.)", "$95K", "-1", "$70,000 a year"],
            "Monthly stipend": ["₹ 10,000 /month", "₹ 15,000 /month", "Unpaid", "₹ 20,000 /month"],
            "About the role": [LONG, LONG + " A", LONG + " B", LONG + " C"],
            "Requirements": [LONG + " R", LONG + " S", LONG + " T", LONG + " U"],
            "What you'll do": [LONG + " D", LONG + " E", LONG + " F", LONG + " G"],
            "col7": ["https://a.example/1", "https://a.example/2", "https://b.example/3", "https://c.example/4"],
            "when": ["Summer 2026", "Fall 2026", "Summer 2026", "Winter 2027"],
            "opened": ["2026-01-05", "2026-02-11", "2026-03-01", "2026-03-09"],
            "where": ["Austin, TX", "Toronto, ON", "Remote", "New York, NY"],
            "Remote?": ["yes", "no", "yes", "no"],
            "Gehalt pro Monat": ["€1.200", "€1.400", "€1.100", "€1.300"],
            "notes": ["call Bob", "", "", ""],
        }
    )


def test_made_up_headers_and_values_get_the_right_roles() -> None:
    roles = roles_of(made_up(), "listings")
    assert roles == {
        "Employer": "company",
        "Role (if any)": "title",
        "Hourly wage": "pay_text",
        "Estimated salary": "pay_text",
        "Monthly stipend": "pay_text",
        "About the role": "description",
        "Requirements": "description",
        "What you'll do": "description",
        "col7": "url",
        "when": "terms",
        "opened": "posted_date",
        "where": "locations",
        "Remote?": "remote",
        "Gehalt pro Monat": "pay_text",
        "notes": "ignore",
    }


@pytest.mark.parametrize(
    ("header", "values", "role"),
    [
        ("job_name", ["Data Intern", "QA Tester", "Trainee Accountant"], "title"),
        ("Position applied for", ["Data Intern", "QA Tester", "Trainee Accountant"], "title"),
        ("Compensation details", ["$20/hr", "$22/hr", "$25/hr"], "pay_text"),
        ("Stipend (INR)", ["10000 per month", "12000 per month", "Unpaid"], "pay_text"),
        ("Responsibilities", [LONG, LONG + "!", LONG + "?"], "description"),
        ("unnamed: 4", ["https://x.example/a", "https://x.example/b", "https://x.example/c"], "url"),
        ("unnamed: 5", ["Summer 2026", "Fall 2026", "Spring 2027"], "terms"),
        ("unnamed: 6", ["Remote", "Hybrid", "On-site"], "remote"),
        ("unnamed: 7", ["Will sponsor H-1B", "No visa sponsorship", "US citizens only"], "sponsorship"),
        ("unnamed: 8", ["12/01/2025", "01/15/2026", "02/03/2026"], "posted_date"),
        ("Flag", ["true", "false", "true"], "ignore"),  # yes/no with no header hint: shown, never guessed
        ("Code", ["A17", "B22", "C03"], "ignore"),
    ],
)
def test_one_column_by_header_or_content(header: str, values: list[str], role: str) -> None:
    frame = pl.DataFrame({"Company": ["Acme", "Bolt", "Cora"], header: values})
    assert roles_of(frame, "listings")[header] == role


def test_a_constant_flag_says_nothing_and_a_long_skills_column_is_prose() -> None:
    frame = pl.DataFrame(
        {
            "company": ["A"] * 6,
            "title": ["Intern"] * 6,
            "remote_friendly": ["false"] * 6,
            "Preferred Skills": [LONG + str(i) for i in range(6)],
        }
    )
    roles = roles_of(frame, "listings")
    assert roles["remote_friendly"] == "ignore" and roles["Preferred Skills"] == "description"


def test_outcome_headers_in_other_languages() -> None:
    frame = pl.DataFrame(
        {
            "Firma": ["A", "B", "C"],
            "Stelle": ["Werkstudent Data", "Praktikant IT", "Analyst"],
            "Ergebnis": ["Absage", "Zusage", "Vorstellungsgespräch"],
            "Bewerbungsdatum": ["2024-01-02", "2024-02-03", "2024-03-04"],
        }
    )
    assert roles_of(frame, "outcomes") == {
        "Firma": "company",
        "Stelle": "title",
        "Ergebnis": "status",
        "Bewerbungsdatum": "applied_date",
    }


def test_profiling_reads_a_sample_of_distinct_values_once() -> None:
    """A million-row column costs what its sampled distinct values cost: the result equals that of the sample alone."""
    big = pl.DataFrame({"company": ["Acme", "Bolt"] * 500_000, "Hourly wage": ["$20/hr", "$25/hr"] * 500_000})
    small = big.head(10)
    assert [c.evidence for c in detect_roles(big, "listings").columns] == [
        c.evidence for c in detect_roles(small, "listings").columns
    ]


# ---- kind detection -----------------------------------------------------------------------------------
def test_a_tracker_loaded_as_listings_suggests_outcomes(realdata: Path) -> None:
    report = load_listings(realdata / "cn-campus-offer-tracker" / "job_applications.csv").report
    assert report.suggested_kind == "outcomes" and "当前状态" in report.kind_evidence
    as_outcomes = load_outcomes(realdata / "cn-campus-offer-tracker" / "job_applications.csv").report
    assert as_outcomes.suggested_kind is None and as_outcomes.missing_roles == []


def test_listings_loaded_as_outcomes_suggest_listings(realdata: Path) -> None:
    report = load_outcomes(realdata / "internshala-stipends" / "inter_record.csv").report
    assert report.suggested_kind == "listings" and "salary" in report.kind_evidence
    assert report.missing_roles == ["a stage or status column (role: status or stage)"]
    assert load_any(realdata / "internshala-stipends" / "inter_record.csv").kind == "listings"


def test_load_any_reads_a_tracker_by_its_values() -> None:
    data = "公司名称,岗位,当前状态\n星河,结构工程师,一面\n蔚来,结构,已投递\n中兴,设计师,笔试\n".encode()
    assert load_any(data, name="log.csv").kind == "outcomes"


# ---- mappings -----------------------------------------------------------------------------------------
def test_mapping_json_round_trip_reproduces_the_load() -> None:
    frame = made_up()
    data = frame.write_csv().encode()
    first = load_listings(data, name="made.csv")
    mapping = {c["column"]: c["role"] for c in first.report.column_roles}
    mapping["Role (if any)"] = IGNORE
    mapping["Employer"] = "title"
    document = json.loads(json.dumps(mapping_to_json(mapping, "listings")))
    kind, again = mapping_from_json(document)
    assert kind == "listings" and again == mapping
    second = load_listings(data, name="made.csv", mapping=again)
    roles = {c["column"]: (c["role"], c["source"]) for c in second.report.column_roles}
    assert roles["Role (if any)"] == ("ignore", "user") and roles["Employer"] == ("title", "user")
    assert second.frame["title"].to_list() == frame["Employer"].to_list()
    assert second.report.coverage["company"] == 0.0 and first.report.coverage["company"] == 1.0


@pytest.mark.parametrize("payload", [[1, 2], {"columns": {"a": 3}}, {"kind": "jobs", "columns": {}}])
def test_a_bad_mapping_document_says_how_to_fix_it(payload: object) -> None:
    with pytest.raises(LoadError, match="How to fix"):
        mapping_from_json(payload)


def test_several_columns_mapped_to_one_role_fill_each_others_gaps() -> None:
    cmap = map_columns(["a", "b", "c"], "listings", {"b": "pay_text", "a": "pay_text", "c": IGNORE})
    assert cmap.roles == {"pay_text": "b"} and cmap.fallbacks == {"pay_text": ["a"]} and cmap.ignored == ["c"]


def test_missing_key_columns_raise_mapping_needed_with_the_roles_through_the_worker() -> None:
    data = b"Spalte 1,Spalte 2\nAcme,Widget Wrangler\n"
    with pytest.raises(MappingNeeded) as caught:
        load_listings(data, name="x.csv")
    assert [c["column"] for c in caught.value.roles["column_roles"]] == ["Spalte 1", "Spalte 2"]
    result, _ = load_isolated_with_stats(data, kind="listings", name="x.csv")
    assert isinstance(result, MappingNeeded) and "no company or title column" in str(result)
    assert result.roles["missing_roles"] == ["a job title column (role: title)"]
    mapped, _ = load_isolated_with_stats(
        data, kind="listings", name="x.csv", mapping={"Spalte 1": "company", "Spalte 2": "title"}
    )
    assert mapped.report.missing_roles == [] and mapped.frame["title"].to_list() == ["Widget Wrangler"]


def test_listings_without_a_title_column_must_be_mapped() -> None:
    report = load_listings(b"company,city\nAcme,Austin\nBolt,Boston\n", name="c.csv").report
    assert report.missing_roles == ["a job title column (role: title)"]


# ---- unknown stages -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "stage", "status"),
    [
        ("已投递", "applied", "open"),
        ("池子", "applied", "open"),
        ("笔试", "screen", "open"),
        ("一面", "interview", "open"),
        ("技术面", "interview", "open"),
        ("HR面", "interview", "open"),
        ("感谢信", "applied", "rejected"),
        ("Offer", "offer", "open"),
        ("已签约", "accepted", "accepted"),
        ("Absage", "applied", "rejected"),
        ("Negative.", "applied", "rejected"),
        ("Einladung zum Vorstellungsgespräch", "interview", "open"),
        ("Zusage", "offer", "open"),
        ("Not provided", "applied", "no_response"),
        ("entretien RH", "interview", "open"),
        ("rechazado", "applied", "rejected"),
    ],
)
def test_stage_words_in_other_languages(label: str, stage: str, status: str) -> None:
    parsed = parse_stage_label(label)
    assert (parsed.stage, parsed.status, parsed.known) == (stage, status, True)


def test_unknown_stage_values_are_reported_with_counts(realdata: Path) -> None:
    result = load_outcomes(realdata / "de-gmail-application-log" / "job_applications.csv")
    issue = next(i for i in result.report.issues if i.reason.startswith("stage or status not recognised"))
    assert issue.count == 2 and "'The email does not' 2" in issue.reason
    assert (result.frame["status"] == "rejected").sum() == 44
    chinese = load_outcomes(realdata / "cn-campus-offer-tracker" / "job_applications.csv")
    assert not any(i.reason.startswith("stage or status not recognised") for i in chinese.report.issues)
    stages = dict(chinese.frame.group_by("stage").len().iter_rows())
    assert stages == {"applied": 35, "screen": 1, "interview": 3, "offer": 2}


def test_made_up_unknown_labels_name_every_value() -> None:
    data = b"company,title,status\nA,Intern,Rejected\nB,Intern,Kaffee\nC,Intern,Kaffee\nD,Intern,zzz\n"
    issue = next(i for i in load_outcomes(data, name="t.csv").report.issues if i.reason.startswith("stage or status"))
    assert issue.count == 3 and "'Kaffee' 2, 'zzz' 1" in issue.reason
