"""The staged pipeline over texts: NLP -> extract -> normalise -> relations.

:class:`Pipeline` holds the spaCy pipeline and rules; ``extract`` runs the
stages over one text and returns plain records; ``parse`` and ``extract_source``
(or ``process``, both at once) do the same for read files (:mod:`pipeline.ingest`). Batch runs over folders,
with the write stage, live in :mod:`pipeline.batch`.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date
from pathlib import Path

from . import __version__, ingest
from .modelinfo import DEFAULT_MODEL, installed_label
from .rates import Rates, default_rates, default_source
from .records import Document, Extraction
from .rules import load_rules


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"publication_date {value!r} is not an ISO date (YYYY-MM-DD)") from None


class Pipeline:
    """A pipeline: spaCy model (a setting) plus the rules of a models folder.

    The rules are loaded and checked at once; the spaCy model only when the first
    text is parsed (``nlp``), so a batch rerun with nothing to do never loads it.
    """

    def __init__(self, model: str = DEFAULT_MODEL, models_dir: str | Path | None = None,
                 rates: Rates | None = None):
        self.model_name = model
        self.rules = load_rules(models_dir)
        self._rates = rates
        #: what the euro rates are: the given table's source, or the default package and version
        self.rates_source = rates.source if rates is not None else default_source()
        from .extractors import check  # imports spaCy, not a model

        check(self.rules)  # every rule has a type its extractor recognizes
        self._nlp = None
        self._model: str | None = None
        self.timings: dict[str, float] = {}

    @property
    def nlp(self):
        """The loaded spaCy pipeline (loaded on first use)."""
        if self._nlp is None:
            from .nlp import load_nlp, model_label  # imports spaCy

            self._nlp = load_nlp(self.model_name, self.rules.root)
            self._model = model_label(self._nlp)
        return self._nlp

    @property
    def rates(self) -> Rates:
        """The ECB euro reference rates (:mod:`pipeline.rates`; the default ones read on first use)."""
        if self._rates is None:
            self._rates = default_rates()
        return self._rates

    @property
    def fingerprint(self) -> str:
        """What decides a document's rows besides its text and the model: the rules and the rates
        (``documents.rules_hash``; a change of either reprocesses every document)."""
        return hashlib.sha256(f"{self.rules.fingerprint}\0{self.rates_source}".encode()).hexdigest()[:16]

    @property
    def loaded(self) -> bool:
        """Whether the spaCy pipeline has been loaded."""
        return self._nlp is not None

    @property
    def model(self) -> str:
        """``<name> <version>`` of the spaCy pipeline, read from its meta without loading it
        where the meta can be found, as in ``documents.model``."""
        if self._model is None:
            self._model = installed_label(self.model_name)
        if self._model is None:
            self.nlp  # noqa: B018 - loading the pipeline is the only way to know its label
        return self._model

    def _time(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now

    def extract(self, text: str, *, doc_id: str | None = None,
                publication_date: date | str | None = None, doc=None) -> Extraction:
        """Every table's records for one text.

        ``publication_date`` (a ``date`` or ISO string), when given, anchors
        relative dates instead of the date found in the text.
        """
        from . import extractors, normalise, relations  # these import spaCy
        from .nlp import parse, to_context

        anchor = _as_date(publication_date)
        doc_id = doc_id or "text"
        t = time.perf_counter()
        if doc is None:
            doc = parse(self.nlp, [text])[0]
        ctx = to_context(doc, doc_id, self.rules)
        ctx.publication_date = anchor
        ctx.rates = self.rates
        t = self._time("nlp", t)
        tables = extractors.run(ctx)
        t = self._time("extract", t)
        normalise.run(tables, ctx)
        t = self._time("normalise", t)
        relations.run(tables, ctx)
        self._time("relations", t)
        document = Document(doc_id=doc_id, path="", n_chars=len(text), text=text,
                            publication_date=ctx.publication_date, dateline=ctx.dateline,
                            model=self.model, pipeline_version=__version__,
                            rules_hash=self.fingerprint)
        return Extraction(document=document, sentences=ctx.sentences, entities=ctx.entities, **tables)

    def parse(self, sources: list[ingest.Source]) -> list:
        """spaCy ``Doc`` objects for the usable sources, in order (parsed as one batch)."""
        from .nlp import parse

        t = time.perf_counter()
        docs = parse(self.nlp, [s.text for s in sources if s.status == "ok"])
        self._time("nlp", t)
        return docs

    def extract_source(self, source: ingest.Source, doc=None) -> Extraction:
        """The extraction of a read source (``doc``: its parse, when already made). A source
        that is not usable, or whose extraction fails, becomes a document row with its
        status and reason: one bad document must not cost the batch."""
        if source.status == "ok":
            try:
                result = self.extract(source.text, doc_id=source.doc_id, doc=doc)
            except Exception as exc:
                source.fail("error", "extraction_failed", f"extraction failed: {type(exc).__name__}: {exc}")
            else:
                result.document = self.document_row(source, result.document)
                return result
        return Extraction(document=self.document_row(source))

    def process(self, sources: list[ingest.Source]) -> list[Extraction]:
        """Extractions for read sources, in order (see ``extract_source``)."""
        docs = iter(self.parse(sources))
        return [self.extract_source(s, next(docs) if s.status == "ok" else None) for s in sources]

    def document_row(self, source: ingest.Source, found: Document | None = None) -> Document:
        """The documents row for a source: the file's facts plus what extraction found."""
        return Document(doc_id=source.doc_id, path=source.path, sha256=source.sha256,
                        n_chars=len(source.text) if source.text is not None else None,
                        text=source.text, encoding=source.encoding,
                        publication_date=found.publication_date if found else None,
                        dateline=found.dateline if found else None,
                        model=self.model, pipeline_version=__version__,
                        rules_hash=self.fingerprint, status=source.status,
                        reason=source.reason, error=source.error)


_DEFAULT: Pipeline | None = None


def extract(text: str, *, doc_id: str | None = None,
            publication_date: date | str | None = None) -> Extraction:
    """Extract every table from one text with the default pipeline (loaded once).

    >>> result = extract("LYON, 21 June 2013 – Secretary General Ronald K. Noble spoke today.")
    >>> result.document.publication_date, result.document.dateline
    (datetime.date(2013, 6, 21), 'LYON')
    >>> [(d.text, d.value) for d in result.dates]
    [('21 June 2013', '2013-06-21'), ('today', '2013-06-21')]
    >>> [(o.name, o.title) for o in result.officials]
    [('Ronald K. Noble', 'Secretary General')]
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT.extract(text, doc_id=doc_id, publication_date=publication_date)
