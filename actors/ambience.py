"""The ambience actor: planner, bridge and decoder loaded once; chapters designed alongside the narrator."""

from __future__ import annotations

import logging
import time

from models.ambience.scene import AmbienceSpec, ChapterAmbience, build_designer
from models.manuscript.types import Chapter
from models.narration import Credits, chapter_script
from models.pronounce import Pronouncer, PronounceSettings

__all__ = ["Ambience"]

log = logging.getLogger(__name__)


class Ambience:
    """Designs each chapter's ambience from its text; wrap with `ray.remote` to run as an actor."""

    def __init__(self, spec: AmbienceSpec) -> None:
        self.designer = build_designer(spec)
        # The lines are the narrator's lines; only their printed text matters here, not how they are said.
        self.pronounce = Pronouncer.load(PronounceSettings(normalize=False))

    def design(self, chapter: Chapter, opening: Credits | None, closing: bool) -> tuple[ChapterAmbience, float]:
        """The chapter's planned and rendered sounds, and the seconds it took."""
        started = time.perf_counter()
        lines = chapter_script(chapter, opening=opening, closing=closing, pronounce=self.pronounce)
        # Credits and headings carry no scene: they are planned as empty lines, which keeps the indices.
        sentences = [ln.text if ln.kind == "sentence" else "" for ln in lines]
        ambience = self.designer.design(sentences)
        elapsed = time.perf_counter() - started
        log.info("chapter %d ambience: %d sounds in %.1f s", chapter.index, len(ambience.sounds), elapsed)
        return ambience, elapsed
