"""Batch runs: folders of press releases -> one output folder of Parquet tables.

* Every input file gets a ``documents`` row with its status; one bad file never
  stops the others.
* Incremental: a document whose bytes, pipeline version, model and rule files
  are unchanged since the previous run keeps its previous rows; ``full=True``
  reprocesses everything.
* ``jobs`` worker processes extract in parallel; rows are written in input
  order, so the output does not depend on ``jobs``.
* The output folder is replaced in one step (:mod:`pipeline.write`), together
  with ``run.json``, the machine-readable summary of the run.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import pyarrow.parquet as pq

from . import __version__, ingest
from .core import Pipeline
from .records import TABLES, Extraction
from .schema import schema
from .write import TableWriter, recover

#: Documents handed to a worker at once (spaCy parses them as one batch).
CHUNK = 16


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
    problems: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class _Plan:
    doc_id: str
    path: Path
    sha256: str | None
    action: str  # "process", "keep" (unchanged since the previous run) or "duplicate"
    duplicate_of: str | None = None


class _Previous:
    """The previous run's output, read back in doc_id order without loading it whole."""

    def __init__(self, out_dir: Path, pipeline: Pipeline):
        self.out_dir = out_dir
        self.usable: dict[str, str] = {}
        self._cursors: dict[str, Iterator] = {}
        self._pending: dict[str, list] = {}
        if not all((out_dir / f"{t}.parquet").exists() for t in TABLES):
            return
        try:
            if any(not pq.read_schema(out_dir / f"{t}.parquet").equals(schema(t), check_metadata=False)
                   for t in TABLES):
                return
            docs = pq.read_table(out_dir / "documents.parquet",
                                 columns=["doc_id", "sha256", "model", "pipeline_version",
                                          "rules_hash", "status"]).to_pylist()
        except (OSError, ValueError):
            return  # unreadable previous output: everything is reprocessed
        for d in docs:
            if (d["status"] == "ok" and d["model"] == pipeline.model
                    and d["pipeline_version"] == __version__
                    and d["rules_hash"] == pipeline.rules.fingerprint):
                self.usable[d["doc_id"]] = d["sha256"]

    def unchanged(self, doc_id: str, sha256: str | None) -> bool:
        return sha256 is not None and self.usable.get(doc_id) == sha256

    def rows(self, table: str, doc_id: str):
        """The previous rows of ``doc_id`` in ``table`` (doc_ids must be asked in order)."""
        if table not in self._cursors:
            self._cursors[table] = pq.ParquetFile(self.out_dir / f"{table}.parquet").iter_batches(65_536)
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


# Worker processes hold one Pipeline each; under fork they inherit the parent's.
_WORKER: Pipeline | None = None


def _init_worker(model: str, models_dir: str | None) -> None:
    global _WORKER
    if _WORKER is None:
        _WORKER = Pipeline(model=model, models_dir=models_dir)


def _work(items: list[tuple[str, str]], max_bytes: int) -> tuple[list[Extraction], dict[str, float]]:
    _WORKER.timings = {}
    started = time.perf_counter()
    sources = [ingest.read(doc_id, Path(path), max_bytes) for doc_id, path in items]
    _WORKER.timings["ingest"] = time.perf_counter() - started
    return _WORKER.process(sources), dict(_WORKER.timings)


def _plan(files: list[tuple[str, Path]], previous: _Previous | None) -> list[_Plan]:
    plans: list[_Plan] = []
    first_of: dict[str, str] = {}
    for doc_id, path in files:
        sha = ingest.file_sha256(path)
        if sha is not None and sha in first_of:
            plans.append(_Plan(doc_id, path, sha, "duplicate", first_of[sha]))
            continue
        if sha is not None:
            first_of[sha] = doc_id
        keep = previous is not None and previous.unchanged(doc_id, sha)
        plans.append(_Plan(doc_id, path, sha, "keep" if keep else "process"))
    return plans


def run(inputs: list[str | Path], out_dir: str | Path, *, model: str | None = None,
        models_dir: str | Path | None = None, jobs: int = 1, full: bool = False,
        strict: bool = False, max_bytes: int = ingest.MAX_BYTES, pipeline: Pipeline | None = None,
        progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Process every input into the tables of ``out_dir``; see the module docstring."""
    global _WORKER
    started = time.perf_counter()
    out_dir = Path(out_dir)
    files = ingest.find_inputs(inputs)
    if pipeline is None:
        pipeline = Pipeline(**({"model": model} if model else {}), models_dir=models_dir)
    recover(out_dir)
    previous = None if full else _Previous(out_dir, pipeline)
    t = time.perf_counter()
    plans = _plan(files, previous)
    seconds: dict[str, float] = {"plan": time.perf_counter() - t}
    summary = RunSummary(seen=len(plans), settings={
        "inputs": [str(i) for i in inputs], "out": str(out_dir), "model": pipeline.model,
        "models_dir": str(pipeline.rules.root), "rules_hash": pipeline.rules.fingerprint,
        "pipeline_version": __version__, "jobs": jobs, "full": full, "strict": strict,
        "max_bytes": max_bytes})

    todo = [p for p in plans if p.action == "process"]
    chunks = [[(p.doc_id, str(p.path)) for p in todo[i:i + CHUNK]] for i in range(0, len(todo), CHUNK)]
    pool = None
    if jobs > 1 and len(chunks) > 1:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        _WORKER = pipeline if ctx.get_start_method() == "fork" else None
        pool = ctx.Pool(jobs, initializer=_init_worker,
                        initargs=(pipeline.model_name, str(pipeline.rules.root)))
        results = pool.imap(partial(_work, max_bytes=max_bytes), chunks)
    else:
        _WORKER = pipeline
        results = map(partial(_work, max_bytes=max_bytes), chunks)

    writer = TableWriter(out_dir)
    try:
        done: list[Extraction] = []
        for n, plan in enumerate(plans, 1):
            if plan.action == "keep":
                t = time.perf_counter()
                for table in TABLES:
                    for rows in previous.rows(table, plan.doc_id):
                        writer.add_table(table, rows)
                writer.document_done()
                seconds["carry_over"] = seconds.get("carry_over", 0.0) + time.perf_counter() - t
                summary.unchanged += 1
            else:
                if plan.action == "duplicate":
                    source = ingest.Source(plan.doc_id, str(plan.path), sha256=plan.sha256).fail(
                        "skipped", "duplicate", f"same bytes as {plan.duplicate_of}")
                    extraction = pipeline.process([source])[0]
                else:
                    if not done:
                        extractions, timings = next(results)
                        done.extend(extractions)
                        for stage, secs in timings.items():
                            seconds[stage] = seconds.get(stage, 0.0) + secs
                    extraction = done.pop(0)
                doc = extraction.document
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
                writer.add(extraction)
                seconds["write"] = seconds.get("write", 0.0) + time.perf_counter() - t
            if progress:
                progress(n, len(plans))
        summary.rows = dict(writer.counts)
        summary.seconds = {k: round(v, 3) for k, v in seconds.items()}
        summary.seconds["total"] = round(time.perf_counter() - started, 3)
        writer.extra_file("run.json").write_text(json.dumps(summary.to_json(), indent=2) + "\n")
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        if pool is not None:
            pool.terminate()
    return summary
