"""Job and chapter records (SQLAlchemy 2): SQLite under TALEFORGE_HOME by default, any SQLAlchemy URL."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    event,
    select,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from storage.errors import NotFoundError, StorageError

__all__ = [
    "CHAPTER_FIELDS",
    "JOB_KINDS",
    "STATUSES",
    "Base",
    "Chapter",
    "Database",
    "Job",
    "default_url",
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
    source_sha256: Mapped[str | None] = mapped_column(String(64))
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
    """Repository over the jobs/chapters tables; returns plain dicts, never ORM objects.

    Timestamps come back as ISO-8601 UTC strings. Tables are created on first use. Safe
    to share between threads; pickles as its URL (each Ray worker opens its own engine).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._ready = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Database({make_url(self.url).render_as_string(hide_password=True)!r})"

    def __getstate__(self) -> dict[str, Any]:
        """Pickle only the URL."""
        return {"url": self.url}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild from the URL."""
        self.__init__(state["url"])  # type: ignore[misc]

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (created, with tables, on first use)."""
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self._engine = self._make_engine()
                    self.create_all()
                    self._ready = True
        assert self._engine is not None
        return self._engine

    def _make_engine(self) -> Engine:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite":
            return create_engine(url, pool_pre_ping=True)
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_setup(engine, wal=bool(database) and database != ":memory:")
        return engine

    def create_all(self) -> None:
        """Create missing tables."""
        engine = self._engine if self._engine is not None else self.engine
        Base.metadata.create_all(engine)

    def dispose(self) -> None:
        """Close pooled connections."""
        if self._engine is not None:
            self._engine.dispose()

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        engine = self.engine
        with engine.connect() as conn:
            if write:
                conn.execution_options(taleforge_write=True)
            with Session(bind=conn, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except SQLAlchemyError as exc:
                    session.rollback()
                    raise StorageError(f"database error ({self}): {exc}") from exc
                except BaseException:
                    session.rollback()
                    raise

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
        with self._session(write=True) as s:
            s.add(job)
        log.debug("created job %s (%s %s)", job.id, kind, source_path)
        return job.id

    def start_job(self, job_id: str) -> None:
        """Mark a job running now."""
        with self._session(write=True) as s:
            job = self._job(s, job_id)
            job.status = "running"
            job.started_at = utcnow()
            job.finished_at = None
            job.error = None

    def update_job(self, job_id: str, **fields: Any) -> None:
        """Set title, author, settings (dict), output_uri or audio_seconds on a job."""
        allowed = {"title", "author", "settings", "output_uri", "audio_seconds", "source_sha256"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown job field(s): {sorted(unknown)}")
        with self._session(write=True) as s:
            job = self._job(s, job_id)
            for name, value in fields.items():
                if name == "settings":
                    job.settings_json = json.dumps(value or {}, sort_keys=True, default=str)
                else:
                    setattr(job, name, value)

    def finish_job(self, job_id: str, output_uri: str | None, audio_seconds: float | None = None) -> None:
        """Mark a job done, with where its output went and how much audio it made."""
        with self._session(write=True) as s:
            job = self._job(s, job_id)
            job.status = "done"
            job.output_uri = output_uri
            job.audio_seconds = audio_seconds
            job.error = None
            job.finished_at = utcnow()
            if job.started_at is None:
                job.started_at = job.finished_at

    def fail_job(self, job_id: str, error: str) -> None:
        """Mark a job failed with a short reason."""
        with self._session(write=True) as s:
            job = self._job(s, job_id)
            job.status = "failed"
            job.error = error
            job.finished_at = utcnow()

    def get_job(self, job_id: str) -> dict[str, Any]:
        """One job by id (or a unique id prefix of 4+ characters); NotFoundError when absent."""
        with self._session() as s:
            return _job_dict(self._job(s, job_id))

    def list_jobs(self, limit: int = 50, status: str | None = None) -> list[dict[str, Any]]:
        """The newest jobs first, optionally only those with STATUS."""
        stmt = select(Job).order_by(Job.created_at.desc(), Job.id).limit(limit)
        if status is not None:
            stmt = stmt.where(Job.status == status)
        with self._session() as s:
            return [_job_dict(j) for j in s.scalars(stmt)]

    def delete_job(self, job_id: str) -> None:
        """Remove a job and its chapters."""
        with self._session(write=True) as s:
            job = self._job(s, job_id)
            s.delete(job)

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
        with self._session(write=True) as s:
            job = self._job(s, job_id)
            chapter = s.scalars(select(Chapter).where(Chapter.job_id == job.id, Chapter.index == index)).first()
            if chapter is None:
                chapter = Chapter(job_id=job.id, index=index, status="queued")
                s.add(chapter)
            for name, value in fields.items():
                setattr(chapter, name, _as_datetime(name, value))

    def chapters(self, job_id: str) -> list[dict[str, Any]]:
        """A job's chapters in order."""
        with self._session() as s:
            job = self._job(s, job_id)
            rows = s.scalars(select(Chapter).where(Chapter.job_id == job.id).order_by(Chapter.index))
            return [_chapter_dict(c) for c in rows]

    def cached_chapter(self, cache_key: str) -> dict[str, Any] | None:
        """The most recent finished chapter made with CACHE_KEY, if any."""
        stmt = (
            select(Chapter)
            .where(Chapter.cache_key == cache_key, Chapter.status == "done")
            .order_by(Chapter.finished_at.desc())
            .limit(1)
        )
        with self._session() as s:
            found = s.scalars(stmt).first()
            return _chapter_dict(found) if found is not None else None

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


def _sqlite_setup(engine: Engine, wal: bool) -> None:
    """WAL, a busy timeout and foreign keys on every connection; BEGIN IMMEDIATE for writes."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        try:
            if wal:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the lock up front, so it waits (busy_timeout) instead
        # of failing with "database is locked" when it upgrades from read to write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("taleforge_write") else "BEGIN")
