"""Small manuscripts written by the tests: several chapters of plain, varied prose."""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["write_book"]

_SUBJECTS = ["The keeper", "Old Marta", "The boy", "A sailor", "The ferryman", "Her brother", "The clerk"]
_VERBS = ["walked along", "looked across", "waited beside", "remembered", "counted", "passed", "studied"]
_OBJECTS = ["the empty quay", "the row of boats", "the grey river", "the lamp posts", "the market square",
            "the narrow stair", "the harbour wall", "the shuttered windows"]
_ENDINGS = ["before the light went.", "without a word.", "as the evening settled.", "for a long while.",
            "and then turned home.", "while the town slept.", "as if for the first time."]


def write_book(path: Path, title: str, chapters: int = 3, sentences: int = 6, seed: int = 0) -> Path:
    """A Markdown manuscript with TITLE, an author line and CHAPTERS chapters of SENTENCES sentences each."""
    rng = random.Random(f"{title}-{seed}")
    lines = [f"# {title}", "", "by Test Author", ""]
    for n in range(1, chapters + 1):
        lines += [f"## Chapter {n}", ""]
        body = [f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_ENDINGS)}"
                for _ in range(sentences)]
        for start in range(0, len(body), 3):
            lines += [" ".join(body[start : start + 3]), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
