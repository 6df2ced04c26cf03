"""Employer benchmark: how one posting compares with comparable openings on pay, skills and competition.

An employer describes a `Posting`; `comparable_openings` picks its peers (same field and place, or the
whole field when too few); each other function answers one question about the posting against those
peers; `benchmark_posting` runs them all and `summarise` turns the result into a paragraph.
Skill shares count only peers that list skills, as in `analytics.skill_gap`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import polars as pl

from analytics import formatting as fmt
from analytics.benchmark_pay import pay_histogram as pay_histogram  # re-exported for callers
from analytics.benchmark_pay import pay_percentile as pay_percentile
from analytics.benchmark_pay import pay_percentile_text as pay_percentile_text
from analytics.benchmark_pool import applicant_field_skills as applicant_field_skills
from analytics.benchmark_pool import applicant_skill_rows as applicant_skill_rows  # re-exported for callers
from analytics.benchmark_pool import candidate_pool as candidate_pool
from analytics.benchmark_pool import competition as competition
from analytics.benchmark_pool import field_applicants as field_applicants
from analytics.benchmark_pool import field_applicants_of as field_applicants_of
from analytics.benchmark_pool import listing_outcome_totals as listing_outcome_totals
from analytics.benchmark_pool import with_share
from analytics.display_names import country_in_sentence, region_in_sentence
from analytics.skill_match import STRING_LIST, normalise_my_skills, one_of
from data_loaders.normalise.fields import classify_title
from data_loaders.normalise.skills import canonical_skill
from data_loaders.schema import FIELDS

T = TypeVar("T")
HOURS_PER: dict[str, float] = {"hour": 1.0, "week": 40.0, "month": 2080.0 / 12, "year": 2080.0}
COMMON_AT = 0.30  # asked by at least 30 % of peers
RARE_BELOW = 0.10  # asked by fewer than 10 % of peers
# The listings' columns the peers are read for: pay (percentile, histogram), skills (commonness, skill count, the
# pool estimated from openings), field (applicants' fields), listing_id and regions (competition).
PEER_COLUMNS: tuple[str, ...] = ("listing_id", "field", "pay_hourly_usd", "skills", "regions")


@dataclass(frozen=True)
class Posting:
    """The employer's draft posting; sequences are stored as tuples so the value stays hashable."""

    title: str
    field: str
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    remote: bool = False
    pay_hourly_usd: float | None = None
    terms: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"field must be one of {', '.join(FIELDS)}; got {self.field!r}")
        if self.pay_hourly_usd is not None and (math.isnan(self.pay_hourly_usd) or self.pay_hourly_usd < 0):
            raise ValueError(f"pay_hourly_usd must be a non-negative number, got {self.pay_hourly_usd}")
        for name in ("regions", "countries", "terms", "skills"):
            value = getattr(self, name)
            # A lone string would otherwise become a tuple of letters.
            items = [value] if isinstance(value, str) else list(value)
            items = [v.strip() for v in items if v and v.strip()]
            if name == "skills":
                items = [canonical_skill(v) or v for v in items]  # "python" -> "Python"; unknown kept as typed
            object.__setattr__(self, name, tuple(dict.fromkeys(items)))


def pay_to_hourly(amount: float, period: str) -> float:
    """Pay per hour/week/month/year -> USD per hour (40 h a week, 2,080 h a year, as the pay parser)."""
    if period not in HOURS_PER:
        raise ValueError(f"period must be one of {', '.join(HOURS_PER)}; got {period!r}")
    if amount is None or math.isnan(amount) or amount < 0:
        raise ValueError(f"amount must be a non-negative number, got {amount}")
    return amount / HOURS_PER[period]


def _openings(n: int, field: str) -> str:
    """'128 Data Science & Analytics openings' / '1 … opening'."""
    return f"{n:,} {field} opening{'' if n == 1 else 's'}"


def _place(posting: Posting) -> tuple[pl.Expr | None, str]:
    """The expression selecting peers in the posting's place, and its wording ('in Washington or remote')."""
    parts: list[pl.Expr] = []
    words: list[str] = []
    if posting.regions:
        parts.append(pl.col("regions").list.eval(pl.element().is_in(one_of(posting.regions))).list.any())
        words.append(" or ".join(region_in_sentence(code) for code in posting.regions))
    elif posting.countries:
        parts.append(pl.col("countries").list.eval(pl.element().is_in(one_of(posting.countries))).list.any())
        words.append(" or ".join(country_in_sentence(code) for code in posting.countries))  # the United States
    if posting.remote:
        parts.append(pl.col("work_mode") == "remote")
    if not parts:
        return None, ""
    scope = f"in {words[0]}" if words else ""
    if posting.remote:
        scope = f"{scope} or remote" if scope else "that are remote"
    expr = parts[0]
    for part in parts[1:]:
        expr = expr | part
    return expr.fill_null(False), scope


