"""Board discovery: the job boards behind the lists' application links, appended to sources.toml.

boards.greenhouse.io/<token>, job-boards.greenhouse.io/<token> (and …/embed/job_app?for=<token>),
jobs.lever.co/<site> (jobs.eu.lever.co/<site> → Lever's EU host), jobs.ashbyhq.com/<board>.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from data_loaders.collect.config import CollectConfig

# (kind, pattern with the board in group "board" and, where the link names one, the job in group "job").
BOARD_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "greenhouse",
        r"(?i)^https?://(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/embed/job_app\?(?:.*&)?for=(?P<board>[A-Za-z0-9_\-]+)(?:.*[?&]token=(?P<job>\d+))?",
    ),
    (
        "greenhouse",
        r"(?i)^https?://(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/(?P<board>[A-Za-z0-9_\-]+)(?:/jobs/(?P<job>\d+))?",
    ),
    ("lever_eu", r"(?i)^https?://jobs\.eu\.lever\.co/(?P<board>[A-Za-z0-9_.\-]+)(?:/(?P<job>[0-9a-f\-]{36}))?"),
    ("lever", r"(?i)^https?://jobs\.lever\.co/(?P<board>[A-Za-z0-9_.\-]+)(?:/(?P<job>[0-9a-f\-]{36}))?"),
    ("ashby", r"(?i)^https?://jobs\.ashbyhq\.com/(?P<board>[A-Za-z0-9_.\-]+)(?:/(?P<job>[0-9a-f\-]{36}))?"),
)
_NOT_BOARDS = frozenset({"embed", "v1", "api", "static", "assets", "favicon.ico", "robots.txt"})


def board_refs(urls: pl.Series) -> pl.DataFrame:
    """Per distinct URL: kind, board and job id (null when the link names no job) of the boards the links point at."""
    distinct = urls.cast(pl.String).drop_nulls().str.strip_chars().unique().to_frame("url")
    found = []
    for kind, pattern in BOARD_PATTERNS:
        hits = distinct.select(
            "url",
            pl.col("url").str.extract(pattern, 1).alias("board"),
            pl.col("url").str.extract(pattern, 2).alias("job"),
        ).filter(pl.col("board").is_not_null() & ~pl.col("board").str.to_lowercase().is_in(list(_NOT_BOARDS)))
        found.append(hits.with_columns(pl.lit(kind).alias("kind")))
        distinct = distinct.join(hits.select("url"), on="url", how="anti")
    refs = (
        pl.concat(found)
        if found
        else pl.DataFrame(schema={"url": pl.String, "board": pl.String, "job": pl.String, "kind": pl.String})
    )
    # Greenhouse and Lever tokens are case-insensitive; Ashby board names are kept as written.
    lower = pl.col("kind").is_in(["greenhouse", "lever", "lever_eu"])
    return refs.with_columns(
        pl.when(lower).then(pl.col("board").str.to_lowercase()).otherwise(pl.col("board")).alias("board")
    )


def discovered_boards(urls: pl.Series, config: CollectConfig) -> pl.DataFrame:
    """Boards seen in `urls` that the config does not list yet: kind, board, region, links (how many URLs), sorted."""
    refs = board_refs(urls)
    counted = (
        refs.group_by("kind", "board")
        .agg(pl.len().alias("links"))
        .with_columns(
            pl.when(pl.col("kind") == "lever_eu").then(pl.lit("eu")).otherwise(None).alias("region"),
            pl.col("kind").str.replace("_eu", "").alias("kind"),
        )
    )
    known = pl.DataFrame(
        {
            "kind": [s.kind for s in config.sources if s.board],
            "_key": [s.board.lower() for s in config.sources if s.board],
        },
        schema={"kind": pl.String, "_key": pl.String},
    )
    new = (
        counted.with_columns(pl.col("board").str.to_lowercase().alias("_key"))
        .join(known, on=["kind", "_key"], how="anti")
        .drop("_key")
    )
    return new.sort(["links", "kind", "board"], descending=[True, False, False]).select(
        "kind", "board", "region", "links"
    )


def append_sources(path: Path, boards: pl.DataFrame) -> int:
    """Append one [[sources]] table per board to the TOML file at `path`; returns how many were added."""
    if boards.height == 0:
        return 0
    lines = ["", f"# Discovered from the lists' application links ({boards.height} board(s)).", ""]
    for kind, board, region, links in boards.iter_rows():
        lines += ["[[sources]]", f'kind = "{kind}"', f'board = "{board}"']
        if region:
            lines.append(f'region = "{region}"')
        lines += [f"# seen in {links} link(s)", ""]
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text.rstrip("\n") + "\n" + "\n".join(lines), encoding="utf-8")
    tmp.replace(path)
    return boards.height
