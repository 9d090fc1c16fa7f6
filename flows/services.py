"""Starting and stopping the local services a one-off command needs: Prefect's temporary API, Ray."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

SERVER_START_S = 120.0

__all__ = ["prefect_server", "start_prefect_api", "stop_local_services"]


@contextmanager
def start_prefect_api() -> Iterator[None]:
    """Start Prefect's temporary API server on a thread while the body runs; wait for it on exit.

    Only when no PREFECT_API_URL names a real server. Starting it takes several seconds, which
    overlap whatever the body does (connecting to Ray); the flow then finds it running.
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    failure: list[BaseException] = []

    def start() -> None:
        try:
            SubprocessASGIServer().start()
        except BaseException as exc:  # re-raised on the caller's thread below
            failure.append(exc)

    thread = threading.Thread(target=start, name="prefect-api", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if failure:
        raise failure[0]


def stop_local_services() -> None:
    """Stop the local Ray and Prefect's temporary API server now rather than at interpreter exit.

    Prefect waits five seconds for its temporary server to finish open keep-alive connections
    before killing it anyway; its SQLite database is crash-safe, so it is killed straight away.
    """
    if "ray" in sys.modules:
        import ray

        if ray.is_initialized():
            ray.shutdown()
    if "prefect.server.api.server" in sys.modules:
        from prefect.server.api.server import SubprocessASGIServer

        for server in list(getattr(SubprocessASGIServer, "_instances", {}).values()):
            process = getattr(server, "server_process", None)
            if process is not None:
                process.kill()
                process.wait()
            server.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:  # loopback only
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def prefect_server(home: Path) -> Iterator[str]:
    """A Prefect API that keeps schedules: PREFECT_API_URL's server, else one started here on loopback.

    Schedules (`flow.serve`) need a real server; this starts `prefect server start` with its own
    PREFECT_HOME under HOME for as long as the body runs, and stops it after.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield str(PREFECT_API_URL.value())
        return
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_UI_ENABLED": "false", "PREFECT_API_URL": url}
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect)] if prefect.is_file() else [sys.executable, "-m", "prefect"]
    with open(home / "server.log", "ab") as out:
        server = subprocess.Popen([*command, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not start (see {home / 'server.log'})")
            time.sleep(0.5)
        log.info("Prefect server at %s", url)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
