"""Output folder safety: a file named as --out, two runs into one folder, SIGTERM, full disks.

The first part tests the API of ``pipeline.write`` and ``pipeline.signals`` directly; the
tests under "Runs and the command line" check that ``pipeline.batch.run`` and the CLI use it
(a lock around the run, ``OutputError`` -> exit 2, ``Terminated`` -> exit 143).
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import write
from pipeline.batch import run
from pipeline.records import Document, Extraction, Sentence
from pipeline.signals import Terminated, raise_on_sigterm
from pipeline.write import OutputError, TableWriter, check_out_dir, lock_path, output_lock, recover

from conftest import ROOT, SEEDS

RELEASE = ("BRUSSELS, 3 March 2021 – The European Union today launched the Border Security "
           "Programme (BSP), a three-year project worth EUR 4.5 million implemented by INTERPOL.\n")

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

as_root = pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bite as root")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Temporary folders, backups and lock files beside ``out``."""
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


def extraction(i: int) -> Extraction:
    doc_id = f"d{i:06}.txt"
    return Extraction(document=Document(doc_id=doc_id, path=doc_id, text=RELEASE, n_chars=len(RELEASE)),
                      sentences=[Sentence(doc_id=doc_id, sentence_id=0, start=0, end=len(RELEASE) - 1)])


def write_output(out: Path, n: int = 3) -> dict[str, bytes]:
    """A small output folder written the way a run writes it; returns its snapshot."""
    writer = TableWriter(out)
    for i in range(n):
        writer.add(extraction(i))
    writer.write_text("run.json", '{"seen": %d}\n' % n)
    writer.commit()
    return snapshot(out)


def one_line(message: str) -> bool:
    return "\n" not in message.strip() and "Traceback" not in message


def python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


# --- the output path -------------------------------------------------------------------------


def test_out_naming_a_file_is_refused_and_the_file_left_alone(tmp_path):
    target = tmp_path / "results.csv"
    target.write_bytes(b"a,b\n1,2\n")
    for attempt in (check_out_dir, recover, TableWriter, lambda p: output_lock(p).acquire()):
        with pytest.raises(OutputError) as info:
            attempt(target)
        assert str(info.value) == f"cannot write output to {target}: it is a file, not a folder"
    assert target.read_bytes() == b"a,b\n1,2\n"
    assert leftovers(target) == []


@pytest.mark.parametrize("make, out, message", [
    (lambda: Path("f").write_text("x"), "f/out", "cannot write output to f/out: f is a file, not a folder"),
    (lambda: Path("f").write_text("x"), "f/a/b", "cannot write output to f/a/b: f is a file, not a folder"),
    (lambda: Path("link").symlink_to("gone"), "link", "cannot write output to link: it is a broken symbolic link"),
    (lambda: None, ".", "cannot write output to .: name a folder of its own"),
    (lambda: Path("a").mkdir(), "a/..", "cannot write output to a/..: name a folder of its own"),
    (lambda: Path("notes").mkdir() or Path("notes/todo.txt").write_text("x"), "notes",
     "cannot write output to notes: the folder holds other files and no earlier output"),
])
def test_unusable_output_paths_are_refused(tmp_path, monkeypatch, make, out, message):
    monkeypatch.chdir(tmp_path)
    make()
    before = snapshot(tmp_path)
    with pytest.raises(OutputError) as info:
        output_lock(out).acquire()
    assert str(info.value).startswith(message) and one_line(str(info.value))
    assert snapshot(tmp_path) == before  # nothing created, nothing removed


def test_usable_output_paths(tmp_path):
    assert check_out_dir(tmp_path / "new" / "deeper" / "out") == tmp_path / "new" / "deeper" / "out"
    (tmp_path / "empty").mkdir()
    check_out_dir(tmp_path / "empty")
    write_output(tmp_path / "earlier")
    check_out_dir(tmp_path / "earlier")
    with output_lock(tmp_path / "new" / "out"):  # creates the parent for its lock file
        assert lock_path(tmp_path / "new" / "out").exists()


def test_a_backup_left_as_a_file_by_older_versions_is_cleaned_up(tmp_path):
    out = tmp_path / "out"
    write_output(out)
    (tmp_path / ".out.old").write_text("the file --out once named, moved aside")
    recover(out)
    assert leftovers(out) == []
    (tmp_path / ".out.old").write_text("again")
    after = write_output(out, n=5)  # commit replaces it too
    assert leftovers(out) == [] and snapshot(out) == after


# --- the lock --------------------------------------------------------------------------------


