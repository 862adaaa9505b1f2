"""Offline HTML review of a run: see what was extracted, where, and (with gold) how well.

:func:`build_report` reads the Parquet tables of an output folder and writes a
static, self-contained site (inline CSS and a little vanilla JavaScript, no
network, opens from disk):

* ``index.html``: one row per document with its status, publication date,
  dateline and the number of rows per kind; the columns sort on a click;
* ``docs/<name>.html``: one page per document, its text with every extraction
  highlighted in place (a colour per kind; overlapping spans are cut into
  segments, each carrying every span that covers it), a tooltip and a details
  panel per highlight, and one table per kind below. Documents that were
  skipped or failed show their status, reason and error instead.

With gold annotations (``tests/data/FORMAT.md``) the output is scored with
:func:`pipeline.evaluate.score`: spurious rows are outlined in the text and
flagged in the tables, missed gold items and wrong attributes are listed per
document, and the index gets per-document P/R/F1.

Everything that comes from the input is escaped with :func:`html.escape`, so a
release containing markup renders as text. Like all library code, this module
never prints.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import __version__
from .evaluate import (FIELDS, Mismatch, Miss, Score, Spurious, describe, item_key,
                       load_gold, normalise_name, predictions_from_tables, score)

#: The extraction kinds shown, in display order (the scored fields of the evaluation).
KINDS: tuple[str, ...] = FIELDS

#: Kind -> (strong colour, light background).
COLOURS: dict[str, tuple[str, str]] = {
    "programmes": ("#2563eb", "#dbeafe"),
    "amounts": ("#15803d", "#dcfce7"),
    "durations": ("#c2410c", "#ffedd5"),
    "officials": ("#7e22ce", "#f3e8ff"),
    "dates": ("#be185d", "#fce7f3"),
}

#: Kind -> singular label.
SINGULAR: dict[str, str] = {
    "programmes": "programme", "amounts": "amount", "durations": "duration",
    "officials": "official", "dates": "date",
}

#: Folder of the document pages, inside the report folder.
DOCS_DIR = "docs"


@dataclass
class ReportSummary:
    """What :func:`build_report` wrote."""

    index: Path
    pages: dict[str, Path] = field(default_factory=dict)
    n_documents: int = 0
    scored: int = 0
    overall: Score | None = None


# --------------------------------------------------------------------------- escaping and values

def esc(value: Any) -> str:
    """Any value as escaped HTML text, safe in element content and quoted attributes.

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    >>> esc(None)
    ''
    """
    return html.escape("" if value is None else str(value), quote=True)


def fmt(value: Any) -> str:
    """A cell value as plain text: decimals without trailing zeros, lists joined, dates ISO.

    >>> fmt(Decimal("5000000.000000")), fmt(Decimal("4954784.930000"))
    ('5000000', '4954784.93')
    >>> fmt(["European Union", "INTERPOL"]), fmt(None), fmt(True)
    ('European Union; INTERPOL', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(fmt(v) for v in value)
    return str(value)


def money(value: Any) -> str:
    """A money value with thousands separators.

    >>> money(Decimal("5000000.000000")), money(Decimal("1234.5")), money(None)
    ('5,000,000', '1,234.50', '')
    """
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}"