def _rows(listings: pl.DataFrame, where: pl.Expr, among: pl.Series | None = None) -> pl.Series:
    """The row numbers (UInt32, in order) of `listings` where `where` holds (null: no), among `among` if given."""
    if among is None:
        # A row index filtered by the predicate: ~2 ms of 6 at 1,000,000 listings cheaper than `pl.arg_where`.
        rows = pl.int_range(pl.len(), dtype=pl.UInt32).filter(where.fill_null(False))
        return listings.select(rows.alias("row")).to_series()
    # The predicate's columns of those rows only: a place test on a field's rows, not on every listing.
    names = list(dict.fromkeys(where.meta.root_names()))
    return among.filter(listings.select(names).gather(among).select(where.fill_null(False)).to_series())


def peer_rows(listings: pl.DataFrame, posting: Posting, min_peers: int = 30) -> tuple[pl.Series, str]:
    """The row numbers (UInt32, in order) of the posting's peers in `listings` and the sentence saying who they are:
    same field and place (or remote, for a remote posting); the whole field when fewer than `min_peers`."""
    in_field = _rows(listings, pl.col("field") == posting.field)
    place, scope = _place(posting)
    local = _rows(listings, place, in_field) if place is not None and in_field.len() else None
    chosen = local if local is not None and local.len() >= min_peers else in_field
    field_text = _openings(in_field.len(), posting.field)
    if not in_field.len():
        return chosen, f"No {posting.field} openings to compare with."
    if local is None:
        return chosen, f"Compared with all {field_text} (the posting names no place)."
    if local.len() >= min_peers:
        return chosen, f"Compared with {_openings(local.len(), posting.field)} {scope}."
    return chosen, f"Only {_openings(local.len(), posting.field)} {scope}; compared with all {field_text} instead."


def gather_peers(listings: pl.DataFrame, rows: pl.Series, field: str) -> pl.DataFrame:
    """The `PEER_COLUMNS` of `listings` at `rows` (peers in `field`), gathered once by row number: filtering the
    whole listings frame copied ~20 columns, lists among them, and a list column filters ~4x slower than it gathers."""
    columns = [c for c in PEER_COLUMNS if c in listings.columns]
    # Every peer's field is the posting's: written once, not gathered (long strings gather slowly).
    field_value = pl.lit(field).cast(listings.schema["field"]).alias("field")
    return listings.select(c for c in columns if c != "field").gather(rows).with_columns(field_value).select(columns)


def comparable_openings(listings: pl.DataFrame, posting: Posting, min_peers: int = 30) -> tuple[pl.DataFrame, str]:
    """Peers of the posting (`peer_rows`) with the columns their readers use (`gather_peers`), and who they are."""
    rows, description = peer_rows(listings, posting, min_peers)
    return gather_peers(listings, rows, posting.field), description


def posting_pay_percentile(
    listings: pl.DataFrame, posting: Posting, pay: float | None, min_peers: int = 30
) -> dict[str, Any]:
    """`pay_percentile` among the posting's peers, asked on its own: the peers' rows and their pay column only
    (the same answer as `pay_percentile(comparable_openings(...)[0], pay)`, without gathering their skill and
    place lists, which only the other questions read)."""
    if _place(posting)[0] is None:  # the whole field: its pay column filtered in one pass, no row numbers
        return pay_percentile(listings.select(pl.col("pay_hourly_usd").filter(pl.col("field") == posting.field)), pay)
    rows, _ = peer_rows(listings, posting, min_peers)
    return pay_percentile(listings.select("pay_hourly_usd").gather(rows), pay)


def peer_skill_lists(peers: pl.DataFrame) -> pl.DataFrame:
    """Per peer that lists skills, its distinct skills (`skill`: nulls dropped, each skill once): what the skill
    counts and the skill-count percentile both read. `benchmark_posting` memoises it per peers, so the costly list
    de-duplication (~70 ms at 300,000 peers) runs once for both, and a new number of skills only counts lengths."""
    return peers.select(
        pl.col("skills")
        .fill_null(pl.lit([], dtype=STRING_LIST))
        .list.eval(pl.element().drop_nulls().unique())
        .alias("skill")
    ).filter(pl.col("skill").list.len() > 0)


def peer_skill_counts(peers: pl.DataFrame, lists: pl.DataFrame | None = None) -> tuple[pl.DataFrame, int]:
    """(skill, count) over peers listing skills (each skill once per opening), and how many such peers.

    What `skill_commonness` and `peer_skills_missing` read: `benchmark_posting` memoises it per peers, so a new set
    of posting skills does not count the peers' skills again (~150 ms each at 150,000 peers). `lists`:
    `peer_skill_lists(peers)` when the caller keeps it (the same answer)."""
    clean = lists if lists is not None else peer_skill_lists(peers)
    counts = clean.explode("skill").group_by("skill").agg(pl.len().cast(pl.Int64).alias("count"))
    return counts, clean.height


