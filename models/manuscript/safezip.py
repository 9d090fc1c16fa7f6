"""Reading members of an untrusted zip archive (an EPUB) within fixed limits.

Members are only ever looked up by name inside the archive: nothing is extracted and no path from
the archive touches the file system. Sizes are checked twice: the sizes the archive declares
(before any byte is inflated) and the bytes actually produced while streaming, so a member whose
header lies about its size is still stopped at the limit. The compression ratio is capped as well.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote

from models.errors import ManuscriptError

__all__ = ["SafeZip", "ZipLimits", "resolve_href"]

log = logging.getLogger(__name__)

_MiB = 1024 * 1024
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one archive; the defaults suit books with illustrations."""

    max_members: int = 20_000
    max_member_bytes: int = 128 * _MiB
    max_total_bytes: int = 512 * _MiB
    max_ratio: int = 200  # uncompressed:compressed, enforced for members above ratio_floor
    ratio_floor: int = 2 * _MiB
    chunk: int = 256 * 1024


class SafeZip:
    """An open archive whose members are read by name with size and ratio limits.

    Use as a context manager. Every problem is reported as ManuscriptError naming the archive.
    """

    def __init__(self, path: Path, limits: ZipLimits | None = None) -> None:
        self.path = path
        self.limits = limits or ZipLimits()
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise ManuscriptError(path, f"not a valid EPUB: not a zip archive ({exc})") from None
        except (OSError, ValueError, EOFError) as exc:
            raise ManuscriptError(path, f"cannot open as a zip archive: {exc}") from None
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_members:
            self._zip.close()
            raise ManuscriptError(path, f"archive has {len(infos)} members (limit {self.limits.max_members})")
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._folded: dict[str, str] = {}
        for info in infos:
            if info.is_dir():
                continue
            self._infos.setdefault(info.filename, info)
            self._folded.setdefault(info.filename.casefold(), info.filename)

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def find(self, name: str) -> str | None:
        """The member name for ``name`` (exact, else case-insensitive), or None."""
        if name in self._infos:
            return name
        return self._folded.get(name.casefold())

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        """The bytes of member ``name``; ManuscriptError if it is missing or breaks a limit."""
        real = self.find(name)
        if real is None:
            raise ManuscriptError(self.path, f"archive has no member {name!r}")
        info = self._infos[real]
        limit = min(max_bytes or self.limits.max_member_bytes, self.limits.max_member_bytes)
        if info.flag_bits & 0x1:
            raise ManuscriptError(self.path, f"{real}: member is encrypted")
        self._check_ratio(real, info.file_size, info.compress_size)
        if info.file_size > limit:
            raise ManuscriptError(
                self.path, f"{real}: declares {info.file_size} bytes uncompressed (limit {limit}); refusing"
            )
        if self._read_total + info.file_size > self.limits.max_total_bytes:
            raise ManuscriptError(
                self.path, f"archive expands beyond {self.limits.max_total_bytes // _MiB} MiB; refusing (zip bomb?)"
            )
        chunks: list[bytes] = []
        got = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(self.limits.chunk)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > limit or got > info.file_size:
                        raise ManuscriptError(
                            self.path, f"{real}: inflates beyond its declared size; refusing (zip bomb?)"
                        )
                    if self._read_total + got > self.limits.max_total_bytes:
                        raise ManuscriptError(
                            self.path,
                            f"archive expands beyond {self.limits.max_total_bytes // _MiB} MiB; refusing (zip bomb?)",
                        )
                    self._check_ratio(real, got, info.compress_size)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ManuscriptError(self.path, f"{real}: corrupt archive member ({exc})") from None
        except NotImplementedError as exc:
            raise ManuscriptError(self.path, f"{real}: unsupported compression ({exc})") from None
        except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
            raise ManuscriptError(self.path, f"{real}: cannot read member ({exc})") from None
        self._read_total += got
        return b"".join(chunks)

    def _check_ratio(self, name: str, size: int, compressed: int) -> None:
        lim = self.limits
        if size > lim.ratio_floor and size > lim.max_ratio * max(compressed, 1):
            raise ManuscriptError(
                self.path,
                f"{name}: compression ratio above {lim.max_ratio}:1 ({size} bytes from {compressed}); "
                "refusing (zip bomb?)",
            )


def resolve_href(base_dir: str, href: str) -> tuple[str, str] | None:
    """Resolve a manifest/TOC href against the directory of the document that holds it.

    Returns (member path, fragment), or None for anything that does not name a member of the
    archive: URLs with a scheme (file:, http:, data:, C:), absolute paths, backslashes, NULs and
    paths that climb out of the archive root.
    """
    href = (href or "").strip()
    if not href or "\x00" in href or "\\" in href:
        return None
    if _SCHEME.match(href):
        return None
    path, _, fragment = href.partition("#")
    path = unquote(path)
    fragment = unquote(fragment)
    if not path:
        return None
    if path.startswith("/") or "\x00" in path or "\\" in path or _SCHEME.match(path):
        return None
    joined = posixpath.normpath(posixpath.join(base_dir, path)) if base_dir else posixpath.normpath(path)
    if joined.startswith("../") or joined == ".." or joined.startswith("/") or joined == ".":
        return None
    return joined, fragment