def page_names(doc_ids: Iterable[str]) -> dict[str, str]:
    """A safe, unique file name per doc_id (unique even on a case-insensitive disk).

    Characters other than letters, digits, ``.``, ``_`` and ``-`` become ``_``; a
    short hash of the doc_id is added where that changed the name or made it clash.

    >>> page_names(["a.txt", "sub/a.txt", "A.txt"])
    {'a.txt': 'a.txt.html', 'sub/a.txt': 'sub_a.txt-f08ae66e.html', 'A.txt': 'A.txt-340fd52f.html'}
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    for doc_id in doc_ids:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._")[:80] or "doc"
        name = slug
        if slug != doc_id or slug.casefold() in taken:
            name = f"{slug}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:8]}"
        n = 1
        while name.casefold() in taken:
            n += 1
            name = f"{slug}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:8]}-{n}"
        taken.add(name.casefold())
        names[doc_id] = f"{name}.html"
    return names


# --------------------------------------------------------------------------- loading

def _read_table(folder: Path, table: str, *, required: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    from .load import read_rows
    from .schema import columns

    return columns(table), read_rows(folder, table, required=required)


@dataclass
class _Span:
    """One extraction row placed in the text."""

    kind: str
    index: int
    row: dict[str, Any]
    spurious: bool = False

    @property
    def sid(self) -> str:
        return f"{self.kind}-{self.index}"

    @property
    def start(self) -> int:
        return int(self.row["start"])

    @property
    def end(self) -> int:
        return int(self.row["end"])


@dataclass
class _Doc:
    row: dict[str, Any]
    page: str
    spans: dict[str, list[_Span]] = field(default_factory=dict)
    gold_key: str | None = None
    score: Score | None = None

    @property
    def doc_id(self) -> str:
        return self.row["doc_id"]


# --------------------------------------------------------------------------- building

def build_report(out_dir: str | Path = "output", to_dir: str | Path | None = None,
                 gold_dir: str | Path | None = None) -> ReportSummary:
    """Write the HTML review of the run in ``out_dir`` to ``to_dir`` (default ``<out_dir>/report``).

    ``gold_dir``: a folder of gold JSON files; the pages then mark spurious and
    missed items and the index shows per-document P/R/F1.
    Raises ``FileNotFoundError`` when ``out_dir`` has no ``documents`` table.
    """
    out = Path(out_dir)
    to = Path(to_dir) if to_dir is not None else out / "report"
    _, doc_rows = _read_table(out, "documents", required=True)
    columns: dict[str, list[str]] = {}
    rows_by_doc: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for kind in KINDS:
        columns[kind], rows = _read_table(out, kind)
        for row in rows:
            rows_by_doc[row["doc_id"]][kind].append(row)

    names = page_names(r["doc_id"] for r in doc_rows)
    docs: list[_Doc] = []
    for row in doc_rows:
        doc = _Doc(row=row, page=names[row["doc_id"]])
        for kind in KINDS:
            rows = sorted(rows_by_doc[doc.doc_id][kind], key=lambda r: (r["start"], -r["end"], r["rule_id"]))
            doc.spans[kind] = [_Span(kind, i, r) for i, r in enumerate(rows)]
        docs.append(doc)

    summary = ReportSummary(index=to / "index.html", n_documents=len(docs))
    unmatched_gold: list[str] = []
    if gold_dir is not None:
        gold = load_gold(gold_dir)
        predicted = predictions_from_tables(out)
        summary.overall = score(gold, predicted)
        by_id = {d.doc_id: d for d in docs}
        by_base: dict[str, _Doc] = {}
        for d in sorted(docs, key=lambda d: d.doc_id):
            by_base.setdefault(_basename(d.doc_id), d)
        for key in sorted(gold):
            doc = by_id.get(key) or by_base.get(_basename(key))
            if doc is None or doc.score is not None:
                unmatched_gold.append(key)
                continue
            doc.gold_key = key
            doc.score = score({key: gold[key]}, {doc.doc_id: predicted.get(doc.doc_id, {})})
            _mark_spurious(doc, doc.score.spurious)
            summary.scored += 1

    docs_dir = to / DOCS_DIR
    docs_dir.mkdir(parents=True, exist_ok=True)
    keep = {d.page for d in docs}
    for stale in docs_dir.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    for doc in docs:
        path = docs_dir / doc.page
        path.write_text(_document_page(doc, columns, gold_dir is not None), encoding="utf-8")
        summary.pages[doc.doc_id] = path
    summary.index.write_text(_index_page(docs, out, summary, unmatched_gold, gold_dir), encoding="utf-8")
    return summary


def _basename(doc_id: str) -> str:
    return re.split(r"[\\/]", doc_id)[-1]


def _mark_spurious(doc: _Doc, spurious: Iterable[Spurious]) -> None:
    """Flag the rows whose item is one of the spurious (deduplicated) predictions."""
    keys: dict[str, set[Any]] = defaultdict(set)
    for extra in spurious:
        keys[extra.field].add(item_key(extra.field, extra.item))
    for kind, spans in doc.spans.items():
        for span in spans:
            if item_key(kind, span.row) in keys.get(kind, ()):
                span.spurious = True


# --------------------------------------------------------------------------- details of one row

def _value_text(kind: str, row: Mapping[str, Any]) -> str:
    """The normalised value of a row on one line."""
    if kind == "programmes":
        acronym = f" ({row['acronym']})" if row.get("acronym") else ""
        return f"{row.get('name') or ''}{acronym}"
    if kind == "amounts":
        parts = [row.get("qualifier"), money(row.get("value")), row.get("currency")]
        return " ".join(str(p) for p in parts if p)
    if kind == "durations":
        return " ".join(str(p) for p in (row.get("qualifier"), row.get("value")) if p)
    if kind == "officials":
        return " ".join(str(p) for p in (row.get("honorific"), row.get("name")) if p)
    if kind == "dates":
        rel = ", relative" if row.get("relative") else ""
        return f"{row.get('value') or ''} ({row.get('grain') or ''}{rel})"
    return fmt(row.get("value"))


class _Links:
    """Find programme rows of one document by a name or acronym."""

    def __init__(self, programmes: list[_Span]):
        self.programmes = programmes
        self.by_form: dict[str, _Span] = {}
        for span in programmes:
            for form in (span.row.get("name"), span.row.get("acronym")):
                if form:
                    self.by_form.setdefault(normalise_name(form), span)

    def find(self, name: str | None) -> _Span | None:
        return self.by_form.get(normalise_name(name)) if name else None

    def phases(self, span: _Span) -> list[_Span]:
        forms = {normalise_name(span.row.get(k)) for k in ("name", "acronym") if span.row.get(k)}
        return [s for s in self.programmes
                if s is not span and s.row.get("parent") and normalise_name(s.row["parent"]) in forms]


def _link(target: _Span | None, label: str | None) -> str:
    if not label:
        return '<span class="null">—</span>'
    if target is None:
        return f'{esc(label)} <span class="note">(not among the rows)</span>'
    return f'<a class="jump" href="#span-{esc(target.sid)}" data-id="{esc(target.sid)}">{esc(label)}</a>'


def _detail_pairs(span: _Span, links: _Links) -> list[tuple[str, str]]:
    """(label, HTML) lines of a span's details card."""
    row, kind = span.row, span.kind
    pairs: list[tuple[str, str]] = [("value", f"<b>{esc(_value_text(kind, row))}</b>")]
    if kind == "programmes":
        for key in ("name", "acronym", "phase"):
            if row.get(key):
                pairs.append((key, esc(row[key])))
        if row.get("parent"):
            pairs.append(("parent", _link(links.find(row["parent"]), row["parent"])))
        phases = links.phases(span)
        if phases:
            pairs.append(("phases", ", ".join(_link(p, p.row.get("name")) for p in phases)))
        pairs.append(("funders", esc(fmt(row.get("funders"))) or '<span class="null">—</span>'))
        pairs.append(("implementers", esc(fmt(row.get("implementers"))) or '<span class="null">—</span>'))
        for key in ("funding_instrument", "n_mentions"):
            if row.get(key) is not None:
                pairs.append((key.replace("_", " "), esc(fmt(row[key]))))
    elif kind in ("amounts", "durations"):
        keys = (("value_eur", "label", "qualifier") if kind == "amounts"
                else ("kind", "period_start", "period_end", "qualifier"))
        for key in keys:
            if row.get(key) is not None:
                shown = money(row[key]) if key == "value_eur" else fmt(row[key])
                pairs.append((key.replace("_", " "), esc(shown)))
        pairs.append(("programme", _link(links.find(row.get("programme")), row.get("programme"))))
    elif kind == "officials":
        for key in ("title", "organisation", "country"):
            if row.get(key):
                pairs.append((key, esc(row[key])))
    pairs.append(("rule", f"<code>{esc(row.get('rule_id'))}</code>"))
    pairs.append(("sentence", esc(row.get("sentence_id"))))
    pairs.append(("span", f"{esc(row.get('start'))}–{esc(row.get('end'))}"))
    if span.spurious:
        pairs.append(("gold", '<span class="bad">spurious: matches no gold item</span>'))
    return pairs


