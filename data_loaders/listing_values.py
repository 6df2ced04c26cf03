"""Value steps of the listings loader: pay with its currency and period, terms with inferred years.

Each step takes the frame being built, adds canonical columns and writes what it did (issues with
counts and examples, notes) into the validation report, so nothing is changed silently.
"""
from __future__ import annotations

import polars as pl

from data_loaders.report import ValidationReport, issue_from_mask


def row_countries(countries: pl.Series) -> tuple[pl.Series, str | None]:
    """Each row's first country (decides a bare amount's currency), filled with the file's main country."""
    first = countries.list.first()
    counts = first.drop_nulls().value_counts(sort=True)
    main = counts[first.name][0] if counts.height else None
    return (first if main is None else first.fill_null(main)), main


def apply_pay(frame: pl.DataFrame, pay_text: pl.Series, currency: pl.Series | None, report: ValidationReport) -> pl.DataFrame:
    """Add pay_text, pay_currency, pay_min, pay_max, pay_period and pay_hourly_usd; report problems and assumptions."""
    from data_loaders.normalise.currency import rate_table
    from data_loaders.normalise.pay import PAY_PROBLEMS, normalise_pay_details

    countries, main = row_countries(frame["countries"])
    details = normalise_pay_details(pay_text, countries, currency)
    frame = frame.with_columns(pay_text.alias("_pay_raw"), *details.get_columns())
    for problem, reason in PAY_PROBLEMS.items():
        issue = issue_from_mask(frame, pl.col("pay_problem") == problem, reason, "pay_text", "_pay_raw")
        if issue:
            report.issues.append(issue)
    converted = frame.filter(pl.col("pay_currency").is_not_null() & (pl.col("pay_currency") != "USD")
                             & pl.col("pay_hourly_usd").is_not_null())
    if converted.height:
        rates = rate_table()
        used = ", ".join(sorted(set(converted["pay_currency"])))
        report.notes.append(f"Pay in {used} converted to US dollars at the {rates.source} of {rates.rate_date} "
                            f"({converted.height} row(s)); pay_currency, pay_min and pay_max keep the amounts as written.")
    inferred = int(frame["pay_period_inferred"].sum())
    if inferred:
        report.notes.append(f"{inferred} pay value(s) named no period (hour, month, year …): the period was read from the "
                            "amount's size (below 200 US-dollar-equivalents hourly, below 20,000 monthly, else yearly).")
    bare = frame.filter(pl.col("pay_currency").is_not_null() & pl.col("pay_text").is_not_null()
                        & ~pl.col("pay_text").str.contains(r"[$€£₹¥]|[A-Z]{3}|(?i)\brs\b|(?i)rupee"))
    if bare.height and main:
        report.notes.append(f"{bare.height} pay value(s) carry no currency sign: read in the listing's country's currency "
                            f"(rows without a country: the file's main country, {main}).")
    return frame.drop("_pay_raw", "pay_problem", "pay_period_inferred")


def apply_terms(frame: pl.DataFrame, terms_src: pl.Series, report: ValidationReport) -> pl.DataFrame:
    """Add terms; a season without a year takes the year of its next start after the posting date, and is reported."""
    from data_loaders.normalise.terms import normalise_terms, season_without_year

    text = terms_src.list.join("; ") if isinstance(terms_src.dtype, pl.List) else terms_src.cast(pl.String)
    frame = frame.with_columns(normalise_terms(text, frame["posted_date"]).alias("terms"), text.alias("_terms_raw"))
    undated = {value: season_without_year(value) for value in text.drop_nulls().unique().to_list()}
    without_year = pl.col("_terms_raw").replace_strict(undated, default=False, return_dtype=pl.Boolean())
    inferred = frame.filter(without_year & pl.col("posted_date").is_not_null()).height
    bare = frame.filter(without_year & pl.col("posted_date").is_null()).height
    if inferred:
        report.notes.append(f"{inferred} term(s) named a season without a year (e.g. \"Summer\"): the year is that of the "
                            "next such season starting in or after the posting month.")
    if bare:
        issue = issue_from_mask(frame, without_year & pl.col("posted_date").is_null(),
                                "season without a year and no posting date (kept as the bare season)", "terms", "_terms_raw")
        if issue:
            report.issues.append(issue)
    return frame.drop("_terms_raw")
