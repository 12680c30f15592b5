"""Background jobs in the server process: slow work (an extraction) off the request path.

`runner()` is the process's one `Jobs`: `start(title, work)` queues `work(report)` and
returns its `Job` at once; one job runs at a time, in a worker thread, the others wait
their turn. `work` calls `report(stage, percent)` as it goes and returns a JSON-ready
result; an exception fails the job with its message. Jobs live as long as the process
(the app is rebuilt on every reload, so they are not kept on it).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from app.i18n import N_, Said

log = logging.getLogger("argmap")
KEEP = 200  # finished jobs remembered, the oldest forgotten first


class JobFailed(Said):
    """A failure whose message is for the person who started the job (no traceback),
    shown in the language of the page that shows it."""


WAITING = N_("Waiting for the previous job")  # a stage the job page translates


@dataclass
class Job:
    id: str
    title: str
    status: str = "waiting"  # waiting, running, done, failed
    stage: str = WAITING
    progress: int = 0
    result: dict | None = None
    failure: JobFailed | None = None
    started: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def view(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "stage": self.stage,
            "progress": self.progress,
            "result": self.result,
            "error": self.failure.said() if self.failure else None,  # in the asking page's language
            "finished": self.finished,
        }


class Jobs:
    """A queue of jobs run one at a time by a single worker thread."""

    def __init__(self):
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-job")

    def start(self, title: str, work: Callable[[Callable[[str, int], None]], dict]) -> Job:
        job = Job(secrets.token_hex(8), title)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, work) -> None:
        def report(stage: str, percent: int) -> None:
            job.stage, job.progress = stage, max(job.progress, min(100, int(percent)))

        job.status = "running"
        report("Starting", 1)
        try:
            job.result = work(report)
        except JobFailed as exc:
            job.failure, job.status = exc, "failed"
        except Exception as exc:  # a job's failure is shown on its page, the server goes on
            log.exception("job %s (%s) failed", job.id, job.title)
            unexpected = JobFailed(N_("an unexpected error: %(error)s"), error=f"{type(exc).__name__}: {exc}")
            job.failure, job.status = unexpected, "failed"
        else:
            job.stage, job.progress, job.status = "Done", 100, "done"

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished]
        for old in sorted(finished, key=lambda j: j.started)[: max(0, len(finished) - KEEP)]:
            del self._jobs[old.id]


_RUNNER: Jobs | None = None
_RUNNER_LOCK = threading.Lock()


def runner() -> Jobs:
    """The process's jobs."""
    global _RUNNER
    with _RUNNER_LOCK:
        if _RUNNER is None:
            _RUNNER = Jobs()
        return _RUNNER