def _tooltip(span: _Span) -> str:
    row = span.row
    flag = " [SPURIOUS]" if span.spurious else ""
    return (f"{SINGULAR[span.kind]}: {_value_text(span.kind, row)}{flag}\n"
            f"rule {row.get('rule_id')} · sentence {row.get('sentence_id')}")


def _detail_card(span: _Span, links: _Links) -> str:
    lines = "".join(f"<tr><th>{esc(label)}</th><td>{value}</td></tr>"
                    for label, value in _detail_pairs(span, links))
    bad = " spurious" if span.spurious else ""
    return (f'<div class="card k-{esc(span.kind)}{bad}" id="d-{esc(span.sid)}" data-id="{esc(span.sid)}">'
            f'<div class="card-head"><span class="swatch"></span>{esc(SINGULAR[span.kind])} '
            f'<a class="jump" href="#row-{esc(span.sid)}" data-id="{esc(span.sid)}">#{span.index}</a>'
            f' <q>{esc(span.row.get("text"))}</q></div><table>{lines}</table></div>')


# --------------------------------------------------------------------------- highlighted text

def highlight(text: str, spans: list[_Span]) -> str:
    """``text`` as escaped HTML, every span wrapped in place.

    Spans may nest and overlap: the text is cut at every span boundary and each
    segment is one ``<span class="hl">`` listing (in ``data-ids``) every span
    covering it, innermost first. The first segment of each span has the id
    ``span-<kind>-<index>``.
    """
    placed = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in placed), *(s.end for s in placed)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        cover = sorted((s for s in placed if s.start <= a and b <= s.end),
                       key=lambda s: (s.end - s.start, KINDS.index(s.kind), s.index))
        if not cover:
            parts.append(piece)
            continue
        kinds = list(dict.fromkeys(s.kind for s in cover))
        classes = ["hl", *(f"k-{k}" for k in kinds)]
        if any(s.spurious for s in cover):
            classes.append("spurious")
        if any(s.start == a for s in cover):
            classes.append("open")
        if any(s.end == b for s in cover):
            classes.append("close")
        shadows = ", ".join(f"inset 0 -{3 * (j + 1)}px 0 {COLOURS[k][0]}" for j, k in enumerate(kinds))
        style = f"background:{COLOURS[kinds[0]][1]};box-shadow:{shadows}"
        if len(kinds) > 1:
            style += f";padding-bottom:{3 * (len(kinds) - 1)}px"
        starts = [s for s in cover if s.start == a]
        anchor = f' id="span-{esc(starts[0].sid)}"' if starts else ""
        also = " ".join(f"span-{s.sid}" for s in starts[1:])
        extra = f' data-anchors="{esc(also)}"' if also else ""
        title = "\n\n".join(_tooltip(s) for s in cover)
        parts.append(f'<span class="{" ".join(classes)}"{anchor}{extra} tabindex="0" '
                     f'data-ids="{esc(" ".join(s.sid for s in cover))}" style="{style}" '
                     f'title="{esc(title)}">{piece}</span>')
    return "".join(parts)


