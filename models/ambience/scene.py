"""A chapter's ambience: designed from its text alone (plan -> bridge -> decode), placed once it is voiced.

`AmbienceDesigner.design` needs no audio, so it runs alongside the narrator: it plans events on the
chapter's lines, conditions them and renders each sound once (a spot as a clip, a bed as a loop).
`place` runs in the mixer when the line timings are known: spots go on their cue word (or the end of
their line), beds are tiled from the scene's first line to its last, faded in and out, and every
clip gets a gain relative to the narration's level; the mixer then ducks them under the voice.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from models.ambience.events import Decoder, Event, Planner
from models.ambience.loop import loop
from models.mix import PlacedClip

__all__ = ["BED_LOOP_S", "SPOT_S", "AmbienceDesigner", "AmbienceSpec", "ChapterAmbience", "Sound", "build_designer", "place"]

log = logging.getLogger(__name__)

BED_LOOP_S = 12.0  # a bed is rendered once as a loop this long and tiled over its scene
SPOT_S = 5.0  # long enough for a bell's decay
CROSSFADE_S = 0.5
BED_FADE_IN_S = 1.5
BED_FADE_OUT_S = 2.5
# Levels against the narration's RMS before ducking (ducking takes a further 12 dB off under speech).
BED_BELOW_VOICE_DB = 14.0
SPOT_BELOW_VOICE_DB = 4.0
INTENSITY_RANGE_DB = 10.0  # intensity 0 .. 1 spans this many dB around the level above


@dataclass(frozen=True, eq=False)
class Sound:
    """One rendered event: a spot's clip, or a bed's loop."""

    event: Event
    audio: np.ndarray = field(repr=False)
    sample_rate: int = 44100
    continues: bool = False  # a bed resuming its previous clip: no fade-in


@dataclass(frozen=True, eq=False)
class ChapterAmbience:
    """Everything the mixer needs to lay a chapter's ambience: the planned lines and their sounds."""

    sentences: tuple[str, ...]
    sounds: tuple[Sound, ...] = ()

    @property
    def events(self) -> list[Event]:
        return [s.event for s in self.sounds]


class AmbienceDesigner:
    """Planner, bridge and decoder, loaded once; `design` turns a chapter's lines into sounds."""

    def __init__(self, planner: Planner, bridge, decoder: Decoder) -> None:  # type: ignore[no-untyped-def]
        self.planner = planner
        self.bridge = bridge
        self.decoder = decoder

    def design(self, sentences: Sequence[str]) -> ChapterAmbience:
        from models.ambience.planner import validate_plan

        sentences = tuple(sentences)
        events = validate_plan(self.planner.plan(list(sentences)), len(sentences))
        sounds: list[Sound] = []
        for event, conditioning in zip(events, self.bridge.condition(events, sentences)):
            render_as = conditioning
            if event.kind == "bed":  # a loop to tile: no fade-in of its own (`place` fades the whole bed)
                render_as = replace(conditioning, texture=replace(conditioning.texture, continuity=1.0))
            try:
                audio = self.decoder.render(render_as, BED_LOOP_S if event.kind == "bed" else SPOT_S)
            except ValueError as exc:
                log.warning("no sound for %s at sentence %d: %s", event.label, event.sentence, exc)
                continue
            sounds.append(Sound(event, np.asarray(audio, dtype=np.float32), self.decoder.sample_rate,
                                continues=conditioning.texture.continuity > 0))
        return ChapterAmbience(sentences=sentences, sounds=tuple(sounds))


def _line_index(planned: Sequence[str], voiced: Sequence[str]) -> dict[int, int]:
    """Planned line index -> voiced line index (the same lines, unless the two scripts differ somewhere)."""
    if list(planned) == list(voiced):
        return {i: i for i in range(len(planned))}
    mapping: dict[int, int] = {}
    for block in difflib.SequenceMatcher(a=list(planned), b=list(voiced), autojunk=False).get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    return mapping


