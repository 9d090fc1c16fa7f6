"""Job and chapter records on an SQLite file."""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database, default_url
from storage.errors import NotFoundError


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(default_url(tmp_path / "home"))


def test_default_url(tmp_path: Path) -> None:
    assert default_url(tmp_path) == f"sqlite:///{tmp_path}/taleforge.db"


def test_job_lifecycle(db: Database, tmp_path: Path) -> None:
    src = tmp_path / "book.md"
    src.write_text("# Chapter 1\n\nHello.\n")
    job_id = db.create_job("book", src, title="A Book", author="An Author", settings={"profile": "acx"})
    assert len(job_id) == 32 and int(job_id, 16) >= 0
    assert (tmp_path / "home" / "taleforge.db").is_file()

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


def test_sqlite_is_wal_and_survives_reopen(tmp_path: Path) -> None:
    url = default_url(tmp_path)
    first = Database(url)
    job_id = first.create_job("book", tmp_path / "b.txt", title="Persist")
    first.dispose()
    again = Database(url)
    assert again.get_job(job_id)["title"] == "Persist"
    with sqlite3.connect(tmp_path / "taleforge.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    clone = pickle.loads(pickle.dumps(again))
    assert clone.get_job(job_id)["title"] == "Persist"


def test_concurrent_chapter_writers(tmp_path: Path) -> None:
    """Several writers (as Ray actors would be) updating chapters of one job at once."""
    url = default_url(tmp_path)
    job_id = Database(url).create_job("book", tmp_path / "b.txt")
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        db = Database(url)  # own engine, like a separate process
        try:
            for step in range(10):
                db.upsert_chapter(job_id, index, status="running", narrate_s=float(step))
            db.upsert_chapter(job_id, index, status="done", duration_s=float(index))
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    chapters = Database(url).chapters(job_id)
    assert [c["index"] for c in chapters] == list(range(6))
    assert all(c["status"] == "done" and c["narrate_s"] == 9.0 for c in chapters)


def test_other_urls_work(tmp_path: Path) -> None:
    db = Database("sqlite://")  # in-memory
    job_id = db.create_job("book", tmp_path / "x.txt")
    db.upsert_chapter(job_id, 0, status="done")
    assert db.chapters(job_id)[0]["status"] == "done"
