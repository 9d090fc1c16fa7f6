"""From a stream of headings and paragraphs plus a list of entry points to chapters and parts.

Every reader turns its format into the same two things:

* blocks: the book's text in reading order, each a paragraph ("p") or a heading ("h");
* entries: labelled positions in that stream, with a nesting depth (an EPUB table of contents,
  or the headings a plain-text reader found).

``plan`` decides which entries start chapters, which are part headings (read at the start of their
first chapter) and which are front or back matter, and where each chapter ends. ``assemble`` turns
the plan into ``Chapter`` objects with titles written in one style.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .gutenberg import mentions_gutenberg
from .headings import Label, chapter_title, matter_kind, parse_label, same_text
from .types import Chapter

__all__ = ["Block", "Entry", "Division", "plan", "assemble", "single_chapter"]

log = logging.getLogger(__name__)

MAX_ENTRIES = 20_000
_ORPHAN_WORDS = 50  # an unlabelled section among chapters needs this much text to be a chapter
_TINY_WORDS = 15  # a run of divisions this short before the first real one is a contents list
_THE_END = re.compile(r"(?:the\s+end|finis|end)\W*", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """One unit of text: kind "p" (paragraph, read aloud), "h" (heading, not read) or "x" (dropped)."""

    kind: str
    text: str
    level: int = 0


@dataclass(frozen=True)
class Entry:
    """A labelled position in the block stream: where a chapter, part or piece of matter starts."""

    label: str
    pos: int
    depth: int = 0


@dataclass(frozen=True)
class Division:
    """A planned chapter: blocks [start, end), with the part heading that opens it, if any."""

    label: str
    start: int
    end: int
    part: str | None = None
    part_start: int | None = None
    part_end: int | None = None  # end of the part heading's own text (defaults to start)


@dataclass
class _Info:
    entry: Entry
    label: Label
    role: str = "text"  # chapter, part, special, matter, text
    own_end: int = 0
    words: int = 0


def plan(blocks: Sequence[Block], entries: Sequence[Entry], *, title: str = "", author: str = "") -> list[Division]:
    """Choose chapters and parts among ``entries``; [] when none can be found."""
    n = len(blocks)
    if not entries or not n:
        return []
    if len(entries) > MAX_ENTRIES:
        log.warning("table of contents has %d entries; using the first %d", len(entries), MAX_ENTRIES)
        entries = entries[:MAX_ENTRIES]
    prefix = [0]
    for b in blocks:
        prefix.append(prefix[-1] + (len(b.text.split()) if b.kind == "p" else 0))

    def words(a: int, b: int) -> int:
        return prefix[max(0, min(b, n))] - prefix[max(0, min(a, n))]

    ordered = sorted(
        (Entry(e.label, min(max(e.pos, 0), n), max(e.depth, 0)) for e in entries),
        key=lambda e: e.pos,
    )
    infos = [_Info(e, parse_label(e.label)) for e in ordered]
    _own_regions(infos, n)
    for info in infos:
        info.words = words(info.entry.pos, info.own_end)
        info.role = _role(info, title, author)

    chosen = _chapter_entries(infos)
    parts = [i for i, info in enumerate(infos) if info.role == "part"]
    if not chosen and len(parts) >= 2:
        chosen, parts = parts, []
    if chosen:
        selected, depth = _chapter_mode(infos, chosen)
    else:
        selected, depth = _fallback_mode(infos)
        if not selected:
            return []

    real_parts: list[int] = []
    sel_pos = sorted(infos[i].entry.pos for i in selected)
    part_pos = sorted(infos[i].entry.pos for i in parts)
    for i in parts:
        pos = infos[i].entry.pos
        k = bisect.bisect_left(sel_pos, pos)
        nxt_part = bisect.bisect_right(part_pos, pos)
        next_part_pos = part_pos[nxt_part] if nxt_part < len(part_pos) else n + 1
        if k < len(sel_pos) and sel_pos[k] < next_part_pos:
            real_parts.append(i)
        elif infos[i].words >= _ORPHAN_WORDS:
            selected.add(i)  # a part with text but no chapters is a chapter itself

    bounds: set[int] = {infos[i].entry.pos for i in selected}
    bounds.update(infos[i].entry.pos for i in real_parts)
    for info in infos:
        if info.entry.depth <= depth or info.role == "matter":
            bounds.add(info.entry.pos)
    bpos = sorted(bounds)

    divisions: list[Division] = []
    used_parts: set[int] = set()
    prev_start = -1
    part_list = sorted(real_parts, key=lambda i: infos[i].entry.pos)
    part_starts = [infos[p].entry.pos for p in part_list]
    for i in sorted(selected, key=lambda i: (infos[i].entry.pos, infos[i].entry.depth)):
        start = infos[i].entry.pos
        if start == prev_start:
            continue  # two entries for the same place: keep the outer one
        k = bisect.bisect_right(bpos, start)
        end = bpos[k] if k < len(bpos) else n
        part_label = None
        part_start = None
        kp = bisect.bisect_right(part_starts, start) - 1  # the last part heading at or before start
        if kp >= 0 and part_list[kp] not in used_parts and part_starts[kp] > prev_start:
            p = part_list[kp]
            part_label, part_start = infos[p].entry.label, part_starts[kp]
            used_parts.add(p)
        part_end = None
        if part_start is not None:
            kp = bisect.bisect_right(bpos, part_start)
            part_end = min(bpos[kp], start) if kp < len(bpos) else start
        divisions.append(Division(infos[i].entry.label, start, end, part_label, part_start, part_end))
        prev_start = start

    divisions = [d for d in divisions if words(d.start, d.end) > 0]
    return _drop_contents_run(divisions, words)


def _own_regions(infos: list[_Info], n: int) -> None:
    """own_end: position of the next entry at the same or a shallower depth (monotonic stack)."""
    stack: list[int] = []
    for i in range(len(infos) - 1, -1, -1):
        depth = infos[i].entry.depth
        while stack and infos[stack[-1]].entry.depth > depth:
            stack.pop()
        infos[i].own_end = infos[stack[-1]].entry.pos if stack else n
        stack.append(i)


def _role(info: _Info, title: str, author: str) -> str:
    label = info.label
    if label.kind in ("chapter", "part", "special"):
        return label.kind
    kind = matter_kind(label.text)
    if kind == "strong" or (kind == "weak" and info.words < _ORPHAN_WORDS):
        return "matter"
    text = label.text
    if not text or same_text(text, title) or same_text(text, author):
        return "matter"
    if text[:3].lower() == "by " and (not author or same_text(text[3:], author)):
        return "matter"  # a title page's "by Lewis Carroll"
    return "text"


def _chapter_entries(infos: list[_Info]) -> list[int]:
    keyword = [i for i, info in enumerate(infos) if info.role == "chapter" and info.label.keyword]
    bare = [i for i, info in enumerate(infos) if info.role == "chapter" and not info.label.keyword]
    if len(keyword) >= 2:
        # Bare numbers alongside keyword chapters are sections inside them, unless just as shallow.
        kdepth = min(infos[i].entry.depth for i in keyword)
        return _outermost(infos, sorted(keyword + [i for i in bare if infos[i].entry.depth < kdepth]))
    if len(bare) >= 2:
        return _outermost(infos, bare)
    return keyword + bare


def _outermost(infos: list[_Info], indices: list[int]) -> list[int]:
    """Drop entries nested inside another of the same set ("I." sections inside "I. A Scandal")."""
    kept: list[int] = []
    for i in indices:
        entry = infos[i].entry
        if any(
            infos[k].entry.depth < entry.depth and infos[k].entry.pos <= entry.pos < infos[k].own_end
            for k in kept[-1:]
        ):
            continue
        kept.append(i)
    return kept


def _chapter_mode(infos: list[_Info], chosen: list[int]) -> tuple[set[int], int]:
    depth = min(infos[i].entry.depth for i in chosen)
    first = min(infos[i].entry.pos for i in chosen)
    selected = set(chosen)
    for i, info in enumerate(infos):
        if info.role == "special" and info.entry.depth <= depth + 1:
            selected.add(i)
        elif (
            info.role == "text"
            and info.entry.depth <= depth
            and info.entry.pos > first
            and info.words >= _ORPHAN_WORDS
        ):
            selected.add(i)
    return selected, depth


def _fallback_mode(infos: list[_Info]) -> tuple[set[int], int]:
    cands = [i for i, info in enumerate(infos) if info.role in ("text", "special") and info.words > 0]
    if not cands:
        return set(), 0
    depths = sorted({infos[i].entry.depth for i in cands})
    chosen_depth = depths[0]
    for d in depths:
        if sum(1 for i in cands if infos[i].entry.depth == d) >= 2:
            chosen_depth = d
            break
    return {i for i in cands if infos[i].entry.depth == chosen_depth}, chosen_depth


def _drop_contents_run(divisions: list[Division], words: Callable[[int, int], int]) -> list[Division]:
    """A printed contents list read as headings gives a run of nearly empty divisions up front."""
    run = 0
    for d in divisions:
        if words(d.start, d.end) >= _TINY_WORDS:
            break
        run += 1
    if 3 <= run < len(divisions):
        log.debug("dropping %d near-empty divisions at the start (a contents list)", run)
        return divisions[run:]
    return divisions


def _leading_headings(blocks: Sequence[Block], start: int, end: int) -> list[str]:
    lines: list[str] = []
    for b in blocks[start:end]:
        if b.kind == "p":
            break
        if b.kind == "h":
            lines.extend(line for line in b.text.split("\n") if line.strip())
    return lines


def _paragraphs(blocks: Sequence[Block], start: int, end: int) -> list[str]:
    return [b.text for b in blocks[start:end] if b.kind == "p" and not mentions_gutenberg(b.text)]


def assemble(blocks: Sequence[Block], divisions: Sequence[Division]) -> tuple[Chapter, ...]:
    """Chapters for the planned divisions: titles written in one style, empty ones left out."""
    chapters: list[Chapter] = []
    for d in divisions:
        index = len(chapters) + 1
        paragraphs = []
        part = None
        if d.part is not None and d.part_start is not None:
            part_end = d.start if d.part_end is None else min(d.part_end, d.start)
            part = chapter_title(d.part, _leading_headings(blocks, d.part_start, part_end), index)
            paragraphs.extend(_paragraphs(blocks, d.part_start, part_end))
        paragraphs.extend(_paragraphs(blocks, d.start, d.end))
        if not paragraphs:
            continue
        title = chapter_title(d.label, _leading_headings(blocks, d.start, d.end), index)
        chapters.append(Chapter(index, title, tuple(paragraphs), part))
    return _trim_the_end(chapters)


def single_chapter(blocks: Sequence[Block], title: str) -> tuple[Chapter, ...]:
    """The whole text as one chapter named after the book."""
    paragraphs = _paragraphs(blocks, 0, len(blocks))
    if not paragraphs:
        return ()
    return _trim_the_end([Chapter(1, title or "Chapter 1", tuple(paragraphs), None)])


def _trim_the_end(chapters: list[Chapter]) -> tuple[Chapter, ...]:
    """Drop a closing "THE END" paragraph: the closing credits say it."""
    if chapters:
        last = chapters[-1]
        paras = list(last.paragraphs)
        while len(paras) > 1 and _THE_END.fullmatch(paras[-1].strip()):
            paras.pop()
        if len(paras) != len(last.paragraphs):
            chapters[-1] = Chapter(last.index, last.title, tuple(paras), last.part)
    return tuple(chapters)
