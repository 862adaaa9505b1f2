"""Worker processes: a time budget per document, lost workers, --jobs capped, lazy model.

Slow or deadly documents are simulated by wrapping ``Pipeline.extract_source`` /
``Pipeline.parse`` in the test process: workers are forked from it, so they run
the wrapped methods. Every run that could hang runs under ``signal.alarm``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import ingest
from pipeline.batch import run, usable_cpus
from pipeline.core import Pipeline
from pipeline.records import TABLES

from conftest import ROOT

RELEASE = ("GENEVA, 12 May 2022 – The Rural Water Facility (RWF), a two-year project worth "
           "EUR 1.5 million, was launched today, said Ana Costa, Director of Programmes at the "
           "Water Agency. Release number {n}.\n")

pytestmark = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="the failure injection needs forked workers")


@pytest.fixture
def alarm():
    """Fail instead of hanging: a run that takes longer than this is a bug."""
    def on_alarm(signum, frame):
        raise TimeoutError("the run did not finish")
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(240)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def corpus(folder: Path, n: int, special: dict[int, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = RELEASE.format(n=i) + (special or {}).get(i, "")
        (folder / f"r{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def documents(out: Path) -> dict[str, dict]:
    return {d["doc_id"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}


def rows_without_documents(out: Path) -> dict[str, list]:
    return {t: pq.read_table(out / f"{t}.parquet").to_pylist() for t in TABLES if t != "documents"}


def wrap_extract(monkeypatch, marker: str, action) -> None:
    original = Pipeline.extract_source

    def extract_source(self, source, doc=None):
        if source.text and marker in source.text:
            action(source)
        return original(self, source, doc)

    monkeypatch.setattr(Pipeline, "extract_source", extract_source)


def die(source) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_kills_its_worker_twice_is_worker_lost(pipeline, tmp_path, monkeypatch, alarm, jobs):
    docs = corpus(tmp_path / "in", 40, {7: "KILL-THE-WORKER\n"})
    wrap_extract(monkeypatch, "KILL-THE-WORKER", die)
    summary = run([docs], tmp_path / "out", pipeline=pipeline, jobs=jobs)
    found = documents(tmp_path / "out")
    assert (found["r007.txt"]["status"], found["r007.txt"]["reason"]) == ("error", "worker_lost")
    assert all(d["status"] == "ok" for k, d in found.items() if k != "r007.txt")
    assert (summary.processed, summary.failed) == (39, 1)
    # the batch the document was in lost a worker, then the document alone lost another
    assert (summary.workers["lost"], summary.workers["timed_out"]) == (2, 0)


def test_a_worker_lost_once_is_retried_and_the_document_kept(pipeline, tmp_path, monkeypatch, alarm):
    docs = corpus(tmp_path / "in", 20, {3: "DIE-ONCE\n"})
    flag = tmp_path / "died"

    def die_once(source):
        if not flag.exists():
            flag.touch()
            die(source)

    wrap_extract(monkeypatch, "DIE-ONCE", die_once)
    summary = run([docs], tmp_path / "out", pipeline=pipeline, jobs=1)
    assert flag.exists() and summary.failed == 0 and summary.processed == 20
    clean = run([docs], tmp_path / "clean", pipeline=pipeline, full=True)
    assert clean.failed == 0
    assert rows_without_documents(tmp_path / "out") == rows_without_documents(tmp_path / "clean")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_time_budget_is_a_timeout(pipeline, tmp_path, monkeypatch, alarm, jobs):
    docs = corpus(tmp_path / "in", 24, {5: "SLOW-DOCUMENT\n"})
    wrap_extract(monkeypatch, "SLOW-DOCUMENT", lambda source: time.sleep(3600))
    started = time.monotonic()
    summary = run([docs], tmp_path / "out", pipeline=pipeline, jobs=jobs, doc_timeout=2)
    assert time.monotonic() - started < 120
    found = documents(tmp_path / "out")
    assert (found["r005.txt"]["status"], found["r005.txt"]["reason"]) == ("error", "timeout")
    assert "2 s" in found["r005.txt"]["error"]
    assert summary.processed == 23 and summary.failed == 1
    assert (summary.workers["lost"], summary.workers["timed_out"]) == (0, 1)


def test_a_batch_parse_over_the_budget_blames_only_the_slow_document(pipeline, tmp_path, monkeypatch, alarm):
    docs = corpus(tmp_path / "in", 10, {4: "SLOW-PARSE\n"})
    original = Pipeline.parse

    def parse(self, sources):
        if any(s.text and "SLOW-PARSE" in s.text for s in sources):
            time.sleep(3600)
        return original(self, sources)

    monkeypatch.setattr(Pipeline, "parse", parse)
    summary = run([docs], tmp_path / "out", pipeline=pipeline, doc_timeout=2)
    found = documents(tmp_path / "out")
    assert [k for k, d in found.items() if d["status"] != "ok"] == ["r004.txt"]
    assert found["r004.txt"]["reason"] == "timeout"
    assert summary.processed == 9


def test_jobs_is_capped_at_the_usable_cpus(pipeline, tmp_path, alarm):
    docs = corpus(tmp_path / "in", 40)
    summary = run([docs], tmp_path / "out", pipeline=pipeline, jobs=usable_cpus() + 5)
    assert summary.settings["jobs"] == usable_cpus()
    assert any("usable CPU" in w for w in summary.warnings)
    assert summary.workers["started"] == usable_cpus()


def test_one_document_starts_one_worker(pipeline, tmp_path, alarm):
    summary = run([corpus(tmp_path / "in", 1)], tmp_path / "out", pipeline=pipeline, jobs=usable_cpus())
    assert summary.workers == {"started": 1, "lost": 0, "timed_out": 0}


def test_cli_warns_when_jobs_is_capped(tmp_path):
    docs = corpus(tmp_path / "in", 1)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(tmp_path / "out"),
                           "--jobs", "999"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert f"warning: --jobs 999 is more than the {usable_cpus()} usable CPU(s)" in proc.stderr


def test_a_rerun_with_nothing_to_do_loads_no_model_and_starts_no_worker(tmp_path, monkeypatch, alarm):
    docs = corpus(tmp_path / "in", 5)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"%PDF-1.7\n\x00\x01")
    os.mkfifo(docs / "pipe.txt")
    out = tmp_path / "out"
    first = run([docs], out, pipeline=Pipeline())
    assert first.workers["started"] == 1 and first.skipped == 3
    hashed = []
    monkeypatch.setattr(ingest, "file_sha256", lambda path: hashed.append(path))
    fresh = Pipeline()
    again = run([docs], out, pipeline=fresh)
    assert (again.unchanged, again.processed, again.skipped) == (7, 0, 1)  # the FIFO is looked at again
    assert again.workers["started"] == 0
    assert not fresh.loaded  # the spaCy pipeline was never loaded
    assert hashed == []  # same size and modification time: the recorded hash is used


def test_a_file_touched_but_not_changed_is_hashed_again_and_kept(pipeline, tmp_path, alarm):
    docs = corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    run([docs], out, pipeline=pipeline)
    os.utime(docs / "r001.txt", ns=(1, 1))
    summary = run([docs], out, pipeline=pipeline)
    assert (summary.unchanged, summary.processed) == (3, 0)
    assert documents(out)["r001.txt"]["mtime_ns"] == 1


def test_a_file_changed_with_the_same_size_and_time_is_not_noticed_until_full(pipeline, tmp_path, alarm):
    """The documented limit of the cheap pre-check: ``--full`` rereads every file."""
    docs = corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    run([docs], out, pipeline=pipeline)
    path = docs / "r000.txt"
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Costa", "Silva"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert run([docs], out, pipeline=pipeline).unchanged == 2
    assert run([docs], out, pipeline=pipeline, full=True).processed == 2
    assert "Silva" in documents(out)["r000.txt"]["text"]


def corrupt_a_data_page(path: Path) -> None:
    """Overwrite bytes inside the first column chunk's data, leaving the footer intact."""
    meta = pq.ParquetFile(path).metadata
    column = meta.row_group(0).column(0)
    start = column.data_page_offset
    size = column.total_compressed_size
    data = bytearray(path.read_bytes())
    middle = start + size // 2
    for i in range(middle, min(middle + 16, start + size)):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("table", ["documents", "entities"])
