"""How fast the map lays out in headless Chromium: the whole seed map and a synthetic
500-argument tree, each beside its goal (docs/architecture.md, Goals: "a 500-argument map is laid
out and interactive in under 1 s").

Uses the running app at ARGMAP_BENCH_SERVER if set, else starts its own uvicorn on a
free port. Layout time is performance.now() around the dagre layout (every component,
packing and fit) until it stops; "interactive" adds adding the elements, styling and
the first two painted frames. Screenshots go to test-results/bench/.

    .venv/bin/python bench/map_layout.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-results" / "bench"
CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GOAL_MS = 1000

WORDS = ("les marques doivent mesurer le retour sur investissement des réseaux sociaux avant "
         "de payer pour une présence que leurs clients ignorent souvent car la publicité "
         "reste plus simple à suivre et les communautés demandent du temps des gens et une "
         "stratégie claire sur plusieurs années").split()


def synthetic_tree(n: int = 500, roots: int = 6, seed: int = 7) -> dict:
    """A random debate tree in /api/graph's shape: `roots` main claims, every other
    argument supporting (70%) or attacking one earlier argument, a few undercuts."""
    rng = random.Random(seed)
    nodes, edges = [], []
    for i in range(n):
        words = rng.randint(5, 16)
        label = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()
        nodes.append({"data": {
            "id": f"a{i}", "label": label, "label_fr": label, "quote": label + ".",
            "speaker": None, "speaker_name": None, "year": 2011, "document": "synthetic",
            "document_title": "Synthetic", "segment": "body",
            "origin": "extracted" if i % 9 == 8 else "curated", "confidence": 0.7,
            "main": i < roots, "tags": [], "url": f"/arguments/a{i}", "supporters": 0, "attackers": 0}})
        if i >= roots:
            target = rng.randrange(max(0, i - 60), i) if rng.random() < 0.8 else rng.randrange(i)
            kind = "support" if rng.random() < 0.7 else "attack"
            edges.append({"data": {"id": f"a{i}|{kind}|a{target}", "source": f"a{i}", "target": f"a{target}",
                                   "kind": kind, "origin": "curated"}})
    for e in rng.sample(edges, 8):  # undercut a few inferences
        s = rng.randrange(n)
        premise, conclusion = e["data"]["source"], e["data"]["target"]
        if f"a{s}" in (premise, conclusion):
            continue
        edges.append({"data": {"id": f"a{s}|undercut|{premise}->{conclusion}", "source": f"a{s}", "target": conclusion,
                               "kind": "undercut", "origin": "curated", "undercuts": f"{premise}->{conclusion}"}})
    return {"nodes": nodes, "edges": edges}


def start_server() -> tuple[str, subprocess.Popen | None]:
    if os.environ.get("ARGMAP_BENCH_SERVER"):
        return os.environ["ARGMAP_BENCH_SERVER"].rstrip("/"), None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.web:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/graph", timeout=2).read()
            return base, proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start")


DRAW = """async elements => {
    const t0 = performance.now();
    const r = await window.argmap.drawElements(elements);
    await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
    return {layout: r.layoutMs, interactive: performance.now() - t0};
}"""


def measure(page, elements: dict, runs: int) -> tuple[float, float]:
    layouts, interactive = [], []
    for _ in range(runs):
        r = page.evaluate(DRAW, elements)
        layouts.append(r["layout"])
        interactive.append(r["interactive"])
    return statistics.median(layouts), statistics.median(interactive)


def line(name: str, ms: float, goal: str) -> str:
    verdict = "ok" if ms < GOAL_MS else "OVER"
    return f"{name:<44} {ms:8.0f} ms   goal: {goal:<28} {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    base, proc = start_server()
    try:
        seed = json.load(urllib.request.urlopen(base + "/api/graph", timeout=10))
        tree = synthetic_tree()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(base + "/map")
            page.wait_for_selector("#argmap[data-state=ready]", timeout=30000)
            first = page.evaluate("window.argmap.page.layoutMs")
            seed_layout, seed_ready = measure(page, seed["elements"], args.runs)
            page.screenshot(path=str(OUT / "map-seed.png"))
            tree_layout, tree_ready = measure(page, tree, args.runs)
            page.evaluate("window.argmap.cy.fit(undefined, 20)")
            page.screenshot(path=str(OUT / "map-500.png"))
            version = browser.version
            browser.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)

    n, m = seed["count"]["nodes"], seed["count"]["edges"]
    print(f"Map layout in headless Chromium {version} (median of {args.runs} runs; dagre, top-down)")
    print(line(f"seed map, {n} arguments / {m} relations: layout", seed_layout, "seed map < 1 s"))
    print(line("seed map: drawn and interactive", seed_ready, "seed map < 1 s"))
    print(f"{'  (first layout on page load)':<44} {first:8.0f} ms")
    print(line(f"synthetic tree, {len(tree['nodes'])} arguments: layout", tree_layout, "500 nodes interactive < 1 s"))
    print(line("synthetic tree: drawn and interactive", tree_ready, "500 nodes interactive < 1 s"))
    print(f"screenshots: {OUT / 'map-seed.png'}  {OUT / 'map-500.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
