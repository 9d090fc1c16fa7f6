"""Plain-text books (.txt): Project Gutenberg texts and other manuscripts.

Paragraphs are separated by blank lines and re-wrapped. A heading is a short block of its own whose
first line is a chapter or part label ("CHAPTER I. Down the Rabbit-Hole", "Chapter One",
"STAVE ONE.", "BOOK I", "PART TWO—The Sea-cook", "IV.", "Prologue"), optionally followed by a title
line. A printed contents list (labels with next to no text between them) never becomes chapters.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path


from .cleaning import clean_text, finish_paragraph
from .gutenberg import strip_text
from .headings import Label, matter_kind, parse_label, tidy_title
from .names import UNKNOWN_AUTHOR
from .outline import Block, Entry, assemble, plan, single_chapter
from .textio import read_text_book
from .types import Chapter, Manuscript

__all__ = ["read_plaintext", "text_to_chapters", "is_title_like"]

log = logging.getLogger(__name__)

_MAX_HEADING_CHARS = 100
_MAX_TITLE_WORDS = 15
_ITALIC_UNDERSCORE = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
_BRACKETED = re.compile(r"\[(?:Illustration|Footnote|Sidenote|Transcriber)[^\]\n]{0,2000}\]?", re.IGNORECASE)
_BY_LINE = re.compile(r"(?i)^by\s+(.{2,120})$")
_QUOTES = "\"'“‘«„"


@dataclass
class _Raw:
    lines: list[str]  # cleaned, non-empty lines of one blank-line separated block


def read_plaintext(path: Path) -> Manuscript:
    """Read a .txt manuscript."""
    return read_text_book(path, text_to_chapters)


def text_to_chapters(text: str, default_title: str) -> tuple[str, str, tuple[Chapter, ...]]:
    """(title, author, chapters) of a plain text; Project Gutenberg boilerplate is removed."""
    pg = strip_text(text.split("\n"))
    raws = _split(pg.lines)
    blocks, entries, lead_title, lead_author, lead_count = _structure(raws)
    title = clean_text(pg.title or "") or lead_title or default_title
    author = clean_text(pg.author or "") or lead_author or UNKNOWN_AUTHOR
    divisions = plan(blocks, entries, title=title, author=author)
    chapters = assemble(blocks, divisions) if divisions else ()
    if not chapters:
        # No chapters: everything is one chapter, without the title/author lines used above.
        chapters = single_chapter(blocks[lead_count:] if lead_count < len(blocks) else blocks, title)
    return title, author, chapters


def _split(lines: list[str]) -> list[_Raw]:
    raws: list[_Raw] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            raws.append(_Raw(current))
            current = []
    if current:
        raws.append(_Raw(current))
    return raws


def is_title_like(line: str) -> bool:
    """A short line that reads as a title: capitals, or capitalised words, not a sentence."""
    line = clean_text(line)
    words = line.split()
    if not 1 <= len(words) <= 12 or len(line) > _MAX_HEADING_CHARS:
        return False
    if line[0] in _QUOTES or line.endswith((",", ";", ":", "-")):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    if not any(ch.islower() for ch in letters):
        return True
    significant = [w for w in words if len(w.strip(_QUOTES + "().,!?")) >= 4]
    if not significant:
        return len(words) <= 3 and all(w[:1].isupper() for w in words)
    if not all(w.strip(_QUOTES + "(")[:1].isupper() for w in significant):
        return False
    return not line.endswith(".") or len(words) <= 6


def _heading_label(raw: _Raw) -> Label | None:
    """The label of a heading block, or None for ordinary text."""
    first = clean_text(raw.lines[0])
    if len(raw.lines) > 4 or len(first) > _MAX_HEADING_CHARS:
        return None
    label = parse_label(first)
    if label.kind in ("chapter", "part"):
        if label.rest and (len(label.rest.split()) > _MAX_TITLE_WORDS or not is_title_like(label.rest)):
            if label.keyword and label.rest[:1].isupper() and len(label.rest.split()) <= _MAX_TITLE_WORDS:
                return label  # "Chapter 3: The man who knew too much" style
            return None
        if not label.keyword and len(raw.lines) > 2:
            return None
        return label
    if label.kind == "special" and len(raw.lines) <= 2 and len(first.split()) <= 8 and is_title_like(first):
        return label
    if (
        len(raw.lines) == 1
        and len(first.split()) <= 6
        and not _BY_LINE.match(first)
        and matter_kind(first) == "strong"
        and is_title_like(first.rstrip(":."))
    ):
        return label
    return None


def _structure(raws: list[_Raw]) -> tuple[list[Block], list[Entry], str, str, int]:
    """Blocks and heading entries; also a title/author found in the opening lines."""
    labels = [_heading_label(r) for r in raws]
    keyword_count = sum(1 for lab in labels if lab is not None and lab.kind == "chapter" and lab.keyword)
    blocks: list[Block] = []
    entries: list[Entry] = []
    lead_title = ""
    lead_author = ""
    lead_count = 0
    first_heading = next((i for i, lab in enumerate(labels) if lab is not None), len(raws))
    # Opening lines before any heading: a short title block, then perhaps "by Author".
    if first_heading > 0 and raws:
        first = clean_text(" ".join(raws[0].lines))
        if len(raws[0].lines) <= 2 and is_title_like(first) and not _BY_LINE.match(first):
            lead_title = tidy_title(first)
            lead_count = 1
            if len(raws) > 1 and first_heading > 1:
                m = _BY_LINE.match(clean_text(" ".join(raws[1].lines)))
                if m:
                    lead_author = m.group(1).strip()
                    lead_count = 2
    skip_next = False
    lead_blocks = 0
    for i, raw in enumerate(raws):
        if i == lead_count and lead_count:
            lead_blocks = len(blocks)
        if skip_next:
            skip_next = False
            continue
        label = labels[i]
        if label is not None and label.kind == "chapter" and not label.keyword and keyword_count >= 2:
            # A bare numeral among "Chapter" headings numbers a section inside a chapter: not read.
            blocks.append(Block("h", clean_text(raw.lines[0])))
            rest = raw.lines[1:]
            if rest:
                _add_paragraph(blocks, rest)
            continue
        if label is None:
            _add_paragraph(blocks, raw.lines)
            continue
        heading = [clean_text(raw.lines[0])]
        rest = raw.lines[1:]
        if rest and not label.rest and label.kind in ("chapter", "part", "special") and is_title_like(rest[0]):
            heading.append(clean_text(rest[0]))
            rest = rest[1:]
        elif rest and all(is_title_like(line) for line in rest) and len(rest) <= 2 and label.kind != "text":
            heading.extend(clean_text(line) for line in rest)
            rest = []
        entries.append(Entry(heading[0], len(blocks), 0))
        blocks.append(Block("h", "\n".join(heading)))
        if rest:
            _add_paragraph(blocks, rest)
        elif len(heading) == 1 and (label.bare or (label.kind == "special" and not label.rest)):
            # "CHAPTER I" <blank> "THE PERIOD": the title is the next one-line block.
            nxt = raws[i + 1] if i + 1 < len(raws) else None
            if nxt is not None and labels[i + 1] is None and len(nxt.lines) <= 2 and is_title_like(" ".join(nxt.lines)):
                if i + 2 < len(raws):  # something must follow the title
                    blocks.append(Block("h", clean_text(" ".join(nxt.lines))))
                    skip_next = True
    if lead_count and lead_count >= len(raws):
        lead_blocks = len(blocks)
    return blocks, entries, lead_title, lead_author, lead_blocks


def _add_paragraph(blocks: list[Block], lines: list[str]) -> None:
    text = " ".join(line.strip() for line in lines)
    if "[" in text:
        text = _BRACKETED.sub(" ", text)
    if "_" in text:
        text = _ITALIC_UNDERSCORE.sub("", text)
    para = finish_paragraph(text)
    if para is not None:
        blocks.append(Block("p", para))
