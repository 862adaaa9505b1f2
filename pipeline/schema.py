"""Parquet schemas, built from the column declarations in :mod:`pipeline.records`.

The writer always passes these schemas explicitly, so an empty table or an
all-null column keeps its declared type and every file of a run agrees.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import pyarrow as pa

from .records import TABLES


@lru_cache(maxsize=None)
def schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table``, with each column's description as field metadata."""
    record = TABLES[table]
    fields = []
    for f in dataclasses.fields(record):
        meta = f.metadata
        fields.append(pa.field(f.name, meta["arrow"], nullable=meta["nullable"],
                               metadata={"description": meta["doc"]}))
    return pa.schema(fields, metadata={"table": table})


def columns(table: str) -> list[str]:
    return [f.name for f in dataclasses.fields(TABLES[table])]
