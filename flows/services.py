"""Starting and stopping the local services a one-off command needs: Prefect's temporary API, Ray."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["start_prefect_api", "stop_local_services"]


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
