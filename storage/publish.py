"""Publishing a finished book folder into an object store, all or nothing."""

from __future__ import annotations

import logging
from pathlib import Path

from storage.errors import InvalidKeyError, StorageError, UploadError
from storage.objectstore import LocalStore, ObjectStore, S3Store, check_key, join_key

__all__ = ["MANIFEST", "publish_tree"]

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


def _upload_order(local_dir: Path) -> list[str]:
    """Relative paths of every file under LOCAL_DIR, sorted, with the top-level manifest last."""
    files = sorted(p.relative_to(local_dir).as_posix() for p in local_dir.rglob("*") if p.is_file())
    if MANIFEST in files:
        files.remove(MANIFEST)
        files.append(MANIFEST)
    return files


def publish_tree(local_dir: Path, store: ObjectStore, dest_prefix: str) -> list[str]:
    """Upload every file under LOCAL_DIR to DEST_PREFIX/<relative path>; return the keys written.

    manifest.json goes last, so a reader that sees the manifest sees a complete book. An
    older version at DEST_PREFIX is replaced: on a LocalStore the folder is swapped in with
    renames; elsewhere the old manifest is withdrawn first and keys the new version lacks
    are deleted after the new manifest is written. On any failure every key this call
    uploaded is deleted again and UploadError (naming the key and the reason) is raised.
    On S3, unfinished multipart uploads to the book's keys (left by a crash or an outage)
    are aborted before the upload and again after a failure.
    """
    local_dir = Path(local_dir)
    if not local_dir.is_dir():
        raise UploadError(str(local_dir), "not a folder")
    dest_prefix = dest_prefix.strip("/")
    order = _upload_order(local_dir)
    if not order:
        raise UploadError(str(local_dir), "folder has no files")
    try:
        keys = [join_key(dest_prefix, rel) for rel in order]
        for key in keys:
            check_key(key)
    except InvalidKeyError as exc:
        raise UploadError(dest_prefix or str(local_dir), str(exc)) from exc

    if isinstance(store, LocalStore) and dest_prefix:
        try:
            return store.replace_tree(local_dir, dest_prefix, order)
        except UploadError:
            raise
        except (StorageError, OSError) as exc:
            raise UploadError(dest_prefix, str(exc) or type(exc).__name__) from exc
    return _publish_objects(local_dir, store, dest_prefix, order, keys)


def _publish_objects(
    local_dir: Path, store: ObjectStore, dest_prefix: str, order: list[str], keys: list[str]
) -> list[str]:
    """Object-by-object publishing with rollback, for stores without folder renames."""
    manifest_key = join_key(dest_prefix, MANIFEST)
    if isinstance(store, S3Store):
        stale_uploads = store.abort_uploads(keys)
        if stale_uploads:
            log.info("aborted %d unfinished upload(s) left by an earlier attempt at %s", stale_uploads, dest_prefix)
    previous = store.list(f"{dest_prefix}/") if dest_prefix else []
    if manifest_key in previous:
        store.delete([manifest_key])
    uploaded: list[str] = []
    for rel, key in zip(order, keys, strict=True):
        try:
            store.put_file(local_dir / rel, key)
        except BaseException as exc:
            # Whatever went wrong (even Ctrl-C), nothing half-written may remain.
            reason = str(exc) or type(exc).__name__
            log.warning("upload of %s failed (%s); removing %d uploaded object(s)", key, reason, len(uploaded))
            _rollback(store, uploaded, keys)
            if isinstance(exc, (StorageError, OSError)):
                raise UploadError(key, reason) from exc
            raise
        uploaded.append(key)
    stale = sorted(set(previous) - set(keys))
    if stale:
        try:
            store.delete(stale)
        except (StorageError, OSError) as exc:
            log.warning("published %s but could not remove %d stale object(s): %s", dest_prefix, len(stale), exc)
    log.info("published %d objects to %s/%s", len(keys), store.uri, dest_prefix)
    return keys


def _rollback(store: ObjectStore, uploaded: list[str], keys: list[str]) -> None:
    """Delete UPLOADED and abort unfinished uploads to KEYS, logging (not raising) what fails."""
    try:
        if uploaded:
            store.delete(uploaded)
        if isinstance(store, S3Store):
            store.abort_uploads(keys)
    except (StorageError, OSError) as exc:
        # Without the manifest, what is left is not a book; the next publish_tree of it cleans up.
        log.error("rollback of %d object(s) in %s did not finish: %s", len(uploaded), store.uri, exc)
