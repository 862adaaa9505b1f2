"""Write stage: one Parquet file per table, schemas passed explicitly, replaced in one step.

A run writes into a fresh temporary folder beside the output folder and only
swaps it into place when every table is closed, so a run interrupted at any
moment (even by SIGKILL) leaves the previous output complete; the next run
cleans up what the interrupted one left. Rows are buffered and flushed in row
groups, so memory stays flat however many documents a run has.

Output folder safety, the API a batch run uses:

* :func:`check_out_dir` refuses an output path that is a file, sits under a
  file, or is a folder of something else than a run's output (a run replaces
  the whole folder).
* :func:`output_lock` makes a run the only one writing to its output folder:
  a second run into the same folder at the same time is refused.
* :class:`TableWriter` turns any failure to write (a full disk, a read-only or
  unwritable folder) into :class:`OutputError` after removing its temporary
  folder; the previous output stays as it was.

Every refusal or failure is an :class:`OutputError` whose message is one line
naming the path and the cause, e.g. ``cannot write output to out: No space
left on device``.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import TABLES, Extraction, as_row
from .schema import schema

#: Rows buffered per table before they are written as one row group.
ROW_GROUP_ROWS = 50_000

#: Every table is flushed at least this often (in documents), so a sparse table never
#: holds thousands of small per-document pieces: memory stays flat as a run grows.
FLUSH_DOCUMENTS = 500

#: Files that mark a folder as the output of a run (and so as safe to replace).
OUTPUT_MARKERS = ("run.json", "documents.parquet")


class OutputError(Exception):
    """The output folder cannot be used or written. The message is one line naming the
    path and the cause; the previous output, if any, is left as it was."""


def _cause(exc: OSError) -> str:
    """``No space left on device`` rather than pyarrow's or the OS's longer wording."""
    if exc.errno:
        return os.strerror(exc.errno)
    return (str(exc).strip() or type(exc).__name__).splitlines()[0]


def _cannot_write(out_dir: Path, exc: OSError, tmp_dir: Path | None = None) -> str:
    """One line: the output folder, the cause and, when it lies elsewhere, the path at fault
    (for the temporary and lock files beside the output folder: the folder they are in)."""
    message = f"cannot write output to {out_dir}: {_cause(exc)}"
    if not exc.filename:
        return message
    culprit = Path(os.fsdecode(exc.filename))
    if culprit in (out_dir, _backup(out_dir), tmp_dir) or (tmp_dir and tmp_dir in culprit.parents):
        return message
    if culprit.parent == out_dir.parent and culprit.name.startswith(f".{out_dir.name}."):
        culprit = Path(os.path.abspath(culprit.parent))
    return f"{message} ({culprit})"


def _temporary_folders(out_dir: Path) -> list[Path]:
    """The temporary folders runs into ``out_dir`` made (``mkdtemp`` adds 8 characters to
    the prefix), and nothing else: not those of an output named ``<name>.tmp``."""
    name = re.compile(rf"\.{re.escape(out_dir.name)}\.tmp[a-z0-9_]{{8}}")
    try:
        return [p for p in out_dir.parent.iterdir() if name.fullmatch(p.name)]
    except OSError:
        return []


def _backup(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def lock_path(out_dir: str | Path) -> Path:
    """The lock file of an output folder: beside it, since the folder itself is swapped."""
    out_dir = Path(out_dir)
    return out_dir.with_name(f".{out_dir.name}.lock")


def _remove(path: Path) -> None:
    """Remove a folder or a file (or a link) at ``path``; nothing if there is none."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def check_out_dir(out_dir: str | Path) -> Path:
    """Raise :class:`OutputError` unless ``out_dir`` can be (re)placed by a run's output.

    Refused: a path that is a file (or anything but a folder) or a broken link; a path
    under a file; ``.``, ``..`` or ``/`` (a run replaces the folder as a whole); an
    existing folder that is neither empty nor the output of an earlier run (it holds
    no ``run.json`` or ``documents.parquet``), so that ``--out`` naming the wrong
    folder never deletes it. Nothing is created. Returns ``out_dir`` as a ``Path``.
    """
    out = Path(out_dir)
    if out.name in ("", ".", ".."):
        raise OutputError(f"cannot write output to {out}: name a folder of its own "
                          "(a run replaces the whole output folder)")
    try:
        if out.is_symlink() and not out.exists():
            raise OutputError(f"cannot write output to {out}: it is a broken symbolic link")
        if out.exists():
            if not out.is_dir():
                what = "a file, not a folder" if out.is_file() else "not a folder"
                raise OutputError(f"cannot write output to {out}: it is {what}")
            if any(True for _ in out.iterdir()) and not any((out / m).exists() for m in OUTPUT_MARKERS):
                raise OutputError(
                    f"cannot write output to {out}: the folder holds other files and no earlier output "
                    f"(no {OUTPUT_MARKERS[0]}), and a run replaces the whole folder; name a new or empty one")
            return out
        for parent in out.parents:
            if parent.is_symlink() and not parent.exists():
                raise OutputError(f"cannot write output to {out}: {parent} is a broken symbolic link")
            if parent.exists():
                if not parent.is_dir():
                    raise OutputError(f"cannot write output to {out}: {parent} is a file, not a folder")
                break
    except OSError as exc:  # e.g. a parent that may not be searched
        raise OutputError(_cannot_write(out, exc)) from exc
    return out


