"""Content sniffing for column roles: what a column's distinct values look like, as shares.

Each column contributes at most MAX_DISTINCT distinct non-blank values from the sampled rows (fewer rows
and values per column when there are many columns: the total is bounded); all columns' values go into
one long frame and every pattern runs once over it, vectorised. Only places
and application results need Python (the gazetteer and the stage rules), and those run once per
distinct value across all columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from data_loaders.normalise.gazetteer import place_kinds
from data_loaders.normalise.stages import is_result_word

MAX_DISTINCT = 200
SAMPLE_SHOWN, SAMPLE_CHARS = 3, 60
LONG_CHARS, LONG_WORDS = 120, 20
HEAD_CHARS = 300
MAX_PYTHON_CHECKS = 60  # distinct values per column run through the gazetteer and the stage rules
# Totals over all columns, so a 2,500-column file costs what a 25-column one does.
CELL_BUDGET, DISTINCT_BUDGET, PYTHON_BUDGET = 250_000, 20_000, 3_000

_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
PATTERNS: dict[str, str] = {
    "url": r"(?i)^(https?://|www\.)\S+$",
    "pay": (
        r"(?i)([$€£₹¥]|\b(usd|eur|gbp|inr|cad|aud|chf|sgd|rs\.?|us\$|c\$|ca\$|a\$)).{0,3}\d"
        r"|\d[\d,.]*\s*(k\b|/\s*-?\s*(hr|hour|h|mo|month|yr|year|week|wk|day|annum)\b|(per|an|a)\s+(hour|month|year|annum|week|day)\b"
        r"|p\.?\s?a\.?$|lpa\b|元|万)|^(unpaid|competitive|doe|performance[ -]based|not disclosed|negotiable)$"
    ),
    "number": r"^[-+]?\$?\d[\d,]*(\.\d+)?$",
    "year": r"^(19|20)\d\d$",
    "period": r"(?i)^(per\s+)?(hour(ly)?|hr|day|daily|week(ly)?|bi-?weekly|month(ly)?|year(ly)?|annual(ly)?|annum|lump\s*sum|one[- ]time)$",
    "currency": r"(?i)^([A-Z]{3}|[$€£₹¥]|us\$|c\$|ca\$|rs\.?)$",
    "date": (
        r"(?i)^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}.*)?$|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$|^\d{4}/\d{1,2}/\d{1,2}$"
        rf"|^{_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}$|^\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}$|^{_MONTHS}\s+\d{{4}}$"
        r"|^\d{4}年\d{1,2}月(\d{1,2}日)?$|^1[4-9]\d{8}(\d{3})?$"
    ),
    "season": (
        r"(?i)^\W*(summer|fall|autumn|winter|spring|co-?op|sommer|herbst|winter|frühling|hiver|été|printemps|automne|verano)"
        r"([\s/,;|&'’–_-]+(summer|fall|autumn|winter|spring|\d{2,4}|'\d\d|co-?op|term|internship))*\W*$|^(s|f|w|su|fa|sp)\s?'?\d{2}$"
    ),
    "mode": (
        r"(?i)^(fully |100% )?(remote|hybrid|on-?site|in[- ]office|in[- ]person|work from home|wfh|remote[- ]friendly|telework|"
        r"office|flexible)$|^(remote|hybrid|on-?site)\b.{0,30}$"
    ),
    "flag": r"(?i)^(true|false|yes|no|y|n|t|f|0|1|open|closed|active|inactive|x|✓|✅)$",
    "sponsor": r"(?i)sponsor|visa|citizen|h-?1b|\bopt\b|\bcpt\b|green card|work authori",
    "title": (
        r"(?i)\b(intern|interns|internship|engineer|developer|analyst|scientist|manager|designer|assistant|associate|specialist|"
        r"coordinator|consultant|trainee|apprentice|researcher|technician|officer|administrator|architect|programmer|co-?op|"
        r"werkstudent|praktikant\w*|praktikum|stagiaire|becario|director|lead|representative|clerk|writer|editor|accountant|"
        r"planner|teacher|nurse|counsel\w*)\b|实习|工程师|设计师|分析师|助理|专员|结构|研发|开发"
    ),
    "list": r"^[^,;|]{1,40}([,;|]\s*[^,;|]{1,40}){1,}$",
}


@dataclass
class Profile:
    """What one column's sampled distinct values look like."""

    distinct: int = 0
    samples: list[str] = field(default_factory=list)
    shares: dict[str, float] = field(default_factory=dict)
    constant: bool = False  # one distinct value over several rows

    def share(self, measure: str) -> float:
        """Share of the distinct values matching `measure` ("a|b": the larger of two; 0 when none or unknown)."""
        return max(self.shares.get(m, 0.0) for m in measure.split("|"))


def _text_expr(name: str, dtype: pl.DataType) -> pl.Expr:
    """Any raw column as stripped text (lists joined with '; ')."""
    expr = pl.col(name)
    if isinstance(dtype, pl.List):
        expr = expr.list.eval(pl.element().cast(pl.String)).list.join("; ")
    elif dtype != pl.String:
        expr = expr.cast(pl.String, strict=False)
    return expr.str.strip_chars().alias(name)


