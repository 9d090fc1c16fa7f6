"""Book title and author strings: from file names, and lists of names joined for reading aloud."""

from __future__ import annotations

import re
from pathlib import Path

from .cleaning import clean_text
from .headings import tidy_title

__all__ = ["book_title_from_path", "join_names", "UNKNOWN_AUTHOR"]

UNKNOWN_AUTHOR = ""  # unknown: callers choose their own wording
_SEPARATORS = re.compile(r"[_\s]+|(?<=[a-z])-(?=[a-z])", re.IGNORECASE)


def book_title_from_path(path: Path) -> str:
    """A readable title from a file name: "the_call-of-the-wild.txt" -> "The Call of the Wild"."""
    stem = clean_text(_SEPARATORS.sub(" ", path.stem)).strip(" -")
    if not stem:
        return "Untitled"
    if stem.islower():
        stem = tidy_title(stem.upper())
    return stem


def join_names(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    names = [clean_text(n) for n in names if clean_text(n)]
    if len(names) <= 1:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} and {names[-1]}"
