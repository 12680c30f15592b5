"""Start-up: time and peak RSS to load 1k, 10k and 100k synthetic arguments.

    python bench/load.py [--sizes 1000,10000] [--skip-plain]

Each measurement runs in a fresh subprocess (so peak RSS is that load's alone):
- plain:    `app.seeds.load_graph(seeds)`, what `create_app` does today (YAML, quote location, graph);
- build:    `app.snapshot.load_graph_cached` with an empty cache: the same load with the
            collector paused, then the snapshot written (a deploy's first start);
- snapshot: `load_graph_cached` again: the snapshot read back (every later start and worker).
Goal (docs/architecture.md): 100k arguments load in < 10 s and < 1 GB RSS.
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


def child(mode: str, seeds: str, cache: str) -> None:
    """Runs in the subprocess: one load, then print its figures as JSON."""

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    from app import snapshot
    from app.seeds import load_graph

    baseline = rss_mb()
    started = time.perf_counter()
    if mode == "plain":
        graph = load_graph(Path(seeds))
    else:
        graph = snapshot.load_graph_cached(Path(seeds), Path(cache))
        assert snapshot.last_load.source == ("built" if mode == "build" else "snapshot"), snapshot.last_load
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": rss_mb(),
                "import_mb": baseline,
                "nodes": graph.g.number_of_nodes(),
                "edges": graph.g.number_of_edges(),
            }
        )
    )


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
        f"| {'snapshot s':>10} {'MB':>6} | {'snap MB/file':>12}"
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
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        rows.append((n, plain, build, snap))
        p = f"{plain['seconds']:>8.2f} {plain['peak_mb']:>6.0f}" if plain else f"{'-':>8} {'-':>6}"
        print(
            f"{n:>10,} {snap['edges']:>10,} | {p} | {build['seconds']:>8.2f} {build['peak_mb']:>6.0f} "
            f"| {snap['seconds']:>10.2f} {snap['peak_mb']:>6.0f} | {size_mb:>12.1f}",
            flush=True,
        )

    if len(rows) > 1:
        (n0, p0, b0, s0), (n1, p1, b1, s1) = rows[0], rows[-1]
        growth = n1 / n0
        print(
            f"growth ×{growth:.0f} in size: plain ×{p1['seconds'] / p0['seconds']:.1f} time"
            if p0 and p1
            else f"growth ×{growth:.0f} in size:",
            end="",
        )
        print(f", build ×{b1['seconds'] / b0['seconds']:.1f}, snapshot ×{s1['seconds'] / s0['seconds']:.1f} time")
    big = rows[-1]
    n, plain, build, snap = big
    print(f"goal at {n:,} arguments: start-up < {GOAL_SECONDS:.0f} s and < {GOAL_MB} MB RSS")
    for name, r in (
        ("plain load_graph", plain),
        ("first start (build + snapshot)", build),
        ("start from snapshot", snap),
    ):
        if r:
            ok = r["seconds"] < GOAL_SECONDS and r["peak_mb"] < GOAL_MB
            print(f"  {name:<32} {r['seconds']:6.2f} s {r['peak_mb']:6.0f} MB  {'met' if ok else 'MISSED'}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
