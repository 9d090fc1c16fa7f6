"""Producing a book's chapters on Ray: narrators and mixers, bounded in flight, finished chapters cached."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from flows.cluster import decoder_gpu_share, pool_size
from flows.settings import SOFTWARE_VERSION, ProduceSettings
from models.manuscript.slug import slugify
from models.manuscript.types import Chapter, Manuscript
from models.narration import Credits, Voicing
from models.render import RenderedChapter
from storage.db import Database

__all__ = ["ChapterDone", "ChapterJob", "Leases", "plan_chapters", "produce_chapters", "run_owner"]

log = logging.getLogger(__name__)

DONE_FILE = "done.json"
LEASE_S = 60.0  # a chapter's lease in the database, renewed while it is being produced
WAIT_POLL_S = 2.0  # how often a chapter leased by another worker is looked at again
GROW_EVERY_S = 5.0  # how often a run with chapters queued looks for CPUs (GPUs) that joined the cluster


@dataclass(frozen=True)
class ChapterJob:
    """One chapter to produce: what to read and where its finished files are kept."""

    chapter: Chapter
    name: str  # "01-down-the-rabbit-hole"
    opening: Credits | None
    closing: bool
    cache_key: str
    cache_dir: Path


@dataclass(frozen=True)
class ChapterDone:
    """A finished chapter, fresh or reused from the cache."""

    job: ChapterJob
    rendered: RenderedChapter
    narrate_s: float
    master_s: float
    reused: bool
    resumed_lines: int = 0  # lines taken from the checkpoint of an interrupted attempt


def _name(chapter: Chapter, total: int) -> str:
    width = max(2, len(str(total)))
    return f"{chapter.index:0{width}d}-{slugify(chapter.title)}"


def _key(chapter: Chapter, opening: Credits | None, closing: bool, settings: ProduceSettings,
         voicing: dict[str, object]) -> str:
    data = {
        "voicing": voicing,
        "title": chapter.title,
        "part": chapter.part,
        "paragraphs": chapter.paragraphs,
        "opening": asdict(opening) if opening else None,
        "closing": closing,
        "settings": settings.audio_key(),
        "version": SOFTWARE_VERSION,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]


def plan_chapters(book: Manuscript, credits: Credits, settings: ProduceSettings, voicing: Voicing,
                  cache_root: Path) -> list[ChapterJob]:
    """Name every chapter and key it by its content, the audio settings and the book's voicing."""
    total = len(book.chapters)
    jobs = []
    voiced = voicing.describe()
    for n, chapter in enumerate(book.chapters):
        opening = credits if n == 0 else None
        closing = n == total - 1
        key = _key(chapter, opening, closing, settings, voiced)
        jobs.append(ChapterJob(chapter, _name(chapter, total), opening, closing, key, cache_root / key))
    return jobs


def _cached(job: ChapterJob, keep_stems: bool) -> ChapterDone | None:
    done = job.cache_dir / DONE_FILE
    if not done.is_file():
        return None
    data = json.loads(done.read_text(encoding="utf-8"))
    rendered = RenderedChapter(**{**data["rendered"], "stems": tuple(data["rendered"]["stems"])})
    if keep_stems and not rendered.stems:
        return None
    if not all(Path(p).is_file() for p in (rendered.mp3, rendered.vtt, rendered.timeline, *rendered.stems)):
        return None
    return ChapterDone(job, rendered, data["narrate_s"], data["master_s"], reused=True)


def checkpoint_dir(job: ChapterJob) -> Path:
    """Where a chapter's voiced lines are kept while it is being produced."""
    return job.cache_dir.with_name(job.cache_dir.name + ".lines")


def run_owner() -> str:
    """A lease owner for one run: this process (host and pid, for liveness) and a token of the run's own,
    so that two runs in one process (books of a batch) do not share leases."""
    from storage.db import owner_id

    return f"{owner_id()}:{uuid.uuid4().hex[:8]}"


