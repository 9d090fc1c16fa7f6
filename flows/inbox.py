"""The inbox flow: every new manuscript under an inbox (S3 prefix or folder) produced as a book, unattended.

One pass lists the inbox, produces the new manuscripts a few books at a time (each book's chapters
spread over its share of the cluster), and moves each manuscript to `processed/` (with a receipt) or
to `failed/` (with the reason). A manuscript already produced with the same settings, keyed by its
content, is not produced again. `serve` runs the pass on a schedule through a Prefect server.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.chapters import run_owner
from flows.produce import JOB_LEASE_S, produce_book
from flows.settings import ProduceSettings, environment
from models.errors import InputError
from models.manuscript import SUPPORTED_EXTENSIONS, read_manuscript
from storage.db import Database
from storage.objectstore import ObjectStore, open_store

__all__ = ["BatchOptions", "inbox_pass", "pending", "run_inbox", "serve_inbox"]

log = logging.getLogger(__name__)

PROCESSED = "processed"
FAILED = "failed"


@dataclass(frozen=True)
class BatchOptions:
    """What every book of a batch is produced with (JSON-able, so a schedule can carry it)."""

    profile: str = "acx"
    ambience: bool = True
    stems: bool = False
    narrator: str = "a synthetic voice"
    parallel: int = 2  # books produced side by side

    def settings(self) -> ProduceSettings:
        return ProduceSettings(profile=self.profile, ambience=self.ambience, stems=self.stems, narrator=self.narrator)


def pending(inbox: ObjectStore) -> list[str]:
    """Manuscripts waiting in the inbox: supported files outside processed/ and failed/, oldest name first."""
    keys = []
    for key in inbox.list(""):
        top = key.split("/", 1)[0]
        if top in (PROCESSED, FAILED) or PurePosixPath(key).name.startswith("."):
            continue
        if PurePosixPath(key).suffix.lower() in SUPPORTED_EXTENSIONS:
            keys.append(key)
    return sorted(keys)


def _move(inbox: ObjectStore, key: str, folder: str, note_name: str, note: bytes) -> str:
    """Move KEY under FOLDER (never over an earlier file of the same name), with a note beside it."""
    name = PurePosixPath(key).name
    target = f"{folder}/{name}"
    if inbox.exists(target):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = f"{folder}/{PurePosixPath(name).stem}-{stamp}{PurePosixPath(name).suffix}"
    inbox.put_bytes(inbox.get_bytes(key), target)
    inbox.put_bytes(note, f"{target}.{note_name}")
    inbox.delete([key])
    return target


def _already_produced(db: Database, sha256: str, settings: ProduceSettings) -> dict | None:
    """The newest finished job of this very manuscript (by content) made with the same chosen settings
    (a newer build of taleforge does not count as a change: the book is not made again for it)."""

    def chosen(data: dict) -> dict:
        return {k: v for k, v in data.items() if k != "audio_key"}

    wanted = chosen(json.loads(json.dumps(settings.as_dict(), sort_keys=True, default=str)))
    for job in db.list_jobs(limit=1000, status="done", source_sha256=sha256, kind="book"):
        if chosen(job["settings"]) == wanted:
            return job
    return None


def _reason(exc: BaseException, local: str, where: str) -> str:
    """One line saying why, naming the manuscript where the publisher put it, not our scratch copy."""
    text = str(exc).replace(local, where).strip().splitlines()
    first = text[0] if text else ""
    if isinstance(exc, InputError):
        return first[:500]
    return f"{type(exc).__name__}: {first}"[:500]


@task(cache_policy=NO_CACHE)
def produce_entry(inbox_spec: str, key: str, store: str, options: BatchOptions) -> dict[str, object]:
    """Produce one inbox manuscript and file it under processed/ or failed/; never raises for a bad book."""
    from storage.db import sha256_file

    env = environment()
    db = Database(env.db_url)
    inbox = open_store(inbox_spec)
    settings = options.settings()
    scratch = env.scratch_dir / "inbox" / uuid.uuid4().hex
    local = scratch / PurePosixPath(key).name
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        local.write_bytes(inbox.get_bytes(key))
        sha = sha256_file(local)
        lease, owner = f"inbox:{sha}:{settings.audio_key()}", run_owner()
        if not db.claim(lease, owner, JOB_LEASE_S):
            return {"key": key, "status": "busy", "reason": "another worker is producing it"}
        try:
            earlier = _already_produced(db, sha, settings)
            if earlier is not None:
                receipt = {"status": "already produced", "job": earlier["id"], "uri": earlier["output_uri"]}
                moved = _move(inbox, key, PROCESSED, "json", json.dumps(receipt, indent=2).encode())
                return {"key": key, "status": "skipped", "job": earlier["id"], "uri": earlier["output_uri"], "moved": moved}
            try:
                read_manuscript(local)  # a bad manuscript is filed at once, without starting a book
                result = produce_book(str(local), store, settings, share=1.0 / max(1, options.parallel),
                                      source=inbox.uri_for(key))
            except Exception as exc:  # the book's own failure: filed with its reason, the batch goes on
                reason = _reason(exc, str(local), inbox.uri_for(key))
                moved = _move(inbox, key, FAILED, "error.txt", (reason + "\n").encode())
                get_run_logger().warning("%s failed: %s", key, reason)
                return {"key": key, "status": "failed", "reason": reason, "moved": moved}
            receipt = {"status": "produced", "job": result.job_id, "uri": result.uri, "title": result.title,
                       "chapters": result.chapters, "audio_s": round(result.audio_s, 1), "compliant": result.compliant}
            moved = _move(inbox, key, PROCESSED, "json", json.dumps(receipt, indent=2).encode())
            return {"key": key, "status": "produced", "job": result.job_id, "uri": result.uri, "moved": moved}
        finally:
            db.release(lease, owner)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _pass(inbox: str, store: str, options: BatchOptions) -> list[dict[str, object]]:
    keys = pending(open_store(inbox))
    logger = get_run_logger()
    logger.info("inbox %s: %d manuscript(s) waiting", inbox, len(keys))
    futures = [produce_entry.submit(inbox, key, store, options) for key in keys]
    results = [f.result() for f in futures]
    for r in results:
        logger.info("%s: %s %s", r["key"], r["status"], r.get("uri") or r.get("reason") or "")
    return results


@flow(name="inbox-batch", validate_parameters=False, log_prints=False)
def inbox_pass(inbox: str, store: str, options: dict[str, object] | None = None) -> list[dict[str, object]]:
    """One pass over the inbox (the flow a schedule runs)."""
    environment().prepare()
    return _pass(inbox, store, BatchOptions(**(options or {})))


def _flow_for(options: BatchOptions):  # type: ignore[no-untyped-def]
    return inbox_pass.with_options(task_runner=ThreadPoolTaskRunner(max_workers=max(1, options.parallel)))


def run_inbox(inbox: str, store: str, options: BatchOptions) -> list[dict[str, object]]:
    """One pass now, in this process."""
    from dataclasses import asdict

    return _flow_for(options)(inbox, store, asdict(options))  # type: ignore[no-any-return]


def serve_inbox(inbox: str, store: str, options: BatchOptions, *, cron: str | None = None,
                interval_s: float | None = None, name: str = "inbox") -> None:
    """Serve the inbox pass on a schedule until stopped (needs a Prefect server: PREFECT_API_URL).

    One pass at a time: a pass still running when the next is due delays it, never doubles it.
    Each pass runs in a process of its own and joins the Ray cluster (RAY_ADDRESS).
    """
    from dataclasses import asdict

    schedule: dict[str, object] = {"cron": cron} if cron else {"interval": interval_s}
    _flow_for(options).serve(name=name, parameters={"inbox": inbox, "store": store, "options": asdict(options)},
                             limit=1, global_limit=1, **schedule)
