"""Persistence for taleforge: job/chapter records (SQLAlchemy) and object stores (local directory or S3)."""

from __future__ import annotations

from storage.db import Database, default_url
from storage.errors import InvalidKeyError, NotFoundError, StorageError, StoreUriError, UploadError
from storage.objectstore import LocalStore, ObjectStore, S3Store, content_type_for, open_store
from storage.publish import publish_tree

__all__ = [
    "Database",
    "InvalidKeyError",
    "LocalStore",
    "NotFoundError",
    "ObjectStore",
    "S3Store",
    "StorageError",
    "StoreUriError",
    "UploadError",
    "content_type_for",
    "default_url",
    "open_store",
    "publish_tree",
]
