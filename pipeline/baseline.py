"""The spaCy-NER-only baseline: what the statistical model alone finds, for comparison.

Predictions are built from the ``entities`` table (``source == "model"``) of an
output folder, with the plainest mapping from spaCy labels to fields:

* programmes: ORG, PRODUCT, EVENT and LAW entities (the model has no programme label);
* amounts: MONEY entities, valued by the project's money parser (a span it cannot
  value stays a prediction that matches nothing);
* durations: DATE entities that the project's duration rules read as a length or a
  period, over the entity text alone;
* dates: the other DATE entities, normalised by dateparser (English, day first,
  relative dates against the publication date the pipeline found, at the grain
  dateparser reports);
* officials: PERSON entities, names only.

Publication date and dateline are taken from the pipeline, so only the five
fields compare the model with the rules.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pyarrow.parquet as pq

from .evaluate import predictions_from_tables
from .extractors.amounts import parse_amount
from .extractors.durations import INTERVAL_ENDS, parse_interval, parse_length
from .matcher import find_matches
from .rules import Rules

PROGRAMME_LABELS = {"ORG", "PRODUCT", "EVENT", "LAW"}


@lru_cache(maxsize=4096)
def _dateparser_value(text: str, base: str | None) -> str | None:
    from dateparser.date import DateDataParser

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj
    if data.period == "year":
        return f"{d.year:04d}"
    if data.period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.date().isoformat()


def _duration(text: str, rules: Rules, year: int | None) -> str | None:
    """The first length or period the duration rules read in ``text`` (by rule type: a
    ``length_article`` match, ``for a year``, is skipped, as it always was here)."""
    for m in find_matches(text, rules.kind("durations")):
        rule_type = m.attrs.get("type")
        if rule_type == "length":
            parsed = parse_length(m.groups, rules)
            return parsed[0] if parsed else None
        if rule_type in INTERVAL_ENDS:
            parsed_iv = parse_interval(rule_type, m.groups, year, rules)
            return parsed_iv[0] if parsed_iv else None
    return None


def ner_only_predictions(out_dir: str | Path, rules: Rules) -> dict[str, dict]:
    """Predictions in the gold shape from the model's entities in ``out_dir``."""
    out_dir = Path(out_dir)
    predictions = predictions_from_tables(out_dir)
    for pred in predictions.values():
        for field in ("programmes", "amounts", "durations", "officials", "dates"):
            pred[field] = []
    entities = pq.read_table(out_dir / "entities.parquet").to_pylist()
    for ent in entities:
        if ent["source"] != "model" or ent["doc_id"] not in predictions:
            continue
        pred = predictions[ent["doc_id"]]
        label, text = ent["label"], ent["text"]
        base = pred["publication_date"]
        if label in PROGRAMME_LABELS:
            pred["programmes"].append({"name": text})
        elif label == "PERSON":
            pred["officials"].append({"name": text})
        elif label == "MONEY":
            money = parse_amount(text, rules)
            pred["amounts"].append({"text": text, "value": float(money.value) if money else None,
                                    "currency": money.currency if money else None})
        elif label == "DATE":
            duration = _duration(text, rules, int(base[:4]) if base else None)
            if duration:
                pred["durations"].append({"text": text, "value": duration})
            else:
                pred["dates"].append({"text": text, "value": _dateparser_value(text, base)})
    return predictions
