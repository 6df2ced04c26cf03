"""Descriptions: HTML → text, then skills (required vs nice to have), pay, work mode, sponsorship, terms."""

from __future__ import annotations

import json
import time

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from data_loaders.normalise.description import (
    DESCRIPTION_SCHEMA,
    extract_descriptions,
    find_pay_span,
    find_sponsorship,
    find_terms,
    find_work_mode,
    html_to_text,
    parse_description,
    split_skills,
)


def test_html_becomes_text_with_line_breaks_and_entities() -> None:
    html = (
        "<h2>What you&#39;ll do</h2><p>Build&nbsp;APIs in <strong>Python</strong> &amp; Go.</p>"
        "<ul><li>Ship code</li><li>Write tests</li></ul><script>var x = '<p>';</script><br/>Done"
    )
    assert html_to_text(html) == "What you'll do\nBuild APIs in Python & Go.\n• Ship code\n• Write tests\nDone"


def test_plain_text_is_left_alone() -> None:
    text = "Salary < $30/hour > nothing\nline two"
    assert html_to_text(text) == text


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The pay for this role is $25–$30/hour.", "$25–$30/hour"),
        ("Stipend: €2,000 per month, plus housing", "€2,000 per month"),
        ("Base salary: CA$60,000 – CA$70,000 annually", "CA$60,000 – CA$70,000 annually"),
        ("Monthly stipend ₹10,000/month", "₹10,000/month"),
        ("Compensation: $105K – $126K", "$105K – $126K"),
        ("Hourly rate 20-25 USD per hour", "20-25 USD per hour"),
        ("We raised a $30M Series B. Salary range £40,000 - £50,000 per year.", "£40,000 - £50,000 per year"),
        ("$250 monthly lunch stipend and a $1,500 annual learning budget", None),  # perks, not pay
        ("We have $5M ARR per engineer and $2 billion in assets", None),  # company figures
        ("Refer a friend and earn a $500 referral bonus", None),
        ("Competitive salary and equity", None),
        ("Our 401k plan matches 4%", None),
    ],
)
def test_pay_spans(text: str, span: str | None) -> None:
    assert find_pay_span(text) == span


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("This is a hybrid role: 3 days a week in the office.", "hybrid"),
        ("You will work two days per week in our office in Paris.", "hybrid"),
        ("We work 3 days a week in the office and 2 from home.", "hybrid"),
        ("This position is fully remote within the US.", "remote"),
        ("We are a remote-first company.", "remote"),
        ("You can work from home.", "remote"),
        ("This role is on-site in Austin.", "onsite"),
        ("This is not a remote position.", "onsite"),
        ("We build hybrid cloud infrastructure and remote sensing tools.", None),
        ("Fully remote or on-site role in Berlin, your choice.", None),  # both, no hybrid phrase: no evidence
    ],
)
def test_work_mode(text: str, mode: str | None) -> None:
    assert find_work_mode(text) == mode


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Visa sponsorship available for the right candidate.", "offers"),
        ("We sponsor visas for international hires.", "offers"),
        ("Candidates must be authorized to work in the U.S. without sponsorship.", "none"),
        ("We are unable to sponsor work visas for this role.", "none"),
        ("US citizens only.", "citizens_only"),
        ("Must be a U.S. citizen and able to obtain a security clearance.", "citizens_only"),
        ("An active Secret clearance is required.", "citizens_only"),
        ("We value diverse perspectives.", None),
    ],
)
def test_sponsorship(text: str, label: str | None) -> None:
    assert find_sponsorship(text) == label


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Join our Summer 2027 internship program.", "Summer 2027"),
        ("Fall '26 and Spring 2027 co-ops available.", "Fall '26; Spring 2027"),
        ("This is a Summer internship in Toronto.", "Summer internship"),
        ("Co-op Jan–Apr 2027, 4 months.", "Co-op Jan–Apr 2027"),
        ("Things fall apart; spring into action; use Spring Boot.", None),  # ordinary words are no terms
        ("Apply by March 1.", None),
    ],
)
def test_terms(text: str, terms: str | None) -> None:
    assert find_terms(text) == terms


