"""Packaging the finished chapters: one M4B audiobook with chapter marks, tags and cover; the manifest."""

from __future__ import annotations

import json
import logging
import math
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.audio_io import atomic_path, decoded_frames, run_ffmpeg
from models.errors import AudioError

__all__ = ["ChapterMark", "escape_ffmetadata", "ffmetadata", "write_m4b", "write_manifest"]

logger = logging.getLogger(__name__)

_COVER_SUFFIX = {"image/jpeg": ".jpg", "image/jpg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True)
class ChapterMark:
    """A chapter of the M4B: its title and where it starts and ends, in seconds."""

    title: str
    start_s: float
    end_s: float


def escape_ffmetadata(value: str) -> str:
    """Escape ``=``, ``;``, ``#``, ``\\`` and newlines with a backslash, as FFMETADATA1 requires."""
    out = []
    for char in value.replace("\r\n", "\n").replace("\r", "\n"):
        if char in "=;#\\\n":
            out.append("\\")
        out.append(char)
    return "".join(out)


def ffmetadata(marks: Sequence[ChapterMark], timebase: int = 1000) -> str:
    """An FFMETADATA1 document holding ``marks`` as chapters, times in units of 1/``timebase`` s."""
    lines = [";FFMETADATA1"]
    for mark in marks:
        lines += [
            "[CHAPTER]",
            f"TIMEBASE=1/{timebase}",
            f"START={int(round(mark.start_s * timebase))}",
            f"END={int(round(mark.end_s * timebase))}",
            f"title={escape_ffmetadata(mark.title)}",
        ]
    return "\n".join(lines) + "\n"


def _sniff_image(cover: bytes) -> str | None:
    if cover.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if cover.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _concat_line(path: Path) -> str:
    quoted = str(path.resolve()).replace("'", "'\\''")
    return f"file '{quoted}'"


def write_m4b(
    chapter_mp3s: Sequence[str | Path],
    chapter_titles: Sequence[str],
    out_path: str | Path,
    *,
    title: str,
    author: str,
    narrator: str,
    cover: bytes | None = None,
    cover_media_type: str | None = None,
    year: int | None = None,
    bitrate_kbps: int = 64,
    comment: str | None = None,
    chapter_frames: Sequence[int] | None = None,
) -> list[ChapterMark]:
    """Join the chapter files into one AAC M4B audiobook with chapter marks, tags and optional cover.

    Chapter times come from each file's decoded sample count, so the marks sit exactly where the
    next chapter's audio starts. Tags: title and album (book title), artist and album_artist
    (author), composer (narrator), genre "Audiobook", date (year), and a comment naming the narrator.
    Returns the chapter marks written.
    """
    if not chapter_mp3s:
        raise ValueError("write_m4b needs at least one chapter file")
    if len(chapter_mp3s) != len(chapter_titles):
        raise ValueError(f"{len(chapter_mp3s)} chapter files but {len(chapter_titles)} titles; give one title each")
    if not 16 <= bitrate_kbps <= 320:
        raise ValueError(f"bitrate_kbps must be 16..320, got {bitrate_kbps}")
    for name, value in (("title", title), ("author", author), ("narrator", narrator)):
        if not value or not value.strip():
            raise ValueError(f"{name} must not be empty")
    final = Path(out_path)
    if not final.parent.is_dir():
        raise ValueError(f"output folder {final.parent} does not exist; create it first")
    suffix = None
    if cover is not None:
        media_type = (cover_media_type or _sniff_image(cover) or "").lower()
        suffix = _COVER_SUFFIX.get(media_type)
        if suffix is None:
            raise ValueError(f"cover must be JPEG or PNG, got media type {cover_media_type!r}")
        sniffed = _sniff_image(cover)
        if sniffed is None or _COVER_SUFFIX[sniffed] != suffix:
            raise ValueError(f"cover bytes are not a {media_type} image")

    paths = [Path(p) for p in chapter_mp3s]
    marks: list[ChapterMark] = []
    position = 0  # in samples of the first file's rate, summed exactly
    rate0: int | None = None
    known = list(chapter_frames) if chapter_frames is not None else [None] * len(paths)
    if len(known) != len(paths):
        raise ValueError(f"{len(known)} chapter lengths given for {len(paths)} chapter files")
    for path, chapter_title, given in zip(paths, chapter_titles, known, strict=True):
        # Decoding a chapter only to count its samples costs a second per half hour; a caller that
        # encoded the file knows the count (at 44.1 kHz) already.
        frames, rate = (given, 44100) if given is not None else decoded_frames(path)
        if rate0 is None:
            rate0 = rate
        elif rate != rate0:
            raise AudioError(path, f"sample rate {rate} Hz differs from the first chapter's {rate0} Hz")
        marks.append(ChapterMark(chapter_title, position / rate, (position + frames) / rate))
        position += frames

    tags = {
        "title": title,
        "album": title,
        "artist": author,
        "album_artist": author,
        "composer": narrator,
        "genre": "Audiobook",
        "comment": comment if comment is not None else f"Read by {narrator}",
    }
    if year is not None:
        tags["date"] = str(int(year))

    with tempfile.TemporaryDirectory(prefix="taleforge-m4b-") as scratch_dir:
        scratch = Path(scratch_dir)
        concat = scratch / "chapters.ffconcat"
        concat.write_text("ffconcat version 1.0\n" + "\n".join(_concat_line(p) for p in paths) + "\n", "utf-8")
        meta = scratch / "chapters.ffmeta"
        meta.write_text(ffmetadata(marks, timebase=rate0 or 1000), "utf-8")  # sample-exact
        inputs = ["-f", "concat", "-safe", "0", "-i", str(concat), "-f", "ffmetadata", "-i", str(meta)]
        maps = ["-map", "0:a:0", "-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None and suffix is not None:
            picture = scratch / f"cover{suffix}"
            picture.write_bytes(cover)
            inputs += ["-i", str(picture)]
            maps += ["-map", "2:v:0", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
        metadata: list[str] = []
        for key, value in tags.items():
            metadata += ["-metadata", f"{key}={value}"]
        with atomic_path(final) as tmp:
            run_ffmpeg(
                [
                    "-loglevel",
                    "error",
                    "-y",
                    *inputs,
                    *maps,
                    # The concat demuxer starts at the first MP3's negative encoder-delay timestamp,
                    # which makes the MP4 muxer keep the AAC priming audible and shift every chapter
                    # late by 1024 samples; counting timestamps from the samples fixes it.
                    "-af",
                    "asetpts=N/SR/TB",
                    "-c:a",
                    "aac",
                    # The fast coder is three times quicker than the default two-loop search, and
                    # at 64 kb/s mono speech the difference is not audible.
                    "-aac_coder",
                    "fast",
                    "-b:a",
                    f"{bitrate_kbps}k",
                    "-ac",
                    "1",
                    "-ar",
                    str(rate0),
                    *metadata,
                    "-movflags",
                    "+faststart",
                    "-f",
                    "ipod",
                    str(tmp),
                ],
                final,
            )
    logger.info("wrote %s: %d chapters, %.1f min", final, len(marks), marks[-1].end_s / 60)
    return marks


def _check_json(value: Any, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"manifest value at {where} is {value}; JSON has no NaN or infinity")
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check_json(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_json(item, f"{where}[{i}]")


def write_manifest(path: str | Path, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest`` as UTF-8 JSON (indented, keys in the given order), atomically."""
    if not isinstance(manifest, Mapping):
        raise TypeError(f"manifest must be a mapping, got {type(manifest).__name__}")
    _check_json(manifest, "manifest")
    text = json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default)
    final = Path(path)
    with atomic_path(final) as tmp:
        tmp.write_text(text + "\n", "utf-8")
    return final


def _json_default(value: Any) -> Any:
    if isinstance(value, Path):
        return value.as_posix()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"manifest value {value!r} of type {type(value).__name__} is not JSON")
