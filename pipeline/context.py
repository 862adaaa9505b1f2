"""What an extractor sees of one document: text, spaCy analysis, sentences, rule matches.

This is the NLP/extract boundary: extractors may read ``ctx.doc`` (the spaCy
``Doc``), but they return plain records built with :meth:`DocContext.mention`,
so nothing past the extract stage holds a spaCy object.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .matcher import RuleMatch, rule_hits
from .records import Entity, Sentence
from .rules import Rules


@dataclass
class DocContext:
    doc_id: str
    text: str
    doc: Any  # spacy.tokens.Doc; Any keeps spaCy out of the import graph of plain code
    rules: Rules
    sentences: list[Sentence]
    entities: list[Entity]
    matches: dict[str, list[RuleMatch]] = field(default_factory=dict)
    #: rule id -> every match of that rule, overlaps kept (filled by the ``rule_matcher``)
    hits: dict[str, list[re.Match]] = field(default_factory=dict)
    publication_date: date | None = None
    dateline: str | None = None
    #: the acronym definitions of the text, in order (``acronyms.Definition``; found once, read by the
    #: programmes extractor)
    definitions: list = field(default_factory=list)
    #: acronym -> long form, from definitions in the text (``Long Name (LN)``)
    acronyms: dict[str, str] = field(default_factory=dict)
    #: for each programme record, in the programmes table's order: the spans where the text writes it and
    #: what the text calls it (``project``, ``programme``, ``initiative`` or None); left by the programmes
    #: extractor for the relations stage, since the records hold only their first mention
    programme_mentions: list[tuple[list[tuple[int, int]], str | None]] = field(default_factory=list)
    #: the durations of the document once found (dates reads them to skip period ends)
    durations: list | None = None
    #: the currencies of the countries the document names, once found (``amounts.Countries``)
    countries: Any = None
    #: the euro reference rates the normalise stage reads (``rates.Rates``)
    rates: Any = None
    #: whether the document writes its numeric dates month first (``timex.month_first``; set by
    #: ``extractors.run`` before any extractor reads a date)
    month_first: bool = False
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_id(self, offset: int) -> int:
        """Index of the sentence containing character ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def sentence_of(self, offset: int) -> Sentence:
        return self.sentences[self.sentence_id(offset)]

    def mention(self, start: int, end: int, rule_id: str) -> dict[str, Any]:
        """Provenance fields for a record covering ``text[start:end]``."""
        return {
            "doc_id": self.doc_id,
            "sentence_id": self.sentence_id(start),
            "start": start,
            "end": end,
            "text": self.text[start:end],
            "rule_id": rule_id,
        }

    def rule_matches(self, kind: str) -> list[RuleMatch]:
        """Matches of the rules in ``models/patterns/<kind>.jsonl``."""
        return self.matches.get(kind, [])

    def rule_hits(self, rule) -> list[re.Match]:
        """Every match of one rule, overlapping ones included; the rule runs once per document."""
        if rule.id not in self.hits:
            self.hits.update(rule_hits(self.text, [rule]))
        return self.hits[rule.id]

    def entities_of(self, *labels: str) -> list[Entity]:
        return [e for e in self.entities if e.label in labels]
