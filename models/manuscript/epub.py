"""EPUB 2 and EPUB 3 books: spine text, table-of-contents chapters, metadata and cover."""

from __future__ import annotations

import logging
from pathlib import Path

from models.errors import ManuscriptError

from .gutenberg import body_range
from .names import UNKNOWN_AUTHOR, book_title_from_path, join_names
from .opf import Package, read_package
from .outline import Block, Entry, assemble, plan, single_chapter
from .safexml import local_name, parse_xhtml, parse_xml
from .safezip import SafeZip, resolve_href
from .toc import TocEntry, parse_nav, parse_ncx
from .types import Manuscript
from .xhtml import extract_blocks

__all__ = ["read_epub"]

log = logging.getLogger(__name__)

_XHTML_MAX = 64 * 1024 * 1024
_XML_MAX = 16 * 1024 * 1024
_COVER_MAX = 32 * 1024 * 1024
_FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})


def read_epub(path: Path) -> Manuscript:
    """Read an EPUB file into chapters. Raises ManuscriptError for anything unreadable or unsafe."""
    source = str(path)
    with SafeZip(path) as archive:
        pkg = read_package(archive, source)
        if not pkg.spine:
            raise ManuscriptError(source, "EPUB spine lists no readable content documents")
        _refuse_drm(archive, pkg, source)
        blocks, doc_start, anchors = _read_spine(archive, pkg, source)
        if not any(b.kind == "p" for b in blocks):
            raise ManuscriptError(source, "EPUB contains no readable text")
        start, end = body_range([b.text for b in blocks])
        if start or end < len(blocks):
            blocks = [b if start <= i < end else Block("x", "") for i, b in enumerate(blocks)]

        title = pkg.title or book_title_from_path(path)
        author = join_names(pkg.creators) or UNKNOWN_AUTHOR
        toc = _read_toc(archive, pkg, source)
        entries = _toc_entries(toc, doc_start, anchors)
        divisions = plan(blocks, entries, title=title, author=author)
        if len(divisions) < 2:
            by_headings = plan(blocks, _heading_entries(blocks), title=title, author=author)
            if len(by_headings) > len(divisions):
                log.info("%s: table of contents gave %d chapters; using headings", source, len(divisions))
                divisions = by_headings
        chapters = assemble(blocks, divisions) if divisions else ()
        if not chapters:
            chapters = single_chapter(blocks, title)
        if not chapters:
            raise ManuscriptError(source, "EPUB contains no readable text")
        cover, cover_type = _read_cover(archive, pkg, source)
    log.info("%s: %d chapters, %d words", source, len(chapters), sum(c.words for c in chapters))
    return Manuscript(path, title, author, chapters, cover, cover_type)


def _read_spine(
    archive: SafeZip, pkg: Package, source: str
) -> tuple[list[Block], dict[str, int], dict[tuple[str, str], int]]:
    blocks: list[Block] = []
    doc_start: dict[str, int] = {}
    anchors: dict[tuple[str, str], int] = {}
    for item in pkg.spine:
        if item.path in doc_start:
            continue
        if archive.find(item.path) is None:
            log.warning("%s: spine item %s is missing from the archive", source, item.path)
            continue
        root = parse_xhtml(archive.read(item.path, _XHTML_MAX), source, item.path)
        doc = extract_blocks(root)
        offset = len(blocks)
        doc_start[item.path] = offset
        for ident, local in doc.anchors.items():
            anchors[(item.path, ident)] = offset + local
        blocks.extend(doc.blocks)
    if not doc_start:
        raise ManuscriptError(source, "none of the EPUB's spine documents is in the archive")
    return blocks, doc_start, anchors


def _read_toc(archive: SafeZip, pkg: Package, source: str) -> list[TocEntry]:
    """The EPUB 3 nav when it has entries, else the NCX; [] when neither can be read."""
    for item, parser in ((pkg.nav, parse_nav), (pkg.ncx, parse_ncx)):
        if item is None or archive.find(item.path) is None:
            continue
        data = archive.read(item.path, _XML_MAX)
        try:
            root = parse_xhtml(data, source, item.path) if parser is parse_nav else parse_xml(data, source, item.path)
        except ManuscriptError as exc:
            if "entities" in exc.reason:
                raise
            log.warning("%s: unreadable table of contents %s: %s", source, item.path, exc.reason)
            continue
        entries = parser(root, item.path)
        if any(e.path for e in entries):
            return entries
    return []


def _toc_entries(
    toc: list[TocEntry], doc_start: dict[str, int], anchors: dict[tuple[str, str], int]
) -> list[Entry]:
    """Place TOC entries in the block stream; entries without a target take the next one's place."""
    placed: list[tuple[TocEntry, int | None]] = []
    for entry in toc:
        pos: int | None = None
        if entry.path is not None and entry.path in doc_start:
            pos = anchors.get((entry.path, entry.fragment)) if entry.fragment else None
            if pos is None:
                if entry.fragment:
                    log.debug("anchor #%s not found in %s; using the document start", entry.fragment, entry.path)
                pos = doc_start[entry.path]
        placed.append((entry, pos))
    out: list[Entry] = []
    following: int | None = None
    for entry, pos in reversed(placed):
        if pos is None:
            if entry.path is None and following is not None:
                out.append(Entry(entry.label, following, entry.depth))
            continue
        following = pos
        out.append(Entry(entry.label, pos, entry.depth))
    out.reverse()
    return out


def _heading_entries(blocks: list[Block]) -> list[Entry]:
    return [
        Entry(b.text.replace("\n", " "), i, max(b.level - 1, 0)) for i, b in enumerate(blocks) if b.kind == "h"
    ]


def _read_cover(archive: SafeZip, pkg: Package, source: str) -> tuple[bytes | None, str | None]:
    item = pkg.cover
    if item is None or archive.find(item.path) is None:
        return None, None
    try:
        return archive.read(item.path, _COVER_MAX), item.media_type
    except ManuscriptError as exc:
        log.warning("%s: cover image not used: %s", source, exc.reason)
        return None, None


def _refuse_drm(archive: SafeZip, pkg: Package, source: str) -> None:
    """Encrypted content documents (DRM) cannot be read; obfuscated fonts are harmless."""
    name = archive.find("META-INF/encryption.xml")
    if name is None:
        return
    root = parse_xml(archive.read(name, _XML_MAX), source, name)
    spine_paths = {item.path for item in pkg.spine}
    for data in root.iter():
        if local_name(data) != "encrypteddata":
            continue
        algorithm = ""
        uri = ""
        for el in data.iter():
            tag = local_name(el)
            if tag == "encryptionmethod":
                algorithm = el.get("Algorithm") or ""
            elif tag == "cipherreference":
                uri = el.get("URI") or ""
        target = resolve_href("", uri)
        if algorithm not in _FONT_OBFUSCATION and target is not None and target[0] in spine_paths:
            raise ManuscriptError(source, "EPUB is DRM-protected (encrypted content documents)")