class Leases:
    """The chapters this run holds in the database, so that no other worker produces them at the same time.

    A lease lasts `ttl_s` unless renewed; the run renews its leases while it works, so a run that dies
    lets its chapters go when the lease runs out (or at once, on the same machine, once its process is gone).
    """

    def __init__(self, db: Database | None, ttl_s: float = LEASE_S) -> None:
        self.db = db
        self.ttl_s = ttl_s
        self.owner = run_owner()
        self.held: set[str] = set()
        self._renewed = time.monotonic()

    def take(self, key: str) -> bool:
        if self.db is None:
            return True
        if self.db.claim(key, self.owner, self.ttl_s):
            self.held.add(key)
            return True
        return False

    def keep(self) -> None:
        """Renew the held leases once a third of their time has passed."""
        if self.db is None or not self.held or time.monotonic() - self._renewed < self.ttl_s / 3:
            return
        self.db.renew(sorted(self.held), self.owner, self.ttl_s)
        self._renewed = time.monotonic()

    def drop(self, key: str) -> None:
        if self.db is not None and key in self.held:
            self.held.discard(key)
            self.db.release(key, self.owner)

    def drop_all(self) -> None:
        for key in sorted(self.held):
            try:
                self.drop(key)
            except Exception as exc:  # the lease runs out by itself; the run's own error matters more
                log.warning("could not release the lease on %s: %s", key, exc)


