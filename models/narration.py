"""A chapter as a narrator reads it: the script of lines and pauses, then the voiced stem with timings."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from models.casting import Casting
from models.checkpoint import LineCache
from models.dialogue import Segment, attribute_chapter
from models.manuscript.types import Chapter
from models.pronounce import Pronouncer, PronounceSettings
from models.text import MAX_UTTERANCE_CHARS, clean_for_speech, split_sentences
from models.tts.base import Engine
from models.voices import Voice, VoiceBox

__all__ = ["Credits", "Line", "Narration", "SpokenLine", "Voicing", "chapter_script", "narrate"]

log = logging.getLogger(__name__)

# Pauses a careful narrator leaves, in milliseconds.
PAUSE_CLAUSE_MS = 150  # between a quote and its speech tag ("Come here," | said Holmes)
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
class Voicing:
    """How a book is voiced: its cast and its pronunciation settings. Picklable, for the actors."""

    casting: Casting
    pronounce: PronounceSettings = PronounceSettings()

    def describe(self) -> dict[str, object]:
        return {"casting": self.casting.describe(), "pronounce": self.pronounce.describe()}


@dataclass(frozen=True)
class Line:
    """One thing the narrator says, and how long to wait after it."""

    text: str  # as printed
    kind: str  # "credits" | "heading" | "sentence"
    pause_after_ms: int
    spoken: str = ""  # what the voice reads; empty: the printed text
    quoted: bool = False  # dialogue
    speaker: str | None = None  # the character, when the text says who speaks


@dataclass(frozen=True)
class SpokenLine:
    """A line once voiced: where it sits on the chapter's timeline."""

    index: int
    text: str
    kind: str
    start_s: float
    end_s: float
    spoken: str = ""
    role: str = "narrator"  # "narrator", "dialogue" or a character
    words: tuple[tuple[str, float, float], ...] = ()  # spoken words with their times, where the engine aligns


@dataclass(frozen=True)
class Narration:
    """A voiced chapter: the stem and its timeline."""

    audio: np.ndarray
    sample_rate: int
    lines: tuple[SpokenLine, ...]
    reused_lines: int = 0  # lines taken from a checkpoint instead of voiced again

    @property
    def duration_s(self) -> float:
        return len(self.audio) / self.sample_rate


_CONTROL = {cat for cat in ("Cc", "Cf", "Co", "Cs", "Cn")}


