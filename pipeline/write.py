"""Write stage: one Parquet file per table, schemas passed explicitly, replaced in one step.

A run writes into a fresh temporary folder beside the output folder and only
swaps it into place when every table is closed, so a run interrupted at any
moment (even by SIGKILL) leaves the previous output complete; the next run
cleans up what the interrupted one left. Rows are buffered and flushed in row
groups, so memory stays flat however many documents a run has.
"""

from __future__ import annotations

import os
import shutil
import tempfile
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


def _backup(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def recover(out_dir: str | Path) -> None:
    """Undo what an interrupted run left: restore a half-swapped output, drop temp folders."""
    out_dir = Path(out_dir)
    backup = _backup(out_dir)
    if backup.exists():
        if out_dir.exists():
            shutil.rmtree(backup, ignore_errors=True)
        else:
            backup.rename(out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.tmp*"):
        shutil.rmtree(stale, ignore_errors=True)


class TableWriter:
    """Streams records into the Parquet files of an output folder, then swaps it into place."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp_dir = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.tmp", dir=self.out_dir.parent))
        umask = os.umask(0)
        os.umask(umask)
        self.tmp_dir.chmod(0o777 & ~umask)  # mkdtemp's private 0700 is not what an output folder wants
        self.writers = {name: pq.ParquetWriter(self.tmp_dir / f"{name}.parquet", schema(name))
                        for name in TABLES}
        self.buffers: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self.buffered = dict.fromkeys(TABLES, 0)
        self.counts = dict.fromkeys(TABLES, 0)
        self.documents = 0

    def add(self, extraction: Extraction) -> None:
        """Queue the rows of one document."""
        for name in TABLES:
            rows = [as_row(r) for r in extraction.rows(name)]
            if rows:
                self.add_table(name, pa.Table.from_pylist(rows, schema=schema(name)))
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
            self.writers[name].write_table(pa.concat_tables(self.buffers[name]))
            self.buffers[name], self.buffered[name] = [], 0

    def extra_file(self, name: str) -> Path:
        """Path for another file (such as ``run.json``) that is swapped in with the tables."""
        return self.tmp_dir / name

    def commit(self) -> None:
        """Close every table and replace the output folder in one step."""
        for name, writer in self.writers.items():
            self._flush(name)
            writer.close()
        backup = _backup(self.out_dir)
        if self.out_dir.exists():
            if backup.exists():
                shutil.rmtree(backup)
            self.out_dir.rename(backup)
        self.tmp_dir.rename(self.out_dir)
        shutil.rmtree(backup, ignore_errors=True)

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.close()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)
