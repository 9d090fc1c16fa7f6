"""Exceptions raised by the models package."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "ManuscriptError", "AudioError"]


class InputError(ValueError):
    """Bad input from the user: carries the file and a one-line reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ManuscriptError(InputError):
    """A manuscript that cannot be read as a book."""


class AudioError(InputError):
    """An audio file that ffmpeg cannot read or write."""