# --------------------------------------------------------------------------- pages

_CSS = """
:root { --fg:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bad:#dc2626; --ok:#15803d; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       margin: 0; padding: 16px 24px 48px; background: #fafafa; }
h1 { font-size: 20px; margin: 4px 0 8px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 8px; }
a { color: #1d4ed8; }
.muted, .note { color: var(--muted); }
.null { color: #9ca3af; }
.bad { color: var(--bad); font-weight: 600; }
.good { color: var(--ok); }
nav { margin-bottom: 8px; }
table.data { border-collapse: collapse; background: #fff; width: 100%; font-size: 13px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
                               vertical-align: top; }
table.data th { background: #f3f4f6; position: sticky; top: 0; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; }
table.sortable th::after { content: " \\2195"; color: #9ca3af; }
table.sortable th[aria-sort="ascending"]::after { content: " \\2191"; color: var(--fg); }
table.sortable th[aria-sort="descending"]::after { content: " \\2193"; color: var(--fg); }
tr.spurious td { background: #fef2f2; }
tr.flash td { background: #fef9c3 !important; }
.status-ok { color: var(--ok); }
.status-skipped { color: #b45309; font-weight: 600; }
.status-error { color: var(--bad); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; align-items: center; }
.legend span.key { padding: 1px 6px; border-radius: 3px; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 20px; align-items: start; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--line);
        border-radius: 6px; padding: 16px 20px; font: 15px/1.9 Georgia, "Times New Roman", serif; margin: 0; }
.hl { cursor: pointer; }
.hl.open { border-top-left-radius: 3px; border-bottom-left-radius: 3px; margin-left: 1px; }
.hl.close { border-top-right-radius: 3px; border-bottom-right-radius: 3px; margin-right: 1px; }
.hl:hover, .hl:focus { filter: brightness(0.92); outline: none; }
.hl.sel { outline: 2px solid #111827; }
.hl.spurious { outline: 2px dashed var(--bad); outline-offset: 1px; }
.hl.spurious.close::after { content: "spurious"; font: 600 9px/1 system-ui, sans-serif; color: #fff;
        background: var(--bad); border-radius: 3px; padding: 1px 3px; margin-left: 2px; vertical-align: super; }
.panel { position: sticky; top: 12px; background: #fff; border: 1px solid var(--line); border-radius: 6px;
         padding: 12px; max-height: calc(100vh - 24px); overflow: auto; }
.panel h3 { margin: 0 0 8px; font-size: 14px; }
.card { border-left: 4px solid #999; padding: 6px 8px; margin: 0 0 10px; background: #f9fafb; }
.card.spurious { outline: 2px dashed var(--bad); }
.card-head { font-weight: 600; margin-bottom: 4px; }
.card-head q { font-weight: 400; color: var(--muted); }
.card table { border-collapse: collapse; font-size: 13px; }
.card th { text-align: left; color: var(--muted); font-weight: 500; padding: 1px 10px 1px 0; vertical-align: top;
           white-space: nowrap; }
.card td { padding: 1px 0; overflow-wrap: anywhere; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.box { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.box.problem { border-color: #fca5a5; background: #fef2f2; }
.box.misses { border-color: #fcd34d; background: #fffbeb; }
.box ul { margin: 4px 0; padding-left: 20px; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; }
.kv dt { color: var(--muted); } .kv dd { margin: 0; overflow-wrap: anywhere; }
.scores { font-variant-numeric: tabular-nums; }
#details-store { display: none; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } .panel { position: static; } }
"""


