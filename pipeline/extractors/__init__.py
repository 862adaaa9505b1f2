"""Extract stage: one module per kind, each with ``extract(ctx) -> list[record]``.

The order matters where one kind feeds another: the document fields
(publication date, dateline) come first, because dates and durations are
resolved against them; acronym definitions come before programmes and
officials, which use them to expand names.

An extractor that reads its rules by type declares ``RECOGNIZERS``: rule type
(the ``"type"`` key of a rule in ``models/patterns/<kind>.jsonl``) -> the function
that reads a match of that type. :func:`check` holds every rule of those kinds
to it when a pipeline loads its rules.
"""

from __future__ import annotations

from .. import timex
from ..context import DocContext
from ..rules import Rules, RulesError
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
    ctx.month_first = timex.month_first(ctx.text, ctx.rules)  # read by every numeric date of the text
    found_date, ctx.dateline = document.extract(ctx)
    if ctx.publication_date is None:
        ctx.publication_date = found_date
    ctx.definitions = acronyms.extract(ctx)
    ctx.acronyms = acronyms.definitions_map(ctx.definitions)
    return {table: module.extract(ctx) for table, module in EXTRACTORS.items()}


#: pattern kind -> the module whose ``RECOGNIZERS`` read its rules by type. A kind joins by
#: giving each of its rules a ``"type"``, declaring ``RECOGNIZERS`` in its extractor and
#: being listed here; kinds not listed (programme_roles, read by the relations stage by role and target) are not checked.
TYPED_KINDS = {
    "amounts": amounts,
    "dates": dates,
    "document": document,
    "durations": durations,
    "programmes": programmes,
}


def check(rules: Rules) -> None:
    """Raise :class:`~pipeline.rules.RulesError`, naming the file, line and rule, for the first
    rule of a kind in :data:`TYPED_KINDS` without a ``"type"`` or with a type its extractor
    has no recognizer for; so a folder fails at load, not on the first document it matches in."""
    for kind, module in TYPED_KINDS.items():
        known = ", ".join(sorted(module.RECOGNIZERS))
        for rule in rules.kind(kind):
            rule_type = rule.attrs.get("type")
            where = f"{rule.source or kind}: rule {rule.id!r}"
            if rule_type is None:
                raise RulesError(f'{where} has no "type" (the {kind} extractor reads a rule by its type: {known})')
            if not isinstance(rule_type, str) or rule_type not in module.RECOGNIZERS:
                raise RulesError(f"{where} has type {rule_type!r}, which the {kind} extractor has no "
                                 f"recognizer for (known types: {known})")
