"""The mixer: places events under the narration, masters and encodes a chapter."""

from __future__ import annotations

import time
from pathlib import Path

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
        clips: list[PlacedClip],
        out_dir: str,
        stem_name: str,
        keep_stems: bool,
    ) -> tuple[RenderedChapter, float, float]:
        """Render one chapter into `out_dir`; returns it with the narration and mastering seconds."""
        narration, narrate_s = narrated
        started = time.perf_counter()
        rendered = render_chapter(
            narration, clips, profile=self.profile, out_dir=Path(out_dir), stem_name=stem_name, keep_stems=keep_stems
        )
        return rendered, narrate_s, time.perf_counter() - started
