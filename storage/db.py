"""Job, chapter and lease records (SQLAlchemy 2, Alembic): SQLite under TALEFORGE_HOME by default, or PostgreSQL.

The schema is kept by the Alembic migrations in `storage/migrations`; a database is brought to the newest
revision the first time a `Database` uses it. Transient errors (a locked SQLite file, a PostgreSQL server
that is restarting) are retried with backoff for a budget of seconds before they become a `StorageError`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from storage.errors import NotFoundError, StorageError

__all__ = [
    "CHAPTER_FIELDS",
    "JOB_KINDS",
    "SCHEMA_REVISION",
    "STATUSES",
    "Base",
    "Chapter",
    "Claim",
    "Database",
    "Job",
    "default_url",
    "owner_id",
    "sha256_file",
]

log = logging.getLogger(__name__)

JOB_KINDS = ("book", "describe")
STATUSES = ("queued", "running", "done", "failed")
CHAPTER_FIELDS = (
    "title",
    "status",
    "cache_key",
    "duration_s",
    "rms_db",
    "peak_db",
    "artifact_uri",
    "error",
    "started_at",
    "finished_at",
    "narrate_s",
    "master_s",
)

SCHEMA_REVISION = "0003"  # the newest migration in storage/migrations/versions (a test keeps them in step)
BASELINE_REVISION = "0001"  # the schema that create_all made before there were migrations
MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_RETRY_S = 60.0
SQLITE_BUSY_TIMEOUT_S = 5.0  # SQLite's own wait for a lock, per attempt; the retry budget bounds the total
BACKOFF_FIRST_S = 0.05
BACKOFF_MAX_S = 5.0
_MIGRATION_LOCK_KEY = 0x7461_6C65  # pg_advisory_xact_lock key for schema upgrades ("tale")
_SQLITE_TRANSIENT = ("database is locked", "database is busy", "database table is locked")
_PG_TRANSIENT_STATES = {"40001", "40P01", "53300", "55P03", "57P01", "57P02", "57P03"}
_PG_PERMANENT_HINTS = ("authentication failed", "does not exist", "no password supplied", "no pg_hba.conf entry",
                       "permission denied")  # fmt: skip

T = TypeVar("T")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Normalise to UTC before storing."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Attach UTC to naive values read back."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of taleforge's tables."""


class Job(Base):
    """One production run: a book or an audio-description job."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: uuid.uuid4().hex)
    kind: Mapped[str] = mapped_column(String(16))
    source_path: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")
    output_uri: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    audio_seconds: Mapped[float | None] = mapped_column(Float)

    chapters: Mapped[list[Chapter]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="Chapter.index"
    )


class Chapter(Base):
    """One chapter of a job, with its measurements and where its audio went."""

    __tablename__ = "chapters"
    __table_args__ = (UniqueConstraint("job_id", "index", name="uq_chapters_job_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    cache_key: Mapped[str | None] = mapped_column(String(128), index=True)
    duration_s: Mapped[float | None] = mapped_column(Float)
    rms_db: Mapped[float | None] = mapped_column(Float)
    peak_db: Mapped[float | None] = mapped_column(Float)
    artifact_uri: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    narrate_s: Mapped[float | None] = mapped_column(Float)
    master_s: Mapped[float | None] = mapped_column(Float)

    job: Mapped[Job] = relationship(back_populates="chapters")


class Claim(Base):
    """A lease on a piece of work (a chapter, a job): who holds it and until when."""

    __tablename__ = "claims"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    owner: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())


_owner_token: tuple[int, str] | None = None


def owner_id() -> str:
    """This process as a lease owner: 'hostname:pid:token' (a fresh token after a fork)."""
    global _owner_token
    pid = os.getpid()
    if _owner_token is None or _owner_token[0] != pid:
        _owner_token = (pid, secrets.token_hex(6))
    return f"{socket.gethostname()}:{pid}:{_owner_token[1]}"


def _owner_is_dead(owner: str) -> bool:
    """True when OWNER names a process on this host that no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user
        return False
    return False


def default_url(home: Path | str) -> str:
    """The SQLite URL of the database inside a TALEFORGE_HOME."""
    return f"sqlite:///{Path(home).expanduser().absolute() / 'taleforge.db'}"


