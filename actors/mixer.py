"""The mixer: places events under the narration, masters and encodes a chapter."""

from __future__ import annotations

import time
from pathlib import Path

from models.ambience.scene import ChapterAmbience, place
from models.mastering import PROFILES
from models.mix import PlacedClip
from models.narration import Narration
from models.render import RenderedChapter, render_chapter

__all__ = ["Mixer"]


class Mixer:
    """Masters chapters to one delivery profile; wrap with `ray.remote` to run as an actor."""

    def __init__(self, profile: str) -> None:
        self.profile = profile

    def finish(
        self,
        narrated: tuple[Narration, float],
        designed: tuple[ChapterAmbience, float] | None,
        out_dir: str,
        stem_name: str,
        keep_stems: bool,
    ) -> tuple[RenderedChapter, float, float, int]:
        """Place the chapter's sounds (if any) on its narration and render it into `out_dir`.

        Returns the rendered chapter with the narration seconds, the seconds spent here and how many
        lines the narration took from its checkpoint.
        """
        narration, narrate_s = narrated
        started = time.perf_counter()
        clips: list[PlacedClip] = []
        details: list[dict[str, object]] = []
        if designed is not None:
            ambience, _ = designed
            placed = place(ambience, narration, PROFILES[self.profile].sample_rate)
            clips = [clip for clip, _ in placed]
            details = [event.as_dict() for _, event in placed]
        rendered = render_chapter(
            narration, clips, profile=self.profile, out_dir=Path(out_dir), stem_name=stem_name,
            keep_stems=keep_stems, clip_details=details,
        )
        return rendered, narrate_s, time.perf_counter() - started, narration.reused_lines
