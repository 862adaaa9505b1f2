"""Extractor for the officials table."""

from __future__ import annotations

from ..context import DocContext


def extract(ctx: DocContext) -> list:
    return []