def _resample(audio: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    if from_rate == to_rate:
        return audio
    from fractions import Fraction

    from scipy.signal import resample_poly

    ratio = Fraction(to_rate, from_rate)
    return resample_poly(audio, ratio.numerator, ratio.denominator).astype(np.float32)


def tile(clip: np.ndarray, length: int, sample_rate: int) -> np.ndarray:
    """`clip` repeated to `length` samples with equal-power crossfades at the joins."""
    return loop(clip, length, int(CROSSFADE_S * sample_rate))


def _fade(audio: np.ndarray, sample_rate: int, fade_in_s: float, fade_out_s: float) -> np.ndarray:
    audio = audio.copy()
    n_in = min(int(fade_in_s * sample_rate), audio.size // 2)
    n_out = min(int(fade_out_s * sample_rate), audio.size // 2)
    if n_in:
        audio[:n_in] *= np.linspace(0.0, 1.0, n_in, dtype=np.float32) ** 2
    if n_out:
        audio[-n_out:] *= np.linspace(1.0, 0.0, n_out, dtype=np.float32) ** 2
    return audio


def _rms_db(audio: np.ndarray) -> float:
    return float(10 * np.log10(max(float(np.mean(np.square(audio, dtype=np.float64))), 1e-12))) if audio.size else -120.0


def _cue_time(event: Event, line) -> float:  # type: ignore[no-untyped-def]
    """Where in its line a spot belongs: on its cue word when the words are timed, else as the line ends."""
    if event.cue and line.words:
        cue = event.cue.lower().strip(".,;:!?\"'")
        for word, start, _ in line.words:
            token = word.lower()
            if token == cue or (len(cue) > 3 and token.startswith(cue[:4])):
                return float(start)
    return float(line.end_s)


def place(ambience: ChapterAmbience, narration, sample_rate: int) -> list[tuple[PlacedClip, Event]]:  # type: ignore[no-untyped-def]
    """The chapter's sounds as clips at `sample_rate` on the narration's timeline, with their gains and events."""
    if not ambience.sounds or not narration.lines:
        return []
    lines = narration.lines
    index = _line_index(ambience.sentences, [ln.text for ln in lines])
    speech = np.concatenate([narration.audio[int(ln.start_s * narration.sample_rate): int(ln.end_s * narration.sample_rate)]
                             for ln in lines]) if lines else narration.audio
    voice_db = _rms_db(speech)
    end_of_speech = lines[-1].end_s
    clips: list[tuple[PlacedClip, Event]] = []
    for sound in ambience.sounds:
        event = sound.event
        first = index.get(event.sentence)
        if first is None:
            log.warning("%s: its line is not in the narration; left out", event.label)
            continue
        audio = _resample(sound.audio, sound.sample_rate, sample_rate)
        level = _rms_db(audio[audio != 0]) if np.any(audio) else -120.0
        shift = INTENSITY_RANGE_DB * (event.intensity - 0.5)
        if event.kind == "bed":
            last = index.get(event.end_sentence if event.end_sentence is not None else event.sentence, first)
            last = max(first, last)
            start = max(0.0, lines[first].start_s - 0.3)
            following = lines[last + 1].start_s if last + 1 < len(lines) else lines[last].end_s + 1.0
            end = min(max(following, lines[last].end_s + 0.8), end_of_speech + 1.0)
            length = int((end - start) * sample_rate)
            if length <= sample_rate:
                continue
            audio = _fade(tile(audio, length, sample_rate), sample_rate,
                          0.05 if sound.continues else BED_FADE_IN_S, BED_FADE_OUT_S)
            gain = voice_db - BED_BELOW_VOICE_DB + shift - level
        else:
            start = _cue_time(event, lines[first])
            gain = voice_db - SPOT_BELOW_VOICE_DB + shift - level
        clips.append((PlacedClip(start_s=round(start, 3), audio=audio, gain_db=round(float(gain), 2), label=event.label),
                      event))
    return clips



@dataclass(frozen=True)
class AmbienceSpec:
    """Which planner and decoder to load; picklable, for the actor. None means the embedded default."""

    planner_dir: Path | None = None  # an instruction-tuned causal LM (transformers), else the story planner
    decoder_dir: Path | None = None  # a diffusers audio pipeline, else procedural synthesis
    use_gpu: bool = False

    def describe(self) -> dict[str, object]:
        return {"planner": str(self.planner_dir) if self.planner_dir else "story",
                "decoder": str(self.decoder_dir) if self.decoder_dir else "procedural"}


def build_designer(spec: AmbienceSpec) -> AmbienceDesigner:
    """Load the planner, bridge and decoder a spec names."""
    from models.ambience.bridge import Bridge
    from models.ambience.planner import StoryPlanner

    planner: Planner = StoryPlanner()
    if spec.planner_dir is not None:
        from models.ambience.llm_planner import LLMPlanner

        planner = LLMPlanner.load(spec.planner_dir, use_gpu=spec.use_gpu, fallback=planner)
    decoder: Decoder
    if spec.decoder_dir is not None:
        from models.ambience.decoders.diffusion import DiffusionDecoder

        decoder = DiffusionDecoder.load(spec.decoder_dir, use_gpu=spec.use_gpu)
    else:
        from models.ambience.decoders.procedural import ProceduralDecoder

        decoder = ProceduralDecoder()
    return AmbienceDesigner(planner, Bridge(), decoder)
