"""The cost of one `argmap import` beside large maps already imported.

    python bench/imports.py [--present 4] [--size 2500]

A copy of the shipped seeds gains --present imported maps of --size arguments each
(written as `argmap import` writes them), then `argmap import` runs as a command, as a
curator runs it, on a small AIF map (10 arguments) and on one of --size arguments; each
import is removed before the next. Goal: an import's cost follows the size of the map it
imports, not that of the maps already there (the small import well under 1 s however
many large maps are present).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("ARGMAP_BENCH_CODE") or HERE.parent).resolve()
sys.path[:0] = [str(ROOT)]

GOAL_SMALL_S = 1.0


def aif_map(n: int) -> dict:
    """An AIF map of n claims, each but the first supporting or attacking an earlier one."""
    nodes = [
        {"nodeID": str(i), "text": f"Claim number {i}, a sentence long enough to read like a real quote.", "type": "I"}
        for i in range(n)
    ]
    edges = []
    for i in range(1, n):
        scheme = f"s{i}"
        nodes.append(
            {
                "nodeID": scheme,
                "text": "Default Inference" if i % 3 else "Default Conflict",
                "type": "RA" if i % 3 else "CA",
            }
        )
        edges += [
            {"edgeID": f"e{i}a", "fromID": str(i), "toID": scheme},
            {"edgeID": f"e{i}b", "fromID": scheme, "toID": str(i // 2)},
        ]
    return {"nodes": nodes, "edges": edges, "locutions": []}


def argmap_import(seeds: Path, source: Path) -> float:
    """Seconds one `argmap import` takes; exits on failure."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app", "--seeds", str(seeds), "import", "--format", "aif", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"import failed:\n{done.stderr[-3000:]}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--present", type=int, default=4, help="large maps already imported (default 4)")
    parser.add_argument("--size", type=int, default=2500, help="arguments of each large map (default 2500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="argmap-imports-") as tmp:
        work = Path(tmp)
        seeds = work / "seeds"
        shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns("imported"))
        sources = {}
        for name, n in (("small", 10), ("large", args.size)):
            sources[name] = work / f"{name}.json"
            sources[name].write_text(json.dumps(aif_map(n)), encoding="utf-8")
        start = argmap_import(seeds, sources["large"])  # also checks the tool works on this copy
        (seeds / "imported" / "large.yaml").rename(seeds / "imported" / "present-0.yaml")
        for k in range(1, args.present):
            text = (seeds / "imported" / "present-0.yaml").read_text(encoding="utf-8")
            (seeds / "imported" / f"present-{k}.yaml").write_text(
                text.replace("present-0", f"present-{k}")
                .replace("large-", f"present-{k}-")
                .replace("imported-large", f"imported-present-{k}"),
                encoding="utf-8",
            )
        # the copies need their own ids: rename inside the first one last
        first = seeds / "imported" / "present-0.yaml"
        first.write_text(
            first.read_text(encoding="utf-8")
            .replace("large-", "present-0-")
            .replace("imported-large", "imported-present-0"),
            encoding="utf-8",
        )
        print(
            f"{args.present} maps of {args.size:,} arguments present "
            f"({sum(p.stat().st_size for p in (seeds / 'imported').glob('*.yaml')) / 1e6:.1f} MB of YAML); "
            f"the first import into the empty folder took {start:.2f} s"
        )
        figures = {}
        for name in ("small", "large"):
            runs = []
            for _ in range(3):
                runs.append(argmap_import(seeds, sources[name]))
                (seeds / "imported" / f"{name}.yaml").unlink()
            figures[name] = min(runs)
            print(f"  import of the {name} map: {figures[name]:.2f} s (best of 3)")
    print(
        f"goal: the small import under {GOAL_SMALL_S:.0f} s with large maps present: {figures['small']:.2f} s "
        f"{'met' if figures['small'] < GOAL_SMALL_S else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
