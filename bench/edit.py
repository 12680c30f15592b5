"""How long a curator's edit takes to reach readers, on the seeds and on 10,000 arguments.

    python bench/edit.py [--sizes seeds,10000] [--repeat 5]

One edit is what the browser's "Edit" does: the argument found among the curated files and
its label changed (`app/curating.py`) through the store (`app/store.py`: the change is
validated by building the graph it gives, then written atomically), and the validated
graph handed to the served app
(`Reloadable.install`), after which the next request reads it. Timed from the start of the
change to the first answer that shows the new label. Goals: under 200 ms on the seeds and
under 2 s on a 10,000-argument corpus.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import ensure_corpus  # noqa: E402

GOALS = {"seeds": 0.2, 10000: 2.0}


def measure(seeds: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of each edit, wall clock and CPU of this process (the first edit included:
    the store's first change reads every file, as a server's first change does)."""
    from fastapi.testclient import TestClient

    from app.curating import edit_argument
    from app.reloading import Reloadable
    from app.seeds import load_graph
    from app.settings import Settings
    from app.store import Store
    from app.web import create_app
    from app.yamledit import load_roundtrip

    settings = Settings(seeds_dir=seeds, watch_seconds=0)
    served = Reloadable(lambda graph: create_app(settings, graph), lambda: load_graph(seeds))
    client = TestClient(served)
    store = Store(seeds)
    # the last curated file's first argument: finding it is part of the edit, as in the browser
    for path in sorted((seeds / "curated").glob("*.yaml"), reverse=True):
        data = load_roundtrip(path.read_text(encoding="utf-8"))
        if data.get("arguments"):
            break
    arg_id = data["arguments"][0]["id"]
    client.get(f"/api/arguments/{arg_id}")
    times, cpu = [], []
    for n in range(repeat):
        label = f"Edited label number {n}"

        def make(files, label=label):
            edit_argument(files, arg_id, None, {"label": label})

        start, start_cpu = time.perf_counter(), time.process_time()
        change = store.change(f"Edit {arg_id}", make)
        served.install(change.graph)
        shown = client.get(f"/api/arguments/{arg_id}").json()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert label in str(shown), shown
    return times, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seeds,10000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'corpus':>8} {'median s':>9} {'max s':>7} {'first s':>8} {'CPU median s':>13} {'goal s':>7}")
    failed = False
    for size in args.sizes.split(","):
        key = "seeds" if size == "seeds" else int(size)
        source = HERE.parent / "seeds" if key == "seeds" else ensure_corpus(key)
        with tempfile.TemporaryDirectory(prefix="argmap-edit-") as tmp:
            seeds = Path(tmp) / "seeds"
            shutil.copytree(source, seeds, ignore=shutil.ignore_patterns(".complete"))
            times, cpu = measure(seeds, args.repeat)
        median, goal = statistics.median(times), GOALS[key]
        failed |= median > goal
        print(
            f"{size:>8} {median:>9.3f} {max(times):>7.3f} {times[0]:>8.3f} {statistics.median(cpu):>13.3f} "
            f"{goal:>7.1f}  {'met' if median <= goal else 'NOT met'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
