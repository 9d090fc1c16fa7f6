"""What a manuscript reader hands on: a book of chapters of paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Chapter", "Manuscript"]


@dataclass(frozen=True)
class Chapter:
    """One chapter: its title as printed, an optional part heading read before it, its paragraphs."""

    index: int  # 1-based, in reading order
    title: str
    paragraphs: tuple[str, ...]
    part: str | None = None  # e.g. "Part One: The Old Buccaneer", read at the start of this chapter

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Manuscript:
    """A whole book as read from one file."""

    source: Path
    title: str
    author: str
    chapters: tuple[Chapter, ...]
    cover: bytes | None = field(default=None, repr=False)
    cover_media_type: str | None = None
