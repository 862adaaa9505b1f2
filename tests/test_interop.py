"""The Parquet tables work from DuckDB and Polars as they are, without conversion."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import polars as pl


def test_duckdb_query_joins_amounts_to_programmes_and_sentences(seed_output):
    out = seed_output
    rows = duckdb.sql(f"""
        SELECT a.programme, p.name, sum(a.value_eur) AS total_eur, count(*) AS n, any_value(s.text) AS sentence
        FROM '{out}/amounts.parquet' a
        JOIN '{out}/sentences.parquet' s USING (doc_id, sentence_id)
        LEFT JOIN '{out}/programmes.parquet' p
          ON p.doc_id = a.doc_id AND (p.acronym = a.programme OR p.name = a.programme)
        GROUP BY ALL ORDER BY total_eur DESC
    """).fetchall()
    assert rows, "no amounts joined"
    top = rows[0]
    assert isinstance(top[2], Decimal)  # money stays an exact decimal in DuckDB too
    assert top[2] == Decimal("25000000") and top[0] == "BOMCA"
    assert all(r[1] is not None for r in rows)  # every linked programme is a programmes row


def test_polars_reads_types_as_declared(seed_output):
    docs = pl.read_parquet(seed_output / "documents.parquet")
    assert docs.schema["publication_date"] == pl.Date
    programmes = pl.read_parquet(seed_output / "programmes.parquet")
    assert programmes.schema["funders"] == pl.List(pl.String)
    amounts = pl.read_parquet(seed_output / "amounts.parquet")
    assert isinstance(amounts.schema["value"], pl.Decimal)
