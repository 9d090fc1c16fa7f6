"""Markdown manuscripts (.md, .markdown).

Structure comes from the headings: when one ``#`` heading has several ``##`` headings under it, the
``#`` is the book title (a single one) or a part (several) and the ``##`` are chapters; when there
are only ``#`` headings, each is a chapter. Title and author come from YAML front matter
(``title:``, ``author:``) when present. Inline syntax (emphasis, links, images, code, HTML tags,
footnote references) is stripped to plain text; code blocks are not read.
"""

from __future__ import annotations

import bisect
import logging
import re
from pathlib import Path


from .cleaning import clean_text, finish_paragraph
from .headings import matter_kind, same_text, tidy_title
from .names import UNKNOWN_AUTHOR, join_names
from .outline import Block, Division, assemble, single_chapter
from .textio import read_text_book
from .types import Chapter, Manuscript

__all__ = ["read_markdown", "markdown_to_chapters", "strip_inline"]

log = logging.getLogger(__name__)

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]{0,12}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]{1,200}\]:[ \t]*\S")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\n]{1,100}\]:")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_FRONT_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*)$")

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
_LINK = re.compile(r"\[([^\]\n]{0,500})\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]{1,2000})>")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]{1,100}\]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")
_HTML_COMMENT_OPEN = "<!--"
_STARS = re.compile(r"(?<!\s)\*+|\*+(?!\s)")
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
_TILDES = re.compile(r"~~")
_BACKTICKS = re.compile(r"`+")
_PLACEHOLDER_BASE = 0xF0000  # supplementary private use: escaped characters are parked here


def read_markdown(path: Path) -> Manuscript:
    """Read a Markdown manuscript."""
    return read_text_book(path, markdown_to_chapters)


def markdown_to_chapters(text: str, default_title: str) -> tuple[str, str, tuple[Chapter, ...]]:
    """(title, author, chapters) of a Markdown text."""
    lines = text.split("\n")
    meta, body_start = _front_matter(lines)
    blocks = _blocks(lines[body_start:])
    headings = [(i, b.level, b.text) for i, b in enumerate(blocks) if b.kind == "h"]
    fm_title = clean_text(meta.get("title", ""))
    author = join_names(_as_list(meta.get("author") or meta.get("authors") or "")) or UNKNOWN_AUTHOR

    divisions, book_heading = _divisions(blocks, headings, fm_title)
    title = fm_title or book_heading or default_title
    chapters = assemble(blocks, divisions) if divisions else ()
    if not chapters:
        rest = blocks
        if book_heading:  # the lone "# Title" is the book's title, not text to read
            rest = [b for b in blocks if not (b.kind == "h" and same_text(b.text, book_heading))]
        chapters = single_chapter(rest, title)
    return title, author, chapters


def _as_list(value: str | list[str]) -> list[str]:
    if isinstance(value, list):
        return value
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
    return [value] if value else []


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _front_matter(lines: list[str]) -> tuple[dict[str, str | list[str]], int]:
    """Simple YAML front matter: "key: value" lines and "- item" lists, between --- lines."""
    first = lines[0].lstrip("\ufeff").strip() if lines else ""
    if first != "---":
        return {}, 0
    meta: dict[str, str | list[str]] = {}
    key: str | None = None
    for i in range(1, min(len(lines), 500)):
        line = lines[i]
        if line.strip() in ("---", "..."):
            return meta, i + 1
        item = _FRONT_ITEM.match(line)
        if item and key:
            current = meta.get(key)
            items = current if isinstance(current, list) else ([current] if current else [])
            items.append(_unquote(item.group(1)))
            meta[key] = items
            continue
        m = _FRONT_KEY.match(line)
        if m:
            key = m.group(1).lower()
            meta[key] = _unquote(m.group(2))
    return {}, 0  # no closing line: not front matter


