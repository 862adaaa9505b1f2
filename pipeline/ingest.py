"""Ingest stage: find the input files, read their bytes, hash and decode them.

Only regular files are read. A named pipe (FIFO), a character or block device
(``/dev/zero``), a socket, or a link to one of these is recorded as
``skipped`` / ``not_a_file`` without being read: it could block the run
forever or never end. Files are opened without blocking and checked again on
the open descriptor, and reading stops at ``max_bytes + 1`` bytes whatever
size the file claims (``/proc`` files say 0), so a file over the limit is
``too_large`` at no more memory than the limit.

Decoding never guesses silently: a byte-order mark decides first (UTF-8,
UTF-16), then strict UTF-8. Other bytes are read in a legacy code page: each
candidate (:data:`CODE_PAGES`: Windows-1252 for Western European text, which
also reads Latin-1 as written, then Central European, Cyrillic, Greek,
Turkish, Baltic, Arabic and East Asian encodings) decodes the lines that hold
non-ASCII bytes; readings with the shapes a wrong code page makes (a Cyrillic
name read as ``Èâàí``, ``Jovanović`` read as ``Jovanoviæ``, Latin and Cyrillic
letters in one word, rare East Asian characters, ...) lose. Among the readings
left, Windows-1252 wins (Windows-1250 when the text has š or ž and only
letters of the languages that write them differ), then the common code pages
of the other scripts, then the rarer ones, each group in the order the
detector ``charset-normalizer`` ranks them. A short text whose only foreign
letters also make sense in Windows-1252 (Hungarian ő read as õ) stays
Windows-1252: see ``tests/test_ingest.py`` for what is measured.

The text is kept exactly as decoded (line endings included), so character
offsets into ``documents.text`` are exact, and ``documents.encoding`` names
the Python codec used.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

#: Files picked up when a folder is given (a file named explicitly is always read).
SUFFIXES = (".txt",)

#: Files larger than this are skipped as ``too_large`` (a press release is a few kB;
#: megabytes of text are a dump or a mistake, and would hold a batch up for minutes).
MAX_BYTES = 1_000_000

#: Leading bytes of common binary formats that end up renamed ``.txt`` (PDF, PNG, JPEG, GIF, ZIP/Office).
BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")

#: Legacy encodings tried when a file is not UTF-8, with their rank when readings
#: are equally plausible: Windows-1252 first (Western European, the most common),
#: then the usual code page of each other script, then the rarer ones. Readings
#: that give the same text are named after the first codec here.
CODE_PAGES = {
    "cp1252": 0,
    "cp1250": 1, "cp1251": 1, "koi8_r": 1, "cp1253": 1, "cp1254": 1,
    "iso8859_2": 2, "koi8_u": 2, "iso8859_7": 2, "cp1257": 2, "cp1256": 2,
    "gb18030": 3, "big5": 3, "cp932": 3, "euc_jp": 3, "cp949": 3,
}

#: Bytes of the non-ASCII lines looked at to choose a code page (all of a press release).
SAMPLE_BYTES = 65_536


@dataclass
class Source:
    """One input file, read and decoded (or the reason it could not be)."""

    doc_id: str
    path: str
    sha256: str | None = None
    text: str | None = None
    encoding: str | None = None
    status: str = "ok"
    reason: str | None = None
    error: str | None = None

    def fail(self, status: str, reason: str, message: str) -> "Source":
        """Mark the source unusable (``skipped``) or failed (``error``) with a reason code."""
        self.status, self.reason, self.error = status, reason, message
        return self


class InputError(ValueError):
    """An input path given on the command line does not exist."""


class NotAFileError(Exception):
    """The path is a FIFO, device, socket or folder (or a link to one), not a regular file."""


def find_inputs(inputs: list[str | Path]) -> list[tuple[str, Path]]:
    """``(doc_id, path)`` for every input: folders give their ``.txt`` entries, recursively.

    Every ``.txt`` entry of a folder that is not itself a folder is listed,
    whatever it is (a broken link, a FIFO, ...), so that each gets a row saying
    why it could not be read. The doc_id is the path relative to the folder
    given (the file name for a file given directly). The result is sorted by
    doc_id, duplicates removed.
    """
    found: dict[str, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUFFIXES and not child.is_dir():
                    found.setdefault(child.relative_to(path).as_posix(), child)
        elif path.exists() or path.is_symlink():
            found.setdefault(path.name, path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return sorted(found.items())


def not_a_file(doc_id: str, path: Path) -> Source | None:
    """The ``skipped`` / ``not_a_file`` record of a path that is not a regular file, else ``None``.

    Looks at the file system entry only (never opens it, so never blocks); a
    path that cannot be looked at (a broken link, no permission) gives ``None``:
    :func:`read` records it as ``unreadable``. The batch planner can call this
    before hashing to learn early that a path is to be skipped.
    """
    try:
        _check_regular(path, os.stat(path).st_mode)
    except NotAFileError as exc:
        return Source(doc_id=doc_id, path=str(path)).fail("skipped", "not_a_file", str(exc))
    except OSError:
        return None
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "an entry of another kind"


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    link = " a link to" if os.path.islink(path) else ""
    raise NotAFileError(f"not a regular file:{link} {_kind(mode)}; only regular files are read")


def _open_regular(path: Path) -> int:
    """A read-only descriptor of ``path``, which must be a regular file (else :class:`NotAFileError`).

    The entry is checked before opening (opening a device can have effects of
    its own), opened without blocking (``O_NONBLOCK``: a FIFO swapped in would
    otherwise wait for a writer) and checked again on the descriptor, which is
    what is read.
    """
    _check_regular(path, os.stat(path).st_mode)
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    fd = os.open(path, flags)
    try:
        _check_regular(path, os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``, fewer only at the end of the file."""
    chunks, left = [], limit
    while left > 0:
        block = os.read(fd, min(left, 1 << 20))
        if not block:
            break
        chunks.append(block)
        left -= len(block)
    return b"".join(chunks)


