"""The produce flow: manuscript in, mastered audiobook out. Its body is the table of contents of the job."""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.chapters import (
    ChapterDone,
    ChapterJob,
    plan_chapters,
    produce_chapters,
    run_owner,
)
from flows.cluster import connect
from flows.package import assemble_book
from flows.progress import ChapterProgress
from flows.settings import Environment, ProduceSettings, environment
from models.manuscript import read_manuscript
from models.manuscript.slug import slugify
from models.manuscript.types import Manuscript
from models.narration import Credits, Voicing
from storage.db import Database, sha256_file
from storage.objectstore import open_store
from storage.publish import publish_tree

__all__ = ["BookResult", "produce_book"]

log = logging.getLogger(__name__)

JOB_LEASE_S = 7 * 24 * 3600.0  # a running job's lease on itself: released at its end, taken over once its process is gone


@dataclass(frozen=True)
class BookResult:
    """What a finished run hands back to the caller."""

    job_id: str
    uri: str
    title: str
    chapters: int
    audio_s: float
    reused: int
    compliant: bool
    wall_s: float
    resumed_lines: int = 0  # lines of half-done chapters taken from an interrupted run's checkpoints


@task(cache_policy=NO_CACHE)
def read_book(path: str) -> Manuscript:
    return read_manuscript(Path(path))


@task(cache_policy=NO_CACHE)
def narrate_and_master(
    jobs: list[ChapterJob], settings: ProduceSettings, voicing: Voicing, env: Environment, db: Database, job_id: str,
    show: bool, share: float = 1.0,
) -> list[ChapterDone]:
    connect(env.ray_address)
    with ChapterProgress(jobs, enabled=show) as progress:

        def started(job: ChapterJob) -> None:
            db.upsert_chapter(job_id, job.chapter.index, title=job.chapter.title, status="running",
                              cache_key=job.cache_key)
            progress.started(job)

        def finished(done: ChapterDone) -> None:
            m = done.rendered.measurement
            db.upsert_chapter(
                job_id, done.job.chapter.index, title=done.job.chapter.title, status="done",
                cache_key=done.job.cache_key, duration_s=done.rendered.duration_s, rms_db=m["rms_db"],
                peak_db=m["peak_db"], artifact_uri=done.rendered.mp3, narrate_s=done.narrate_s,
                master_s=done.master_s,
            )
            progress.finished(done)

        try:
            return produce_chapters(jobs, settings, voicing, requested_narrators=env.narrators, share=share, db=db,
                                    on_start=started, on_done=finished)
        except BaseException as exc:
            finished_ok = {c["index"] for c in db.chapters(job_id) if c["status"] == "done"}
            for job in jobs:
                if job.chapter.index not in finished_ok:
                    db.upsert_chapter(job_id, job.chapter.index, title=job.chapter.title, status="failed",
                                      error=f"{type(exc).__name__}: {exc}"[:2000])
            raise


@task(cache_policy=NO_CACHE)
def package(book: Manuscript, done: list[ChapterDone], folder: Path, slug: str, credits: Credits,
            settings: ProduceSettings) -> dict[str, object]:
    return assemble_book(book, done, folder=folder, slug=slug, title=credits.title, author=credits.author,
                         narrator=credits.narrator, profile=settings.profile)


@task(cache_policy=NO_CACHE)
def publish(folder: Path, store_spec: str, slug: str) -> str:
    """Upload the book folder; the store itself retries outages with backoff (TALEFORGE_S3_RETRY_S)."""
    store = open_store(store_spec)
    publish_tree(folder, store, slug)
    return store.uri_for(slug)  # type: ignore[attr-defined,no-any-return]


def _take_over_interrupted(db: Database, job_id: str, source_sha256: str | None, owner: str) -> None:
    """Close the records of earlier runs of this manuscript that died without saying so (killed, power lost).

    A running job holds a lease on itself; one whose lease can be taken has no live process behind it.
    Its finished chapters and voiced lines are in the cache, so this run picks its work up.
    """
    if source_sha256 is None:
        return
    for job in db.list_jobs(limit=1000, status="running", source_sha256=source_sha256):
        if job["id"] == job_id:
            continue
        key = f"job:{job['id']}"
        if db.claim(key, owner, JOB_LEASE_S):
            for chapter in db.chapters(job["id"]):
                if chapter["status"] in ("queued", "running"):
                    db.upsert_chapter(job["id"], chapter["index"], status="failed", error="interrupted")
            db.fail_job(job["id"], f"interrupted; resumed by job {job_id}")
            db.release(key, owner)


@flow(name="produce-book", validate_parameters=False, log_prints=False)
def produce_book(manuscript: str, store: str, settings: ProduceSettings, show_progress: bool = False,
                 share: float = 1.0, source: str | None = None) -> BookResult:
    """Read, narrate and master every chapter, package the book, publish it, record the job.

    `share` is the part of the cluster this book may use when several books run side by side; `source`
    is where the manuscript came from, for the job's record, when `manuscript` is a local copy of it.
    """
    started = time.perf_counter()
    env = environment()
    env.prepare()
    db = Database(env.db_url)
    book = read_book(manuscript)
    credits = Credits(
        title=settings.title or book.title or Path(manuscript).stem,
        author=settings.author or book.author or "Unknown author",
        narrator=settings.narrator,
    )
    slug = slugify(credits.title)
    job_id = db.create_job("book", source or manuscript, title=credits.title, author=credits.author,
                           settings=settings.as_dict(), source_sha256=sha256_file(manuscript))
    db.start_job(job_id)
    owner = run_owner()
    db.claim(f"job:{job_id}", owner, JOB_LEASE_S)
    _take_over_interrupted(db, job_id, db.get_job(job_id)["source_sha256"], owner)
    folder = env.scratch_dir / job_id / slug
    try:
        voicing = settings.voicing(book)
        jobs = plan_chapters(book, credits, settings, voicing, env.cache_dir / "chapters")
        done = narrate_and_master(jobs, settings, voicing, env, db, job_id, show_progress, share)
        manifest = package(book, done, folder, slug, credits, settings)
        uri = publish(folder, store, slug)
    except BaseException as exc:
        db.fail_job(job_id, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
        db.release(f"job:{job_id}", owner)
    audio_s = sum(d.rendered.duration_s for d in done)
    db.finish_job(job_id, uri, audio_s)
    get_run_logger().info("book %s: %d chapters, %.1f min of audio at %s", credits.title, len(done), audio_s / 60, uri)
    return BookResult(
        job_id=job_id, uri=uri, title=credits.title, chapters=len(done), audio_s=audio_s,
        reused=sum(d.reused for d in done), compliant=bool(manifest["compliant"]),
        resumed_lines=sum(d.resumed_lines for d in done),
        wall_s=time.perf_counter() - started,
    )
