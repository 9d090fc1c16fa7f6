"""LocalStore and S3Store (against a real SeaweedFS) behave the same."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from storage.errors import InvalidKeyError, NotFoundError, StorageError, StoreUriError
from storage.objectstore import (
    LocalStore,
    ObjectStore,
    S3Store,
    content_type_for,
    open_store,
)


def _raw_client() -> object:
    return boto3.session.Session().client("s3", config=Config(s3={"addressing_style": "path"}))


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    """Each test runs against a fresh LocalStore and a fresh S3Store."""
    if request.param == "local":
        yield LocalStore(tmp_path / "store")
    else:
        bucket = request.getfixturevalue("s3_bucket")
        yield open_store(f"s3://{bucket}/books/run1")


def test_roundtrip_list_exists_delete(store: ObjectStore, tmp_path: Path) -> None:
    src = tmp_path / "chapter.mp3"
    src.write_bytes(b"ID3" + bytes(range(256)) * 10)
    store.put_file(src, "book/chapters/01-intro.mp3")
    store.put_bytes(b'{"title": "T"}', "book/manifest.json")
    store.put_bytes(b"WEBVTT\n", "book/chapters/01-intro.vtt")
    store.put_bytes(b"other", "book-two/manifest.json")

    assert store.get_bytes("book/chapters/01-intro.mp3") == src.read_bytes()
    assert store.get_bytes("book/manifest.json") == b'{"title": "T"}'
    assert store.exists("book/manifest.json")
    assert not store.exists("book/missing.json")
    assert store.list("book/") == ["book/chapters/01-intro.mp3", "book/chapters/01-intro.vtt", "book/manifest.json"]
    assert store.list("book") == [
        "book-two/manifest.json",
        "book/chapters/01-intro.mp3",
        "book/chapters/01-intro.vtt",
        "book/manifest.json",
    ]
    assert store.list("book/chapters/01") == ["book/chapters/01-intro.mp3", "book/chapters/01-intro.vtt"]
    assert store.list("nothing/") == []

    store.put_bytes(b'{"title": "T2"}', "book/manifest.json")  # overwrite
    assert store.get_bytes("book/manifest.json") == b'{"title": "T2"}'

    store.delete(["book/chapters/01-intro.mp3", "book/chapters/01-intro.vtt", "book/never-was.txt"])
    assert store.list("book/") == ["book/manifest.json"]
    store.delete([])
    with pytest.raises(NotFoundError):
        store.get_bytes("book/chapters/01-intro.mp3")
    with pytest.raises(KeyError):  # NotFoundError is a KeyError too
        store.get_bytes("no/such.json")


BAD_KEYS = ["../escape.txt", "a/../../b", "/abs/path", "a//b", "a/./b", "", "dir/", "a\\b", "C:/x"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_keys_rejected(store: ObjectStore, key: str) -> None:
    with pytest.raises(InvalidKeyError):
        store.put_bytes(b"x", key)
    with pytest.raises(InvalidKeyError):
        store.get_bytes(key)


def test_local_store_never_writes_outside_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    store = LocalStore(root)
    for key in ("../outside.txt", "a/../../outside.txt"):
        with pytest.raises(InvalidKeyError):
            store.put_bytes(b"x", key)
    assert not (tmp_path / "outside.txt").exists()
    assert isinstance(InvalidKeyError("k"), ValueError)


def test_local_store_atomic_writes_leave_no_scratch(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    store.put_bytes(b"a" * 100_000, "x/y.wav")
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["y.wav"]
    # Scratch names (ours) are never reported as keys.
    (tmp_path / "x" / ".y.wav.tmp-abc123").write_bytes(b"partial")
    (tmp_path / ".book.partial-xyz").mkdir()
    (tmp_path / ".book.partial-xyz" / "manifest.json").write_bytes(b"{}")
    assert store.list() == ["x/y.wav"]
    store.delete(["x/y.wav"])
    assert not (tmp_path / "x" / "y.wav").exists()


def test_local_delete_prunes_empty_folders(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s")
    store.put_bytes(b"1", "a/b/c/d.txt")
    store.delete(["a/b/c/d.txt"])
    assert list((tmp_path / "s").iterdir()) == []


def test_content_types() -> None:
    assert content_type_for("a/b.mp3") == "audio/mpeg"
    assert content_type_for("b.M4B") == "audio/mp4"
    assert content_type_for("manifest.json") == "application/json"
    assert content_type_for("c.vtt").startswith("text/vtt")
    assert content_type_for("report.html").startswith("text/html")
    assert content_type_for("s.narration.wav") in ("audio/wav", "audio/x-wav")
    assert content_type_for("blob.unknownext") == "application/octet-stream"


def test_s3_content_type_and_layout(s3_bucket: str, tmp_path: Path) -> None:
    store = S3Store(s3_bucket, "pub/x")
    files = {"b.mp3": "audio/mpeg", "b.m4b": "audio/mp4", "m.json": "application/json", "c.vtt": "text/vtt",
             "r.html": "text/html", "s.wav": "audio/wav"}  # fmt: skip
    for name in files:
        (tmp_path / name).write_bytes(b"data")
        store.put_file(tmp_path / name, f"book/{name}")
    store.put_bytes(b"{}", "book/explicit.bin", content_type="application/x-custom")
    client = _raw_client()
    for name, ctype in files.items():
        head = client.head_object(Bucket=s3_bucket, Key=f"pub/x/book/{name}")  # type: ignore[attr-defined]
        assert head["ContentType"].startswith(ctype), name
    head = client.head_object(Bucket=s3_bucket, Key="pub/x/book/explicit.bin")  # type: ignore[attr-defined]
    assert head["ContentType"] == "application/x-custom"
    assert store.uri == f"s3://{s3_bucket}/pub/x"
    assert store.uri_for("book/b.mp3") == f"s3://{s3_bucket}/pub/x/book/b.mp3"
    assert store.head("book/b.mp3")["size"] == 4


def test_s3_multipart_upload(s3_bucket: str, tmp_path: Path) -> None:
    big = tmp_path / "book.m4b"
    big.write_bytes(bytes(range(256)) * (4096 * 18))  # 18 MiB > 8 MiB threshold: multipart
    store = S3Store(s3_bucket)
    store.put_file(big, "book/book.m4b")
    assert store.get_bytes("book/book.m4b") == big.read_bytes()
    uploads = _raw_client().list_multipart_uploads(Bucket=s3_bucket)  # type: ignore[attr-defined]
    assert not uploads.get("Uploads")


def test_s3_missing_bucket_reads_as_empty(s3_bucket: str) -> None:
    store = S3Store(s3_bucket, "p")
    assert store.list() == []
    assert not store.exists("a.json")
    with pytest.raises(NotFoundError):
        store.get_bytes("a.json")
    store.delete(["a.json"])


def test_s3_unreachable_endpoint_is_storage_error(monkeypatch: pytest.MonkeyPatch, s3_bucket: str) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9")  # discard port: refused
    client = boto3.session.Session().client(
        "s3", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, connect_timeout=1)
    )
    store = S3Store(s3_bucket, client=client, retry_budget_s=0.5)
    with pytest.raises(StorageError, match=f"s3://{s3_bucket}"):
        store.put_bytes(b"x", "a.txt")
    with pytest.raises(StorageError, match=f"list of s3://{s3_bucket}/"):
        store.list()


def test_s3_store_pickles_without_client(s3_bucket: str) -> None:
    store = S3Store(s3_bucket, "p")
    store.put_bytes(b"1", "k.txt")
    clone = pickle.loads(pickle.dumps(store))
    assert clone.get_bytes("k.txt") == b"1"


@pytest.mark.parametrize(
    "spec",
    [
        "s3://",
        "s3:///prefix",
        "s3://Bad_Bucket/x",
        "s3://ab/x",
        "s3://" + "a" * 64,
        "s3://-bucket/x",
        "s3://bucket/../x",
        "s3://bucket/a/./b",
        "s3://bucket/a//b",
        "s3://bucket/p?versionId=1",
        "gs://bucket/prefix",
        "http://example.com/x",
        "file://relative/dir",
        "",
    ],
)
def test_bad_store_uris(spec: str) -> None:
    with pytest.raises(StoreUriError) as info:
        open_store(spec)
    assert isinstance(info.value, ValueError)


def test_open_store_kinds(tmp_path: Path) -> None:
    s3 = open_store("s3://my-bucket/books/2024/")
    assert isinstance(s3, S3Store) and s3.bucket == "my-bucket" and s3.prefix == "books/2024"
    assert s3.uri == "s3://my-bucket/books/2024"
    bare = open_store("S3://my-bucket")
    assert isinstance(bare, S3Store) and bare.prefix == "" and bare.uri == "s3://my-bucket"
    local = open_store(str(tmp_path / "out"))
    assert isinstance(local, LocalStore) and local.root == tmp_path / "out"
    assert isinstance(open_store(f"file://{tmp_path}"), LocalStore)
    assert isinstance(local, ObjectStore) and isinstance(s3, ObjectStore)


def test_s3_uses_credentials_from_environment(monkeypatch: pytest.MonkeyPatch, s3_bucket: str) -> None:
    """The test server checks signatures, so the AWS variables really are what S3Store signs with."""
    S3Store(s3_bucket).put_bytes(b"ok", "a.txt")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    with pytest.raises(StorageError, match=r"SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId|403"):
        S3Store(s3_bucket).put_bytes(b"x", "b.txt")