# Lock descriptors this process holds. A forked child (a worker) closes its copies at
# once: a flock belongs to the open file description, which fork shares, so a worker
# that outlived the run would otherwise keep the output folder locked.
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


class OutputLock:
    """An exclusive lock on an output folder, held from :meth:`acquire` to :meth:`release`.

    The lock is ``flock(LOCK_EX)`` on ``<parent>/.<name>.lock`` (see :func:`lock_path`),
    which holds the holder's pid and host. An flock is released by the kernel when
    its holder dies, however it dies (SIGKILL included), so a lock file left by a
    killed run is simply taken over: no pid liveness check, no race between two runs
    that both find a stale lock, no mistaking a reused pid for the old holder. The
    descriptor is opened close-on-exec and closed in forked children, so programs and
    workers started by the run never hold the lock; only the process that acquired
    it releases it (and removes the file).
    """

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.path: Path | None = None  # known once the folder has been checked
        self._fd: int | None = None
        self._owner: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None and self._owner == os.getpid()

    def acquire(self) -> OutputLock:
        """Check the folder (:func:`check_out_dir`) and lock it, or raise :class:`OutputError`."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this lock")
        check_out_dir(self.out_dir)
        self.path = lock_path(self.out_dir)
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(_cannot_write(self.out_dir, exc)) from exc
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise OutputError(_cannot_write(self.out_dir, exc)) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                os.close(fd)
                raise OutputError(f"output folder {self.out_dir} is in use by another run ({holder}; "
                                  f"lock file {self.path}); wait for it to finish") from None
            except OSError as exc:  # e.g. no locks on this file system
                os.close(fd)
                raise OutputError(_cannot_write(self.out_dir, exc, self.path)) from exc
            # The holder before us removes the file as it releases it: if that happened
            # after we opened it, our lock is on a file nobody else will see; start again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
        except OSError as exc:
            self._fd, self._owner = fd, os.getpid()
            self.release()
            raise OutputError(_cannot_write(self.out_dir, exc)) from exc
        self._fd, self._owner = fd, os.getpid()
        _HELD.add(fd)
        return self

    def release(self) -> None:
        """Remove the lock file and unlock; does nothing if not held, or in a forked child."""
        if not self.held:
            return
        fd, self._fd = self._fd, None
        _HELD.discard(fd)
        try:
            os.unlink(self.path)  # while still locked, so no one can lock the file being removed
        except OSError:
            pass
        finally:
            os.close(fd)

    def _holder(self, fd: int) -> str:
        """``pid 123`` (``pid 123 on host h`` from another host) of the run holding the lock."""
        text = ""
        for _ in range(20):  # the holder writes its pid just after locking
            try:
                text = os.pread(fd, 512, 0).decode("utf-8", "replace").strip()
            except OSError:
                break
            if text:
                break
            time.sleep(0.025)
        pid, _, host = text.partition(" ")
        if not pid.isdigit():
            return "pid unknown"
        return f"pid {pid}" if host in ("", socket.gethostname()) else f"pid {pid} on host {host}"

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc_info) -> None:
        self.release()


def output_lock(out_dir: str | Path) -> OutputLock:
    """``with output_lock(out_dir):`` a run is the only one writing to ``out_dir``.

    Entering checks the folder (:func:`check_out_dir`), creates its parent and takes
    the lock; it raises :class:`OutputError` when another live run holds it (the
    message names its pid) or when the lock file cannot be written (an unwritable
    or read-only parent). Take it before :func:`recover`.
    """
    return OutputLock(out_dir)


def recover(out_dir: str | Path) -> None:
    """Undo what an interrupted run left: restore a half-swapped output, drop temp folders.

    Call it holding :func:`output_lock`: it must not touch a folder another run is writing.
    """
    out_dir = check_out_dir(out_dir)
    backup = _backup(out_dir)
    if os.path.lexists(backup):
        if os.path.lexists(out_dir) or not backup.is_dir():
            try:
                _remove(backup)
            except OSError:
                pass  # the output is in place; an old copy that cannot be removed harms nothing
        else:
            try:
                backup.rename(out_dir)
            except OSError as exc:
                raise OutputError(_cannot_write(out_dir, exc)) from exc
    for stale in _temporary_folders(out_dir):
        try:
            _remove(stale)
        except OSError:
            pass  # harmless, and tried again by the next run


class RowsError(ValueError):
    """A document's rows do not fit the declared schemas (a value too large for its column)."""


