"""Batch runs: folders of press releases -> one output folder of Parquet tables.

* Every input file gets a ``documents`` row with its status; one bad file never
  stops the others.
* Incremental: a document whose bytes, pipeline version, model and rule files
  are unchanged since the previous run keeps its previous rows; ``full=True``
  reprocesses everything. A file whose size and modification time are those
  the previous run recorded is not read again to hash it. The previous output
  is checked as it is read back: an unreadable one is reported and reprocessed.
* Extraction runs in worker processes (:mod:`pipeline.workers`): a time budget
  per document, lost workers replaced; ``jobs`` caps how many, at most the
  number of usable CPUs. Rows are written in input order, so the output does
  not depend on ``jobs``.
* The spaCy model is loaded only when a document needs processing: a rerun
  over unchanged files reads the previous output and writes it back.
* The output folder is replaced in one step (:mod:`pipeline.write`), together
  with ``run.json``, the machine-readable summary of the run.
"""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, ingest, signals
from .core import Pipeline
from .records import TABLES
from .schema import schema
from .workers import CHUNK, DOC_TIMEOUT, Item, WorkerPool
from .write import RowsError, TableWriter, output_lock, recover


class StrictFailure(RuntimeError):
    """A document failed in a ``strict`` run; the previous output is left as it was."""


@dataclass
class RunSummary:
    """What a run did; written to ``run.json`` in the output folder."""

    seen: int = 0
    processed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    #: worker processes started, lost (died) and stopped over the time budget
    workers: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, str]] = field(default_factory=list)
    #: things the user should know that cost no document (a capped --jobs, an unreadable previous output)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class _Plan:
    doc_id: str
    path: Path
    sha256: str | None
    #: "process", "keep" (unchanged since the previous run), "duplicate", or "special"
    #: (not a regular file: recorded as skipped without reading it)
    action: str
    duplicate_of: str | None = None
    size: int | None = None
    mtime_ns: int | None = None


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Previous:
    """The previous run's output, read back in doc_id order without loading it whole.

    Every table is read through once first (page checksums verified where the
    files carry them), so a damaged file is found before anything is carried
    over: ``problem`` then says what is wrong and no document counts as unchanged.
    """

    def __init__(self, out_dir: Path, pipeline: Pipeline):
        self.out_dir = out_dir
        self.usable: dict[str, str] = {}
        #: doc_id -> (size, mtime_ns, sha256) of the file as last read
        self.files: dict[str, tuple[int, int, str]] = {}
        self.problem: str | None = None
        self._cursors: dict[str, Iterator] = {}
        self._pending: dict[str, list] = {}
        missing = [t for t in TABLES if not (out_dir / f"{t}.parquet").exists()]
        if missing and len(missing) < len(TABLES):
            self.problem = (f"the previous output in {out_dir} lacks {', '.join(missing)}; "
                            f"every document is processed again")
        if missing:
            return
        try:
            if any(not pq.read_schema(out_dir / f"{t}.parquet").equals(schema(t), check_metadata=False)
                   for t in TABLES):
                return  # written by another version of the tables: everything is reprocessed
            for table in TABLES:
                for _ in self._batches(table):
                    pass
            docs = pq.read_table(out_dir / "documents.parquet",
                                 columns=["doc_id", "sha256", "size", "mtime_ns", "model",
                                          "pipeline_version", "rules_hash", "status", "reason"]).to_pylist()
        except (OSError, ValueError, pa.ArrowException) as exc:
            cause = " ".join(str(exc).split())  # one line, whatever the reader said
            self.problem = (f"the previous output in {out_dir} cannot be read ({cause}); "
                            f"every document is processed again")
            return
        for d in docs:
            if d["sha256"] and d["size"] is not None and d["mtime_ns"] is not None:
                self.files[d["doc_id"]] = (d["size"], d["mtime_ns"], d["sha256"])
            # a skipped file (empty, binary, ...) stays skipped while its bytes are the same;
            # not one over the size limit (the limit may have changed) nor a duplicate
            kept = d["status"] == "ok" or (d["status"] == "skipped"
                                           and d["reason"] not in ("too_large", "duplicate"))
            if (kept and d["model"] == pipeline.model
                    and d["pipeline_version"] == __version__
                    and d["rules_hash"] == pipeline.fingerprint):
                self.usable[d["doc_id"]] = d["sha256"]

    def _batches(self, table: str):
        return pq.ParquetFile(self.out_dir / f"{table}.parquet",
                              page_checksum_verification=True).iter_batches(65_536)

    def known_sha256(self, doc_id: str, size: int, mtime_ns: int) -> str | None:
        """The hash recorded for the file when its size and modification time are unchanged."""
        known = self.files.get(doc_id)
        return known[2] if known and known[:2] == (size, mtime_ns) else None

    def unchanged(self, doc_id: str, sha256: str | None) -> bool:
        return sha256 is not None and self.usable.get(doc_id) == sha256

    def rows(self, table: str, doc_id: str):
        """The previous rows of ``doc_id`` in ``table`` (doc_ids must be asked in order)."""
        if table not in self._cursors:
            self._cursors[table] = self._batches(table)
            self._pending[table] = []
        pending = self._pending[table]
        out = []
        while True:
            while pending and pending[0][0] < doc_id:
                pending.pop(0)
            if pending and pending[0][0] > doc_id:
                break
            if pending:
                out.append(pending.pop(0)[1])
                continue
            batch = next(self._cursors[table], None)
            if batch is None:
                break
            ids = batch.column("doc_id").to_pylist()
            start = 0
            for i in range(1, len(ids) + 1):
                if i == len(ids) or ids[i] != ids[start]:
                    pending.append((ids[start], batch.slice(start, i - start)))
                    start = i
        return out


