"""A throw-away PostgreSQL server for tests: Debian's ``postgresql`` binaries, a cluster in a temp
folder, a free port and its unix socket in that folder. PostgreSQL refuses to run as root, so as
root the server runs as the ``postgres`` system user (``runuser``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def _pg_bin() -> Path:
    """Debian's binaries of the newest installed PostgreSQL (or ``MECHELEN_PG_BIN``)."""
    if os.environ.get("MECHELEN_PG_BIN"):
        return Path(os.environ["MECHELEN_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


def available() -> bool:
    return (PG_BIN / "pg_ctl").exists() and (os.geteuid() != 0 or shutil.which("runuser") is not None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    socket_dir: Path
    port: int
    user: str

    def uri(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URI."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(host=str(self.socket_dir), port=self.port, user=self.user, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return self.uri(name)


@contextlib.contextmanager
def running() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="mechelen-pg-"))
    as_root = os.geteuid() == 0
    user = "postgres" if as_root else os.environ.get("USER") or "postgres"

    def run(*args: str) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    if as_root:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    port = _free_port()
    run("initdb", "-D", str(data), "-U", user, "--auth=trust", "--no-sync", "-E", "UTF8")
    options = (
        f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60", "start")
    try:
        yield Server(folder, port, user)
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
