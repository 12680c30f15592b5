"""A throwaway PostgreSQL server for the tests (ARGMAP_TEST_POSTGRES=1): initdb into a
temporary folder, `pg_ctl start` on a free port listening only on a unix socket in that
folder, `createdb`, and `pg_ctl stop` at the end. Uses Debian's `postgresql` binaries;
as root (a container), the server runs as the `postgres` user, since PostgreSQL refuses
to run as root."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

from tests.servers import free_port

USER = "argmap"
DATABASE = "argmap_test"


def binaries() -> Path:
    """The folder of initdb and pg_ctl: on PATH, or Debian's versioned folder."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not folders:
        raise RuntimeError("ARGMAP_TEST_POSTGRES=1 needs PostgreSQL: apt-get install postgresql")
    return Path(folders[-1])


def _run_as() -> dict:
    if os.geteuid() != 0:
        return {}
    account = pwd.getpwnam("postgres")
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a PostgreSQL server with an empty database; yield its SQLAlchemy URL."""
    bin_dir, run_as = binaries(), _run_as()
    folder = Path(tempfile.mkdtemp(prefix="argmap-pg-"))
    if run_as:
        os.chown(folder, run_as["user"], run_as["group"])
    data, port = folder / "data", free_port()

    def run(*command: str) -> None:
        subprocess.run(command, check=True, capture_output=True, **run_as)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale")
        run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            f"-k {folder} -p {port} -h ''",
            "-l",
            str(folder / "server.log"),
            "-w",
            "start",
        )
        try:
            createdb = shutil.which("createdb") or str(bin_dir / "createdb")
            subprocess.run([createdb, "-h", str(folder), "-p", str(port), "-U", USER, DATABASE], check=True)
            yield f"postgresql+psycopg://{USER}@/{DATABASE}?host={folder}&port={port}"
        finally:
            from app import database

            database.dispose(f"postgresql+psycopg://{USER}@/{DATABASE}?host={folder}&port={port}")
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-m", "fast", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
