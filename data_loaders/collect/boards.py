"""Job-board API answers (Greenhouse, Lever, Ashby) → raw rows with the columns the listings loader reads.

Every row has: listing_id ("<kind>:<board>:<job id>", stable across runs), company, title,
description (plain text), locations (list), remote (work-mode words), pay_text / pay_min / pay_max /
pay_currency / pay_period (where the board publishes pay), posted_date, url, terms (the title: a
season and year in it become the term), employment_type and commitment (for the internships filter).
Shapes: Greenhouse job board API `GET /v1/boards/{token}/jobs?content=true` → {"jobs": [...], "meta"};
Lever postings API `GET /v0/postings/{site}?mode=json` → [...]; Ashby posting API
`GET /posting-api/job-board/{board}?includeCompensation=true` → {"jobs": [...], "apiVersion"}.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import polars as pl

from data_loaders.collect.config import Source
from data_loaders.collect.payloads import decode_json, jobs_array
from data_loaders.normalise.description import html_to_text as _html_to_text

RAW_COLUMNS: tuple[str, ...] = (
    "listing_id",
    "company",
    "title",
    "description",
    "locations",
    "remote",
    "pay_text",
    "pay_min",
    "pay_max",
    "pay_currency",
    "pay_period",
    "posted_date",
    "url",
    "terms",
    "employment_type",
    "commitment",
    "board_team",
    "active",
)
HTML_COLUMN = "_description_html"
LEVER_INTERVALS = {
    "per-hour-wage": "hour",
    "per-day-wage": "day",
    "per-week-salary": "week",
    "per-month-salary": "month",
    "per-year-salary": "year",
    "one-time": "lump_sum",
}
ASHBY_INTERVALS = {"1 HOUR": "hour", "1 DAY": "day", "1 WEEK": "week", "1 MONTH": "month", "1 YEAR": "year"}


def html_to_text(markup: Any) -> str | None:
    """A board's HTML description as plain text (the project's one converter); None for a missing or blank one."""
    if markup is None or isinstance(markup, (dict, list)):
        return None
    text = _html_to_text(str(markup)).strip()
    return text or None


def _text(value: Any) -> str | None:
    """A JSON scalar as stripped text (None for empty and non-scalars)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _object(value: Any) -> dict[str, Any]:
    """A JSON object as a dict (an empty one for anything else)."""
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> str | None:
    """A number as text (the raw frame holds strings), None when absent or not a number."""
    return None if isinstance(value, bool) or not isinstance(value, (int, float)) else repr(float(value))


def company_of(source: Source, given: Any = None) -> str:
    """The company name: what the API gives, else the configured name, else the board token tidied."""
    named = _text(given) or source.name
    if named:
        return named
    token = str(source.board or "").replace("-", " ").replace("_", " ")
    return token[:1].upper() + token[1:]


def _row(source: Source, job_id: Any, html: Any = None, **values: Any) -> dict[str, Any]:
    """One raw row with every RAW_COLUMNS key (missing ones None); `html`, the description as HTML, is kept
    under HTML_COLUMN and turned into text only for the rows the internships filter keeps (describe_rows)."""
    row = dict.fromkeys(RAW_COLUMNS)
    row.update(values)
    row[HTML_COLUMN] = html if isinstance(html, str) and html.strip() else None
    row["listing_id"] = f"{source.key}:{job_id}"
    row["terms"] = values.get("title")
    row["active"] = "true"  # a board publishes open postings only
    return row