def test_a_corrupt_previous_output_is_reported_and_reprocessed(pipeline, tmp_path, table, alarm):
    docs = corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    run([docs], out, pipeline=pipeline)
    corrupt_a_data_page(out / f"{table}.parquet")
    with pytest.raises((OSError, pa.ArrowException)):  # the damage is real: reading the table fails
        pq.read_table(out / f"{table}.parquet", page_checksum_verification=True)
    summary = run([docs], out, pipeline=pipeline)
    assert (summary.processed, summary.unchanged) == (4, 0)
    assert len(summary.warnings) == 1 and "cannot be read" in summary.warnings[0]
    clean = tmp_path / "clean"
    run([docs], clean, pipeline=pipeline, full=True)
    assert rows_without_documents(out) == rows_without_documents(clean)


def test_a_worker_killed_from_outside_does_not_hang_the_run(tmp_path):
    """What the out-of-memory killer does: SIGKILL one worker of a ``--jobs 2`` run."""
    docs = corpus(tmp_path / "in", 80)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(tmp_path / "out"),
                             "--jobs", "2"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        pids = children.read_text().split() if children.exists() else []
        if pids:
            time.sleep(0.5)  # let it start on a chunk
            killed = int(pids[0])
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    _, stderr = proc.communicate(timeout=240)
    assert killed is not None, "no worker process was seen"
    assert proc.returncode == 0, stderr
    found = documents(tmp_path / "out")
    assert len(found) == 80 and all(d["status"] == "ok" for d in found.values())