def budgets(n_columns: int) -> tuple[int, int, int]:
    """(rows read, distinct values kept, values checked in Python) per column: the total work stays bounded for 2,500 columns."""
    n = max(n_columns, 1)
    return (
        max(50, CELL_BUDGET // n),
        max(5, min(MAX_DISTINCT, DISTINCT_BUDGET // n)),
        max(3, min(MAX_PYTHON_CHECKS, PYTHON_BUDGET // n)),
    )


def _long_values(sample: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """(value, rows, column, rank) of each column's first distinct non-blank values, in one unpivoted frame."""
    if not columns:
        return pl.DataFrame(schema={"column": pl.String, "value": pl.String, "rows": pl.UInt32, "rank": pl.Int64})
    rows, distinct, _ = budgets(len(columns))
    schema = sample.schema  # built once: a schema lookup per column would be quadratic in the columns
    text = sample.head(rows).select([_text_expr(c, schema[c]) for c in columns])
    return (
        text.unpivot(variable_name="column", value_name="value")
        .filter(pl.col("value").str.len_chars() > 0)
        .group_by("column", "value", maintain_order=True)
        .len("rows")
        .with_columns(pl.int_range(pl.len()).over("column").alias("rank"))
        .filter(pl.col("rank") < distinct)
    )


def _is_place(value: str) -> bool:
    """A value naming at least one known city, state, province or country, or Remote."""
    if re.search(r"(?i)\bremote\b", value):
        return True
    if len(value) > 120:
        return False
    parts = [p.strip(" .()") for p in re.split(r"[;,|/\n]| - ", value) if p.strip(" .()")]
    return any(place_kinds(p) for p in parts[:6])


def _is_stage(value: str) -> bool:
    """A value the stage rules recognise as an application stage or result (not a bare yes/no)."""
    return len(value) <= 80 and is_result_word(value)


def _python_checks(values: pl.DataFrame, per_column: int) -> pl.DataFrame:
    """(value, place, stage) for each column's first `per_column` distinct short values, each judged once."""
    # Only short words can be places or results: links, numbers, dates and prose skip the Python checks.
    candidates = (
        values.filter(pl.col("rank") < per_column)
        .select("value")
        .unique()
        .filter(
            (pl.col("value").str.len_chars() <= 80)
            & ~pl.col("value").str.contains(PATTERNS["url"])
            & ~pl.col("value").str.contains(PATTERNS["number"])
            & ~pl.col("value").str.contains(PATTERNS["date"])
        )["value"]
        .to_list()
    )
    return pl.DataFrame(
        {"value": candidates, "place": [_is_place(v) for v in candidates], "stage": [_is_stage(v) for v in candidates]},
        schema={"value": pl.String, "place": pl.Boolean, "stage": pl.Boolean},
    )


def _flag_values(values: pl.DataFrame, per_column: int) -> pl.DataFrame:
    """`values` with one boolean column per measure: each pattern, place, stage, long and short."""
    text = pl.col("value")
    head = text.str.slice(0, HEAD_CHARS)  # the patterns are about short values: a long text's start is enough
    structured = text.str.contains(r"^\s*[\[{]")  # JSON objects and lists are data, not prose
    return (
        values.join(_python_checks(values, per_column), on="value", how="left")
        .with_columns(
            # Places and results are judged on each column's first MAX_PYTHON_CHECKS distinct values (null beyond: not counted).
            *[
                pl.when(pl.col("rank") < per_column).then(pl.col(c).fill_null(False)).alias(c)
                for c in ("place", "stage")
            ]
        )
        .with_columns(
            *[head.str.contains(pattern).alias(name) for name, pattern in PATTERNS.items()],
            (
                ~structured
                & (
                    (text.str.len_chars() >= LONG_CHARS)
                    | (text.str.count_matches(r"\s+") >= LONG_WORDS)
                    | head.str.contains(r"<(p|div|br|li|ul|h\d)\b")
                )
            ).alias("long"),
            (text.str.len_chars() <= 60).alias("short"),
        )
        .with_columns(
            # A link or a paragraph mentioning "internship" is not a job title.
            (pl.col("title") & ~pl.col("url") & ~pl.col("long")).alias("title"),
        )
    )


def profile_columns(sample: pl.DataFrame, columns: list[str]) -> dict[str, Profile]:
    """A Profile per column of `sample` (the sampled rows), every pattern run once over all columns' distinct values."""
    values = _long_values(sample, columns)
    flagged = _flag_values(values, budgets(len(columns))[2])
    measures = [*PATTERNS, "place", "stage", "long", "short"]
    summary = flagged.group_by("column").agg(
        pl.len().alias("_distinct"),
        pl.col("rows").sum().alias("_rows"),
        pl.col("value").head(SAMPLE_SHOWN).alias("_samples"),
        *[pl.col(m).cast(pl.Float64).mean().alias(m) for m in measures],
    )
    found = {row["column"]: row for row in summary.iter_rows(named=True)}
    profiles = {}
    for col in columns:
        row = found.get(col)
        if row is None:
            profiles[col] = Profile()
            continue
        samples = [v if len(v) <= SAMPLE_CHARS else v[: SAMPLE_CHARS - 1] + "…" for v in row["_samples"]]
        profiles[col] = Profile(
            row["_distinct"],
            samples,
            {m: float(row[m] or 0.0) for m in measures},
            constant=row["_distinct"] == 1 and row["_rows"] >= 5,
        )
    return profiles
