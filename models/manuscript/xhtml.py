"""Readable text out of an XHTML content document: paragraphs and headings, with anchor positions.

What is left out: the document head, scripts and styles, images and their placeholder text
(Project Gutenberg's ``div.fig`` "0010m"), figure captions, page numbers, footnote markers and
footnote bodies, navigation lists, and Project Gutenberg's header/footer boilerplate sections.
Headings are kept apart from paragraphs (their lines separated by newlines), so a title is spoken
once, by the narrator's chapter announcement, and never again inside the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .cleaning import clean_text, finish_paragraph
from .outline import Block
from .safexml import local_name

__all__ = ["DocText", "extract_blocks"]

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "blockquote", "li",
        "ul", "ol", "dl", "dt", "dd", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
        "hr", "address", "center", "body", "html", "hgroup", "details", "summary", "fieldset",
        "legend", "poem", "stanza", "line",
    }
    | _HEADINGS
)
_SKIP_TAGS = frozenset(
    {
        "head", "script", "style", "title", "template", "noscript", "svg", "math", "img", "image",
        "audio", "video", "object", "embed", "iframe", "canvas", "map", "rt", "rp", "button", "input",
        "select", "textarea", "form", "nav", "figure", "figcaption", "caption", "meta", "link",
    }
)
_SKIP_CLASSES = frozenset(
    {
        "pg-boilerplate", "pgboilerplate", "pgheader", "pgfooter", "pg-header", "pg-footer",
        "pagenum", "pageno", "page-num", "pagenumber", "page-number", "pagebreak", "page-break",
        "fnanchor", "footnote", "footnotes", "footnote-ref", "footnoteref", "noteref", "endnote",
        "endnotes", "fig", "figure", "figleft", "figright", "figcenter", "figcentre", "illus",
        "illustration", "caption", "figcaption", "transnote", "tnote", "x-ebookmaker-cover",
        "pg-start-separator", "pg-end-separator", "toc", "pgtoc",
    }
)
_SKIP_IDS = ("pg-header", "pg-footer", "pg-machine-header", "pg-start-separator", "pg-end-separator")
_SKIP_TYPES = frozenset(
    {
        "pagebreak", "doc-pagebreak", "noteref", "doc-noteref", "footnote", "doc-footnote", "endnote",
        "doc-endnote", "endnotes", "doc-endnotes", "footnotes", "rearnote", "rearnotes", "toc",
        "doc-toc", "landmarks", "page-list", "doc-pagelist", "annoref", "annotation", "biblioref",
    }
)
_NOTE_MARK_TEXT = re.compile(r"\W*(?:\d{1,4}|[ivxlc]{1,6}|[a-z]|[*†‡§¶]{1,3})\W*", re.IGNORECASE)
_MAX_DEPTH = 400


@dataclass
class DocText:
    """The blocks of one document and, for every element id, the index of the block it opens."""

    blocks: list[Block] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)


class _Walker:
    def __init__(self) -> None:
        self.out = DocText()
        self.buf: list[str] = []

    # -- output -------------------------------------------------------------------------------
    def flush(self) -> None:
        if not self.buf:
            return
        text = finish_paragraph("".join(self.buf))
        self.buf = []
        if text is not None:
            self.out.blocks.append(Block("p", text))

    def anchor(self, el: etree._Element) -> None:
        for key in ("id", "{http://www.w3.org/XML/1998/namespace}id", "name"):
            value = el.get(key)
            if value:
                self.out.anchors.setdefault(value, len(self.out.blocks))

    def anchor_subtree(self, el: etree._Element) -> None:
        for sub in el.iter():
            if isinstance(sub.tag, str):
                self.anchor(sub)

    # -- decisions ----------------------------------------------------------------------------
    def skipped(self, el: etree._Element, tag: str) -> bool:
        if tag in _SKIP_TAGS:
            return True
        classes = el.get("class")
        if classes and not _SKIP_CLASSES.isdisjoint(classes.lower().split()):
            return True
        ident = el.get("id")
        if ident and ident.lower().startswith(_SKIP_IDS):
            return True
        kinds = f"{el.get(_EPUB_TYPE) or ''} {el.get('role') or ''}".lower().split()
        if kinds and not _SKIP_TYPES.isdisjoint(kinds):
            return True
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            return True
        if tag == "sup" and _NOTE_MARK_TEXT.fullmatch("".join(el.itertext()) or "*"):
            return True
        if tag == "a" and "#" in (el.get("href") or ""):
            # "[1]", "*", "a" linking into the notes
            return bool(_NOTE_MARK_TEXT.fullmatch("".join(el.itertext())))
        return False

    # -- traversal ----------------------------------------------------------------------------
    def walk(self, el: etree._Element, depth: int = 0) -> None:
        tag = local_name(el)
        if not tag:  # comment, PI or an unexpanded entity reference: keep only the tail text
            if el.tail:
                self.buf.append(el.tail)
            return
        if depth > _MAX_DEPTH or self.skipped(el, tag):
            self.anchor_subtree(el)
            if el.tail:
                self.buf.append(el.tail)
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            self.flush()
        self.anchor(el)
        if tag in _HEADINGS:
            text = self.heading_text(el)
            self.anchor_subtree(el)
            if text:
                self.out.blocks.append(Block("h", text, int(tag[1])))
        elif tag == "br":
            self.buf.append(" ")
        else:
            if el.text:
                self.buf.append(el.text)
            for child in el:
                self.walk(child, depth + 1)
        if is_block:
            self.flush()
        if el.tail:
            self.buf.append(el.tail)

    def heading_text(self, el: etree._Element) -> str:
        """Heading lines: <br/> and nested block elements separate lines."""
        parts: list[str] = []
        self._inline(el, parts, 0)
        lines = [clean_text(line) for line in "".join(parts).split("\n")]
        return "\n".join(line for line in lines if line)

    def _inline(self, el: etree._Element, parts: list[str], depth: int) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = local_name(child)
            if tag and depth < _MAX_DEPTH and not self.skipped(child, tag):
                if tag == "br" or tag in _BLOCK_TAGS:
                    parts.append("\n")
                if tag != "br":
                    self._inline(child, parts, depth + 1)
                if tag in _BLOCK_TAGS:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)


def extract_blocks(root: etree._Element) -> DocText:
    """Paragraph and heading blocks of a content document, in reading order."""
    walker = _Walker()
    body = None
    for el in root.iter():
        if local_name(el) == "body":
            body = el
            break
    target = body if body is not None else root
    walker.anchor(root)
    if target.text:
        walker.buf.append(target.text)
    walker.anchor(target)
    for child in target:
        walker.walk(child, 1)
    walker.flush()
    return walker.out