def sha256_file(path: Path | str) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _job_dict(job: Job) -> dict[str, Any]:
    try:
        settings = json.loads(job.settings_json or "{}")
    except ValueError:
        settings = {}
    return {
        "id": job.id,
        "kind": job.kind,
        "source_path": job.source_path,
        "source_sha256": job.source_sha256,
        "title": job.title,
        "author": job.author,
        "status": job.status,
        "settings": settings,
        "output_uri": job.output_uri,
        "error": job.error,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "audio_seconds": job.audio_seconds,
    }


def _chapter_dict(ch: Chapter) -> dict[str, Any]:
    out: dict[str, Any] = {"job_id": ch.job_id, "index": ch.index}
    for name in CHAPTER_FIELDS:
        value = getattr(ch, name)
        out[name] = _iso(value) if isinstance(value, datetime) else value
    return out


def _as_datetime(name: str, value: Any) -> Any:
    """Accept datetimes or ISO-8601 strings for the *_at fields."""
    if name.endswith("_at") and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


class Database:
    """Repository over the jobs/chapters/claims tables; returns plain dicts, never ORM objects.

    Timestamps come back as ISO-8601 UTC strings. The schema is migrated to the newest revision on
    first use. Transient errors are retried with backoff for `retry_s` seconds (default: the
    TALEFORGE_DB_RETRY_S variable, else 60). Safe to share between threads; pickles as its URL
    (each Ray worker opens its own engine).
    """

    def __init__(self, url: str, retry_s: float | None = None) -> None:
        self.url = url
        self._retry_s_given = retry_s
        self.retry_s = _retry_budget(retry_s)
        self._backend = make_url(url).get_backend_name()
        self._engine: Engine | None = None
        self._ready = False
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Database({self.safe_url!r})"

    @property
    def safe_url(self) -> str:
        """The URL with its password hidden."""
        return make_url(self.url).render_as_string(hide_password=True)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle only the URL (and a retry budget given explicitly)."""
        return {"url": self.url, "retry_s": self._retry_s_given}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild from the URL."""
        self.__init__(state["url"], state.get("retry_s"))  # type: ignore[misc]

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine; on first use the schema is brought up to date (cheap when it is)."""
        if not self._ready:
            with self._lock:
                if not self._ready:
                    engine = self._bare_engine()
                    self._retrying(lambda: _upgrade_if_behind(engine, self._backend))
                    self._ready = True
        assert self._engine is not None
        return self._engine

    def _bare_engine(self) -> Engine:
        """The engine, made once, without touching the schema."""
        with self._lock:
            if self._engine is None:
                self._engine = self._make_engine()
            return self._engine

    def _make_engine(self) -> Engine:
        url = make_url(self.url)
        backend = url.get_backend_name()
        if backend != "sqlite":
            # A bounded connect: an unreachable host then counts against the retry budget, not forever.
            wait = backend == "postgresql" and "connect_timeout" not in url.query
            return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10} if wait else {})
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        busy_s = min(self.retry_s, SQLITE_BUSY_TIMEOUT_S)
        engine = create_engine(url, connect_args={"timeout": busy_s})
        _sqlite_setup(engine, wal=bool(database) and database != ":memory:", busy_ms=int(busy_s * 1000))
        return engine

    def migrate(self, revision: str = "head") -> None:
        """Upgrade the schema to REVISION, or downgrade to it when it is older (or 'base').

        A database made by create_all before there were migrations is stamped at the baseline first.
        Concurrent callers are serialised (an advisory lock on PostgreSQL, the write lock on SQLite).
        """
        engine = self._bare_engine()
        self._retrying(lambda: _migrate(engine, self._backend, revision))
        self._ready = True

    def create_all(self) -> None:
        """Create missing tables (by migrating to the newest revision)."""
        self.migrate()

    def schema_revision(self) -> str | None:
        """The revision the database is at (None before the first migration)."""
        engine = self._bare_engine()
        return self._retrying(lambda: _read_revision(engine))

    def dispose(self) -> None:
        """Close pooled connections."""
        if self._engine is not None:
            self._engine.dispose()

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """Run ATTEMPT, retrying transient errors with jittered exponential backoff within the budget."""
        started = time.monotonic()
        tries = 0
        while True:
            try:
                return attempt()
            except SQLAlchemyError as exc:
                reason = _reason(exc)
                if not _is_transient(exc, self._backend):
                    raise StorageError(f"database error ({self.safe_url}): {reason}") from exc
                elapsed = time.monotonic() - started
                delay = min(_backoff_s(tries), self.retry_s - elapsed)
                if delay <= 0:
                    raise StorageError(
                        f"database {self.safe_url} unavailable for {elapsed:.1f} s "
                        f"(retry budget {self.retry_s:g} s): {reason}"
                    ) from exc
                tries += 1
                log.warning("database %s: %s; retry %d in %.2f s", self.safe_url, reason, tries, delay)
                time.sleep(delay)

    def _run(self, work: Callable[[Session], T], *, write: bool = False) -> T:
        """WORK in one transaction (BEGIN IMMEDIATE on SQLite when WRITE), retried as a whole."""
        engine = self.engine
        return self._retrying(lambda: _transaction(engine, work, write))

    # --- jobs -------------------------------------------------------------------------

    def create_job(
        self,
        kind: str,
        source_path: Path | str,
        *,
        title: str | None = None,
        author: str | None = None,
        settings: dict[str, Any] | None = None,
        source_sha256: str | None = None,
    ) -> str:
        """Record a queued job and return its id (32 hex digits); hashes the source if no digest is given."""
        if kind not in JOB_KINDS:
            raise ValueError(f"job kind must be one of {JOB_KINDS}, got {kind!r}")
        if source_sha256 is None and Path(source_path).is_file():
            source_sha256 = sha256_file(source_path)
        job = Job(
            id=uuid.uuid4().hex,
            kind=kind,
            source_path=str(source_path),
            source_sha256=source_sha256,
            title=title,
            author=author,
            status="queued",
            settings_json=json.dumps(settings or {}, sort_keys=True, default=str),
            created_at=utcnow(),
        )
        # merge, not add: the job stays transient for a retry, and a retry after a commit whose
        # answer was lost updates the row instead of failing on its id.
        self._run(lambda s: s.merge(job), write=True)
        log.debug("created job %s (%s %s)", job.id, kind, source_path)
        return job.id

    def start_job(self, job_id: str) -> None:
        """Mark a job running now."""

        def work(s: Session) -> None:
            job = self._job(s, job_id)
            job.status = "running"
            job.started_at = utcnow()
            job.finished_at = None
            job.error = None

        self._run(work, write=True)

    def update_job(self, job_id: str, **fields: Any) -> None:
        """Set title, author, settings (dict), output_uri or audio_seconds on a job."""
        allowed = {"title", "author", "settings", "output_uri", "audio_seconds", "source_sha256"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown job field(s): {sorted(unknown)}")

        def work(s: Session) -> None:
            job = self._job(s, job_id)
            for name, value in fields.items():
                if name == "settings":
                    job.settings_json = json.dumps(value or {}, sort_keys=True, default=str)
                else:
                    setattr(job, name, value)

        self._run(work, write=True)

    def finish_job(self, job_id: str, output_uri: str | None, audio_seconds: float | None = None) -> None:
        """Mark a job done, with where its output went and how much audio it made."""

        def work(s: Session) -> None:
            job = self._job(s, job_id)
            job.status = "done"
            job.output_uri = output_uri
            job.audio_seconds = audio_seconds
            job.error = None
            job.finished_at = utcnow()
            if job.started_at is None:
                job.started_at = job.finished_at

        self._run(work, write=True)

    def fail_job(self, job_id: str, error: str) -> None:
        """Mark a job failed with a short reason."""

        def work(s: Session) -> None:
            job = self._job(s, job_id)
            job.status = "failed"
            job.error = error
            job.finished_at = utcnow()

        self._run(work, write=True)

    def get_job(self, job_id: str) -> dict[str, Any]:
        """One job by id (or a unique id prefix of 4+ characters); NotFoundError when absent."""
        return self._run(lambda s: _job_dict(self._job(s, job_id)))

    def list_jobs(self, limit: int = 50, status: str | None = None, *, source_sha256: str | None = None,
                  kind: str | None = None) -> list[dict[str, Any]]:
        """The newest jobs first, optionally only those with STATUS, of KIND, or made from the source SOURCE_SHA256."""
        stmt = select(Job).order_by(Job.created_at.desc(), Job.id).limit(limit)
        if status is not None:
            stmt = stmt.where(Job.status == status)
        if source_sha256 is not None:
            stmt = stmt.where(Job.source_sha256 == source_sha256)
        if kind is not None:
            stmt = stmt.where(Job.kind == kind)
        return self._run(lambda s: [_job_dict(j) for j in s.scalars(stmt)])

    def delete_job(self, job_id: str) -> None:
        """Remove a job and its chapters."""
        self._run(lambda s: s.delete(self._job(s, job_id)), write=True)

    # --- chapters ---------------------------------------------------------------------

    def upsert_chapter(self, job_id: str, index: int, **fields: Any) -> None:
        """Create or update chapter INDEX of a job with FIELDS (see CHAPTER_FIELDS).

        Setting status 'running' stamps started_at, and 'done'/'failed' stamps finished_at,
        unless those are given too.
        """
        unknown = set(fields) - set(CHAPTER_FIELDS)
        if unknown:
            raise ValueError(f"unknown chapter field(s): {sorted(unknown)}")
        status = fields.get("status")
        if status is not None and status not in STATUSES:
            raise ValueError(f"chapter status must be one of {STATUSES}, got {status!r}")
        now = utcnow()
        if status == "running":
            fields.setdefault("started_at", now)
        elif status in ("done", "failed"):
            fields.setdefault("finished_at", now)

        def work(s: Session) -> None:
            job = self._job(s, job_id)
            chapter = s.scalars(select(Chapter).where(Chapter.job_id == job.id, Chapter.index == index)).first()
            if chapter is None:
                chapter = Chapter(job_id=job.id, index=index, status="queued")
                s.add(chapter)
            for name, value in fields.items():
                setattr(chapter, name, _as_datetime(name, value))

        self._run(work, write=True)

    def chapters(self, job_id: str) -> list[dict[str, Any]]:
        """A job's chapters in order."""

        def work(s: Session) -> list[dict[str, Any]]:
            job = self._job(s, job_id)
            rows = s.scalars(select(Chapter).where(Chapter.job_id == job.id).order_by(Chapter.index))
            return [_chapter_dict(c) for c in rows]

        return self._run(work)

    def cached_chapter(self, cache_key: str) -> dict[str, Any] | None:
        """The most recent finished chapter made with CACHE_KEY, if any."""
        stmt = (
            select(Chapter)
            .where(Chapter.cache_key == cache_key, Chapter.status == "done")
            .order_by(Chapter.finished_at.desc())
            .limit(1)
        )

        def work(s: Session) -> dict[str, Any] | None:
            found = s.scalars(stmt).first()
            return _chapter_dict(found) if found is not None else None

        return self._run(work)

    # --- claims (leases) --------------------------------------------------------------

    def claim(self, key: str, owner: str, ttl_s: float) -> bool:
        """Take the lease on KEY for TTL_S seconds; False when another live owner holds it.

        The lease is taken when it is free, expired, already OWNER's, or held by a process of this
        host that has died. Race-free: concurrent claimers of one key see exactly one winner.
        """
        _check_lease_args(key, owner, ttl_s)
        return self._run(lambda s: self._claim(s, key, owner, ttl_s), write=True)

    def renew(self, keys: Iterable[str], owner: str, ttl_s: float) -> None:
        """Extend OWNER's leases on KEYS by TTL_S seconds from now; leases OWNER lost are left alone."""
        if isinstance(keys, str):
            raise TypeError("renew() takes a list of keys, not one string")
        wanted = sorted(set(keys))  # one order everywhere: no deadlocks between renewers
        if not wanted:
            return
        _check_lease_args(wanted[0], owner, ttl_s)

        def work(s: Session) -> int:
            stmt = (
                update(Claim)
                .where(Claim.key.in_(wanted), Claim.owner == owner)
                .values(expires_at=utcnow() + timedelta(seconds=ttl_s))
                .execution_options(synchronize_session=False)
            )
            return int(s.execute(stmt).rowcount)  # type: ignore[attr-defined]

        renewed = self._run(work, write=True)
        if renewed < len(wanted):
            log.warning("%s renewed %d of its %d leases; the others were lost", owner, renewed, len(wanted))

    def release(self, key: str, owner: str) -> None:
        """Give up OWNER's lease on KEY (a lease held by someone else is left alone)."""
        stmt = delete(Claim).where(Claim.key == key, Claim.owner == owner).execution_options(synchronize_session=False)
        self._run(lambda s: s.execute(stmt), write=True)

    def holder(self, key: str) -> dict[str, Any] | None:
        """The lease on KEY: key, owner, claimed_at, expires_at and whether it has expired; None if free."""

        def work(s: Session) -> dict[str, Any] | None:
            lease = s.get(Claim, key)
            if lease is None:
                return None
            return {
                "key": lease.key,
                "owner": lease.owner,
                "claimed_at": _iso(lease.claimed_at),
                "expires_at": _iso(lease.expires_at),
                "expired": lease.expires_at <= utcnow(),
            }

        return self._run(work)

    def _claim(self, s: Session, key: str, owner: str, ttl_s: float) -> bool:
        """Insert the lease, or else lock its row and take it over when it may be taken."""
        for _ in range(3):  # the row can vanish (released) between the insert and the lock
            now = utcnow()
            if self._insert_lease(s, key, owner, now, now + timedelta(seconds=ttl_s)):
                return True
            lease = s.scalars(
                select(Claim).where(Claim.key == key).with_for_update().execution_options(populate_existing=True)
            ).first()
            if lease is None:
                continue
            if lease.owner != owner and lease.expires_at > now and not _owner_is_dead(lease.owner):
                return False
            if lease.owner != owner:
                log.info("lease %s taken over from %s", key, lease.owner)
                lease.claimed_at = now
            lease.owner = owner
            lease.expires_at = now + timedelta(seconds=ttl_s)
            return True
        raise StorageError(f"lease {key!r} kept changing hands; try again")

    def _insert_lease(self, s: Session, key: str, owner: str, now: datetime, expires_at: datetime) -> bool:
        """Insert a new lease row; False when one exists (concurrent inserts wait for each other)."""
        values = {"key": key, "owner": owner, "claimed_at": now, "expires_at": expires_at}
        if self._backend in ("postgresql", "sqlite"):
            if self._backend == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            stmt = insert(Claim).values(**values).on_conflict_do_nothing(index_elements=["key"]).returning(Claim.key)
            return s.execute(stmt).first() is not None
        try:
            with s.begin_nested():
                s.add(Claim(**values))
        except IntegrityError:
            return False
        return True

    # --- helpers ----------------------------------------------------------------------

    @staticmethod
    def _job(s: Session, job_id: str) -> Job:
        job = s.get(Job, job_id)
        if job is not None:
            return job
        if len(job_id) >= 4:
            matches = list(s.scalars(select(Job).where(Job.id.startswith(job_id, autoescape=True)).limit(2)))
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise NotFoundError(f"job id prefix {job_id!r} is ambiguous")
        raise NotFoundError(f"no job {job_id!r}")


