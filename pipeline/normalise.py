"""Normalise stage: values that depend on the whole document, filled after extraction.

Context-free parsing (``€23.8 million`` -> 23800000 EUR, ``three-year`` -> P3Y)
happens in the pure functions the extractors call; this stage applies what
needs the whole document: euro values, and organisation names expanded from
the document's own acronym definitions and the alias lexicon
(``models/lexicons/organisation_aliases.json``).
"""

from __future__ import annotations

from .context import DocContext


def organisation(name: str | None, ctx: DocContext) -> str | None:
    """Canonical form of an organisation name in this document.

    An acronym the document defines becomes its long form unless the alias
    lexicon keeps it (``INTERPOL``); a known alias becomes its canonical name
    (``EU`` -> ``European Union``).
    """
    if not name:
        return name
    aliases = ctx.rules.mapping("organisation_aliases")
    stripped = name.strip()
    if stripped in aliases:
        return aliases[stripped]
    if stripped in ctx.acronyms:
        return ctx.acronyms[stripped]
    return stripped


def run(tables: dict[str, list], ctx: DocContext) -> None:
    """Fill document-dependent values in place."""
    for amount in tables.get("amounts", []):
        amount.value_eur = amount.value if amount.currency == "EUR" else None
    for official in tables.get("officials", []):
        official.organisation = organisation(official.organisation, ctx)
    for programme in tables.get("programmes", []):
        programme.funders = _unique(organisation(f, ctx) for f in programme.funders)
        programme.implementers = _unique(organisation(i, ctx) for i in programme.implementers)


def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out
