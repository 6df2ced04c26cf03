"""One palette, readable on white and on the dark theme: every series colour has at least 3:1 contrast (WCAG 2.1
non-text contrast) against both, and config.toml's chart colours are the same list."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dashboard.charts import FIELD_COLORS, NEUTRAL_COLOR, PALETTE, PRIMARY_COLOR

ROOT = Path(__file__).resolve().parents[2]
WHITE, DARK = "#FFFFFF", "#0E1117"  # Streamlit's light and dark backgrounds


def _luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast("#F0E442", WHITE) < 1.5  # the old yellow, unreadable on white


@pytest.mark.parametrize("colour", [*PALETTE, NEUTRAL_COLOR, PRIMARY_COLOR, *FIELD_COLORS.values()])
def test_every_series_colour_reads_on_white_and_on_dark(colour: str) -> None:
    assert contrast(colour, WHITE) >= 3.0, colour
    assert contrast(colour, DARK) >= 3.0, colour


def test_colours_are_distinct_and_config_uses_the_same_palette() -> None:
    assert len(set(PALETTE)) == len(PALETTE) and NEUTRAL_COLOR not in PALETTE
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert tuple(config["theme"]["chartCategoricalColors"]) == PALETTE
    assert config["theme"]["primaryColor"] == PRIMARY_COLOR