def _check_lease_args(key: str, owner: str, ttl_s: float) -> None:
    if not key or len(key) > 128:
        raise ValueError(f"a lease key must have 1 to 128 characters, got {key!r}")
    if not owner:
        raise ValueError("a lease needs an owner (see owner_id())")
    if not ttl_s > 0:
        raise ValueError(f"a lease's ttl_s must be positive, got {ttl_s!r}")


def _transaction(engine: Engine, work: Callable[[Session], T], write: bool) -> T:
    """Run WORK in one session and commit it; the session rolls back on any error."""
    with engine.connect() as conn:
        if write:
            conn.execution_options(taleforge_write=True)
        with Session(bind=conn, expire_on_commit=False) as session:
            result = work(session)
            session.commit()
            return result


# --- retries ----------------------------------------------------------------------------


def _retry_budget(retry_s: float | None) -> float:
    """The retry budget in seconds: the argument, else TALEFORGE_DB_RETRY_S, else 60."""
    if retry_s is None:
        raw = os.environ.get("TALEFORGE_DB_RETRY_S", "").strip()
        try:
            retry_s = float(raw) if raw else DEFAULT_RETRY_S
        except ValueError:
            raise ValueError(f"TALEFORGE_DB_RETRY_S must be a number of seconds, got {raw!r}") from None
    if retry_s < 0:
        raise ValueError(f"the database retry budget must be 0 or more seconds, got {retry_s!r}")
    return float(retry_s)


