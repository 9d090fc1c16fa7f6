"""Scheduled batches: an inbox of manuscripts produced unattended, each filed under processed/ or failed/."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from flows.inbox import BatchOptions, run_inbox
from flows.settings import environment
from storage.db import Database
from tests.books import write_book

REPO = Path(__file__).resolve().parents[2]
TALEFORGE = Path(sys.executable).with_name("taleforge")
pytestmark = pytest.mark.slow

QUICK = BatchOptions(ambience=False, parallel=2)


def chapters_in(book: Path) -> int:
    return len(json.loads((book / "manifest.json").read_text())["chapters"])


def test_a_batch_produces_every_new_book_and_files_each_manuscript(ray_cluster, prefect_harness, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inbox, store = tmp_path / "inbox", tmp_path / "books"
    write_book(inbox / "first.md", "The First Voyage", chapters=2, sentences=3)
    write_book(inbox / "second.md", "Second Harbour", chapters=3, sentences=3)
    (inbox / "broken.epub").write_bytes(b"this is not a zip archive")

    results = run_inbox(str(inbox), str(store), QUICK)

    assert {r["key"]: r["status"] for r in results} == {"first.md": "produced", "second.md": "produced",
                                                        "broken.epub": "failed"}
    assert chapters_in(store / "the-first-voyage") == 2 and chapters_in(store / "second-harbour") == 3
    assert (store / "second-harbour" / "second-harbour.m4b").stat().st_size > 0
    assert not [p for p in inbox.iterdir() if p.is_file()]  # nothing left waiting, nothing lost
    assert (inbox / "failed" / "broken.epub").read_bytes() == b"this is not a zip archive"
    reason = (inbox / "failed" / "broken.epub.error.txt").read_text()
    assert reason.count("\n") == 1 and "broken.epub" in reason and "EPUB" in reason and "scratch" not in reason
    receipt = json.loads((inbox / "processed" / "first.md.json").read_text())
    assert receipt["status"] == "produced" and receipt["uri"] == str(store / "the-first-voyage")
    assert receipt["chapters"] == 2 and receipt["compliant"]
    db = Database(environment().db_url)
    jobs = db.list_jobs()
    assert sorted(j["status"] for j in jobs) == ["done", "done"]
    assert sorted(j["source_path"] for j in jobs) == [str(inbox / "first.md"), str(inbox / "second.md")]

    # The same manuscript dropped in again under another name is recognised by its content.
    shutil.copy(inbox / "processed" / "first.md", inbox / "first-again.md")
    again = run_inbox(str(inbox), str(store), QUICK)
    assert [(r["key"], r["status"]) for r in again] == [("first-again.md", "skipped")]
    assert len(db.list_jobs()) == 2
    assert json.loads((inbox / "processed" / "first-again.md.json").read_text())["status"] == "already produced"
    assert run_inbox(str(inbox), str(store), QUICK) == []  # an empty inbox is a quiet pass


def test_an_s3_inbox_is_produced_into_s3(ray_cluster, prefect_harness, s3_endpoint, s3_bucket, tmp_path) -> None:  # type: ignore[no-untyped-def]
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    s3.create_bucket(Bucket=s3_bucket)
    book = write_book(tmp_path / "tide.md", "Tide Tables", chapters=2, sentences=2)
    s3.upload_file(str(book), s3_bucket, "inbox/tide.md")

    results = run_inbox(f"s3://{s3_bucket}/inbox", f"s3://{s3_bucket}/books", QUICK)

    assert [(r["key"], r["status"]) for r in results] == [("tide.md", "produced")]
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=s3_bucket)["Contents"]}
    assert {"books/tide-tables/manifest.json", "books/tide-tables/tide-tables.m4b", "inbox/processed/tide.md",
            "inbox/processed/tide.md.json"} <= keys
    assert "inbox/tide.md" not in keys
    manifest = json.loads(s3.get_object(Bucket=s3_bucket, Key="books/tide-tables/manifest.json")["Body"].read())
    assert len(manifest["chapters"]) == 2


def test_serve_runs_the_inbox_on_its_schedule_unattended(tmp_path: Path) -> None:
    """`taleforge serve` with its own Prefect server: books dropped in the inbox come out as books."""
    inbox, store = tmp_path / "inbox", tmp_path / "books"
    write_book(inbox / "one.md", "Night Ferry", chapters=2, sentences=2)
    write_book(inbox / "two.md", "Morning Market", chapters=2, sentences=2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["TALEFORGE_HOME"] = str(tmp_path / "home")
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(TALEFORGE), "serve", "--inbox", str(inbox), "--store", str(store), "--interval", "5", "--no-ambience"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 600
        receipts: list[Path] = []
        while time.monotonic() < deadline and server.poll() is None:
            receipts = sorted((inbox / "processed").glob("*.json")) if (inbox / "processed").is_dir() else []
            if len(receipts) == 2:
                break
            time.sleep(2)
        assert server.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        assert [p.name for p in receipts] == ["one.md.json", "two.md.json"], (tmp_path / "serve.log").read_text()[-3000:]
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    assert chapters_in(store / "night-ferry") == 2 and chapters_in(store / "morning-market") == 2
    assert all(json.loads(p.read_text())["status"] == "produced" for p in receipts)


def test_serve_refuses_a_bad_schedule_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    done = subprocess.run([str(TALEFORGE), "serve", "--inbox", str(tmp_path / "inbox"), "--store", str(tmp_path / "b"),
                           "--cron", "every night"], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "TALEFORGE_HOME": str(tmp_path / "home")})
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--cron" in done.stderr and "every night" in done.stderr


def test_batch_refuses_a_missing_inbox_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([str(TALEFORGE), "batch", "--inbox", str(tmp_path / "nowhere"), "--store", str(tmp_path / "b")],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "TALEFORGE_HOME": str(tmp_path / "home")})
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "nowhere" in done.stderr and "not found" in done.stderr
