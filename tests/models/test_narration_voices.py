"""A chapter read as a listener hears it: every word voiced, dialogue cast, words timed."""

from __future__ import annotations

import re

import numpy as np
import pytest

from models.casting import cast_book
from models.manuscript.types import Chapter
from models.narration import chapter_script, narrate, tidy
from models.tts.base import EngineSpec
from models.voices import Voice, VoiceBox

DIALOGUE = Chapter(index=3, title="Chapter III", paragraphs=(
    "The fog had come down over Baker Street by four o'clock.",
    "\u201cWho is there, at this hour of the evening, on such a night?\u201d said Holmes, without looking up.",
    "\u201cOnly me, my dear fellow,\u201d said Watson. \u201cThe fog is very thick tonight, and the cabs have all gone home.\u201d",
    "\u201cThen we shall stay in by the fire and read the evening papers,\u201d said Holmes.",
    "\u201cAs you like, though I had hoped for a walk along the river,\u201d Watson answered, and sat down.",
    "Neither of them spoke again until the clock struck six.",
))


@pytest.fixture(scope="module")
def box() -> VoiceBox:  # type: ignore[misc]
    b = VoiceBox(Voice(engine=EngineSpec(threads=1)))
    yield b
    b.close()


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'\u2019]+", text)


def test_every_printed_word_is_in_exactly_one_line() -> None:
    chapter = Chapter(index=1, title="One", paragraphs=(
        *DIALOGUE.paragraphs,
        "He paid \u00a33.50 on Aug. 4th, 1914 at 10:30 a.m. \U0001f600 and left.",
        "\u201cAn unbalanced quote runs on " + "and on, " * 120 + "to the end.",
        " ".join(["word"] * 700) + ".",  # a sentence far over the engine's comfortable length
    ))
    lines = [ln for ln in chapter_script(chapter) if ln.kind == "sentence"]
    printed = [w for p in chapter.paragraphs for w in _words(tidy(p))]
    assert [w for ln in lines for w in _words(ln.text)] == printed
    assert max(len(ln.text) for ln in lines) <= 400


def test_quotes_are_their_own_lines_with_their_speakers() -> None:
    lines = chapter_script(DIALOGUE)
    quoted = [(ln.text, ln.speaker) for ln in lines if ln.quoted]
    assert quoted[0] == ("\u201cWho is there, at this hour of the evening, on such a night?\u201d", "holmes")
    assert ("\u201cOnly me, my dear fellow,\u201d", "watson") in quoted
    assert all(speaker in ("holmes", "watson") for _, speaker in quoted)
    tag = next(ln for ln in lines if ln.text.startswith("said Holmes"))
    assert not tag.quoted


def _f0(audio: np.ndarray, sr: int) -> np.ndarray:
    import librosa

    f0, _, _ = librosa.pyin(audio.astype(np.float64), fmin=50, fmax=400, sr=sr, frame_length=2048)
    return f0[np.isfinite(f0)]


def test_characters_are_audibly_cast_and_consistent(box: VoiceBox) -> None:
    casting = cast_book([DIALOGUE.paragraphs], box.narrator, min_lines=1)
    cast = dict(casting.characters)
    assert cast["holmes"].pitch != cast["watson"].pitch
    narration = narrate(box, chapter_script(DIALOGUE), casting)
    sr = narration.sample_rate
    frames: dict[str, list[np.ndarray]] = {}
    for ln in narration.lines:
        if ln.kind == "sentence":
            piece = narration.audio[int(ln.start_s * sr) : int(ln.end_s * sr)]
            frames.setdefault(ln.role, []).append(_f0(piece, sr))
    assert set(frames) == {"narrator", "holmes", "watson"}
    narrator, holmes, watson = (float(np.median(np.concatenate(frames[k]))) for k in ("narrator", "holmes", "watson"))
    # Holmes sits a few semitones under the narrator and Watson a few above: a listener hears three people.
    assert holmes < narrator * 2 ** (-1.5 / 12)
    assert watson > narrator * 2 ** (1.5 / 12)


def test_word_timings_fall_inside_their_lines(box: VoiceBox) -> None:
    narration = narrate(box, chapter_script(DIALOGUE))
    timed = [ln for ln in narration.lines if ln.words]
    assert len(timed) == len(narration.lines)  # every line, including those espeak voices as merged runs
    for ln in timed:
        assert [w for w, _, _ in ln.words] == [t.strip(",.;:!?\"'()") for t in ln.spoken.split()
                                              if any(c.isalnum() for c in t)]
        starts = [a for _, a, _ in ln.words]
        assert starts == sorted(starts)
        assert all(ln.start_s - 1e-3 <= a <= b <= ln.end_s + 1e-3 for _, a, b in ln.words)
    # The first word starts near the line's start; the last ends near its end.
    line = timed[-1]
    assert line.words[0][1] - line.start_s < 0.3 and line.end_s - line.words[-1][2] < 0.3


def test_long_spoken_lines_are_cut_between_words_never_inside_phonemes() -> None:
    from models.narration import utterances

    said = "one, two [[ kˈiː, ]] three and a half; " * 40
    pieces = utterances(said, limit=120)
    assert len(pieces) > 10 and all(len(p) <= 120 for p in pieces)
    assert " ".join(pieces).split() == said.split()
    assert all(p.count("[[") == p.count("]]") for p in pieces)
    assert utterances("short line.") == ["short line."]


def test_a_line_that_normalisation_makes_long_is_voiced_whole(box: VoiceBox) -> None:
    numbers = ", ".join(f"{n:,}" for n in range(1_234_567, 1_234_567 + 12 * 1001, 1001))
    chapter = Chapter(index=1, title="Numbers", paragraphs=(f"He read out {numbers}.",))
    lines = chapter_script(chapter)
    sentence = [ln for ln in lines if ln.kind == "sentence"]
    assert len(sentence) == 1 and len(sentence[0].text) < 200 and len(sentence[0].spoken) > 800
    narration = narrate(box, lines)
    spoken = narration.lines[-1]
    assert spoken.end_s - spoken.start_s > 35  # all twelve numbers are said, not the first few
    assert len(spoken.words) == len([t for t in spoken.spoken.split() if any(c.isalnum() for c in t)])


def test_what_cannot_be_said_is_reported_not_dropped_silently(caplog: pytest.LogCaptureFixture) -> None:
    chapter = Chapter(index=7, title="Seven", paragraphs=(
        "She smiled \U0001f600 and wrote \u041c\u043e\u0441\u043a\u0432\u0430 on the card.",
        "\u201cThis quote never closes, he said.",
        "The next paragraph is narration.",
    ))
    with caplog.at_level("WARNING"):
        lines = chapter_script(chapter)
    text = caplog.text
    assert "chapter 7" in text and "\U0001f600" in text and "\u041c" in text
    assert "unbalanced quote" in text
    said = next(ln.spoken for ln in lines if ln.text.startswith("She smiled"))
    assert said == "She smiled and wrote on the card."
