"""Raw table -> canonical listings frame plus a validation report, via the normalisers."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import polars as pl

from data_loaders.canonical import validate_canonical
from data_loaders.columns import ColumnMapping
from data_loaders.errors import LoadError
from data_loaders.ids import unique_ids
from data_loaders.limits import MAX_CLASSIFY_CHARS, MIN_YEAR
from data_loaders.listing_dedupe import identify_and_deduplicate
from data_loaders.listing_dedupe import stable_ids as stable_ids  # re-exported: outcomes and canonical use it
from data_loaders.listing_values import (
    apply_description_after,
    apply_description_before,
    apply_pay,
    apply_terms,
    description_columns,
    description_text,
)
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
from data_loaders.normalise.dedupe import DEDUPE_MODES
from data_loaders.normalise.pay import compose_pay_text
from data_loaders.normalise.place_columns import distinct_rows
from data_loaders.raw_table import RawTable, is_canonical
from data_loaders.report import LoadResult, RowIssue, ValidationReport, coverage_of, issue_from_mask
from data_loaders.roles import MappingNeeded, detect_roles, missing_roles, roles_payload
from data_loaders.roles_catalogue import not_the_kind
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

    composed = compose_pay_text(
        parts.get("pay_min"), parts.get("pay_max"), parts.get("pay_period"), parts.get("pay_currency"), src.height
    )
    return pl.select(pl.coalesce(pay_text, composed)).to_series().alias("pay_text")


def classifiable(titles: pl.Series) -> pl.Series:
    """Titles cut to MAX_CLASSIFY_CHARS for the keyword classifier: its cost stays bounded per value."""
    return titles.fill_null("").str.slice(0, MAX_CLASSIFY_CHARS)


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


@dataclass
class _Build:
    """What every step of one listings load reads and writes: the source rows, the mapping, the report."""

    src: pl.DataFrame
    cmap: ColumnMapping
    report: ValidationReport
    described: list[str]
    nm: SimpleNamespace

    def text(self, role: str) -> pl.Series:
        """The role's column as stripped text (all null when the role is not mapped)."""
        series = role_series(self.src, self.cmap, role)
        if series is None:
            return pl.Series(role, [None] * self.src.height, dtype=pl.String)
        return as_text(series).str.strip_chars()


def _start(raw: RawTable, mapping: dict[str, str] | None) -> _Build:
    """Detect the columns' roles (header aliases, header keywords, then content) and open the report."""
    src = raw.frame
    detection = detect_roles(src, "listings", mapping)
    cmap = detection.mapping
    roles = roles_payload(detection, missing_roles(cmap, "listings"))
    refused = not_the_kind(raw.source_label, src, detection, roles, "listings")
    if refused is not None:
        raise refused
    if "company" not in cmap.roles and "title" not in cmap.roles:
        raise MappingNeeded(
            f"{raw.source_label} has no company or title column, so it does not look like listings",
            f"columns: {', '.join(src.columns[:20])}",
            "name the columns e.g. company, title, location, or map them (mapping={'your column': 'company'}, "
            "CLI --map 'your column=company')",
            roles,
        )
    # A column the user sent to "ignore" stays out, whatever its header says.
    described = description_columns(
        src.columns, cmap.roles, cmap.fallbacks, [c for c in cmap.ignored if (mapping or {}).get(c) != "ignore"]
    )
    report = ValidationReport(
        "listings",
        raw.format,
        raw.source_label,
        rows_read=src.height,
        column_mapping={**cmap.source_to_role(), **{c: "description" for c in described}},
        ignored_columns=[c for c in cmap.ignored if c not in described],
        notes=list(raw.notes),
        issues=list(raw.issues),
        **roles,
    )
    return _Build(src, cmap, report, described, normalisers())


def _base_frame(build: _Build, raw: RawTable) -> pl.DataFrame:
    """The text columns, company names cleaned; rows without company and title dropped (and reported)."""
    frame = pl.DataFrame(
        {
            "_row": raw.rows(),
            "company": build.text("company"),
            "title": build.text("title"),
            "url": build.text("url"),
            "listing_id": build.text("listing_id"),
            "pay_text": build.text("pay_text"),
            "_posted_raw": build.text("posted_date"),
            "_category": build.text("category"),
        }
    )
    # Scraped company cells carry rating lines and careers-page suffixes ("Acme\n4.1", "Acme - Careers").
    frame = frame.with_columns(build.nm.normalise_companies(frame["company"]))
    # Rows with neither company nor title carry nothing a user could act on.
    missing = pl.col("company").is_null() & pl.col("title").is_null()
    keep = ~frame.select(missing).to_series()
    if issue := issue_from_mask(frame, missing, "no company and no title (row dropped)", "company", dropped=True):
        build.report.issues.append(issue)
    frame, build.src = frame.filter(keep), build.src.filter(keep)
    for col in ("company", "title"):
        if issue := issue_from_mask(frame, pl.col(col).is_null(), f"missing {col} (row kept)", col):
            build.report.issues.append(issue)
    return frame