def _kind_css() -> str:
    rules = []
    for kind, (strong, light) in COLOURS.items():
        rules.append(f".k-{kind} .swatch, .swatch.k-{kind} {{ background: {strong}; }}")
        rules.append(f".card.k-{kind} {{ border-left-color: {strong}; }}")
        rules.append(f".legend .key.k-{kind} {{ background: {light}; box-shadow: inset 0 -3px 0 {strong}; }}")
    return "\n".join(rules)


#: Sorting of ``table.sortable`` by a click on a header (cells may carry ``data-sort``).
_SORT_JS = """
(function () {
  function key(cell, numeric) {
    var v = cell.getAttribute('data-sort');
    if (v === null) { v = cell.textContent.trim(); }
    if (numeric) { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.setAttribute('tabindex', '0');
      function sort() {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var numeric = th.classList.contains('num');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sort(); } });
    });
  });
})();
"""

#: Details panel of a document page: a click on a highlight shows the cards of
#: every span covering it; links in the cards jump to other spans or table rows.
_DETAILS_JS = """
(function () {
  var panel = document.getElementById('details');
  var body = document.getElementById('details-body');
  function segmentsOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll('.hl'), function (el) {
      return (' ' + el.getAttribute('data-ids') + ' ').indexOf(' ' + id + ' ') >= 0;
    });
  }
  function show(ids) {
    document.querySelectorAll('.hl.sel').forEach(function (el) { el.classList.remove('sel'); });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    ids.forEach(function (id) {
      var card = document.getElementById('d-' + id);
      if (!card) { return; }
      var copy = card.cloneNode(true);
      copy.removeAttribute('id');
      body.appendChild(copy);
      segmentsOf(id).forEach(function (el) { el.classList.add('sel'); });
    });
    panel.setAttribute('data-shown', ids.join(' '));
  }
  function ids(el) { return (el.getAttribute('data-ids') || '').split(' ').filter(Boolean); }
  document.querySelectorAll('.hl').forEach(function (el) {
    el.addEventListener('click', function (e) { e.stopPropagation(); show(ids(el)); });
    el.addEventListener('keydown', function (e) { if (e.key === 'Enter') { show(ids(el)); } });
  });
  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('a.jump') : null;
    if (!a) { return; }
    var id = a.getAttribute('data-id');
    var target = document.getElementById(a.getAttribute('href').slice(1));
    if (a.getAttribute('href').indexOf('#span-') === 0) {
      var segs = segmentsOf(id);
      target = segs.length ? segs[0] : target;
      show([id]);
    } else if (target) {
      target.classList.add('flash');
      setTimeout(function () { target.classList.remove('flash'); }, 1500);
    }
    if (target) { e.preventDefault(); target.scrollIntoView({block: 'center'}); }
  });
})();
"""


