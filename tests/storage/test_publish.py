"""publish_tree: complete books or nothing, manifest last."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.errors import StorageError, UploadError
from storage.objectstore import LocalStore, ObjectStore, S3Store
from storage.publish import publish_tree


def make_book(root: Path, n_chapters: int = 3, tag: str = "v1") -> Path:
    """A small book folder with the documented layout."""
    book = root / "my-book"
    (book / "chapters").mkdir(parents=True)
    (book / "timeline").mkdir()
    (book / "my-book.m4b").write_bytes(b"m4b-" + tag.encode())
    for i in range(1, n_chapters + 1):
        (book / "chapters" / f"{i:02d}-ch.mp3").write_bytes(f"mp3 {i} {tag}".encode())
        (book / "chapters" / f"{i:02d}-ch.vtt").write_text(f"WEBVTT\n\n{tag}\n")
        (book / "timeline" / f"{i:02d}-ch.json").write_text(json.dumps({"i": i}))
    (book / "report.html").write_text(f"<html>{tag}</html>")
    (book / "manifest.json").write_text(json.dumps({"title": "My Book", "tag": tag}))
    return book


def expected_keys(book: Path, prefix: str) -> list[str]:
    return sorted(f"{prefix}/{p.relative_to(book).as_posix()}" for p in book.rglob("*") if p.is_file())


class RecordingLocal(LocalStore):
    """Remembers the order of puts."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.order: list[str] = []

    def put_file(self, local_path: Path, key: str) -> None:
        self.order.append(key.rsplit("/", 1)[-1])
        super().put_file(local_path, key)


class FailingLocal(LocalStore):
    """Raises on the Nth put, like a full disk."""

    def __init__(self, root: Path, fail_at: int = 3) -> None:
        super().__init__(root)
        self.puts = 0
        self.fail_at = fail_at

    def put_file(self, local_path: Path, key: str) -> None:
        self.puts += 1
        if self.puts == self.fail_at:
            raise OSError(28, "No space left on device")
        super().put_file(local_path, key)


class FailingS3(S3Store):
    """Raises on the Nth put, like a dropped connection."""

    def __init__(self, bucket: str, prefix: str, fail_at: int = 3) -> None:
        super().__init__(bucket, prefix)
        self.puts = 0
        self.fail_at = fail_at
        self.written: list[str] = []

    def put_file(self, local_path: Path, key: str) -> None:
        self.puts += 1
        if self.puts == self.fail_at:
            raise StorageError("connection reset by peer")
        super().put_file(local_path, key)
        self.written.append(key)


def _no_hidden_leftovers(root: Path) -> None:
    leftovers = [p for p in root.rglob(".*")]
    assert leftovers == [], leftovers


def test_publish_local(tmp_path: Path) -> None:
    book = make_book(tmp_path / "work")
    store = RecordingLocal(tmp_path / "out")
    keys = publish_tree(book, store, "library/my-book")
    assert sorted(keys) == expected_keys(book, "library/my-book")
    assert keys[-1] == "library/my-book/manifest.json"
    assert store.order[-1] == "manifest.json"
    assert store.list("library/") == expected_keys(book, "library/my-book")
    assert (tmp_path / "out" / "library" / "my-book" / "chapters" / "02-ch.mp3").read_bytes() == b"mp3 2 v1"
    _no_hidden_leftovers(tmp_path / "out")


def test_publish_local_replaces_older_version(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "out")
    publish_tree(make_book(tmp_path / "w1", n_chapters=4, tag="v1"), store, "my-book")
    book2 = make_book(tmp_path / "w2", n_chapters=2, tag="v2")
    publish_tree(book2, store, "my-book")
    assert store.list("my-book/") == expected_keys(book2, "my-book")  # chapters 3-4 gone
    assert json.loads(store.get_bytes("my-book/manifest.json"))["tag"] == "v2"
    assert (tmp_path / "out" / "my-book").stat().st_mode & 0o777 == 0o755
    _no_hidden_leftovers(tmp_path / "out")


def test_publish_local_failure_leaves_nothing(tmp_path: Path) -> None:
    book = make_book(tmp_path / "work")
    store = FailingLocal(tmp_path / "out", fail_at=3)
    with pytest.raises(UploadError) as info:
        publish_tree(book, store, "my-book")
    assert "No space left" in str(info.value)
    assert info.value.key.startswith("my-book/")
    assert store.list() == []
    assert not (tmp_path / "out" / "my-book").exists()
    _no_hidden_leftovers(tmp_path / "out")
    # Nested destination: no empty parent folders left behind either.
    store.puts = 0
    with pytest.raises(UploadError):
        publish_tree(book, store, "library/2024/my-book")
    assert not (tmp_path / "out" / "library").exists()


def test_publish_local_failure_keeps_older_version(tmp_path: Path) -> None:
    store = FailingLocal(tmp_path / "out", fail_at=10_000)
    v1 = make_book(tmp_path / "w1", tag="v1")
    publish_tree(v1, store, "my-book")
    store.puts, store.fail_at = 0, 3
    with pytest.raises(UploadError):
        publish_tree(make_book(tmp_path / "w2", tag="v2"), store, "my-book")
    assert store.list() == expected_keys(v1, "my-book")
    assert json.loads(store.get_bytes("my-book/manifest.json"))["tag"] == "v1"
    _no_hidden_leftovers(tmp_path / "out")


def test_publish_s3(s3_bucket: str, tmp_path: Path) -> None:
    book = make_book(tmp_path / "work")
    store = S3Store(s3_bucket, "books")
    keys = publish_tree(book, store, "my-book")
    assert keys[-1] == "my-book/manifest.json"
    assert store.list() == expected_keys(book, "my-book")
    assert store.get_bytes("my-book/chapters/03-ch.mp3") == b"mp3 3 v1"
    # A second, shorter version replaces the first entirely.
    book2 = make_book(tmp_path / "work2", n_chapters=1, tag="v2")
    publish_tree(book2, store, "my-book")
    assert store.list() == expected_keys(book2, "my-book")
    assert json.loads(store.get_bytes("my-book/manifest.json"))["tag"] == "v2"


def test_publish_s3_failure_leaves_nothing(s3_bucket: str, tmp_path: Path) -> None:
    book = make_book(tmp_path / "work")
    store = FailingS3(s3_bucket, "books", fail_at=3)
    with pytest.raises(UploadError) as info:
        publish_tree(book, store, "my-book")
    assert len(store.written) == 2
    assert "connection reset" in info.value.reason
    assert info.value.key.startswith("my-book/")
    assert info.value.key in str(info.value)
    assert store.list() == []
    assert not store.exists("my-book/manifest.json")


def test_publish_rejects_bad_input(tmp_path: Path) -> None:
    store: ObjectStore = LocalStore(tmp_path / "out")
    with pytest.raises(UploadError):
        publish_tree(tmp_path / "missing", store, "b")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UploadError):
        publish_tree(tmp_path / "empty", store, "b")
    with pytest.raises(UploadError):
        publish_tree(make_book(tmp_path / "w"), store, "../escape")
    assert not (tmp_path / "escape").exists()