def _backoff_s(tries: int) -> float:
    """Exponential backoff with jitter: about 0.05, 0.1, 0.2 ... up to 5 s, each scaled by 0.5-1."""
    return min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2**tries) * random.uniform(0.5, 1.0)


def _reason(exc: BaseException) -> str:
    """The first line of the driver's message (without SQLAlchemy's SQL and background link)."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def _is_transient(exc: SQLAlchemyError, backend: str) -> bool:
    """Whether EXC may go away by itself: a lock, a lost connection, a server restarting."""
    if isinstance(exc, PoolTimeoutError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    message = str(exc.orig).lower()
    if backend == "sqlite":
        return isinstance(exc, OperationalError) and any(hint in message for hint in _SQLITE_TRANSIENT)
    state = getattr(exc.orig, "sqlstate", None)
    if state:
        return state.startswith("08") or state in _PG_TRANSIENT_STATES
    # No SQLSTATE: the driver failed to connect or lost the server (refused, closed, shut down).
    return isinstance(exc, OperationalError) and not any(hint in message for hint in _PG_PERMANENT_HINTS)


# --- migrations -------------------------------------------------------------------------


def _read_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _current_revision(conn)


def _current_revision(conn: Connection) -> str | None:
    """The alembic_version of the database (None when it has none)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade_if_behind(engine: Engine, backend: str) -> None:
    """Upgrade to head unless the database is there already (one cheap read when it is)."""
    with engine.connect() as conn:
        if _current_revision(conn) == SCHEMA_REVISION:
            return
    _migrate(engine, backend, "head", only_if_behind=True)