def _page(title: str, body: str, scripts: Iterable[str]) -> str:
    js = "".join(f"<script>{s}</script>" for s in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="pipeline {esc(__version__)}">'
            f"<title>{esc(title)}</title><style>{_CSS}{_kind_css()}</style></head>"
            f"<body>{body}{js}</body></html>\n")


def _legend(counts: Mapping[str, int] | None = None, gold: bool = False) -> str:
    keys = []
    for kind in KINDS:
        n = f" ({counts[kind]})" if counts is not None else ""
        keys.append(f'<span class="key k-{kind}">{esc(kind)}{n}</span>')
    if gold:
        keys.append('<span class="key" style="outline:2px dashed var(--bad)">spurious (not in gold)</span>')
    return f'<div class="legend"><span class="muted">Legend:</span>{"".join(keys)}</div>'


def _pr(result: Score | None) -> tuple[str, str, str]:
    if result is None:
        return ("", "", "")
    o = result.overall
    return (f"{o.precision:.3f}", f"{o.recall:.3f}", f"{o.f1:.3f}")


def _index_page(docs: list[_Doc], out: Path, summary: ReportSummary, unmatched_gold: list[str],
                gold_dir: str | Path | None) -> str:
    gold = gold_dir is not None
    head = ['<th>document</th>', '<th>status</th>', '<th>publication date</th>', '<th>dateline</th>',
            *(f'<th class="num">{esc(k)}</th>' for k in KINDS)]
    if gold:
        head += ['<th class="num">P</th>', '<th class="num">R</th>', '<th class="num">F1</th>',
                 '<th class="num">missed</th>', '<th class="num">spurious</th>']
    rows = []
    totals = dict.fromkeys(KINDS, 0)
    for doc in docs:
        r = doc.row
        status = r.get("status") or ""
        why = f' <span class="muted">{esc(r.get("reason"))}</span>' if r.get("reason") else ""
        cells = [f'<td data-sort="{esc(doc.doc_id)}"><a href="{DOCS_DIR}/{esc(doc.page)}">{esc(doc.doc_id)}</a></td>',
                 f'<td data-sort="{esc(status)}"><span class="status-{esc(status)}">{esc(status)}</span>{why}</td>',
                 f'<td>{esc(fmt(r.get("publication_date")))}</td>', f'<td>{esc(r.get("dateline"))}</td>']
        for kind in KINDS:
            n = len(doc.spans[kind])
            totals[kind] += n
            cells.append(f'<td class="num">{n}</td>')
        if gold:
            if doc.score is None:
                cells += ['<td class="num" data-sort=""><span class="null">—</span></td>'] * 5
            else:
                p, rc, f1 = _pr(doc.score)
                cells += [f'<td class="num">{p}</td>', f'<td class="num">{rc}</td>', f'<td class="num">{f1}</td>',
                          f'<td class="num">{len(doc.score.misses)}</td>',
                          f'<td class="num">{len(doc.score.spurious)}</td>']
        rows.append(f"<tr>{''.join(cells)}</tr>")
    statuses: dict[str, int] = defaultdict(int)
    for doc in docs:
        statuses[doc.row.get("status") or "?"] += 1
    facts = [("output", esc(out)), ("documents", esc(len(docs)) + " ("
              + ", ".join(f"{esc(n)} {esc(s)}" for s, n in sorted(statuses.items())) + ")"),
             ("rows", ", ".join(f"{esc(k)} {totals[k]}" for k in KINDS))]
    if gold:
        p, rc, f1 = _pr(summary.overall)
        o = summary.overall.overall if summary.overall else None
        facts.append(("gold", esc(gold_dir)))
        facts.append(("overall (micro)", f'<span class="scores">P {p} · R {rc} · F1 {f1}'
                      + (f" · tp {o.tp}, fp {o.fp}, fn {o.fn}" if o else "")
                      + f" over {summary.overall.n_docs if summary.overall else 0} gold documents</span>"))
        if unmatched_gold:
            facts.append(("gold without output", '<span class="bad">'
                          + ", ".join(esc(k) for k in unmatched_gold) + "</span>"))
    dl = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    body = (f"<h1>Extraction review</h1><dl class=\"kv box\">{dl}</dl>{_legend(gold=False)}"
            f'<p class="muted">Click a column header to sort; click a document to see its text '
            f"with every extraction highlighted.</p>"
            f'<table class="data sortable" id="documents"><thead><tr>{"".join(head)}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
    return _page("Extraction review", body, [_SORT_JS])


def _document_page(doc: _Doc, columns: Mapping[str, list[str]], gold: bool) -> str:
    r = doc.row
    status = r.get("status") or ""
    all_spans = [s for kind in KINDS for s in doc.spans[kind]]
    links = _Links(doc.spans["programmes"])
    facts = [("status", f'<span class="status-{esc(status)}">{esc(status)}</span>'),
             ("publication date", esc(fmt(r.get("publication_date"))) or '<span class="null">—</span>'),
             ("dateline", esc(r.get("dateline")) or '<span class="null">—</span>'),
             ("path", esc(r.get("path"))), ("characters", esc(r.get("n_chars"))),
             ("encoding", esc(r.get("encoding"))), ("model", esc(r.get("model"))),
             ("pipeline / rules", f"{esc(r.get('pipeline_version'))} / {esc(r.get('rules_hash'))}")]
    if doc.score is not None:
        p, rc, f1 = _pr(doc.score)
        o = doc.score.overall
        facts.append(("against gold", f'<span class="scores">P {p} · R {rc} · F1 {f1} '
                      f"(tp {o.tp}, fp {o.fp}, fn {o.fn})</span>"))
    elif gold:
        facts.append(("against gold", '<span class="null">no gold file for this document</span>'))
    dl = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in facts)
    parts = ['<nav><a href="../index.html" id="back">&larr; All documents</a></nav>',
             f"<h1>{esc(doc.doc_id)}</h1>", f'<dl class="kv box">{dl}</dl>']
    text = r.get("text")
    if status != "ok" or text is None:
        parts.append(f'<div class="box problem" id="problem"><h2>Not extracted: {esc(status)}</h2>'
                     f'<dl class="kv"><dt>status</dt><dd>{esc(status)}</dd>'
                     f'<dt>reason</dt><dd>{esc(r.get("reason")) or "—"}</dd>'
                     f'<dt>error</dt><dd>{esc(r.get("error")) or "—"}</dd></dl></div>')
    if doc.score is not None:
        parts.append(_gold_boxes(doc.score))
    if text is not None and status == "ok":
        counts = {k: len(doc.spans[k]) for k in KINDS}
        parts.append(_legend(counts, gold=doc.score is not None))
        parts.append(f'<div class="layout"><pre class="text" id="text">{highlight(text, all_spans)}</pre>'
                     f'<aside class="panel" id="details"><h3>Details</h3><div id="details-body">'
                     f'<p class="muted">Click a highlight to see its normalised value, rule, sentence '
                     f"and links. Hover for a summary.</p></div></aside></div>")
        unplaced = [s for s in all_spans if not 0 <= s.start < s.end <= len(text)]
        if unplaced:
            parts.append('<div class="box problem">Rows whose offsets fall outside the text: '
                         + ", ".join(esc(s.sid) for s in unplaced) + "</div>")
    for kind in KINDS:
        parts.append(_kind_table(kind, doc.spans[kind], columns[kind], gold=doc.score is not None))
    parts.append(f'<div id="details-store">{"".join(_detail_card(s, links) for s in all_spans)}</div>')
    parts.append('<nav><a href="../index.html">&larr; All documents</a></nav>')
    return _page(doc.doc_id, "".join(parts), [_SORT_JS, _DETAILS_JS])