def _hash_rest(fd: int, digest) -> int:
    """Feed the rest of a regular file to ``digest``, in blocks; the number of bytes read."""
    n = 0
    while block := os.read(fd, 1 << 20):
        digest.update(block)
        n += len(block)
    return n


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a regular file's bytes, or ``None`` when it is not a regular file or cannot be read.

    Never opens a FIFO, device or socket (which could block or never end); a
    regular file is hashed whole, in blocks, whatever its size.
    """
    try:
        fd = _open_regular(path)
    except (OSError, NotAFileError):
        return None
    try:
        digest = hashlib.sha256()
        _hash_rest(fd, digest)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def read(doc_id: str, path: Path, max_bytes: int = MAX_BYTES) -> Source:
    """Read and decode one file; failures are recorded on the result, never raised.

    At most ``max_bytes + 1`` bytes are held: a longer file is ``too_large``,
    with the hash of all its bytes (read in blocks, as :func:`file_sha256` does).
    """
    source = Source(doc_id=doc_id, path=str(path))
    try:
        fd = _open_regular(path)
    except NotAFileError as exc:
        return source.fail("skipped", "not_a_file", str(exc))
    except OSError as exc:
        return source.fail("error", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    try:
        data = _read_at_most(fd, max_bytes + 1)
        digest = hashlib.sha256(data)
        if len(data) > max_bytes:
            size = len(data) + _hash_rest(fd, digest)
            source.sha256 = digest.hexdigest()
            return source.fail("skipped", "too_large",
                               f"{size:,} bytes is over the limit of {max_bytes:,} "
                               f"(raise it with --max-bytes to process the file)")
    except OSError as exc:
        return source.fail("error", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    finally:
        os.close(fd)
    source.sha256 = digest.hexdigest()
    if not data.strip():
        return source.fail("skipped", "empty", "the file is empty or holds only white space")
    if _looks_binary(data):
        return source.fail("skipped", "binary", "the file holds binary data (NUL or control bytes), not text")
    try:
        source.text, source.encoding = decode(data)
    except UnicodeDecodeError as exc:
        return source.fail("error", "undecodable", f"the bytes are not text in any known encoding: {exc}")
    if not source.text.strip():
        return source.fail("skipped", "empty", "the file holds only white space")
    return source


def _looks_binary(data: bytes) -> bool:
    """NUL bytes outside UTF-16, or many control bytes, mean the file is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if data.startswith(BINARY_SIGNATURES) or b"\0" in data:
        return True
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) // 20


# -- decoding ----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text file; see the module docstring.

    >>> decode("Brändli".encode("cp1252"))
    ('Brändli', 'cp1252')
    >>> decode(codecs.BOM_UTF8 + "€5".encode())
    ('€5', 'utf-8-sig')
    >>> decode("Colonel Олег Ткаченко attended.".encode("cp1251"))
    ('Colonel Олег Ткаченко attended.', 'cp1251')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in _code_pages(data):
        try:
            return data.decode(encoding), codecs.lookup(encoding).name
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "iso8859-1"  # never fails: every byte is a character


