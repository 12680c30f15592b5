"""How fast the map opens in headless Chromium at 1366×900, each figure beside its goal:
the seed overview and a synthetic 500-argument debate laid out and interactive in under
1 s, a synthetic 5,000-argument map's overview in under 2 s (docs/architecture.md, Goals).

The layout runs on the server (app/layout.py): for the seeds the figure is a real page
load (the /api/graph request, which lays the map out, then drawing until two frames are
painted); for the synthetic maps it is the same layout run in this process, its JSON,
and drawing that answer in the open page. Uses the running app at ARGMAP_BENCH_SERVER
if set, else starts its own uvicorn on a free port. Screenshots go to test-results/bench/.

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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

WORDS = (
    "les marques doivent mesurer le retour sur investissement des réseaux sociaux avant "
    "de payer pour une présence que leurs clients ignorent souvent car la publicité "
    "reste plus simple à suivre et les communautés demandent du temps des gens et une "
    "stratégie claire sur plusieurs années"
).split()


def synthetic_tree(n: int = 500, roots: int = 6, seed: int = 7) -> dict:
    """A random debate tree in /api/graph's shape: `roots` main claims, every other
    argument supporting (70%) or attacking one earlier argument, a few undercuts."""
    rng = random.Random(seed)
    nodes, edges = [], []
    for i in range(n):
        words = rng.randint(5, 16)
        label = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()
        nodes.append(
            {
                "data": {
                    "id": f"a{i}",
                    "label": label,
                    "label_fr": label,
                    "quote": label + ".",
                    "speaker": None,
                    "speaker_name": None,
                    "year": 2011,
                    "document": "synthetic",
                    "document_title": "Synthetic",
                    "segment": "body",
                    "origin": "extracted" if i % 9 == 8 else "curated",
                    "confidence": 0.7,
                    "main": i < roots,
                    "tags": [],
                    "url": f"/arguments/a{i}",
                    "supporters": 0,
                    "attackers": 0,
                }
            }
        )
        if i >= roots:
            target = rng.randrange(max(0, i - 60), i) if rng.random() < 0.8 else rng.randrange(i)
            kind = "support" if rng.random() < 0.7 else "attack"
            edges.append(
                {
                    "data": {
                        "id": f"a{i}|{kind}|a{target}",
                        "source": f"a{i}",
                        "target": f"a{target}",
                        "kind": kind,
                        "origin": "curated",
                    }
                }
            )
    for e in rng.sample(edges, 8):  # undercut a few inferences
        s = rng.randrange(n)
        premise, conclusion = e["data"]["source"], e["data"]["target"]
        if f"a{s}" in (premise, conclusion):
            continue
        edges.append(
            {
                "data": {
                    "id": f"a{s}|undercut|{premise}->{conclusion}",
                    "source": f"a{s}",
                    "target": conclusion,
                    "kind": "undercut",
                    "origin": "curated",
                    "undercuts": f"{premise}->{conclusion}",
                }
            }
        )
    return {"nodes": nodes, "edges": edges}


def start_server() -> tuple[str, subprocess.Popen | None]:
    if os.environ.get("ARGMAP_BENCH_SERVER"):
        return os.environ["ARGMAP_BENCH_SERVER"].rstrip("/"), None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.web:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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


DRAW = """async answer => {
    const t0 = performance.now();
    const data = JSON.parse(answer);
    await window.argmap.drawAnswer(data);
    await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
    return performance.now() - t0;
}"""

OPEN = """async () => {
    await window.argmap.ready;
    await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
    return performance.now();
}"""


def answer(elements: dict, viewport: tuple[float, float], debate_title: str = "") -> tuple[str, float]:
    """An /api/graph-shaped answer for synthetic elements, laid out as the server does;
    returns its JSON and the milliseconds taken to lay out and serialise it."""
    from app import layout

    started = time.perf_counter()
    nodes = {n["data"]["id"]: n["data"] for n in elements["nodes"]}
    labels = {i: d["label"] for i, d in nodes.items()}
    main = {i for i, d in nodes.items() if d.get("main")}
    edges = [(e["data"]["source"], e["data"]["target"], e["data"]["kind"]) for e in elements["edges"]]
    forest = layout.build_forest([layout.Group("synthetic", debate_title, tuple(sorted(main)))], labels, main, edges)
    placed = layout.Planner(forest, nodes, viewport).plan()
    body = json.dumps(
        {
            "elements": elements,
            "layout": placed.as_dict(viewport),
            "total": len(nodes),
            "truncated": False,
            "facets": {},
            "count": {"nodes": len(nodes), "edges": len(elements["edges"])},
        }
    )
    return body, (time.perf_counter() - started) * 1000


def measure(page, elements: dict, viewport: tuple[float, float], runs: int) -> tuple[float, float, int]:
    """Median server-side ms, browser ms, and how many arguments the overview draws."""
    server, browser = [], []
    for _ in range(runs):
        body, ms = answer(elements, viewport)
        server.append(ms)
        browser.append(page.evaluate(DRAW, body))
    drawn = page.evaluate("window.argmap.cy.nodes('.arg').length")
    return statistics.median(server), statistics.median(browser), drawn


def line(name: str, ms: float, goal_ms: float, goal: str) -> str:
    verdict = "ok" if ms < goal_ms else "OVER"
    return f"{name:<52} {ms:8.0f} ms   goal: {goal:<34} {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    base, proc = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            opens = []
            for _ in range(args.runs):
                page.goto(base + "/map")
                opens.append(page.evaluate(OPEN))  # ms since navigation start
            seed_drawn = page.evaluate("window.argmap.cy.nodes('.arg').length")
            seed_total = page.evaluate("window.argmap.allIds().length")
            page.screenshot(path=str(OUT / "map-seed.png"))
            canvas = page.evaluate(
                """() => { const c = window.argmap.cy; return [c.width() - 32, c.height() - 80]; }"""
            )
            viewport = (float(canvas[0]), float(canvas[1]))
            tree_server, tree_browser, tree_drawn = measure(page, synthetic_tree(500), viewport, args.runs)
            page.screenshot(path=str(OUT / "map-500.png"))
            big_server, big_browser, big_drawn = measure(page, synthetic_tree(5000, roots=40), viewport, args.runs)
            page.screenshot(path=str(OUT / "map-5000.png"))
            version = browser.version
            browser.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)

    print(f"Map opening in headless Chromium {version} at 1366×900 (median of {args.runs} runs; layout on the server)")
    print(
        line(
            f"seed overview ({seed_drawn} of {seed_total} drawn): page open",
            statistics.median(opens),
            1000,
            "seed overview interactive < 1 s",
        )
    )
    print(f"{'  (first open, the server laying it out cold)':<52} {opens[0]:8.0f} ms")
    print(line(f"500-argument debate ({tree_drawn} drawn): layout + JSON", tree_server, 1000, ""))
    print(
        line(
            "500-argument debate: layout + drawn, interactive",
            tree_server + tree_browser,
            1000,
            "500 arguments interactive < 1 s",
        )
    )
    print(line(f"5,000-argument map ({big_drawn} drawn): layout + JSON", big_server, 2000, ""))
    print(
        line(
            "5,000-argument map: overview open, interactive",
            big_server + big_browser,
            2000,
            "5,000 arguments overview < 2 s",
        )
    )
    print(f"screenshots: {OUT / 'map-seed.png'}  {OUT / 'map-500.png'}  {OUT / 'map-5000.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
