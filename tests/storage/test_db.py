"""Job, chapter and lease records, on an SQLite file and on PostgreSQL (every test runs on both)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import socket
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from storage.db import Database, default_url, owner_id
from storage.errors import NotFoundError


@pytest.fixture
def db(any_db_url: str) -> Iterator[Database]:
    """A Database on a fresh SQLite file or PostgreSQL database (test ids 'sqlite' and 'postgres')."""
    database = Database(any_db_url)
    yield database
    database.dispose()


def _is_sqlite(db: Database) -> bool:
    return make_url(db.url).get_backend_name() == "sqlite"


def test_default_url(tmp_path: Path) -> None:
    assert default_url(tmp_path) == f"sqlite:///{tmp_path}/taleforge.db"


def test_job_lifecycle(db: Database, tmp_path: Path) -> None:
    src = tmp_path / "book.md"
    src.write_text("# Chapter 1\n\nHello.\n")
    job_id = db.create_job("book", src, title="A Book", author="An Author", settings={"profile": "acx"})
    assert len(job_id) == 32 and int(job_id, 16) >= 0
    if _is_sqlite(db):
        assert Path(make_url(db.url).database or "").is_file()

    job = db.get_job(job_id)
    assert job["status"] == "queued"
    assert job["source_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert job["settings"] == {"profile": "acx"}
    assert job["started_at"] is None
    created = datetime.fromisoformat(job["created_at"])
    assert created.tzinfo is not None and created.utcoffset() == UTC.utcoffset(None)

    db.start_job(job_id)
    assert db.get_job(job_id)["status"] == "running"
    db.upsert_chapter(job_id, 1, title="Chapter One", status="running", cache_key="k1")
    db.upsert_chapter(job_id, 0, title="Opening", status="queued")
    db.upsert_chapter(
        job_id, 1, status="done", duration_s=61.5, rms_db=-20.1, peak_db=-3.5,
        artifact_uri="s3://b/book/chapters/01-one.mp3", narrate_s=4.2, master_s=0.8,
    )  # fmt: skip
    chapters = db.chapters(job_id)
    assert [c["index"] for c in chapters] == [0, 1]
    one = chapters[1]
    assert one["title"] == "Chapter One" and one["status"] == "done" and one["cache_key"] == "k1"
    assert one["duration_s"] == 61.5 and one["peak_db"] == -3.5
    assert one["started_at"] and one["finished_at"] and one["finished_at"] >= one["started_at"]
    assert chapters[0]["started_at"] is None
    assert db.cached_chapter("k1")["artifact_uri"] == "s3://b/book/chapters/01-one.mp3"  # type: ignore[index]
    assert db.cached_chapter("nope") is None

    db.finish_job(job_id, "s3://b/book", audio_seconds=61.5)
    job = db.get_job(job_id)
    assert job["status"] == "done" and job["output_uri"] == "s3://b/book" and job["audio_seconds"] == 61.5
    assert job["finished_at"] >= job["started_at"] >= job["created_at"]
    json.dumps(job)  # JSON-ready as returned
    json.dumps(db.chapters(job_id))


def test_fail_job_and_list(db: Database, tmp_path: Path) -> None:
    ids = [db.create_job("book", tmp_path / f"missing-{i}.txt", title=f"T{i}") for i in range(3)]
    desc = db.create_job("describe", tmp_path / "d.vtt")
    db.start_job(ids[1])
    db.fail_job(ids[1], "bad chapter 3: TTS failed")
    job = db.get_job(ids[1])
    assert job["status"] == "failed" and job["error"] == "bad chapter 3: TTS failed" and job["finished_at"]
    assert job["source_sha256"] is None  # source not readable: no digest
    listed = db.list_jobs(limit=10)
    assert [j["id"] for j in listed] == [desc, *reversed(ids)]
    assert len(db.list_jobs(limit=2)) == 2
    assert [j["id"] for j in db.list_jobs(status="failed")] == [ids[1]]
    assert [j["kind"] for j in db.list_jobs(kind="describe")] == ["describe"]
    assert db.list_jobs(source_sha256="0" * 64) == []
    assert db.get_job(desc)["kind"] == "describe"


def test_errors_and_prefix_lookup(db: Database, tmp_path: Path) -> None:
    job_id = db.create_job("book", tmp_path / "x.txt")
    assert db.get_job(job_id[:8])["id"] == job_id
    with pytest.raises(NotFoundError):
        db.get_job("0" * 32)
    with pytest.raises(NotFoundError):
        db.start_job("nope")
    with pytest.raises(NotFoundError):
        db.upsert_chapter("nope", 0, status="running")
    with pytest.raises(ValueError):
        db.create_job("podcast", tmp_path / "x.txt")
    with pytest.raises(ValueError):
        db.upsert_chapter(job_id, 0, colour="red")
    with pytest.raises(ValueError):
        db.upsert_chapter(job_id, 0, status="exploded")
    assert db.chapters(job_id) == []


def test_survives_reopen_and_pickles_as_its_url(any_db_url: str, tmp_path: Path) -> None:
    first = Database(any_db_url)
    job_id = first.create_job("book", tmp_path / "b.txt", title="Persist")
    first.dispose()
    again = Database(any_db_url)
    assert again.get_job(job_id)["title"] == "Persist"
    clone = pickle.loads(pickle.dumps(again))
    assert clone.url == any_db_url and clone.get_job(job_id)["title"] == "Persist"
    assert pickle.loads(pickle.dumps(Database(any_db_url, retry_s=7))).retry_s == 7
    if make_url(any_db_url).get_backend_name() == "sqlite":
        with sqlite3.connect(make_url(any_db_url).database or "") as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.dispose()
    clone.dispose()


def test_repr_hides_the_password() -> None:
    db = Database("postgresql+psycopg://tf:hunter2@db.example:5432/taleforge")
    assert "hunter2" not in repr(db) and "hunter2" not in db.safe_url and "db.example" in repr(db)


def test_concurrent_chapter_writers(any_db_url: str, tmp_path: Path) -> None:
    """Several writers (as Ray actors would be) updating chapters of one job at once."""
    url = any_db_url
    job_id = Database(url).create_job("book", tmp_path / "b.txt")

    def worker(index: int) -> None:
        db = Database(url)  # own engine, like a separate process
        try:
            for step in range(10):
                db.upsert_chapter(job_id, index, status="running", narrate_s=float(step))
            db.upsert_chapter(job_id, index, status="done", duration_s=float(index))
        finally:
            db.dispose()

    with ThreadPoolExecutor(max_workers=6) as pool:
        for done in [pool.submit(worker, i) for i in range(6)]:
            done.result()  # re-raises a worker's error
    chapters = Database(url).chapters(job_id)
    assert [c["index"] for c in chapters] == list(range(6))
    assert all(c["status"] == "done" and c["narrate_s"] == 9.0 for c in chapters)


def test_in_memory_sqlite_works(tmp_path: Path) -> None:
    db = Database("sqlite://")  # in-memory
    job_id = db.create_job("book", tmp_path / "x.txt")
    db.upsert_chapter(job_id, 0, status="done")
    assert db.chapters(job_id)[0]["status"] == "done"


def test_update_and_delete_job(db: Database, tmp_path: Path) -> None:
    job_id = db.create_job("book", tmp_path / "x.txt")
    db.update_job(job_id, title="New", settings={"a": 1}, output_uri="file:///o", audio_seconds=3.5)
    job = db.get_job(job_id)
    assert job["title"] == "New" and job["settings"] == {"a": 1}
    assert job["output_uri"] == "file:///o" and job["audio_seconds"] == 3.5
    with pytest.raises(ValueError):
        db.update_job(job_id, colour="red")
    db.upsert_chapter(job_id, 0, status="done")
    db.delete_job(job_id)
    with pytest.raises(NotFoundError):
        db.get_job(job_id)
    assert db.list_jobs() == []


def test_claim_renew_release(db: Database) -> None:
    me, other = owner_id(), "elsewhere:1:abc"
    assert db.holder("chapter:1") is None
    assert db.claim("chapter:1", me, 30)
    assert db.claim("chapter:1", me, 30)  # already ours: renewed
    assert not db.claim("chapter:1", other, 30)
    held = db.holder("chapter:1")
    assert held is not None and held["owner"] == me and not held["expired"]
    assert held["expires_at"] > held["claimed_at"]
    before = held["expires_at"]
    db.renew(["chapter:1", "chapter:unknown"], me, 600)
    assert db.holder("chapter:1")["expires_at"] > before  # type: ignore[index]
    db.renew(["chapter:1"], other, 1)  # not other's lease: nothing changes
    assert db.holder("chapter:1")["owner"] == me  # type: ignore[index]
    db.release("chapter:1", other)  # not other's lease: still held
    assert db.holder("chapter:1") is not None
    db.release("chapter:1", me)
    assert db.holder("chapter:1") is None
    assert db.claim("chapter:1", other, 30)
    with pytest.raises(ValueError):
        db.claim("x" * 129, me, 30)
    with pytest.raises(ValueError):
        db.claim("k", me, 0)
    with pytest.raises(TypeError):
        db.renew("chapter:1", me, 30)


def test_owner_id_names_this_process() -> None:
    host, pid, token = owner_id().split(":")
    assert host == socket.gethostname() and pid == str(os.getpid()) and len(token) >= 8
    assert owner_id() == owner_id()
