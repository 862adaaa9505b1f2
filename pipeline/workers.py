"""Worker processes for batch runs: a time budget per document, lost workers replaced.

Extraction always runs in worker processes (one with ``jobs=1``), never in the
process that writes the output, so nothing a document does can stop the run:

* **time budget**: a document whose extraction takes longer than ``doc_timeout``
  seconds is recorded as ``error`` / ``timeout``; its worker is killed and
  replaced, and the run goes on;
* **lost workers**: a worker that dies (killed from outside, out of memory, a
  crash in native code) is noticed at once from its process sentinel; the
  documents it held are retried once each, alone, in a fresh worker, and a
  document that loses a worker twice is recorded as ``error`` / ``worker_lost``.

A task is a chunk of documents parsed by spaCy as one batch (faster than one at
a time). The worker reports when the batch is parsed and then after each
document, so the parent always knows which document a worker is busy with:
when a batch parse overruns the budget, fails or loses its worker, its
documents are retried one at a time, so that only the guilty document is blamed.

Results come back in the order the documents were given; workers run at most
a bounded window ahead of the oldest unfinished document, so memory stays flat.
Workers are forked from the parent when the platform allows (they share the
loaded model), and are started only when there is a document for them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Iterator

from . import ingest, signals
from .core import Pipeline
from .records import Extraction

#: Documents handed to a worker at once (spaCy parses them as one batch).
CHUNK = 16

#: Default time budget of one document, in seconds: generous, since a release
#: takes well under a second; it only stops a document that would hold a run for hours.
DOC_TIMEOUT = 60.0

#: A worker whose parent has gone checks for that this often (seconds) and exits.
_ORPHAN_CHECK = 2.0


@dataclass
class Item:
    """One document to extract: its position in the run, id, path and known hash."""

    index: int
    doc_id: str
    path: str
    sha256: str | None = None


@dataclass
class _Task:
    items: list[Item]
    batch: bool  # several documents parsed together; on trouble they are retried alone
    parsed: bool = False  # the worker has parsed them and is extracting items[0]


class WorkerError(RuntimeError):
    """No worker process could be started (too many processes or open files)."""


#: Header of a message on a worker's socket: the length of the pickled payload.
_HEADER = struct.Struct("!Q")

#: The longest a single wait for workers lasts; a longer budget is waited for in turns.
_MAX_WAIT = 3600.0

def _send(sock: socket.socket, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)))
    sock.sendall(data)


def _recv(sock: socket.socket):
    """The next message on a blocking socket; ``None`` at end of file."""
    header = _read_exactly(sock, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(sock, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


class _Inbox:
    """Messages from one worker, read without ever blocking: a worker stopped half-way
    through a message leaves it incomplete here, and its time budget still runs out."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = bytearray()
        self.closed = False

    def read(self) -> list:
        """Every complete message that has arrived; ``closed`` is set at end of file."""
        while True:
            try:
                chunk = self.sock.recv(1 << 20)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.buf += chunk
        messages = []
        while len(self.buf) >= _HEADER.size:
            size = _HEADER.unpack_from(self.buf)[0]
            if len(self.buf) < _HEADER.size + size:
                break
            messages.append(pickle.loads(bytes(self.buf[_HEADER.size:_HEADER.size + size])))
            del self.buf[:_HEADER.size + size]
        return messages


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    sock: socket.socket
    inbox: _Inbox
    task: _Task | None = None
    deadline: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