def _commit(job: ChapterJob, partial: Path, rendered: RenderedChapter, narrate_s: float, master_s: float,
            resumed_lines: int = 0) -> ChapterDone:
    """Move a freshly rendered chapter into its cache folder, then mark it done (the marker goes last)."""
    if job.cache_dir.exists():
        shutil.rmtree(job.cache_dir)
    partial.rename(job.cache_dir)

    def moved(path: str) -> str:
        return str(job.cache_dir / Path(path).name)

    rendered = RenderedChapter(
        **{**asdict(rendered), "mp3": moved(rendered.mp3), "vtt": moved(rendered.vtt),
           "timeline": moved(rendered.timeline), "stems": tuple(moved(s) for s in rendered.stems)}
    )
    record = {"rendered": asdict(rendered), "narrate_s": narrate_s, "master_s": master_s}
    tmp = job.cache_dir / (DONE_FILE + ".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.rename(job.cache_dir / DONE_FILE)
    shutil.rmtree(checkpoint_dir(job), ignore_errors=True)
    return ChapterDone(job, rendered, narrate_s, master_s, reused=False, resumed_lines=resumed_lines)


def produce_chapters(
    jobs: list[ChapterJob],
    settings: ProduceSettings,
    voicing: Voicing,
    *,
    requested_narrators: int = 0,
    share: float = 1.0,
    db: Database | None = None,
    on_start: Callable[[ChapterJob], None] = lambda job: None,
    on_done: Callable[[ChapterDone], None] = lambda done: None,
) -> list[ChapterDone]:
    """Produce every chapter not already in the cache, narrators and mixers working side by side.

    `share` is the part of the cluster this book may use (books of a batch run side by side). With
    `db`, each chapter is leased before it starts: a chapter another worker is producing is waited
    for and then reused from the cache, never produced twice at once.
    """
    import ray

    from actors.ambience import Ambience
    from actors.mixer import Mixer
    from actors.narrator import Narrator

    results: dict[int, ChapterDone] = {}
    todo: list[ChapterJob] = []
    for job in jobs:
        cached = _cached(job, settings.stems)
        if cached is None:
            todo.append(job)
        else:
            results[job.chapter.index] = cached
            on_done(cached)
    if not todo:
        return [results[j.chapter.index] for j in jobs]

    # Piper runs on CPU; engines that gain from a GPU (Coqui) ask Ray for one where the cluster has one.
    wants_gpu = any(v.engine.name != "piper" for v in voicing.casting.voices())
    size = pool_size(len(todo), requested_narrators, use_gpus=wants_gpu, share=share)
    narrator_cls = ray.remote(Narrator).options(num_cpus=1, num_gpus=size.narrator_gpus, max_restarts=2, max_task_retries=2)
    mixer_cls = ray.remote(Mixer).options(num_cpus=0, max_restarts=2, max_task_retries=2)

    def start_narrators() -> list[object]:
        return [narrator_cls.remote(voicing, size.narrator_threads, size.narrator_gpus > 0) for _ in range(size.narrators)]

    narrators = start_narrators()
    mixers = [mixer_cls.remote(settings.profile) for _ in range(size.mixers)]
    # Ambience is designed from the text alone, alongside the narration; one actor serves the mixers.
    designers = []
    if settings.ambience:
        decoder_gpus = decoder_gpu_share() if settings.sound.decoder_dir is not None else 0.0
        sound = replace(settings.sound, use_gpu=decoder_gpus > 0)
        designer_cls = ray.remote(Ambience).options(num_cpus=0, num_gpus=decoder_gpus, max_restarts=2,
                                                    max_task_retries=2)
        designers = [designer_cls.remote(sound)]
    log.info("%d narrator(s) x %d thread(s), %d mixer(s)", size.narrators, size.narrator_threads, size.mixers)

    idle = list(narrators)
    queue = list(reversed(todo))  # pop() takes the first chapter first
    waiting: list[ChapterJob] = []  # leased by another worker: reused once it is done
    narrating: dict[ray.ObjectRef, tuple[ChapterJob, object]] = {}
    mixing: dict[ray.ObjectRef, tuple[ChapterJob, Path]] = {}
    leases = Leases(db)
    n_mix = 0
    looked_at_cluster = time.monotonic()

    def grow() -> list[object]:
        """Narrators for CPUs (or GPUs) that joined the cluster since the pool was sized (an autoscaler's nodes)."""
        if requested_narrators:
            return []
        now = pool_size(len(queue) + len(narrating), use_gpus=wants_gpu, share=share,
                        gpu_per_narrator=size.narrator_gpus or None)
        if now.narrator_gpus != size.narrator_gpus or now.narrators <= len(narrators):
            return []
        more = [narrator_cls.remote(voicing, size.narrator_threads, size.narrator_gpus > 0)
                for _ in range(now.narrators - len(narrators))]
        log.info("the cluster grew: %d more narrator(s), %d in all", len(more), len(narrators) + len(more))
        return more

    def settle(done: ChapterDone) -> None:
        results[done.job.chapter.index] = done
        on_done(done)

    try:
        while queue or waiting or narrating or mixing:
            if queue and not narrators:  # given back while only waiting on others: take them again
                narrators = start_narrators()
                idle = list(narrators)
            # Keep every narrator busy; at most one finished stem per narrator waits for a mixer.
            while idle and queue and len(mixing) <= len(narrators):
                job = queue.pop()
                cached = _cached(job, settings.stems)  # finished meanwhile by another worker
                if cached is not None:
                    settle(cached)
                    continue
                if not leases.take(job.cache_key):
                    waiting.append(job)
                    continue
                narrator = idle.pop()
                for stale in job.cache_dir.parent.glob(f"{job.cache_dir.name}.partial-*"):  # a dead run's, ours now
                    shutil.rmtree(stale, ignore_errors=True)
                partial = job.cache_dir.with_name(f"{job.cache_dir.name}.partial-{uuid.uuid4().hex[:8]}")
                stem_ref = narrator.narrate.remote(job.chapter, job.opening, job.closing, str(checkpoint_dir(job)))
                sound_ref = designers[0].design.remote(job.chapter, job.opening, job.closing) if designers else None
                mixer = mixers[n_mix % len(mixers)]
                n_mix += 1
                mix_ref = mixer.finish.remote(stem_ref, sound_ref, str(partial), job.name, settings.stems)
                narrating[stem_ref] = (job, narrator)
                mixing[mix_ref] = (job, partial)
                on_start(job)
            if not narrating and not mixing:
                if not queue and waiting:  # only chapters other workers hold: look again shortly
                    # Idle narrators go back to the cluster meanwhile: the worker holding those chapters
                    # may be waiting for the very CPUs (or GPUs) they sit on.
                    for actor in narrators:
                        ray.kill(actor)
                    narrators, idle = [], []
                    time.sleep(WAIT_POLL_S)
                    still = []
                    for job in waiting:
                        cached = _cached(job, settings.stems)
                        if cached is not None:
                            settle(cached)
                        elif leases.take(job.cache_key):  # its worker gave it up (or died): ours now
                            queue.insert(0, job)
                        else:
                            still.append(job)
                    waiting = still
                continue
            ready, _ = ray.wait([*narrating, *mixing], num_returns=1, timeout=min(leases.ttl_s / 3, GROW_EVERY_S))
            leases.keep()
            if queue and narrators and time.monotonic() - looked_at_cluster >= GROW_EVERY_S:
                looked_at_cluster = time.monotonic()
                more = grow()
                narrators, idle = [*narrators, *more], [*idle, *more]
            if not ready:
                if waiting:
                    queue, waiting = [*queue, *reversed(waiting)], []
                continue
            ref = ready[0]
            if ref in narrating:
                job, narrator = narrating.pop(ref)
                idle.append(narrator)
                if waiting and not queue:
                    queue, waiting = list(reversed(waiting)), []
                continue
            job, partial = mixing.pop(ref)
            rendered, narrate_s, master_s, resumed = ray.get(ref)
            settle(_commit(job, partial, rendered, narrate_s, master_s, resumed))
            leases.drop(job.cache_key)
    finally:
        for _, partial in mixing.values():
            shutil.rmtree(partial, ignore_errors=True)
        for actor in (*narrators, *mixers, *designers):
            ray.kill(actor)
        leases.drop_all()
    return [results[j.chapter.index] for j in jobs]
