"""The narrator: a book's voices loaded once, then chapters read one after another."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import numpy as np

from models.checkpoint import LineCache
from models.manuscript.types import Chapter
from models.narration import Credits, Narration, Voicing, chapter_script, narrate
from models.pronounce import Pronouncer
from models.tts.base import EngineSpec, Utterance, build_engine
from models.voices import VoiceBox

__all__ = ["Narrator"]

log = logging.getLogger(__name__)


class Narrator:
    """Reads chapters with a book's cast; wrap with `ray.remote` to run as an actor.

    `threads` and `use_gpu` are this actor's share of its node, applied to every engine it loads.
    """

    def __init__(self, voicing: Voicing, threads: int = 0, use_gpu: bool = False) -> None:
        def load(spec: EngineSpec):  # type: ignore[no-untyped-def]
            return build_engine(replace(spec, threads=threads, use_gpu=use_gpu))

        self.voicing = voicing
        self.voices = VoiceBox(voicing.casting.narrator, loader=load)
        # Piper reads a lexicon's IPA inline; other engines get its aliases.
        phonemes = all(v.engine.name == "piper" for v in voicing.casting.voices())
        narrator = self.voices.engine(voicing.casting.narrator)
        id_map = getattr(getattr(getattr(narrator, "voice", None), "config", None), "phoneme_id_map", None)
        self.pronounce = Pronouncer.load(voicing.pronounce, phonemes=phonemes, phoneme_id_map=id_map)

    def synthesize(self, text: str, utterance: Utterance | None = None) -> tuple[np.ndarray, int]:
        """Text already prepared for speech, in the narrator's voice (description cues)."""
        engine = self.voices.engine(self.voicing.casting.narrator)
        return engine.synthesize(text, utterance), engine.sample_rate

    def default_length_scale(self) -> float:
        engine = self.voices.engine(self.voicing.casting.narrator)
        return float(getattr(engine, "default_length_scale", 1.0))

    def voice_id(self) -> str:
        return self.voices.voice_id(self.voicing.casting.narrator)

    def narrate(self, chapter: Chapter, opening: Credits | None, closing: bool,
                checkpoint: str | None = None) -> tuple[Narration, float]:
        """Voice a chapter; returns the stem with its line timings and the seconds it took.

        With `checkpoint` (a folder), every line is kept there as it is voiced, and lines already
        there from an interrupted attempt are reused.
        """
        started = time.perf_counter()
        script = chapter_script(chapter, opening=opening, closing=closing, pronounce=self.pronounce)
        memo = LineCache(checkpoint) if checkpoint else None
        narration = narrate(self.voices, script, self.voicing.casting, memo=memo)
        elapsed = time.perf_counter() - started
        log.info("chapter %d narrated: %.1f s of audio in %.1f s (%d of %d lines from its checkpoint)",
                 chapter.index, narration.duration_s, elapsed, narration.reused_lines, len(script))
        return narration, elapsed
