"""Query latency at 1k, 10k and 100k arguments: focus neighbourhoods and filtered subgraphs.

    python bench/queries.py [--sizes 1000,10000] [--samples 2000]

For random arguments (fixed seed), times:
- focus:     `neighbourhood(graph, id, depth=1)` (what /api/arguments/{id} and the map's
             side panel ask), and `around(graph, [id], 2)` (the permalink's chains);
- permalink: `views.argument_detail(graph, id, depth=2)`, everything the page renders;
- filtered:  `select_page` (the first page the map shows, `max_map_nodes` arguments, and
             the total) + `edges_within` that page, for a random author, a 3-year range,
             or a document (what /api/graph?author=… draws).
Goals (docs/architecture.md): focus query p50 < 5 ms at 100k, growing with the
neighbourhood, not the graph (the µs per neighbour column stays flat across sizes); every
query's p95 < 10 ms at 100k. The machine is shared: run it twice and read the load
averages printed before and after.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from synthetic import SIZES, ensure_corpus  # noqa: E402

GOAL_FOCUS_P50_MS = 5.0
GOAL_P95_MS = 10.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(fn, items) -> tuple[list[float], list, list[float]]:
    """Milliseconds per call (wall clock), the results, and the CPU milliseconds per call
    (what a busy shared machine disturbs much less than the wall clock)."""
    times, results, cpu = [], [], []
    for item in items:
        started, cpu_started = time.perf_counter_ns(), time.process_time_ns()
        result = fn(item)
        times.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.process_time_ns() - cpu_started) / 1e6)
        results.append(result)
    return times, results, cpu


def kind_of(f) -> str:
    """The kind of a sampled filter, as the rows of the breakdown name it."""
    return "author" if f.authors else "document" if f.document else "from/to (3 years)"


def by_kind(filters: list, times: list[float], cpu: list[float]) -> list[str]:
    """p95 per kind of filter, and the slowest filters themselves."""
    lines = []
    for kind in sorted({kind_of(f) for f in filters}):
        wall = [t for f, t in zip(filters, times) if kind_of(f) == kind]
        spent = [c for f, c in zip(filters, cpu) if kind_of(f) == kind]
        lines.append(
            f"  {kind:<20} p50 {pct(wall, 0.5):7.3f}  p95 {pct(wall, 0.95):7.3f}  CPU p95 {pct(spent, 0.95):7.3f} ms"
        )
    worst = sorted(zip(cpu, times, filters), key=lambda row: row[0], reverse=True)[:5]
    for c, t, f in worst:
        query = "&".join(f"{k}={v}" for k, v in f.query())
        lines.append(f"  slowest: {query:<40} {t:7.3f} ms ({c:.3f} ms CPU)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args()

    from app import snapshot
    from app.graph import Filters, around, edges_within, neighbourhood, select_page
    from app.settings import Settings
    from app.web import views

    page_size = Settings().max_map_nodes

    cache = Path(tempfile.gettempdir()) / "argmap-bench" / "snapshots"
    print(
        f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
        f"{args.samples} samples per query and size; times in ms"
    )
    header = (
        f"{'arguments':>10} | {'query':<30} | {'p50':>7} {'p95':>7} {'max':>7} {'CPU p95':>7} | "
        f"{'result p50':>10} | {'µs/neighbour':>12}"
    )
    print(header)
    print("-" * len(header))
    summary = {}
    slowest: dict[int, list[str]] = {}
    for n in (int(s) for s in args.sizes.split(",")):
        graph = snapshot.load_graph_cached(ensure_corpus(n), cache)
        snapshot.freeze()
        rng = random.Random(n)
        ids = list(graph.g.nodes)
        sample = [rng.choice(ids) for _ in range(args.samples)]
        people = [p for p in graph.by_author if p is not None]
        years = graph.years
        docs = list(graph.corpus.documents)
        filters = []
        for i in range(args.samples):
            which = i % 3
            if which == 0:
                filters.append(Filters(authors=(rng.choice(people),)))
            elif which == 1:
                y = rng.choice(years)
                filters.append(Filters(year_from=y, year_to=y + 2))
            else:
                filters.append(Filters(document=rng.choice(docs)))

        def focus(arg_id):
            return len(neighbourhood(graph, arg_id, 1)["within"])  # noqa: F821

        def chains(arg_id):
            return len(around(graph, [arg_id], 2))  # noqa: F821

        def permalink(arg_id):
            return len(views.argument_detail(graph, arg_id, depth=2)["neighbourhood"]["ids"])  # noqa: F821

        def filtered(f):
            page, total = select_page(graph, f, 0, page_size)  # noqa: F821
            return len(page) + len(edges_within(graph, page, f.kinds))  # noqa: F821

        def by_author(f):
            return filtered(f) if f.authors else None

        rows = [
            ("focus: neighbourhood depth 1", focus, sample),
            ("chains: around depth 2", chains, sample),
            ("permalink: argument_detail", permalink, sample),
            ("filtered: page+edges_within", filtered, filters),
        ]
        for name, fn, items in rows:
            timed(fn, items[:50])  # warm-up
            times, results, cpu = timed(fn, items)
            if fn is filtered:
                slowest[n] = by_kind(items, times, cpu)
            sizes = [r for r in results if r is not None]
            per = statistics.median(t * 1000 / max(1, r) for t, r in zip(times, results))
            print(
                f"{n:>10,} | {name:<30} | {pct(times, 0.5):7.3f} {pct(times, 0.95):7.3f} {max(times):7.2f} "
                f"{pct(cpu, 0.95):7.3f} | "
                f"{statistics.median(sizes):>10.0f} | {per:>12.2f}",
                flush=True,
            )
            summary[(n, name)] = (pct(times, 0.5), pct(times, 0.95), per, pct(cpu, 0.95))
        unfiltered = [timed(lambda _: filtered(Filters()), [0])[0][0] for _ in range(3)]
        print(
            f"{n:>10,} | {'unfiltered: whole graph':<30} | {statistics.median(unfiltered):7.1f} "
            f"{'':>7} {max(unfiltered):7.1f} {'':>7} | {n:>10,} |  (what /api/graph with no filter costs)"
        )
        del graph
        gc.unfreeze()
        gc.collect()

    for n, lines in slowest.items():
        print(f"\nfiltered at {n:,}, by kind of filter (which combinations cost most):")
        print("\n".join(lines))
    big = max(n for n, _ in summary)
    small = min(n for n, _ in summary)
    worst = max((p95, name) for (n, name), (_, p95, _, _) in summary.items() if n == big)
    worst_cpu = max(cpu_p95 for (n, _), (_, _, _, cpu_p95) in summary.items() if n == big)
    print(
        f"goal: every query's p95 < {GOAL_P95_MS:.0f} ms at {big:,}: worst {worst[0]:.3f} ms ({worst[1]}) "
        f"{'met' if worst[0] < GOAL_P95_MS else 'MISSED'}; CPU time: worst p95 {worst_cpu:.3f} ms"
    )
    p50, p95, per, _ = summary[(big, "focus: neighbourhood depth 1")]
    print(
        f"goal: focus p50 < {GOAL_FOCUS_P50_MS} ms at {big:,}: {p50:.3f} ms "
        f"{'met' if p50 < GOAL_FOCUS_P50_MS else 'MISSED'}"
    )
    if big != small:
        per_small = summary[(small, "focus: neighbourhood depth 1")][2]
        print(
            f"goal: grows with the neighbourhood, not the graph: µs per neighbour {per_small:.2f} at {small:,} "
            f"→ {per:.2f} at {big:,} (×{per / per_small:.2f} for ×{big // small} arguments) "
            f"{'met' if per / per_small < 2 else 'MISSED'}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
