"""Batch runs over bad input, incremental reruns, worker processes and interrupted runs."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import ingest
from pipeline.batch import StrictFailure, run
from pipeline.records import TABLES

from conftest import DEV_DOCS, ROOT, SEEDS

RELEASE = ("BRUSSELS, 3 March 2021 – The European Union today launched the Border Security "
           "Programme (BSP), a three-year project worth EUR 4.5 million implemented by INTERPOL. "
           "“This is a milestone,” said Jane Doe, Head of Unit at the European Commission.\n")


def tables(out: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(out / f"{t}.parquet").to_pylist() for t in TABLES}


def documents(out: Path) -> dict[str, dict]:
    return {d["doc_id"]: d for d in tables(out)["documents"]}


def check_offsets(out: Path) -> None:
    t = tables(out)
    texts = {d["doc_id"]: d["text"] for d in t["documents"]}
    for name in TABLES:
        if name == "documents":
            continue
        for row in t[name]:
            assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]


# (file name, bytes, expected status, expected reason, a string the decoded text must hold)
BAD_INPUTS = [
    ("empty.txt", b"", "skipped", "empty", None),
    ("blank.txt", b" \n\t\r\n  ", "skipped", "empty", None),
    ("nul.txt", b"abc\x00\x01def", "skipped", "binary", None),
    ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "skipped", "binary", None),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "skipped", "binary", None),
    ("cp1252.txt", "Ambassador Urs Brändli said the €3 million “budget” grew.".encode("cp1252"),
     "ok", None, "Brändli said the €3 million “budget”"),
    ("latin1.txt", "Vienna, 6 March 2023 - Jürgen Weiß spoke.".encode("latin-1"),
     "ok", None, "Jürgen Weiß"),
    ("bom8.txt", codecs.BOM_UTF8 + RELEASE.encode(), "ok", None, "BRUSSELS, 3 March 2021"),
    ("bom16.txt", RELEASE.encode("utf-16"), "ok", None, "Border Security Programme (BSP)"),
    ("crlf.txt", RELEASE.replace("\n", "\r\n").encode() * 3, "ok", None, "Commission.\r\nBRUSSELS"),
    ("cr.txt", RELEASE.replace("\n", "\r").encode() * 3, "ok", None, "Commission.\rBRUSSELS"),
    ("html.txt", ("<html><body><nav>Home | News</nav><p>" + RELEASE + "</p><script>var x=1;</script>"
                  "</body></html>").encode(), "ok", None, "<p>BRUSSELS"),
    ("cyrillic.txt", "Пограничная программа в Центральной Азии начала работу.\n".encode(), "ok", None,
     "Пограничная"),
    ("name with spaces é.txt", RELEASE.encode(), "ok", None, "BRUSSELS"),
]


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, data, *_ in BAD_INPUTS:
        (folder / name).write_bytes(data)
    (folder / "zz copy of name é.txt").write_bytes(RELEASE.encode())
    (folder / "notes.md").write_text("not a release")
    (folder / "broken.txt").symlink_to(folder / "missing-target.txt")
    return folder


@pytest.fixture(scope="module")
def bad_run(pipeline, bad_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("bad-out") / "output"
    summary = run([bad_folder], out, pipeline=pipeline)
    return summary, out


@pytest.mark.parametrize("name, data, status, reason, holds", BAD_INPUTS)
def test_every_bad_input_gets_a_clear_record(bad_run, name, data, status, reason, holds):
    doc = documents(bad_run[1])[name]
    assert (doc["status"], doc["reason"]) == (status, reason)
    if status != "ok":
        assert doc["error"]
    if holds is not None:
        assert holds in doc["text"]


def test_bad_inputs_cost_nothing_else(bad_run):
    summary, out = bad_run
    docs = documents(out)
    assert "notes.md" not in docs  # non-.txt files in a folder are ignored
    assert docs["broken.txt"]["status"] == "error" and docs["broken.txt"]["reason"] == "unreadable"
    dup = docs["zz copy of name é.txt"]
    assert dup["status"] == "skipped" and dup["reason"] == "duplicate"
    assert "name with spaces é.txt" in dup["error"]
    assert summary.failed == 1 and summary.seen == len(BAD_INPUTS) + 2
    check_offsets(out)
    run_json = json.loads((out / "run.json").read_text())
    assert run_json["failed"] == 1 and run_json["rows"]["documents"] == summary.seen
    assert set(run_json["seconds"]) >= {"nlp", "extract", "write", "total"}


def test_explicit_non_txt_file_is_read(pipeline, bad_folder, tmp_path):
    summary = run([bad_folder / "notes.md"], tmp_path / "out", pipeline=pipeline)
    assert documents(tmp_path / "out")["notes.md"]["status"] == "ok" and summary.processed == 1


def test_long_texts_are_parsed_in_pieces_with_exact_offsets(pipeline, tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.nlp.MAX_CHARS", 2_000)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one-line.txt").write_text(RELEASE.replace("\n", " ") * 30)
    (folder / "many-lines.txt").write_text(RELEASE * 30)
    run([folder], tmp_path / "out", pipeline=pipeline)
    docs = documents(tmp_path / "out")
    assert all(d["status"] == "ok" and d["n_chars"] > 2_000 for d in docs.values())
    check_offsets(tmp_path / "out")
    amounts = [a for a in tables(tmp_path / "out")["amounts"] if a["doc_id"] == "many-lines.txt"]
    assert len({a["start"] for a in amounts}) == 30  # one per copy, found in every piece


@pytest.mark.parametrize("layout", ["one long line", "many lines"])
def test_files_of_several_megabytes_are_skipped_quickly(pipeline, tmp_path, layout):
    text = RELEASE.replace("\n", " ") if layout == "one long line" else RELEASE
    big = tmp_path / "big.txt"
    big.write_text(text * 12_000)  # about 3 MB
    (tmp_path / "small.txt").write_text(RELEASE)
    summary = run([big, tmp_path / "small.txt"], tmp_path / "out", pipeline=pipeline)
    docs = documents(tmp_path / "out")
    assert docs["big.txt"]["reason"] == "too_large" and "--max-bytes" in docs["big.txt"]["error"]
    assert docs["small.txt"]["status"] == "ok" and summary.skipped == 1


def test_unreadable_file_is_an_error_not_a_crash(pipeline, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(RELEASE)
    (tmp_path / "b.txt").write_text(RELEASE + "more")
    real = os.open

    def deny(path, flags, *args, **kwargs):
        if Path(path).name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    run([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out", pipeline=pipeline)
    docs = documents(tmp_path / "out")
    assert docs["a.txt"]["reason"] == "unreadable" and "Permission denied" in docs["a.txt"]["error"]
    assert docs["b.txt"]["status"] == "ok"


def test_strict_failure_keeps_previous_output(pipeline, tmp_path):
    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    before = tables(out)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(StrictFailure, match="broken.txt"):
        run([SEEDS, broken], out, pipeline=pipeline, strict=True)
    assert tables(out) == before


def _processed(summary) -> int:
    return summary.processed


def test_incremental_reruns(pipeline, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    out = tmp_path / "out"
    first = run([folder], out, pipeline=pipeline)
    assert (first.processed, first.unchanged) == (5, 0)
    full_tables = tables(out)

    again = run([folder], out, pipeline=pipeline)
    assert (again.processed, again.unchanged) == (0, 5)
    assert tables(out) == full_tables  # carried-over rows are the same rows, in the same order

    changed = sorted(folder.glob("*.txt"))[1]
    changed.write_text(changed.read_text() + "\nThe project is worth EUR 2 million.\n")
    third = run([folder], out, pipeline=pipeline)
    assert (third.processed, third.unchanged) == (1, 4)
    assert any(a["text"] == "EUR 2 million" or "EUR 2 million" in a["text"]
               for a in tables(out)["amounts"] if a["doc_id"] == changed.name)

    removed = sorted(folder.glob("*.txt"))[0]
    removed.unlink()
    fourth = run([folder], out, pipeline=pipeline)
    assert (fourth.processed, fourth.unchanged, fourth.seen) == (0, 4, 4)
    assert all(r["doc_id"] != removed.name for rows in tables(out).values() for r in rows)

    forced = run([folder], out, pipeline=pipeline, full=True)
    assert (forced.processed, forced.unchanged) == (4, 0)


def test_changed_rules_reprocess_everything(pipeline, tmp_path):
    from pipeline.core import Pipeline

    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    models = tmp_path / "models"
    shutil.copytree(ROOT / "models", models)
    aliases = models / "lexicons" / "organisation_aliases.json"
    data = json.loads(aliases.read_text())
    data["Test Alias"] = "Test Organisation"
    aliases.write_text(json.dumps(data))
    changed = Pipeline(models_dir=models)
    summary = run([SEEDS], out, pipeline=changed)
    assert (summary.processed, summary.unchanged) == (5, 0)


def test_jobs_give_the_same_output(pipeline, tmp_path):
    one = run([SEEDS, DEV_DOCS], tmp_path / "one", pipeline=pipeline)
    two = run([SEEDS, DEV_DOCS], tmp_path / "two", pipeline=pipeline, jobs=2)
    assert one.processed == two.processed == 17
    for name in TABLES:
        a = pq.read_table(tmp_path / "one" / f"{name}.parquet")
        b = pq.read_table(tmp_path / "two" / f"{name}.parquet")
        assert a.equals(b), name


def test_same_inputs_same_output(pipeline, tmp_path):
    run([SEEDS], tmp_path / "a", pipeline=pipeline)
    run([SEEDS], tmp_path / "b", pipeline=pipeline)
    assert tables(tmp_path / "a") == tables(tmp_path / "b")


def test_sigkill_mid_run_leaves_previous_output(pipeline, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(120):
        (folder / f"r{i:03}.txt").write_text(RELEASE.replace("4.5", f"{i + 1}.5") * 3)
    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    before = tables(out)
    cmd = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".out.tmp*/*.parquet")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".out.tmp*")), "the run never started writing"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tables(out) == before  # the previous output is complete and readable
    summary = run([folder], out, pipeline=pipeline)
    assert summary.processed == 120
    assert not list(tmp_path.glob(".out.*"))


def test_find_inputs_rejects_missing_paths(tmp_path):
    with pytest.raises(ingest.InputError, match="no such file"):
        ingest.find_inputs([tmp_path / "nope"])


def test_output_does_not_depend_on_hash_seed(tmp_path):
    """Two processes with different string hashing give the same tables (no set-order leaks)."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(SEEDS), str(DEV_DOCS), "--out", str(out)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        outs.append(out)
    for name in TABLES:
        a = pq.read_table(outs[0] / f"{name}.parquet")
        b = pq.read_table(outs[1] / f"{name}.parquet")
        assert a.equals(b), name


