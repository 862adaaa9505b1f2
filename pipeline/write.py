"""Write stage: one Parquet file per table, schemas passed explicitly, replaced in one step.

A run writes into a fresh temporary folder beside the output folder and only
swaps it into place when every table is closed, so an interrupted run leaves
the previous output complete.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import TABLES, Extraction, as_row
from .schema import schema


class TableWriter:
    """Streams the records of each document into the Parquet files of an output folder."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp_dir = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.", dir=self.out_dir.parent))
        self.writers = {name: pq.ParquetWriter(self.tmp_dir / f"{name}.parquet", schema(name))
                        for name in TABLES}
        self.counts = dict.fromkeys(TABLES, 0)

    def add(self, extraction: Extraction) -> None:
        for name, writer in self.writers.items():
            rows = [as_row(r) for r in extraction.rows(name)]
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema(name)))
                self.counts[name] += len(rows)

    def extra_file(self, name: str) -> Path:
        """Path for another file (such as ``run.json``) that is swapped in with the tables."""
        return self.tmp_dir / name

    def commit(self) -> None:
        """Close every table and replace the output folder in one step."""
        for writer in self.writers.values():
            writer.close()
        old = None
        if self.out_dir.exists():
            old = self.out_dir.with_name(f".{self.out_dir.name}.old")
            if old.exists():
                shutil.rmtree(old)
            self.out_dir.rename(old)
        self.tmp_dir.rename(self.out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.close()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)
