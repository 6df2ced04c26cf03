"""What the bar charts of dashboard/charts/explore.py and dashboard/charts/skills.py share: heights, bar-end
labels, the empty-frame check."""

from __future__ import annotations

import polars as pl

from analytics import formatting as fmt

BAR_HEIGHT_PX = 26  # per category row, so long lists of fields or skills stay readable
MIN_HEIGHT_PX = 320
# Outside bar labels are placed by measuring text in the first font that loads; an en space keeps
# their first digit clear of the bar end when the browser substitutes a wider fallback font.
LABEL_GAP = "\u2002"


def require_rows(frame: pl.DataFrame, what: str) -> None:
    """Raise a ValueError naming `what` when `frame` has no rows (an empty chart misleads)."""
    if frame.height == 0:
        raise ValueError(f"no {what} to chart: the frame is empty")


def bar_height(n_bars: int) -> int:
    """A horizontal bar chart's height in pixels for `n_bars` categories."""
    return max(MIN_HEIGHT_PX, BAR_HEIGHT_PX * n_bars + 120)


def bar_label(count: int, share: float | None) -> str:
    """A bar-end label '55 % (1,127)': the share and its count; the common n is in the axis title, the hover has all."""
    return f"{fmt.percent(share)} ({fmt.count(int(count))})"


def signed_dollars(value: float) -> str:
    """'+$5.50' or '−$8.65' (a minus sign before the dollar, as people write it)."""
    return fmt.money(value, unit="", signed=True)
