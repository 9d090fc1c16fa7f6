"""Voices as a listener hears them: an engine and model, rendered with its own pace, variation and pitch.

A `Voice` is one rendition of a loaded model. Pitch is moved without changing pace: the engine
speaks `2**(semitones/12)` times slower, and the audio is then resampled by the same ratio, which
raises the pitch and restores the duration. Small shifts (a few semitones) keep a voice natural while
making it clearly someone else; the `PALETTE` holds the renditions characters get when no casting
file names their voice.

`VoiceBox` holds the loaded engines (one per distinct engine spec) and speaks any `Voice` at one
common sample rate, so a narrator, a cast of characters and a second engine share one stem.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction

import numpy as np
from scipy.signal import resample_poly

from models.tts.base import Engine, EngineSpec, Utterance, build_engine

__all__ = ["DIALOGUE", "PALETTE", "Voice", "VoiceBox", "shift_pitch"]

log = logging.getLogger(__name__)

MAX_PITCH_SEMITONES = 7.0


@dataclass(frozen=True)
class Voice:
    """One rendition of a model: the engine spec plus how it is spoken."""

    engine: EngineSpec = field(default_factory=EngineSpec)
    length_scale: float = 1.0  # >1 slower
    noise_scale: float | None = None  # None: the model's own
    noise_w_scale: float | None = None
    pitch: float = 0.0  # semitones

    def rendition(self, length_scale: float = 1.0, pitch: float = 0.0, noise_scale: float | None = None) -> Voice:
        """This voice spoken differently: pace and pitch relative to it."""
        return replace(
            self, length_scale=round(self.length_scale * length_scale, 4), pitch=round(self.pitch + pitch, 3),
            noise_scale=noise_scale if noise_scale is not None else self.noise_scale,
        )

    def describe(self) -> dict[str, object]:
        """A JSON-able description, used in cache keys and reports."""
        data = asdict(self)
        data["engine"] = {k: (str(v) if v is not None else None) for k, v in asdict(self.engine).items()
                          if k not in ("threads", "use_gpu")}
        return data


# How unattributed dialogue differs from the narrator: a little brighter and quicker.
DIALOGUE = (1.5, 0.96, None)
# Renditions for characters, most distinct first: (pitch semitones, pace, noise scale).
PALETTE: tuple[tuple[float, float, float | None], ...] = (
    (-3.0, 1.06, 0.6),
    (3.5, 0.94, 0.75),
    (-5.0, 0.97, 0.5),
    (5.0, 1.04, None),
    (-1.5, 0.9, 0.7),
    (2.0, 1.1, 0.55),
    (-4.0, 1.12, None),
    (4.0, 0.9, 0.6),
)


def shift_pitch(audio: np.ndarray, semitones: float) -> np.ndarray:
    """Resample so the audio plays `semitones` higher in the same time base (and 2**(s/12) shorter)."""
    if abs(semitones) < 1e-3 or audio.size == 0:
        return audio
    ratio = Fraction(2 ** (semitones / 12)).limit_denominator(64)
    # Fewer output samples at the same rate: everything plays higher and faster by `ratio`.
    return resample_poly(audio, ratio.denominator, ratio.numerator).astype(np.float32)


def resample(audio: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    if from_rate == to_rate or audio.size == 0:
        return audio
    ratio = Fraction(to_rate, from_rate)
    return resample_poly(audio, ratio.numerator, ratio.denominator).astype(np.float32)


class VoiceBox:
    """Loaded engines, shared by every voice that uses them; speaks at the first voice's sample rate."""

    def __init__(self, narrator: Voice, loader: Callable[[EngineSpec], Engine] = build_engine) -> None:
        self._loader = loader
        self._engines: dict[EngineSpec, Engine] = {}
        self.narrator = narrator
        self.sample_rate = self.engine(narrator).sample_rate

    def engine(self, voice: Voice) -> Engine:
        spec = voice.engine
        if spec not in self._engines:
            self._engines[spec] = self._loader(spec)
        return self._engines[spec]

    def voice_id(self, voice: Voice) -> str:
        return self.engine(voice).voice_id

    def speak(self, voice: Voice, text: str) -> np.ndarray:
        """`text` in `voice`, float32 mono at this box's sample rate."""
        return self.speak_timed(voice, text)[0]

    def speak_timed(self, voice: Voice, text: str) -> tuple[np.ndarray, list[tuple[float, float]] | None]:
        """`text` in `voice`, with each spoken word's (start, end) seconds where the engine gives them."""
        engine = self.engine(voice)
        pitch = max(-MAX_PITCH_SEMITONES, min(MAX_PITCH_SEMITONES, voice.pitch))
        stretch = 2 ** (pitch / 12)
        utterance = Utterance(
            length_scale=voice.length_scale * stretch if (voice.length_scale != 1.0 or pitch) else None,
            noise_scale=voice.noise_scale, noise_w_scale=voice.noise_w_scale,
        )
        if utterance.length_scale is not None:
            # Engines scale their own default pace; a voice's pace is relative to that default.
            base = getattr(engine, "default_length_scale", 1.0)
            utterance = replace(utterance, length_scale=base * utterance.length_scale)
        timed = getattr(engine, "synthesize_timed", None)
        audio, words = timed(text, utterance) if timed else (engine.synthesize(text, utterance), None)
        if words is not None and pitch:
            words = [(a / stretch, b / stretch) for a, b in words]  # the pitch shift shortens time by `stretch`
        audio = shift_pitch(audio, pitch)
        return resample(audio, engine.sample_rate, self.sample_rate), words

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()
