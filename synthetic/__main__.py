"""`python -m synthetic`: write a seeded synthetic dataset (listings.parquet, outcomes.parquet) into a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from synthetic.listings import generate_to_dir

EXIT_OK, EXIT_FAILED = 0, 1


def build_parser() -> argparse.ArgumentParser:
    """The generator's arguments (the same names `python -m data_loaders generate` had)."""
    parser = argparse.ArgumentParser(
        prog="python -m synthetic",
        description="Write a seeded synthetic dataset (listings.parquet, outcomes.parquet) into --out.",
    )
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--applications", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("sample_data"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Generate into --out and print the two paths; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.listings < 1 or args.applications < 0:
        print("error: --listings must be at least 1 and --applications not negative", file=sys.stderr)
        return EXIT_FAILED
    paths = generate_to_dir(args.out, args.listings, args.applications, args.seed)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