def _gold_boxes(result: Score) -> str:
    misses: list[Miss] = result.misses
    items = "".join(f'<li><span class="swatch k-{esc(m.field)}"></span><b>{esc(SINGULAR.get(m.field, m.field))}</b> '
                    f"{esc(describe(m.field, m.item))}</li>" for m in misses)
    out = [f'<div class="box misses" id="missed"><b>Missed (in gold, not extracted): {len(misses)}</b>'
           + (f"<ul>{items}</ul>" if misses else ' <span class="good">none</span>') + "</div>"]
    spurious = result.spurious
    if spurious:
        items = "".join(f'<li><span class="swatch k-{esc(s.field)}"></span><b>{esc(SINGULAR.get(s.field, s.field))}</b> '
                        f"{esc(describe(s.field, s.item))}</li>" for s in spurious)
        out.append(f'<div class="box problem" id="spurious"><b>Spurious (extracted, not in gold): '
                   f"{len(spurious)}</b><ul>{items}</ul></div>")
    wrong: list[Mismatch] = result.mismatches
    if wrong:
        items = "".join(f"<li><b>{esc(m.field)}</b> {esc(describe(m.field, m.item, brief=True) if m.item else '')} "
                        f"{esc(m.aspect)}: expected <q>{esc(m.expected)}</q>, got <q>{esc(m.got)}</q></li>"
                        for m in wrong)
        out.append(f'<div class="box" id="mismatches"><b>Wrong attributes: {len(wrong)}</b><ul>{items}</ul></div>')
    return "".join(out)


