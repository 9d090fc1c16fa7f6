"""Over-long chapters cut into parts a retailer accepts (ACX: at most 120 minutes a file)."""

from __future__ import annotations

import dataclasses
import re

from .types import Chapter, Manuscript

__all__ = ["MAX_CHAPTER_WORDS", "split_long_chapters"]

# About 70 minutes at a narrator's 150 words a minute: well inside ACX's 120-minute limit, and it
# bounds the memory one chapter's audio needs however long the book's own chapters are.
MAX_CHAPTER_WORDS = 10_000
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


def _pieces(paragraph: str, limit: int) -> list[str]:
    """A paragraph longer than `limit` words cut at sentence ends (or, failing that, between words)."""
    words = paragraph.split()
    if len(words) <= limit:
        return [paragraph]
    sentences = [s for s in _SENTENCE_END.split(paragraph) if s.strip()]
    out: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in sentences:
        n = len(sentence.split())
        if n > limit:  # a run-on "sentence": cut it between words
            w = sentence.split()
            out.extend(" ".join(w[i : i + limit]) for i in range(0, len(w), limit))
            continue
        if count + n > limit and current:
            out.append(" ".join(current))
            current, count = [], 0
        current.append(sentence.strip())
        count += n
    if current:
        out.append(" ".join(current))
    return out


def _split(chapter: Chapter, limit: int) -> list[tuple[str, ...]]:
    parts: list[list[str]] = [[]]
    count = 0
    for paragraph in chapter.paragraphs:
        for piece in _pieces(paragraph, limit):
            n = len(piece.split())
            if count + n > limit and parts[-1]:
                parts.append([])
                count = 0
            parts[-1].append(piece)
            count += n
    return [tuple(p) for p in parts]


def split_long_chapters(book: Manuscript, max_words: int = MAX_CHAPTER_WORDS) -> Manuscript:
    """The book with every chapter over `max_words` cut into numbered parts, chapters renumbered."""
    if all(c.words <= max_words for c in book.chapters):
        return book
    chapters: list[Chapter] = []
    for chapter in book.chapters:
        parts = _split(chapter, max_words) if chapter.words > max_words else [chapter.paragraphs]
        for n, paragraphs in enumerate(parts, start=1):
            title = chapter.title if len(parts) == 1 else f"{chapter.title}, part {n} of {len(parts)}"
            chapters.append(Chapter(index=len(chapters) + 1, title=title, paragraphs=paragraphs,
                                    part=chapter.part if n == 1 else None))
    return dataclasses.replace(book, chapters=tuple(chapters))
