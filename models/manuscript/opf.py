"""The EPUB package: container.xml, then the OPF's metadata, manifest, spine and cover."""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass, field

from lxml import etree

from models.errors import ManuscriptError

from .cleaning import clean_text
from .safexml import local_name, parse_xml
from .safezip import SafeZip, resolve_href

__all__ = ["ManifestItem", "Package", "read_package"]

log = logging.getLogger(__name__)

_CONTAINER = "META-INF/container.xml"
_OPF_MEDIA = "application/oebps-package+xml"
_OPF_NS = "http://www.idpf.org/2007/opf"
_XML_MAX = 16 * 1024 * 1024
CONTENT_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/xml", "text/x-oeb1-document"})


@dataclass(frozen=True)
class ManifestItem:
    """A manifest entry whose href resolves inside the archive."""

    id: str
    path: str
    media_type: str
    properties: frozenset[str] = frozenset()


@dataclass
class Package:
    """What the OPF says about the book."""

    opf_path: str
    title: str = ""
    creators: list[str] = field(default_factory=list)
    manifest: dict[str, ManifestItem] = field(default_factory=dict)
    spine: list[ManifestItem] = field(default_factory=list)
    nav: ManifestItem | None = None
    ncx: ManifestItem | None = None
    cover: ManifestItem | None = None
    version: str = ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local_name(c) == name]


def _first(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if local_name(c) == name:
            return c
    return None


def _text(el: etree._Element) -> str:
    return clean_text("".join(el.itertext()))


def _opf_path(archive: SafeZip, source: str) -> str:
    if archive.find(_CONTAINER) is None:
        # Not strictly valid, but some tools omit the container: accept a single OPF at any depth.
        opfs = [n for n in archive.names() if n.lower().endswith(".opf")]
        if len(opfs) == 1:
            log.warning("%s: no %s; using %s", source, _CONTAINER, opfs[0])
            return opfs[0]
        raise ManuscriptError(source, f"not a valid EPUB: {_CONTAINER} is missing")
    root = parse_xml(archive.read(_CONTAINER, _XML_MAX), source, _CONTAINER)
    candidates: list[str] = []
    for el in root.iter():
        if local_name(el) == "rootfile":
            full = el.get("full-path") or ""
            media = (el.get("media-type") or "").strip().lower()
            resolved = resolve_href("", full)
            if resolved is None:
                log.warning("%s: ignoring rootfile outside the archive: %r", source, full)
                continue
            if media in ("", _OPF_MEDIA):
                candidates.append(resolved[0])
    if not candidates:
        raise ManuscriptError(source, "not a valid EPUB: container.xml names no package (OPF) file")
    for path in candidates:
        if archive.find(path) is not None:
            return archive.find(path) or path
    raise ManuscriptError(source, f"not a valid EPUB: package file {candidates[0]!r} is missing")


def read_package(archive: SafeZip, source: str) -> Package:
    """Parse container.xml and the OPF it names. Raises ManuscriptError for a broken package."""
    opf_path = _opf_path(archive, source)
    root = parse_xml(archive.read(opf_path, _XML_MAX), source, opf_path)
    if local_name(root) != "package":
        raise ManuscriptError(source, f"{opf_path}: not an OPF package document")
    pkg = Package(opf_path=opf_path, version=(root.get("version") or "").strip())
    base = posixpath.dirname(opf_path)

    metadata = _first(root, "metadata")
    meta_cover_id = None
    if metadata is not None:
        # EPUB 2 sometimes nests dc-metadata inside <dc-metadata>.
        elements = list(metadata.iter())
        titles = [_text(e) for e in elements if local_name(e) == "title" and _text(e)]
        pkg.title = titles[0] if titles else ""
        for e in elements:
            if local_name(e) == "creator":
                role = (e.get(f"{{{_OPF_NS}}}role") or e.get("role") or "aut").strip().lower()
                name = _text(e)
                if name and role in ("aut", "") and name not in pkg.creators:
                    pkg.creators.append(name)
            elif local_name(e) == "meta" and (e.get("name") or "").lower() == "cover":
                meta_cover_id = (e.get("content") or "").strip() or None

    manifest = _first(root, "manifest")
    if manifest is None:
        raise ManuscriptError(source, f"{opf_path}: OPF has no manifest")
    for item in _children(manifest, "item"):
        ident = (item.get("id") or "").strip()
        href = item.get("href") or ""
        resolved = resolve_href(base, href)
        if not ident:
            continue
        if resolved is None:
            log.warning("%s: ignoring manifest item %r with href outside the archive: %r", source, ident, href)
            continue
        props = frozenset((item.get("properties") or "").split())
        entry = ManifestItem(ident, resolved[0], (item.get("media-type") or "").strip().lower(), props)
        pkg.manifest.setdefault(ident, entry)
        if "nav" in props and pkg.nav is None:
            pkg.nav = entry
        if "cover-image" in props and pkg.cover is None:
            pkg.cover = entry

    spine = _first(root, "spine")
    if spine is None:
        raise ManuscriptError(source, f"{opf_path}: OPF has no spine")
    toc_id = spine.get("toc")
    if toc_id and toc_id in pkg.manifest:
        pkg.ncx = pkg.manifest[toc_id]
    if pkg.ncx is None:
        pkg.ncx = next((m for m in pkg.manifest.values() if m.media_type == "application/x-dtbncx+xml"), None)
    for ref in _children(spine, "itemref"):
        item = pkg.manifest.get((ref.get("idref") or "").strip())
        if item is None:
            continue
        if (ref.get("linear") or "yes").strip().lower() == "no":
            continue
        if item.media_type and item.media_type not in CONTENT_TYPES:
            log.debug("%s: skipping spine item %s of type %s", source, item.id, item.media_type)
            continue
        pkg.spine.append(item)

    if pkg.cover is None and meta_cover_id:
        pkg.cover = pkg.manifest.get(meta_cover_id)
        if pkg.cover is None:  # some tools put the href in content=
            resolved = resolve_href(base, meta_cover_id)
            if resolved is not None:
                pkg.cover = next((m for m in pkg.manifest.values() if m.path == resolved[0]), None)
    if pkg.cover is None:
        pkg.cover = next(
            (
                m
                for m in pkg.manifest.values()
                if m.media_type.startswith("image/") and "cover" in (m.id + " " + m.path).lower()
            ),
            None,
        )
    if pkg.cover is not None and not pkg.cover.media_type.startswith("image/"):
        pkg.cover = None
    return pkg
