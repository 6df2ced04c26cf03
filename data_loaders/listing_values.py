"""Value steps of the listings loader: pay with its currency and period, terms with inferred years.

Each step takes the frame being built, adds canonical columns and writes what it did (issues with
counts and examples, notes) into the validation report, so nothing is changed silently.
"""

from __future__ import annotations

import polars as pl

from data_loaders.caps import description_columns as by_header
from data_loaders.columns import column_key
from data_loaders.normalise.currency import rate_table
from data_loaders.normalise.pay import PAY_PROBLEMS, normalise_pay_details
from data_loaders.normalise.terms import normalise_terms, season_without_year
from data_loaders.report import ValidationReport, issue_from_mask


def row_countries(countries: pl.Series) -> tuple[pl.Series, str | None]:
    """Each row's first country (decides a bare amount's currency), filled with the file's main country."""
    first = countries.list.first()
    counts = first.drop_nulls().value_counts(sort=True)
    main = counts[first.name][0] if counts.height else None
    return (first if main is None else first.fill_null(main)), main


def apply_pay(
    frame: pl.DataFrame, pay_text: pl.Series, currency: pl.Series | None, report: ValidationReport
) -> pl.DataFrame:
    """Add pay_text, pay_currency, pay_min, pay_max, pay_period and pay_hourly_usd; report problems and assumptions."""
    countries, main = row_countries(frame["countries"])
    details = normalise_pay_details(pay_text, countries, currency)
    frame = frame.with_columns(pay_text.alias("_pay_raw"), *details.get_columns())
    for problem, reason in PAY_PROBLEMS.items():
        issue = issue_from_mask(frame, pl.col("pay_problem") == problem, reason, "pay_text", "_pay_raw")
        if issue:
            report.issues.append(issue)
    converted = frame.filter(
        pl.col("pay_currency").is_not_null()
        & (pl.col("pay_currency") != "USD")
        & pl.col("pay_hourly_usd").is_not_null()
    )
    if converted.height:
        rates = rate_table()
        used = ", ".join(sorted(set(converted["pay_currency"])))
        report.notes.append(
            f"Pay in {used} converted to US dollars at the {rates.source} of {rates.rate_date} "
            f"({converted.height} row(s)); pay_currency, pay_min and pay_max keep the amounts as written."
        )
    inferred = int(frame["pay_period_inferred"].sum())
    if inferred:
        report.notes.append(
            f"{inferred} pay value(s) named no period (hour, month, year …): the period was read from the "
            "amount's size (below 200 US-dollar-equivalents hourly, below 20,000 monthly, else yearly)."
        )
    bare = frame.filter(
        pl.col("pay_currency").is_not_null()
        & pl.col("pay_text").is_not_null()
        & ~pl.col("pay_text").str.contains(r"[$€£₹¥]|[A-Z]{3}|(?i)\brs\b|(?i)rupee")
    )
    if bare.height and main:
        report.notes.append(
            f"{bare.height} pay value(s) carry no currency sign: read in the listing's country's currency "
            f"(rows without a country: the file's main country, {main})."
        )
    return frame.drop("_pay_raw", "pay_problem", "pay_period_inferred")


def apply_terms(frame: pl.DataFrame, terms_src: pl.Series, report: ValidationReport) -> pl.DataFrame:
    """Add terms; a season without a year takes the year of its next start after the posting date, and is reported."""
    text = terms_src.list.join("; ") if isinstance(terms_src.dtype, pl.List) else terms_src.cast(pl.String)
    frame = frame.with_columns(normalise_terms(text, frame["posted_date"]).alias("terms"), text.alias("_terms_raw"))
    undated = {value: season_without_year(value) for value in text.drop_nulls().unique().to_list()}
    without_year = pl.col("_terms_raw").replace_strict(undated, default=False, return_dtype=pl.Boolean())
    inferred = frame.filter(without_year & pl.col("posted_date").is_not_null()).height
    bare = frame.filter(without_year & pl.col("posted_date").is_null()).height
    if inferred:
        report.notes.append(
            f'{inferred} term(s) named a season without a year (e.g. "Summer"): the year is that of the '
            "next such season starting in or after the posting month."
        )
    if bare:
        issue = issue_from_mask(
            frame,
            without_year & pl.col("posted_date").is_null(),
            "season without a year and no posting date (kept as the bare season)",
            "terms",
            "_terms_raw",
        )
        if issue:
            report.issues.append(issue)
    return frame.drop("_terms_raw")


# --- descriptions -------------------------------------------------------------------------------
def description_columns(
    columns: list[str], roles: dict[str, str], fallbacks: dict[str, list[str]], ignored: list[str]
) -> list[str]:
    """The source columns read as description, in source order.

    The role's column and its further columns, plus ignored columns whose header is a description alias
    (the alias table maps one column per role). Of an HTML and a plain copy of one text (Ashby's
    `descriptionHtml` / `descriptionPlain`), only the plain one is read.
    """
    chosen = set(fallbacks.get("description", [])) | ({roles["description"]} if "description" in roles else set())
    chosen |= by_header([c for c in ignored])
    keys = {column_key(c): c for c in chosen}
    for col in list(chosen):
        key = column_key(col)
        if key.endswith("html") and any(keys.get(key[:-4] + suffix) for suffix in ("plain", "text", "")):
            chosen.discard(col)
    return [c for c in columns if c in chosen]


