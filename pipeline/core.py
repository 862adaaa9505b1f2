"""The staged pipeline: ingest -> NLP -> extract -> normalise -> link -> write.

:class:`Pipeline` holds the loaded spaCy pipeline and rules; ``extract`` runs
the stages after ingest over one text and returns plain records; ``run``
processes a batch of files into an output folder. Library code never prints:
progress goes through the ``progress`` callback the CLI passes in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from . import __version__, extract as extract_stage, ingest, link, normalise
from .nlp import DEFAULT_MODEL, load_nlp, model_label, to_context
from .records import TABLES, Document, Extraction
from .rules import load_rules
from .write import TableWriter

#: Texts handed to spaCy at once in a batch run.
BATCH_SIZE = 32


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"publication_date {value!r} is not an ISO date (YYYY-MM-DD)") from None


@dataclass
class RunSummary:
    """What a batch run did: documents per status, rows per table, seconds per stage."""

    documents: int = 0
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)


class Pipeline:
    """A loaded pipeline: spaCy model (a setting) plus the rules of a models folder."""

    def __init__(self, model: str = DEFAULT_MODEL, models_dir: str | Path | None = None):
        self.rules = load_rules(models_dir)
        self.nlp = load_nlp(model, models_dir)
        self.model = model_label(self.nlp)
        self.timings: dict[str, float] = {}

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
        anchor = _as_date(publication_date)
        doc_id = doc_id or "text"
        t = time.perf_counter()
        if doc is None:
            doc = self.nlp(text)
        ctx = to_context(doc, doc_id, self.rules)
        ctx.publication_date = anchor
        t = self._time("nlp", t)
        tables = extract_stage.run(ctx)
        t = self._time("extract", t)
        normalise.run(tables, ctx)
        t = self._time("normalise", t)
        link.run(tables, ctx)
        self._time("link", t)
        document = Document(doc_id=doc_id, path="", n_chars=len(text), text=text,
                            publication_date=ctx.publication_date, dateline=ctx.dateline,
                            model=self.model, pipeline_version=__version__)
        return Extraction(document=document, sentences=ctx.sentences, entities=ctx.entities, **tables)

    def process(self, sources: Iterable[ingest.Source]) -> Iterable[Extraction]:
        """Extractions for decoded sources, in order; a failing document becomes an error row."""
        batch: list[ingest.Source] = []
        for source in sources:
            batch.append(source)
            if len(batch) >= BATCH_SIZE:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _process_batch(self, batch: list[ingest.Source]) -> Iterable[Extraction]:
        usable = [s for s in batch if s.status == "ok"]
        t = time.perf_counter()
        docs = dict(zip((id(s) for s in usable), self.nlp.pipe(s.text for s in usable)))
        self._time("nlp", t)
        for source in batch:
            if source.status != "ok":
                yield Extraction(document=self._document(source))
                continue
            try:
                result = self.extract(source.text, doc_id=source.doc_id, doc=docs[id(source)])
            except Exception as exc:  # one bad document must not cost the batch
                source.status, source.error = "error", f"extraction failed: {type(exc).__name__}: {exc}"
                yield Extraction(document=self._document(source))
                continue
            doc = result.document
            doc.path, doc.sha256, doc.encoding = source.path, source.sha256, source.encoding
            yield result

    def _document(self, source: ingest.Source) -> Document:
        return Document(doc_id=source.doc_id, path=source.path, sha256=source.sha256,
                        n_chars=len(source.text) if source.text is not None else None,
                        text=source.text, encoding=source.encoding, model=self.model,
                        pipeline_version=__version__, status=source.status, error=source.error)

    def run(self, inputs: list[str | Path], out_dir: str | Path,
            progress: Callable[[int, int], None] | None = None) -> RunSummary:
        """Process every input file into the Parquet tables of ``out_dir``."""
        started = time.perf_counter()
        self.timings = {}
        files = ingest.find_inputs(inputs)
        summary = RunSummary(documents=len(files))
        writer = TableWriter(out_dir)
        try:
            t = time.perf_counter()
            sources = (ingest.read(doc_id, path) for doc_id, path in files)
            for n, extraction in enumerate(self.process(sources), 1):
                t = time.perf_counter()
                writer.add(extraction)
                self._time("write", t)
                doc = extraction.document
                if doc.status == "ok":
                    summary.ok += 1
                elif doc.status == "skipped":
                    summary.skipped += 1
                else:
                    summary.failed += 1
                if doc.status != "ok":
                    summary.failures.append((doc.doc_id, doc.error or doc.status))
                if progress:
                    progress(n, len(files))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        summary.rows = {name: writer.counts[name] for name in TABLES}
        summary.seconds = {**{k: round(v, 3) for k, v in self.timings.items()},
                           "total": round(time.perf_counter() - started, 3)}
        return summary


_DEFAULT: Pipeline | None = None


def extract(text: str, *, doc_id: str | None = None,
            publication_date: date | str | None = None) -> Extraction:
    """Extract every table from one text with the default pipeline (loaded once).

    >>> result = extract("LYON, 21 June 2013 – Secretary General Ronald K. Noble spoke today.")  # doctest: +SKIP
    >>> result.document.publication_date, [d.value for d in result.dates]  # doctest: +SKIP
    (datetime.date(2013, 6, 21), ['2013-06-21', '2013-06-21'])
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT.extract(text, doc_id=doc_id, publication_date=publication_date)
