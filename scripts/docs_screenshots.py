"""Shrink the browser tests' screenshots into the small PNGs the README shows.

Run ``make docs-screenshots`` (which first runs the browser tests that write
``artifacts/screenshots/``). Each page's screenshot is cropped to its top part,
scaled to 900 px wide and reduced to a 256-colour palette, so each file stays
well under 200 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "artifacts" / "screenshots"
TARGET = ROOT / "docs" / "screenshots"
WIDTH = 900
#: README name -> (artifact name, share of the page height to keep)
PAGES = {
    "overview": ("overview.png", 0.75),
    "openings": ("openings.png", 0.62),
    "skills_demand": ("skills_demand.png", 0.75),
    "acceptance_rates": ("acceptance_rates.png", 0.75),
    "skill_gap": ("skill_gap.png", 0.75),
    "benchmark": ("benchmark.png", 0.75),
    "report": ("report_page.png", 0.75),
    "sources": ("sources_checked.png", 0.75),
}


def shrink(source: Path, target: Path, keep: float) -> None:
    with Image.open(source) as image:
        image = image.convert("RGB")
        image = image.crop((0, 0, image.width, int(image.height * keep)))
        height = round(image.height * WIDTH / image.width)
        image = image.resize((WIDTH, height), Image.Resampling.LANCZOS)
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        image.save(target, optimize=True)


def main() -> int:
    missing = [name for name, _ in PAGES.values() if not (SOURCE / name).exists()]
    if missing:
        print(f"Missing in {SOURCE}: {', '.join(missing)}. Run `make screenshots` first.", file=sys.stderr)
        return 2
    TARGET.mkdir(parents=True, exist_ok=True)
    for page, (name, keep) in PAGES.items():
        out = TARGET / f"{page}.png"
        shrink(SOURCE / name, out, keep)
        print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
