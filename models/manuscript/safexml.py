"""Parsing untrusted XML and XHTML (from an EPUB) without entity expansion or network access.

Documents that declare entities in a DTD (``<!ENTITY``) are refused outright: that blocks external
entities (``SYSTEM "file:///etc/passwd"``) and nested expansion ("billion laughs") before libxml2
sees them. The parser itself is hardened too: no entity resolution, no DTD loading, no network,
no huge-tree mode (libxml2's depth and text-size limits stay on).

XHTML often uses HTML named entities (``&nbsp;``, ``&mdash;``) that are undefined without the DTD;
they are rewritten to numeric character references first.
"""

from __future__ import annotations

import html.entities
import re

from lxml import etree

from models.errors import ManuscriptError

__all__ = ["parse_xml", "parse_xhtml", "local_name"]

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_NAMED_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_PREDEFINED = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_HTML_ENTITIES: dict[bytes, bytes] = {}
for _name, _chars in html.entities.html5.items():
    if _name.endswith(";"):
        _key = _name[:-1].encode("ascii")
        if _key not in _XML_PREDEFINED:
            _HTML_ENTITIES[_key] = "".join(f"&#{ord(c)};" for c in _chars).encode("ascii")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def _html_parser() -> etree.HTMLParser:
    return etree.HTMLParser(
        no_network=True,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        default_doctype=False,
    )


def _refuse_entities(data: bytes, source: str, member: str) -> None:
    probe = data
    if b"\x00" in data[:512]:  # UTF-16/32: the ASCII of "<!ENTITY" is there between NUL bytes
        probe = data.replace(b"\x00", b"")
    if _ENTITY_DECL.search(probe):
        raise ManuscriptError(source, f"{member}: XML declares entities (<!ENTITY>); refused as unsafe")


def _named_to_numeric(data: bytes) -> bytes:
    if b"&" not in data:
        return data

    def sub(m: re.Match[bytes]) -> bytes:
        return _HTML_ENTITIES.get(m.group(1), m.group(0))

    return _NAMED_REF.sub(sub, data)


def parse_xml(data: bytes, source: str, member: str) -> etree._Element:
    """Parse a package/navigation document (OPF, NCX, container.xml). Raises ManuscriptError."""
    _refuse_entities(data, source, member)
    try:
        root = etree.fromstring(_named_to_numeric(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise ManuscriptError(source, f"{member}: malformed XML ({exc})") from None
    if root is None:
        raise ManuscriptError(source, f"{member}: empty XML document")
    return root


def parse_xhtml(data: bytes, source: str, member: str) -> etree._Element:
    """Parse a content document: strict XML first, then libxml2's forgiving HTML parser."""
    _refuse_entities(data, source, member)
    data = _named_to_numeric(data)
    try:
        root = etree.fromstring(data, _parser())
        if root is not None:
            return root
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(data, _html_parser())
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise ManuscriptError(source, f"{member}: unreadable XHTML ({exc})") from None
    if root is None:
        raise ManuscriptError(source, f"{member}: empty XHTML document")
    return root


def local_name(el: etree._Element) -> str:
    """Tag without namespace, lowercased; "" for comments, PIs and entity nodes."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].lower()
