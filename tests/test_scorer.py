"""Tests for the scorer, :mod:`pipeline.evaluate` (rules in tests/data/FORMAT.md)."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]

from pipeline.evaluate import (  # noqa: E402
    FIELDS,
    Counts,
    dedupe_gold,
    format_report,
    load_gold,
    normalise_name,
    normalise_person,
    predictions_from_tables,
    score,
    score_to_json,
    token_f1,
)

GOLD_DIRS = [ROOT / "tests/data/seeds/gold", ROOT / "tests/data/dev/gold"]
PROGRAMME_KEYS = ("name", "acronym", "parent", "phase", "funders", "implementers", "funding_instrument")


def as_prediction(gold_doc: dict[str, Any]) -> dict[str, Any]:
    """A gold document turned into the prediction a perfect pipeline would make."""
    pred = copy.deepcopy(gold_doc)
    for name in FIELDS:
        for item in pred[name]:
            item.pop("optional", None)
            item.pop("aliases", None)
    pred["programmes"] = [{k: p.get(k) for k in PROGRAMME_KEYS} for p in pred["programmes"]]
    return pred


def doc(**fields: Any) -> dict[str, Any]:
    """A one-document set in the gold shape, every field defaulting to empty."""
    base: dict[str, Any] = {"doc": "d.txt", "publication_date": None, "dateline": None}
    base.update({name: [] for name in FIELDS})
    base.update(fields)
    return base


def run(field: str, gold_items: list[dict], pred_items: list[dict]) -> Counts:
    result = score({"d.txt": doc(**{field: gold_items})}, {"d.txt": doc(**{field: pred_items})})
    return result.fields[field]


# --------------------------------------------------------------------------- perfect predictions

@pytest.mark.parametrize("gold_dir", GOLD_DIRS, ids=lambda p: p.parent.name)
def test_perfect_prediction_scores_one_everywhere(gold_dir: Path) -> None:
    gold = load_gold(gold_dir)
    assert gold, f"no gold in {gold_dir}"
    result = score(gold, {name: as_prediction(g) for name, g in gold.items()})
    for name, counts in result.fields.items():
        assert (counts.fp, counts.fn) == (0, 0), name
        assert counts.precision == counts.recall == counts.f1 == 1.0, name
    assert result.overall.f1 == 1.0
    assert result.publication_date_accuracy == 1.0
    assert result.dateline_accuracy == 1.0
    assert result.link_accuracy == 1.0 and result.link.total > 0
    assert result.title_token_f1 == 1.0 and result.organisation_accuracy == 1.0
    assert not (result.misses or result.spurious or result.mismatches)
    json.dumps(score_to_json(result))


@pytest.mark.parametrize("gold_dir", GOLD_DIRS, ids=lambda p: p.parent.name)
def test_empty_prediction_misses_every_required_item(gold_dir: Path) -> None:
    gold = load_gold(gold_dir)
    result = score(gold, {})
    required = sum(1 for g in gold.values() for name in FIELDS
                   for item in dedupe_gold(name, g[name]) if not item.get("optional"))
    assert result.overall.fn == required == len(result.misses)
    assert result.overall.tp == result.overall.fp == 0
    dated = sum(1 for g in gold.values() if g["publication_date"] is None)
    assert result.publication_date.hits == dated


def test_gold_is_a_set_per_document() -> None:
    gold = load_gold(ROOT / "tests/data/seeds/gold")["000_e6e3e47be8f96425.txt"]
    assert [d["text"] for d in gold["dates"]] == ["20 October 2015", "today"]
    result = score({"x": gold}, {"x": {**as_prediction(gold), "dates": []}})
    assert result.dates.fn == 1


def test_load_gold_keys_by_doc_field() -> None:
    gold = load_gold(ROOT / "tests/data/dev/gold")
    assert "d01_eu4md-second-phase.txt" in gold
    assert all(key == g["doc"] for key, g in gold.items())


@pytest.mark.parametrize("content, message", [
    ("{not json", "malformed JSON"),
    (json.dumps({"doc": "x.txt"}), "missing key"),
    (json.dumps(doc(doc="x.txt", amounts=[{"text": "€5"}])), "amounts[0] lacks key"),
    (json.dumps([1, 2]), "expected a JSON object"),
])
def test_load_gold_rejects_bad_files_naming_them(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "bad_file.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        load_gold(tmp_path)
    assert "bad_file.json" in str(info.value)


# --------------------------------------------------------------------------- counting

EUR4M = {"text": "€4 million", "value": 4000000, "currency": "EUR"}
EUR3M = {"text": "€3 million", "value": 3000000, "currency": "EUR"}


@pytest.mark.parametrize("field, gold_items, pred_items, expected", [
    # field, gold, predictions, (tp, fp, fn)
    ("amounts", [EUR4M, EUR3M], [EUR4M], (1, 0, 1)),                                  # missed
    ("amounts", [EUR4M], [EUR4M, EUR3M], (1, 1, 0)),                                  # spurious
    ("amounts", [EUR4M], [EUR4M, EUR4M, {**EUR4M, "text": "4m"}], (1, 0, 0)),         # duplicates once
    ("amounts", [EUR4M, {**EUR3M, "optional": True}], [EUR4M, EUR3M], (1, 0, 0)),    # optional matched
    ("amounts", [EUR4M, {**EUR3M, "optional": True}], [EUR4M], (1, 0, 0)),           # optional unpredicted
    ("amounts", [EUR4M], [{**EUR4M, "currency": "USD"}], (0, 1, 1)),                  # other currency
    ("dates", [{"value": "2015-10-20"}, {"value": "2015-10-20"}], [{"value": "2015-10-20"}], (1, 0, 0)),
    ("dates", [{"value": "2015-10"}], [{"value": "2015-10-20"}], (0, 1, 1)),
    ("durations", [{"value": "P3Y"}], [{"value": "P36M"}], (0, 1, 1)),
    ("durations", [{"value": "2019/2022"}], [{"value": "2019/2022"}] * 3, (1, 0, 0)),
    ("officials", [{"name": "Fatima", "optional": True}], [{"name": "Fatima"}], (0, 0, 0)),
    ("officials", [{"name": "Jürgen Stock"}], [{"name": "Dr Jürgen Stock"}, {"name": "Jürgen Stock"}], (1, 0, 0)),
    ("programmes", [{"name": "EU4Monitoring Drugs II", "acronym": "EU4MD II"}],
     [{"name": "EU4MD II"}, {"name": "EU4Monitoring Drugs II", "acronym": "EU4MD II"}], (1, 0, 0)),
    ("programmes", [{"name": "EMPACT", "optional": True}], [{"name": "EMPACT"}, {"name": "SIENA"}], (0, 1, 0)),
    ("programmes", [], [], (0, 0, 0)),
])
def test_counts(field: str, gold_items: list, pred_items: list, expected: tuple[int, int, int]) -> None:
    counts = run(field, gold_items, pred_items)
    assert (counts.tp, counts.fp, counts.fn) == expected


def test_required_items_are_matched_before_optional_ones() -> None:
    gold = [{"name": "Operation Sunbird IV", "aliases": ["Sunbird"], "optional": True},
            {"name": "Project Sunbird", "aliases": ["Sunbird"]}]
    counts = run("programmes", gold, [{"name": "Sunbird"}])
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)


def test_nothing_to_find_and_nothing_predicted_is_perfect() -> None:
    counts = Counts()
    assert counts.precision == counts.recall == counts.f1 == 1.0


@pytest.mark.parametrize("value, matched", [
    (4000000, True),
    (4000400, True),          # exactly 0.01 %
    (3999600, True),
    (4000401, False),
    (3999599, False),
    (Decimal("4000000.000000"), True),
    ("4000000", True),
    (4400000, False),
])
def test_amount_tolerance(value: Any, matched: bool) -> None:
    counts = run("amounts", [EUR4M], [{"value": value, "currency": "EUR"}])
    assert counts.tp == int(matched)


def test_amount_tolerance_is_exact_for_decimals() -> None:
    gold = [{"value": 4954784.93, "currency": "EUR"}]
    assert run("amounts", gold, [{"value": Decimal("4954784.930000"), "currency": "eur"}]).tp == 1


# --------------------------------------------------------------------------- normalisation

@pytest.mark.parametrize("a, b", [
    ("Michael O\u2019Connell", "Michael O'Connell"),
    ("EU\u2013ASEAN Border Management Programme", "EU-ASEAN Border Management Programme"),
    ("COMPASS \u2014 Phase I", "COMPASS - Phase I"),
    ("The Spotlight Initiative", "Spotlight Initiative"),
    ("the  Spotlight\u00a0Initiative ", "SPOTLIGHT INITIATIVE"),
    ("EU's Spotlight Initiative", "Spotlight Initiative"),
    ("INTERPOL\u2019s Project Stadia", "Project Stadia"),
    ("\uff25\uff35 Facility", "EU Facility"),  # NFKC: full-width letters
])
def test_names_equal_after_normalisation(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize("a, b", [
    ("Project Sunbird", "Project Sunbird II"),
    ("EU4MD", "EU4MD II"),
])
def test_different_names_stay_different(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


@pytest.mark.parametrize("written, name", [
    ("Mr Michael Spindelegger", "michael spindelegger"),
    ("Ms. Kateřina Horáková", "kateřina horáková"),
    ("H.E. Ralph Tarraf", "ralph tarraf"),
    ("Dr.h.c. Detlef Schröder", "detlef schröder"),
    ("Prof. Benali", "benali"),
    ("H.E. Dr. Jürgen Stock", "jürgen stock"),
    ("Sir Ian Smith", "ian smith"),
    ("Madam Aïchatou Maïga", "aïchatou maïga"),
    ("Mrs", "mrs"),  # a lone honorific is kept rather than emptied
])
def test_honorifics_dropped_from_person_names(written: str, name: str) -> None:
    assert normalise_person(written) == name


def test_normalised_official_names_match() -> None:
    counts = run("officials", [{"name": "Michael O'Connell"}], [{"name": "Mr. Michael O\u2019Connell"}])
    assert counts.tp == 1


@pytest.mark.parametrize("predicted, matched", [
    ({"name": "MIEUX"}, True),                                      # gold acronym
    ({"name": "MIgration EU eXpertise"}, True),                     # gold alias
    ({"name": "Something", "acronym": "MIEUX"}, True),              # predicted acronym
    ({"name": "X", "acronym": "MIgration EU eXpertise"}, True),     # predicted acronym = gold alias
    ({"name": "the MIgration EU eXpertise Initiative"}, True),
    ({"name": "MIEUX+"}, False),
    ({"name": "MIgration"}, False),
])
def test_programme_names_acronyms_and_aliases(predicted: dict, matched: bool) -> None:
    gold = [{"name": "MIgration EU eXpertise Initiative", "acronym": "MIEUX",
             "aliases": ["MIgration EU eXpertise"]}]
    assert run("programmes", gold, [predicted]).tp == int(matched)


# --------------------------------------------------------------------------- links, titles, organisations

LINK_GOLD = doc(
    programmes=[
        {"name": "EU4Monitoring Drugs II", "acronym": "EU4MD II", "aliases": ["EU4MD phase II"],
         "funders": ["European Union"], "implementers": ["EMCDDA", "European Commission"]},
        {"name": "EU4Monitoring Drugs", "acronym": "EU4MD"},
    ],
    amounts=[{**EUR4M, "programme": "EU4MD II"}, {**EUR3M, "programme": "EU4MD"}, {"value": 1, "currency": "EUR"}],
    durations=[{"value": "P3Y", "programme": "EU4MD phase II"}, {"value": "P1Y", "programme": "EU4MD",
                                                                "optional": True}],
)


@pytest.mark.parametrize("amount_links, duration_link, funders, implementers, expected", [
    # 2 amount links + 1 duration link + 1 funder + 2 implementers = 6 links
    (("EU4MD II", "EU4MD"), "EU4MD II", ["European Union"], ["EMCDDA", "European Commission"], 6),
    (("EU4Monitoring Drugs II", "the EU4Monitoring Drugs"), "EU4MD phase II", ["EU"], ["EMCDDA"], 4),
    (("EU4MD", "EU4MD"), None, [], [], 1),
    ((None, None), "EU4MD", ["European Union", "Norway"], ["The European Commission"], 2),
])
def test_link_accuracy(amount_links: tuple, duration_link: str | None, funders: list, implementers: list,
                       expected: int) -> None:
    pred = doc(
        programmes=[{"name": "EU4MD II", "funders": funders, "implementers": implementers},
                    {"name": "EU4MD", "funders": ["Norway"]}],
        amounts=[{**EUR4M, "programme": amount_links[0]}, {**EUR3M, "programme": amount_links[1]},
                 {"value": 1, "currency": "EUR", "programme": "EU4MD"}],
        durations=[{"value": "P3Y", "programme": duration_link}, {"value": "P1Y", "programme": None}],
    )
    result = score({"d.txt": LINK_GOLD}, {"d.txt": pred})
    assert result.link.total == 6
    assert result.link.hits == expected
    assert result.link_accuracy == pytest.approx(expected / 6)
    assert len([m for m in result.mismatches if m.aspect in ("programme", "funders", "implementers")]) == 6 - expected


def test_link_per_kind_and_link_to_unlisted_programme() -> None:
    gold = doc(amounts=[{**EUR4M, "programme": "TRACE"}])
    pred = doc(amounts=[{**EUR4M, "programme": "trace"}])
    result = score({"d.txt": gold}, {"d.txt": pred})
    assert (result.links["amounts"].hits, result.links["amounts"].total) == (1, 1)
    assert result.links["durations"].total == 0


def test_title_token_f1_and_organisation_accuracy() -> None:
    gold = doc(officials=[
        {"name": "Alexis Goosdeel", "title": "Director of the EMCDDA", "organisation": "EMCDDA"},
        {"name": "Jürgen Stock", "title": "Secretary General", "organisation": "INTERPOL"},
        {"name": "Fatima", "optional": True},
        {"name": "No Title"},
    ])
    pred = doc(officials=[
        {"name": "Alexis Goosdeel", "title": "Director", "organisation": "the EMCDDA"},
        {"name": "Jürgen Stock", "title": "Secretary General", "organisation": "Interpol General Secretariat"},
        {"name": "Fatima", "title": "Farmer"},
        {"name": "No Title", "title": "Chair"},
    ])
    result = score({"d.txt": gold}, {"d.txt": pred})
    assert result.title.total == 2
    assert result.title_token_f1 == pytest.approx((0.4 + 1.0) / 2)
    assert (result.organisation.hits, result.organisation.total) == (1, 2)
    assert {(m.aspect, m.expected) for m in result.mismatches} == {
        ("title", "Director of the EMCDDA"), ("organisation", "INTERPOL")}


@pytest.mark.parametrize("gold, predicted, expected", [
    ("Director of the EMCDDA", "Director of the EMCDDA", 1.0),
    ("Director of the EMCDDA", "director of the emcdda", 1.0),
    ("Director of the EMCDDA", "Director", 0.4),
    ("Secretary General", None, 0.0),
    ("Secretary General", "Ambassador", 0.0),
])
def test_token_f1(gold: str, predicted: str | None, expected: float) -> None:
    assert token_f1(gold, predicted) == pytest.approx(expected)


# --------------------------------------------------------------------------- documents

@pytest.mark.parametrize("gold_date, predicted, right", [
    ("2015-10-20", "2015-10-20", True),
    ("2015-10-20", date(2015, 10, 20), True),
    ("2015-10-20", "2015-10-21", False),
    ("2015-10-20", None, False),
    (None, None, True),
    (None, "2015-10-20", False),
])
def test_publication_date_accuracy(gold_date: str | None, predicted: Any, right: bool) -> None:
    result = score({"d.txt": doc(publication_date=gold_date)}, {"d.txt": doc(publication_date=predicted)})
    assert result.publication_date_accuracy == float(right)


def test_gold_doc_without_prediction() -> None:
    gold = {"d.txt": doc(publication_date=None, dates=[{"value": "2020"}, {"value": "2021", "optional": True}]),
            "e.txt": doc(doc="e.txt", publication_date="2020-01-01")}
    result = score(gold, {"other.txt": doc(doc="other.txt", dates=[{"value": "1999"}])})
    assert (result.dates.tp, result.dates.fp, result.dates.fn) == (0, 0, 1)
    assert (result.publication_date.hits, result.publication_date.total) == (1, 2)
    assert result.n_docs == 2


def test_prediction_found_by_basename() -> None:
    gold = {"x.txt": doc(doc="x.txt", dates=[{"value": "2020"}])}
    pred = {"sub/x.txt": doc(doc="sub/x.txt", dates=[{"value": "2020"}])}
    assert score(gold, pred).dates.tp == 1


# --------------------------------------------------------------------------- report and JSON

def test_report_and_json() -> None:
    gold = {"d01.txt": doc(doc="d01.txt", publication_date="2023-01-31", amounts=[EUR4M],
                           officials=[{"name": "Alexis Goosdeel", "title": "Director of the EMCDDA"}])}
    pred = {"d01.txt": doc(doc="d01.txt", publication_date="2023-01-31",
                           amounts=[{"text": "€3 million", "value": Decimal("3000000"), "currency": "EUR"}],
                           officials=[{"name": "Alexis Goosdeel", "title": "Director"}])}
    result = score(gold, pred)
    report = format_report(result)
    for expected in ("programmes", "amounts", "publication-date accuracy", "dateline accuracy",
                     "title token-F1", "organisation accuracy", "link accuracy", "overall",
                     '"€4 million" 4000000 EUR', '"€3 million" 3000000 EUR', "== d01.txt"):
        assert expected in report, expected
    assert any(line.startswith("MISS") and "amounts" in line and "d01.txt" in line for line in report.splitlines())
    assert any(line.startswith("SPURIOUS") for line in report.splitlines())
    assert any(line.startswith("MISMATCH") and "title" in line for line in report.splitlines())
    assert "MISS " not in format_report(result, details=False)
    data = json.loads(json.dumps(score_to_json(result)))
    assert data["fields"]["amounts"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert data["spurious"][0]["item"]["value"] == 3000000
    assert data["publication_date_accuracy"]["value"] == 1.0


# --------------------------------------------------------------------------- Parquet tables

def write(tmp_path: Path, table: str, schema: pa.Schema, rows: list[dict]) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp_path / f"{table}.parquet")


def test_predictions_from_tables(tmp_path: Path) -> None:
    write(tmp_path, "documents", pa.schema([
        ("doc_id", pa.string()), ("publication_date", pa.date32()), ("dateline", pa.string()),
        ("status", pa.string())]), [
        {"doc_id": "a.txt", "publication_date": date(2023, 1, 31), "dateline": "LISBON", "status": "ok"},
        {"doc_id": "sub/b.txt", "publication_date": None, "dateline": None, "status": "ok"},
        {"doc_id": "c.txt", "publication_date": None, "dateline": None, "status": "error"},
    ])
    write(tmp_path, "programmes", pa.schema([
        ("doc_id", pa.string()), ("name", pa.string()), ("acronym", pa.string()), ("phase", pa.string()),
        ("parent", pa.string()), ("funders", pa.list_(pa.string())), ("implementers", pa.list_(pa.string())),
        ("funding_instrument", pa.string()), ("n_mentions", pa.int32())]), [
        {"doc_id": "a.txt", "name": "EU4Monitoring Drugs II", "acronym": "EU4MD II", "phase": "II",
         "parent": "EU4MD", "funders": ["European Union"], "implementers": [], "funding_instrument": None,
         "n_mentions": 3},
    ])
    write(tmp_path, "amounts", pa.schema([
        ("doc_id", pa.string()), ("text", pa.string()), ("value", pa.decimal128(38, 6)), ("currency", pa.string()),
        ("value_eur", pa.decimal128(38, 6)), ("qualifier", pa.string()), ("label", pa.string()),
        ("programme", pa.string())]), [
        {"doc_id": "a.txt", "text": "€4 million", "value": Decimal("4000000"), "currency": "EUR",
         "value_eur": Decimal("4000000"), "qualifier": None, "label": None, "programme": "EU4MD II"},
        {"doc_id": "sub/b.txt", "text": "4 954 784.93", "value": Decimal("4954784.93"), "currency": "EUR",
         "value_eur": Decimal("4954784.93"), "qualifier": None, "label": "Total Cost", "programme": None},
    ])
    write(tmp_path, "durations", pa.schema([
        ("doc_id", pa.string()), ("text", pa.string()), ("value", pa.string()), ("kind", pa.string()),
        ("period_start", pa.string()), ("period_end", pa.string()), ("qualifier", pa.string()),
        ("programme", pa.string())]), [
        {"doc_id": "a.txt", "text": "2019 to 2022", "value": "2019/2022", "kind": "interval",
         "period_start": "2019", "period_end": "2022", "qualifier": None, "programme": "EU4MD"},
    ])
    write(tmp_path, "officials", pa.schema([
        ("doc_id", pa.string()), ("name", pa.string()), ("honorific", pa.string()), ("title", pa.string()),
        ("organisation", pa.string()), ("country", pa.string())]), [
        {"doc_id": "sub/b.txt", "name": "Alexis Goosdeel", "honorific": "Mr", "title": "Director",
         "organisation": "EMCDDA", "country": None},
    ])
    write(tmp_path, "dates", pa.schema([
        ("doc_id", pa.string()), ("text", pa.string()), ("value", pa.string()), ("grain", pa.string()),
        ("relative", pa.bool_())]), [])

    predicted = predictions_from_tables(tmp_path)

    assert sorted(predicted) == ["a.txt", "c.txt", "sub/b.txt"]
    a, b, c = predicted["a.txt"], predicted["sub/b.txt"], predicted["c.txt"]
    assert (a["doc"], a["publication_date"], a["dateline"]) == ("a.txt", "2023-01-31", "LISBON")
    assert a["programmes"] == [{"name": "EU4Monitoring Drugs II", "acronym": "EU4MD II", "parent": "EU4MD",
                                "phase": "II", "funders": ["European Union"], "implementers": [],
                                "funding_instrument": None}]
    assert a["amounts"] == [{"text": "€4 million", "value": 4000000, "currency": "EUR", "qualifier": None,
                             "label": None, "programme": "EU4MD II"}]
    assert a["durations"] == [{"text": "2019 to 2022", "value": "2019/2022", "qualifier": None,
                               "programme": "EU4MD"}]
    assert a["officials"] == a["dates"] == []
    assert b["publication_date"] is None
    assert b["amounts"][0]["value"] == 4954784.93
    assert b["officials"] == [{"name": "Alexis Goosdeel", "title": "Director", "organisation": "EMCDDA",
                               "country": None}]
    assert c == doc(doc="c.txt")
    json.dumps(predicted)

    gold = {"b.txt": doc(doc="b.txt", amounts=[{"value": 4954784.93, "currency": "EUR"}],
                         officials=[{"name": "Alexis Goosdeel"}])}
    result = score(gold, predicted)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 0, 0)


def test_predictions_from_tables_needs_documents(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="documents"):
        predictions_from_tables(tmp_path)