def skill_commonness(
    peers: pl.DataFrame, skills: Iterable[str], counts_of_peers: tuple[pl.DataFrame, int] | None = None
) -> pl.DataFrame:
    """Per posting skill: share of peers asking it, with counts; common ≥ 30 %, uncommon 10–30 %, rare < 10 %.

    `counts_of_peers`: `peer_skill_counts(peers)` when the caller keeps it (the same answer)."""
    counts, n = counts_of_peers if counts_of_peers is not None else peer_skill_counts(peers)
    asked = pl.DataFrame({"skill": normalise_my_skills(skills)}, schema={"skill": pl.String})
    frame = with_share(
        asked.join(counts, on="skill", how="left").with_columns(pl.col("count").fill_null(0)), n
    ).with_columns(pl.lit(n, dtype=pl.Int64).alias("n"))
    commonness = (
        pl.when(pl.col("share").is_null())
        .then(pl.lit("unknown"))
        .when(pl.col("share") >= COMMON_AT)
        .then(pl.lit("common"))
        .when(pl.col("share") >= RARE_BELOW)
        .then(pl.lit("uncommon"))
        .otherwise(pl.lit("rare"))
    )
    return (
        frame.with_columns(commonness.alias("commonness"))
        .sort(["count", "skill"], descending=[True, False])
        .select("skill", "count", "n", "share", "label", "commonness")
    )


def peer_skills_missing(
    peers: pl.DataFrame, skills: Iterable[str], k: int = 10, counts_of_peers: tuple[pl.DataFrame, int] | None = None
) -> pl.DataFrame:
    """The k skills peers ask most that the posting does not, with share and label (`counts_of_peers`: as above)."""
    counts, n = counts_of_peers if counts_of_peers is not None else peer_skill_counts(peers)
    top = (
        counts.filter(~pl.col("skill").is_in(one_of(normalise_my_skills(skills))))
        .sort(["count", "skill"], descending=[True, False])
        .head(k)
    )
    return with_share(top, n).select("skill", "count", "share", "label")


def skill_count_percentile(peers: pl.DataFrame, n_skills: int, lists: pl.DataFrame | None = None) -> dict[str, Any]:
    """Where the posting's number of skills sits among peers that list skills, with a plain sentence.

    `lists`: `peer_skill_lists(peers)` when the caller keeps it (the same answer)."""
    counts = (lists if lists is not None else peer_skill_lists(peers)).select(pl.col("skill").list.len().alias("c"))
    stats = counts.select(
        pl.len().alias("n"),
        (pl.col("c") < n_skills).sum().alias("below"),
        (pl.col("c") == n_skills).sum().alias("equal"),
        (pl.col("c") > n_skills).sum().alias("above"),
        pl.col("c").median().alias("median"),
    ).row(0, named=True)
    n, below, above = int(stats["n"]), int(stats["below"] or 0), int(stats["above"] or 0)
    typical = f"typical: {stats['median']:g}" if n else ""
    if not n:
        sentence = "cannot be compared: no comparable opening lists its skills"
    elif below / n >= 0.5:
        sentence = f"asks for more skills than {fmt.share(below, n)} of comparable openings ({typical})"
    elif above / n >= 0.5:
        sentence = f"asks for fewer skills than {fmt.share(above, n)} of comparable openings ({typical})"
    else:
        sentence = f"asks for a typical number of skills ({typical})"
    return {
        "n_skills": n_skills,
        "n": n,
        "below": below,
        "equal": int(stats["equal"] or 0),
        "above": above,
        "percentile": (below + 0.5 * int(stats["equal"] or 0)) / n if n else None,
        "median": stats["median"],
        "sentence": sentence,
    }


def suggest_field(title: str) -> str:
    """The field a title most likely belongs to (the shared title classifier), to preselect in the form."""
    return classify_title(title)


@dataclass(frozen=True)
class BenchmarkResult:
    """Every benchmark answer for one posting, computed once for the page, the summary and the report."""

    posting: Posting
    peers: pl.DataFrame
    description: str
    pay: dict[str, Any]
    commonness: pl.DataFrame
    peer_skills: pl.DataFrame
    skill_count: dict[str, Any]
    pool: dict[str, Any]
    competition: dict[str, Any]