def greenhouse_rows(payload: Any, source: Source) -> list[dict[str, Any]]:
    """Rows from a Greenhouse job board answer."""
    rows = []
    for job in jobs_array(payload, "jobs", "Greenhouse"):
        if job.get("id") is None or not _text(job.get("title")):
            continue
        meta = {
            str(m.get("name", "")).strip().lower(): m.get("value")
            for m in job.get("metadata") or []
            if isinstance(m, dict)
        }
        kind = next((_text(v) for k, v in meta.items() if "employment" in k or "job type" in k), None)
        location = (job.get("location") or {}).get("name") if isinstance(job.get("location"), dict) else None
        offices = [o.get("location") or o.get("name") for o in job.get("offices") or [] if isinstance(o, dict)]
        places = [p for p in [_text(location)] if p] or [p for p in map(_text, offices) if p]
        rows.append(
            _row(
                source,
                job["id"],
                company=company_of(source, job.get("company_name")),
                title=_text(job["title"]),
                html=job.get("content"),
                locations=places,
                remote=None,
                posted_date=_text(job.get("first_published")) or _text(job.get("updated_at")),
                url=_text(job.get("absolute_url")),
                employment_type=kind,
                board_team="; ".join(
                    filter(None, (_text(d.get("name")) for d in job.get("departments") or [] if isinstance(d, dict)))
                )
                or None,
            )
        )
    return rows


def _lever_pay(job: dict[str, Any]) -> dict[str, Any]:
    """pay_* values from a Lever salaryRange object (and its plain description)."""
    salary = _object(job.get("salaryRange"))
    low, high = _number(salary.get("min")), _number(salary.get("max"))
    period = LEVER_INTERVALS.get(str(salary.get("interval") or ""))
    currency = _text(salary.get("currency"))
    text = None
    if low or high:
        amount = " - ".join(dict.fromkeys(f"{float(v):,.2f}".rstrip("0").rstrip(".") for v in (low, high) if v))
        text = " ".join(
            filter(
                None,
                (
                    currency,
                    amount,
                    f"per {period}" if period and period != "lump_sum" else "lump sum" if period else None,
                ),
            )
        )
    return {
        "pay_text": text or _text(job.get("salaryDescriptionPlain")),
        "pay_min": low,
        "pay_max": high,
        "pay_currency": currency,
        "pay_period": period,
    }


def lever_rows(payload: Any, source: Source) -> list[dict[str, Any]]:
    """Rows from a Lever postings answer (a JSON array)."""
    rows = []
    for job in jobs_array(payload, "", "Lever"):
        if not _text(job.get("id")) or not _text(job.get("text")):
            continue
        cats = _object(job.get("categories"))
        places = [p for p in map(_text, cats.get("allLocations") or []) if p] or [
            p for p in [_text(cats.get("location"))] if p
        ]
        lists = "\n\n".join(
            f"{_text(item.get('text')) or ''}\n{html_to_text(item.get('content')) or ''}"
            for item in job.get("lists") or []
            if isinstance(item, dict)
        )
        body = [job.get("descriptionPlain") or html_to_text(job.get("description")), lists, job.get("additionalPlain")]
        created = job.get("createdAt")
        posted = (
            dt.datetime.fromtimestamp(created / 1000, dt.UTC).date().isoformat()
            if isinstance(created, (int, float)) and not isinstance(created, bool) and created > 0
            else None
        )
        workplace = _text(job.get("workplaceType"))
        rows.append(
            _row(
                source,
                job["id"],
                company=company_of(source),
                title=_text(job["text"]),
                description="\n\n".join(filter(None, (_text(b) for b in body))) or None,
                locations=places,
                remote=None if workplace in (None, "unspecified") else workplace,
                posted_date=posted,
                url=_text(job.get("hostedUrl")) or _text(job.get("applyUrl")),
                commitment=_text(cats.get("commitment")),
                board_team=_text(cats.get("team")),
                **_lever_pay(job),
            )
        )
    return rows