def _plan(files: list[tuple[str, Path]], previous: _Previous | None) -> list[_Plan]:
    plans: list[_Plan] = []
    first_of: dict[str, str] = {}
    for doc_id, path in files:
        size = mtime_ns = sha = None
        try:
            st = path.stat()
        except OSError:
            st = None  # unreadable or a broken link: the worker records why
        if st is not None and not stat.S_ISREG(st.st_mode):
            plans.append(_Plan(doc_id, path, None, "special"))
            continue
        if st is not None:
            size, mtime_ns = st.st_size, st.st_mtime_ns
            if previous is not None:
                sha = previous.known_sha256(doc_id, size, mtime_ns)
            if sha is None:
                sha = ingest.file_sha256(path)
        if sha is not None and sha in first_of:
            plans.append(_Plan(doc_id, path, sha, "duplicate", first_of[sha], size, mtime_ns))
            continue
        if sha is not None:
            first_of[sha] = doc_id
        keep = previous is not None and previous.unchanged(doc_id, sha)
        plans.append(_Plan(doc_id, path, sha, "keep" if keep else "process", None, size, mtime_ns))
    return plans


def _restamp(rows: pa.RecordBatch | pa.Table, plan: _Plan) -> pa.Table:
    """Documents rows with the file's current size and modification time."""
    table = pa.Table.from_batches([rows]) if isinstance(rows, pa.RecordBatch) else rows
    for name in ("size", "mtime_ns"):
        i = table.schema.get_field_index(name)
        table = table.set_column(i, table.schema.field(i), pa.array([getattr(plan, name)] * len(table),
                                                                    pa.int64()))
    return table


