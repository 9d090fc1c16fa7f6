"""Object stores: a local directory or an S3 bucket, behind one small interface.

Keys are '/'-separated relative paths ("my-book/chapters/01-intro.mp3"), the same in
both stores, so a book folder has one layout whether it lands on disk or in S3.
"""

from __future__ import annotations

import builtins
import contextlib
import logging
import mimetypes
import os
import random
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

import boto3
from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    IncompleteReadError,
    ReadTimeoutError,
    ResponseStreamingError,
)

from storage.errors import (
    InvalidKeyError,
    NotFoundError,
    StorageError,
    StoreUnavailableError,
    StoreUriError,
    UploadError,
)

__all__ = [
    "LocalStore",
    "ObjectStore",
    "S3Store",
    "check_key",
    "content_type_for",
    "join_key",
    "open_store",
]

log = logging.getLogger(__name__)

CONTENT_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".m4b": "audio/mp4",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".json": "application/json",
    ".vtt": "text/vtt; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".epub": "application/epub+zip",
}

# Names of LocalStore's own scratch files and folders; never reported as keys.
_SCRATCH = re.compile(r"^\..+\.(partial|old|tmp)-[A-Za-z0-9_]+$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_S3_ERRORS = (ClientError, BotoCoreError, Boto3Error)
_T = TypeVar("_T")

RETRY_BUDGET_ENV = "TALEFORGE_S3_RETRY_S"
DEFAULT_RETRY_BUDGET_S = 120.0
RETRY_BASE_DELAY_S = 0.25  # the n-th retry waits up to base * 2**n, at most RETRY_MAX_DELAY_S
RETRY_MAX_DELAY_S = 15.0
MULTIPART_THRESHOLD = 8 * 1024 * 1024
MULTIPART_CHUNKSIZE = 8 * 1024 * 1024

# Faults of the connection or the service, not of the request: worth another try.
_TRANSIENT_ERRORS = (
    EndpointConnectionError,  # nothing listening (a server restarting), or no route
    ConnectTimeoutError,
    ConnectionClosedError,
    ReadTimeoutError,
    ResponseStreamingError,
    IncompleteReadError,
)
_TRANSIENT_CODES = frozenset(
    {"InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "Throttling", "ThrottlingException"}
)


def content_type_for(key: str) -> str:
    """The Content-Type to store with KEY, from its extension."""
    suffix = os.path.splitext(key)[1].lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"


def check_key(key: str) -> str:
    """Return KEY if it is a clean relative '/'-separated path, else raise InvalidKeyError."""
    if not isinstance(key, str) or not key:
        raise InvalidKeyError(f"object key must be a non-empty string, got {key!r}")
    if key.startswith("/") or "\\" in key or "\x00" in key or re.match(r"^[A-Za-z]:", key):
        raise InvalidKeyError(f"object key must be a relative '/'-separated path: {key!r}")
    for part in key.split("/"):
        if part in ("", ".", ".."):
            raise InvalidKeyError(f"object key has an empty, '.' or '..' segment: {key!r}")
    return key


def join_key(*parts: str) -> str:
    """Join key fragments with '/', dropping empty ones and stray slashes."""
    return "/".join(p.strip("/") for p in parts if p and p.strip("/"))


@runtime_checkable
class ObjectStore(Protocol):
    """Where finished books go: anything with these methods."""

    @property
    def uri(self) -> str:
        """Human-readable location of the store (a path or s3://bucket/prefix)."""
        ...

    def uri_for(self, key: str) -> str:
        """Human-readable location of KEY (a file path or s3://bucket/prefix/key)."""
        ...

    def put_file(self, local_path: Path, key: str) -> None:
        """Store the file at LOCAL_PATH under KEY."""
        ...

    def put_bytes(self, data: bytes, key: str, content_type: str | None = None) -> None:
        """Store DATA under KEY."""
        ...

    def get_bytes(self, key: str) -> bytes:
        """Return the object at KEY; NotFoundError when missing."""
        ...

    def exists(self, key: str) -> bool:
        """Whether an object is stored at KEY."""
        ...

    def list(self, prefix: str = "") -> list[str]:
        """Sorted keys that start with PREFIX."""
        ...

    def delete(self, keys: Iterable[str]) -> None:
        """Remove KEYS; missing ones are ignored."""
        ...


class LocalStore:
    """An object store in a local directory; every write is atomic (temp file + os.replace)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).expanduser().absolute()

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"

    @property
    def uri(self) -> str:
        """The store's directory."""
        return str(self.root)

    def uri_for(self, key: str) -> str:
        """The file path an object key maps to."""
        return str(self.path_for(key))

    def path_for(self, key: str) -> Path:
        """The file path of KEY inside the root (validated: never outside it)."""
        return self.root.joinpath(*check_key(key).split("/"))

    def put_file(self, local_path: Path, key: str) -> None:
        """Copy LOCAL_PATH to KEY atomically."""
        target = self.path_for(key)
        self._write(target, lambda fh: _copy_into(Path(local_path), fh))

    def put_bytes(self, data: bytes, key: str, content_type: str | None = None) -> None:
        """Write DATA to KEY atomically (the content type is implied by the extension)."""
        target = self.path_for(key)
        self._write(target, lambda fh: fh.write(data))

    def get_bytes(self, key: str) -> bytes:
        """Read KEY."""
        path = self.path_for(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise NotFoundError(f"no object {key!r} in {self.uri}") from exc

    def exists(self, key: str) -> bool:
        """Whether KEY is a stored file."""
        return self.path_for(key).is_file()

    def list(self, prefix: str = "") -> list[str]:
        """Sorted keys starting with PREFIX (plain string prefix, as in S3)."""
        base_parts = [p for p in prefix.split("/")[:-1] if p]
        if any(p in (".", "..") for p in base_parts):
            raise InvalidKeyError(f"list prefix may not contain '.' or '..': {prefix!r}")
        start = self.root.joinpath(*base_parts)
        if not start.is_dir():
            return []
        keys: builtins.list[str] = []
        for dirpath, dirnames, filenames in os.walk(start):
            dirnames[:] = [d for d in dirnames if not _SCRATCH.match(d)]
            rel = Path(dirpath).relative_to(self.root).as_posix()
            for name in filenames:
                if _SCRATCH.match(name):
                    continue
                key = name if rel == "." else f"{rel}/{name}"
                if key.startswith(prefix):
                    keys.append(key)
        return sorted(keys)

    def delete(self, keys: Iterable[str]) -> None:
        """Remove KEYS and any folders left empty by that (never the root itself)."""
        for key in keys:
            path = self.path_for(key)
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            self._prune(path.parent)

    def replace_tree(self, local_dir: Path, dest_prefix: str, order: builtins.list[str]) -> builtins.list[str]:
        """Publish LOCAL_DIR's files (relative paths in ORDER) as the folder DEST_PREFIX, atomically.

        The files are staged in a hidden sibling folder and renamed into place; an older
        folder at DEST_PREFIX is renamed aside first and removed after. On failure the
        staging folder is removed and any older folder is left as it was.
        """
        dest = self.path_for(dest_prefix)
        parent = dest.parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=parent))
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the book folder should not be
        staging_key = join_key(dest_prefix.rpartition("/")[0], staging.name)
        old: Path | None = None
        swapped = False
        try:
            for rel in order:
                try:
                    self.put_file(local_dir / rel, join_key(staging_key, rel))
                except (StorageError, OSError) as exc:
                    raise UploadError(join_key(dest_prefix, rel), str(exc) or type(exc).__name__) from exc
            if dest.is_symlink() or dest.is_file():
                raise UploadError(dest_prefix, f"{dest} exists and is not a folder")
            if dest.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=parent))
                os.replace(dest, old / "book")
            try:
                os.replace(staging, dest)
                swapped = True
            except OSError:
                if old is not None:
                    os.replace(old / "book", dest)
                    shutil.rmtree(old, ignore_errors=True)
                    old = None
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if swapped and old is not None:
                shutil.rmtree(old, ignore_errors=True)
            elif old is not None:
                log.error("could not restore the previous %s; it is kept at %s", dest, old / "book")
            if not swapped:
                self._prune(parent)
        log.info("published %d files to %s", len(order), dest)
        return [join_key(dest_prefix, rel) for rel in order]

    def _write(self, target: Path, fill: Any) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fill(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def _prune(self, folder: Path) -> None:
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent


def _copy_into(src: Path, fh: Any) -> None:
    with src.open("rb") as f:
        shutil.copyfileobj(f, fh, 1024 * 1024)


class S3Store:
    """An object store under s3://BUCKET/PREFIX, through boto3 (path-style addressing).

    The client comes from the standard AWS variables (AWS_ENDPOINT_URL_S3 or
    AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION)
    unless one is given. The bucket is created on the first write if it is missing.

    Transient faults (the endpoint unreachable, a dropped connection, a timeout, a 5xx
    or SlowDown reply) are retried with exponential backoff and jitter for up to
    RETRY_BUDGET_S seconds (default: $TALEFORGE_S3_RETRY_S, else 120); then
    StoreUnavailableError (a StorageError) names the operation, the s3:// URI and the
    last reason in one line. An attempt under way when the budget runs out may finish
    a little after it (timeouts: 5 s to connect, 60 s to read). Other errors (AccessDenied,
    NoSuchBucket, a bad signature) fail at once. Files above the TRANSFER_CONFIG
    threshold (8 MiB by default) go up as multipart uploads, and an upload that fails is
    aborted, so a key never holds a half-written object.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        client: Any | None = None,
        retry_budget_s: float | None = None,
        transfer_config: TransferConfig | None = None,
    ) -> None:
        if not _BUCKET.match(bucket) or ".." in bucket:
            raise StoreUriError(f"invalid S3 bucket name {bucket!r}")
        prefix = prefix.strip("/")
        if prefix:
            try:
                check_key(prefix)
            except InvalidKeyError as exc:
                raise StoreUriError(f"invalid S3 prefix {prefix!r}: {exc}") from exc
        self.bucket = bucket
        self.prefix = prefix
        self.retry_budget_s = _retry_budget_s() if retry_budget_s is None else float(retry_budget_s)
        if not self.retry_budget_s >= 0:
            raise ValueError(f"retry_budget_s must be a number of seconds >= 0, got {retry_budget_s!r}")
        self.transfer_config = transfer_config or TransferConfig(
            multipart_threshold=MULTIPART_THRESHOLD, multipart_chunksize=MULTIPART_CHUNKSIZE
        )
        self._client = client
        self._bucket_ready = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"S3Store({self.uri!r})"

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the client (Ray actors rebuild it from the environment)."""
        state = self.__dict__.copy()
        state.update(_client=None, _lock=None, _bucket_ready=False)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore after unpickling."""
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def uri(self) -> str:
        """s3://bucket/prefix."""
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def uri_for(self, key: str) -> str:
        """s3://bucket/prefix/key."""
        return f"s3://{self.bucket}/{self._full(key)}"

    @property
    def client(self) -> Any:
        """The boto3 S3 client (created on first use)."""
        if self._client is None:
            self._client = boto3.session.Session().client(
                "s3",
                config=Config(
                    s3={"addressing_style": "path"},
                    # A few quick retries inside botocore (and inside s3transfer, per part);
                    # longer outages are ridden out by _retrying, which can log and restart.
                    retries={"max_attempts": 3, "mode": "standard"},
                    connect_timeout=5,
                    read_timeout=60,
                ),
            )
        return self._client

    def put_file(self, local_path: Path, key: str) -> None:
        """Upload a file (multipart above the threshold); a retry aborts the failed attempt's upload first."""
        full = self._full(key)
        uri = self.uri_for(key)
        self._ensure_bucket()
        attempts = 0

        def upload() -> None:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                # s3transfer aborts a failed multipart upload, but only if S3 answers at that moment.
                self._abort_uploads_now({full})
            self.client.upload_file(
                str(local_path),
                self.bucket,
                full,
                ExtraArgs={"ContentType": content_type_for(key)},
                Config=self.transfer_config,
            )

        try:
            self._retrying("upload", uri, upload)
        except StorageError:
            self._abort_quietly(full)
            raise
        except _S3_ERRORS as exc:
            self._abort_quietly(full)
            raise StorageError(f"cannot upload {local_path} to {uri}: {_one_line(exc)}") from exc

    def put_bytes(self, data: bytes, key: str, content_type: str | None = None) -> None:
        """Upload DATA in one request."""
        full = self._full(key)
        uri = self.uri_for(key)
        self._ensure_bucket()
        try:
            self._retrying(
                "upload",
                uri,
                lambda: self.client.put_object(
                    Bucket=self.bucket, Key=full, Body=data, ContentType=content_type or content_type_for(key)
                ),
            )
        except _S3_ERRORS as exc:
            raise StorageError(f"cannot upload to {uri}: {_one_line(exc)}") from exc

    def get_bytes(self, key: str) -> bytes:
        """Download KEY."""
        full = self._full(key)
        uri = self.uri_for(key)

        def read() -> bytes:
            body: bytes = self.client.get_object(Bucket=self.bucket, Key=full)["Body"].read()
            return body

        try:
            return self._retrying("read", uri, read)
        except ClientError as exc:
            if _code(exc) in ("NoSuchKey", "NoSuchBucket", "404"):
                raise NotFoundError(f"no object {uri}") from exc
            raise StorageError(f"cannot read {uri}: {_one_line(exc)}") from exc
        except (BotoCoreError, Boto3Error) as exc:
            raise StorageError(f"cannot read {uri}: {_one_line(exc)}") from exc

    def exists(self, key: str) -> bool:
        """Whether KEY is stored (HEAD request)."""
        try:
            self._head(key)
        except NotFoundError:
            return False
        return True

    def head(self, key: str) -> dict[str, Any]:
        """Size, content type and ETag of KEY."""
        resp = self._head(key)
        return {"size": resp["ContentLength"], "content_type": resp.get("ContentType"), "etag": resp.get("ETag")}

    def list(self, prefix: str = "") -> list[str]:
        """Sorted keys (relative to the store prefix) starting with PREFIX."""
        base = f"{self.prefix}/" if self.prefix else ""
        uri = f"{self.uri}/{prefix}"

        def listing() -> builtins.list[str]:
            keys: builtins.list[str] = []
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base + prefix)
            for page in pages:
                keys.extend(obj["Key"][len(base) :] for obj in page.get("Contents", []))
            return keys

        try:
            return sorted(self._retrying("list", uri, listing))
        except ClientError as exc:
            if _code(exc) == "NoSuchBucket":
                return []
            raise StorageError(f"cannot list {uri}: {_one_line(exc)}") from exc
        except (BotoCoreError, Boto3Error) as exc:
            raise StorageError(f"cannot list {uri}: {_one_line(exc)}") from exc

    def delete(self, keys: Iterable[str]) -> None:
        """Delete KEYS in batches of 1000; missing keys are ignored."""
        full = [self._full(k) for k in keys]
        for start in range(0, len(full), 1000):
            batch = [{"Key": k} for k in full[start : start + 1000]]
            try:
                resp = self._retrying(
                    "delete",
                    f"{self.uri} ({len(batch)} object(s), e.g. {batch[0]['Key']})",
                    lambda batch=batch: self.client.delete_objects(
                        Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                    ),
                )
            except ClientError as exc:
                if _code(exc) == "NoSuchBucket":
                    return
                raise StorageError(f"cannot delete from {self.uri}: {_one_line(exc)}") from exc
            except (BotoCoreError, Boto3Error) as exc:
                raise StorageError(f"cannot delete from {self.uri}: {_one_line(exc)}") from exc
            errors = [e for e in resp.get("Errors", []) if e.get("Code") != "NoSuchKey"]
            if errors:
                first = errors[0]
                raise StorageError(
                    f"cannot delete {len(errors)} object(s) from {self.uri}, "
                    f"e.g. {first.get('Key')}: {first.get('Code')} {first.get('Message')}"
                )

    def abort_uploads(self, keys: Iterable[str]) -> int:
        """Abort every unfinished multipart upload to one of KEYS; return how many were aborted.

        s3transfer aborts a failed upload itself, but not when S3 is unreachable at that
        moment or the process dies mid-upload; this clears what such a failure left behind.
        """
        full = {self._full(k) for k in keys}
        if not full:
            return 0
        try:
            return self._retrying(
                "abort uploads", f"{self.uri} ({len(full)} key(s))", lambda: self._abort_uploads_now(full)
            )
        except ClientError as exc:
            if _code(exc) == "NoSuchBucket":
                return 0
            raise StorageError(f"cannot abort uploads in {self.uri}: {_one_line(exc)}") from exc
        except (BotoCoreError, Boto3Error) as exc:
            raise StorageError(f"cannot abort uploads in {self.uri}: {_one_line(exc)}") from exc

    def _abort_uploads_now(self, full_keys: set[str]) -> int:
        """One pass of abort_uploads over full (prefixed) keys, without retries."""
        common = os.path.commonprefix(sorted(full_keys))
        pages = self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=common)
        pending = [
            (up["Key"], up["UploadId"]) for page in pages for up in page.get("Uploads", []) if up["Key"] in full_keys
        ]
        for full, upload_id in pending:
            try:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=full, UploadId=upload_id)
            except ClientError as exc:
                if _code(exc) not in ("NoSuchUpload", "404"):
                    raise
            log.info("aborted unfinished multipart upload to s3://%s/%s", self.bucket, full)
        return len(pending)

    def _abort_quietly(self, full: str) -> None:
        """After a failed put_file: one more try at aborting its upload, logging (not raising) a failure."""
        try:
            self._abort_uploads_now({full})
        except _S3_ERRORS as exc:
            log.warning(
                "could not abort the unfinished upload to s3://%s/%s (%s); abort_uploads or the next upload "
                "of this key removes it",
                self.bucket,
                full,
                _one_line(exc),
            )

    def _head(self, key: str) -> dict[str, Any]:
        full = self._full(key)
        uri = self.uri_for(key)
        try:
            resp: dict[str, Any] = self._retrying(
                "check", uri, lambda: self.client.head_object(Bucket=self.bucket, Key=full)
            )
        except ClientError as exc:
            if _code(exc) in ("404", "NoSuchKey", "NotFound", "NoSuchBucket"):
                raise NotFoundError(f"no object {uri}") from exc
            raise StorageError(f"cannot check {uri}: {_one_line(exc)}") from exc
        except (BotoCoreError, Boto3Error) as exc:
            raise StorageError(f"cannot check {uri}: {_one_line(exc)}") from exc
        return resp

    def _retrying(self, operation: str, uri: str, call: Callable[[], _T]) -> _T:
        """CALL, retried with backoff while it fails transiently, for up to retry_budget_s seconds.

        Errors that are not transient propagate unchanged; when the budget is spent,
        StorageError names OPERATION, URI and the last reason.
        """
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                return call()
            except _S3_ERRORS as exc:
                reason = _transient_reason(exc)
                if reason is None:
                    raise
                elapsed = time.monotonic() - started
                left = self.retry_budget_s - elapsed
                if left <= 0:
                    raise StoreUnavailableError(
                        f"S3 {operation} of {uri} failed after {attempt} attempt(s) in {elapsed:.1f} s "
                        f"(retry budget {self.retry_budget_s:g} s): {reason}"
                    ) from exc
                # Full jitter: a fleet of workers hit by one outage does not come back in step.
                delay = min(left, random.uniform(0, min(RETRY_MAX_DELAY_S, RETRY_BASE_DELAY_S * 2**attempt)))
                log.warning(
                    "S3 %s of %s failed (%s); retry %d in %.1f s (%.0f s of the retry budget left)",
                    operation,
                    uri,
                    reason,
                    attempt,
                    delay,
                    left,
                )
                time.sleep(delay)

    def _full(self, key: str) -> str:
        return join_key(self.prefix, check_key(key))

    def _ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        with self._lock:
            if self._bucket_ready:
                return
            uri = f"s3://{self.bucket}"
            try:
                self._retrying("bucket check", uri, lambda: self.client.head_bucket(Bucket=self.bucket))
            except ClientError as exc:
                if _code(exc) not in ("404", "NoSuchBucket", "NotFound"):
                    raise StorageError(f"cannot use bucket {self.bucket!r}: {_one_line(exc)}") from exc
                self._create_bucket()
            except (BotoCoreError, Boto3Error) as exc:
                raise StorageError(f"cannot reach S3 for bucket {self.bucket!r}: {_one_line(exc)}") from exc
            self._bucket_ready = True

    def _create_bucket(self) -> None:
        region = self.client.meta.region_name
        kwargs: dict[str, Any] = {"Bucket": self.bucket}
        if region and region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            self._retrying("bucket creation", f"s3://{self.bucket}", lambda: self.client.create_bucket(**kwargs))
            log.info("created bucket %s", self.bucket)
        except ClientError as exc:
            if _code(exc) not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise StorageError(f"cannot create bucket {self.bucket!r}: {_one_line(exc)}") from exc
        except (BotoCoreError, Boto3Error) as exc:
            raise StorageError(f"cannot create bucket {self.bucket!r}: {_one_line(exc)}") from exc


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _transient_reason(exc: BaseException) -> str | None:
    """Why EXC is worth retrying (a one-line reason), or None when it is not.

    boto3's upload_file turns a ClientError into S3UploadFailedError, so the chain of
    causes is searched too.
    """
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, _TRANSIENT_ERRORS):
            return f"{type(cur).__name__}: {_one_line(cur)}"
        if isinstance(cur, ClientError):
            code = _code(cur)
            status = cur.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
            if code in _TRANSIENT_CODES or int(status) >= 500:
                return f"{code or status}: {_one_line(cur)}"
            return None
        cur = cur.__cause__ or cur.__context__
    return None