def _kind_table(kind: str, spans: list[_Span], columns: list[str], *, gold: bool) -> str:
    head = ['<th class="num">#</th>', *(f"<th{_num_class(c, kind)}>{esc(c)}</th>" for c in columns)]
    if gold:
        head.append("<th>gold</th>")
    rows = []
    for span in spans:
        cells = [f'<td class="num" data-sort="{span.index}"><a class="jump" href="#span-{esc(span.sid)}" '
                 f'data-id="{esc(span.sid)}">{span.index}</a></td>']
        for c in columns:
            value = span.row.get(c)
            shown = esc(fmt(value)) if value is not None else '<span class="null">—</span>'
            sort = f' data-sort="{esc(fmt(value))}"' if value is not None else ' data-sort=""'
            cells.append(f"<td{_num_class(c, kind)}{sort}>{shown}</td>")
        if gold:
            cells.append('<td class="bad">spurious</td>' if span.spurious else '<td class="good">ok</td>')
        cls = ' class="spurious"' if span.spurious else ""
        rows.append(f'<tr id="row-{esc(span.sid)}"{cls}>{"".join(cells)}</tr>')
    if not rows:
        return (f'<h2 id="table-{esc(kind)}"><span class="swatch k-{esc(kind)}"></span>{esc(kind)} (0)</h2>'
                f'<p class="muted">None extracted.</p>')
    return (f'<h2 id="table-{esc(kind)}"><span class="swatch k-{esc(kind)}"></span>{esc(kind)} ({len(spans)})</h2>'
            f'<div style="overflow-x:auto"><table class="data sortable" data-kind="{esc(kind)}">'
            f'<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


_NUMERIC = {"sentence_id", "start", "end", "value_eur", "n_mentions"}


def _num_class(column: str, kind: str) -> str:
    numeric = column in _NUMERIC or (kind == "amounts" and column == "value")
    return ' class="num"' if numeric else ""

