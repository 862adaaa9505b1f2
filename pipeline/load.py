"""Read an output folder back as pandas DataFrames, for notebooks and other programs.

The columns keep their Arrow types (``pd.ArrowDtype``): money stays an exact
``decimal128``, publication dates are dates, ``funders``/``implementers`` are
lists, and missing values are ``<NA>`` in every column type. Every table joins
on ``doc_id`` (and ``sentence_id`` with ``sentences``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from .records import TABLES
from .schema import schema

if TYPE_CHECKING:  # pandas is imported when a folder is loaded, not by every `import pipeline`
    import pandas as pd


@dataclass(frozen=True)
class Tables:
    """The tables of one output folder, one DataFrame per table."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    entities: pd.DataFrame
    programmes: pd.DataFrame
    amounts: pd.DataFrame
    durations: pd.DataFrame
    officials: pd.DataFrame
    dates: pd.DataFrame

    def __getitem__(self, table: str) -> pd.DataFrame:
        return getattr(self, table)


def _path(out_dir: str | Path, table: str) -> Path:
    path = Path(out_dir) / f"{table}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such table; run `python -m pipeline run --out {out_dir}` first")
    return path


def read_rows(out_dir: str | Path, table: str, *, required: bool = True) -> list[dict]:
    """The rows of one table as plain dicts (``[]`` for a missing table unless ``required``)."""
    try:
        path = _path(out_dir, table)
    except FileNotFoundError:
        if required:
            raise
        return []
    return pq.read_table(path, schema=schema(table)).to_pylist()


def load(out_dir: str | Path = "output") -> Tables:
    """Every table of ``out_dir`` as a DataFrame with Arrow dtypes.

    Raises ``FileNotFoundError`` naming the missing file when ``out_dir`` is not
    an output folder of this pipeline (run ``python -m pipeline run`` first).
    """
    import pandas as pd

    frames = {}
    for table in TABLES:
        arrow = pq.read_table(_path(out_dir, table), schema=schema(table))
        frames[table] = arrow.to_pandas(types_mapper=pd.ArrowDtype)
    return Tables(**frames)
