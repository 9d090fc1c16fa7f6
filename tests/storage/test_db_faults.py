"""Faults and concurrency of the database: locks, outages, lease races and schema migrations."""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

import storage.db as dbmod
from storage.db import (
    MIGRATIONS,
    SCHEMA_REVISION,
    Base,
    Chapter,
    Database,
    Job,
    owner_id,
)
from storage.errors import StorageError
from tests.pgserver import PASSWORD, PostgresServer, postgres

# --- helpers ------------------------------------------------------------------------------------


def _sqlite_path(url: str) -> str:
    return make_url(url).database or ""


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _hold_sqlite_lock(path: str, hold_s: float, locked: threading.Event) -> None:
    """Hold an exclusive write lock on the SQLite file for HOLD_S seconds (another 'process')."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(hold_s)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _retry_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "storage.db" and r.levelno == logging.WARNING]


# --- (a) SQLite locked by another connection ----------------------------------------------------


@pytest.mark.parametrize("busy_s", [0.2, dbmod.SQLITE_BUSY_TIMEOUT_S], ids=["retry-loop", "busy-timeout"])
def test_sqlite_writes_wait_out_a_lock(busy_s: float, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    """Writes made while another connection holds the lock for 2 s land once it is released."""
    monkeypatch.setattr(dbmod, "SQLITE_BUSY_TIMEOUT_S", busy_s)
    caplog.set_level(logging.WARNING, logger="storage.db")
    url = f"sqlite:///{tmp_path / 'taleforge.db'}"
    db = Database(url, retry_s=30)
    job_id = db.create_job("book", tmp_path / "b.txt")
    locked = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock, args=(_sqlite_path(url), 2.0, locked))
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        second = db.create_job("book", tmp_path / "c.txt")
        db.upsert_chapter(job_id, 0, status="done", duration_s=1.0)
        waited = time.monotonic() - started
    finally:
        holder.join()
    assert waited >= 1.5  # it really waited for the lock
    assert db.get_job(second)["status"] == "queued"
    assert db.chapters(job_id)[0]["duration_s"] == 1.0
    if busy_s < 1:
        assert _retry_warnings(caplog) and "database is locked" in _retry_warnings(caplog)[0]
    db.dispose()


def test_sqlite_lock_beyond_the_budget_is_a_storage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "SQLITE_BUSY_TIMEOUT_S", 0.1)
    url = f"sqlite:///{tmp_path / 'taleforge.db'}"
    db = Database(url, retry_s=0.6)
    job_id = db.create_job("book", tmp_path / "b.txt")
    locked = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock, args=(_sqlite_path(url), 2.0, locked))
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        with pytest.raises(StorageError) as failure:
            db.upsert_chapter(job_id, 0, status="running")
        gave_up_after = time.monotonic() - started
    finally:
        holder.join()
    message = str(failure.value)
    assert "\n" not in message and str(tmp_path / "taleforge.db") in message and "database is locked" in message
    assert 0.4 <= gave_up_after < 2.5
    db.upsert_chapter(job_id, 0, status="running")  # fine again once the lock is gone
    db.dispose()


def test_retry_budget_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALEFORGE_DB_RETRY_S", "2.5")
    assert Database("sqlite://").retry_s == 2.5
    assert Database("sqlite://", retry_s=1).retry_s == 1
    monkeypatch.delenv("TALEFORGE_DB_RETRY_S")
    assert Database("sqlite://").retry_s == dbmod.DEFAULT_RETRY_S
    monkeypatch.setenv("TALEFORGE_DB_RETRY_S", "soon")
    with pytest.raises(ValueError, match="TALEFORGE_DB_RETRY_S"):
        Database("sqlite://")


def test_only_transient_errors_are_retried(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="storage.db")
    db = Database("sqlite://", retry_s=5)
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        return "ok"

    assert db._retrying(flaky) == "ok" and len(calls) == 3
    assert len(_retry_warnings(caplog)) == 2

    def broken() -> None:
        calls.append(1)
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: jobs.id"))

    calls.clear()
    with pytest.raises(StorageError, match="UNIQUE constraint failed"):
        db._retrying(broken)
    assert len(calls) == 1


def _wrapped(cls: type, orig: BaseException) -> Any:
    return cls("SELECT 1", {}, orig)


@pytest.mark.parametrize(
    ("backend", "error", "transient"),
    [
        ("sqlite", _wrapped(OperationalError, sqlite3.OperationalError("database is locked")), True),
        ("sqlite", _wrapped(OperationalError, sqlite3.OperationalError("database table is locked")), True),
        ("sqlite", _wrapped(OperationalError, sqlite3.OperationalError("no such table: jobs")), False),
        ("sqlite", _wrapped(IntegrityError, sqlite3.IntegrityError("UNIQUE constraint failed")), False),
        ("postgresql", _wrapped(OperationalError, psycopg.OperationalError(
            'connection failed: connection to server at "127.0.0.1", port 5 failed: Connection refused')), True),
        ("postgresql", _wrapped(OperationalError, psycopg.OperationalError(
            "consuming input failed: server closed the connection unexpectedly")), True),
        ("postgresql", _wrapped(OperationalError, psycopg.errors.AdminShutdown(
            "terminating connection due to administrator command")), True),
        ("postgresql", _wrapped(OperationalError, psycopg.errors.CannotConnectNow(
            "the database system is starting up")), True),
        ("postgresql", _wrapped(OperationalError, psycopg.errors.SerializationFailure("could not serialize")), True),
        ("postgresql", _wrapped(OperationalError, psycopg.OperationalError(
            'connection failed: FATAL:  password authentication failed for user "tf"')), False),
        ("postgresql", _wrapped(OperationalError, psycopg.OperationalError(
            'connection failed: FATAL:  database "nope" does not exist')), False),
        ("postgresql", _wrapped(IntegrityError, psycopg.errors.UniqueViolation("duplicate key")), False),
        ("postgresql", _wrapped(ProgrammingError, psycopg.errors.UndefinedTable('relation "x" does not exist')),
         False),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)  # fmt: skip
def test_transient_error_classification(backend: str, error: Any, transient: bool) -> None:
    assert dbmod._is_transient(error, backend) is transient


def test_backoff_grows_with_jitter_up_to_a_cap() -> None:
    delays = [dbmod._backoff_s(n) for n in range(12)]
    assert all(0 < d <= dbmod.BACKOFF_MAX_S for d in delays)
    assert delays[0] <= dbmod.BACKOFF_FIRST_S and delays[6] > delays[0]
    assert len({dbmod._backoff_s(3) for _ in range(20)}) > 1  # jittered


# --- (b) PostgreSQL down and up again -----------------------------------------------------------


@pytest.fixture(scope="module")
def outage_server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """A PostgreSQL server of this module's own, which the tests stop and start."""
    with postgres(postgres_server.bin_dir) as server:
        yield server


