"""Raw table -> canonical listings frame plus a validation report, via the normalisers."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import polars as pl

from data_loaders.columns import ColumnMapping
from data_loaders.errors import LoadError
from data_loaders.files import RawTable, is_canonical
from data_loaders.limits import MAX_CLASSIFY_CHARS, MIN_YEAR
from data_loaders.listing_values import (
    apply_description_after,
    apply_description_before,
    apply_pay,
    apply_terms,
    description_columns,
    description_text,
)
from data_loaders.report import LoadResult, RowIssue, ValidationReport, coverage_of, issue_from_mask
from data_loaders.roles import MappingNeeded, detect_roles, missing_roles, roles_payload
from data_loaders.schema import conform

TRUE_WORDS = ("true", "yes", "y", "1", "t", "open", "active", "remote", "x", "✓", "✅")
FALSE_WORDS = ("false", "no", "n", "0", "f", "closed", "inactive", "onsite", "on-site", "")
FUTURE_LIMIT_DAYS = 365


@contextmanager
def timed_step(name: str, sink: dict[str, float] | None = None) -> Iterator[None]:
    """Time one step of the loader into `sink` (the load benchmark's per-step timers); free when `sink` is None."""
    if sink is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        sink[name] = sink.get(name, 0.0) + time.perf_counter() - start


def normalisers() -> SimpleNamespace:
    """The normaliser functions, imported on first use (they load taxonomies and gazetteers)."""
    from data_loaders.normalise import (
        companies,
        dates,
        dedupe,
        description,
        fields,
        locations,
        pay,
        skills,
        sponsorship,
        stages,
        terms,
    )

    return SimpleNamespace(
        normalise_companies=companies.normalise_companies,
        normalise_dates=dates.normalise_dates,
        normalise_fields=fields.normalise_fields,
        extract_descriptions=description.extract_descriptions,
        normalise_locations=locations.normalise_locations,
        split_location_texts=locations.split_location_texts,
        normalise_pay=pay.normalise_pay,
        deduplicate_listings=dedupe.deduplicate_listings,
        normalise_skill_lists=skills.normalise_skill_lists,
        skill_lists_and_unknown=skills.skill_lists_and_unknown,
        normalise_sponsorship=sponsorship.normalise_sponsorship,
        parse_stage_status=stages.parse_stage_status,
        normalise_terms=terms.normalise_terms,
    )


def flag_expr(column: str) -> pl.Expr:
    """A yes/no text column as Boolean (null when neither)."""
    text = pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(text.is_in(TRUE_WORDS)).then(True).when(text.is_in(FALSE_WORDS)).then(False).otherwise(None)


def map_unique(series: pl.Series, func: Callable[[Any], Any], dtype: pl.DataType) -> pl.Series:
    """Apply a scalar Python function once per distinct value and join the results back."""
    uniques = series.drop_nulls().unique()
    lookup = pl.DataFrame({"key": uniques, "value": pl.Series([func(v) for v in uniques.to_list()], dtype=dtype)})
    out = series.to_frame("key").join(lookup, on="key", how="left", maintain_order="left")
    return out["value"].alias(series.name)


def as_text(series: pl.Series) -> pl.Series:
    """A String column, joining list values with '; ' so string parsers can split them again."""
    if isinstance(series.dtype, pl.List):
        return series.list.join("; ").replace("", None)
    return series.cast(pl.String)


def role_series(raw: pl.DataFrame, cmap: ColumnMapping, role: str) -> pl.Series | None:
    """The source column of `role`, gaps filled from fallback columns; None when unmapped."""
    src = cmap.roles.get(role)
    if src is None:
        return None
    series = raw[src]
    for extra in cmap.fallbacks.get(role, []):
        other = raw[extra]
        if isinstance(series.dtype, pl.List) or isinstance(other.dtype, pl.List):
            series, other = as_text(series), as_text(other)
        series = pl.select(pl.coalesce(series, other)).to_series().alias(src)
    return series


def pay_source(src: pl.DataFrame, cmap: ColumnMapping, pay_text: pl.Series) -> pl.Series:
    """The pay text per row; where empty, composed from separate min/max/period/currency columns (NYC Jobs)."""
    parts = {
        role: as_text(src[cmap.roles[role]])
        for role in ("pay_min", "pay_max", "pay_period", "pay_currency")
        if role in cmap.roles
    }
    if "pay_min" not in parts and "pay_max" not in parts:
        return pay_text
    from data_loaders.normalise.pay import compose_pay_text

    composed = compose_pay_text(
        parts.get("pay_min"), parts.get("pay_max"), parts.get("pay_period"), parts.get("pay_currency"), src.height
    )
    return pl.select(pl.coalesce(pay_text, composed)).to_series().alias("pay_text")


def classifiable(titles: pl.Series) -> pl.Series:
    """Titles cut to MAX_CLASSIFY_CHARS for the keyword classifier: its cost stays bounded per value."""
    return titles.fill_null("").str.slice(0, MAX_CLASSIFY_CHARS)


def stable_ids(parts: pl.DataFrame, needed: pl.Series | None = None) -> pl.Series:
    """A 16-hex-digit id hashed from the given text columns: the same listing gets the same id.

    With `needed` (a Boolean mask), only those rows are hashed (the others get null): rows that carry the
    source's own id need none.
    """
    key = parts.select(pl.concat_str([pl.col(c).fill_null("") for c in parts.columns], separator="\x1f")).to_series()
    if needed is not None:
        key = pl.select(pl.when(needed).then(key)).to_series()
    return map_unique(key, lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest()[:16], pl.String())


def future_cutoff() -> dt.date:
    """Dates later than this are treated as typos (e.g. 2099) and nulled."""
    return dt.date.today() + dt.timedelta(days=FUTURE_LIMIT_DAYS)


def date_issues(frame: pl.DataFrame, raw_col: str, parsed_col: str, column: str) -> tuple[pl.DataFrame, list[RowIssue]]:
    """Report unparseable dates and null dates beyond a year ahead."""
    issues = []
    bad = pl.col(raw_col).is_not_null() & pl.col(parsed_col).is_null()
    future = pl.col(parsed_col) > future_cutoff()
    past = pl.col(parsed_col) < dt.date(MIN_YEAR, 1, 1)
    for issue in (
        issue_from_mask(frame, bad, "date not understood (left empty)", column, raw_col),
        issue_from_mask(frame, future, "date more than a year in the future (left empty)", column, raw_col),
        issue_from_mask(frame, past, f"date before {MIN_YEAR} (left empty)", column, raw_col),
    ):
        if issue:
            issues.append(issue)
    frame = frame.with_columns(pl.when(future | past).then(None).otherwise(pl.col(parsed_col)).alias(parsed_col))
    return frame, issues


def resolve_duplicate_ids(frame: pl.DataFrame, id_col: str) -> tuple[pl.DataFrame, RowIssue | None]:
    """Keep the first row of a repeated id; later rows get `<id>-N`, an N no other row uses (data_loaders.ids)."""
    from data_loaders.ids import unique_ids

    repeated = (pl.int_range(pl.len()).over(id_col) > 0) & pl.col(id_col).is_not_null()
    issue = issue_from_mask(frame, repeated, "duplicate id (later rows renamed with a -N suffix)", id_col)
    return frame.with_columns(unique_ids(frame[id_col]).alias(id_col)), issue


def canonical_passthrough(raw: RawTable, kind: str) -> LoadResult:
    """A frame already in the canonical schema (our own Parquet): conform and validate, no re-parsing."""
    found = is_canonical(raw.frame)
    if found != kind:
        wanted = "outcomes" if kind == "outcome_counts" else kind
        raise LoadError(
            f"{raw.source_label} holds canonical {found}, not {wanted}",
            raw.source_label,
            f"load it as {found} instead (e.g. --kind {'outcomes' if found != 'listings' else 'listings'})",
        )
    from data_loaders.canonical import validate_canonical

    # No re-parsing, but the same validation as any other source (dates, pay, labels, funnels, ids).
    frame, issues = validate_canonical(conform(raw.frame, kind), kind, raw.source_label)
    report = ValidationReport(
        kind,
        raw.format,
        raw.source_label,
        raw.frame.height,
        frame.height,
        issues=list(raw.issues) + issues,
        coverage=coverage_of(frame),
        column_mapping={c: c for c in frame.columns},
        notes=["Already in the canonical schema: validated, not re-parsed."],
    )
    return LoadResult(frame, report, kind)


def listings_from_raw(
    raw: RawTable,
    mapping: dict[str, str] | None = None,
    dedupe: str = "collapse",
    timings: dict[str, float] | None = None,
) -> LoadResult:
    """Normalise a raw table into the canonical listings frame and its report.

    `dedupe`: "collapse" (re-posts merged into one row each and listed) or "keep" (only exact duplicates go);
    see data_loaders.normalise.dedupe. `timings`, when given, collects seconds per step.
    """
    if raw.already_canonical and mapping is None:
        return canonical_passthrough(raw, "listings")
    from data_loaders.normalise.dedupe import DEDUPE_MODES

    if dedupe not in DEDUPE_MODES:
        raise LoadError(
            f"Unknown de-duplication mode {dedupe!r}", "the dedupe option", f"use one of {', '.join(DEDUPE_MODES)}"
        )
    nm = normalisers()
    src = raw.frame
    detection = detect_roles(
        src, "listings", mapping
    )  # header aliases, header keywords, then content (data_loaders.roles)
    cmap = detection.mapping
    roles = roles_payload(detection, missing_roles(cmap, "listings"))
    if "company" not in cmap.roles and "title" not in cmap.roles:
        raise MappingNeeded(
            f"{raw.source_label} has no company or title column, so it does not look like listings",
            f"columns: {', '.join(src.columns[:20])}",
            "name the columns e.g. company, title, location, or map them (mapping={'your column': 'company'}, CLI --map 'your column=company')",
            roles,
        )
    # A column the user sent to "ignore" stays out, whatever its header says.
    described = description_columns(
        src.columns, cmap.roles, cmap.fallbacks, [c for c in cmap.ignored if (mapping or {}).get(c) != "ignore"]
    )
    mapped = {**cmap.source_to_role(), **{c: "description" for c in described}}
    report = ValidationReport(
        "listings",
        raw.format,
        raw.source_label,
        rows_read=src.height,
        column_mapping=mapped,
        ignored_columns=[c for c in cmap.ignored if c not in described],
        notes=list(raw.notes),
        issues=list(raw.issues),
        **roles,
    )
    n = src.height

    def text(role: str) -> pl.Series:
        series = role_series(src, cmap, role)
        return pl.Series(role, [None] * n, dtype=pl.String) if series is None else as_text(series).str.strip_chars()

    with timed_step("columns", timings):
        frame = pl.DataFrame(
            {
                "_row": raw.rows(),
                "company": text("company"),
                "title": text("title"),
                "url": text("url"),
                "listing_id": text("listing_id"),
                "pay_text": text("pay_text"),
                "_posted_raw": text("posted_date"),
                "_category": text("category"),
            }
        )
        # Scraped company cells carry rating lines and careers-page suffixes ("Acme\n4.1", "Acme - Careers").
        frame = frame.with_columns(nm.normalise_companies(frame["company"]))
        # Rows with neither company nor title carry nothing a user could act on.
        missing = pl.col("company").is_null() & pl.col("title").is_null()
        keep = ~frame.select(missing).to_series()
        if issue := issue_from_mask(frame, missing, "no company and no title (row dropped)", "company", dropped=True):
            report.issues.append(issue)
        frame, src = frame.filter(keep), src.filter(keep)
        for col in ("company", "title"):
            if issue := issue_from_mask(frame, pl.col(col).is_null(), f"missing {col} (row kept)", col):
                report.issues.append(issue)

    facts = None
    if described:
        with timed_step("description", timings):
            facts = nm.extract_descriptions(description_text(src, described))

    with timed_step("locations", timings):
        loc_src = role_series(src, cmap, "locations")
        if loc_src is None:
            loc_lists = pl.select(
                pl.repeat(pl.lit([], dtype=pl.List(pl.String)), frame.height)
            ).to_series()  # no per-row Python
        elif isinstance(loc_src.dtype, pl.List):
            loc_lists = loc_src.list.eval(pl.element().str.strip_chars()).list.drop_nulls()
        else:
            loc_lists = nm.split_location_texts(loc_src.str.strip_chars())
        loc_lists = loc_lists.fill_null([]).alias("locations")
        remote_src = role_series(src, cmap, "remote")
        # Passed as text: the normaliser reads yes/no/true/false and also "Hybrid" / "On-site" work-mode values.
        remote = None if remote_src is None else as_text(remote_src)
        places = nm.normalise_locations(loc_lists, remote, frame["title"])
        frame = frame.with_columns(places.select("locations", "cities", "regions", "countries", "work_mode"))

    with timed_step("skills", timings):
        skills_src = role_series(src, cmap, "skills")
        if skills_src is not None:
            skill_lists, unknown = nm.skill_lists_and_unknown(skills_src)
            frame = frame.with_columns(skill_lists.alias("skills"))
            if len(unknown):
                shown = ", ".join(sorted(map(str, unknown))[:10])
                report.notes.append(f"{len(unknown)} skill name(s) not in the taxonomy were kept as written: {shown}.")

    with timed_step("pay", timings):
        pay_text = pay_source(src, cmap, frame["pay_text"])
        if facts is not None:
            frame, pay_text = apply_description_before(frame, facts, pay_text, report, described)
        currency = text("pay_currency") if "pay_currency" in cmap.roles else None
        frame = apply_pay(frame, pay_text, currency, report)

    with timed_step("dates", timings):
        frame = frame.with_columns(nm.normalise_dates(frame["_posted_raw"]).alias("posted_date"))
        frame, issues = date_issues(frame, "_posted_raw", "posted_date", "posted_date")
        report.issues.extend(issues)

    with timed_step("terms", timings):
        terms_src = role_series(src, cmap, "terms")
        if terms_src is not None:
            frame = apply_terms(frame, as_text(terms_src), report)

    with timed_step("flags and fields", timings):
        # Simplify hides some rows (is_visible=false): keep them, but never as active openings.
        active = pl.lit(True)
        if "active" in cmap.roles:
            active = flag_expr(cmap.roles["active"]).fill_null(True)
        else:
            report.notes.append("No active/open column: every listing is treated as active.")
        if "visible" in cmap.roles:
            active = active & flag_expr(cmap.roles["visible"]).fill_null(True)
        frame = frame.with_columns(src.with_columns(active.alias("_active"))["_active"].alias("active"))

        spons = role_series(src, cmap, "sponsorship")
        frame = frame.with_columns(
            nm.normalise_sponsorship(as_text(spons)).alias("sponsorship")
            if spons is not None
            else pl.lit("unknown").alias("sponsorship")
        )
        category = frame["_category"] if "category" in cmap.roles else None
        frame = frame.with_columns(nm.normalise_fields(category, classifiable(frame["title"])).alias("field"))

    if facts is not None:
        with timed_step("description", timings):
            frame = apply_description_after(frame, report, described)

    with timed_step("ids and duplicates", timings):
        result, merged = identify_and_deduplicate(frame, raw.source_label, dedupe, report, nm.deduplicate_listings)
    report.rows_loaded = result.height
    report.coverage = coverage_of(result)
    return LoadResult(result, report, "listings", merged=merged)


def identify_and_deduplicate(
    frame: pl.DataFrame, label: str, dedupe: str, report: ValidationReport, deduplicate: Callable[..., Any]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Stable ids for rows without one, then de-duplication with its issues and note; (canonical frame, merged rows)."""
    # A listing without an id gets a stable one, so re-loading the same file yields the same ids.
    parts = [pl.col("company"), pl.col("title"), pl.col("locations").list.join("|")]
    if "terms" in frame.columns:
        parts.append(pl.col("terms").list.join("|"))
    hashed = stable_ids(frame.select(parts), frame["listing_id"].is_null())
    frame = frame.with_columns(
        pl.col("listing_id").alias("_source_id"),
        pl.coalesce(pl.col("listing_id"), hashed).alias("listing_id"),
        pl.lit(label).alias("source"),
    )
    canonical = conform(frame, "listings").with_columns(
        frame["_row"], frame["_source_id"], pl.col("listing_id").alias("_id_before")
    )
    deduped = deduplicate(canonical, dedupe, id_column="_source_id", row_column="_row")
    merged = deduped.merged
    for reason, count in merged.group_by("reason", maintain_order=True).len().iter_rows():
        rows = merged.filter(pl.col("reason") == reason).head(5)
        examples = [
            {
                "row": r["merged_row"],
                "column": None,
                "value": f"{r['company']} | {r['title']} → kept row {r['kept_row']}",
            }
            for r in rows.iter_rows(named=True)
        ]
        what = "re-post collapsed into an earlier row" if reason.startswith("re-post") else "duplicate listing removed"
        report.issues.append(RowIssue(f"{what} ({reason})", None, count, examples, dropped=True))
    reposts = merged.filter(pl.col("reason").str.starts_with("re-post")).height
    if reposts:
        report.notes.append(
            f"{reposts:,} re-post(s) (same company, title, places and terms under another id) were collapsed "
            "into one listing each; the merged pairs are listed with the load result. Keep every re-post with "
            'dedupe="keep" (CLI --keep-reposts).'
        )
    elif dedupe == "keep":
        report.notes.append('Re-posts kept as separate listings (dedupe="keep"); exact duplicates were still removed.')
    kept = deduped.frame
    renamed = pl.col("listing_id") != pl.col("_id_before")
    if issue := issue_from_mask(
        kept, renamed, "duplicate id (later rows renamed with a -N suffix)", "listing_id", "_id_before"
    ):
        report.issues.append(issue)
    return conform(kept, "listings"), merged
