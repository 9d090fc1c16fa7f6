"""The narrator: a voice loaded once, then chapters read one after another."""

from __future__ import annotations

import logging
import time

from models.manuscript.types import Chapter
from models.narration import Credits, Narration, chapter_script, narrate
from models.tts.base import EngineSpec, build_engine

__all__ = ["Narrator"]

log = logging.getLogger(__name__)


class Narrator:
    """Reads chapters with one loaded engine; wrap with `ray.remote` to run as an actor."""

    def __init__(self, spec: EngineSpec) -> None:
        self.engine = build_engine(spec)

    def voice_id(self) -> str:
        return self.engine.voice_id

    def narrate(self, chapter: Chapter, opening: Credits | None, closing: bool) -> tuple[Narration, float]:
        """Voice a chapter; returns the stem with its line timings and the seconds it took."""
        started = time.perf_counter()
        narration = narrate(self.engine, chapter_script(chapter, opening=opening, closing=closing))
        elapsed = time.perf_counter() - started
        log.info("chapter %d narrated: %.1f s of audio in %.1f s", chapter.index, narration.duration_s, elapsed)
        return narration, elapsed
