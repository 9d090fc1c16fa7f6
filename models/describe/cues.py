"""Timed description scripts (WebVTT ``kind=descriptions`` or SubRip) and caption tracks, read with webvtt-py.

Every cue block is handed to webvtt-py on its own (strict WebVTT timestamps), so a malformed block is
reported with its cue number, line and timing line instead of being skipped silently, as the library's
lenient whole-file parse would. Text loses its cue tags (``<v Boy>``, ``<i>``) and character references,
and its lines are joined with single spaces.

Description cues must be in time order, have text, last, and not overlap one another (a cue may start up
to `OVERLAP_TOLERANCE_S` before the previous one ends: authoring tools round). Caption cues (dialogue)
may overlap; they are only used to find where speech resumes.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from models.captions import vtt_timestamp
from models.errors import InputError

__all__ = ["OVERLAP_TOLERANCE_S", "Cue", "is_sound_cue", "parse_cues", "read_captions", "read_cues"]

OVERLAP_TOLERANCE_S = 0.05
"""A description cue may start this much before the previous one ends (rounding in authoring tools)."""

_NOT_CUE_BLOCKS = ("NOTE", "STYLE", "REGION")
_SOUND_OPEN = {"[": "]", "(": ")"}
_MUSIC = "\u266a\u266b\u266c\u266d\u266e\u266f#"


@dataclass(frozen=True)
class Cue:
    """One timed cue: ``index`` counts from 1 in file order; text is plain (tags stripped, one line)."""

    index: int
    start_s: float
    end_s: float
    text: str

    @property
    def timing(self) -> str:
        """``HH:MM:SS.mmm --> HH:MM:SS.mmm``, for messages."""
        return f"{vtt_timestamp(self.start_s)} --> {vtt_timestamp(self.end_s)}"

    @property
    def label(self) -> str:
        """``cue N (timing)``, how errors and reports name the cue."""
        return f"cue {self.index} ({self.timing})"


def read_cues(path: str | Path, *, overlap_tolerance_s: float = OVERLAP_TOLERANCE_S) -> list[Cue]:
    """The description cues of a WebVTT or SRT file, validated; `InputError` naming the cue otherwise."""
    source = Path(path)
    cues = parse_cues(source, _read_text(source))
    if not cues:
        raise InputError(source, "no cues: a description track needs at least one timed cue")
    previous: Cue | None = None
    for cue in cues:
        if not cue.text:
            raise InputError(source, f"{cue.label}: empty text; a description cue must say something")
        if previous is not None:
            if cue.start_s < previous.start_s:
                raise InputError(
                    source, f"{cue.label} starts before {previous.label}: cues must be sorted by start time"
                )
            overlap = previous.end_s - cue.start_s
            if overlap > overlap_tolerance_s:
                raise InputError(
                    source,
                    f"{cue.label} overlaps {previous.label} by {overlap:.3f} s: description cues must not "
                    f"overlap (tolerance {overlap_tolerance_s:g} s)",
                )
        previous = cue
    return cues


def read_captions(path: str | Path, *, dialogue_only: bool = True) -> list[Cue]:
    """Caption cues (WebVTT or SRT) for timing only: overlaps allowed, sorted by start.

    With ``dialogue_only`` (the default), cues that only name a sound or music ("[ Door slams ]",
    "(music)", "♪") are dropped: a description may be spoken over them, they are not dialogue.
    Cues with empty text are dropped too; cues whose end is not after their start raise `InputError`.
    """
    source = Path(path)
    cues = parse_cues(source, _read_text(source))
    if not cues:
        raise InputError(source, "no cues: a captions track needs at least one timed cue")
    kept = [c for c in cues if c.text and not (dialogue_only and is_sound_cue(c.text))]
    return sorted(kept, key=lambda c: (c.start_s, c.end_s))


def is_sound_cue(text: str) -> bool:
    """True for caption text that only describes sound: everything said is in [brackets], (parens) or ♪."""
    depth: list[str] = []
    for ch in text:
        if ch in _SOUND_OPEN:
            depth.append(_SOUND_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif not depth and ch.isalnum():
            return False
    return any(ch in text for ch in "[(" + _MUSIC)


def _read_text(source: Path) -> str:
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a cue file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text (byte {exc.start}): a cue file must be UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """(1-based line number of the first line, lines) of each blank-line separated block."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line.rstrip())
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _is_srt(source: Path, text: str) -> bool:
    suffix = source.suffix.lower()
    if suffix == ".srt":
        return True
    if suffix == ".vtt":
        return False
    return not text.lstrip("\ufeff").startswith("WEBVTT")


