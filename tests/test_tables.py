"""Invariants over every output table: provenance is exact, schemas are the declared ones."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pipeline.records import TABLES
from pipeline.schema import schema

EXTRACTION_TABLES = [t for t in TABLES if t not in ("documents", "sentences")]


def _read(out, table):
    return pq.read_table(out / f"{table}.parquet")


@pytest.fixture(scope="module", params=["seed_output", "dev_output"])
def output(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_is_written_with_its_declared_schema(output, table):
    assert (output / f"{table}.parquet").exists()
    assert _read(output, table).schema.equals(schema(table), check_metadata=False)


def test_documents_are_all_ok(output):
    docs = _read(output, "documents").to_pylist()
    assert docs and all(d["status"] == "ok" for d in docs)
    assert all(d["n_chars"] == len(d["text"]) for d in docs)


@pytest.mark.parametrize("table", EXTRACTION_TABLES + ["sentences"])
def test_offsets_point_at_the_text(output, table):
    texts = {d["doc_id"]: d["text"] for d in _read(output, "documents").to_pylist()}
    rows = _read(output, table).to_pylist()
    for row in rows:
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"], row


@pytest.mark.parametrize("table", EXTRACTION_TABLES)
def test_spans_lie_inside_their_sentence(output, table):
    sentences = {(s["doc_id"], s["sentence_id"]): s for s in _read(output, "sentences").to_pylist()}
    for row in _read(output, table).to_pylist():
        sent = sentences[(row["doc_id"], row["sentence_id"])]
        assert sent["start"] <= row["start"] < row["end"] <= sent["end"], row
        assert row["rule_id"], row


def test_sentence_ids_are_dense_and_ordered(output):
    by_doc: dict[str, list] = {}
    for s in _read(output, "sentences").to_pylist():
        by_doc.setdefault(s["doc_id"], []).append(s)
    for sents in by_doc.values():
        assert [s["sentence_id"] for s in sents] == list(range(len(sents)))
        assert all(a["end"] <= b["start"] for a, b in zip(sents, sents[1:]))


def test_money_is_decimal_not_float(output):
    amounts = _read(output, "amounts")
    assert str(amounts.schema.field("value").type).startswith("decimal128")
    assert str(amounts.schema.field("value_eur").type).startswith("decimal128")
