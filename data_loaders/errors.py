"""The one error type the loaders raise when a source cannot be loaded at all."""

from __future__ import annotations


class LoadError(Exception):
    """A source could not be loaded: says what was wrong, where, and how to fix it."""

    def __init__(self, what: str, where: str = "", fix: str = "") -> None:
        self.what, self.where, self.fix = what, where, fix
        parts = [what.rstrip(".") + "."]
        if where:
            parts.append(f"Where: {where}.")
        if fix:
            parts.append(f"How to fix: {fix.rstrip('.')}.")
        super().__init__(" ".join(parts))