def _add_places(build: _Build, frame: pl.DataFrame) -> pl.DataFrame:
    """locations, cities, regions, countries and work_mode; each distinct cell and place is read once."""
    loc_src = role_series(build.src, build.cmap, "locations")
    if loc_src is None:
        places_in = pl.select(pl.repeat(pl.lit([], dtype=pl.List(pl.String)), frame.height)).to_series()
    elif isinstance(loc_src.dtype, pl.List):
        places_in = loc_src.list.eval(pl.element().str.strip_chars()).list.drop_nulls().fill_null([])
    else:
        places_in = loc_src.str.strip_chars()  # split into places by the normaliser, once per distinct cell
    remote_src = role_series(build.src, build.cmap, "remote")
    # Passed as text: the normaliser reads yes/no/true/false and also "Hybrid" / "On-site" work-mode values.
    remote = None if remote_src is None else as_text(remote_src)
    places = build.nm.normalise_locations(places_in.alias("locations"), remote, frame["title"])
    return frame.with_columns(places.select("locations", "cities", "regions", "countries", "work_mode"))


def _add_skills(build: _Build, frame: pl.DataFrame) -> pl.DataFrame:
    """Canonical skills from the skills column; tags the taxonomy lacks are kept and named in a note."""
    skills_src = role_series(build.src, build.cmap, "skills")
    if skills_src is None:
        return frame
    # Cells repeat (1,000,000 rows hold ~560,000 distinct tag lists): each distinct cell is read once.
    distinct, index = distinct_rows(skills_src)
    skill_lists, unknown = build.nm.skill_lists_and_unknown(skills_src.gather(distinct))
    skill_lists = skill_lists.gather(index)
    if len(unknown):
        shown = ", ".join(sorted(map(str, unknown))[:10])
        build.report.notes.append(f"{len(unknown)} skill name(s) not in the taxonomy were kept as written: {shown}.")
    build.report.notes.extend(skills.skill_list_notes(skills_src, skill_lists))
    return frame.with_columns(skill_lists.alias("skills"))


def _add_pay(build: _Build, frame: pl.DataFrame, facts: pl.DataFrame | None) -> pl.DataFrame:
    """Pay with its currency and period (from the pay columns, else from the description)."""
    pay_text = pay_source(build.src, build.cmap, frame["pay_text"])
    if facts is not None:
        frame, pay_text = apply_description_before(frame, facts, pay_text, build.report, build.described)
    currency = build.text("pay_currency") if "pay_currency" in build.cmap.roles else None
    return apply_pay(frame, pay_text, currency, build.report)


def _add_dates_and_terms(build: _Build, frame: pl.DataFrame, timings: dict[str, float] | None) -> pl.DataFrame:
    """posted_date (typos a year ahead or before MIN_YEAR left empty, reported) and terms."""
    with timed_step("dates", timings):
        frame = frame.with_columns(build.nm.normalise_dates(frame["_posted_raw"]).alias("posted_date"))
        frame, issues = date_issues(frame, "_posted_raw", "posted_date", "posted_date")
        build.report.issues.extend(issues)
    with timed_step("terms", timings):
        terms_src = role_series(build.src, build.cmap, "terms")
        if terms_src is not None:
            frame = apply_terms(frame, as_text(terms_src), build.report)
    return frame


def _add_flags_and_fields(build: _Build, frame: pl.DataFrame) -> pl.DataFrame:
    """active (hidden rows never active), sponsorship and field."""
    cmap = build.cmap
    # Simplify hides some rows (is_visible=false): keep them, but never as active openings.
    active = pl.lit(True)
    if "active" in cmap.roles:
        active = flag_expr(cmap.roles["active"]).fill_null(True)
    else:
        build.report.notes.append("No active/open column: every listing is treated as active.")
    if "visible" in cmap.roles:
        active = active & flag_expr(cmap.roles["visible"]).fill_null(True)
    frame = frame.with_columns(build.src.with_columns(active.alias("_active"))["_active"].alias("active"))
    spons = role_series(build.src, cmap, "sponsorship")
    frame = frame.with_columns(
        build.nm.normalise_sponsorship(as_text(spons)).alias("sponsorship")
        if spons is not None
        else pl.lit("unknown").alias("sponsorship")
    )
    category = frame["_category"] if "category" in cmap.roles else None
    return frame.with_columns(build.nm.normalise_fields(category, classifiable(frame["title"])).alias("field"))


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
    if dedupe not in DEDUPE_MODES:
        raise LoadError(
            f"Unknown de-duplication mode {dedupe!r}", "the dedupe option", f"use one of {', '.join(DEDUPE_MODES)}"
        )
    build = _start(raw, mapping)
    with timed_step("columns", timings):
        frame = _base_frame(build, raw)
    facts = None
    if build.described:
        with timed_step("description", timings):
            facts = build.nm.extract_descriptions(description_text(build.src, build.described))
    with timed_step("locations", timings):
        frame = _add_places(build, frame)
    with timed_step("skills", timings):
        frame = _add_skills(build, frame)
    with timed_step("pay", timings):
        frame = _add_pay(build, frame, facts)
    frame = _add_dates_and_terms(build, frame, timings)
    with timed_step("flags and fields", timings):
        frame = _add_flags_and_fields(build, frame)
    if facts is not None:
        with timed_step("description", timings):
            frame = apply_description_after(frame, build.report, build.described)
    with timed_step("ids and duplicates", timings):
        result, merged = identify_and_deduplicate(
            frame, raw.source_label, dedupe, build.report, build.nm.deduplicate_listings
        )
    build.report.rows_loaded = result.height
    build.report.coverage = coverage_of(result)
    return LoadResult(result, build.report, "listings", merged=merged)
