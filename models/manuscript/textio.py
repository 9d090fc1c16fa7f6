"""Loading a text manuscript (.txt, .md) as a str: size limit, binary detection, decoding.

UTF-8 with or without a byte-order mark is the norm; UTF-16 with a BOM is accepted. Invalid
UTF-8 is an error that names the byte offset, unless a Project Gutenberg header declares an 8-bit
encoding (ISO-8859-1 / Windows-1252), which is then honoured. Line ends become "\\n".
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from collections.abc import Callable

from models.errors import ManuscriptError

from .names import book_title_from_path
from .types import Chapter, Manuscript

__all__ = ["read_text", "read_text_book", "MAX_TEXT_BYTES"]

MAX_TEXT_BYTES = 256 * 1024 * 1024
_DECLARED = re.compile(rb"Character set encoding:\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)
_EIGHT_BIT = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "iso-8859-15"})
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def read_text(path: Path) -> str:
    """The decoded text of ``path`` with "\\n" line ends. Raises ManuscriptError for unusable files."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ManuscriptError(path, f"file is too large ({size} bytes; limit {MAX_TEXT_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise ManuscriptError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not data:
        raise ManuscriptError(path, "file is empty")
    text = _decode(path, data)
    if not text.strip():
        raise ManuscriptError(path, "file contains no text")
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ManuscriptError(path, "file looks like binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(path, data[3:], 3)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ManuscriptError(path, f"not valid UTF-16 (bad data at byte offset {exc.start + 2})") from None
    if b"\x00" in data[:65536]:
        raise ManuscriptError(path, "file contains NUL bytes: binary data, not text")
    return _utf8(path, data, 0)


def _utf8(path: Path, data: bytes, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _DECLARED.search(data[:8192])
        if declared and declared.group(1).decode("ascii").lower() in _EIGHT_BIT:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                return data.decode("latin-1")
        bad = data[exc.start]
        raise ManuscriptError(
            path, f"not valid UTF-8: byte 0x{bad:02x} at byte offset {exc.start + offset}"
        ) from None


def read_text_book(path: Path, to_chapters: Callable[[str, str], tuple[str, str, tuple[Chapter, ...]]]) -> Manuscript:
    """Read a text manuscript with a format's `to_chapters(text, default_title)`; no text is an error."""
    title, author, chapters = to_chapters(read_text(path), book_title_from_path(path))
    if not chapters:
        raise ManuscriptError(path, "file contains no readable text")
    logging.getLogger(__name__).info("%s: %d chapters, %d words", path, len(chapters), sum(c.words for c in chapters))
    return Manuscript(path, title, author, chapters)