def run(inputs: list[str | Path], out_dir: str | Path, *, model: str | None = None,
        models_dir: str | Path | None = None, jobs: int = 1, full: bool = False,
        strict: bool = False, max_bytes: int = ingest.MAX_BYTES,
        doc_timeout: float = DOC_TIMEOUT, pipeline: Pipeline | None = None,
        progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Process every input into the tables of ``out_dir``; see the module docstring.

    Raises :class:`pipeline.write.OutputError` when ``out_dir`` cannot be an output
    folder, is in use by another run, or cannot be written (disk full, permissions).
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    if out_dir.is_symlink() and out_dir.exists():  # lock and replace the folder it points to
        out_dir = out_dir.resolve()
    files = ingest.find_inputs(inputs)
    if pipeline is None:  # rules are loaded and checked here; the model only when needed
        pipeline = Pipeline(**({"model": model} if model else {}), models_dir=models_dir)
    with output_lock(out_dir):
        return _run(inputs, files, out_dir, pipeline, jobs=jobs, full=full, strict=strict,
                    max_bytes=max_bytes, doc_timeout=doc_timeout, progress=progress, started=started)


def _run(inputs, files, out_dir: Path, pipeline: Pipeline, *, jobs: int, full: bool, strict: bool,
         max_bytes: int, doc_timeout: float, progress, started: float) -> RunSummary:
    warnings: list[str] = []
    cpus = usable_cpus()
    if jobs > cpus:
        warnings.append(f"--jobs {jobs} is more than the {cpus} usable CPU(s); using {cpus}")
        jobs = cpus
    recover(out_dir)
    t = time.perf_counter()
    previous = None if full else _Previous(out_dir, pipeline)
    if previous is not None and previous.problem:
        warnings.append(previous.problem)
    plans = _plan(files, previous)
    seconds: dict[str, float] = {"plan": time.perf_counter() - t}
    summary = RunSummary(seen=len(plans), warnings=warnings, settings={
        "inputs": [str(i) for i in inputs], "out": str(out_dir), "model": pipeline.model,
        "models_dir": str(pipeline.rules.root), "rules_hash": pipeline.fingerprint, "rates": pipeline.rates_source,
        "pipeline_version": __version__, "jobs": jobs, "full": full, "strict": strict,
        "max_bytes": max_bytes, "doc_timeout": doc_timeout})

    todo = [Item(n, p.doc_id, str(p.path), p.sha256) for n, p in enumerate(plans) if p.action == "process"]
    pool = WorkerPool(pipeline, jobs=jobs, max_bytes=max_bytes, doc_timeout=doc_timeout, chunk=CHUNK)
    results = pool.extract(todo)
    writer = TableWriter(out_dir)
    try:
        for n, plan in enumerate(plans, 1):
            if plan.action == "keep":
                t = time.perf_counter()
                for table in TABLES:
                    for rows in previous.rows(table, plan.doc_id):
                        if table == "documents":  # the file as it is now (touched, same bytes)
                            rows = _restamp(rows, plan)
                        writer.add_table(table, rows)
                writer.document_done()
                seconds["carry_over"] = seconds.get("carry_over", 0.0) + time.perf_counter() - t
                summary.unchanged += 1
            else:
                if plan.action == "duplicate":
                    source = ingest.Source(plan.doc_id, str(plan.path), sha256=plan.sha256).fail(
                        "skipped", "duplicate", f"same bytes as {plan.duplicate_of}")
                    extraction = pipeline.extract_source(source)  # a source that failed: its row alone
                elif plan.action == "special":
                    source = ingest.not_a_file(plan.doc_id, plan.path) or ingest.Source(
                        plan.doc_id, str(plan.path)).fail("error", "unreadable",
                                                          "the file changed while the run started; run again")
                    extraction = pipeline.extract_source(source)
                else:
                    extraction = next(results)
                try:
                    rows = writer.arrow_tables(extraction)
                except RowsError as exc:  # one document's odd value must not cost the run
                    source = ingest.Source(plan.doc_id, str(plan.path), sha256=plan.sha256,
                                           text=extraction.document.text,
                                           encoding=extraction.document.encoding)
                    extraction = pipeline.extract_source(source.fail("error", "extraction_failed", str(exc)))
                    rows = writer.arrow_tables(extraction)
                doc = extraction.document
                rows["documents"] = _restamp(rows["documents"], plan)
                if doc.status == "ok":
                    summary.processed += 1
                else:
                    if doc.status == "error":
                        summary.failed += 1
                    else:
                        summary.skipped += 1
                    summary.problems.append({"doc_id": doc.doc_id, "status": doc.status,
                                             "reason": doc.reason or "", "message": doc.error or ""})
                    if strict and doc.status == "error":
                        raise StrictFailure(f"{doc.doc_id}: {doc.error} (--strict: nothing was written)")
                t = time.perf_counter()
                writer.add(rows)
                seconds["write"] = seconds.get("write", 0.0) + time.perf_counter() - t
            if progress:
                progress(n, len(plans))
        for stage, secs in pool.timings.items():
            seconds[stage] = seconds.get(stage, 0.0) + secs
        summary.workers = {"started": pool.started, "lost": pool.lost, "timed_out": pool.timed_out}
        summary.rows = dict(writer.counts)
        summary.seconds = {k: round(v, 3) for k, v in seconds.items()}
        summary.seconds["total"] = round(time.perf_counter() - started, 3)
        writer.write_text("run.json", json.dumps(summary.to_json(), indent=2) + "\n")
        with signals.deferred() as arrived:  # a stop signal now waits until the swap is done
            writer.commit()
        if arrived:
            raise signals.StoppedAfterWriting(arrived[0])
    except BaseException:
        writer.abort()
        raise
    finally:
        pool.close()
    return summary