# The pipeline a worker uses: under fork, the parent's (model already loaded).
_PIPELINE: Pipeline | None = None


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(sock: socket.socket, inherited: list[int], parent_pid: int, model: str, models_dir: str,
           max_bytes: int) -> None:
    """A worker's loop: receive a task, send ``parsed`` and one ``doc`` message per document."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in inherited:  # the parent's ends: held here, they would hide the parent's death
        try:
            os.close(fd)
        except OSError:
            pass
    _die_with_parent()
    try:
        _serve_tasks(sock, parent_pid, model, models_dir, max_bytes)
    except (BrokenPipeError, ConnectionError):
        pass  # the parent has gone


def _serve_tasks(sock, parent_pid, model, models_dir, max_bytes) -> None:
    pipeline = _PIPELINE if _PIPELINE is not None else Pipeline(model=model, models_dir=models_dir)
    while True:
        while not select.select([sock], [], [], _ORPHAN_CHECK)[0]:
            if os.getppid() != parent_pid:
                return
        task = _recv(sock)
        if task is None:
            return
        pipeline.timings = {}
        started = time.perf_counter()
        sources = [ingest.read(it.doc_id, Path(it.path), max_bytes) for it in task]
        for source, it in zip(sources, task):
            source.sha256 = source.sha256 or it.sha256
        pipeline.timings["ingest"] = time.perf_counter() - started
        try:
            docs = iter(pipeline.parse(sources))
        except Exception as exc:  # spaCy failed on one of the texts
            if len(sources) > 1:
                _send(sock, ("split", None, _take(pipeline)))  # the parent retries them alone
                continue
            sources[0].fail("error", "extraction_failed", f"parsing failed: {type(exc).__name__}: {exc}")
            docs = iter(())
        _send(sock, ("parsed", None, _take(pipeline)))
        for source in sources:
            extraction = pipeline.extract_source(source, next(docs) if source.status == "ok" else None)
            _send(sock, ("doc", extraction, _take(pipeline)))


def _take(pipeline: Pipeline) -> dict[str, float]:
    timings, pipeline.timings = pipeline.timings, {}
    return timings


class WorkerPool:
    """Up to ``jobs`` worker processes extracting documents; see the module docstring."""

    def __init__(self, pipeline: Pipeline, *, jobs: int = 1, max_bytes: int = ingest.MAX_BYTES,
                 doc_timeout: float = DOC_TIMEOUT, chunk: int = CHUNK):
        self.pipeline = pipeline
        self.jobs = max(1, jobs)
        self.max_bytes = max_bytes
        self.doc_timeout = doc_timeout
        self.chunk = max(1, chunk)
        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []
        #: seconds per stage, summed over the workers
        self.timings: dict[str, float] = {}
        #: workers started; workers lost (died) and stopped over the time budget
        self.started = 0
        self.lost = 0
        self.timed_out = 0

    # -- workers -------------------------------------------------------------------------

    def _start_worker(self) -> _Worker | None:
        """A new worker; ``None`` when the system refuses one but others are running."""
        forked = self.ctx.get_start_method() == "fork"
        if forked:
            self.pipeline.nlp  # noqa: B018 - load once here, so every forked worker shares it
            self.pipeline.rates  # noqa: B018 - the euro rates too
        # Ctrl-C or SIGTERM arriving during the fork would be raised inside the fork's own
        # hooks and lost: defer them until both processes are set up.
        with signals.deferred() as arrived:
            worker = self._fork_worker(forked)
        if arrived:
            os.kill(os.getpid(), arrived[0])  # delivered again, now to the run's own handler
        return worker

    def _fork_worker(self, forked: bool) -> _Worker | None:
        global _PIPELINE
        parent_sock = child_sock = None
        try:
            parent_sock, child_sock = socket.socketpair()
            inherited = [w.sock.fileno() for w in self.workers] + [parent_sock.fileno()] if forked else []
            _PIPELINE = self.pipeline if forked else None
            process = self.ctx.Process(
                target=_serve, daemon=True, name=f"pipeline-worker-{self.started}",
                args=(child_sock, inherited, os.getpid(), self.pipeline.model_name,
                      str(self.pipeline.rules.root), self.max_bytes))
            process.start()
        except OSError as exc:
            for sock in (parent_sock, child_sock):
                if sock is not None:
                    sock.close()
            if not self.workers:
                raise WorkerError(f"cannot start a worker process: {exc.strerror or exc}") from None
            return None
        finally:
            _PIPELINE = None
        child_sock.close()
        parent_sock.setblocking(False)
        self.started += 1
        worker = _Worker(process, parent_sock, _Inbox(parent_sock))
        self.workers.append(worker)
        return worker

    def _stop_worker(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.sock.close()
        self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker (idle ones are asked to exit; busy ones are killed)."""
        for worker in list(self.workers):
            if worker.task is None and worker.process.is_alive():
                try:
                    worker.sock.setblocking(True)
                    _send(worker.sock, None)
                except OSError:
                    pass
                worker.process.join(timeout=1)
            self._stop_worker(worker)

    # -- scheduling ----------------------------------------------------------------------

    def extract(self, items: list[Item]) -> Iterator[Extraction]:
        """The extraction of every item, in the order given."""
        items = sorted(items, key=lambda it: it.index)
        order = [it.index for it in items]
        # chunks small enough that every worker gets one when there are few documents
        size = max(1, min(self.chunk, math.ceil(len(items) / self.jobs)))
        queue: deque[_Task] = deque(
            _Task(items[i:i + size], batch=len(items[i:i + size]) > 1) for i in range(0, len(items), size))
        losses: dict[int, int] = {}
        done: dict[int, Extraction] = {}
        window = self.jobs * self.chunk * 4  # how far past the oldest unfinished document to go

        for position, index in enumerate(order):
            while index not in done:
                self._dispatch(queue, limit=order[min(position + window, len(order) - 1)])
                self._wait(queue, done, losses)
            yield done.pop(index)

    def _budget(self, task: _Task) -> float:
        """Seconds the next step of a task may take: a batch parse gets the budget of all its
        documents, extracting one document the budget of one."""
        return self.doc_timeout * (len(task.items) if task.batch and not task.parsed else 1)

    def _dispatch(self, queue: deque[_Task], limit: int) -> None:
        for dead in [w for w in self.workers if w.task is None and not w.process.is_alive()]:
            self._stop_worker(dead)
            self.lost += 1
        while queue and queue[0].items[0].index <= limit:
            idle = next((w for w in self.workers if w.task is None), None)
            if idle is None:
                if len(self.workers) >= self.jobs:
                    return
                idle = self._start_worker()
                if idle is None:
                    return  # the system refused another worker: go on with those running
            task = queue.popleft()
            try:
                idle.sock.setblocking(True)  # a task is small; the worker is waiting for it
                _send(idle.sock, task.items)
            except OSError:  # the idle worker died: replace it, the task was never started
                self._stop_worker(idle)
                self.lost += 1
                queue.appendleft(task)
                continue
            finally:
                idle.sock.setblocking(False)
            idle.task = task
            idle.deadline = time.monotonic() + self._budget(task)

    def _wait(self, queue: deque[_Task], done: dict[int, Extraction], losses: dict[int, int]) -> None:
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            raise RuntimeError("no worker is busy and no result is pending")  # a scheduling bug
        timeout = min(_MAX_WAIT, max(0.0, min(w.deadline for w in busy) - time.monotonic()))
        ready = set(wait([w.sock for w in busy] + [w.process.sentinel for w in busy], timeout))
        for worker in busy:
            if worker.sock in ready or worker.process.sentinel in ready:
                self._receive(worker, queue, done, losses)
            elif time.monotonic() >= worker.deadline:
                self._timed_out(worker, queue, done)

    def _receive(self, worker: _Worker, queue, done, losses) -> None:
        """Take every message a worker has sent; a dead worker is handled as lost."""
        for kind, extraction, timings in worker.inbox.read():
            for stage, secs in timings.items():
                self.timings[stage] = self.timings.get(stage, 0.0) + secs
            task = worker.task
            if kind == "split":
                worker.task = None
                self._requeue(queue, [_Task([it], batch=False) for it in task.items])
                return
            if kind == "parsed":
                task.parsed = True
            else:
                item = task.items.pop(0)
                done[item.index] = extraction
                if not task.items:
                    worker.task = None
                    return
            worker.deadline = time.monotonic() + self._budget(task)
        if worker.inbox.closed or not worker.process.is_alive():
            self._lost(worker, queue, done, losses)

    def _lost(self, worker: _Worker, queue, done, losses) -> None:
        task = worker.task
        self._stop_worker(worker)
        self.lost += 1
        if task is None:
            return
        blamed = task.items if not task.parsed else task.items[:1]
        rest = [] if not task.parsed else task.items[1:]
        retry = []
        for item in blamed:
            losses[item.index] = losses.get(item.index, 0) + 1
            if losses[item.index] >= 2:
                done[item.index] = self._failed(
                    item, "worker_lost",
                    "the worker process extracting it died twice (killed from outside, "
                    "out of memory, or a crash)")
            else:
                retry.append(_Task([item], batch=False))
        self._requeue(queue, retry + ([_Task(rest, batch=len(rest) > 1)] if rest else []))

    def _timed_out(self, worker: _Worker, queue, done) -> None:
        task = worker.task
        self._stop_worker(worker)
        self.timed_out += 1
        if task.batch and not task.parsed:
            # a batch parse overran: parse each alone, so only the slow document is blamed
            self._requeue(queue, [_Task([it], batch=False) for it in task.items])
            return
        item, rest = task.items[0], task.items[1:]
        done[item.index] = self._failed(
            item, "timeout", f"extraction took longer than {self.doc_timeout:g} s "
                             f"(the per-document time budget, --doc-timeout)")
        self._requeue(queue, [_Task(rest, batch=len(rest) > 1)] if rest else [])

    @staticmethod
    def _requeue(queue: deque[_Task], tasks: list[_Task]) -> None:
        """Put tasks back, keeping the queue in document order (dispatch takes from the front)."""
        merged = sorted([*tasks, *queue], key=lambda t: t.items[0].index)
        queue.clear()
        queue.extend(merged)

    def _failed(self, item: Item, reason: str, message: str) -> Extraction:
        source = ingest.Source(item.doc_id, item.path, sha256=item.sha256).fail("error", reason, message)
        return self.pipeline.extract_source(source)
