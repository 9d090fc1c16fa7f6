"""The Prefect flow `describe-media`: a description script voiced on a narrator actor, fitted, mixed, published.

The flow is the table of contents; the work is `models.describe.describe`. Cues are spoken by a Ray
narrator actor (the same actor class that reads books), reached through `RemoteVoice`, so a GPU
engine on a cluster serves description jobs as it serves books.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from models.manuscript.slug import slugify
from models.tts.base import EngineSpec, Utterance

from flows.cluster import connect
from flows.produce import publish
from flows.settings import environment
from storage.db import Database

__all__ = ["DescribeResult", "describe_media", "RemoteVoice"]

log = logging.getLogger(__name__)


class RemoteVoice:
    """The engine interface over a Ray narrator actor: `synthesize` runs on the actor."""

    def __init__(self, actor) -> None:  # type: ignore[no-untyped-def]
        import ray

        self._actor = actor
        self._ray = ray
        self.default_length_scale = ray.get(actor.default_length_scale.remote())
        self.voice_id = ray.get(actor.voice_id.remote())
        _, self.sample_rate = ray.get(actor.synthesize.remote("Ready."))

    def synthesize(self, text: str, utterance: Utterance | None = None) -> np.ndarray:
        audio, _ = self._ray.get(self._actor.synthesize.remote(text, utterance))
        return audio

    def close(self) -> None:
        self._ray.kill(self._actor)


@dataclass(frozen=True)
class DescribeResult:
    uri: str
    cues: int
    overflows: int
    output_s: float
    wall_s: float
    variant: str


@task(cache_policy=NO_CACHE)
def voice_fit_and_mix(descriptions: str, folder: Path, program: str | None, captions: str | None,
                      extended: bool, profile: str, engine: EngineSpec, ray_address: str | None):  # type: ignore[no-untyped-def]
    import ray

    from actors.narrator import Narrator
    from models.casting import Casting
    from models.describe import describe
    from models.narration import Voicing
    from models.voices import Voice

    connect(ray_address)
    narrator = Voice(engine=engine)
    actor = ray.remote(Narrator).options(num_cpus=1, max_restarts=1).remote(
        Voicing(casting=Casting(narrator=narrator, dialogue=narrator)), 1, False)
    voice = RemoteVoice(actor)
    try:
        return describe(descriptions, folder, program=program, captions=captions, extended=extended,
                        engine=voice, profile=profile)
    finally:
        voice.close()


@flow(name="describe-media", validate_parameters=False, log_prints=False)
def describe_media(descriptions: str, store: str, *, program: str | None = None, captions: str | None = None,
                   extended: bool = False, profile: str = "r128", engine: EngineSpec | None = None) -> DescribeResult:
    """Voice a description track, fit it into the programme's gaps, mix it, publish it, record the job."""
    started = time.perf_counter()
    env = environment()
    env.prepare()
    db = Database(env.db_url)
    name = Path(program).stem if program else Path(descriptions).stem
    slug = slugify(name) + ("-extended" if extended else "-described")
    settings = {"program": program, "captions": captions, "extended": extended, "profile": profile}
    job_id = db.create_job("describe", descriptions, title=name, settings=settings)
    db.start_job(job_id)
    folder = env.scratch_dir / job_id / slug
    try:
        result = voice_fit_and_mix(descriptions, folder, program, captions, extended, profile,
                                   engine or EngineSpec(), env.ray_address)
        uri = publish(folder, store, slug)
    except BaseException as exc:
        db.fail_job(job_id, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    db.finish_job(job_id, uri, result.output_s)
    get_run_logger().info("described %s: %d cues (%d overflow) at %s", name, len(result.placements),
                          len(result.overflows), uri)
    return DescribeResult(uri=uri, cues=len(result.placements), overflows=len(result.overflows),
                          output_s=result.output_s, wall_s=time.perf_counter() - started, variant=result.variant)