def _code_pages(data: bytes) -> list[str]:
    """The candidate code pages for non-UTF-8 bytes, most likely first."""
    sample = _sample(data)
    readings: dict[str, str] = {}
    for encoding in CODE_PAGES:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if text not in readings.values():  # the same text: named after the earlier codec
            readings[encoding] = text
    detected = _detector_ranking(sample, list(readings))
    odd = {encoding: _implausible(text) + _rare(text, encoding) for encoding, text in readings.items()}
    rank = dict(CODE_PAGES)
    if _slavic(readings.get("cp1252", ""), readings.get("cp1250", "")):
        rank["cp1250"] = -1
    return sorted(readings, key=lambda e: (odd[e], rank[e], detected.get(e, len(detected))))


def _slavic(western: str, central: str) -> bool:
    """Whether the text holds š or ž (the same bytes in Windows-1252 and 1250) and every
    letter that the two code pages read differently is, in Windows-1250, a letter of the
    languages that write š and ž (Czech, Slovak, Slovene, Croatian, Bosnian, Serbian)."""
    if not western or not central or not any(c in _SLAVIC for c in western):
        return False
    differ = {b for a, b in zip(western, central) if a != b and b.isalpha()}
    return bool(differ) and differ <= _SLAVIC_1250


def _sample(data: bytes) -> bytes:
    """The lines holding non-ASCII bytes (the only ones where code pages differ), up to SAMPLE_BYTES."""
    sample = b"".join(line for line in data.splitlines(keepends=True) if not line.isascii())
    if len(sample) > SAMPLE_BYTES:
        cut = max(sample.rfind(b" ", 0, SAMPLE_BYTES), sample.rfind(b"\n", 0, SAMPLE_BYTES))
        sample = sample[:cut if cut > 0 else SAMPLE_BYTES]
    return sample


def _detector_ranking(sample: bytes, encodings: list[str]) -> dict[str, int]:
    """charset-normalizer's order of ``encodings`` for the sample (its whole bytes, no threshold)."""
    try:
        matches = from_bytes(sample, steps=1, chunk_size=max(len(sample), 1), threshold=1.0,
                             cp_isolation=encodings)
        names = {codecs.lookup(e).name: e for e in encodings}
        ranking: dict[str, int] = {}
        for match in matches:
            encoding = names.get(codecs.lookup(match.encoding).name)
            if encoding is not None:
                ranking.setdefault(encoding, len(ranking))
        return ranking
    except Exception:  # noqa: BLE001 - a detector failure leaves the fixed order
        return {}


# Shapes of text read in the wrong code page. Each counts once per word (or
# character); the reading with fewest wins. Tuned on the releases of tests/data
# read in every code page they fit, and on names and sentences in a dozen
# languages (tests/test_ingest.py).

#: Never in real text, common in wrong readings (besides C1 controls): spacing accents
#: such as Windows-1252's lone circumflex for Windows-1251's '€', the replacement character.
_NEVER = frozenset("\u02c6\u02c7\u02d8\u02d9\u02da\u02db\u02dc\u02dd\ufffd")
#: Punctuation that never stands between two letters of one word.
_ODD_IN_WORD = frozenset("¿¡§¶¦†‡‰،")
#: Signs that never touch a letter.
_ODD_BY_LETTER = frozenset("§¶¦¤")
#: Letters of Central European text that Windows-1252 shows as (mostly Western) letters.
_WESTERN_ONLY = frozenset("æøñèìòùêœ¹³¿ðõûåãïÆØÑÈÌÒÙÊŒÐÕÛÅÃÏ")
_SLAVIC = frozenset("šžŠŽ")
_SLAVIC_1250 = frozenset("čćđřěůňťďľĺŕČĆĐŘĚŮŇŤĎĽĹŔ")
_VOWELS = "aeiouyæøœаеиоуыэюяіαεηιουω"


def _rare(text: str, encoding: str) -> int:
    """East Asian characters outside the common set of the encoding's national standard.

    Real text keeps to the common set (GB 2312 for Chinese, the 2,350 Hangul syllables
    of KS X 1001 for Korean, JIS X 0208 for Japanese); bytes of another script read
    in a multi-byte encoding land on rare characters.
    """
    if encoding not in ("gb18030", "cp949", "cp932"):
        return 0
    rare = 0
    for c in text:
        if ord(c) < 0x2E80:
            continue
        try:
            if encoding == "gb18030":
                c.encode("gb2312")
            elif encoding == "cp932":
                c.encode("shift_jis")
            elif 0xAC00 <= ord(c) < 0xD7B0 and len(c.encode("euc_kr")) > 2:
                rare += 1  # a syllable outside KS X 1001, spelled out in jamo by euc_kr
        except UnicodeEncodeError:
            rare += 1
    return rare


