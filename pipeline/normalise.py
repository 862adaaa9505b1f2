"""Normalise stage: values that depend on the whole document, filled after extraction.

Context-free parsing (``€23.8 million`` -> 23800000 EUR, ``three-year`` -> P3Y)
happens in the pure functions the extractors call; this stage applies what
needs the whole document: euro values at the ECB reference rate of the
publication date (:mod:`pipeline.rates`), and organisation names expanded from
the document's own acronym definitions and the alias lexicon
(``models/lexicons/organisation_aliases.json``). Programmes' funders and
implementers are stated by the relations stage, which makes them canonical with
``organisations``.
"""

from __future__ import annotations

from . import rates
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
    table = ctx.rates if ctx.rates is not None else rates.default_rates()
    for amount in tables.get("amounts", []):
        amount.value_eur, amount.eur_rate, amount.eur_rate_date = rates.to_eur(
            amount.value, amount.currency, ctx.publication_date, table)
    for official in tables.get("officials", []):
        official.organisation = organisation(official.organisation, ctx)


def organisations(names: list[str], ctx: DocContext) -> list[str]:
    """The canonical forms (``organisation``) of a list of names, each once, in order, empty ones dropped."""
    out: list[str] = []
    for name in names:
        name = organisation(name, ctx)
        if name and name not in out:
            out.append(name)
    return out