def test_postgres_restarted_within_the_budget(outage_server: PostgresServer, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    caplog.set_level(logging.WARNING, logger="storage.db")
    db = Database(outage_server.url, retry_s=60)
    job_id = db.create_job("book", tmp_path / "b.txt")
    outage_server.stop()
    restarter = threading.Timer(1.5, outage_server.start)
    restarter.start()
    try:
        db.upsert_chapter(job_id, 0, status="done", duration_s=2.0)  # waits for the server to come back
        second = db.create_job("book", tmp_path / "c.txt")
    finally:
        restarter.join()
        if not outage_server.running:
            outage_server.start()
    assert db.chapters(job_id)[0]["duration_s"] == 2.0 and db.get_job(second)["status"] == "queued"
    warnings = _retry_warnings(caplog)
    assert warnings and all(PASSWORD not in w for w in warnings)
    db.dispose()


def test_postgres_down_for_good_is_a_storage_error(outage_server: PostgresServer, tmp_path: Path) -> None:
    db = Database(outage_server.url, retry_s=1.0)
    job_id = db.create_job("book", tmp_path / "b.txt")
    outage_server.stop()
    try:
        started = time.monotonic()
        with pytest.raises(StorageError) as failure:
            db.get_job(job_id)
        gave_up_after = time.monotonic() - started
    finally:
        outage_server.start()
    message = str(failure.value)
    assert f"127.0.0.1:{outage_server.port}/taleforge" in message and "refused" in message.lower()
    assert PASSWORD not in message and "\n" not in message
    assert 0.8 <= gave_up_after < 5
    assert db.get_job(job_id)["id"] == job_id  # and back once the server is
    db.dispose()


def test_postgres_connections_killed_by_the_server_are_replaced(outage_server: PostgresServer,
                                                                tmp_path: Path) -> None:  # fmt: skip
    db = Database(outage_server.url, retry_s=30)
    job_id = db.create_job("book", tmp_path / "b.txt")
    outage_server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = 'taleforge' AND pid <> pg_backend_pid()")  # fmt: skip
    assert db.get_job(job_id)["id"] == job_id
    db.dispose()


def test_postgres_wrong_password_fails_at_once(outage_server: PostgresServer) -> None:
    url = outage_server.url.replace(PASSWORD, "not-the-password")
    started = time.monotonic()
    with pytest.raises(StorageError, match="password authentication failed") as failure:
        Database(url, retry_s=30).list_jobs()
    assert time.monotonic() - started < 5  # not retried
    assert "not-the-password" not in str(failure.value)


# --- (c) claims ---------------------------------------------------------------------------------


def test_claim_race_between_threads_has_one_winner(any_db_url: str) -> None:
    Database(any_db_url).migrate()
    workers = 8
    for round_ in range(3):
        key = f"chapter:race-{round_}"
        gate = threading.Barrier(workers)

        def contend(n: int, key: str = key, gate: threading.Barrier = gate) -> bool:
            db = Database(any_db_url)  # its own engine and connections, like another worker
            try:
                db.engine  # noqa: B018 (connect before the gate opens)
                gate.wait(timeout=30)
                return db.claim(key, f"race.example:{n}:w{n}", 60)  # another host: never judged dead
            finally:
                db.dispose()

        with ThreadPoolExecutor(max_workers=workers) as pool:
            wins = list(pool.map(contend, range(workers)))
        assert sum(wins) == 1, wins
        holder = Database(any_db_url).holder(key)
        assert holder is not None and holder["owner"].endswith(f":w{wins.index(True)}")


_OPEN_AND_CLAIM = """
import json, sys
from storage.db import Database, owner_id
print("ready", flush=True)
sys.stdin.readline()  # the go signal: every process starts at once
db = Database(sys.argv[1])
won = db.claim(sys.argv[2], owner_id(), 60)
print(json.dumps({"owner": owner_id(), "won": won, "revision": db.schema_revision()}), flush=True)
"""


def test_processes_opening_a_fresh_database_at_once(any_db_url: str) -> None:
    """Four processes open the same new database at once: one migrates, the others wait; one wins the lease."""
    repo = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-c", _OPEN_AND_CLAIM, any_db_url, "book:1"]
    children = [
        subprocess.Popen(command, cwd=repo, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        results = [json.loads(child.communicate(timeout=120)[0]) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    assert [r["won"] for r in results].count(True) == 1, results
    assert {r["revision"] for r in results} == {SCHEMA_REVISION}
    assert len({r["owner"] for r in results}) == 4
    winner = next(r["owner"] for r in results if r["won"])
    assert Database(any_db_url).holder("book:1")["owner"] == winner  # type: ignore[index]


def test_expired_lease_can_be_taken(any_db_url: str) -> None:
    db = Database(any_db_url)
    assert db.claim("chapter:7", "other-host:1:a", 0.2)
    assert not db.claim("chapter:7", "other-host:2:b", 60)
    time.sleep(0.3)
    assert db.holder("chapter:7")["expired"]  # type: ignore[index]
    assert db.claim("chapter:7", "other-host:2:b", 60)
    held = db.holder("chapter:7")
    assert held is not None and held["owner"] == "other-host:2:b" and not held["expired"]
    db.dispose()


def test_lease_of_a_dead_process_on_this_host_can_be_taken(any_db_url: str) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    dead_pid = int(gone.stdout)
    host = socket.gethostname()
    db = Database(any_db_url)
    assert db.claim("chapter:dead", f"{host}:{dead_pid}:zzz", 3600)
    assert db.claim("chapter:dead", owner_id(), 60)  # its process is gone: taken over at once
    # A live process of this host (even this one, under another token) keeps its lease...
    assert db.claim("chapter:live", f"{host}:{os.getpid()}:other", 3600)
    assert not db.claim("chapter:live", owner_id(), 60)
    # ...and a process on another host is never judged from here.
    assert db.claim("chapter:remote", f"elsewhere.example:{dead_pid}:zzz", 3600)
    assert not db.claim("chapter:remote", owner_id(), 60)
    db.dispose()


# --- (d) migrations -----------------------------------------------------------------------------


def test_schema_revision_constant_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_fresh_database_ends_at_head_and_matches_the_models(any_db_url: str) -> None:
    db = Database(any_db_url)
    assert db.list_jobs() == []
    assert db.schema_revision() == SCHEMA_REVISION
    assert {"jobs", "chapters", "claims", "alembic_version"} <= _tables(any_db_url)
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    db.dispose()


def test_create_all_era_database_is_stamped_and_upgraded(any_db_url: str, tmp_path: Path) -> None:
    old = create_engine(any_db_url)
    Base.metadata.create_all(old, tables=[Job.__table__, Chapter.__table__])  # type: ignore[list-item]
    with old.begin() as conn:
        conn.execute(text("DROP INDEX ix_jobs_source_sha256"))  # added by 0003: not there in that era
        conn.execute(text("INSERT INTO jobs (id, kind, source_path, status, settings_json, created_at) "
                          "VALUES ('0123456789abcdef0123456789abcdef', 'book', 'old.md', 'done', '{}', "
                          "'2024-05-01 12:00:00+00:00')"))  # fmt: skip
    old.dispose()
    assert "alembic_version" not in _tables(any_db_url)

    db = Database(any_db_url)
    assert db.get_job("01234567")["source_path"] == "old.md"  # the data survived
    assert db.schema_revision() == SCHEMA_REVISION and "claims" in _tables(any_db_url)
    assert db.claim("chapter:1", owner_id(), 60)
    db.dispose()


def test_downgrade_to_base_and_upgrade_again(any_db_url: str, tmp_path: Path) -> None:
    db = Database(any_db_url)
    db.create_job("book", tmp_path / "b.txt")
    db.migrate("0001")
    assert db.schema_revision() == "0001" and "claims" not in _tables(any_db_url)
    db.migrate("base")
    assert db.schema_revision() is None and not {"jobs", "chapters", "claims"} & _tables(any_db_url)
    db.migrate()
    assert db.schema_revision() == SCHEMA_REVISION
    assert db.list_jobs() == []
    db.create_job("book", tmp_path / "b.txt")
    assert db.claim("k", owner_id(), 5)
    db.dispose()


def test_threads_opening_a_fresh_database_at_once(any_db_url: str) -> None:
    workers = 6
    gate = threading.Barrier(workers)

    def open_it(_: int) -> str | None:
        db = Database(any_db_url)
        try:
            gate.wait(timeout=30)
            db.list_jobs()
            return db.schema_revision()
        finally:
            db.dispose()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        assert set(pool.map(open_it, range(workers))) == {SCHEMA_REVISION}


def test_opening_an_up_to_date_database_is_cheap(any_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Database(any_db_url).migrate()
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    def no_alembic(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an up-to-date database must not run Alembic")

    monkeypatch.setattr(dbmod, "_run_alembic", no_alembic)
    event.listen(Engine, "before_cursor_execute", count)
    try:
        db = Database(any_db_url)
        db.engine  # noqa: B018
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    migration_reads = [s for s in statements if "alembic_version" in s or "sqlite_master" in s or "pg_" in s]
    assert 1 <= len(migration_reads) <= 4, statements
    db.dispose()


def test_a_newer_schema_is_refused_clearly(any_db_url: str) -> None:
    Database(any_db_url).migrate()
    engine = create_engine(any_db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match="9999"):
        Database(any_db_url).list_jobs()

