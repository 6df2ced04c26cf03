"""Render deploy/nginx.conf.template: `python deploy/render_nginx.py --out nginx.conf --cert ... --key ...`."""

from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
PLACEHOLDERS = ("LISTEN_PORT", "UPSTREAM", "CERT", "KEY", "HTPASSWD", "RUNTIME_DIR", "MAX_UPLOAD")


def render(values: dict[str, str]) -> str:
    """The template with every @PLACEHOLDER@ replaced; a missing value is an error, not a silent blank."""
    missing = [name for name in PLACEHOLDERS if not values.get(name)]
    if missing:
        raise ValueError(f"missing values for: {', '.join(missing)}")
    text = TEMPLATE.read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        text = text.replace(f"@{name}@", str(values[name]))
    return text


def main(argv: list[str] | None = None) -> int:
    """Write the rendered configuration to --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--listen-port", default="443")
    parser.add_argument("--upstream", default="127.0.0.1:8501")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--htpasswd", required=True)
    parser.add_argument("--runtime-dir", default="/var/lib/internship-insights/nginx")
    parser.add_argument("--max-upload", default="200m")
    args = parser.parse_args(argv)
    values = {
        "LISTEN_PORT": args.listen_port,
        "UPSTREAM": args.upstream,
        "CERT": args.cert,
        "KEY": args.key,
        "HTPASSWD": args.htpasswd,
        "RUNTIME_DIR": args.runtime_dir,
        "MAX_UPLOAD": args.max_upload,
    }
    Path(args.runtime_dir).mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(values), encoding="utf-8")
    print(f"wrote {args.out}; check it with: nginx -t -c {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
