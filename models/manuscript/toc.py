"""An EPUB's table of contents: the EPUB 3 navigation document or the EPUB 2 NCX."""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass

from lxml import etree

from .cleaning import clean_text
from .safexml import local_name
from .safezip import resolve_href

__all__ = ["TocEntry", "parse_nav", "parse_ncx"]

log = logging.getLogger(__name__)

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_MAX_DEPTH = 64


@dataclass(frozen=True)
class TocEntry:
    """One table-of-contents entry: its label, target document and fragment, and nesting depth."""

    label: str
    path: str | None
    fragment: str
    depth: int


def _first_child(el: etree._Element, *names: str) -> etree._Element | None:
    for c in el:
        if local_name(c) in names:
            return c
    return None


def _label(el: etree._Element) -> str:
    """Text of a label element; <br/> and nested block elements count as spaces."""
    parts: list[str] = []
    _collect(el, parts, 0)
    return clean_text("".join(parts))


def _collect(el: etree._Element, parts: list[str], depth: int) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and depth < _MAX_DEPTH:
            if local_name(child) in ("br", "div", "p"):
                parts.append(" ")
            _collect(child, parts, depth + 1)
        if child.tail:
            parts.append(child.tail)


def parse_nav(root: etree._Element, doc_path: str) -> list[TocEntry]:
    """Entries of the ``<nav epub:type="toc">`` in an EPUB 3 navigation document, in order."""
    navs = [el for el in root.iter() if local_name(el) == "nav"]
    if not navs:
        return []

    def is_toc(nav: etree._Element) -> bool:
        kinds = f"{nav.get(_EPUB_TYPE) or ''} {nav.get('role') or ''}".split()
        return "toc" in kinds or "doc-toc" in kinds

    nav = next((n for n in navs if is_toc(n)), navs[0])
    base = posixpath.dirname(doc_path)
    out: list[TocEntry] = []
    ol = next((el for el in nav.iter() if local_name(el) in ("ol", "ul")), None)
    if ol is not None:
        _walk_list(ol, base, 0, out)
    return out


def _walk_list(ol: etree._Element, base: str, depth: int, out: list[TocEntry]) -> None:
    if depth > _MAX_DEPTH:
        return
    for li in ol:
        if local_name(li) != "li":
            continue
        head = _first_child(li, "a", "span")
        if head is not None:
            label = _label(head)
            href = head.get("href") if local_name(head) == "a" else None
            target = resolve_href(base, href) if href else None
            if href and target is None:
                log.warning("ignoring table-of-contents link outside the archive: %r", href)
            out.append(TocEntry(label, target[0] if target else None, target[1] if target else "", depth))
        sub = _first_child(li, "ol", "ul")
        if sub is not None:
            _walk_list(sub, base, depth + 1, out)


def parse_ncx(root: etree._Element, doc_path: str) -> list[TocEntry]:
    """Entries of an NCX ``navMap``, in order."""
    nav_map = next((el for el in root.iter() if local_name(el) == "navmap"), None)
    if nav_map is None:
        return []
    base = posixpath.dirname(doc_path)
    out: list[TocEntry] = []
    _walk_points(nav_map, base, 0, out)
    return out


def _walk_points(parent: etree._Element, base: str, depth: int, out: list[TocEntry]) -> None:
    if depth > _MAX_DEPTH:
        return
    for point in parent:
        if local_name(point) != "navpoint":
            continue
        label_el = _first_child(point, "navlabel")
        text_el = _first_child(label_el, "text") if label_el is not None else None
        label = _label(text_el) if text_el is not None else ""
        content = _first_child(point, "content")
        src = content.get("src") if content is not None else None
        target = resolve_href(base, src) if src else None
        if src and target is None:
            log.warning("ignoring table-of-contents link outside the archive: %r", src)
        out.append(TocEntry(label, target[0] if target else None, target[1] if target else "", depth))
        _walk_points(point, base, depth + 1, out)
