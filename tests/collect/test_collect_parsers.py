"""Parsers: HTML to text, each board's documented shape, the real Ashby boards and community lists, the config."""

from __future__ import annotations

import polars as pl
import pytest

from data_loaders.collect.boards import (
    HTML_COLUMN,
    ashby_rows,
    describe_rows,
    greenhouse_rows,
    html_to_text,
    lever_rows,
)
from data_loaders.collect.config import Source, parse_config
from data_loaders.collect.lists import list_listings
from data_loaders.collect.payloads import SourceError, decode_json
from data_loaders.collect.sources import parse_board
from data_loaders.errors import LoadError
from tests.collect.conftest import ASHBY_DIR, SHARED, fixture_json, need_shared


def test_html_to_text_keeps_headings_and_list_items_on_their_own_lines() -> None:
    html = (
        "<h2>About&nbsp;the role</h2><p>Build <b>robots</b>.</p><h3>Requirements</h3>"
        "<ul><li>Python</li><li>SQL &amp; dbt</li></ul><script>alert(1)</script><p>Line<br>break</p>"
    )
    assert html_to_text(html) == "About the role\nBuild robots.\nRequirements\n• Python\n• SQL & dbt\nLine\nbreak"
    # Greenhouse escapes its HTML once more.
    assert (
        html_to_text("&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Go&lt;/li&gt;&lt;/ul&gt;")
        == "Hello & welcome\n• Go"
    )
    assert html_to_text(None) is None and html_to_text("  ") is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty response"),
        (b"<html><body>502 Bad Gateway</body></html>", "HTML page"),
        (b'{"jobs": [{"id": 1, "title": "Intern"', "truncated"),
        (b'{"jobs": [}', "malformed"),
        (b"\xff\xfe{", "not UTF-8"),
    ],
)
def test_bodies_that_are_not_json_say_why(body: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        decode_json(body)


def test_greenhouse_rows() -> None:
    rows = greenhouse_rows(fixture_json("greenhouse.json"), Source("greenhouse", board="northwind"))
    assert rows[0]["description"] is None and rows[0][HTML_COLUMN].startswith(
        "&lt;h2&gt;"
    )  # converted after the filter
    described = describe_rows(pl.DataFrame(rows))
    assert HTML_COLUMN not in described.columns
    rows = described.to_dicts()
    first = rows[0]
    assert first["listing_id"] == "greenhouse:northwind:4012345" and first["employment_type"] == "Intern"
    assert first["description"].startswith(
        "About the role\nBuild robot fleet software.\nRequirements\n• Python and SQL"
    )
    assert first["posted_date"] == "2026-11-02T09:00:00-05:00" and first["locations"] == ["Seattle, WA"]
    assert rows[1]["posted_date"] == "2026-11-21T10:00:00-05:00"  # no first_published: updated_at


def test_lever_rows() -> None:
    rows = lever_rows(fixture_json("lever.json"), Source("lever", board="contoso", name="Contoso Ltd"))
    first = rows[0]
    assert first["company"] == "Contoso Ltd" and first["commitment"] == "Intern" and first["remote"] == "hybrid"
    assert first["pay_text"] == "USD 40 - 50 per hour" and (first["pay_min"], first["pay_period"]) == ("40.0", "hour")
    assert "What you bring\n• Python\n• Deep learning" in first["description"]
    assert first["posted_date"] == "2026-11-17" and rows[2]["remote"] is None  # "unspecified" is no evidence


def test_ashby_rows_read_the_compensation_object() -> None:
    rows = ashby_rows(fixture_json("ashby.json"), Source("ashby", board="fabrikam"))
    assert len(rows) == 3  # the unlisted job is skipped
    usd = rows[1]
    assert (usd["pay_min"], usd["pay_max"], usd["pay_currency"], usd["pay_period"]) == (
        "105000.0",
        "126000.0",
        "USD",
        "year",
    )
    assert rows[2]["pay_text"] is None  # a compensation object without salary or summary


@pytest.mark.realdata
def test_real_ashby_boards_normalise_with_pay_and_currencies() -> None:
    need_shared(ASHBY_DIR)
    frames = [
        parse_board(p.read_bytes(), Source("ashby", board=p.stem), None)[0] for p in sorted(ASHBY_DIR.glob("*.json"))
    ]
    listings = pl.concat(frames)
    assert listings.height == 34
    paid = listings.filter(pl.col("pay_hourly_usd").is_not_null())
    assert set(paid["pay_currency"]) >= {"USD", "EUR", "GBP", "CAD"}
    bree = listings.filter(pl.col("company") == "Bree").row(0, named=True)
    assert (bree["pay_currency"], bree["pay_min"], bree["pay_max"], bree["pay_period"]) == ("CAD", 25.0, 75.0, "hour")
    assert listings.filter(pl.col("title").str.contains("Praktikum")).height == 2


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("path", "open_rows"),
    [
        ("simplify-current-schema-samples/simplifyjobs.json", 21),
        ("simplify-current-schema-samples/vanshb03.json", 13),
        ("canada-2026-listings/listings.json", None),
        ("ctsc-southeast-internships/jobs.json", 2999),
    ],
)
def test_community_lists_old_and_new_schemas(path: str, open_rows: int | None) -> None:
    body = need_shared(SHARED / path).read_bytes()
    frame, report, urls = list_listings(body, Source("list", url="https://example.org/x.json", name="l"))
    assert frame["active"].all() and frame["listing_id"].str.starts_with("list:l:").all()
    assert urls.len() == report.rows_read
    if open_rows is not None:
        assert frame.height == open_rows
    else:
        assert 1000 < frame.height < report.rows_read


