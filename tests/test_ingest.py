"""Ingest: only regular files are read (never a FIFO or a device), reads are bounded,
and legacy code pages beyond Western European decode to the right text."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import ingest
from pipeline.batch import run
from pipeline.records import TABLES

from conftest import DATA, ROOT, SEEDS

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
DEV_ZERO = Path("/dev/zero")


def _is_char_device(path: Path) -> bool:
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


needs_dev_zero = pytest.mark.skipif(not _is_char_device(DEV_ZERO), reason="no /dev/zero")
PROC_STATUS = Path("/proc/self/status")

RELEASE = ("VIENNA, 12 May 2022 – The Regional Customs Programme received EUR 2 million "
           "from the European Union for three years.\n")


@pytest.fixture
def deadline():
    """Fail a test that blocks (on a FIFO, say) after 20 seconds instead of hanging the suite."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):
        raise TimeoutError("blocked reading a special file")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def special_folder(tmp_path) -> Path:
    """A folder with a release, a FIFO, a .txt link to a FIFO, a folder named .txt and a FIFO not named .txt."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.txt").write_text(RELEASE)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "elsewhere.fifo")
    (folder / "link.txt").symlink_to(tmp_path / "elsewhere.fifo")
    (folder / "archive.txt").mkdir()
    (folder / "archive.txt" / "old.txt").write_text(RELEASE.replace("2 million", "3 million"))
    os.mkfifo(folder / "notes.md")
    return folder


# -- special files -------------------------------------------------------------------------


@needs_fifo
def test_find_inputs_lists_every_non_folder_txt_entry(special_folder):
    found = dict(ingest.find_inputs([special_folder]))
    assert set(found) == {"release.txt", "pipe.txt", "link.txt", "archive.txt/old.txt"}


@needs_fifo
def test_fifo_is_not_read(special_folder, deadline):
    fifo = special_folder / "pipe.txt"
    source = ingest.read("pipe.txt", fifo)
    assert (source.status, source.reason) == ("skipped", "not_a_file")
    assert "named pipe" in source.error and source.text is None and source.sha256 is None
    assert ingest.file_sha256(fifo) is None
    assert ingest.not_a_file("pipe.txt", fifo).reason == "not_a_file"


@needs_fifo
def test_link_to_fifo_is_not_read(special_folder, deadline):
    link = special_folder / "link.txt"
    source = ingest.read("link.txt", link)
    assert (source.status, source.reason) == ("skipped", "not_a_file")
    assert "a link to a named pipe" in source.error
    assert ingest.file_sha256(link) is None


@needs_dev_zero
def test_dev_zero_is_not_read(deadline):
    source = ingest.read("zero", DEV_ZERO)
    assert (source.status, source.reason) == ("skipped", "not_a_file")
    assert "character device" in source.error
    assert ingest.file_sha256(DEV_ZERO) is None
    assert ingest.not_a_file("zero", DEV_ZERO) is not None


def test_regular_files_and_broken_links_are_not_special(tmp_path):
    (tmp_path / "a.txt").write_text(RELEASE)
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    assert ingest.not_a_file("a.txt", tmp_path / "a.txt") is None
    assert ingest.not_a_file("broken.txt", tmp_path / "broken.txt") is None
    broken = ingest.read("broken.txt", tmp_path / "broken.txt")
    assert (broken.status, broken.reason) == ("error", "unreadable")
    assert ingest.file_sha256(tmp_path / "broken.txt") is None


@needs_fifo
def test_fifo_swapped_in_after_the_check_is_caught_on_the_descriptor(tmp_path, monkeypatch, deadline):
    """The path looked regular when checked, but what was opened is a FIFO: the open does
    not block (O_NONBLOCK) and the check on the descriptor refuses it."""
    regular = tmp_path / "regular.txt"
    regular.write_text(RELEASE)
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    real_stat = os.stat

    def stat_before_the_swap(path, *args, **kwargs):
        return real_stat(regular if Path(path) == fifo else path, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "stat", stat_before_the_swap)
    source = ingest.read("swapped.txt", fifo)
    assert (source.status, source.reason) == ("skipped", "not_a_file")
    assert ingest.file_sha256(fifo) is None


BATCH = textwrap.dedent("""
    import json, sys
    import pyarrow.parquet as pq
    from pipeline.batch import run
    out, inputs = sys.argv[1], sys.argv[2:]
    summary = run(inputs, out)
    rows = pq.read_table(out + "/documents.parquet", columns=["doc_id", "status", "reason", "error"])
    print(json.dumps({"rows": rows.to_pylist(), "skipped": summary.skipped, "failed": summary.failed}))
