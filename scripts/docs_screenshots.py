"""Shrink the browser tests' screenshots into the small PNGs the README shows, desktop and phone.

Run ``make docs-screenshots`` (which first runs the browser tests). tests/e2e/test_e2e_phone.py writes every page at
1440×900 (``<page>_desktop.png``) and at 390×844 (``<page>_phone.png``) into ``artifacts/screenshots/``. Each desktop
shot is cropped to its top part and scaled to 900 px wide; each phone shot to its first few screens and 320 px wide.
All are reduced to a 256-colour palette, so each file stays well under 200 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "artifacts" / "screenshots"
TARGET = ROOT / "docs" / "screenshots"
DESKTOP_WIDTH = 900
PHONE_WIDTH = 320
#: The README's pages (file names in dashboard/pages/ without .py).
PAGES = ("overview", "openings", "skills_demand", "acceptance_rates", "skill_gap", "benchmark", "report", "sources")
DESKTOP_KEEP_PX = 1500  # of the 1440 px wide shot: the first screen and a half
PHONE_KEEP_SCREENS = 3  # of the phone shot: its first three 844 px screens


def shrink(source: Path, target: Path, width: int, keep_height: int) -> None:
    """Crop `source` to its top `keep_height` pixels (in its own scale), scale it to `width` and save a palette PNG."""
    with Image.open(source) as image:
        image = image.convert("RGB")
        image = image.crop((0, 0, image.width, min(image.height, keep_height)))
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.Resampling.LANCZOS)
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        image.save(target, optimize=True)


def main() -> int:
    """Write docs/screenshots/<page>.png (desktop) and <page>_phone.png for every page; 2 when a shot is missing."""
    wanted = [f"{page}_{size}.png" for page in PAGES for size in ("desktop", "phone")]
    missing = [name for name in wanted if not (SOURCE / name).exists()]
    if missing:
        print(f"Missing in {SOURCE}: {', '.join(missing)}. Run `make screenshots` first.", file=sys.stderr)
        return 2
    TARGET.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        desktop, phone = SOURCE / f"{page}_desktop.png", SOURCE / f"{page}_phone.png"
        with Image.open(phone) as image:
            scale = image.width / 390  # the phone shot is taken at a device scale factor of 2
        outputs = [
            (desktop, TARGET / f"{page}.png", DESKTOP_WIDTH, DESKTOP_KEEP_PX),
            (phone, TARGET / f"{page}_phone.png", PHONE_WIDTH, round(844 * PHONE_KEEP_SCREENS * scale)),
        ]
        for source, out, width, keep in outputs:
            shrink(source, out, width, keep)
            print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