def test_terms_text_reads_through_the_terms_normaliser() -> None:
    from data_loaders.normalise.terms import parse_terms

    assert parse_terms(find_terms("Co-op Jan–Apr 2027 or a Fall '26 term")) == ["Winter 2027", "Fall 2026"]


NICE_CASES = [
    (
        "Requirements:\n• Python and SQL\nNice to have:\n• Rust, Kubernetes\nAbout us\nWe use Docker daily",
        ["Python", "SQL", "Docker"],
        ["Rust", "Kubernetes"],
    ),
    (
        "<h3>What you bring</h3><ul><li>Java</li></ul><h3>Bonus points</h3><ul><li>Scala</li><li>Java</li></ul>",
        ["Java"],
        ["Scala"],
    ),  # Java is asked for: it stays required
    ("You know Python. Experience with Terraform is a plus.", ["Python"], ["Terraform"]),
    ("PREFERRED QUALIFICATIONS\nTableau\nREQUIREMENTS\nExcel and SQL", ["Excel", "SQL"], ["Tableau"]),
    ("Pluses: Go, TypeScript", [], ["Go", "TypeScript"]),
]


@pytest.mark.parametrize(("text", "required", "nice"), NICE_CASES)
def test_nice_to_have_skills_are_not_required(text: str, required: list[str], nice: list[str]) -> None:
    plain = html_to_text(text)
    assert split_skills(plain) == (required, nice)


def test_parse_description_reads_everything_at_once() -> None:
    html = (
        "<p><strong>About the role</strong></p><p>Summer 2027 internship, hybrid role in Toronto. "
        "We work in Python and SQL.</p><p><b>Nice to have</b></p><ul><li>Airflow</li></ul>"
        "<p>Pay: CA$25 – CA$30 per hour. Visa sponsorship available.</p>"
    )
    facts = parse_description(html)
    assert facts.skills == ["Python", "SQL"]
    assert facts.nice_skills == ["Airflow"]
    assert facts.pay_text == "CA$25 – CA$30 per hour"
    assert (facts.work_mode, facts.sponsorship, facts.terms_text) == ("hybrid", "offers", "Summer 2027")


def test_empty_and_missing_descriptions() -> None:
    assert parse_description(None) == parse_description("   ") == ([], [], None, None, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "$" + "1," * 20_000,  # long digit-and-comma run
        "summer " * 5_000 + "x",
        "<" * 20_000,
        "not " * 5_000 + "sponsor",
        "a " * 10_000 + "hybrid",
        ("$1 - " * 4_000),
        "\n".join(["Nice to have:"] * 5_000),
    ],
)
def test_adversarial_texts_stay_fast(text: str) -> None:
    # Relative to an ordinary description of the same length, so a loaded machine does not fail the test;
    # catastrophic backtracking would be hundreds of times slower, not a few.
    ordinary = ("We build data pipelines in Python and SQL on AWS. Pay: $30/hour. Nice to have: Rust.\n" * 300)[:20_000]
    start = time.perf_counter()
    parse_description(ordinary)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    parse_description(text[:20_000])
    assert time.perf_counter() - start < 25 * baseline + 0.5


def test_extract_descriptions_keeps_row_order_and_nulls() -> None:
    texts = pl.Series(["Python role, $30/hour", None, "Python role, $30/hour", "fully remote, Go and C++ required"])
    out = extract_descriptions(texts)
    assert dict(out.schema) == DESCRIPTION_SCHEMA
    assert out["desc_skills"].to_list() == [["Python"], [], ["Python"], ["Go", "C++"]]
    assert out["desc_pay_text"].to_list() == ["$30/hour", None, "$30/hour", None]
    assert out["desc_work_mode"].to_list() == [None, None, None, "remote"]