def description_text(src: pl.DataFrame, columns: list[str]) -> pl.Series:
    """One text per row: each description column's value under its header as a heading line.

    The header becomes a heading ("Preferred Skills:") so a whole column of nice-to-haves is read as such.
    """

    def value(column: str) -> pl.Expr:
        # A JSON array of paragraphs (or of anything else a content rule took for prose) reads as lines.
        return (
            pl.col(column).list.join("\n")
            if isinstance(src.schema[column], pl.List)
            else pl.col(column).cast(pl.String())
        )

    parts = [
        pl.when(value(c).str.strip_chars() != "").then(pl.format("{}:\n{}", pl.lit(str(c)), value(c))) for c in columns
    ]
    text = pl.concat_str(parts, separator="\n\n", ignore_nulls=True)
    return src.select(pl.when(text != "").then(text).alias("_description")).to_series()


def _fill_note(report: ValidationReport, what: str, filled: int, rows: int, columns: list[str]) -> None:
    if filled:
        named = ", ".join(f"'{c}'" for c in columns)
        report.notes.append(
            f"{what} for {filled:,} of {rows:,} rows extracted from {named} (the structured column was empty)."
        )


def apply_description_before(
    frame: pl.DataFrame, facts: pl.DataFrame, pay_text: pl.Series, report: ValidationReport, columns: list[str]
) -> tuple[pl.DataFrame, pl.Series]:
    """Skills (where the skills column is empty) and the pay text (where no pay column names a figure).

    Structured skill tags are preferred over description skills: a row with tags keeps exactly its tags, so
    a source's curated list is never inflated by prose; description skills fill only rows without tags.
    """
    rows = frame.height
    frame = frame.with_columns(facts.get_columns())
    if "skills" in frame.columns:
        empty = pl.col("skills").list.len().fill_null(0) == 0
    else:
        empty = pl.lit(True)
    fill_skills = empty & (pl.col("desc_skills").list.len() > 0)
    filled = frame.select(fill_skills.sum()).item()
    frame = frame.with_columns(
        pl.when(fill_skills)
        .then(pl.col("desc_skills"))
        .otherwise(pl.col("skills") if "skills" in frame.columns else pl.lit([], dtype=pl.List(pl.String())))
        .alias("skills")
    )
    _fill_note(report, "Skills", filled, rows, columns)
    nice = frame.select((pl.col("desc_nice_skills").list.len() > 0).sum()).item()
    if nice:
        report.notes.append(
            f'{nice:,} description(s) list skills under a nice-to-have heading ("Nice to have", "Bonus", '
            '"Preferred" …): those are not counted as required skills.'
        )
    use_pay = _names_no_pay(pay_text) & frame["desc_pay_text"].is_not_null()
    _fill_note(report, "Pay", int(use_pay.sum()), rows, columns)
    chosen = pl.select(pl.when(use_pay).then(frame["desc_pay_text"]).otherwise(pay_text)).to_series()
    return frame, chosen.alias(pay_text.name)


def _names_no_pay(pay_text: pl.Series) -> pl.Series:
    """Rows whose pay column is empty or names no figure ("Competitive", an Ashby compensation object without a
    salary); "unpaid" and texts the parser could not read keep their own value (and issue)."""
    details = normalise_pay_details(pay_text)
    return (
        pay_text.is_null()
        | (details["pay_min"].is_null() & details["pay_period"].is_null() & details["pay_problem"].is_null())
    ).fill_null(True)


def apply_description_after(frame: pl.DataFrame, report: ValidationReport, columns: list[str]) -> pl.DataFrame:
    """Work mode (where still unknown), sponsorship (where unknown) and terms (where none) from the description."""
    rows = frame.height
    for column, what, unknown in (("work_mode", "Work mode", "unknown"), ("sponsorship", "Sponsorship", "unknown")):
        fill = (pl.col(column).fill_null(unknown) == unknown) & pl.col(f"desc_{column}").is_not_null()
        _fill_note(report, what, frame.select(fill.sum()).item(), rows, columns)
        frame = frame.with_columns(pl.when(fill).then(pl.col(f"desc_{column}")).otherwise(pl.col(column)).alias(column))
    described = normalise_terms(frame["desc_terms_text"], frame["posted_date"]).alias("_desc_terms")
    has_terms = pl.col("terms").list.len().fill_null(0) > 0 if "terms" in frame.columns else pl.lit(False)
    fill = ~has_terms & (pl.col("_desc_terms").list.len() > 0)
    frame = frame.with_columns(described)
    _fill_note(report, "Terms", frame.select(fill.sum()).item(), rows, columns)
    base = pl.col("terms") if "terms" in frame.columns else pl.lit([], dtype=pl.List(pl.String()))
    return frame.with_columns(pl.when(fill).then(pl.col("_desc_terms")).otherwise(base).alias("terms")).drop(
        "_desc_terms", *[c for c in frame.columns if c.startswith("desc_")]
    )