def strip_inline(text: str) -> str:
    """Markdown inline syntax to plain text."""
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: chr(_PLACEHOLDER_BASE + ord(m.group(1))), text)
    if "[" in text:
        text = _IMAGE.sub("", text)
        text = _FOOTNOTE_REF.sub("", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_TAG.sub("", text)
    if "*" in text:
        text = _STARS.sub("", text)
    if "_" in text:
        text = _UNDERSCORES.sub("", text)
    if "~" in text:
        text = _TILDES.sub("", text)
    if "`" in text:
        text = _BACKTICKS.sub("", text)
    if any(ord(ch) >= _PLACEHOLDER_BASE for ch in text):
        text = "".join(
            chr(ord(ch) - _PLACEHOLDER_BASE) if _PLACEHOLDER_BASE <= ord(ch) < _PLACEHOLDER_BASE + 128 else ch
            for ch in text
        )
    return text


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    fence: str | None = None
    in_comment = False
    in_footnote = False

    def flush() -> None:
        nonlocal para
        if para:
            text = finish_paragraph(strip_inline(" ".join(para)))
            if text is not None:
                blocks.append(Block("p", text))
            para = []

    def heading(level: int, raw: str) -> None:
        flush()
        text = clean_text(strip_inline(raw))
        if text:
            blocks.append(Block("h", text, level))

    for line in lines:
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if in_comment:
            end = line.find("-->")
            if end < 0:
                continue
            line = line[end + 3 :]
            in_comment = False
        while _HTML_COMMENT_OPEN in line:
            start = line.index(_HTML_COMMENT_OPEN)
            end = line.find("-->", start + 4)
            if end < 0:
                line = line[:start]
                in_comment = True
                break
            line = line[:start] + line[end + 3 :]
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)[:3]
            continue
        if not line.strip():
            flush()
            in_footnote = False
            continue
        if in_footnote or _FOOTNOTE_DEF.match(line):
            in_footnote = True
            continue
        if _REF_DEF.match(line) or _TABLE_RULE.match(line) and "|" in line:
            continue
        m = _ATX.match(line)
        if m:
            heading(len(m.group(1)), m.group(2) or "")
            continue
        if para and len(para) == 1 and _SETEXT.match(line):
            raw = para[0]
            para = []
            heading(1 if line.strip().startswith("=") else 2, raw)
            continue
        if _HR.match(line):
            flush()
            continue
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end() :]
            if not line.strip():
                flush()
                continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            line = line[item.end() :]
        if "|" in line and line.lstrip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        para.append(line.strip())
    flush()
    return blocks


def _divisions(
    blocks: list[Block], headings: list[tuple[int, int, str]], fm_title: str
) -> tuple[list[Division], str]:
    """Chapter divisions and the heading text used as the book title ("" if none)."""
    if not headings:
        return [], ""
    levels = sorted({level for _, level, _ in headings})
    top = levels[0]
    second = levels[1] if len(levels) > 1 else None
    tops = [h for h in headings if h[1] == top]
    n = len(blocks)

    chapter_level = top
    part_heads: list[tuple[int, int, str]] = []
    book_heading = ""
    if second is not None:
        counts = [0] * len(tops)  # second-level headings under each top-level heading
        before_first_top = 0
        current = -1
        for _, level, _ in headings:
            if level == top:
                current += 1
            elif level == second:
                if current < 0:
                    before_first_top += 1
                else:
                    counts[current] += 1
        if max(counts, default=0) >= 2 or before_first_top >= 2:
            chapter_level = second
            if len(tops) == 1 and before_first_top == 0:
                book_heading = tidy_title(tops[0][2])
            else:
                part_heads = tops
    if chapter_level == top and len(tops) == 1 and fm_title and same_text(tops[0][2], fm_title):
        book_heading = tidy_title(tops[0][2])  # "# Title" repeating the front matter: not a chapter
        if second is not None:
            chapter_level = second

    chapters = [h for h in headings if h[1] == chapter_level and matter_kind(h[2]) != "strong"]
    if book_heading and chapter_level == top:
        chapters = [h for h in chapters if not same_text(h[2], book_heading)]
    bounds = sorted({p for p, lv, _ in headings if lv <= chapter_level})
    divisions: list[Division] = []
    part_starts = [p for p, _, _ in part_heads]
    prev = -1
    for pos, _, text in chapters:
        k = bisect.bisect_right(bounds, pos)
        end = bounds[k] if k < len(bounds) else n
        part = None
        part_start = None
        kp = bisect.bisect_left(part_starts, pos) - 1  # the last part heading before this chapter
        if kp >= 0 and part_starts[kp] > prev:
            part, part_start = part_heads[kp][2], part_starts[kp]
        part_end = None
        if part_start is not None:
            kp = bisect.bisect_right(bounds, part_start)
            part_end = min(bounds[kp], pos) if kp < len(bounds) else pos
        divisions.append(Division(text, pos, end, part, part_start, part_end))
        prev = pos
    return divisions, book_heading
