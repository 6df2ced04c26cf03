"""The README's promises about files: every image it shows exists, is a PNG, and stays small."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
IMAGES = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
PAGES = ("overview", "openings", "skills_demand", "acceptance_rates", "skill_gap", "benchmark", "report", "sources")


def test_readme_shows_one_screenshot_per_page() -> None:
    shown = {Path(image).stem for image in IMAGES if image.startswith("docs/screenshots/")}
    assert shown >= set(PAGES)


@pytest.mark.parametrize("image", IMAGES)
def test_readme_image_is_a_small_committed_png(image: str) -> None:
    path = ROOT / image
    assert path.is_file(), f"README shows {image}, which does not exist"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size < 300_000, f"{image} is {path.stat().st_size:,} bytes; run make docs-screenshots"
