"""Extract stage: one module per kind, each with ``extract(ctx) -> list[record]``.

The order matters where one kind feeds another: the document fields
(publication date, dateline) come first, because dates and durations are
resolved against them; acronym definitions come before programmes and
officials, which use them to expand names.
"""

from __future__ import annotations

from ..context import DocContext
from . import acronyms, amounts, dates, document, durations, officials, programmes

#: table name -> extractor module, in the order they run.
EXTRACTORS = {
    "programmes": programmes,
    "amounts": amounts,
    "durations": durations,
    "officials": officials,
    "dates": dates,
}


def run(ctx: DocContext) -> dict[str, list]:
    """Run every extractor over one document; returns one list of records per table."""
    found_date, ctx.dateline = document.extract(ctx)
    if ctx.publication_date is None:
        ctx.publication_date = found_date
    ctx.acronyms = acronyms.extract(ctx)
    return {table: module.extract(ctx) for table, module in EXTRACTORS.items()}
