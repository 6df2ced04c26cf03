"""The `collect` and `discover` subcommands of `python -m data_loaders`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polars as pl

from data_loaders.collect.config import default_config_path, load_config
from data_loaders.errors import LoadError

ROOT = Path(__file__).resolve().parents[2]
EXIT_OK, EXIT_FAILED, EXIT_NOT_LOADED = 0, 1, 2


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `collect` and `discover` on the CLI's subparsers."""
    default = default_config_path(ROOT)
    collect = sub.add_parser("collect", help="fetch the configured lists and job boards into a collected store")
    collect.add_argument(
        "--config", type=Path, default=default, help=f"sources file (default: {default.relative_to(ROOT)})"
    )
    collect.add_argument("--out", type=Path, default=ROOT / "collected", help="store folder (default: ./collected)")
    collect.add_argument("--json", action="store_true", help="print the run report as JSON")
    discover = sub.add_parser(
        "discover", help="add the job boards linked from the configured lists to the sources file"
    )
    discover.add_argument("--config", type=Path, default=default, help="sources file to read and append to")
    discover.add_argument(
        "--out", type=Path, default=ROOT / "collected", help="store folder whose cached lists may be reused"
    )
    discover.add_argument("--dry-run", action="store_true", help="print the boards found without changing the file")
    discover.add_argument("--min-links", type=int, default=1, help="only boards linked at least this many times")


def run_collect(args: argparse.Namespace) -> int:
    """Run one collection; exit 0 when every source succeeded, 1 when some failed, 2 when nothing could run."""
    # Imported here: the collector's modules take ~0.7 s to import; the other subcommands never need them.
    from data_loaders.collect.run import collect

    try:
        config = load_config(args.config)
        report = collect(config, args.out)
    except LoadError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NOT_LOADED
    if args.json:
        print(json.dumps(report.to_dict(), default=str))
    else:
        print("\n".join(report.lines()))
        print(f"Store: {args.out} (listings.parquet, history.parquet, snapshots/)")
    return EXIT_FAILED if report.failed else EXIT_OK


def run_discover(args: argparse.Namespace) -> int:
    """Fetch the configured lists, find the boards their links point at, and append the new ones to the config."""
    # Imported here: the collector's modules take ~0.7 s to import; the other subcommands never need them.
    from data_loaders.collect.client import HttpClient
    from data_loaders.collect.discover import append_sources, discovered_boards
    from data_loaders.collect.sources import fetch_source

    try:
        config = load_config(args.config)
    except LoadError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NOT_LOADED
    client = HttpClient(config.settings)
    urls: list[pl.Series] = []
    for source in (s for s in config.sources if s.kind == "list"):
        result = fetch_source(source, client, args.out)
        print(result.line(), file=sys.stderr)
        if result.urls is not None:
            urls.append(result.urls)
    found = discovered_boards(pl.concat(urls) if urls else pl.Series("url", [], dtype=pl.String), config)
    found = found.filter(pl.col("links") >= args.min_links)
    for kind, board, region, links in found.iter_rows():
        print(f"{kind:10} {board}{' (EU)' if region else ''}: {links} link(s)")
    if args.dry_run:
        print(f"{found.height} new board(s) found; --dry-run: {args.config} unchanged.")
        return EXIT_OK
    added = append_sources(args.config, found)
    print(f"{added} board(s) appended to {args.config}.")
    return EXIT_OK
