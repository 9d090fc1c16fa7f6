"""Casting files, automatic casting and the renditions that make characters sound different."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from models.casting import cast_book, load_casting
from models.errors import InputError
from models.tts.base import EngineSpec
from models.voices import Voice, VoiceBox, shift_pitch

BOOK = [[
    '\u201cWho is there?\u201d said Holmes.',
    '\u201cOnly me,\u201d said Watson.',
    '\u201cCome in,\u201d said Holmes.',
    '\u201cThank you,\u201d said Watson.',
    '\u201cTea?\u201d asked Mrs. Hudson.',
    '\u201cNo,\u201d said Holmes.',
]]


def test_without_a_casting_file_each_frequent_speaker_gets_a_distinct_voice() -> None:
    casting = cast_book(BOOK, Voice())
    cast = dict(casting.characters)
    assert set(cast) == {"holmes", "watson"}  # Mrs. Hudson speaks once: plain dialogue voice
    voices = [casting.narrator, casting.dialogue, cast["holmes"], cast["watson"]]
    assert len(set(voices)) == 4
    assert cast["holmes"] == cast_book(BOOK, Voice()).characters[0][1]  # the same every time
    assert casting.voice_for("hudson", quoted=True) == casting.dialogue
    assert casting.voice_for("holmes", quoted=False) == casting.narrator


def test_a_casting_file_sets_narrator_and_characters(tmp_path: Path) -> None:
    voice = tmp_path / "other.onnx"
    voice.write_bytes(b"x")
    path = tmp_path / "cast.yaml"
    path.write_text(
        "narrator: {length_scale: 1.1}\n"
        "dialogue: {pitch: 2}\n"
        "characters:\n"
        "  Mr. Holmes: {pitch: -4, length_scale: 1.2}\n"
        "  Watson: other.onnx\n",
        encoding="utf-8",
    )
    chosen = load_casting(path, Voice())
    casting = cast_book(BOOK, Voice(), chosen)
    cast = dict(casting.characters)
    assert casting.narrator.length_scale == 1.1
    assert casting.dialogue.pitch == 2
    assert cast["holmes"].pitch == -4 and cast["holmes"].length_scale == 1.2
    assert cast["watson"].engine == EngineSpec(model_path=voice.resolve())


def test_json_casting_files_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "cast.json"
    path.write_text(json.dumps({"characters": {"Holmes": {"pitch": 3}}}), encoding="utf-8")
    assert dict(load_casting(path, Voice()).characters)["holmes"].pitch == 3


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("narrator: [1, 2", "not valid YAML"),
        ("- a list", "must be a mapping"),
        ("villains: {}", "unknown section"),
        ("characters: {Holmes: {pitch: 40}}", "characters.Holmes.pitch must be a number"),
        ("characters: {Holmes: {tempo: 2}}", "unknown setting"),
        ("characters: {Holmes: missing.onnx}", "missing.onnx does not exist"),
        ("narrator: {engine: festival}", "engine must be one of"),
    ],
)
def test_bad_casting_files_are_one_line_errors(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "cast.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_casting(path, Voice())
    assert str(path) in str(err.value) and reason in str(err.value) and "\n" not in str(err.value)


def test_missing_casting_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read casting file"):
        load_casting(tmp_path / "nope.yaml", Voice())


def _pitch_hz(audio: np.ndarray, sr: int) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
    return float(np.argmax(spectrum) * sr / len(audio))


def test_pitch_shift_moves_pitch_by_the_semitones_asked() -> None:
    sr = 22050
    t = np.arange(sr) / sr
    tone = np.sin(2 * np.pi * 220 * t).astype(np.float32)
    up = shift_pitch(tone, 12)
    assert abs(_pitch_hz(up, sr) - 440) < 3
    assert abs(len(up) - sr / 2) < 2
    down = shift_pitch(tone, -3)
    assert abs(_pitch_hz(down, sr) - 220 * 2 ** (-3 / 12)) < 3


class ToneEngine:
    """A stand-in engine that hums at 200 Hz for as long as the text is, at the pace asked."""

    sample_rate = 16000
    voice_id = "tone"
    default_length_scale = 1.0

    def synthesize(self, text, utterance=None):  # type: ignore[no-untyped-def]
        scale = (utterance.length_scale if utterance and utterance.length_scale else 1.0)
        n = int(len(text) * 0.05 * scale * self.sample_rate)
        return np.sin(2 * np.pi * 200 * np.arange(n) / self.sample_rate).astype(np.float32)

    def close(self) -> None:
        pass


def test_voicebox_keeps_duration_when_pitch_moves_and_resamples_to_the_narrator_rate() -> None:
    box = VoiceBox(Voice(), loader=lambda spec: ToneEngine())
    plain = box.speak(Voice(), "twenty characters...")
    higher = box.speak(Voice(pitch=5), "twenty characters...")
    slower = box.speak(Voice(length_scale=1.5), "twenty characters...")
    assert abs(len(higher) - len(plain)) <= 0.02 * len(plain)
    assert abs(len(slower) / len(plain) - 1.5) < 0.02
    assert _pitch_hz(higher, 16000) > _pitch_hz(plain, 16000) * 1.3
