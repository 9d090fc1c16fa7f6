"""Builders for small EPUB files used by the manuscript tests (no tests here)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

XHTML_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    "<head><title>t</title></head><body>"
)
XHTML_TAIL = "</body></html>"

CONTAINER = (
    '<?xml version="1.0"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def xhtml(body: str) -> str:
    return XHTML_HEAD + body + XHTML_TAIL


def story(n: int, seed: str = "The wind moved over the quiet water") -> str:
    """n paragraphs of plausible prose."""
    return "".join(f"<p>{seed} and the boat drifted on, sentence {i} of the tale.</p>" for i in range(n))


@dataclass
class EpubSpec:
    """What to put in a test EPUB. Doc names are relative to OEBPS/."""

    docs: dict[str, str]
    spine: list[str] | None = None
    nav: list[tuple] | None = None  # (label, href, [children]) ; None = no nav document
    ncx: list[tuple] | None = None
    title: str = "A Test Book"
    author: str = "Ann Writer"
    version: str = "3.0"
    cover: bytes | None = None
    cover_style: str = "properties"  # or "meta"
    extra_manifest: list[tuple[str, str, str]] = field(default_factory=list)  # (id, href, media-type)
    extra_spine: list[str] = field(default_factory=list)  # idrefs
    extra_files: dict[str, bytes] = field(default_factory=dict)  # archive path -> bytes
    container: bool = True
    opf_prefix: str = ""  # e.g. a DOCTYPE with entities


def _nav_xhtml(items: list[tuple]) -> str:
    def ol(entries: list[tuple]) -> str:
        out = []
        for entry in entries:
            label, href = entry[0], entry[1]
            children = entry[2] if len(entry) > 2 else []
            head = f'<a href="{escape(href)}">{escape(label)}</a>' if href else f"<span>{escape(label)}</span>"
            out.append(f"<li>{head}{ol(children) if children else ''}</li>")
        return f"<ol>{''.join(out)}</ol>"

    return xhtml(f'<nav epub:type="toc" id="toc"><h1>Contents</h1>{ol(items)}</nav>')


def _ncx(items: list[tuple], title: str) -> str:
    counter = [0]

    def points(entries: list[tuple]) -> str:
        out = []
        for entry in entries:
            label, href = entry[0], entry[1]
            children = entry[2] if len(entry) > 2 else []
            counter[0] += 1
            out.append(
                f'<navPoint id="np{counter[0]}" playOrder="{counter[0]}"><navLabel><text>{escape(label)}</text>'
                f'</navLabel><content src="{escape(href)}"/>{points(children)}</navPoint>'
            )
        return "".join(out)

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/>'
        f"<docTitle><text>{escape(title)}</text></docTitle><navMap>{points(items)}</navMap></ncx>"
    )


def build_epub(path: Path, spec: EpubSpec) -> Path:
    spine = spec.spine if spec.spine is not None else list(spec.docs)
    manifest = []
    ids: dict[str, str] = {}
    for k, name in enumerate(spec.docs):
        ids[name] = f"doc{k}"
        manifest.append(f'<item id="doc{k}" href="{escape(name)}" media-type="application/xhtml+xml"/>')
    meta_extra = ""
    if spec.nav is not None:
        manifest.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
    if spec.ncx is not None:
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    if spec.cover is not None:
        props = ' properties="cover-image"' if spec.cover_style == "properties" else ""
        manifest.append(f'<item id="cover-img" href="images/cover.png" media-type="image/png"{props}/>')
        if spec.cover_style == "meta":
            meta_extra = '<meta name="cover" content="cover-img"/>'
    for ident, href, media in spec.extra_manifest:
        manifest.append(f'<item id="{escape(ident)}" href="{escape(href)}" media-type="{escape(media)}"/>')
    itemrefs = "".join(f'<itemref idref="{ids[name]}"/>' for name in spine)
    itemrefs += "".join(f'<itemref idref="{escape(i)}"/>' for i in spec.extra_spine)
    toc_attr = ' toc="ncx"' if spec.ncx is not None else ""
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + spec.opf_prefix
        + f'<package xmlns="http://www.idpf.org/2007/opf" version="{spec.version}" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">test</dc:identifier><dc:title>{escape(spec.title)}</dc:title>'
        f"<dc:creator>{escape(spec.author)}</dc:creator><dc:language>en</dc:language>{meta_extra}</metadata>"
        f"<manifest>{''.join(manifest)}</manifest><spine{toc_attr}>{itemrefs}</spine></package>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        if spec.container:
            zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("OEBPS/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in spec.docs.items():
            zf.writestr(f"OEBPS/{name}", body, compress_type=zipfile.ZIP_DEFLATED)
        if spec.nav is not None:
            zf.writestr("OEBPS/nav.xhtml", _nav_xhtml(spec.nav))
        if spec.ncx is not None:
            zf.writestr("OEBPS/toc.ncx", _ncx(spec.ncx, spec.title))
        if spec.cover is not None:
            zf.writestr("OEBPS/images/cover.png", spec.cover)
        for name, data in spec.extra_files.items():
            zf.writestr(name, data)
    return path