def _ashby_pay(job: dict[str, Any]) -> dict[str, Any]:
    """pay_* values from an Ashby compensation object; pay_text is the object itself, which the pay normaliser reads."""
    comp = job.get("compensation") if isinstance(job.get("compensation"), dict) else None
    if not comp:
        return {}
    parts = comp.get("summaryComponents") if isinstance(comp.get("summaryComponents"), list) else []
    salary = next(
        (
            part
            for part in parts
            if isinstance(part, dict) and part.get("compensationType") == "Salary" and _number(part.get("minValue"))
        ),
        None,
    )
    summary = _text(comp.get("compensationTierSummary")) or _text(comp.get("scrapeableCompensationSalarySummary"))
    if salary is None and summary is None:
        return {}
    # Rebuilt from checked values: the pay normaliser reads this object as Ashby publishes it.
    components = (
        [
            {
                "compensationType": "Salary",
                "interval": _text(salary.get("interval")),
                "currencyCode": _text(salary.get("currencyCode")),
                "minValue": salary.get("minValue"),
                "maxValue": salary.get("maxValue") if _number(salary.get("maxValue")) else None,
            }
        ]
        if salary is not None
        else []
    )
    values: dict[str, Any] = {
        "pay_text": json.dumps(
            {"compensationTierSummary": summary, "summaryComponents": components}, ensure_ascii=False
        )
    }
    if salary is not None:
        values.update(
            pay_min=_number(salary.get("minValue")),
            pay_max=_number(salary.get("maxValue")),
            pay_currency=_text(salary.get("currencyCode")),
            pay_period=ASHBY_INTERVALS.get(str(salary.get("interval"))),
        )
    return values


def _ashby_places(job: dict[str, Any]) -> list[str]:
    """The primary location, then the secondary ones, each once."""
    names = [_text(job.get("location"))]
    names += [_text(s.get("location")) for s in job.get("secondaryLocations") or [] if isinstance(s, dict)]
    return list(dict.fromkeys(n for n in names if n))


def ashby_rows(payload: Any, source: Source) -> list[dict[str, Any]]:
    """Rows from an Ashby job board answer (listed jobs only)."""
    rows = []
    for job in jobs_array(payload, "jobs", "Ashby"):
        if not _text(job.get("id")) or not _text(job.get("title")) or job.get("isListed") is False:
            continue
        # isRemote is not evidence: one real board sets it on 40 of 41 office jobs. workplaceType (newer API) is.
        remote = _text(job.get("workplaceType"))
        rows.append(
            _row(
                source,
                job["id"],
                company=company_of(source, job.get("organizationName")),
                title=_text(job["title"]),
                html=job.get("descriptionHtml"),
                description=_text(job.get("descriptionPlain")),
                locations=_ashby_places(job),
                remote=remote,
                posted_date=_text(job.get("publishedAt")),
                url=_text(job.get("jobUrl")) or _text(job.get("applyUrl")),
                employment_type=_text(job.get("employmentType")),
                board_team=_text(job.get("department")),
                **_ashby_pay(job),
            )
        )
    return rows


def describe_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """`description` from the HTML column where there is one (else the plain text given), each distinct HTML converted once."""
    if HTML_COLUMN not in frame.columns:
        return frame
    html = frame[HTML_COLUMN]
    distinct = html.drop_nulls().unique()
    lookup = pl.DataFrame(
        {HTML_COLUMN: distinct, "_text": pl.Series([html_to_text(v) for v in distinct.to_list()], dtype=pl.String)}
    )
    converted = frame.join(lookup, on=HTML_COLUMN, how="left", maintain_order="left")
    return converted.with_columns(pl.coalesce("_text", "description").alias("description")).drop("_text", HTML_COLUMN)


PARSERS: dict[str, Callable[[Any, Source], list[dict[str, Any]]]] = {
    "greenhouse": greenhouse_rows,
    "lever": lever_rows,
    "ashby": ashby_rows,
}


def board_rows(body: bytes, source: Source, content_type: str | None = None) -> list[dict[str, Any]]:
    """Decode a board's answer and turn it into raw rows (SourceError when it cannot be used)."""
    return PARSERS[source.kind](decode_json(body, content_type), source)
