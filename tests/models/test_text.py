"""Text made ready for the voice."""

from __future__ import annotations

import time

from models.text import MAX_UTTERANCE_CHARS, breath_groups, clean_for_speech, split_sentences


def test_clean_removes_what_a_voice_cannot_say() -> None:
    text = "Hello\u200b world \U0001f600 \x07said\ufeff he \u201cyes\u201d"
    assert clean_for_speech(text) == 'Hello world said he "yes"'


def test_clean_turns_dashes_into_pauses_and_symbols_into_words() -> None:
    assert clean_for_speech("wait\u2014no & 50%") == "wait, no and 50 percent"


def test_sentences_split_on_real_boundaries_not_abbreviations() -> None:
    s = split_sentences("Mr. Holmes came in. He sat down! Did he speak? Yes.")
    assert s == ["Mr. Holmes came in.", "He sat down!", "Did he speak?", "Yes."]


def test_run_on_paragraph_is_cut_into_breath_groups_in_linear_time() -> None:
    paragraph = " ".join(["and the river ran on"] * 20000)  # 100,000 words, no full stop
    started = time.perf_counter()
    pieces = split_sentences(paragraph)
    assert time.perf_counter() - started < 20
    assert all(len(p) <= MAX_UTTERANCE_CHARS for p in pieces)
    assert sum(len(p.split()) for p in pieces) == 100_000


def test_breath_groups_prefer_commas() -> None:
    sentence = ", ".join(["a clause of several words"] * 30) + "."
    pieces = breath_groups(sentence, limit=120)
    assert all(p.endswith(",") or p.endswith(".") for p in pieces)
    assert " ".join(pieces) == sentence
