"""Laying a chapter's sounds on its narration: beds over their scenes, spots on their words, levels under the voice."""

from __future__ import annotations

import numpy as np
import pytest

from models.ambience.events import Event
from models.ambience.scene import BED_BELOW_VOICE_DB, ChapterAmbience, Sound, place, tile
from models.narration import Narration, SpokenLine

SR = 22050
OUT = 44100


def _narration() -> Narration:
    """Four 2-second lines of a 200 Hz tone with 1-second pauses; line 2 has timed words."""
    lines, pieces, t = [], [], 0.0
    texts = ["Heading.", "The rain began to fall.", "A dog barked twice outside.", "Then all was quiet."]
    for i, text in enumerate(texts):
        words = ()
        if i == 2:
            words = (("A", t + 0.1, t + 0.2), ("dog", t + 0.3, t + 0.6), ("barked", t + 0.7, t + 1.1),
                     ("twice", t + 1.2, t + 1.5), ("outside", t + 1.6, t + 1.9))
        lines.append(SpokenLine(i, text, "sentence", t, t + 2.0, spoken=text, words=words))
        pieces += [0.1 * np.sin(2 * np.pi * 200 * np.arange(2 * SR) / SR), np.zeros(SR)]
        t += 3.0
    return Narration(audio=np.concatenate(pieces).astype(np.float32), sample_rate=SR, lines=tuple(lines))


def _noise(seconds: float, rate: int = OUT) -> np.ndarray:
    return (0.05 * np.random.default_rng(0).standard_normal(int(seconds * rate))).astype(np.float32)


def _rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(x, dtype=np.float64))))


def test_a_bed_covers_its_scene_and_a_spot_sits_on_its_cue_word() -> None:
    narration = _narration()
    sentences = tuple(ln.text for ln in narration.lines)
    ambience = ChapterAmbience(sentences, (
        Sound(Event("Rain", 1, "bed", 0.5, end_sentence=2), _noise(5.0), OUT),
        Sound(Event("Bark", 2, "spot", 0.5, cue="barked"), _noise(0.5), OUT),
    ))
    (bed, bed_event), (spot, spot_event) = place(ambience, narration, OUT)
    assert bed_event.label == "Rain" and spot_event.label == "Bark"
    assert bed.start_s == pytest.approx(3.0 - 0.3)
    assert bed.start_s + len(bed.audio) / OUT == pytest.approx(9.0, abs=0.01)  # up to the next line
    assert spot.start_s == pytest.approx(6.7)  # on "barked"
    # The bed fades in and out, and sits 14 dB under the voice (before ducking) at intensity 0.5.
    head, middle = bed.audio[: int(0.2 * OUT)], bed.audio[int(2 * OUT) : int(4 * OUT)]
    assert _rms_db(head) < _rms_db(middle) - 10
    voice = np.concatenate([narration.audio[int(ln.start_s * SR) : int(ln.end_s * SR)] for ln in narration.lines])
    placed = _rms_db(middle) + bed.gain_db
    assert placed == pytest.approx(_rms_db(voice) - BED_BELOW_VOICE_DB, abs=1.0)


def test_a_spot_without_timed_words_goes_at_the_end_of_its_line() -> None:
    narration = _narration()
    ambience = ChapterAmbience(tuple(ln.text for ln in narration.lines),
                               (Sound(Event("Thunder", 1, "spot", 0.9, cue="thunder"), _noise(1.0), OUT),))
    ((clip, _),) = place(ambience, narration, OUT)
    assert clip.start_s == pytest.approx(narration.lines[1].end_s)


def test_louder_intensity_gets_more_gain() -> None:
    narration = _narration()
    sentences = tuple(ln.text for ln in narration.lines)

    def gain(intensity: float) -> float:
        ambience = ChapterAmbience(sentences, (Sound(Event("Rain", 1, "bed", intensity, end_sentence=3),
                                                     _noise(3.0), OUT),))
        return place(ambience, narration, OUT)[0][0].gain_db

    assert gain(0.9) > gain(0.5) + 3 > gain(0.1) + 6


def test_events_follow_their_lines_when_the_scripts_differ() -> None:
    narration = _narration()
    planned = ("Heading.", "An extra line only the planner saw.", "The rain began to fall.",
               "A dog barked twice outside.", "Then all was quiet.")
    ambience = ChapterAmbience(planned, (Sound(Event("Bark", 3, "spot", 0.5), _noise(0.5), OUT),
                                         Sound(Event("Drip", 1, "spot", 0.5), _noise(0.5), OUT)))
    placed = place(ambience, narration, OUT)
    assert [(c.label, c.start_s) for c, _ in placed] == [("Bark", pytest.approx(narration.lines[2].end_s))]


def test_tiling_a_loop_is_seamless_and_exact() -> None:
    rate = 8000
    t = np.arange(2 * rate) / rate
    loop = np.sin(2 * np.pi * 100 * t).astype(np.float32)  # whole periods: the joins can be smooth
    long = tile(loop, 7 * rate + 123, rate)
    assert long.size == 7 * rate + 123
    assert np.max(np.abs(np.diff(long))) < 2 * np.max(np.abs(np.diff(loop)))  # no clicks at the joins
    # Beds are noise-like (uncorrelated at the joins): equal-power crossfades keep their level steady.
    noisy = tile(np.random.default_rng(1).standard_normal(2 * rate).astype(np.float32), 9 * rate, rate)
    window = rate // 5
    levels = [_rms_db(noisy[i : i + window]) for i in range(0, noisy.size - window, window)]
    assert max(levels) - min(levels) < 1.5


def test_the_designer_skips_what_its_decoder_cannot_render(caplog: pytest.LogCaptureFixture) -> None:
    from models.ambience.bridge import Bridge
    from models.ambience.decoders.procedural import ProceduralDecoder
    from models.ambience.scene import AmbienceDesigner

    class Scripted:
        def plan(self, sentences: list[str]) -> list[Event]:
            return [Event("Rain", 0, "bed", end_sentence=1), Event("Made-up noise", 1, "spot"),
                    Event("Bark", 9, "spot"), Event("Knock", 1, "spot")]

    class Picky(ProceduralDecoder):
        def render(self, conditioning, duration_s):  # type: ignore[no-untyped-def]
            if conditioning.label == "Knock":
                raise ValueError("no recipe for 'Knock'")
            return super().render(conditioning, duration_s)

    def embed(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    designer = AmbienceDesigner(Scripted(), Bridge(embed), Picky())
    with caplog.at_level("WARNING"):
        ambience = designer.design(["It rained.", "Someone knocked."])
    assert [s.event.label for s in ambience.sounds] == ["Rain"]  # bad label, bad index, unrenderable: left out
    assert "unknown label" in caplog.text and "no sound for Knock" in caplog.text
    assert ambience.sounds[0].audio.size == int(12.0 * 44100)
