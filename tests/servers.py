"""Real servers for tests: a command started on a free port of 127.0.0.1, waited for,
and stopped afterwards. Each keeps its accounts and history in a temporary state
folder of its own (unless the test gives one), never in the repository's."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "test-results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(
    command: list[str], name: str, env: dict[str, str] | None = None, ready: str = "/api/debates", timeout: float = 90
) -> Iterator[str]:
    """Run `python -m <command> --port PORT` (the port is appended) until `ready` answers;
    yield the base URL. Output goes to test-results/<name>.log, quoted if it fails to start."""
    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / f"{name}.log"
    state = tempfile.mkdtemp(prefix=f"argmap-{name}-state-")
    with open(log_path, "w") as log:
        # the origin a server configured for this port names in its absolute links
        origin = {"ARGMAP_HOST": "127.0.0.1", "ARGMAP_PORT": str(port)}
        proc = subprocess.Popen(
            [sys.executable, "-m", *command, "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **origin, "ARGMAP_STATE_DIR": state, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(base + ready, timeout=2):
                        break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{name} did not start:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            shutil.rmtree(state, ignore_errors=True)


@contextlib.contextmanager
def curators_site(work: Path, name: str, curator: str, password: str) -> Iterator[str]:
    """A server, as `argmap serve` runs it, over a private copy of the seeds in `work` (its
    curators write them) and its own database holding one curator account; yields its base URL."""
    seeds = work / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    env = {"ARGMAP_SEEDS_DIR": str(seeds), "ARGMAP_DATABASE_URL": f"sqlite:///{work / 'argmap.db'}"}
    subprocess.run(
        [sys.executable, "-m", "app", "curator", "add", curator, "--password-stdin"],
        input=password + "\n",
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    with running(["app", "serve", "--host", "127.0.0.1"], name, env, ready="/api/debates") as base:
        yield base
