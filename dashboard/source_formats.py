"""The canonical formats as the Sources page explains them: what each column means, the schema table and a
template CSV per kind (data_loaders/schema.py holds the names and dtypes). No session state here.
"""

from __future__ import annotations

import csv
import io

import polars as pl
from polars.datatypes import DataTypeClass

from data_loaders.schema import SCHEMAS

# What each canonical column means, for the schema table (schema.py holds the names and dtypes).
COLUMN_MEANINGS: dict[str, str] = {
    "listing_id": "Identifier of the opening, unique within its source",
    "company": "Employer name",
    "title": "Job title as posted",
    "field": "Field of work, one of the fixed field names (guessed from the title when absent)",
    "locations": "Places as written, several separated by ';' (e.g. 'Austin, TX; Remote')",
    "cities": "City names parsed from the locations",
    "regions": "ISO 3166-2 codes of the states or provinces, e.g. US-CA, CA-ON",
    "countries": "ISO 3166-1 alpha-2 country codes, e.g. US",
    "work_mode": "onsite, hybrid, remote or unknown",
    "skills": "Skills asked for, separated by ';' (names are matched to the skills taxonomy)",
    "pay_hourly_usd": "Pay in US dollars per hour (computed from pay_text when empty)",
    "pay_text": "Pay as written, e.g. '$30-35/hr', '$6000/month', '₹ 10,000 /month', 'Unpaid'",
    "pay_currency": "Currency of the pay as written (ISO 4217 code, e.g. USD, CAD, GBP)",
    "pay_min": "Lower end of the pay as written, per pay_period, in pay_currency",
    "pay_max": "Upper end of the pay as written, per pay_period, in pay_currency",
    "pay_period": "What the pay amount is per: hour, day, week, month, year, lump_sum or unpaid",
    "terms": "Internship terms such as 'Summer 2027', separated by ';'",
    "posted_date": "Date the opening was posted (ISO 2026-09-15, or most common date forms)",
    "active": "true while the opening accepts applications",
    "sponsorship": "Visa sponsorship: offers, none, citizens_only or unknown",
    "url": "Link to the posting (only http and https links are shown)",
    "source": "Where the row came from (filled with the file name on upload)",
    "application_id": "Identifier of the application",
    "applicant_id": "Pseudonymous identifier of the applicant (never a name or e-mail)",
    "term": "Internship term applied for, e.g. 'Summer 2027'",
    "region": "ISO 3166-2 code of the opening's state or province",
    "applied_date": "Date of the application",
    "stage": "Furthest stage reached: applied, screen, interview, offer or accepted",
    "status": "Final status: open, rejected, withdrawn, no_response, declined or accepted",
    "major": "Applicant's major",
    "class_year": "Applicant's graduation year",
    "gpa": "Applicant's GPA on a 4.0 scale",
    "applicant_skills": "Applicant's skills, separated by ';'",
    "applications": "Number of applications in the group",
    "interviews": "How many of them reached an interview (or further)",
    "offers": "How many received an offer (or further)",
    "accepted": "How many accepted an offer (leave empty when unknown)",
}

# Two example rows per kind; they load cleanly (tests/dashboard/test_app_sources.py checks it).
TEMPLATE_ROWS: dict[str, list[dict[str, str]]] = {
    "listings": [
        {
            "listing_id": "T-1",
            "company": "Example Corp",
            "title": "Software Engineering Intern",
            "field": "Software Engineering",
            "locations": "Austin, TX",
            "cities": "Austin",
            "regions": "US-TX",
            "countries": "US",
            "work_mode": "onsite",
            "skills": "Python; SQL; Git",
            "pay_hourly_usd": "32.5",
            "pay_text": "$30-35/hr",
            "terms": "Summer 2027",
            "posted_date": "2026-09-15",
            "active": "true",
            "sponsorship": "offers",
            "url": "https://example.com/jobs/1",
            "source": "template",
        },
        {
            "listing_id": "T-2",
            "company": "Sample Analytics",
            "title": "Data Science Intern",
            "field": "Data Science & Analytics",
            "locations": "Toronto, ON",
            "cities": "Toronto",
            "regions": "CA-ON",
            "countries": "CA",
            "work_mode": "onsite",
            "skills": "Python; pandas",
            "pay_hourly_usd": "",
            "pay_text": "$6000/month",
            "terms": "Fall 2027",
            "posted_date": "2026-10-01",
            "active": "true",
            "sponsorship": "unknown",
            "url": "https://example.com/jobs/2",
            "source": "template",
        },
    ],
    "outcomes": [
        {
            "application_id": "A-1",
            "applicant_id": "S-001",
            "listing_id": "T-1",
            "company": "Example Corp",
            "title": "Software Engineering Intern",
            "field": "Software Engineering",
            "term": "Summer 2027",
            "region": "US-TX",
            "applied_date": "2026-09-20",
            "stage": "interview",
            "status": "rejected",
            "major": "Computer Science",
            "class_year": "2028",
            "gpa": "3.6",
            "applicant_skills": "Python; SQL",
            "source": "template",
        },
        {
            "application_id": "A-2",
            "applicant_id": "S-002",
            "listing_id": "T-3",
            "company": "Sample Analytics",
            "title": "Data Science Intern",
            "field": "Data Science & Analytics",
            "term": "Fall 2027",
            "region": "US-NY",
            "applied_date": "2026-10-03",
            "stage": "accepted",
            "status": "accepted",
            "major": "Statistics",
            "class_year": "2027",
            "gpa": "3.85",
            "applicant_skills": "Python; R; pandas",
            "source": "template",
        },
    ],
    "outcome_counts": [
        {
            "company": "Example Corp",
            "title": "Software Engineering Intern",
            "field": "Software Engineering",
            "term": "Summer 2027",
            "region": "US-TX",
            "major": "Computer Science",
            "class_year": "2028",
            "applications": "120",
            "interviews": "30",
            "offers": "8",
            "accepted": "5",
            "source": "template",
        },
        {
            "company": "Sample Analytics",
            "title": "Data Science Intern",
            "field": "Data Science & Analytics",
            "term": "Fall 2027",
            "region": "US-NY",
            "major": "Statistics",
            "class_year": "2027",
            "applications": "45",
            "interviews": "9",
            "offers": "3",
            "accepted": "",
            "source": "template",
        },
    ],
}


def template_csv(kind: str) -> bytes:
    """A CSV with the canonical columns of `kind` and two example rows."""
    columns = list(SCHEMAS[kind])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS[kind])
    return buffer.getvalue().encode("utf-8")


def schema_table(kind: str) -> pl.DataFrame:
    """The canonical columns of `kind` with their types and meanings."""
    schema = SCHEMAS[kind]
    return pl.DataFrame(
        {
            "column": list(schema),
            "type": [_type_name(dtype) for dtype in schema.values()],
            "meaning": [COLUMN_MEANINGS.get(name, "") for name in schema],
        }
    )


def _type_name(dtype: pl.DataType | DataTypeClass) -> str:
    """A reader's name for a polars dtype ('list of text', 'date', 'number')."""
    names: dict[DataTypeClass, str] = {
        pl.String: "text",
        pl.Float64: "number",
        pl.Int64: "whole number",
        pl.Int32: "whole number",
        pl.Date: "date",
        pl.Boolean: "true/false",
    }
    if isinstance(dtype, pl.List):
        return f"list of {_type_name(dtype.inner)}"
    return names.get(dtype.base_type(), str(dtype))
