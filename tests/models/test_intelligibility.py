"""The ASR intelligibility check: the WER metric, its comparison normaliser, and real Piper -> Whisper runs."""

from __future__ import annotations

import numpy as np
import pytest

from models.intelligibility import (
    ASR_SAMPLE_RATE,
    bundled_asr_model,
    comparison_normalize,
    to_asr_rate,
    word_error_rate,
)


def test_identical_text_has_zero_wer():
    text = "The beam swept out across the waves, steady and bright."
    assert word_error_rate(text, text) == 0.0


def test_one_substitution_in_six_words():
    assert word_error_rate("the cat sat on the mat", "the cat sat on the hat") == pytest.approx(1 / 6)


def test_case_and_punctuation_do_not_count():
    assert word_error_rate("Then he said, quietly: go home.", "then he said quietly go home") == 0.0


def test_sentence_lists_are_scored_as_one_corpus():
    refs = ["the lamp was lit", "at dusk"]
    hyps = ["the lamp was lit", "at dawn"]
    assert word_error_rate(refs, hyps) == pytest.approx(1 / 6)
    with pytest.raises(ValueError):
        word_error_rate(refs, hyps[:1])


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("ten thirty a m", "10:30 a.m."),
        ("at six fifteen p m", "at 6.15pm"),
        ("nineteen fourteen", "1914"),
        ("in the eighteen nineties", "in the 1890s"),
        ("August the fourth, nineteen fourteen", "Aug. 4th, 1914"),
        ("Henry the Eighth", "Henry VIII"),
        ("Louis the Fourteenth", "Louis XIV"),
        ("Chapter Fourteen", "Chapter XIV"),
        ("three pounds fifty", "£3.50"),
        ("four euros twenty", "€4.20"),
        ("twelve dollars and seventy five cents", "$12.75"),
        ("two thousand five hundred dollars", "$2,500"),
        ("fifteen percent", "15%"),
        ("thirty one degrees Celsius", "31°C"),
        ("twelve kilometers north east", "12 km N.E."),
        ("five miles", "5 mi."),
        ("Doctor Hale and Missus Finch", "Dr. Hale and Mrs. Finch"),
        ("number forty two", "No. 42"),
        ("a P h D from the B B C", "a Ph.D. from the BBC"),
        ("approximately, for example, et cetera", "approx., e.g., etc."),
    ],
)
def test_spoken_and_written_forms_compare_equal(spoken, written):
    assert comparison_normalize(spoken) == comparison_normalize(written)
    assert word_error_rate(spoken, written) == 0.0


def test_benchmark_texts_align_with_their_spoken_reference():
    """dense.txt and dense.spoken.txt are line for line the same words, once written forms are compared."""
    from pathlib import Path

    texts = Path(__file__).resolve().parents[2] / "bench" / "texts"
    written, spoken = (
        [line for line in (texts / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        for name in ("dense.txt", "dense.spoken.txt")
    )
    assert len(written) == len(spoken)
    # The comparison normaliser bridges all but "Church St." (it reads "St" as "Saint", as Whisper's does).
    assert word_error_rate(spoken, written) < 0.01


def test_pronoun_i_is_not_a_roman_numeral():
    assert comparison_normalize("Then I said that I saw Henry VIII.") == "then i said that i saw henry the 8th"


def test_wrong_readings_still_count():
    # What the raw narrator says for "Henry VIII" and "St." in a street name is heard, and it is wrong.
    assert word_error_rate("Henry the Eighth", "Henry Roman 8") > 0
    assert word_error_rate("Church Street", "Church Saint") > 0


def test_bundled_model_folder():
    folder = bundled_asr_model()
    assert (folder / "model.bin").is_file()
    assert (folder / "tokenizer.json").is_file()


def test_resampling_to_16k():
    audio = np.sin(np.linspace(0, 2 * np.pi * 440, 22050, endpoint=False)).astype(np.float32)
    out = to_asr_rate(audio, 22050)
    assert out.dtype == np.float32 and len(out) == ASR_SAMPLE_RATE
    assert to_asr_rate(out, ASR_SAMPLE_RATE) is out
    with pytest.raises(ValueError):
        to_asr_rate(np.zeros((2, 10), dtype=np.float32), 22050)


# ------------------------------------------------------------------ real synthesis and recognition
# The bundled voice and the bundled tiny.en: about a second each, so not marked slow.


@pytest.fixture(scope="module")
def voice():
    import onnxruntime

    from models.tts.base import EngineSpec, build_engine

    onnxruntime.set_seed(1)  # Piper samples noise in its graph; seeded before the session, runs repeat
    engine = build_engine(EngineSpec(threads=1))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def transcriber():
    from models.intelligibility import Transcriber

    return Transcriber()


def test_silence_transcribes_to_little_or_nothing(transcriber):
    assert transcriber.transcribe(np.zeros(0, dtype=np.float32), 22050) == ""


def test_plain_sentence_is_understood(voice, transcriber):
    text = "The old man walked slowly down to the harbor to watch the boats come in."
    heard = transcriber.transcribe(voice.synthesize(text), voice.sample_rate)
    assert word_error_rate(text, heard) < 0.3, heard


def test_normalised_text_is_understood_at_least_as_well_as_raw(voice, transcriber):
    from models.normalize import normalize

    raw = "Henry VIII arrived at 10:30."
    reference = "Henry the Eighth arrived at ten thirty."
    heard_raw = transcriber.transcribe(voice.synthesize(raw), voice.sample_rate)
    heard_norm = transcriber.transcribe(voice.synthesize(normalize(raw)), voice.sample_rate)
    wer_raw = word_error_rate(reference, heard_raw)
    wer_norm = word_error_rate(reference, heard_norm)
    assert wer_norm <= wer_raw, (heard_norm, heard_raw)
    assert wer_norm < 0.2, heard_norm
