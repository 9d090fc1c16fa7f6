"""Bad and hostile manuscripts: each is refused with a one-line ManuscriptError, quickly."""

from __future__ import annotations

import random
import struct
import time
import zipfile
from pathlib import Path

import pytest

from models.errors import ManuscriptError
from models.manuscript import read_manuscript
from models.manuscript.safezip import SafeZip, ZipLimits, resolve_href

from .test_manuscript_support import CONTAINER, EpubSpec, build_epub, story, xhtml

MiB = 1024 * 1024


def refused(path: Path, *fragments: str, max_seconds: float = 5.0) -> str:
    """Read ``path`` expecting a ManuscriptError; returns its message."""
    start = time.perf_counter()
    with pytest.raises(ManuscriptError) as info:
        read_manuscript(path)
    assert time.perf_counter() - start < max_seconds
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert message.startswith(str(path)) and "\n" not in message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), message
    return message


def good_docs() -> dict[str, str]:
    return {"c1.xhtml": xhtml("<h1>Chapter 1</h1>" + story(2)), "c2.xhtml": xhtml("<h1>Chapter 2</h1>" + story(2))}


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.epub", "empty.markdown"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    refused(path, "empty")


@pytest.mark.parametrize("name", ["blank.txt", "blank.md"])
def test_whitespace_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(" \n\n\t\r\n")
    refused(path, "no text")


@pytest.mark.parametrize("name", ["noise.txt", "noise.md", "noise.epub"])
def test_binary_garbage(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    refused(path)


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 500)
    refused(path, "binary")


@pytest.mark.parametrize(
    ("name", "shown"), [("book.docx", "'.docx'"), ("book.PDF", "'.pdf'"), ("README", "no file extension")]
)
def test_unknown_extension(tmp_path: Path, name: str, shown: str) -> None:
    path = tmp_path / name
    path.write_text("hello")
    refused(path, shown, "unsupported")


def test_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nowhere.epub", "not found")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    refused(folder, "not a regular file")


# --- corrupt EPUB -----------------------------------------------------------------------------


def test_epub_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_text("This is just text pretending to be an EPUB.")
    refused(path, "not a zip")


def test_epub_truncated_zip(tmp_path: Path) -> None:
    full = build_epub(tmp_path / "full.epub", EpubSpec(docs=good_docs()))
    data = full.read_bytes()
    path = tmp_path / "cut.epub"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "zip")