class TableWriter:
    """Streams records into the Parquet files of an output folder, then swaps it into place.

    Any ``OSError`` while writing (a full disk, an unwritable folder) becomes an
    :class:`OutputError` naming the output folder and the cause, raised after the
    temporary folder is removed: the previous output is left as it was.
    """

    def __init__(self, out_dir: str | Path):
        self.out_dir = check_out_dir(out_dir)
        self.tmp_dir: Path | None = None
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.buffers: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self.buffered = dict.fromkeys(TABLES, 0)
        self.counts = dict.fromkeys(TABLES, 0)
        self.documents = 0
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self.tmp_dir = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.tmp", dir=self.out_dir.parent))
            umask = os.umask(0)
            os.umask(umask)
            self.tmp_dir.chmod(0o777 & ~umask)  # mkdtemp's private 0700 is not what an output folder wants
            for name in TABLES:
                # page checksums let the next run tell a damaged file from a good one
                self.writers[name] = pq.ParquetWriter(self.tmp_dir / f"{name}.parquet", schema(name),
                                                      write_page_checksum=True)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError):
        """Clean up, then raise the one-line :class:`OutputError` for ``exc``."""
        self.abort()
        raise OutputError(_cannot_write(self.out_dir, exc, self.tmp_dir)) from exc

    @staticmethod
    def arrow_tables(extraction: Extraction) -> dict[str, pa.Table]:
        """The rows of one document as Arrow tables of the declared schemas.

        Raises :class:`RowsError` when a value does not fit its column (the caller
        records the document as failed instead of losing the run).
        """
        tables = {}
        for name in TABLES:
            rows = [as_row(r) for r in extraction.rows(name)]
            if rows:
                try:
                    tables[name] = pa.Table.from_pylist(rows, schema=schema(name))
                except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
                    raise RowsError(f"a {name} row does not fit the table: {type(exc).__name__}: {exc}") from None
        return tables

    def add(self, extraction: Extraction | dict[str, pa.Table]) -> None:
        """Queue the rows of one document (an extraction, or its ``arrow_tables``)."""
        tables = extraction if isinstance(extraction, dict) else self.arrow_tables(extraction)
        for name, table in tables.items():
            self.add_table(name, table)
        self.document_done()

    def document_done(self) -> None:
        """Count a finished document; flush every table every ``FLUSH_DOCUMENTS`` of them."""
        self.documents += 1
        if self.documents % FLUSH_DOCUMENTS == 0:
            for name in TABLES:
                self._flush(name)

    def add_table(self, name: str, table: pa.Table | pa.RecordBatch) -> None:
        """Queue rows already in Arrow form (rows carried over from a previous run)."""
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        if table.num_rows == 0:
            return
        self.buffers[name].append(table.cast(schema(name)))
        self.buffered[name] += table.num_rows
        self.counts[name] += table.num_rows
        if self.buffered[name] >= ROW_GROUP_ROWS:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if self.buffers[name]:
            try:
                self.writers[name].write_table(pa.concat_tables(self.buffers[name]))
            except OSError as exc:
                self._fail(exc)
            self.buffers[name], self.buffered[name] = [], 0

    def write_text(self, name: str, text: str) -> None:
        """Write another file (such as ``run.json``) that is swapped in with the tables."""
        try:
            (self.tmp_dir / name).write_text(text, encoding="utf-8")
        except OSError as exc:
            self._fail(exc)

    def commit(self) -> None:
        """Close every table and replace the output folder in one step."""
        for name in TABLES:
            self._flush(name)
        backup = _backup(self.out_dir)
        try:
            for writer in self.writers.values():
                writer.close()
            check_out_dir(self.out_dir)  # nothing has taken its place meanwhile
            _remove(backup)
            if os.path.lexists(self.out_dir):
                self.out_dir.rename(backup)
            self.tmp_dir.rename(self.out_dir)
        except OutputError:
            self.abort()
            raise
        except OSError as exc:
            self._fail(exc)
        try:
            _remove(backup)
        except OSError:
            pass  # the new output is in place; the next run removes what is left

    def abort(self) -> None:
        """Drop the temporary folder; the previous output stays (or is put back if a swap
        was cut short). Safe to call more than once, and after a failed commit."""
        for writer in self.writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - a writer that failed may fail again on close
                pass
        if self.tmp_dir is None or not os.path.lexists(self.tmp_dir):
            return  # nothing started, already aborted, or committed
        backup = _backup(self.out_dir)
        try:
            if not os.path.lexists(self.out_dir) and backup.is_dir():
                backup.rename(self.out_dir)  # cut short between the two renames of commit
        except OSError:
            pass  # recover() puts it back at the next run
        shutil.rmtree(self.tmp_dir, ignore_errors=True)
