"""The data_loaders CLI: `validate`, `import`, `collect`, `discover` — a thin shell over the library.

The synthetic generator has its own: `python -m synthetic`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from data_loaders import LoadError
from data_loaders.collect.cli import add_parsers as add_collect_parsers
from data_loaders.collect.cli import run_collect, run_discover
from data_loaders.columns import mapping_from_json
from data_loaders.isolation import WorkerStats, load_isolated, load_isolated_with_stats, source_label

EXIT_OK, EXIT_FAILED, EXIT_NOT_LOADED = 0, 1, 2
COUNT_HELP = (
    "with a database URL: the database counts the applications per group (one GROUP BY) and only the counts are "
    "read, loaded as outcome counts"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands (validate, import, collect, discover)."""
    parser = argparse.ArgumentParser(
        prog="python -m data_loaders", description="Validate and import Internship Insights data."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="read files or a database table and report what loads")
    validate.add_argument("path", nargs="+", help="file paths or a SQLAlchemy URL")
    validate.add_argument("--kind", choices=("listings", "outcomes"), help="default: guessed from the columns")
    validate.add_argument("--table", help="table name when PATH is a database URL")
    validate.add_argument("--query", help="SQL query when PATH is a database URL")
    validate.add_argument("--json", action="store_true", help="print one JSON object per path on stdout (JSON Lines)")
    validate.add_argument(
        "--map", action="append", default=[], metavar="SOURCE=CANONICAL", help="map a column explicitly (repeatable)"
    )
    validate.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="apply a column mapping JSON (as downloaded on Sources); --map wins",
    )
    validate.add_argument(
        "--keep-reposts",
        action="store_true",
        help="keep re-posts (same company, title, places and terms under another id) as separate listings",
    )
    validate.add_argument("--count-in-database", action="store_true", help=COUNT_HELP)
    importer = sub.add_parser("import", help="load a file and write it, canonical, to a database")
    importer.add_argument("path", help="file path (or URL) to read")
    importer.add_argument("--to", required=True, dest="url", help="target SQLAlchemy URL, e.g. sqlite:///insights.db")
    importer.add_argument("--kind", choices=("listings", "outcomes"))
    importer.add_argument("--table", help="target table name (default: the kind)")
    importer.add_argument("--source-table", help="table to read when PATH is a database URL")
    importer.add_argument(
        "--map", action="append", default=[], metavar="SOURCE=CANONICAL", help="map a column explicitly (repeatable)"
    )
    importer.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="apply a column mapping JSON (as downloaded on Sources); --map wins",
    )
    importer.add_argument(
        "--keep-reposts", action="store_true", help="keep re-posts as separate listings (exact duplicates still go)"
    )
    importer.add_argument("--count-in-database", action="store_true", help=COUNT_HELP)

    add_collect_parsers(sub)  # `collect` and `discover` (data_loaders/collect/cli.py)
    return parser


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    """`--map "Firma=company"` pairs as a mapping dict (None when none given)."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.rpartition("=")
        if not sep or not source:
            raise LoadError(
                f"--map {pair!r} is not SOURCE=CANONICAL", "the --map option", "write e.g. --map 'Firma=company'"
            )
        mapping[source] = target.strip()
    return mapping or None


def _mapping_options(args: argparse.Namespace) -> dict[str, str] | None:
    """The mapping of `--mapping FILE` overlaid with `--map` pairs; the file's kind fills a missing --kind."""
    mapping: dict[str, str] = {}
    if getattr(args, "mapping", None) is not None:
        try:
            payload = json.loads(args.mapping.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise LoadError(
                f"The mapping file could not be read ({type(exc).__name__})",
                str(args.mapping),
                "give the JSON file downloaded from the Sources page",
            ) from None
        kind, mapping = mapping_from_json(payload)
        if kind and args.kind and kind != args.kind:
            raise LoadError(
                f"The mapping is for {kind}, but --kind says {args.kind}",
                str(args.mapping),
                f"drop --kind or use --kind {kind}",
            )
        args.kind = args.kind or kind
    return {**mapping, **(_mapping(args.map) or {})} or None


def _kind(args: argparse.Namespace, path: str) -> str | None:
    """The kind to load: outcome counts counted by the database with --count-in-database (a URL only), else --kind."""
    if not args.count_in_database:
        return str(args.kind) if args.kind else None
    if "://" not in path or args.kind == "listings":
        raise LoadError(
            "--count-in-database counts the outcomes of a database", path, "give a database URL and --kind outcomes"
        )
    return "outcome_counts"


def _validate(args: argparse.Namespace) -> int:
    """Load and report each path in an isolated worker; exit 0 when all loaded rows, 2 otherwise."""
    try:
        mapping = _mapping_options(args)
        for path in args.path:
            _kind(args, path)  # --count-in-database with a file is refused before anything loads
    except LoadError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NOT_LOADED
    loaded = [_validate_one(path, args, mapping) for path in args.path]
    return EXIT_OK if all(loaded) else EXIT_NOT_LOADED


def _validate_one(path: str, args: argparse.Namespace, mapping: dict[str, str] | None) -> bool:
    """Load one path and print its report (one JSON line with --json); True when rows loaded."""
    result, stats = load_isolated_with_stats(
        path,
        kind=_kind(args, path),
        table=args.table,
        query=args.query,
        mapping=mapping,
        dedupe="keep" if args.keep_reposts else "collapse",
    )
    if isinstance(result, LoadError):
        roles = getattr(result, "roles", None) or {}  # a MappingNeeded carries the detected column roles
        if args.json:
            print(
                json.dumps(
                    {
                        "kind": args.kind,
                        "format": None,
                        "rows_read": 0,
                        "rows_loaded": 0,
                        "issues": [],
                        "coverage": {},
                        "source": source_label(path, None),
                        "error": str(result),
                        **roles,
                        "worker": _stats(stats),
                    }
                )
            )
        else:
            _print_roles(roles)
        print(f"error: {result}", file=sys.stderr)
        return False
    report = result.report
    if args.json:
        print(json.dumps({**report.to_dict(), "worker": _stats(stats)}, default=str))
    else:
        _print_report(report)
    if report.rows_loaded == 0:
        print(f"error: no rows could be loaded from {report.source}", file=sys.stderr)
        return False
    return True


def _stats(stats: WorkerStats) -> dict[str, Any]:
    """The worker's stats for the JSON output."""
    return {
        "outcome": stats.outcome,
        "wall_seconds": round(stats.wall_seconds, 3),
        "peak_rss_bytes": stats.peak_rss_bytes,
    }


def _print_report(report: Any) -> None:
    """The report as readable lines: summary, issues with examples, notes, coverage."""
    print(report.summary())
    for issue in report.issues:
        shown = "; ".join(f"row {e['row']}: {e['value']!r}" for e in issue.examples[:3])
        print(f"  - {issue.reason} [{issue.column}]: {issue.count}" + (f" (e.g. {shown})" if shown else ""))
    for note in report.notes:
        print(f"  note: {note}")
    covered = ", ".join(f"{c} {v:.0%}" for c, v in report.coverage.items())
    print(f"  coverage: {covered}")
    _print_roles(
        {
            "column_roles": report.column_roles,
            "missing_roles": report.missing_roles,
            "suggested_kind": report.suggested_kind,
            "kind_evidence": report.kind_evidence,
        }
    )


def _print_roles(roles: dict[str, Any]) -> None:
    """Each source column's role with its confidence and evidence; what must still be mapped; the other kind."""
    if roles.get("column_roles"):
        print("  columns:")
    for column in roles.get("column_roles", []):
        print(
            f"    {column['column']!r} -> {column['role']} ({column['confidence']:.0%}): {'; '.join(column['evidence'])}"
        )
    for missing in roles.get("missing_roles", []):
        print(f"  warning: not usable until mapped: {missing} (use --map 'your column=role' or --mapping FILE)")
    if roles.get("suggested_kind"):
        print(
            f"  warning: this looks like {roles['suggested_kind']}: {roles['kind_evidence']} (try --kind {roles['suggested_kind']})"
        )


def _import(args: argparse.Namespace) -> int:
    """Load a source, then write its canonical frame to the target database."""
    # Imported here: data_loaders.sql pulls in sqlalchemy (~0.5 s), which only a database source needs.
    from data_loaders.sql import import_to_url
    from data_loaders.urls import mask_url

    try:
        result = load_isolated(
            args.path,
            kind=_kind(args, args.path),
            table=args.source_table,
            mapping=_mapping_options(args),
            dedupe="keep" if args.keep_reposts else "collapse",
        )
        counts = import_to_url(result.frame, args.url, result.kind, table=args.table)
    except LoadError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_NOT_LOADED
    print(result.report.summary())
    for table, rows in counts.items():
        print(f"  wrote {rows:,} rows to {table} at {mask_url(args.url)}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run one subcommand; returns the exit code."""
    args = build_parser().parse_args(argv)
    # A crashed worker's details are for a server log; here the error line already says what happened.
    logging.getLogger("data_loaders.isolation").setLevel(logging.ERROR)

    handlers = {
        "validate": _validate,
        "import": _import,
        "collect": run_collect,
        "discover": run_discover,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
