"""Score the pipeline's dates and durations against TimeML files (TimeBank 1.2 and the like).

A TimeML file gives a document's text (the ``<TEXT>`` element, tags removed),
its creation date (the ``<DCT>`` timex, which anchors relative dates here as a
release's publication date does) and its temporal expressions (``<TIMEX3>``).
:func:`read_timeml` turns one file into a text and a gold document in the shape
of ``tests/data/FORMAT.md``, so :func:`pipeline.evaluate.score` scores it:

* dates: a ``DATE`` whose value is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
* durations: a ``DURATION`` whose value is ``P<n>Y``, ``P<n>M``, ``P<n>W`` or ``P<n>D``;
* optional (a prediction matching one counts neither way): the day, month or
  year of a ``TIME`` (``1998-02-12T19:15``, ``1998-01-20TEV``), a ``DATE`` with
  a time part, and a ``DURATION`` of another calendar form (``P1Y6M``).

Lengths in hours or minutes (``PT4H``) are scored on neither side.

Where TimeML and FORMAT.md differ, FORMAT.md stays the rule of the pipeline and
these scores show the difference: TimeML also marks vague and generic
expressions (``now`` PRESENT_REF, ``several years`` PXY), weeks, quarters,
seasons and decades (``1998-W02``, ``1989-Q3``), which the press-release format
has no value for and which are not scored here; FORMAT.md puts both ends of a
period under durations (``June 2015 - June 2018`` -> ``2015-06/2018-06``) where
TimeML has two ``DATE`` timexes, so a predicted interval counts here as its two
end dates; and both are sets per document, as in :mod:`pipeline.evaluate`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evaluate import FIELDS, Score, _detail_lines

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DATE_PREFIX = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)T")
_SIMPLE_DURATION = re.compile(r"P\d+[YMWD]")
_CALENDAR_DURATION = re.compile(r"P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?")

#: The fields a TimeML file scores.
TIMEML_FIELDS: tuple[str, ...] = ("dates", "durations")


@dataclass
class TimemlDocument:
    """One TimeML file: its text, creation date and gold (FORMAT.md shape)."""

    doc: str
    text: str
    dct: str
    gold: dict[str, Any]


def read_timeml(path: str | Path) -> TimemlDocument:
    """One TimeML file as text, creation date and gold.

    Raises ``ValueError`` naming the file when it is not well-formed XML, or has
    no ``<TEXT>`` or no creation date of the form ``YYYY-MM-DD``.

    >>> import tempfile, os
    >>> body = ('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2019-03-04">March 4, 2019'
    ...         '</TIMEX3></DCT><TEXT>The fund opened <TIMEX3 tid="t1" type="DATE" '
    ...         'value="2019-03-01">on Friday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" '
    ...         'value="P2Y">two years</TIMEX3>.</TEXT></TimeML>')
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "x.tml")
    ...     _ = open(p, "w").write(body)
    ...     doc = read_timeml(p)
    >>> doc.text, doc.dct
    ('The fund opened on Friday for two years.', '2019-03-04')
    >>> [(i["text"], i["value"]) for i in doc.gold["dates"] + doc.gold["durations"]]
    [('on Friday', '2019-03-01'), ('two years', 'P2Y')]
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed TimeML: {exc}") from exc
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT> element")
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" or _is_in_dct(root, timex):
            dct = (timex.get("value") or "")[:10]
            break
    if dct is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
        raise ValueError(f"{path}: no document creation date (a DCT timex with a YYYY-MM-DD value)")
    text = "".join(text_el.itertext())
    gold: dict[str, Any] = {"doc": path.name, "publication_date": dct, "dateline": None,
                            **{name: [] for name in FIELDS}}
    for timex in text_el.iter("TIMEX3"):
        item = _gold_item(timex)
        if item is not None:
            field_name, entry = item
            gold[field_name].append(entry)
    return TimemlDocument(path.name, text, dct, gold)


def _is_in_dct(root: ET.Element, timex: ET.Element) -> bool:
    dct = root.find("DCT")
    return dct is not None and any(t is timex for t in dct.iter("TIMEX3"))


def _gold_item(timex: ET.Element) -> tuple[str, dict[str, Any]] | None:
    kind, value = timex.get("type"), timex.get("value") or ""
    text = "".join(timex.itertext()).strip()
    if kind == "DATE" and _DATE.fullmatch(value):
        return "dates", {"text": text, "value": value}
    if kind == "DURATION" and _SIMPLE_DURATION.fullmatch(value):
        return "durations", {"text": text, "value": value}
    if kind == "DURATION" and _CALENDAR_DURATION.fullmatch(value):
        return "durations", {"text": text, "value": value, "optional": True}
    prefix = _DATE_PREFIX.match(value)
    if kind in ("DATE", "TIME") and prefix:
        return "dates", {"text": text, "value": prefix.group(1), "optional": True}
    return None


def load_timeml(folder: str | Path) -> list[TimemlDocument]:
    """Every ``*.tml`` file of ``folder``, in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"TimeML folder not found: {folder}")
    docs = [read_timeml(p) for p in sorted(folder.glob("*.tml"))]
    if not docs:
        raise ValueError(f"{folder}: no .tml files")
    return docs


def predictions(extraction) -> dict[str, list[dict[str, Any]]]:
    """A pipeline extraction's dates and durations in the TimeML scoring's terms: an
    interval (``2015-06/2018-06``) gives its two end dates, a length of calendar units its
    value; a length in hours or minutes (``PT4H``) is of a kind not scored, as in the gold."""
    dates = [{"text": d.text, "value": d.value} for d in extraction.dates if d.value]
    durations = []
    for d in extraction.durations:
        if not d.value:
            continue
        if "/" in d.value:
            dates.extend({"text": d.text, "value": end} for end in d.value.split("/") if _DATE.fullmatch(end))
        elif _CALENDAR_DURATION.fullmatch(d.value):
            durations.append({"text": d.text, "value": d.value})
    return {"dates": dates, "durations": durations}


def run(pipeline, documents: Iterable[TimemlDocument]) -> tuple[dict[str, dict], dict[str, dict]]:
    """Gold and predictions (keyed by file name) of ``documents``, each text run
    through ``pipeline`` with its creation date as the publication date."""
    gold: dict[str, dict] = {}
    predicted: dict[str, dict] = {}
    for document in documents:
        extraction = pipeline.extract(document.text, doc_id=document.doc, publication_date=document.dct)
        gold[document.doc] = document.gold
        predicted[document.doc] = {"doc": document.doc, "publication_date": document.dct,
                                   "dateline": None, **{name: [] for name in FIELDS},
                                   **predictions(extraction)}
    return gold, predicted


def format_report(result: Score, *, details: bool = True) -> str:
    """The dates and durations rows of a TimeML score, then (with ``details``)
    every miss and spurious item grouped by document."""
    lines = [f"{'field':<12}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}", "-" * 54]
    for name in TIMEML_FIELDS:
        counts = getattr(result, name)
        lines.append(f"{name:<12}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
                     f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}")
    lines.append(f"({result.n_docs} TimeML documents, each with its creation date as the publication date)")
    if details:
        lines.extend(_detail_lines(result))
    return "\n".join(lines)