def test_a_text_the_parser_fails_on_costs_only_that_document(pipeline, tmp_path, monkeypatch, alarm):
    docs = corpus(tmp_path / "in", 10, {6: "PARSER-CRASH\n"})
    original = Pipeline.parse

    def parse(self, sources):
        if any(s.text and "PARSER-CRASH" in s.text for s in sources):
            raise RuntimeError("the tokenizer gave up")
        return original(self, sources)

    monkeypatch.setattr(Pipeline, "parse", parse)
    summary = run([docs], tmp_path / "out", pipeline=pipeline)
    found = documents(tmp_path / "out")
    assert [k for k, d in found.items() if d["status"] != "ok"] == ["r006.txt"]
    assert found["r006.txt"]["reason"] == "extraction_failed"
    assert "the tokenizer gave up" in found["r006.txt"]["error"]
    assert summary.processed == 9 and summary.workers["lost"] == 0


def test_a_value_that_does_not_fit_its_column_costs_only_that_document(pipeline, tmp_path, monkeypatch, alarm):
    from decimal import Decimal

    from pipeline.records import Amount

    docs = corpus(tmp_path / "in", 4, {2: "HUGE-AMOUNT\n"})
    original = Pipeline.extract_source

    def extract_source(self, source, doc=None):
        result = original(self, source, doc)
        if source.status == "ok" and "HUGE-AMOUNT" in source.text:  # 41 digits: more than decimal128(38, 6)
            result.amounts.append(Amount(doc_id=source.doc_id, start=0, end=1, text=source.text[0],
                                         rule_id="test", value=Decimal("1e40"), currency="EUR"))
        return result

    monkeypatch.setattr(Pipeline, "extract_source", extract_source)
    summary = run([docs], tmp_path / "out", pipeline=pipeline)
    found = documents(tmp_path / "out")
    assert (found["r002.txt"]["status"], found["r002.txt"]["reason"]) == ("error", "extraction_failed")
    assert "amounts row does not fit" in found["r002.txt"]["error"]
    assert found["r002.txt"]["text"].startswith("GENEVA") and found["r002.txt"]["size"] > 0
    assert summary.processed == 3 and summary.failed == 1


def test_a_worker_stopped_half_way_through_a_message_is_timed_out(pipeline, tmp_path, monkeypatch, alarm):
    """The parent reads without blocking: a partial message cannot hold it past the budget."""
    from pipeline import workers

    docs = corpus(tmp_path / "in", 6, {2: "STOP-MID-MESSAGE\n"})
    original = workers._send

    def send(sock, message):
        if (isinstance(message, tuple) and message[0] == "doc"
                and "STOP-MID-MESSAGE" in (message[1].document.text or "")):
            import pickle
            data = pickle.dumps(message)
            sock.sendall(workers._HEADER.pack(len(data)) + data[:len(data) // 2])
            os.kill(os.getpid(), signal.SIGSTOP)
        original(sock, message)

    monkeypatch.setattr(workers, "_send", send)
    summary = run([docs], tmp_path / "out", pipeline=pipeline, doc_timeout=2)
    found = documents(tmp_path / "out")
    assert [k for k, d in found.items() if d["status"] != "ok"] == ["r002.txt"]
    assert found["r002.txt"]["reason"] == "timeout"
    assert summary.workers["timed_out"] == 1


def test_workers_die_with_a_killed_parent(tmp_path):
    docs = corpus(tmp_path / "in", 120)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(tmp_path / "out"),
                             "--jobs", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    pids: list[str] = []
    deadline = time.monotonic() + 120
    while len(pids) < 2 and time.monotonic() < deadline and proc.poll() is None:
        pids = children.read_text().split() if children.exists() else []
        time.sleep(0.05)
    assert pids, "no worker process was seen"
    time.sleep(1)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 20
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists()
                 and "zombie" not in Path(f"/proc/{p}/status").read_text().lower()]
        time.sleep(0.2)
    assert alive == [], "workers outlived their killed parent"


def test_a_stop_signal_during_the_swap_waits_for_it_and_says_the_output_was_written(pipeline, tmp_path,
                                                                                    monkeypatch, alarm):
    from pipeline.signals import StoppedAfterWriting
    from pipeline.write import TableWriter

    docs = corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    run([docs], out, pipeline=pipeline)
    corpus(tmp_path / "in", 3)  # one more document
    original = TableWriter.commit

    def commit(self):
        os.kill(os.getpid(), signal.SIGTERM)  # held: without the hold this would kill the test
        original(self)

    monkeypatch.setattr(TableWriter, "commit", commit)
    with pytest.raises(StoppedAfterWriting) as stopped:
        run([docs], out, pipeline=pipeline)
    assert stopped.value.exit_status == 143
    assert sorted(documents(out)) == ["r000.txt", "r001.txt", "r002.txt"]  # the new output is in place