def call(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)`: the default `memo` of `benchmark_posting` (no memo)."""
    return function(*args, **kwargs)


def peer_query(posting: Posting) -> Posting:
    """The part of a posting that chooses its peers (title, pay and skills do not): the key of `comparable_openings`,
    so another title in the same field and place reuses the peers and every answer kept on them."""
    return replace(posting, title="", pay_hourly_usd=None, skills=())


def benchmark_posting(
    listings: pl.DataFrame,
    posting: Posting,
    outcomes: pl.DataFrame | None = None,
    min_peers: int = 30,
    min_group: int = 10,
    k: int = 10,
    people: pl.DataFrame | None = None,
    memo: Callable[..., Any] = call,
) -> BenchmarkResult:
    """Run every benchmark question for `posting` against its comparable openings.

    `people`: `applicant_skill_rows(outcomes)` when the caller keeps it, so the candidate pool need not read
    every application again. `memo(function, *args)`: the caller's memo (the dashboard's `state.cached` bound
    to its dataset); each question goes through it with only what it depends on, so a new pay recomputes the
    pay percentile alone, a new skill the skill questions, and competition is reused while the peers are.
    """
    peers, description = memo(comparable_openings, listings, peer_query(posting), min_peers)
    skills = posting.skills
    population = people if people is not None and outcomes is not None else outcomes
    fields = tuple(peers.get_column("field").drop_nulls().unique().sort())
    # Per (applicant, field) once per outcomes frame, then a filter per set of fields (a new field: ~tens of ms).
    applicants = memo(field_applicants_of, memo(applicant_field_skills, population), fields)
    lists = memo(peer_skill_lists, peers)  # the peers' distinct skills, de-duplicated once for both questions below
    peer_counts = memo(peer_skill_counts, peers, lists)  # a new set of skills reuses the peers' skill counts
    return BenchmarkResult(
        posting=posting,
        peers=peers,
        description=description,
        pay=pay_percentile(peers, posting.pay_hourly_usd),
        commonness=memo(skill_commonness, peers, skills, peer_counts),
        peer_skills=memo(peer_skills_missing, peers, skills, k, peer_counts),
        skill_count=memo(skill_count_percentile, peers, len(skills), lists),
        pool=memo(candidate_pool, population, peers, skills, applicants),
        competition=memo(competition, outcomes, peers, min_group, memo(listing_outcome_totals, outcomes)),
    )


def summarise(result: BenchmarkResult) -> str:
    """A plain-English paragraph for the top of the benchmark page."""
    sentences = [result.description]
    pay, posting = result.pay, result.posting
    if pay["n_with_pay"] and pay["percentile"] is not None:
        sentences.append(
            f"Your pay of {fmt.money(posting.pay_hourly_usd)} is above {pay_percentile_text(pay)} of the "
            f"{pay['n_with_pay']:,} comparable openings that state pay (median {fmt.money(pay['median'])})."
        )
    elif pay["n_with_pay"]:
        sentences.append(
            f"Comparable openings that state pay ({pay['n_with_pay']:,}) pay a median of {fmt.money(pay['median'])}."
        )
    elif posting.pay_hourly_usd is not None:
        sentences.append("None of the comparable openings states pay, so pay cannot be compared.")
    if posting.skills:
        text = f"You ask for {len(posting.skills)} skill{'s' if len(posting.skills) != 1 else ''}; the posting {result.skill_count['sentence']}."
        rare = result.commonness.filter(pl.col("commonness") == "rare").get_column("skill").to_list()
        if rare:
            text += f" Rare among comparable openings (asked by fewer than 10 %): {', '.join(rare)}."
        sentences.append(text)
    pool = result.pool
    if posting.skills and pool["n"]:
        who = "applicants" if pool["population"] == "applicants" else "comparable openings"
        text = f"{pool['label']} of {who} {'hold' if who == 'applicants' else 'ask for'} every skill you ask for"
        best = pool["drops"].row(0, named=True) if pool["drops"].height else None
        if best and best["gain"] > 0 and len(posting.skills) > 1:
            text += f"; dropping {best['dropped_skill']} would raise that to {best['label']}"
        sentences.append(text + "." + ("" if who == "applicants" else " (No applicant skills were available.)"))
    comp = result.competition
    if comp["applications_per_opening"] is not None and not comp["suppressed"]:
        sentences.append(
            f"Comparable openings drew {comp['applications_per_opening']:.1f} applications each "
            f"(across {comp['n_openings']:,} openings with tracked applications)."
        )
    if comp["offer_rate"] is not None:
        sentences.append(
            f"{fmt.share(comp['n_offers'], comp['n_applications'], 1)} of {comp['n_applications']:,} tracked "
            f"applications ended in an offer (95 % CI {fmt.interval(comp['low'], comp['high'])})."
        )
    elif comp["basis"] is not None:
        sentences.append(comp["note"])
    return " ".join(sentences)
