"""Reading manuscripts (EPUB, Markdown, plain text) into chapters of paragraphs.

``read_manuscript(path)`` picks the reader by file extension and returns a ``Manuscript``; every
problem with the input is a ``ManuscriptError`` (a ValueError) whose message names the file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from models.errors import ManuscriptError

from .epub import read_epub
from .markdown import read_markdown
from .plaintext import read_plaintext
from .slug import slugify
from .split import split_long_chapters
from .types import Chapter, Manuscript

__all__ = ["read_manuscript", "SUPPORTED_EXTENSIONS", "Chapter", "Manuscript", "ManuscriptError", "slugify"]

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[Path], Manuscript]] = {
    ".epub": read_epub,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_plaintext,
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_READERS)


def read_manuscript(path: str | os.PathLike[str]) -> Manuscript:
    """Read a manuscript file into a ``Manuscript``.

    Raises ManuscriptError (one line: "PATH: reason") for an unsupported extension, a missing or
    empty file, undecodable text, a corrupt or unsafe EPUB, or a file with no readable text.
    """
    p = Path(path)
    ext = p.suffix.lower()
    reader = _READERS.get(ext)
    if reader is None:
        what = f"extension {ext!r}" if ext else "no file extension"
        expected = ", ".join(SUPPORTED_EXTENSIONS)
        raise ManuscriptError(p, f"unsupported manuscript type ({what}); expected one of {expected}")
    if not p.exists():
        raise ManuscriptError(p, "file not found")
    if not p.is_file():
        raise ManuscriptError(p, "not a regular file")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ManuscriptError(p, f"cannot read file: {exc.strerror or exc}") from None
    if size == 0:
        raise ManuscriptError(p, "file is empty")
    return split_long_chapters(reader(p))
