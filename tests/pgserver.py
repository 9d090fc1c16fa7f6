"""A throw-away PostgreSQL server on loopback for tests (the distribution's initdb/pg_ctl/postgres)."""

from __future__ import annotations

import glob
import logging
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tests.s3server import free_port

__all__ = ["PG_BINARIES", "PostgresError", "PostgresServer", "find_pg_bin", "postgres"]

log = logging.getLogger(__name__)

PG_BINARIES = ("initdb", "pg_ctl", "postgres")
USER = "taleforge"
PASSWORD = "tf-test-secret"  # a real password, so tests can check that error messages hide it
DATABASE = "taleforge"
_SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",  # a test cluster: speed over durability (synchronous_commit stays on: stop() kills the
    # server, and commits still in its WAL buffers would be lost)
    "full_page_writes": "off",
    "max_connections": "300",  # every Database keeps a small pool; a whole test session opens many
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
}


class PostgresError(RuntimeError):
    """The test server could not be set up or started."""


def find_pg_bin() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: $TALEFORGE_PG_BIN, PATH, else /usr/lib/postgresql/*/bin."""
    explicit = os.environ.get("TALEFORGE_PG_BIN")
    candidates = [Path(explicit)] if explicit else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)

    def version(folder: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", Path(folder).parent.name)) or (0,)

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in PG_BINARIES):
            return folder
    return None


class PostgresServer:
    """One cluster in a temporary folder, served on a loopback TCP port; stop() and start() keep both."""

    def __init__(self, bin_dir: Path, root: Path, port: int) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.port = port
        self.data_dir = root / "data"
        self.socket_dir = root / "sockets"
        self.log_file = root / "postgres.log"
        self.running = False

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the `taleforge` database."""
        return self.url_for(DATABASE)

    def url_for(self, database: str) -> str:
        """SQLAlchemy URL of DATABASE on this server."""
        return f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        """Create the cluster (superuser `taleforge`, password auth over TCP) and its settings."""
        self.socket_dir.mkdir()
        pwfile = self.root / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        _hand_over(self.root)
        self._run([self.bin_dir / "initdb", "-D", self.data_dir, "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
                   "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions"])  # fmt: skip
        pwfile.unlink()
        settings = {**_SERVER_SETTINGS, "port": str(self.port), "unix_socket_directories": f"'{self.socket_dir}'"}
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# taleforge test server\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def start(self) -> None:
        """Start (or restart) the server on the same port and data folder; waits until it accepts connections."""
        try:
            self._run([self.bin_dir / "pg_ctl", "-D", self.data_dir, "-l", self.log_file, "-w", "-t", "60", "start"])
        except PostgresError as exc:
            raise PostgresError(f"{exc}\n{self.log_tail()}") from None
        self.running = True

    def stop(self) -> None:
        """Stop the server at once (like a crash or an outage): `pg_ctl stop -m immediate`."""
        self._run([self.bin_dir / "pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "stop"])
        self.running = False

    def create_database(self, name: str | None = None) -> str:
        """Create a new, empty database (a random name unless NAME is given) and return its URL."""
        name = name or f"t_{uuid.uuid4().hex[:16]}"
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop DATABASE even while connections to it are open."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str) -> None:
        """Run one statement as the superuser, outside a transaction, on the `postgres` database."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, password=PASSWORD, dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:  # fmt: skip
            conn.execute(sql.encode())

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server's log."""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def _run(self, cmd: list[Any]) -> None:
        """Run a server binary, as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
        args = [str(c) for c in cmd]
        result = subprocess.run(args, check=False, capture_output=True, text=True, timeout=120, **_as_owner())
        if result.returncode != 0:
            output = (result.stderr or result.stdout).strip()
            raise PostgresError(f"{Path(str(cmd[0])).name} failed (exit {result.returncode}): {output}")


def _as_owner() -> dict[str, Any]:
    """subprocess arguments that drop root to the `postgres` user; none when not root."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresError("running as root and there is no 'postgres' user to run the server as") from None
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": [], "cwd": "/"}


def _hand_over(root: Path) -> None:
    """Give ROOT and everything in it to the `postgres` user when we are root."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam("postgres")
    for path in [root, *root.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)


@contextmanager
def postgres(bin_dir: Path | None = None) -> Iterator[PostgresServer]:
    """A running server with database `taleforge`, removed again at exit; PostgresError when it cannot run.

    The cluster lives in a fresh folder under the system temp dir (not a pytest tmp_path: those are
    private to root, and the server may run as `postgres`).
    """
    bin_dir = bin_dir or find_pg_bin()
    if bin_dir is None:
        raise PostgresError("PostgreSQL server binaries not found: apt install postgresql")
    root = Path(tempfile.mkdtemp(prefix="taleforge-pg-"))
    server = PostgresServer(bin_dir, root, free_port())
    try:
        server.init()
        server.start()
        server.create_database(DATABASE)
        log.info("PostgreSQL test server on port %d in %s", server.port, root)
        yield server
    finally:
        if server.running:
            with suppress(PostgresError, subprocess.TimeoutExpired):
                server.stop()
        shutil.rmtree(root, ignore_errors=True)
