"""A page's chart as a value: what to build from which frames, its alt text and key, or the note when it is empty.

A page draws its charts from a list of `Chart` values, and the background warm-up (dashboard/warmup.py) builds the
same figures ahead through the memo with `prepare`, so a page and its warm-up cannot ask for different figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from dashboard import components, state


@dataclass(frozen=True)
class Chart:
    """`build(*args)` (a module-level chart builder) drawn under `key` with `alt`, or the empty note (`empty`: the
    data gap it may be, and the message) when there is nothing to draw."""

    key: str
    build: Callable[..., go.Figure]
    args: tuple[Any, ...]
    alt: str
    empty: tuple[str, str] | None = None

    def draw(self, dataset: state.Dataset) -> None:
        """Draw the chart (memoised like the analytics it shows), or its empty note."""
        if self.empty is not None:
            components.empty_for(dataset, *self.empty)
        else:
            components.chart(dataset, self.build, *self.args, alt=self.alt, key=self.key)

    def prepare(self, dataset: state.Dataset) -> None:
        """Build the figure `draw` would draw, through the memo (nothing for an empty chart)."""
        if self.empty is None:
            state.cached(dataset, self.build, *self.args)
