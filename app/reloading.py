"""Reloads that never show half a graph: the ASGI app the server runs.

`Reloadable` is an ASGI app that serves one complete app (built by `create_app`
over one graph) at a time. `reload()` builds the next graph and app fully, off
the request path, then swaps one reference: every request runs from start to end
on one generation, never on half of one. A broken corpus leaves the running one
in service. `create_reloadable_app()` is a uvicorn factory that reloads by itself
when a file of the seeds folder changes (`watch`), and on SIGHUP (single-process
servers; with `--workers N`, SIGHUP to the supervisor replaces the workers one by
one instead, each starting from the snapshot).
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from app.graph import ArgumentGraph
from app.seeds import fingerprint
from app.snapshot import freeze, gc_paused, load_graph_cached

log = logging.getLogger("argmap")
GIL_SWITCH_SECONDS = 0.001  # how long one thread may hold the GIL while another waits


class Reloadable:
    """ASGI app serving one generation (a complete app over one graph) at a time.

    `build(graph)` makes the app for a graph (e.g. `lambda g: create_app(settings, g)`);
    `load()` makes a graph (e.g. `lambda: load_graph_cached(settings.seeds_dir)`).
    """

    def __init__(
        self,
        build: Callable[[ArgumentGraph], Callable],
        load: Callable[[], ArgumentGraph],
        graph: ArgumentGraph | None = None,
    ):
        self._build = build
        self._load = load
        self._lock = threading.Lock()
        self.current = build(graph if graph is not None else load())
        self.current.state.reloader = self  # how a write hands the new graph over
        self.generation = 1

    @property
    def graph(self) -> ArgumentGraph:
        return self.current.state.graph

    async def __call__(self, scope, receive, send) -> None:
        app = self.current  # read once: the whole request (or lifespan) runs on this generation
        await app(scope, receive, send)

    def reload(self) -> bool:
        """Build the next graph and app completely, then swap them in.

        Returns True when a new generation is in service, False when the data did not
        change. A broken corpus raises DataError and the current generation stays.
        Safe to call from any thread; concurrent calls run one after the other.
        """
        with self._lock:
            return self._swap(self._load())

    def install(self, graph: ArgumentGraph) -> bool:
        """Serve `graph` from the next request on (the store hands over the graph it
        validated a change with, so a reader sees an edit without a second load)."""
        with self._lock:
            return self._swap(graph)

    def _swap(self, graph: ArgumentGraph) -> bool:
        if graph.version == self.graph.version:
            return False
        with gc_paused():  # many long-lived objects at once: no collection meanwhile
            app = self._build(graph)  # templates, search index, routes: all before the swap
        app.state.reloader = self
        self.current = app  # one reference assignment: atomic for every reader
        self.generation += 1
        if gc.get_freeze_count():  # let the previous generation be collected, freeze this one
            gc.unfreeze()
            freeze()
        log.info("reloaded: corpus version %s (generation %d)", graph.version, self.generation)
        return True

    async def areload(self) -> bool:
        """`reload()` in a worker thread, so the event loop keeps serving meanwhile."""
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self.reload)

    def reload_in_background(self, *_signal_args) -> None:
        """Signal-handler friendly: start a reload thread and return at once."""

        def run():
            try:
                self.reload()
            except Exception as exc:  # DataError: keep serving the current corpus
                log.error("reload failed, still serving version %s:\n%s", self.graph.version, exc)

        threading.Thread(target=run, name="argmap-reload", daemon=True).start()


def watch(app: Reloadable, seeds_dir: Path, every: float) -> threading.Thread:
    """Reload `app` whenever the files of `seeds_dir` change, checking every `every`
    seconds (names, sizes and times only); a broken change is logged and the current
    graph stays in service until a good one comes."""

    def run():
        last = fingerprint(seeds_dir)
        while True:
            time.sleep(every)
            now = fingerprint(seeds_dir)
            if now == last:
                continue
            last = now
            try:
                app.reload()
            except Exception as exc:  # DataError: keep serving the current corpus
                log.error("the seeds changed but do not load, still serving version %s:\n%s", app.graph.version, exc)

    thread = threading.Thread(target=run, name="argmap-watch", daemon=True)
    thread.start()
    return thread


def _log_to_stderr() -> None:
    """Reloads and load times are worth a line in the server's log (uvicorn configures
    only its own loggers)."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def create_reloadable_app() -> Reloadable:
    """uvicorn factory: `uvicorn app.reloading:create_reloadable_app --factory`.

    Loads from the snapshot, freezes the loaded graph out of the collector's way,
    reloads when the seeds change, and in place on SIGHUP when running in the main thread.
    """
    from app import database
    from app.settings import get_settings
    from app.web import create_app

    settings = get_settings()
    _log_to_stderr()
    database.engine(settings)  # the accounts and history schema, migrated before the first request
    # The event loop answers cached pages in microseconds but, beside a thread building a
    # page or loading a new graph, waits for the GIL at every socket call: up to the switch
    # interval each time (5 ms by default, so tens of ms per answer at p99).
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    app = Reloadable(
        lambda graph: create_app(settings, graph), lambda: load_graph_cached(settings.seeds_dir, write_behind=True)
    )
    freeze()
    if settings.watch_seconds > 0:
        watch(app, settings.seeds_dir, settings.watch_seconds)
    if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGHUP, app.reload_in_background)
    return app