def test_config_errors_name_the_entry() -> None:
    with pytest.raises(LoadError, match="Unknown source kind 'workday'.*entry 1"):
        parse_config('[[sources]]\nkind = "workday"\nboard = "x"\n')
    with pytest.raises(LoadError, match="needs a board token"):
        parse_config('[[sources]]\nkind = "lever"\n')
    with pytest.raises(LoadError, match="listed twice"):
        parse_config('[[sources]]\nkind = "ashby"\nboard = "a"\n[[sources]]\nkind = "ashby"\nboard = "a"\n')
    with pytest.raises(LoadError, match="not valid TOML"):
        parse_config("[[sources]\n")
    with pytest.raises(LoadError, match=r"\[collect\] timeout_seconds must be a float"):
        parse_config('[collect]\ntimeout_seconds = "soon"\n')


def test_endpoints_and_hosts() -> None:
    config = parse_config(
        '[[sources]]\nkind = "lever"\nboard = "acme"\nregion = "eu"\n'
        '[[sources]]\nkind = "greenhouse"\nboard = "acme"\napi_base = "http://proxy:8080/"\n'
    )
    assert config.sources[0].endpoint() == "https://api.eu.lever.co/v0/postings/acme?mode=json"
    assert config.sources[1].endpoint() == "http://proxy:8080/v1/boards/acme/jobs?content=true"


ODD_JOBS = {
    "greenhouse": {
        "jobs": [
            None,
            "x",
            {"id": 1},
            {
                "id": 2,
                "title": "Intern",
                "location": None,
                "metadata": "no",
                "departments": [None],
                "offices": "x",
                "content": None,
                "absolute_url": 5,
            },
            {
                "id": 3,
                "title": "Co-op",
                "location": {"name": None},
                "metadata": [{"name": None, "value": ["Intern"]}],
                "first_published": 12345,
                "content": "<p>Python<p>unclosed <b>",
            },
        ]
    },
    "lever": [
        None,
        {
            "id": "a",
            "text": "Intern",
            "categories": None,
            "createdAt": "yesterday",
            "lists": [None, {"text": 1}],
            "salaryRange": {"min": "40", "max": None, "interval": 7},
        },
        {
            "id": "b",
            "text": "Working Student",
            "categories": {"allLocations": None, "commitment": None},
            "createdAt": -5,
            "salaryRange": {"currency": "EUR", "min": 1000.5, "max": 1200, "interval": "per-month-salary"},
        },
    ],
    "ashby": {
        "jobs": [
            {"id": "a", "title": "Intern", "compensation": "n/a", "secondaryLocations": "x", "employmentType": None},
            {
                "id": "b",
                "title": "Praktikum",
                "isListed": None,
                "compensation": {
                    "summaryComponents": [None, {"compensationType": "Salary"}],
                    "compensationTierSummary": 5,
                },
                "descriptionHtml": 7,
                "publishedAt": None,
            },
        ]
    },
}


@pytest.mark.parametrize("kind", sorted(ODD_JOBS))
def test_odd_values_from_unseen_boards_never_crash(kind: str) -> None:
    import json

    frame, postings, not_interns, _ = parse_board(json.dumps(ODD_JOBS[kind]).encode(), Source(kind, board="odd"), None)
    assert postings >= 2 and frame.height == postings - not_interns
    assert frame["listing_id"].str.starts_with(f"{kind}:odd:").all()
