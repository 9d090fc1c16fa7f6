"""Exceptions raised by the storage layer."""

from __future__ import annotations

__all__ = [
    "InvalidKeyError",
    "NotFoundError",
    "StorageError",
    "StoreUnavailableError",
    "StoreUriError",
    "UploadError",
]


class StorageError(Exception):
    """Base class for every storage-layer failure."""


class StoreUriError(StorageError, ValueError):
    """A --store URI (or object key) that cannot be used."""


class UploadError(StorageError):
    """An upload failed; whatever it had written has been removed again."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"upload of {key!r} failed: {reason}")
        self.key = key
        self.reason = reason


class InvalidKeyError(StorageError, ValueError):
    """An object key that is empty, absolute or climbs out of its store ('..')."""


class NotFoundError(StorageError, KeyError):
    """A key, object or record that does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class StoreUnavailableError(StorageError):
    """The store kept failing transiently (unreachable, timing out, 5xx) for the whole retry budget."""