def _script(c: str) -> str:
    o = ord(c)
    if o < 0x300 or 0x1E00 <= o < 0x1F00:
        return "Latin"
    if 0x370 <= o < 0x400 or 0x1F00 <= o < 0x2000:
        return "Greek"
    if 0x400 <= o < 0x530:
        return "Cyrillic"
    if 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
        return "Hangul"
    if 0x3000 <= o < 0xA000 or 0xF900 <= o < 0xFB00 or 0xFF00 <= o < 0xFFF0:
        return "CJK"
    return unicodedata.name(c, "?").split(" ")[0]


def _is_letter(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c) == "Mn"


def _is_vowel(c: str) -> bool:
    c = c.lower()
    return c != "й" and unicodedata.normalize("NFD", c)[0] in _VOWELS


def _implausible(text: str) -> int:
    """How many characters and words of ``text`` have the shapes of a wrong code page."""
    odd = 0
    for i, c in enumerate(text):
        o = ord(c)
        if o < 128:
            continue
        if 0x80 <= o < 0xA0 or 0xFF61 <= o < 0xFFA0 or 0xE000 <= o < 0xF900 or c in _NEVER:
            odd += 1  # C1 control, half-width katakana, private use, ...
            continue
        if _is_letter(c):
            continue
        before = i > 0 and text[i - 1].isalpha()
        after = i + 1 < len(text) and text[i + 1].isalpha()
        category = unicodedata.category(c)
        if before and after and (category[0] in "SN" or c in _ODD_IN_WORD):
            odd += 1  # Ma³gorzata, wa¿ny, Òêà÷åíêî
        elif before and c in "¹²³" and text[i - 1] not in "mM":
            odd += 1  # Pawe³ (but km², m³)
        elif after and category in ("Sc", "No", "So") and text[i + 1].islower():
            odd += 1  # £ukasz, ¼ubomír, ©ćepanović
        elif (before or after) and (c in _ODD_BY_LETTER or category == "Sm" or 0x2500 <= o < 0x25A0):
            odd += 1  # ¶ρτα, حُذ،أ÷, ╔ш╘ (box drawing)
    word: list[str] = []
    for c in text + " ":
        if _is_letter(c):
            word.append(c)
        elif word:
            odd += _odd_word("".join(word))
            word = []
    return odd


def _odd_word(w: str) -> int:
    if w.isascii():
        return 0
    scripts = {_script(c) for c in w if c.isalpha()}
    if len(scripts) > 1:
        return 1  # DЦncilЦ, Brдndli, 井탭
    if scripts == {"Latin"}:
        if len(w) >= 3 and not any(c.isascii() for c in w):
            return 1  # Èâàí: Cyrillic or Greek read as Latin
        if w[0] in "ªº" and len(w) > 1:
            return 1  # ªtefan
        low = w.lower()
        for k, c in enumerate(low):
            prev = low[k - 1] if k else ""
            nxt = low[k + 1] if k + 1 < len(low) else ""
            if ((c == "ñ" and not (nxt and _is_vowel(nxt)))     # Herczyñski (Spanish ñ comes before a vowel)
                    or (c in "æøœ" and prev and _is_vowel(prev))  # Jovanoviæ, Kateøina, Wiœniewska
                    or (c == "è" and nxt and _is_vowel(nxt))      # Kuèera
                    or (c in "ąę" and ((prev and _is_vowel(prev)) or (nxt and _is_vowel(nxt))))  # Nikąić
                    or (c in "ìù" and nxt)                         # Bìla, Rùžièka
                    or (c == "þ" and prev)                         # Ayþe
                    or (c == "ã" and ((nxt and nxt not in "oes") or "â" in low))):  # Dãncilã, Românã
                return 1
        if any(c in _SLAVIC for c in w) and any(c in _WESTERN_ONLY for c in w):
            return 1  # Nikšiæ
    if len(w) > 2 and w[0].isupper() and w[1].isupper() and any(c.islower() for c in w[2:]):
        return 1  # НЯкпт: Greek read as Cyrillic
    if (scripts <= {"Latin", "Cyrillic", "Greek"} and len(w) >= 8
            and 6 * sum(_is_vowel(c) for c in w) < len(w)):
        return 1  # Урзлйщфьрпхлпт
    if any(a.islower() and b.isupper() and not (a.isascii() and b.isascii()) for a, b in zip(w, w[1:])):
        return 1  # оКЕЦ: KOI8-R read as Windows-1251
    return 0
