"""Acronym definitions in the text: ``Long Form (LF)`` and ``LF [Long Form]``."""

from __future__ import annotations

from ..context import DocContext


def extract(ctx: DocContext) -> dict[str, str]:
    """Acronym -> long form for every definition found in the document."""
    return {}