def tidy(text: str) -> str:
    """Printed text as captions show it: NFC, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(ch) in _CONTROL or ch.isspace() else ch for ch in text)
    return " ".join(text.split())


def _sentences(text: str) -> list[str]:
    return split_sentences(tidy(text))


def _heading_lines(text: str, pronounce: Pronouncer) -> list[Line]:
    shown = tidy(text).rstrip(".:;, ")
    if not any(ch.isalnum() for ch in clean_for_speech(shown)):
        return []
    return [Line(shown + ".", "heading", PAUSE_HEADING_MS, spoken=pronounce.spoken(shown + "."))]


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("\"'\u201d\u2019\u00bb)]").endswith((".", "!", "?", "\u2026"))


def _paragraph_lines(segments: list[Segment], pronounce: Pronouncer, warn: Callable[[str], None]) -> list[Line]:
    lines: list[Line] = []
    for segment in segments:
        sentences = _sentences(segment.text)
        for i, sentence in enumerate(sentences):
            last = i == len(sentences) - 1
            pause = PAUSE_SENTENCE_MS if (not last or _ends_sentence(sentence)) else PAUSE_CLAUSE_MS
            spoken = pronounce.spoken(sentence)
            if not any(ch.isalnum() for ch in spoken):
                warn(sentence)
                continue
            lines.append(Line(sentence, "sentence", pause, spoken=spoken, quoted=segment.quoted,
                              speaker=segment.speaker))
    if lines:
        end = lines[-1]
        lines[-1] = replace(end, pause_after_ms=PAUSE_PARAGRAPH_MS)
    return lines


def chapter_script(
    chapter: Chapter, *, opening: Credits | None = None, closing: bool = False,
    pronounce: Pronouncer | None = None,
) -> list[Line]:
    """Everything read in one chapter file, in order: credits, part heading, title, text, "The End".

    Quoted speech is its own line, tagged with its speaker where the text says who it is, so a cast
    can voice it; `pronounce` turns each line's printed text into what the voice reads.
    """
    pronounce = pronounce or Pronouncer.load(PronounceSettings())
    for printed in (chapter.part or "", chapter.title, *chapter.paragraphs):
        pronounce.note(printed)
    lines: list[Line] = []
    if opening is not None:
        credit = f"{opening.title}. Written by {opening.author}."
        if opening.narrator:
            credit += f" Narrated by {opening.narrator}."
        lines.extend(Line(s, "credits", PAUSE_SENTENCE_MS, spoken=pronounce.spoken(s)) for s in _sentences(credit))
        if lines:
            lines[-1] = replace(lines[-1], pause_after_ms=PAUSE_CREDITS_MS)
    if chapter.part:
        lines.extend(_heading_lines(chapter.part, pronounce))
    # A title with nothing sayable in it (symbols only) is still announced, by its number.
    lines.extend(_heading_lines(chapter.title, pronounce) or _heading_lines(f"Chapter {chapter.index}", pronounce))

    def unsaid(sentence: str) -> None:
        log.warning("chapter %d: nothing sayable in %r; left out", chapter.index, sentence[:60])

    paragraphs = chapter.paragraphs
    for n, segments in enumerate(attribute_chapter(paragraphs)):
        unclosed = bool(segments) and segments[-1].quoted and not _closes(segments[-1].text)
        # Speech may run on into the next paragraph, which then opens with a quote mark; otherwise
        # the quote is unbalanced, and the rest of the paragraph is read as speech.
        if unclosed and not (n + 1 < len(paragraphs) and tidy(paragraphs[n + 1])[:1] in _OPENING_QUOTES):
            log.warning("chapter %d: unbalanced quote at %r; read as speech to the end of its paragraph",
                        chapter.index, segments[-1].text[:40])
        lines.extend(_paragraph_lines(segments, pronounce, unsaid))
    if closing:
        if lines:
            lines[-1] = replace(lines[-1], pause_after_ms=PAUSE_CREDITS_MS)
        lines.append(Line("The End.", "credits", 0, spoken="The End."))
    pronounce.report_skipped(f"chapter {chapter.index}")
    return lines


_OPENING_QUOTES = "\"\u201c\u2018\u00ab"


def _closes(quote: str) -> bool:
    return quote.rstrip()[-1:] in "\"\u201d\u2019\u00bb"


def _as_box(voices: VoiceBox | Engine, casting: Casting | None) -> VoiceBox:
    if isinstance(voices, VoiceBox):
        return voices
    engine = voices
    narrator = casting.narrator if casting else Voice()
    return VoiceBox(narrator, loader=lambda spec: engine)


def narrate(voices: VoiceBox | Engine, lines: list[Line], casting: Casting | None = None,
            memo: LineCache | None = None) -> Narration:
    """Voice every line in its role's voice and lay them end to end with their pauses.

    Pauses are digital silence; mastering lays room tone under the whole stem. A line the voice says
    nothing for stays in the timeline, with no length, and is reported. With `memo`, each line is kept
    as soon as it is voiced and lines kept by an earlier, interrupted run are not voiced again.
    """
    box = _as_box(voices, casting)
    casting = casting or Casting(narrator=box.narrator, dialogue=box.narrator)
    sr = box.sample_rate
    pieces: list[np.ndarray] = []
    spoken: list[SpokenLine] = []
    cursor = 0
    for line in lines:
        voice = casting.voice_for(line.speaker, line.quoted)
        said = line.spoken or line.text
        voice_key = json.dumps(voice.describe(), sort_keys=True, default=str)
        kept = memo.get(len(spoken), voice_key, said) if memo is not None else None
        if kept is not None:
            audio, times = kept
        else:
            audio, times = _speak(box, voice, said)
            if memo is not None:
                memo.put(len(spoken), voice_key, said, audio, times)
        audio, cut = _trim(audio, sr)
        words = _words(said, times, cursor / sr, cut / sr, len(audio) / sr)
        if audio.size == 0:
            log.warning("the voice said nothing for %r", line.text[:60])
        pause = np.zeros(int(sr * line.pause_after_ms / 1000), dtype=np.float32)
        role = casting.role(line.speaker, line.quoted)
        spoken.append(SpokenLine(len(spoken), line.text, line.kind, cursor / sr, (cursor + len(audio)) / sr,
                                 spoken=said, role=role, words=words))
        pieces.extend((audio, pause))
        cursor += len(audio) + len(pause)
    audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    return Narration(audio=audio, sample_rate=sr, lines=tuple(spoken), reused_lines=memo.hits if memo else 0)


_SPOKEN_WORD = re.compile(r"\[\[.*?\]\]|\S+")
PIECE_GAP_S = 0.12


def utterances(said: str, limit: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """`said` in pieces of at most `limit` characters (one piece when it fits), cut between words,
    after a clause mark where there is one, never inside a lexicon's [[ phoneme ]] block.

    Printed lines are already breath-sized; normalisation can make them longer ("1,234,567" is seven words).
    """
    if len(said) <= limit:
        return [said]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    clause_at = -1  # index in `current` after which a clause ends
    for token in _SPOKEN_WORD.findall(said):
        if current and size + 1 + len(token) > limit:
            cut = clause_at + 1 if clause_at >= len(current) // 3 else len(current)
            pieces.append(" ".join(current[:cut]))
            current = current[cut:]
            size = sum(len(t) + 1 for t in current)
            clause_at = -1
        current.append(token)
        size += len(token) + 1
        if token.rstrip("]").rstrip().endswith((",", ";", ":", ".", "!", "?")):
            clause_at = len(current) - 1
    if current:
        pieces.append(" ".join(current))
    return pieces


def _speak(box: VoiceBox, voice: Voice, said: str) -> tuple[np.ndarray, list[tuple[float, float]] | None]:
    """One line's audio (pieces joined by a short breath when it had to be cut) and its word times."""
    pieces = utterances(said)
    if len(pieces) == 1:
        return box.speak_timed(voice, said)
    sr = box.sample_rate
    gap = np.zeros(int(PIECE_GAP_S * sr), dtype=np.float32)
    audio: list[np.ndarray] = []
    times: list[tuple[float, float]] | None = []
    offset = 0.0
    for piece in pieces:
        part, words = box.speak_timed(voice, piece)
        if times is not None and words is not None:
            times.extend((a + offset, b + offset) for a, b in words)
        else:
            times = None
        audio.extend((part, gap))
        offset += (len(part) + len(gap)) / sr
    return np.concatenate(audio[:-1]), times