def test_changed_model_reprocesses_everything(pipeline, tmp_path):
    import copy

    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    other = copy.copy(pipeline)
    other._model = "en_other_pipeline 9.9.9"  # the label the documents table records of the model
    summary = run([SEEDS], out, pipeline=other)
    assert (summary.processed, summary.unchanged) == (5, 0)
    assert {d["model"] for d in tables(out)["documents"]} == {"en_other_pipeline 9.9.9"}


WRITER_MEMORY = '''
import resource, sys, tempfile
from decimal import Decimal
from pathlib import Path
from pipeline.records import Amount, DateMention, Document, Entity, Extraction, Sentence
from pipeline.write import TableWriter
n = int(sys.argv[1])
text = "The programme received EUR 4.5 million in 2021. " * 100
writer = TableWriter(Path(tempfile.mkdtemp()) / "out")
for i in range(n):
    d = f"d{i:06}.txt"
    writer.add(Extraction(
        document=Document(doc_id=d, path=d, text=text, n_chars=len(text)),
        sentences=[Sentence(doc_id=d, sentence_id=j, start=49 * j, end=49 * j + 48) for j in range(40)],
        entities=[Entity(doc_id=d, start=j, end=j + 5, text="x", label="ORG") for j in range(100)],
        amounts=[Amount(doc_id=d, value=Decimal("4500000"), currency="EUR") for _ in range(6)],
        dates=[DateMention(doc_id=d, value="2021", grain="year") for _ in range(9)]))
writer.commit()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


def test_writer_memory_stays_flat_as_the_run_grows():
    """Peak memory of writing 8,000 documents' rows is close to that of 800 (rows are
    streamed in row groups, never held whole)."""
    def peak(n: int) -> int:
        out = subprocess.run([sys.executable, "-c", WRITER_MEMORY, str(n)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return int(out.stdout.strip())

    small, large = peak(800), peak(8_000)
    assert large <= small * 1.2, (small, large)
