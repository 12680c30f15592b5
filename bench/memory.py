"""Memory: resident set per argument for the graph alone and for the whole app.

    python bench/memory.py [--sizes 1000,10000,100000]

Each size in a fresh subprocess: RSS after importing the app (baseline), after loading
the graph from its snapshot, and after `create_app` (search index, templates); the
difference divided by the number of arguments. Document texts are counted with the
graph (they are part of it), and reported separately.
Goal (docs/architecture.md): 100k arguments in < 1 GB, i.e. < ~10 KB per argument with the app.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from synthetic import SIZES, ensure_corpus  # noqa: E402

GOAL_MB_AT_100K = 1024


def resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(seeds: str, cache: str) -> None:
    from app import snapshot
    from app.web import create_app

    gc.collect()
    baseline = resident_mb()
    graph = snapshot.load_graph_cached(Path(seeds), Path(cache))
    assert snapshot.last_load.source == "snapshot", snapshot.last_load
    gc.collect()
    with_graph = resident_mb()
    create_app(graph=graph)
    gc.collect()
    with_app = resident_mb()
    text_mb = sum(len(d.text.encode("utf-8")) for d in graph.corpus.documents.values()) / 2**20
    print(
        json.dumps(
            {
                "baseline": baseline,
                "graph": with_graph,
                "app": with_app,
                "text_mb": text_mb,
                "n": graph.g.number_of_nodes(),
                "edges": graph.g.number_of_edges(),
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    cache = Path(tempfile.gettempdir()) / "argmap-bench" / "snapshots"
    print(
        f"{'arguments':>10} | {'baseline MB':>11} {'graph MB':>9} {'app MB':>7} | {'texts MB':>8} | "
        f"{'KB/arg graph':>12} {'KB/arg app':>10}"
    )
    last = None
    for n in (int(s) for s in args.sizes.split(",")):
        seeds = ensure_corpus(n)
        # first a process that builds the snapshot if needed, then the one measured
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from app import snapshot; "
                "snapshot.load_graph_cached(Path(sys.argv[1]), Path(sys.argv[2]))",
                str(seeds),
                str(cache),
            ],
            check=True,
            timeout=900,
            cwd=HERE.parent,
        )
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(seeds), str(cache)], capture_output=True, text=True, timeout=900
        )
        if out.returncode:
            sys.exit(out.stderr[-3000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
        per_graph = (r["graph"] - r["baseline"]) * 1024 / r["n"]
        per_app = (r["app"] - r["baseline"]) * 1024 / r["n"]
        print(
            f"{r['n']:>10,} | {r['baseline']:>11.0f} {r['graph']:>9.0f} {r['app']:>7.0f} | {r['text_mb']:>8.1f} | "
            f"{per_graph:>12.2f} {per_app:>10.2f}",
            flush=True,
        )
        last = r
    projected = last["baseline"] + (last["app"] - last["baseline"]) * 100_000 / last["n"]
    print(
        f"goal: 100k arguments with the app < {GOAL_MB_AT_100K} MB: {projected:.0f} MB "
        f"{'(measured)' if last['n'] == 100_000 else '(projected)'} "
        f"{'met' if projected < GOAL_MB_AT_100K else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