""")


@needs_fifo
def test_batch_run_over_special_files_finishes_with_a_row_for_each(special_folder, tmp_path):
    """A FIFO in a folder, a .txt link to a FIFO, a FIFO and /dev/zero named directly: each
    gets a not_a_file row and the run finishes (in a subprocess, so a hang fails the test)."""
    direct = tmp_path / "named-directly"
    os.mkfifo(direct)
    inputs = [str(special_folder), str(direct)]
    if _is_char_device(DEV_ZERO):
        inputs.append(str(DEV_ZERO))
    proc = subprocess.run([sys.executable, "-c", BATCH, str(tmp_path / "out"), *inputs], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    docs = {d["doc_id"]: d for d in result["rows"]}
    special = ["pipe.txt", "link.txt", "named-directly"] + (["zero"] if len(inputs) == 3 else [])
    for doc_id in special:
        assert (docs[doc_id]["status"], docs[doc_id]["reason"]) == ("skipped", "not_a_file"), docs[doc_id]
        assert "not a regular file" in docs[doc_id]["error"]
    assert docs["release.txt"]["status"] == "ok" and docs["archive.txt/old.txt"]["status"] == "ok"
    assert "notes.md" not in docs
    assert result["skipped"] == len(special) and result["failed"] == 0


# -- bounded reads ---------------------------------------------------------------------------


def test_limit_is_exact_and_a_too_large_file_is_hashed_whole(tmp_path):
    path = tmp_path / "r.txt"
    data = (RELEASE * 40).encode()
    path.write_bytes(data)
    assert ingest.read("r.txt", path, max_bytes=len(data)).status == "ok"
    over = ingest.read("r.txt", path, max_bytes=len(data) - 1)
    assert (over.status, over.reason) == ("skipped", "too_large")
    assert f"{len(data):,} bytes" in over.error and "--max-bytes" in over.error
    assert over.sha256 == hashlib.sha256(data).hexdigest() == ingest.file_sha256(path)


def _lying_stat(real, path: Path, size: int):
    """os.stat / os.fstat that report ``size`` bytes for ``path`` (or its descriptor)."""
    inode = os.stat(path).st_dev, os.stat(path).st_ino

    def lie(target, *args, **kwargs):
        st = real(target, *args, **kwargs)
        if (st.st_dev, st.st_ino) != inode:
            return st
        fields = list(st)
        fields[stat.ST_SIZE] = size
        return os.stat_result(fields)

    return lie


def test_size_on_disk_that_lies_does_not_matter(tmp_path, monkeypatch):
    """A file claiming 10 bytes but holding 300 kB is too large for a 1 kB limit."""
    path = tmp_path / "big.txt"
    data = (RELEASE * 3000).encode()
    path.write_bytes(data)
    monkeypatch.setattr(ingest.os, "stat", _lying_stat(os.stat, path, 10))
    monkeypatch.setattr(ingest.os, "fstat", _lying_stat(os.fstat, path, 10))
    source = ingest.read("big.txt", path, max_bytes=1_000)
    assert (source.status, source.reason) == ("skipped", "too_large")
    assert f"{len(data):,} bytes" in source.error


@pytest.mark.skipif(not PROC_STATUS.exists(), reason="no /proc")
def test_proc_file_of_size_zero_is_read_up_to_the_limit():
    """/proc files are regular files whose size says 0: the limit still holds."""
    assert os.stat(PROC_STATUS).st_size == 0
    small = ingest.read("status", PROC_STATUS, max_bytes=32)
    assert (small.status, small.reason) == ("skipped", "too_large")
    whole = ingest.read("status", PROC_STATUS)
    assert whole.status == "ok" and "Name:" in whole.text


# -- encodings -------------------------------------------------------------------------------

# Invented releases mixing English with another language, for each legacy code page.
RELEASES = {
    "cp1251": ("SOFIA, 14 May 2024 – The Regional Border Cooperation Facility opened its second phase today. "
               "Deputy Minister Светлана Георгиева welcomed the partners: „Тази програма помага на граничните "
               "служители да работят по-добре заедно.“ The facility is funded with EUR 2.1 million by the "
               "European Union.\n"),
    "koi8_r": ("MOSCOW, 2 February 2022 - Officials from five countries met to review the Customs Training "
               "Initiative. Алексей Воронцов, head of the training department, said: \"Мы подготовили более "
               "двухсот инспекторов за два года.\" The initiative runs until December 2023.\n"),
    "cp1253": ("ATHENS, 9 October 2023 – The Maritime Safety Partnership held its annual meeting in Piraeus. "
               "Η Γενική Γραμματέας Ελένη Παπαδοπούλου δήλωσε: «Η συνεργασία μας στη θάλασσα γίνεται όλο και "
               "πιο ισχυρή.» The partnership received EUR 750,000 for 2024.\n"),
    "iso8859_7": ("ATHENS, 9 October 2023 - The Commission’s envoy met Άννα Καραγιάννη in Άρτα. "
                  "«Η συνεργασία συνεχίζεται», είπε η κυρία Καραγιάννη. The grant covers 2023 and 2024.\n"),
    "cp1250": ("WARSAW, 21 June 2022 – The Anti-Trafficking Support Project signed a new grant agreement. "
               "Pani Małgorzata Wiśniewska z Ministerstwa Spraw Wewnętrznych powiedziała: „To ważny krok dla "
               "naszych służb.” Czech prosecutor Jiří Dvořák added: „Projekt potrvá tři roky.“\n"),
    "cp1254": ("ANKARA, 5 July 2023 – Officials met to review the migration project. Genel Müdür Ayşe Yılmaz, "
               "eğitimin iyi gittiğini söyledi. Projenin ikinci aşamasında sınır kapılarında çalışan personel "
               "için yeni kurslar düzenlenecek. The project runs until 2025.\n"),
    "cp1256": ("CAIRO, 5 July 2023 – Officials met to review the border project. قال المدير إن التدريب يسير "
               "بشكل جيد. The project runs until 2025.\n"),
    "gb18030": ("BEIJING, 5 July 2023 – Officials met to review the river protection project. "
                "项目负责人王小明表示，今年的培训工作进展顺利。 The project runs until 2025.\n"),
    "cp932": ("TOKYO, 5 July 2023 - Officials met to review the port security project. "
              "田中花子氏は「研修は順調に進んでいる」と述べた。 The project runs until 2025.\n"),
}


@pytest.mark.parametrize("encoding", RELEASES)
def test_release_in_a_legacy_code_page_decodes_exactly(encoding, tmp_path):
    text = RELEASES[encoding]
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    source = ingest.read("r.txt", path)
    assert source.status == "ok"
    assert source.text == text
    assert source.encoding == codecs.lookup(encoding).name


# A short English paragraph whose only non-ASCII letters are a name: the hard case.
SHORT = ("KYIV, 3 March 2021 - The Border Management Programme today handed over six patrol vehicles "
         "to the regional command. The ceremony was attended by Colonel Олег Ткаченко and representatives "
         "of the donor countries.\n")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_short_english_text_with_one_cyrillic_name(encoding):
    assert ingest.decode(SHORT.encode(encoding)) == (SHORT, codecs.lookup(encoding).name)


# Invented names in three sentences each: alone, in a sentence, in a short release.
TEMPLATES = [
    "{name}",
    "Minister {name} opened the workshop.",
    "BRUSSELS, 4 April 2023 - The partners signed a EUR 3 million agreement. \"This is a milestone,\" said "
    "{name}, Head of Mission. The project will run for 36 months.",
]
NAMES = {
    "cp1250": ["Zdeňka Hořejší", "Radomir Vukašinović", "Bożena Pietrzyk-Słowik", "Ľudmila Kováčová",
               "Mircea Dăscălescu", "Ştefan Bălănescu", "Miłosz Wąsik", "Jiří Kratochvíl", "Andrej Kmeť",
               "Srećko Đurić", "Nataša Kovačič", "Przemysław Żółtowski"],
    "cp1251": ["Олег Ткаченко", "Ганна Бондар", "Стоян Пеев", "Милица Јовановић", "Ілля Гнатюк",
               "Ерлан Сыздыков"],
    "koi8_r": ["Олег Ткаченко", "Алла Зуева", "Пётр Ёлкин"],
    "cp1253": ["Νίκος Αλεξίου", "Ελπίδα Σταύρου", "Άρης Κωνσταντινίδης"],
    "iso8859_7": ["Άρης Κωνσταντινίδης", "Ελπίδα Σταύρου"],
    "cp1252": ["Søren Kjærgaard", "Inés Peñalver", "François Lévêque", "Jürgen Weiß", "João Conceição",
               "Niccolò Bertè", "Åsa Öberg", "Þóra Guðjónsdóttir", "Zoë Maëlle", "Mª Ángeles Ruíz",
               "Ignacio Ibáñez", "Chloé Dœuvre"],
}


@pytest.mark.parametrize("encoding, name", [(e, n) for e, names in NAMES.items() for n in names])
def test_names_in_english_text_decode_exactly(encoding, name):
    for template in TEMPLATES:
        text = template.format(name=name)
        assert ingest.decode(text.encode(encoding))[0] == text
        if encoding == "cp1252" and all(ord(c) < 256 for c in text):
            assert ingest.decode(text.encode("latin-1")) == (text, "cp1252")


# Invented sentences in Central European languages, inside English.
CENTRAL = [
    "Delegace navštívila hraniční přechod v Mikulově.",
    "Szkolenie odbyło się w Białymstoku i zakończyło się egzaminem.",
    "Projekt sa končí v decembri a jeho výsledky budú zverejnené.",
    "Sastanak je održan u Podgorici uz prisustvo šefa misije.",
    "Seminarul de la Timişoara a reunit poliţişti din trei ţări.",
]


@pytest.mark.parametrize("sentence", CENTRAL)
def test_central_european_sentence_in_english_text(sentence):
    text = f"The mission reported on 3 May 2022: \"{sentence}\" More news will follow."
    data = text.encode("cp1250")
    same_in_1252 = data.decode("cp1252", errors="replace") == text  # only š and ž: named cp1252
    assert ingest.decode(data) == (text, "cp1252" if same_in_1252 else "cp1250")


@pytest.mark.xfail(strict=True, reason=(
    "known limit: a Windows-1250 text whose only Central European letters are these reads as "
    "Windows-1252, where they are Western letters (ő -> õ, ű -> û, Ř -> Ø, Ć -> Æ) that fit a name "
    "as well"))
@pytest.mark.parametrize("name", ["Lőrinc Győri", "Ilona Szűcs", "Bohumil Říha", "Agnieszka Ćwik"])
def test_names_that_look_western_in_windows_1252(name):
    text = f"Minister {name} opened the workshop."
    assert ingest.decode(text.encode("cp1250"))[0] == text


@pytest.mark.xfail(strict=True, reason=(
    "the price of reading Czech, Slovak and Balkan text right: Windows-1252 text holding š or ž "
    "whose other foreign letters are also letters of those languages in Windows-1250 "
    "(ø -> ř, æ -> ć) is read as Windows-1250"))
def test_western_text_with_s_caron_and_danish_letters():
    text = "The Estonian delegate Jüri Šilov met Søren Kjær in Tallinn."
    assert ingest.decode(text.encode("cp1252")) == (text, "cp1252")


def test_western_text_with_s_caron_and_spanish_letters_stays_windows_1252():
    text = "Commissioner Maroš Šefcovic met José Muñoz in Genève."
    assert ingest.decode(text.encode("cp1252")) == (text, "cp1252")


# Western European text in several languages (invented): still Windows-1252, as before.
WESTERN = [
    "Le programme a été lancé à Genève ; le ministre a salué « un pas décisif » pour la coopération. "
    "Ça coûte cher, mais l'œuvre est là, dit-il à l'Hôtel de Ville.",
    "La señora Peña, directora del programa en Bogotá, afirmó que «la cooperación judicial avanzó». "
    "¿Quién lo habría dicho? El acuerdo se firmó en La Coruña.",
    "O projeto começou em São Paulo; a coordenação ficará a cargo de João Simões e da Câmara de Évora.",
    "Die Übergabe der Fahrzeuge fand in Köln statt. Frau Müller-Weiß betonte die gute Zusammenarbeit.",
    "Il progetto è stato presentato a Città di Castello; più di cento agenti hanno partecipato. Perché no?",
    "Projektet blev præsenteret i København af Søren Kjær, der takkede for støtten til kystvagten i Ærø.",
    "Överlämningen skedde i Göteborg, där Åsa Lindström talade om samarbetet.",
    "Þórunn Guðmundsdóttir ræddi verkefnið á fundinum í Reykjavík.",
    "La Generalitat i l'Ajuntament de Lleida han signat l'acord; la història continua a València.",
    "De minister sprak over een geïntegreerde aanpak en coördinatie tussen de diensten.",
    "The station covers 2,400 km² and keeps samples at 4 °C; see annex n° 5 (Mª José Rivas, 1º piso). "
    "Costs fell by ½.",
    "Ambassador Urs Brändli said the €3 million “budget” grew — “a milestone” — while the £2m fund "
    "and ¥300 million grant were unchanged.",
    "Naïve estimates put the cost at €1.2 million; the Noël Foundation’s café in Zürich hosted the délégation.",
]


@pytest.mark.parametrize("text", WESTERN)
def test_western_european_text_stays_windows_1252(text):
    assert ingest.decode(text.encode("cp1252")) == (text, "cp1252")
    if all(ord(c) < 256 for c in text):
        assert ingest.decode(text.encode("latin-1")) == (text, "cp1252")


#: Which characters make a code page the plausible one for a text (a Windows-1250 file
#: without Central European letters is not a realistic case: it reads the same in 1252).
HOME = {
    "cp1252": lambda c: True,
    "cp1250": lambda c: not c.encode("cp1252", "ignore") and bool(c.encode("cp1250", "ignore")),
    "iso8859_2": lambda c: not c.encode("cp1252", "ignore") and bool(c.encode("iso8859_2", "ignore")),
    "cp1251": lambda c: "CYRILLIC" in _name(c),
    "koi8_r": lambda c: "CYRILLIC" in _name(c),
    "cp1253": lambda c: "GREEK" in _name(c),
    "cp1256": lambda c: "ARABIC" in _name(c),
    "cp932": lambda c: "HIRAGANA" in _name(c) or "KATAKANA" in _name(c) or "CJK" in _name(c),
    "gb18030": lambda c: "HIRAGANA" in _name(c) or "KATAKANA" in _name(c) or "CJK" in _name(c),
}


def _name(c: str) -> str:
    return unicodedata.name(c, "")


def _corpus() -> dict[str, str]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DATA.glob("*/docs/*.txt"))
    return {p.name: ingest.decode(p.read_bytes())[0] for p in paths}


#: Misreadings the measurement finds and the decoder does not yet avoid, kept exact (a
#: new miss or a fixed one fails the test): a Central European ``č`` among letters that
#: Windows-1252 also has (Albanian ``ë``) reads as ``è``, which looks like Western text.
KNOWN_MISREADINGS = [
    "h03_undp-eu-coastal-albania.txt in cp1250: read as cp1252",  # the whole release
    "h03_undp-eu-coastal-albania.txt in cp1250: read as cp1252",  # its paragraph with č
    "h03_undp-eu-coastal-albania.txt in iso8859_2: read as cp1252",
    # the same limit with Turkish ş, which Central European code pages also hold: two paragraphs
    # whose only letter outside ASCII is ş read as cp1252 ("º")
    "h09_newssite-turkiye-hatay.txt in cp1250: read as cp1252",
    "h09_newssite-turkiye-hatay.txt in cp1250: read as cp1252",
    "h09_newssite-turkiye-hatay.txt in iso8859_2: read as cp1252",
    "h09_newssite-turkiye-hatay.txt in iso8859_2: read as cp1252",
]


def test_every_release_of_the_test_sets_decodes_in_each_code_page_it_fits():
    """Measure: each release of the seeds and gold sets (mostly English with names and
    words in other scripts), and each of its paragraphs, written in every code page that
    holds its characters and fits its non-ASCII letters, decodes back to the same text."""
    cases, wrong = 0, []
    for doc_id, text in _corpus().items():
        pieces = [text] + [p for p in text.split("\n\n") if not p.isascii()]
        for encoding, fits in HOME.items():
            for piece in pieces:
                try:
                    data = piece.encode(encoding)
                except UnicodeEncodeError:
                    continue
                if piece.isascii() or not any(fits(c) for c in piece if ord(c) > 127):
                    continue
                cases += 1
                got, used = ingest.decode(data)
                if got != piece:
                    wrong.append(f"{doc_id} in {encoding}: read as {used}")
    assert cases > 200
    assert wrong == KNOWN_MISREADINGS


def _tables(out: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(out / f"{t}.parquet").to_pylist() for t in TABLES}


def test_batch_records_the_encoding_and_keeps_offsets_exact(pipeline, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for encoding, text in RELEASES.items():
        (folder / f"{encoding}.txt").write_bytes(text.encode(encoding))
    (folder / "short.txt").write_bytes(SHORT.encode("cp1251"))
    run([folder], tmp_path / "out", pipeline=pipeline)
    t = _tables(tmp_path / "out")
    docs = {d["doc_id"]: d for d in t["documents"]}
    for encoding, text in RELEASES.items():
        doc = docs[f"{encoding}.txt"]
        assert (doc["status"], doc["text"], doc["encoding"]) == ("ok", text, codecs.lookup(encoding).name)
    assert (docs["short.txt"]["text"], docs["short.txt"]["encoding"]) == (SHORT, "cp1251")
    for name in TABLES:
        for row in t[name] if name != "documents" else []:
            assert docs[row["doc_id"]]["text"][row["start"]:row["end"]] == row["text"]
    assert any(a["doc_id"] == "cp1251.txt" and a["currency"] == "EUR" for a in t["amounts"])