def _clean(raw_lines: str) -> str:
    """Cue text without tags or character references, one line, single spaces."""
    return " ".join(html.unescape(raw_lines).split())


def parse_cues(source: Path, text: str) -> list[Cue]:
    """Every cue of a WebVTT or SRT text, in file order, unvalidated beyond well-formed blocks."""
    srt = _is_srt(source, text)
    blocks = list(_blocks(text))
    if not srt:
        if not blocks or not blocks[0][1][0].startswith("WEBVTT"):
            raise InputError(source, "malformed WebVTT: the file must start with a 'WEBVTT' line")
        try:
            webvtt.from_string("\n".join(blocks[0][1]) + "\n", strict=True)
        except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
            raise InputError(source, f"malformed WebVTT header (line 1): {exc}") from None
        blocks = blocks[1:]
    elif not blocks:
        raise InputError(source, "no cues: the file is empty")
    cues: list[Cue] = []
    for line_no, lines in blocks:
        arrows = [i for i, line in enumerate(lines) if "-->" in line]
        number = len(cues) + 1
        if not arrows:
            if not srt and lines[0].split(" ", 1)[0].split("\t", 1)[0] in _NOT_CUE_BLOCKS:
                continue
            if srt and len(lines) == 1 and lines[0].strip().isdigit():
                continue  # a lone index; webvtt-py joins it with the next block, and so do we
            shown = lines[0][:60]
            raise InputError(
                source,
                f"malformed cue at line {line_no} (after cue {number - 1}): text {shown!r} belongs to no cue "
                "(missing timing line, or a blank line inside a cue?)",
            )
        timing = lines[arrows[0]].strip()
        where = f"cue {number} (line {line_no + arrows[0]}, {timing!r})"
        if len(arrows) > 1:
            raise InputError(source, f"malformed {where}: a second timing line follows without a blank line")
        if arrows[0] > (0 if srt and not lines[0].strip().isdigit() else 1):
            raise InputError(source, f"malformed {where}: text before the timing line")
        payload = lines[arrows[0] + 1 :]
        caption = _parse_block(source, srt, lines[: arrows[0] + 1], where)
        start_ms = caption.start_time.in_milliseconds()
        end_ms = caption.end_time.in_milliseconds()
        body = webvtt.Caption(caption.start, caption.end, payload).text if payload else ""
        cue = Cue(number, start_ms / 1000.0, end_ms / 1000.0, _clean(body))
        if end_ms <= start_ms:
            raise InputError(source, f"{cue.label}: ends at or before its start")
        cues.append(cue)
    return cues


def _parse_block(source: Path, srt: bool, head: list[str], where: str) -> webvtt.Caption:
    """The timing (and identifier) lines of one block, parsed by webvtt-py; payload is added by the caller."""
    try:
        if srt:
            index = head[0] if head[0].strip().isdigit() else "1"
            timing = head[-1]
            document = webvtt.WebVTT.from_buffer(io.StringIO(f"{index}\n{timing}\nx\n"), format="srt")
        else:
            document = webvtt.from_string("WEBVTT\n\n" + "\n".join(head) + "\nx\n", strict=True)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise InputError(source, f"malformed {where}: {exc}") from None
    if len(document.captions) != 1:
        raise InputError(source, f"malformed {where}: the timing line is not 'start --> end' timestamps")
    return document.captions[0]
