"""Document fields: publication date and dateline place."""

from __future__ import annotations

from datetime import date

from ..context import DocContext


def extract(ctx: DocContext) -> tuple[date | None, str | None]:
    """``(publication_date, dateline)`` of the document, ``None`` where the text gives none."""
    return None, None
