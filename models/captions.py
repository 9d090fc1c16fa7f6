"""Sentence-timed WebVTT captions, written with webvtt-py's own writer."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

import webvtt

from models.audio_io import atomic_path

__all__ = ["vtt_timestamp", "cue_text", "write_vtt"]

logger = logging.getLogger(__name__)


def vtt_timestamp(seconds: float) -> str:
    """``HH:MM:SS.mmm`` for a time in seconds, rounded to the millisecond."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"caption time must be a finite number of seconds >= 0, got {seconds}")
    total_ms = int(round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def cue_text(text: str) -> str:
    """Plain text as a WebVTT cue payload: ``&``, ``<`` and ``>`` escaped, no blank lines.

    Escaping ``>`` also keeps a literal "-->" from being read as a cue timing line.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = [" ".join(line.split()) for line in escaped.splitlines()]
    return "\n".join(line for line in lines if line)


def write_vtt(sentences: Sequence[tuple[float, float, str]], path: str | Path) -> Path:
    """Write one cue per ``(start_s, end_s, text)``; starts must not decrease and each cue must last.

    Sentences whose text is empty after cleaning are skipped (and logged).
    """
    captions = []
    previous_start = 0.0
    for index, (start_s, end_s, text) in enumerate(sentences):
        start, end = vtt_timestamp(start_s), vtt_timestamp(end_s)
        if end_s <= start_s or end <= start:
            raise ValueError(f"cue {index}: end {end_s} s must be after start {start_s} s (to the millisecond)")
        if start_s < previous_start:
            raise ValueError(f"cue {index}: start {start_s} s is before the previous cue's start {previous_start} s")
        previous_start = start_s
        payload = cue_text(text)
        if not payload:
            logger.info("write_vtt %s: cue %d has no text; skipped", path, index)
            continue
        captions.append(webvtt.Caption(start, end, payload))
    document = webvtt.WebVTT(captions=captions)
    final = Path(path)
    with atomic_path(final) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            document.write(handle)
    return final
