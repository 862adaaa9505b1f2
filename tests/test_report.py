"""The offline HTML review (``pipeline report``): generated HTML, and the pages in a real browser.

The browser tests drive Debian's Chromium (``/usr/bin/chromium``, installed by
``make browser``) through Playwright; they fail, never skip, when it cannot start.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch import run
from pipeline.cli import main
from pipeline.report import KINDS, _Span, build_report, highlight, money, page_names

from conftest import ROOT, SEED_GOLD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

HOSTILE = (
    "BRUSSELS, 3 March 2021 - <script>alert(1)</script> The European Union today launched the "
    "Border Management Programme for Central Asia (BOMCA), worth EUR 5 million. "
    '<b>bold</b> <img src=x onerror="alert(2)"> & "quotes" \'apostrophes\'.\n'
    "The three-year programme is implemented by UNDP.\n"
)
HOSTILE_NAME = 'evil <x> & "y".txt'

#: The seed whose gold gets doctored: one amount dropped (-> spurious), one date added (-> missed).
DOCTORED_DOC = "002_b4e339ed521e87e9.txt"
FAKE_DATE = {"text": "31 December 1999", "value": "1999-12-31"}


# --------------------------------------------------------------------------- fixtures

def _rows(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / f"{table}.parquet").to_pylist()


def _by_doc(out: Path) -> dict[str, dict[str, list[dict]]]:
    found: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for kind in KINDS:
        for row in _rows(out, kind):
            found[row["doc_id"]][kind].append(row)
    return found


@pytest.fixture(scope="module")
def seed_report(seed_output, tmp_path_factory) -> Path:
    to = tmp_path_factory.mktemp("report") / "seeds"
    build_report(seed_output, to, gold_dir=SEED_GOLD)
    return to


@pytest.fixture(scope="module")
def doctored_gold(seed_output, tmp_path_factory) -> tuple[Path, dict]:
    """Seed gold with the first amount of DOCTORED_DOC dropped and a date nobody extracts added."""
    folder = tmp_path_factory.mktemp("gold")
    for path in SEED_GOLD.glob("*.json"):
        shutil.copy(path, folder / path.name)
    path = folder / DOCTORED_DOC.replace(".txt", ".json")
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["amounts"], "the doctored seed needs an amount to drop"
    dropped = gold["amounts"].pop(0)
    gold["dates"].append(FAKE_DATE)
    path.write_text(json.dumps(gold), encoding="utf-8")
    return folder, dropped


@pytest.fixture(scope="module")
def doctored_report(seed_output, doctored_gold, tmp_path_factory) -> Path:
    to = tmp_path_factory.mktemp("report") / "doctored"
    build_report(seed_output, to, gold_dir=doctored_gold[0])
    return to


@pytest.fixture(scope="module")
def hostile_output(pipeline, tmp_path_factory) -> Path:
    """A release full of markup, an empty (skipped) file and an odd file name."""
    inputs = tmp_path_factory.mktemp("hostile-in")
    (inputs / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile") / "output"
    run([inputs], out, pipeline=pipeline)
    return out


@pytest.fixture(scope="module")
def hostile_report(hostile_output) -> Path:
    summary = build_report(hostile_output)
    assert summary.index == hostile_output / "report" / "index.html"
    return summary.index.parent


def _page(report: Path, doc_id: str) -> Path:
    return report / "docs" / page_names([doc_id])[doc_id]


def _page_for(report: Path, out: Path, doc_id: str) -> Path:
    names = page_names(r["doc_id"] for r in _rows(out, "documents"))
    return report / "docs" / names[doc_id]


# --------------------------------------------------------------------------- generated HTML

def test_one_page_per_document_linked_from_the_index(seed_output, seed_report):
    doc_ids = [r["doc_id"] for r in _rows(seed_output, "documents")]
    pages = sorted(p.name for p in (seed_report / "docs").glob("*.html"))
    assert len(pages) == len(doc_ids) == len(set(pages))
    index = (seed_report / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(docs/[^"]+)"', index)
    assert sorted(Path(link).name for link in links) == pages
    assert all((seed_report / link).is_file() for link in links)
    for page in (seed_report / "docs").glob("*.html"):
        assert 'href="../index.html"' in page.read_text(encoding="utf-8")


def test_highlights_count_equals_rows(seed_output, seed_report):
    by_doc = _by_doc(seed_output)
    for doc in _rows(seed_output, "documents"):
        html = _page_for(seed_report, seed_output, doc["doc_id"]).read_text(encoding="utf-8")
        text_html = html.split('id="text">', 1)[1].split("</pre>", 1)[0]
        ids = {i for group in re.findall(r'data-ids="([^"]*)"', text_html) for i in group.split()}
        anchors = re.findall(r'id="span-([^"]+)"', text_html) + [
            a.removeprefix("span-") for group in re.findall(r'data-anchors="([^"]*)"', text_html)
            for a in group.split()]
        for kind in KINDS:
            n = len(by_doc[doc["doc_id"]][kind])
            assert len({i for i in ids if i.startswith(kind + "-")}) == n, (doc["doc_id"], kind)
            assert html.count(f'<tr id="row-{kind}-') == n, (doc["doc_id"], kind)
        assert sorted(anchors) == sorted(ids)
        # the highlighted text, tags stripped and unescaped, is the document text
        assert html_lib.unescape(re.sub(r"<[^>]+>", "", text_html)) == doc["text"]


def test_nested_and_overlapping_spans_become_segments():
    text = "Programme X costs EUR 5m in 2020."
    spans = [_Span("programmes", 0, {"start": 0, "end": 33, "rule_id": "p", "sentence_id": 0,
                                     "name": "Programme X", "text": text}),
             _Span("amounts", 0, {"start": 18, "end": 24, "rule_id": "a", "sentence_id": 0,
                                  "value": 5000000, "currency": "EUR", "text": "EUR 5m"}),
             _Span("dates", 0, {"start": 22, "end": 32, "rule_id": "d", "sentence_id": 0,
                                "value": "2020", "grain": "year", "text": "5m in 2020"})]
    out = highlight(text, spans)
    segments = re.findall(r'data-ids="([^"]*)"[^>]*>([^<]*)</span>', out)
    assert [(ids.split(), piece) for ids, piece in segments] == [
        (["programmes-0"], "Programme X costs "),
        (["amounts-0", "programmes-0"], "EUR "),
        (["amounts-0", "dates-0", "programmes-0"], "5m"),
        (["dates-0", "programmes-0"], " in 2020"),
        (["programmes-0"], "."),
    ]
    assert re.sub(r"<[^>]+>", "", out) == text
    assert 'title="amount: 5,000,000 EUR\nrule a · sentence 0' in out


def test_markup_in_a_release_is_escaped(hostile_output, hostile_report):
    html = _page(hostile_report, HOSTILE_NAME).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<b>bold" not in html and "<img" not in html
    assert html.count("<script>") == 2  # the page's own sorting and details scripts
    index = (hostile_report / "index.html").read_text(encoding="utf-8")
    assert "evil &lt;x&gt; &amp; &quot;y&quot;.txt" in index
    assert HOSTILE_NAME not in index
    # nothing loaded from anywhere: no external URL in any page
    for page in [hostile_report / "index.html", *(hostile_report / "docs").glob("*.html")]:
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page.read_text(encoding="utf-8"))


def test_skipped_document_shows_status_reason_and_error(hostile_output, hostile_report):
    row = next(r for r in _rows(hostile_output, "documents") if r["doc_id"] == "empty.txt")
    assert row["status"] == "skipped"
    html = _page(hostile_report, "empty.txt").read_text(encoding="utf-8")
    assert 'id="problem"' in html and 'id="text"' not in html
    assert f"<dd>{row['reason']}</dd>" in html
    assert row["error"] and row["error"] in html


def test_index_is_sortable(seed_report):
    index = (seed_report / "index.html").read_text(encoding="utf-8")
    assert '<table class="data sortable" id="documents">' in index
    assert "addEventListener('click', sort)" in index
    for kind in KINDS:
        assert f'<th class="num">{kind}</th>' in index


def test_gold_marks_spurious_and_missed(seed_output, doctored_gold, doctored_report):
    _, dropped = doctored_gold
    html = _page_for(doctored_report, seed_output, DOCTORED_DOC).read_text(encoding="utf-8")
    assert "Missed (in gold, not extracted): 1" in html and FAKE_DATE["text"] in html
    amounts = sorted(_by_doc(seed_output)[DOCTORED_DOC]["amounts"], key=lambda r: (r["start"], -r["end"]))
    spurious_ids = [f"amounts-{i}" for i, r in enumerate(amounts) if float(r["value"]) == float(dropped["value"])]
    assert spurious_ids
    for sid in spurious_ids:
        assert re.search(rf'class="hl [^"]*spurious[^"]*"[^>]*data-ids="[^"]*\b{sid}\b', html)
        assert f'<tr id="row-{sid}" class="spurious">' in html
    assert html.count('<tr id="row-') - html.count('class="spurious">') == html.count('<td class="good">ok</td>')
    index = (doctored_report / "index.html").read_text(encoding="utf-8")
    row = next(r for r in index.split("<tr>") if DOCTORED_DOC in r)
    precision, recall = re.findall(r'<td class="num">(\d\.\d{3})</td>', row)[:2]
    assert float(precision) < 1.0 and float(recall) < 1.0


def test_cli_prints_where_the_report_is(seed_output, tmp_path, capsys):
    to = tmp_path / "r"
    assert main(["report", "--out", str(seed_output), "--to", str(to), "--gold", str(SEED_GOLD)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (to / "index.html").resolve().as_uri()
    assert "5 scored" in captured.err
    assert main(["report", "--out", str(tmp_path / "nothing")]) == 2


def test_library_does_not_print(seed_output, tmp_path, capsys):
    build_report(seed_output, tmp_path / "quiet", gold_dir=SEED_GOLD)
    assert capsys.readouterr() == ("", "")


def test_page_names_are_safe_and_unique():
    ids = ["a.txt", "A.txt", "sub/a.txt", "sub\\a.txt", "../../etc/passwd", "<x>.txt", "", "index"]
    names = page_names(ids)
    assert len({n.casefold() for n in names.values()}) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html", n) for n in names.values())


# --------------------------------------------------------------------------- in a real browser

@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - a broken set-up must fail loudly
        pytest.fail(f"playwright is not installed ({exc}); run `make setup` "
                    f"(pip install -e '.[model,test]')", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (apt-get install chromium)", pytrace=False)
    manager = sync_playwright().start()
    try:
        instance = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
    except Exception as exc:
        manager.stop()
        pytest.fail(f"headless Chromium ({CHROMIUM}) could not start: {exc}", pytrace=False)
    yield instance
    instance.close()
    manager.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.dialogs = []
    tab.requests = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("request", lambda r: tab.requests.append(r.url))
    yield tab
    assert all(url.startswith("file://") for url in tab.requests), tab.requests
    context.close()


def _column(page, col: int) -> list[str]:
    return page.eval_on_selector_all(
        "#documents tbody tr", f"rows => rows.map(r => r.cells[{col}].textContent.trim())")


def test_browser_index_sorts_and_navigates(page, seed_output, seed_report):
    page.goto((seed_report / "index.html").as_uri())
    headers = page.eval_on_selector_all("#documents thead th", "ths => ths.map(t => t.textContent.trim())")
    col = headers.index("dates")
    names_before = _column(page, 0)
    page.click(f"#documents thead th:nth-child({col + 1})")
    values = [int(v) for v in _column(page, col)]
    assert values == sorted(values)
    assert page.get_attribute(f"#documents thead th:nth-child({col + 1})", "aria-sort") == "ascending"
    page.click(f"#documents thead th:nth-child({col + 1})")
    values = [int(v) for v in _column(page, col)]
    assert values == sorted(values, reverse=True)
    page.click("#documents thead th:nth-child(1)")
    assert _column(page, 0) == sorted(names_before, key=str.lower)
    page.click("#documents thead th:nth-child(1)")
    assert _column(page, 0) == sorted(names_before, key=str.lower, reverse=True)

    page.click(f"#documents a:text-is('{DOCTORED_DOC}')")
    assert page.url.endswith("/docs/" + page_names([DOCTORED_DOC])[DOCTORED_DOC])
    assert page.locator("h1").inner_text() == DOCTORED_DOC
    n_rows = sum(len(v) for v in _by_doc(seed_output)[DOCTORED_DOC].values())
    assert page.locator("#text .hl").count() >= n_rows > 0
    page.click("#back")
    assert page.url.endswith("/index.html")
    assert page.locator("#documents tbody tr").count() == len(_rows(seed_output, "documents"))


def test_browser_highlight_details(page, seed_output, seed_report, tmp_path):
    amounts = sorted(_by_doc(seed_output)[DOCTORED_DOC]["amounts"], key=lambda r: (r["start"], -r["end"]))
    first = amounts[0]
    page.goto(_page_for(seed_report, seed_output, DOCTORED_DOC).as_uri())
    for kind in KINDS:
        n = len(_by_doc(seed_output)[DOCTORED_DOC][kind])
        assert page.locator(f"#text .hl.k-{kind}").count() >= n
    target = page.locator("#span-amounts-0")
    target.hover()
    title = target.get_attribute("title")
    assert money(first["value"]) in title and first["rule_id"] in title
    target.click()
    details = page.locator("#details-body")
    assert details.is_visible()
    shown = details.inner_text()
    assert money(first["value"]) in shown and first["currency"] in shown
    assert first["rule_id"] in shown and str(first["sentence_id"]) in shown
    assert page.locator("#text .hl.sel").count() >= 1
    if first.get("programme"):  # the amount links to its programme; following it shows the programme
        page.locator("#details-body a.jump", has_text=first["programme"]).first.click()
        assert "programme" in page.locator("#details-body").inner_text()
        assert page.get_attribute("#details", "data-shown").startswith("programmes-")

    target.click()
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    if (ROOT / "output").is_dir():
        shutil.copy(shot, ROOT / "output" / "report-screenshot.png")


def test_browser_gold_marks(page, seed_output, doctored_report):
    page.goto(_page_for(doctored_report, seed_output, DOCTORED_DOC).as_uri())
    assert page.locator("#text .hl.spurious").count() >= 1
    assert FAKE_DATE["text"] in page.locator("#missed").inner_text()
    badge = page.locator("#text .hl.spurious.close").first.evaluate(
        "el => getComputedStyle(el, '::after').content")
    assert "spurious" in badge
    page.locator("#text .hl.spurious").first.click()
    assert "spurious" in page.locator("#details-body").inner_text()


def test_browser_renders_markup_as_text(page, hostile_output, hostile_report):
    page.goto((hostile_report / "index.html").as_uri())
    assert HOSTILE_NAME in page.locator("#documents").inner_text()
    page.click("#documents tbody a >> text=evil")
    text = page.locator("#text").inner_text()
    assert "<script>alert(1)</script>" in text and "<b>bold</b>" in text and '<img src=x onerror="alert(2)">' in text
    assert page.locator("#text script, #text b, #text img").count() == 0
    assert page.locator("#text .hl").count() > 0
    page.wait_for_timeout(300)
    assert page.dialogs == []
    page.click("#back")
    page.click("#documents tbody a >> text=empty.txt")
    assert "skipped" in page.locator("#problem").inner_text()
    assert page.dialogs == []