def test_lock_file_names_the_holder_and_goes_away(tmp_path):
    out = tmp_path / "out"
    with output_lock(out) as lock:
        assert lock.path == tmp_path / ".out.lock"
        assert lock.path.read_text() == f"{os.getpid()} {socket.gethostname()}\n"
    assert not lock.path.exists() and leftovers(out) == []


def test_second_lock_is_refused_naming_the_holder(tmp_path):
    out = tmp_path / "out"
    previous = write_output(out)
    with output_lock(out):
        with pytest.raises(OutputError) as info:
            output_lock(out).acquire()
        assert str(info.value) == (f"output folder {out} is in use by another run (pid {os.getpid()}; "
                                   f"lock file {tmp_path / '.out.lock'}); wait for it to finish")
        assert lock_path(out).exists()  # the refused attempt left the holder's lock alone
    assert snapshot(out) == previous


HOLD_LOCK = """
    import sys
    from pipeline.write import output_lock
    with output_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()
"""


def test_live_holder_in_another_process_is_named_and_a_dead_one_taken_over(tmp_path):
    out = tmp_path / "out"
    holder = python(HOLD_LOCK, str(out))
    try:
        assert holder.stdout.readline() == "locked\n", holder.stderr.read()
        with pytest.raises(OutputError, match=rf"in use by another run \(pid {holder.pid};"):
            output_lock(out).acquire()
    finally:
        holder.kill()  # SIGKILL: no clean-up, the lock file stays
        holder.communicate()
    assert lock_path(out).read_text().startswith(f"{holder.pid} ")
    with output_lock(out):
        assert lock_path(out).read_text().startswith(f"{os.getpid()} ")
    assert leftovers(out) == []


def test_stale_lock_file_is_taken_over(tmp_path):
    out = tmp_path / "out"
    lock_path(out).write_text("4194303 some-other-host\n")
    with output_lock(out):
        assert lock_path(out).read_text() == f"{os.getpid()} {socket.gethostname()}\n"


def test_lock_removed_by_its_holder_between_open_and_lock_is_not_trusted(tmp_path, monkeypatch):
    """The file locked must be the one at the lock path, or two runs could both hold 'the' lock."""
    out = tmp_path / "out"
    flock, calls = write.fcntl.flock, []

    def racing_flock(fd, op):
        calls.append(fd)
        if len(calls) == 1:
            os.unlink(lock_path(out))  # the previous holder releases just now
        return flock(fd, op)

    monkeypatch.setattr(write.fcntl, "flock", racing_flock)
    with output_lock(out):
        assert len(calls) == 2  # tried again on the file now at the path
        monkeypatch.setattr(write.fcntl, "flock", flock)
        with pytest.raises(OutputError, match="in use by another run"):
            output_lock(out).acquire()


FORK_WORKER = """
    import os, sys, time
    from pipeline.write import output_lock
    lock = output_lock(sys.argv[1]).acquire()
    child = os.fork()
    if child == 0:
        lock.release()  # a worker running the parent's clean-up must not unlock or remove anything
        fds = []
        for n in os.listdir("/proc/self/fd"):
            try:
                fds.append(os.readlink(f"/proc/self/fd/{n}"))
            except OSError:
                pass
        os.write(1, f"child {os.getpid()} {any(p.endswith('.lock') for p in fds)}\\n".encode())
        null = os.open(os.devnull, os.O_RDWR)
        for n in (0, 1, 2):
            os.dup2(null, n)  # let the test read the parent's output to its end
        time.sleep(60)
        os._exit(0)
    os.write(1, f"parent {os.getpid()}\\n".encode())  # one write each: the lines never interleave
    sys.stdin.read()
"""


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_forked_workers_never_hold_the_lock(tmp_path):
    out = tmp_path / "out"
    proc = python(FORK_WORKER, str(out))
    child = None
    try:
        lines = dict(proc.stdout.readline().split(" ", 1) for _ in range(2))
        child_pid, child_holds = lines["child"].split()
        child = int(child_pid)
        assert child_holds == "False"  # the worker closed its copy of the lock at fork
        # the worker's release() did nothing: the parent still holds the lock
        with pytest.raises(OutputError, match=rf"pid {proc.pid};"):
            output_lock(out).acquire()
        proc.kill()  # the run dies, its worker lives on
        proc.communicate()
        os.kill(child, 0)
        with output_lock(out):  # free at once
            pass
    finally:
        proc.kill()
        if child is not None:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass


