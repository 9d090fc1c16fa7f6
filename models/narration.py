"""A chapter as a narrator reads it: the script of lines and pauses, then the voiced stem with timings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from models.manuscript.types import Chapter
from models.text import clean_for_speech, split_sentences
from models.tts.base import Engine

__all__ = ["Credits", "Line", "SpokenLine", "chapter_script", "narrate", "Narration"]

log = logging.getLogger(__name__)

# Pauses a careful narrator leaves, in milliseconds.
PAUSE_SENTENCE_MS = 350
PAUSE_PARAGRAPH_MS = 800
PAUSE_HEADING_MS = 1300
PAUSE_CREDITS_MS = 1600


@dataclass(frozen=True)
class Credits:
    """What the opening and closing credits say."""

    title: str
    author: str
    narrator: str


@dataclass(frozen=True)
class Line:
    """One thing the narrator says, and how long to wait after it."""

    text: str
    kind: str  # "credits" | "heading" | "sentence"
    pause_after_ms: int


@dataclass(frozen=True)
class SpokenLine:
    """A line once voiced: where it sits on the chapter's timeline."""

    index: int
    text: str
    kind: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Narration:
    """A voiced chapter: the stem and its timeline."""

    audio: np.ndarray
    sample_rate: int
    lines: tuple[SpokenLine, ...]

    @property
    def duration_s(self) -> float:
        return len(self.audio) / self.sample_rate


def _sentences(text: str) -> list[str]:
    return split_sentences(clean_for_speech(text))


def _heading_lines(text: str) -> list[Line]:
    spoken = clean_for_speech(text).rstrip(".:;, ")
    return [Line(spoken + ".", "heading", PAUSE_HEADING_MS)] if any(ch.isalnum() for ch in spoken) else []


def chapter_script(chapter: Chapter, *, opening: Credits | None = None, closing: bool = False) -> list[Line]:
    """Everything read in one chapter file, in order: credits, part heading, title, text, "The End"."""
    lines: list[Line] = []
    if opening is not None:
        credit = f"{opening.title}. Written by {opening.author}."
        if opening.narrator:
            credit += f" Narrated by {opening.narrator}."
        lines.extend(Line(s, "credits", PAUSE_SENTENCE_MS) for s in _sentences(credit))
        if lines:
            lines[-1] = Line(lines[-1].text, "credits", PAUSE_CREDITS_MS)
    if chapter.part:
        lines.extend(_heading_lines(chapter.part))
    # A title with nothing sayable in it (symbols only) is still announced, by its number.
    lines.extend(_heading_lines(chapter.title) or _heading_lines(f"Chapter {chapter.index}"))
    for paragraph in chapter.paragraphs:
        sentences = _sentences(paragraph)
        for i, sentence in enumerate(sentences):
            last = i == len(sentences) - 1
            lines.append(Line(sentence, "sentence", PAUSE_PARAGRAPH_MS if last else PAUSE_SENTENCE_MS))
    if closing:
        if lines:
            last = lines[-1]
            lines[-1] = Line(last.text, last.kind, PAUSE_CREDITS_MS)
        lines.append(Line("The End.", "credits", 0))
    return lines


def _spoken(engine: Engine, lines: Iterable[Line]) -> Iterator[tuple[Line, np.ndarray]]:
    for line in lines:
        audio = engine.synthesize(line.text)
        if audio.size == 0:
            log.warning("the voice said nothing for %r; skipped", line.text[:60])
            continue
        yield line, audio


def narrate(engine: Engine, lines: list[Line]) -> Narration:
    """Voice every line and lay them end to end with their pauses (digital silence; mastering adds room tone)."""
    sr = engine.sample_rate
    pieces: list[np.ndarray] = []
    spoken: list[SpokenLine] = []
    cursor = 0
    for line, audio in _spoken(engine, lines):
        audio = _trim(audio, sr)
        pause = np.zeros(int(sr * line.pause_after_ms / 1000), dtype=np.float32)
        spoken.append(SpokenLine(len(spoken), line.text, line.kind, cursor / sr, (cursor + len(audio)) / sr))
        pieces.extend((audio, pause))
        cursor += len(audio) + len(pause)
    audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    return Narration(audio=audio, sample_rate=sr, lines=tuple(spoken))


def _trim(audio: np.ndarray, sample_rate: int, threshold: float = 10 ** (-50 / 20)) -> np.ndarray:
    """Drop the voice's own leading and trailing near-silence so our pauses set the rhythm."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if loud.size == 0:
        return audio
    pad = int(sample_rate * 0.02)
    return audio[max(0, loud[0] - pad) : loud[-1] + pad + 1]