_PIECES = [
    "Python",
    "SQL",
    "Nice to have:",
    "\n",
    "• Rust",
    "$25/hour",
    "€2,000 per month",
    "fully remote",
    "hybrid role",
    "Summer 2027",
    "visa sponsorship available",
    "unable to sponsor",
    "<p>",
    "</p>",
    "<li>Go</li>",
    " ",
    "Bonus:",
    "Fall co-op",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join) | st.none(), min_size=1, max_size=12))
def test_each_distinct_text_parsed_once_equals_every_row(values: list[str | None]) -> None:
    series = pl.Series(values, dtype=pl.String)
    per_row = pl.DataFrame([parse_description(v) for v in values], schema=DESCRIPTION_SCHEMA, orient="row")
    assert_frame_equal(extract_descriptions(series), per_row)


# --- real descriptions ------------------------------------------------------------------------------
def _ashby(realdata, board: str) -> list[dict]:
    return json.loads((realdata / "ashby-raw-job-boards" / board).read_text(encoding="utf-8"))["jobs"]


def test_ashby_html_and_plain_descriptions_agree(realdata) -> None:
    jobs = [job for board in ("AtomicSemi.json", "bree.json", "reedsy.json") for job in _ashby(realdata, board)]
    same = sum(
        parse_description(j["descriptionHtml"]).skills == parse_description(j["descriptionPlain"]).skills for j in jobs
    )
    assert same >= 0.9 * len(jobs)


def test_ashby_descriptions_yield_skills_and_keep_perks_out_of_pay(realdata) -> None:
    jobs = _ashby(realdata, "bree.json")
    facts = [parse_description(j["descriptionPlain"]) for j in jobs]
    assert sum(bool(f.skills) for f in facts) >= len(jobs) - 1
    # Bree's benefits list "$250 monthly lunch stipend" and "$1,500 annual learning stipend": perks, never pay.
    pay = {j["title"]: f.pay_text for j, f in zip(jobs, facts, strict=True) if f.pay_text}
    # The one posting with pay in its text and no compensation object: "COMPENSATION\n\n$40/hr, 5-10 hours per week".
    assert pay == {"Creative Strategist (Part-Time)": "$40/hr"}


def test_ashby_intern_descriptions_name_a_term(realdata) -> None:
    jobs = [j for j in _ashby(realdata, "AtomicSemi.json") if "Intern" in j["title"]]
    terms = [parse_description(j["descriptionPlain"]).terms_text for j in jobs]
    assert sum(t is not None for t in terms) >= 6
    assert all(t is None or any(s in t.casefold() for s in ("winter", "summer")) for t in terms)


def test_ashby_backmarket_nice_to_haves(realdata) -> None:
    jobs = {j["title"]: j for j in _ashby(realdata, "backmarket.json")}
    facts = parse_description(jobs["Analytics Engineer AI Intern"]["descriptionPlain"])
    assert "Airflow" in facts.nice_skills and "Airflow" not in facts.skills
    assert "SQL" in facts.skills


def test_nyc_preferred_skills_column_is_nice_to_have(realdata) -> None:
    from data_loaders.files import read_raw
    from data_loaders.listing_values import description_text

    raw = read_raw(realdata / "nyc-jobs-2019" / "NYC_Jobs.csv")
    columns = ["Job Description", "Minimum Qual Requirements", "Preferred Skills"]
    facts = extract_descriptions(description_text(raw.frame, columns))
    with_text = raw.frame.select(pl.any_horizontal(pl.col(c).is_not_null() for c in columns)).to_series()
    assert facts.filter(with_text).height == with_text.sum() > 0
    nice = facts["desc_nice_skills"].explode().drop_nulls()
    assert "Excel" in nice.to_list()  # "Preferred Skills: … Microsoft Excel …"
    required = facts["desc_skills"].explode().drop_nulls().to_list()
    assert "Compliance" in required
