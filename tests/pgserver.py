"""A throwaway PostgreSQL server for the tests, and a fresh database per test.

``pg_url`` (session): ``$CURATOR_TEST_PG_URL`` when set, else a cluster ``initdb``-ed into a
temp dir from the machine's binaries and started on a free loopback port (trust auth, unix
socket in the temp dir; through ``runuser -u postgres --`` when running as root). Stopped and
removed at the end. No binaries: the test is skipped, except under ``CI=true`` where it fails.

``pg_db_url`` (function): ``CREATE DATABASE`` a new one per test, dropped afterwards.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

ENV_URL = "CURATOR_TEST_PG_URL"
_counter = itertools.count(1)
OWN_CLUSTER: Cluster | None = None  # set while the session's own cluster runs (password auth)


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: $PG_BINDIR, PATH, then Debian/RPM layouts."""
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))  # Debian links it from .../bin

    def version(p: str) -> float:
        digits = "".join(c if c.isdigit() or c == "." else " " for c in p).split()
        try:
            return float(digits[0]) if digits else 0.0
        except ValueError:
            return 0.0

    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin"):
        candidates += sorted(glob.glob(pattern), key=version, reverse=True)
    for c in candidates:
        if (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (initdb refuses root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(_as_postgres(cmd), capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed ({proc.returncode}): {proc.stderr or proc.stdout}")


class Cluster:
    """An initdb-ed cluster in a temp dir, listening on 127.0.0.1:port."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="curator-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        _run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C", "--no-sync"],
            "initdb",
        )
        # the superuser is trusted; any other role must give its password (team-mode tests)
        hba = self.data / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        if os.geteuid() == 0:
            shutil.chown(hba, "postgres", "postgres")
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200"
        )
        self._opts = opts
        self.resume()

    def resume(self) -> None:
        """Start the (initdb-ed) server, or start it again after :meth:`pause`."""
        opts = self._opts
        try:
            _run(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                 "-o", opts, "-w", "-t", "60", "start"],
                "pg_ctl start",
            )
        except RuntimeError as exc:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{exc}\n{log}") from None

    def pause(self) -> None:
        """Stop the server, keeping its data (a dropped server, for the tests)."""
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
             "pg_ctl stop")

    def stop(self) -> None:
        if not self.root.exists():
            return
        try:
            if (self.data / "postmaster.pid").exists():
                _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop"], "pg_ctl stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A SQLAlchemy URL of a PostgreSQL server's admin database (``postgres``)."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    bindir = find_bindir()
    if bindir is None:
        _unavailable("no PostgreSQL binaries (initdb, pg_ctl) found; set CURATOR_TEST_PG_URL")
    assert bindir is not None
    global OWN_CLUSTER
    cluster = Cluster(bindir)
    try:
        cluster.start()
    except Exception:
        cluster.stop()
        raise
    OWN_CLUSTER = cluster
    # a run ended by SIGTERM (timeout, CI cancel) still stops and removes the cluster
    atexit.register(cluster.stop)
    previous = signal.getsignal(signal.SIGTERM)
    if previous in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield cluster.url
    finally:
        OWN_CLUSTER = None
        cluster.stop()
        atexit.unregister(cluster.stop)
        if previous in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@pytest.fixture(scope="session")
def pg_admin(pg_url: str) -> Iterator[Engine]:
    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT", pool_size=1)
    yield engine
    engine.dispose()


def _new_database(pg_url: str, pg_admin: Engine, template: str | None = None) -> Iterator[str]:
    name = f"test_{os.getpid()}_{next(_counter)}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def pg_db_url(pg_url: str, pg_admin: Engine) -> Iterator[str]:
    """A URL of a new, empty database on the test server; dropped after the test."""
    yield from _new_database(pg_url, pg_admin)


@pytest.fixture(scope="session")
def pg_store_template(pg_url: str, pg_admin: Engine) -> Iterator[str]:
    """A database holding a new store (schema and default labels), cloned per test."""
    from app import open_store

    gen = _new_database(pg_url, pg_admin)
    url = next(gen)
    open_store(url).close()
    yield make_url(url).database or ""
    gen.close()


@pytest.fixture
def pg_store_url(pg_url: str, pg_admin: Engine, pg_store_template: str) -> Iterator[str]:
    """A URL of a new store (what ``open_store`` creates) on the test server; dropped after."""
    yield from _new_database(pg_url, pg_admin, template=pg_store_template)
