"""Ingest stage: find the input files, read their bytes, hash and decode them.

Decoding never guesses silently: a byte-order mark decides first (UTF-8,
UTF-16), then strict UTF-8, then Windows-1252 (which also reads Latin-1 text
as written). The text is kept exactly as decoded (line endings included), so
character offsets into ``documents.text`` are exact.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

#: Files picked up when a folder is given (a file named explicitly is always read).
SUFFIXES = (".txt",)

#: Files larger than this are skipped as ``too_large`` (a press release is a few kB;
#: megabytes of text are a dump or a mistake, and would hold a batch up for minutes).
MAX_BYTES = 1_000_000

#: Leading bytes of common binary formats that end up renamed ``.txt`` (PDF, PNG, JPEG, GIF, ZIP/Office).
BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")


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


def find_inputs(inputs: list[str | Path]) -> list[tuple[str, Path]]:
    """``(doc_id, path)`` for every input: folders give their ``.txt`` files, recursively.

    The doc_id is the path relative to the folder given (the file name for a
    file given directly). The result is sorted by doc_id, duplicates removed.
    """
    found: dict[str, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUFFIXES and (child.is_file() or child.is_symlink()):
                    found.setdefault(child.relative_to(path).as_posix(), child)
        elif path.exists() or path.is_symlink():
            found.setdefault(path.name, path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return sorted(found.items())


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text file.

    >>> decode("Brändli".encode("cp1252"))
    ('Brändli', 'cp1252')
    >>> decode(codecs.BOM_UTF8 + "€5".encode())
    ('€5', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or ``None`` when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def read(doc_id: str, path: Path, max_bytes: int = MAX_BYTES) -> Source:
    """Read and decode one file; failures are recorded on the result, never raised."""
    source = Source(doc_id=doc_id, path=str(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            source.sha256 = file_sha256(path)
            return source.fail("skipped", "too_large",
                               f"{size:,} bytes is over the limit of {max_bytes:,} "
                               f"(raise it with --max-bytes to process the file)")
        data = path.read_bytes()
    except OSError as exc:
        return source.fail("error", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    source.sha256 = hashlib.sha256(data).hexdigest()
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
