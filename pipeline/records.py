"""Record types: one declaration per table, shared by extractors, writer and loader.

Every column is declared exactly once, here, with :func:`col` (its Arrow type,
whether it may be null and what it means). :mod:`pipeline.schema` builds the
Parquet schemas from these declarations, so a record and its table cannot
drift apart.

Every extraction record starts with the provenance columns of :class:`Mention`:
the document, the sentence, the character offsets into the decoded document
text (``text[start:end]`` is the mention) and the rule that produced it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa

#: Money is stored as an exact decimal: 38 digits, 6 after the point.
MONEY = pa.decimal128(38, 6)


def col(arrow_type: pa.DataType, doc: str, *, nullable: bool = True, default: Any = None):
    """Declare a column: a dataclass field carrying its Arrow type and description."""
    meta = {"arrow": arrow_type, "doc": doc, "nullable": nullable}
    if isinstance(default, list):
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(slots=True)
class Mention:
    """Provenance shared by every extraction row."""

    doc_id: str = col(pa.string(), "file name relative to the input folder", nullable=False, default="")
    sentence_id: int = col(pa.int32(), "index of the sentence in the document", nullable=False, default=0)
    start: int = col(pa.int64(), "character offset of the mention in documents.text", nullable=False, default=0)
    end: int = col(pa.int64(), "character offset just past the mention", nullable=False, default=0)
    text: str = col(pa.string(), "the mention exactly as written: documents.text[start:end]", nullable=False, default="")
    rule_id: str = col(pa.string(), "the rule or extractor that produced the row", nullable=False, default="")


@dataclass(slots=True)
class Programme(Mention):
    name: str = col(pa.string(), "longest proper name written in the text", nullable=False, default="")
    acronym: str | None = col(pa.string(), "acronym defined or used for the programme")
    phase: str | None = col(pa.string(), "phase number or numeral as written ('9', 'II')")
    parent: str | None = col(pa.string(), "programme this is a phase of")
    funders: list[str] = col(pa.list_(pa.string()), "organisations the text says fund it", nullable=False, default=[])
    implementers: list[str] = col(pa.list_(pa.string()), "organisations the text says implement it", nullable=False, default=[])
    funding_instrument: str | None = col(pa.string(), "EU funding instrument named for it")
    n_mentions: int = col(pa.int32(), "mentions of the programme in the document", nullable=False, default=1)
    rule_ids: list[str] = col(pa.list_(pa.string()), "every rule that set a field of the row, rule_id first",
                              nullable=False, default=[])


@dataclass(slots=True)
class Amount(Mention):
    value: Decimal | None = col(MONEY, "amount in the stated currency, magnitude applied")
    currency: str | None = col(pa.string(), "ISO 4217 code")
    value_eur: Decimal | None = col(MONEY, "value in euros at the ECB reference rate of eur_rate_date (the value "
                                           "itself for EUR); null without a publication date or an ECB rate")
    eur_rate: Decimal | None = col(pa.decimal128(20, 8), "ECB reference rate used: units of the currency per euro")
    eur_rate_date: date | None = col(pa.date32(), "day of that rate: the publication date or the nearest "
                                                   "earlier day with a published rate")
    qualifier: str | None = col(pa.string(), "about, over, up to, more than, ...")
    label: str | None = col(pa.string(), "what the figure is where the text says (Total Cost, budget)")
    programme: str | None = col(pa.string(), "programme the amount belongs to")


@dataclass(slots=True)
class Duration(Mention):
    value: str = col(pa.string(), "ISO 8601 duration (P3Y) or interval (2015-06/2018-06)", nullable=False, default="")
    kind: str = col(pa.string(), "'length' or 'interval'", nullable=False, default="length")
    period_start: str | None = col(pa.string(), "start of the interval at its grain")
    period_end: str | None = col(pa.string(), "end of the interval at its grain")
    qualifier: str | None = col(pa.string(), "more than, up to, over, ...")
    programme: str | None = col(pa.string(), "programme the duration belongs to")


@dataclass(slots=True)
class Official(Mention):
    name: str = col(pa.string(), "person's name without honorific", nullable=False, default="")
    honorific: str | None = col(pa.string(), "Mr, Ms, Dr, H.E., ... as written")
    title: str | None = col(pa.string(), "role as written, with its of/to tail")
    organisation: str | None = col(pa.string(), "body the role belongs to")
    country: str | None = col(pa.string(), "country the role belongs to")
    rule_ids: list[str] = col(pa.list_(pa.string()), "every rule that set a field of the row, rule_id first",
                              nullable=False, default=[])


@dataclass(slots=True)
class DateMention(Mention):
    value: str = col(pa.string(), "ISO date at its grain: YYYY-MM-DD, YYYY-MM or YYYY", nullable=False, default="")
    grain: str = col(pa.string(), "'day', 'month' or 'year'", nullable=False, default="day")
    relative: bool = col(pa.bool_(), "resolved against the publication date", nullable=False, default=False)


@dataclass(slots=True)
class Entity(Mention):
    label: str = col(pa.string(), "entity label (PERSON, ORG, GPE, MONEY, ...)", nullable=False, default="")
    source: str = col(pa.string(), "'model' (statistical NER) or 'rule'", nullable=False, default="model")


@dataclass(slots=True)
class Sentence:
    doc_id: str = col(pa.string(), "file name relative to the input folder", nullable=False, default="")
    sentence_id: int = col(pa.int32(), "index of the sentence in the document", nullable=False, default=0)
    start: int = col(pa.int64(), "character offset of the sentence", nullable=False, default=0)
    end: int = col(pa.int64(), "character offset just past the sentence", nullable=False, default=0)
    text: str = col(pa.string(), "the sentence exactly as written", nullable=False, default="")


@dataclass(slots=True)
class Document:
    doc_id: str = col(pa.string(), "file name relative to the input folder", nullable=False, default="")
    path: str = col(pa.string(), "path the file was read from", nullable=False, default="")
    sha256: str | None = col(pa.string(), "SHA-256 of the file's bytes")
    size: int | None = col(pa.int64(), "size of the file in bytes when it was read")
    mtime_ns: int | None = col(pa.int64(), "modification time of the file (ns since the epoch) when it was read")
    n_chars: int | None = col(pa.int64(), "length of the decoded text")
    text: str | None = col(pa.string(), "decoded text; all offsets refer to it")
    encoding: str | None = col(pa.string(), "encoding the bytes were decoded with")
    publication_date: date | None = col(pa.date32(), "date the release was issued")
    dateline: str | None = col(pa.string(), "place of the dateline as written")
    model: str | None = col(pa.string(), "spaCy pipeline name and version")
    pipeline_version: str | None = col(pa.string(), "version of this package")
    rules_hash: str | None = col(pa.string(), "hash of the rule and lexicon files and the euro rates used")
    status: str = col(pa.string(), "'ok', 'skipped' (unusable input) or 'error'", nullable=False, default="ok")
    reason: str | None = col(pa.string(), "reason code when not ok (empty, binary, duplicate, ...)")
    error: str | None = col(pa.string(), "what went wrong, for a person to read")


#: Table name -> record type. The order is the order tables are written and listed.
TABLES: dict[str, type] = {
    "documents": Document,
    "sentences": Sentence,
    "entities": Entity,
    "programmes": Programme,
    "amounts": Amount,
    "durations": Duration,
    "officials": Official,
    "dates": DateMention,
}


def as_row(record) -> dict[str, Any]:
    """A record as a plain dict of its columns."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


@dataclass
class Extraction:
    """Everything extracted from one text: document fields and one list per table."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def rows(self, table: str) -> list:
        """Records for ``table`` (``documents`` gives the one document record)."""
        if table == "documents":
            return [self.document]
        return getattr(self, table)