def _words(said: str, times: list[tuple[float, float]] | None, line_start_s: float, cut_s: float,
           length_s: float) -> tuple[tuple[str, float, float], ...]:
    """Spoken words on the chapter timeline, when the engine's words line up with the text's.

    `times` count from the start of the untrimmed utterance; `cut_s` of it was trimmed away.
    """
    if not times:
        return ()
    tokens = [t for t in _SPOKEN_WORD.findall(said) if t.startswith("[[") or any(ch.isalnum() for ch in t)]
    if len(tokens) != len(times):
        return ()

    def place(t: float) -> float:
        return round(line_start_s + min(max(t - cut_s, 0.0), length_s), 3)

    return tuple((token.strip(",.;:!?\"'()"), place(a), place(b)) for token, (a, b) in zip(tokens, times))


def _trim(audio: np.ndarray, sample_rate: int, threshold: float = 10 ** (-50 / 20)) -> tuple[np.ndarray, int]:
    """Drop the voice's own leading and trailing near-silence so our pauses set the rhythm.

    Returns the trimmed audio and how many samples were cut from its start.
    """
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if loud.size == 0:
        return audio, 0
    pad = int(sample_rate * 0.02)
    first = max(0, loud[0] - pad)
    return audio[first : loud[-1] + pad + 1], int(first)