def _migrate(engine: Engine, backend: str, revision: str, *, only_if_behind: bool = False) -> None:
    """Move the schema to REVISION inside one transaction that excludes other migrators."""
    with engine.connect() as conn:
        conn.execution_options(taleforge_write=True)  # SQLite: BEGIN IMMEDIATE takes the write lock
        with conn.begin():
            if backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            current = _current_revision(conn)
            if only_if_behind and current == SCHEMA_REVISION:
                return  # another process migrated while we waited for the lock
            _run_alembic(conn, current, revision)


def _run_alembic(conn: Connection, current: str | None, revision: str) -> None:
    """Stamp a pre-migration database at the baseline, then upgrade or downgrade it to REVISION."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    script = ScriptDirectory.from_config(config)
    url = conn.engine.url.render_as_string(hide_password=True)
    try:
        if current is None and inspect(conn).has_table("jobs"):
            log.info("database %s predates migrations: stamping it at %s", url, BASELINE_REVISION)
            command.stamp(config, BASELINE_REVISION)
            current = BASELINE_REVISION
        if (current is not None and revision == "base") or _is_ancestor(script, revision, current):
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
    except (CommandError, RevisionError) as exc:
        raise StorageError(
            f"database {url}: cannot migrate from revision {current} to {revision}: {exc} "
            f"(this taleforge knows revisions up to {SCHEMA_REVISION})"
        ) from exc


def _is_ancestor(script: Any, revision: str, current: str | None) -> bool:
    """Whether REVISION lies strictly below CURRENT (so reaching it is a downgrade)."""
    if current is None or revision in ("head", "heads", current):
        return False
    return revision in {r.revision for r in script.walk_revisions(base="base", head=current)}


def _sqlite_setup(engine: Engine, wal: bool, busy_ms: int) -> None:
    """WAL, a busy timeout and foreign keys on every connection; BEGIN IMMEDIATE for writes."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout={busy_ms:d}")
            if wal:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the lock up front, so it waits (busy_timeout) instead
        # of failing with "database is locked" when it upgrades from read to write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("taleforge_write") else "BEGIN")