@as_root
def test_unwritable_parent_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "ro" / "out"
    previous = write_output(out)
    out.parent.chmod(0o555)
    try:
        with pytest.raises(OutputError) as info:
            output_lock(out).acquire()
        assert str(info.value) == f"cannot write output to {out}: Permission denied ({out.parent})"
        with pytest.raises(OutputError, match=f"cannot write output to {out}: Permission denied"):
            TableWriter(out)
    finally:
        out.parent.chmod(0o755)
    assert snapshot(out) == previous and leftovers(out) == []


# --- failures to write -----------------------------------------------------------------------


def test_full_disk_while_writing_rows(tmp_path, monkeypatch):
    out = tmp_path / "out"
    previous = write_output(out)

    def full(self, table, *args, **kwargs):
        raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] No space left on device")

    writer = TableWriter(out)
    writer.add(extraction(0))
    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    with pytest.raises(OutputError) as info:
        for i in range(write.FLUSH_DOCUMENTS):
            writer.add(extraction(i))
    assert str(info.value) == f"cannot write output to {out}: No space left on device"
    assert isinstance(info.value.__cause__, OSError)
    writer.abort()  # what a run does on any exception: harmless after the clean-up
    assert snapshot(out) == previous and leftovers(out) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_really_full_disk(tmp_path, monkeypatch):
    """Parquet written to /dev/full: the write fails with ENOSPC as on a full disk."""
    out = tmp_path / "out"
    previous = write_output(out)
    real = pq.ParquetWriter

    def to_full_disk(path, schema, *args, **kwargs):
        return real("/dev/full" if Path(path).name == "sentences.parquet" else path, schema, *args, **kwargs)

    monkeypatch.setattr(write.pq, "ParquetWriter", to_full_disk)
    with pytest.raises(OutputError) as info:
        writer = TableWriter(out)  # the file's header is written at once
        for i in range(200):
            writer.add(extraction(i))
        writer.write_text("run.json", "{}\n")
        writer.commit()
    assert str(info.value) == f"cannot write output to {out}: No space left on device"
    assert snapshot(out) == previous and leftovers(out) == []


def test_full_disk_writing_run_json(tmp_path, monkeypatch):
    out = tmp_path / "out"
    previous = write_output(out)
    writer = TableWriter(out)
    writer.add(extraction(7))

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OutputError, match=f"^cannot write output to {out}: No space left on device$"):
        writer.write_text("run.json", "{}\n")
    monkeypatch.undo()
    assert snapshot(out) == previous and leftovers(out) == []


def test_temporary_folder_cannot_be_made(tmp_path, monkeypatch):
    """Root-proof stand-in for an unwritable parent: mkdtemp is refused."""
    out = tmp_path / "out"
    previous = write_output(out)

    def refused(prefix, dir):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.path.join(dir, prefix + "x1y2"))

    monkeypatch.setattr(write.tempfile, "mkdtemp", refused)
    with pytest.raises(OutputError) as info:
        TableWriter(out)
    assert str(info.value) == f"cannot write output to {out}: Permission denied ({tmp_path})"
    assert snapshot(out) == previous and leftovers(out) == []


@pytest.mark.parametrize("failing", ["backup", "swap"])
def test_failed_swap_puts_the_previous_output_back(tmp_path, monkeypatch, failing):
    """commit renames out -> .out.old, then the temporary folder -> out; either may fail."""
    out = tmp_path / "out"
    previous = write_output(out)
    writer = TableWriter(out)
    writer.add(extraction(9))
    writer.write_text("run.json", "{}\n")
    rename = os.rename

    def broken(src, dst, *args, **kwargs):
        is_swap = Path(src).name.startswith(".out.tmp")
        if (failing == "swap") == is_swap:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(src), None, str(dst))
        return rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", broken)
    with pytest.raises(OutputError, match=f"^cannot write output to {out}: Input/output error$"):
        writer.commit()
    monkeypatch.undo()
    assert snapshot(out) == previous and leftovers(out) == []


def test_cut_short_between_the_two_renames(tmp_path, monkeypatch):
    """An exception (Ctrl-C, SIGTERM) just after the old output was moved aside."""
    out = tmp_path / "out"
    previous = write_output(out)
    writer = TableWriter(out)
    writer.add(extraction(9))
    rename = os.rename

    def interrupted(src, dst, *args, **kwargs):
        rename(src, dst, *args, **kwargs)
        if Path(dst).name == ".out.old":
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.commit()
    monkeypatch.undo()
    writer.abort()
    assert snapshot(out) == previous and leftovers(out) == []


# --- SIGTERM ---------------------------------------------------------------------------------


def test_sigterm_raises_terminated_and_the_old_handler_comes_back():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated) as info:
        with raise_on_sigterm():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
    assert isinstance(info.value, KeyboardInterrupt) and Terminated.exit_status == 143
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_second_sigterm_does_not_interrupt_the_clean_up():
    cleaned = False
    with pytest.raises(Terminated):
        with raise_on_sigterm():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)
            finally:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.1)
                cleaned = True
    assert cleaned


