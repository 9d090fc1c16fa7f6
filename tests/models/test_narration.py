"""Narration with the real bundled Piper voice."""

from __future__ import annotations

import numpy as np
import pytest

from models.manuscript.types import Chapter
from models.narration import PAUSE_HEADING_MS, Credits, chapter_script, narrate
from models.tts.base import EngineSpec, build_engine


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    e = build_engine(EngineSpec(threads=1))
    yield e
    e.close()


CHAPTER = Chapter(index=1, title="Chapter One: The Fog", part="Part One",
                  paragraphs=("The fog came in. It was cold.", "A horn sounded far away."))


def test_script_reads_credits_part_title_text_and_the_end() -> None:
    lines = chapter_script(CHAPTER, opening=Credits("The Book", "A. Writer", "Jo Reader"), closing=True)
    texts = [ln.text for ln in lines]
    assert texts[0].startswith("The Book.")
    assert any("Written by A. Writer" in t for t in texts)
    assert any("Narrated by Jo Reader" in t for t in texts)
    kinds = [ln.kind for ln in lines]
    first_heading = kinds.index("heading")
    assert texts[first_heading] == "Part One."
    assert texts[first_heading + 1] == "Chapter One: The Fog."
    assert texts[-1] == "The End."
    assert texts[first_heading + 2 :-1] == ["The fog came in.", "It was cold.", "A horn sounded far away."]


def test_paragraph_pause_is_longer_than_sentence_pause() -> None:
    lines = chapter_script(CHAPTER)
    by_text = {ln.text: ln.pause_after_ms for ln in lines}
    assert by_text["It was cold."] > by_text["The fog came in."]
    assert by_text["Chapter One: The Fog."] == PAUSE_HEADING_MS


def test_narration_timings_match_the_audio(engine) -> None:  # type: ignore[no-untyped-def]
    narration = narrate(engine, chapter_script(CHAPTER))
    sr = narration.sample_rate
    assert sr == 22050
    assert [ln.text for ln in narration.lines][-1] == "A horn sounded far away."
    for a, b in zip(narration.lines, narration.lines[1:]):
        assert a.end_s < b.start_s  # a real pause between lines
        gap = narration.audio[int(a.end_s * sr) + 1 : int(b.start_s * sr) - 1]
        assert np.all(gap == 0)
    for ln in narration.lines:
        speech = narration.audio[int(ln.start_s * sr) : int(ln.end_s * sr)]
        assert 20 * np.log10(np.sqrt(np.mean(speech**2))) > -40  # the voice is really there
        assert 0.3 < ln.end_s - ln.start_s < 10


def test_unsayable_characters_do_not_break_narration(engine) -> None:  # type: ignore[no-untyped-def]
    chapter = Chapter(index=1, title="\U0001f600", paragraphs=("\u2603\u2603 \x00\x01", "Plain words at last."))
    narration = narrate(engine, chapter_script(chapter))
    assert [ln.text for ln in narration.lines] == ["Chapter 1.", "Plain words at last."]