def test_epub_without_container_or_opf(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("OEBPS/c1.xhtml", xhtml(story(2)))
    refused(path, "container.xml")


def test_epub_container_names_missing_opf(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("OEBPS/c1.xhtml", xhtml(story(2)))
    refused(path, "OEBPS/content.opf", "missing")


def test_epub_malformed_opf(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("OEBPS/content.opf", "<package><manifest><item id='x'</manifest>")
    refused(path, "malformed")


def test_epub_empty_spine(tmp_path: Path) -> None:
    path = build_epub(tmp_path / "book.epub", EpubSpec(docs=good_docs(), spine=[]))
    refused(path, "spine")


def test_epub_without_text(tmp_path: Path) -> None:
    docs = {"a.xhtml": xhtml('<div class="fig"><img src="x.png"/></div>')}
    path = build_epub(tmp_path / "book.epub", EpubSpec(docs=docs))
    refused(path, "no readable text")


def test_epub_drm(tmp_path: Path) -> None:
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    path = build_epub(
        tmp_path / "drm.epub",
        EpubSpec(docs=good_docs(), extra_files={"META-INF/encryption.xml": encryption.encode()}),
    )
    refused(path, "DRM")


# --- hostile XML ------------------------------------------------------------------------------

XXE = '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
LAUGHS = (
    '<!DOCTYPE package [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>\n"
)


def test_xhtml_external_entity_never_leaks(tmp_path: Path) -> None:
    evil = XXE + (
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter 1</h1><p>Secret: &x;</p>'
        + story(2)
        + "</body></html>"
    )
    path = build_epub(tmp_path / "xxe.epub", EpubSpec(docs={"c1.xhtml": evil, "c2.xhtml": good_docs()["c2.xhtml"]}))
    message = refused(path, "entities")
    assert "root:" not in message


def test_opf_billion_laughs(tmp_path: Path) -> None:
    path = build_epub(tmp_path / "laughs.epub", EpubSpec(docs=good_docs(), opf_prefix=LAUGHS))
    refused(path, "entities", max_seconds=2)


def test_opf_external_entity(tmp_path: Path) -> None:
    prefix = '<!DOCTYPE package [<!ENTITY t SYSTEM "file:///etc/passwd">]>\n'
    path = build_epub(tmp_path / "xxe-opf.epub", EpubSpec(docs=good_docs(), opf_prefix=prefix, title="&t;"))
    refused(path, "entities")


def test_ncx_external_entity(tmp_path: Path) -> None:
    ncx = (
        '<?xml version="1.0"?>\n<!DOCTYPE ncx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="a">'
        '<navLabel><text>&x;</text></navLabel><content src="c1.xhtml"/></navPoint></navMap></ncx>'
    )
    path = build_epub(
        tmp_path / "xxe-ncx.epub",
        EpubSpec(
            docs=good_docs(),
            extra_manifest=[("ncx", "toc.ncx", "application/x-dtbncx+xml")],
            extra_files={"OEBPS/toc.ncx": ncx.encode()},
        ),
    )
    refused(path, "entities")


# --- paths outside the archive ----------------------------------------------------------------


@pytest.mark.parametrize(
    "href", ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "..%2F..%2Fetc%2Fpasswd", "C:/x.xhtml"]
)
def test_resolve_href_rejects_outside_paths(href: str) -> None:
    assert resolve_href("OEBPS", href) is None


def test_resolve_href_inside() -> None:
    assert resolve_href("OEBPS/text", "../c1.xhtml#p3") == ("OEBPS/c1.xhtml", "p3")
    assert resolve_href("", "a%20b.xhtml") == ("a b.xhtml", "")


def test_manifest_hrefs_outside_archive_are_ignored(tmp_path: Path) -> None:
    bad = [
        ("bad1", "../../etc/passwd", "application/xhtml+xml"),
        ("bad2", "/etc/passwd", "application/xhtml+xml"),
        ("bad3", "file:///etc/passwd", "application/xhtml+xml"),
    ]
    nav = [("Chapter 1", "c1.xhtml"), ("Passwords", "file:///etc/passwd"), ("Chapter 2", "c2.xhtml")]
    path = build_epub(
        tmp_path / "escape.epub",
        EpubSpec(
            docs=good_docs(),
            nav=nav,
            extra_manifest=bad,
            extra_spine=["bad1", "bad2", "bad3"],
            extra_files={"../../etc/passwd": b"root:x:0:0:root:/root:/bin/bash\n"},
        ),
    )
    m = read_manuscript(path)
    assert [c.title for c in m.chapters] == ["Chapter 1", "Chapter 2"]
    assert "root:" not in " ".join(p for c in m.chapters for p in c.paragraphs)


def test_spine_only_outside_archive(tmp_path: Path) -> None:
    path = build_epub(
        tmp_path / "escape.epub",
        EpubSpec(docs={}, extra_manifest=[("bad", "../../etc/passwd", "application/xhtml+xml")], extra_spine=["bad"]),
    )
    refused(path, "spine")


# --- zip bombs --------------------------------------------------------------------------------


def _bomb_epub(path: Path, megabytes: int) -> Path:
    build_epub(path, EpubSpec(docs={"c0.xhtml": xhtml(story(1))}, spine=["c0.xhtml"]))
    opf_bomb = path.with_suffix(".tmp")
    # Rewrite with the spine document replaced by megabytes of zeros, streamed so the test stays fast.
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(opf_bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename == "OEBPS/c0.xhtml":
                with dst.open("OEBPS/c0.xhtml", "w", force_zip64=True) as fh:
                    zeros = b"\0" * MiB
                    for _ in range(megabytes):
                        fh.write(zeros)
            else:
                dst.writestr(info, src.read(info))
    opf_bomb.replace(path)
    return path


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = _bomb_epub(tmp_path / "bomb.epub", 256)
    assert path.stat().st_size < 2 * MiB
    refused(path, "zip bomb", max_seconds=2)


def test_zip_member_lying_about_its_size(tmp_path: Path) -> None:
    path = tmp_path / "liar.epub"
    build_epub(path, EpubSpec(docs=good_docs()))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OEBPS/big.bin", b"\0" * (4 * MiB))
    data = bytearray(path.read_bytes())
    name = b"OEBPS/big.bin"
    central = data.find(name, data.find(b"PK\x01\x02"))  # the member's name in the central directory
    entry = data.rfind(b"PK\x01\x02", 0, central)
    struct.pack_into("<I", data, entry + 24, 1000)  # declared uncompressed size: 1000 bytes
    path.write_bytes(bytes(data))
    with SafeZip(path) as archive:
        with pytest.raises(ManuscriptError):
            archive.read("OEBPS/big.bin")


def test_total_expansion_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"m{i}", random.Random(i).randbytes(MiB))
    limits = ZipLimits(max_total_bytes=2 * MiB + 1000)
    with SafeZip(path, limits) as archive:
        archive.read("m0")
        archive.read("m1")
        with pytest.raises(ManuscriptError, match="expands beyond"):
            archive.read("m2")
    with SafeZip(path, ZipLimits(max_member_bytes=MiB // 2)) as archive:
        with pytest.raises(ManuscriptError, match="declares"):
            archive.read("m0")
        with pytest.raises(ManuscriptError, match="no member"):
            archive.read("../../etc/passwd")


def test_container_pointing_outside_archive(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    container = CONTAINER.replace("OEBPS/content.opf", "../../etc/passwd")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("META-INF/container.xml", container)
        zf.writestr("OEBPS/c1.xhtml", xhtml(story(2)))
    message = refused(path, "package")
    assert "root:" not in message


def test_utf16_xhtml_external_entity(tmp_path: Path) -> None:
    evil = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter 1</h1><p>Secret: &x;</p></body></html>'
    )
    path = tmp_path / "u16.epub"
    build_epub(path, EpubSpec(docs={"c1.xhtml": "placeholder"}))
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in items:
            dst.writestr(info, evil.encode("utf-16") if info.filename == "OEBPS/c1.xhtml" else data)
    refused(path, "entities")
