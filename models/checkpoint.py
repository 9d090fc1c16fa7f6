"""Checkpoints inside a chapter: every voiced line kept on disk as soon as it is spoken.

A run that is killed part-way through a book (chapters run side by side, so every chapter may be
half done) picks each chapter up at the first line it has not voiced yet, instead of starting it
again. Lines are written to a temporary name and renamed into place, so a line on disk is whole.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import numpy as np

__all__ = ["LineCache"]

Times = list[tuple[float, float]] | None


class LineCache:
    """Voiced lines of one chapter in a folder, keyed by position, voice and words."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def __repr__(self) -> str:
        return f"LineCache({str(self.folder)!r})"

    def _path(self, index: int, voice: str, said: str) -> Path:
        digest = hashlib.sha256(f"{voice}\n{said}".encode()).hexdigest()[:16]
        return self.folder / f"{index:05d}-{digest}.npz"

    def get(self, index: int, voice: str, said: str) -> tuple[np.ndarray, Times] | None:
        """The line voiced earlier, or None (a damaged file counts as absent)."""
        path = self._path(index, voice, said)
        try:
            with np.load(path, allow_pickle=False) as data:
                audio = data["audio"].astype(np.float32, copy=False)
                times = [(float(a), float(b)) for a, b in data["times"]] if bool(data["aligned"]) else None
        except (OSError, KeyError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return audio, times

    def put(self, index: int, voice: str, said: str, audio: np.ndarray, times: Times) -> None:
        """Keep a voiced line; it appears under its final name only once written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(index, voice, said)
        tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.npz")
        aligned = times is not None
        pairs = np.asarray(times if times else np.zeros((0, 2)), dtype=np.float64).reshape(-1, 2)
        np.savez(tmp, audio=np.asarray(audio, dtype=np.float32), times=pairs, aligned=np.bool_(aligned))
        os.replace(tmp, path)

    def count(self) -> int:
        """How many lines are kept."""
        return sum(1 for _ in self.folder.glob("[0-9]*.npz")) if self.folder.is_dir() else 0