def _retry_budget_s() -> float:
    text = os.environ.get(RETRY_BUDGET_ENV, "").strip()
    if not text:
        return DEFAULT_RETRY_BUDGET_S
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ValueError(f"{RETRY_BUDGET_ENV}={text!r} is not a number of seconds >= 0 (unset it for the default)")
    return value


def open_store(spec: str | Path, client: Any | None = None) -> ObjectStore:
    """Open a --store/--out value: 's3://bucket/prefix' -> S3Store, a directory (or file://) -> LocalStore."""
    text = str(spec).strip()
    if not text:
        raise StoreUriError("empty store location")
    scheme, sep, rest = text.partition("://")
    if not sep:
        return LocalStore(Path(text))
    scheme = scheme.lower()
    if scheme == "file":
        if not rest.startswith("/"):
            raise StoreUriError(f"file:// store URI needs an absolute path: {text!r}")
        return LocalStore(Path(rest))
    if scheme not in ("s3", "s3a"):
        raise StoreUriError(
            f"unsupported store URI scheme {scheme!r} in {text!r} (use s3://bucket/prefix or a directory)"
        )
    if "?" in rest or "#" in rest:
        raise StoreUriError(f"store URI may not carry a query or fragment: {text!r}")
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise StoreUriError(f"store URI has no bucket: {text!r}")
    try:  # S3Store checks the bucket name and prefix; say which URI they came from
        return S3Store(bucket, prefix, client=client)
    except StoreUriError as exc:
        rule = " (buckets: 3-63 characters, lowercase letters, digits, '.' and '-')" if "bucket" in str(exc) else ""
        raise StoreUriError(f"{exc} in {text!r}{rule}") from exc