FORKED_CHILD_SIGTERM = """
    import os, signal, time
    from pipeline.signals import raise_on_sigterm
    with raise_on_sigterm():
        child = os.fork()
        if child == 0:
            time.sleep(30)
            os._exit(0)
        time.sleep(0.2)
        os.kill(child, signal.SIGTERM)
        _, status = os.waitpid(child, 0)
        print(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM)
"""


def test_a_forked_worker_dies_of_sigterm_without_a_traceback():
    proc = python(FORKED_CHILD_SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert (out, err) == ("True\n", "")


# How batch.run and the CLI are meant to use the API, on a run that writes until stopped.
RUN_UNTIL_STOPPED = """
    import sys
    from pathlib import Path
    sys.path.insert(0, "tests")
    from test_output_folder import extraction
    from pipeline.signals import Terminated, raise_on_sigterm
    from pipeline.write import TableWriter, output_lock, recover
    out = Path(sys.argv[1])
    try:
        with raise_on_sigterm(), output_lock(out):
            recover(out)
            writer = TableWriter(out)
            try:
                i = 0
                while True:
                    writer.add(extraction(i))
                    i += 1
                    if i == 600:
                        print("writing", flush=True)
            except BaseException:
                writer.abort()
                raise
    except Terminated:
        sys.stderr.write("terminated; the previous output is unchanged\\n")
        sys.exit(143)
"""


def test_sigterm_mid_write_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    previous = write_output(out)
    proc = python(RUN_UNTIL_STOPPED, str(out))
    assert proc.stdout.readline() == "writing\n", proc.stderr.read()
    assert list(tmp_path.glob(".out.tmp*/*.parquet")) and lock_path(out).exists()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and err == "terminated; the previous output is unchanged\n"
    assert snapshot(out) == previous and leftovers(out) == []


# --- runs and the command line ---------------------------------------------------------------


def big_input(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:03}.txt").write_text(RELEASE.replace("4.5", f"{i + 1}.5") * 3)
    return folder


def cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_writing(out: Path, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None and not list(out.parent.glob(f".{out.name}.tmp*/*.parquet")):
        time.sleep(0.05)
    assert list(out.parent.glob(f".{out.name}.tmp*")), "the run never started writing"


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def test_run_into_a_file_is_refused(pipeline, tmp_path):
    from pipeline.batch import run

    target = tmp_path / "out.parquet"
    target.write_bytes(b"PAR1 not really")
    with pytest.raises(OutputError, match="it is a file, not a folder"):
        run([SEEDS], target, pipeline=pipeline)
    assert target.read_bytes() == b"PAR1 not really" and leftovers(target) == []


def test_cli_out_naming_a_file_exits_2_with_one_line(tmp_path, capsys):
    from pipeline.cli import main

    target = tmp_path / "out.txt"
    target.write_text("keep me")
    for _ in range(2):  # and again: nothing was moved aside the first time
        assert main(["run", str(SEEDS), "--out", str(target)]) == 2
        err = capsys.readouterr().err
        assert err == f"error: cannot write output to {target}: it is a file, not a folder\n"
    assert target.read_text() == "keep me" and leftovers(target) == []


def test_run_is_refused_while_another_holds_the_folder(pipeline, tmp_path):
    from pipeline.batch import run

    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    previous = snapshot(out)
    with output_lock(out):
        with pytest.raises(OutputError, match=rf"in use by another run \(pid {os.getpid()};"):
            run([SEEDS], out, pipeline=pipeline, full=True)
        assert [p for p in leftovers(out) if ".tmp" in p] == []
    assert snapshot(out) == previous


def test_two_cli_runs_into_one_folder(tmp_path):
    folder = big_input(tmp_path / "in", n=400)  # still running when the second one starts
    out = tmp_path / "out"
    first = cli(str(folder), "--out", str(out))
    try:
        wait_for_writing(out, first)
        second = cli(str(SEEDS), "--out", str(out))
        _, err = second.communicate(timeout=300)
        assert second.returncode == 2, err
        assert err.startswith(f"error: output folder {out} is in use by another run (pid {first.pid};")
        assert one_line(err)
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
    finally:
        first.kill()
    assert pq.read_table(out / "documents.parquet").num_rows == 400
    assert leftovers(out) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_sigterm_exits_143_and_keeps_the_previous_output(pipeline, tmp_path, jobs):
    from pipeline.batch import run

    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    previous = snapshot(out)
    # far more documents than the run can finish between the first write and the signal,
    # even on a fast machine where listing /proc for the workers takes a while
    folder = big_input(tmp_path / "in", n=2000)
    proc = cli(str(folder), "--out", str(out), "--jobs", jobs)
    try:
        wait_for_writing(out, proc)
        time.sleep(0.3)
        workers = children(proc.pid)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert "Traceback" not in err and one_line(err) and err.strip()
    assert snapshot(out) == previous and leftovers(out) == []
    deadline = time.time() + 10
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()], "workers outlived the run"


def test_run_on_a_full_disk(pipeline, tmp_path, monkeypatch):
    from pipeline.batch import run

    out = tmp_path / "out"
    run([SEEDS], out, pipeline=pipeline)
    previous = snapshot(out)
    monkeypatch.setattr(pq.ParquetWriter, "write_table", lambda *a, **k: (_ for _ in ()).throw(ENOSPC))
    with pytest.raises(OutputError, match=f"^cannot write output to {out}: No space left on device$"):
        run([SEEDS], out, pipeline=pipeline, full=True)
    assert snapshot(out) == previous and leftovers(out) == []


@pytest.mark.parametrize("where", ["tables", "run.json"])
def test_cli_full_disk_exits_2_with_one_line(tmp_path, monkeypatch, capsys, where):
    from pipeline.cli import main

    out = tmp_path / "out"
    assert main(["run", str(SEEDS), "--out", str(out)]) == 0
    previous = snapshot(out)
    capsys.readouterr()
    if where == "tables":
        monkeypatch.setattr(pq.ParquetWriter, "write_table", lambda *a, **k: (_ for _ in ()).throw(ENOSPC))
    else:
        write_text = Path.write_text

        def full(self, *args, **kwargs):
            if self.name == "run.json":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
            return write_text(self, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", full)
    assert main(["run", str(SEEDS), "--out", str(out), "--full"]) == 2
    assert capsys.readouterr().err == f"error: cannot write output to {out}: No space left on device\n"
    assert snapshot(out) == previous and leftovers(out) == []


@as_root
def test_cli_unwritable_output_parent_exits_2(tmp_path, capsys):
    from pipeline.cli import main

    out = tmp_path / "ro" / "out"
    previous = write_output(out)
    out.parent.chmod(0o555)
    try:
        status = main(["run", str(SEEDS), "--out", str(out)])
    finally:
        out.parent.chmod(0o755)
    assert status == 2
    assert capsys.readouterr().err == f"error: cannot write output to {out}: Permission denied ({out.parent})\n"
    assert snapshot(out) == previous and leftovers(out) == []


def test_recover_removes_only_its_own_temporary_folders(tmp_path):
    from pipeline import write

    (tmp_path / ".a.tmpk2x9_q7z").mkdir()  # left by a killed run into a
    (tmp_path / ".a.tmp.tmpzz81_a0b").mkdir()  # a run into a.tmp, still going
    (tmp_path / ".a.tmp.lock").write_text("123 host\n")
    write.recover(tmp_path / "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.tmp.lock", ".a.tmp.tmpzz81_a0b"]


def test_an_old_copy_that_cannot_be_removed_does_not_block_runs(tmp_path, monkeypatch):
    from pipeline import write

    out = tmp_path / "out"
    out.mkdir()
    (out / "run.json").write_text("{}")
    (tmp_path / ".out.old").mkdir()

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(write, "_remove", refuse)
    write.recover(out)  # no OutputError
    assert (out / "run.json").exists()


def test_out_naming_a_link_replaces_the_folder_it_points_to(pipeline, tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("GENEVA, 3 May 2022 – A release.\n", encoding="utf-8")
    real = tmp_path / "real"
    run([docs], real, pipeline=pipeline)
    link = tmp_path / "link"
    link.symlink_to(real)
    (docs / "b.txt").write_text("GENEVA, 4 May 2022 – Another release.\n", encoding="utf-8")
    summary = run([docs], link, pipeline=pipeline)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert (summary.unchanged, summary.processed) == (1, 1)
    assert len(pq.read_table(real / "documents.parquet")) == 2


def test_a_missing_table_in_the_previous_output_is_reported(pipeline, tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("GENEVA, 3 May 2022 – A release.\n", encoding="utf-8")
    out = tmp_path / "out"
    run([docs], out, pipeline=pipeline)
    (out / "entities.parquet").unlink()
    summary = run([docs], out, pipeline=pipeline)
    assert summary.processed == 1
    assert summary.warnings == [f"the previous output in {out} lacks entities; every document is processed again"]
