"""Start-up: time and peak RSS to load 1k, 10k and 100k synthetic arguments.

    python bench/load.py [--sizes 1000,10000] [--skip-plain]

Each measurement runs in a fresh subprocess (so peak RSS is that load's alone):
- plain:    `app.seeds.load_graph(seeds)`, what `create_app` does today (YAML, quote location, graph);
- build:    `app.snapshot.load_graph_cached` with an empty cache: the same load with the
            collector paused (a new deploy's very first start); as in the server, the
            snapshot is then written by a thread while the app serves (its time is
            printed apart, and the peak RSS includes it);
- snapshot: `load_graph_cached` again: the snapshot read back (every later start and worker);
- changed:  `load_graph_cached` after one argument's label changed in one curated file
            (a copy of the corpus): the first start after a data change, which reads and
            validates again only that file (app.filecache) and builds the graph.
Goals (docs/architecture.md): at 100k arguments, the first start after a data change
< 10 s and < 1 GB RSS; the start from the snapshot < 1 s. The machine is shared: run it
twice and read the load averages printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# ARGMAP_BENCH_CODE: measure another checkout of the app (e.g. with a loader patch applied)
sys.path[:0] = [os.environ.get("ARGMAP_BENCH_CODE") or str(HERE.parent), str(HERE)]

from synthetic import SIZES, ensure_corpus  # noqa: E402

GOAL_SECONDS, GOAL_MB = 10.0, 1024
GOAL_SNAPSHOT_SECONDS = 1.0


def child(mode: str, seeds: str, cache: str) -> None:
    """Runs in the subprocess: one load, then print its figures as JSON."""

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from app import snapshot
    from app.seeds import load_graph

    baseline = rss_mb()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    if mode == "plain":
        graph = load_graph(Path(seeds))
    else:  # as the server does: the snapshot of the next start is written behind
        graph = snapshot.load_graph_cached(Path(seeds), Path(cache), write_behind=True)
        assert snapshot.last_load.source == ("snapshot" if mode == "snapshot" else "built"), snapshot.last_load
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    snapshot.wait_for_writes()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime,
                "write_seconds": snapshot.last_load.write_seconds,
                "peak_mb": rss_mb(),
                "import_mb": baseline,
                "nodes": graph.g.number_of_nodes(),
                "edges": graph.g.number_of_edges(),
            }
        )
    )


def edited_copy(seeds: Path, target: Path) -> Path:
    """A copy of the corpus where one argument of one curated file says something else
    (`target` named as `seeds` is: messages, and so what is kept per file, name the folder)."""
    shutil.copytree(seeds, target)
    path = sorted((target / "curated").glob("doc-*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    assert 'label: "' in text, path
    path.write_text(text.replace('label: "', 'label: "Edited: ', 1), encoding="utf-8")
    return target


def measure(mode: str, seeds: Path, cache: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(seeds), str(cache)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if out.returncode:
        sys.exit(f"{mode} load of {seeds} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--skip-plain", action="store_true", help="only the snapshot build and read")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"{'arguments':>10} {'relations':>10} | {'plain s':>8} {'MB':>6} | {'build s':>8} {'MB':>6} "
        f"| {'snapshot s':>10} {'MB':>6} | {'changed s':>9} {'MB':>6} | {'snap MB/file':>12}"
    )
    rows = []
    for n in sizes:
        seeds = ensure_corpus(n)
        cache = Path(tempfile.mkdtemp(prefix="argmap-snapshot-"))
        try:
            plain = None if args.skip_plain else measure("plain", seeds, cache)
            build = measure("build", seeds, cache)
            snap = measure("snapshot", seeds, cache)
            size_mb = sum(p.stat().st_size for p in cache.glob("*.pickle")) / 1e6
            changed = measure("changed", edited_copy(seeds, cache / "edited" / seeds.name), cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        rows.append((n, plain, build, snap, changed))
        p = f"{plain['seconds']:>8.2f} {plain['peak_mb']:>6.0f}" if plain else f"{'-':>8} {'-':>6}"
        print(
            f"{n:>10,} {snap['edges']:>10,} | {p} | {build['seconds']:>8.2f} {build['peak_mb']:>6.0f} "
            f"| {snap['seconds']:>10.2f} {snap['peak_mb']:>6.0f} | {changed['seconds']:>9.2f} {changed['peak_mb']:>6.0f} "
            f"| {size_mb:>12.1f}",
            flush=True,
        )

    if len(rows) > 1:
        (n0, p0, b0, s0, _), (n1, p1, b1, s1, _) = rows[0], rows[-1]
        growth = n1 / n0
        print(
            f"growth ×{growth:.0f} in size: plain ×{p1['seconds'] / p0['seconds']:.1f} time"
            if p0 and p1
            else f"growth ×{growth:.0f} in size:",
            end="",
        )
        print(f", build ×{b1['seconds'] / b0['seconds']:.1f}, snapshot ×{s1['seconds'] / s0['seconds']:.1f} time")
    big = rows[-1]
    n, plain, build, snap, changed = big
    print(f"goals at {n:,} arguments (plain load and empty cache: for reference)")
    for name, r, seconds, mb in (
        ("plain load_graph", plain, None, None),
        ("very first start (empty cache)", build, None, None),
        ("first start after a data change", changed, GOAL_SECONDS, GOAL_MB),
        ("start from snapshot", snap, GOAL_SNAPSHOT_SECONDS, GOAL_MB),
    ):
        if r:
            goal = ""
            if seconds is not None:
                met = r["seconds"] < seconds and r["peak_mb"] < mb
                goal = f"goal < {seconds:.0f} s, < {mb} MB: {'met' if met else 'MISSED'}"
            print(f"  {name:<34} {r['seconds']:6.2f} s {r['peak_mb']:6.0f} MB  (CPU {r['cpu_seconds']:6.2f} s)  {goal}")
            if r.get("write_seconds"):
                print(f"  {'':<34} then {r['write_seconds']:.2f} s writing the snapshot behind, while serving")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
