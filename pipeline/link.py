"""Link stage: tie amounts and durations to the programme they belong to."""

from __future__ import annotations

from .context import DocContext


def run(tables: dict[str, list], ctx: DocContext) -> None:
    """Set ``programme`` on amounts and durations in place."""
    return None
