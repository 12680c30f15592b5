"""HTTP throughput: an argument's permalink page against the server's ceiling, a bare ASGI
app answering a body of the same size under the same uvicorn in the same run (and a
static file of that size), and filtered /api/graph answers.

    python bench/http_rps.py [--sizes 1000,10000,100000] [--duration 5] [--connections 16]

Per corpus size, starts one uvicorn worker on 127.0.0.1 (the production entry point,
`app.reloading:create_reloadable_app`, loading from the snapshot) and one more running
bench/bare_asgi.py (the ceiling: every figure is printed as a ratio to it), then runs
wrk (Debian package `wrk`; bounded duration, loopback only) against:
- the bare ASGI app, answering a body of the permalink page's size, and the same with the
  permalink's headers (what uvicorn alone spends on them: the ceiling of any answer that
  carries them);
- a static file whose size is that of the permalink page (written to a private copy of
  static/, served by the same StaticFiles mount);
- that permalink, `/arguments/{id}`, again and again (what a shared link gets);
- 1000 different permalinks in turn (readers spread over the map);
- permalinks at URLs never seen before (`?fresh=N`), so every request renders the page:
  the worst case, what a crawler or an empty cache costs;
- the permalink revalidated with If-None-Match (what a browser or CDN sends), if tagged,
  and a bare 304 carrying the same headers (a revalidation's own ceiling: the goal's ratio
  compares a bodiless 304 with a full bare answer, which flatters it; "like with like"
  lines print each answer against the bare one with its headers);
- `/api/graph?document=…` and `/api/graph?around=…&depth=2` (what the map loads).
Goals: the cached permalink ≥ 0.6× the bare ASGI app's requests per second, its 304
revalidation ≥ 0.7×; no errors; filtered /api/graph answers stay small. The machine is
shared: run it twice, and read the load averages printed before and after.

    python bench/http_rps.py --sizes '' --imported 2500

With `--imported N` (default 2500, 0 to skip), a copy of the shipped seeds gains an
N-argument map imported from another tool (one paragraph per quote, as
tests/test_long_documents.py builds it). The largest page of its document (the document
page and each of its parts) is hammered by --connections clients while two more clients
read the seeds' permalinks, already cached, in turn; once with the same big page again
and again, once with a new URL each time (`?fresh=N`: every request renders it). Goal:
the permalinks' p99 stays under 50 ms however the big page is hit.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
# ARGMAP_BENCH_CODE: measure another checkout of the app (e.g. with a patch applied)
ROOT = Path(os.environ.get("ARGMAP_BENCH_CODE") or HERE.parent).resolve()
sys.path[:0] = [str(ROOT), str(HERE)]

from synthetic import SIZES, ensure_corpus, write_imported_map  # noqa: E402

GOAL_CACHED = 0.6  # cached permalink / bare ASGI
GOAL_NOT_MODIFIED = 0.7  # 304 revalidation / bare ASGI
GOAL_P99_UNDER_LOAD_MS = 50.0
HOST = "127.0.0.1"  # loopback only
# The same HTTP parser and event loop for every server of a run, named in its output (what
# uvicorn's "auto" picks when they are installed, as in production).
HTTP_IMPL = "httptools" if importlib.util.find_spec("httptools") else "h11"
LOOP_IMPL = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str,
    duration: int,
    connections: int,
    headers: dict | None = None,
    script: Path | None = None,
    pid: int | None = None,
) -> dict:
    """wrk's figures for one URL (or script); with `pid`, also the server's CPU time per
    answer, which a busy shared machine disturbs much less than requests per second."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    cpu_before = cpu_seconds(pid) if pid else 0.0
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60).stdout
    cpu = cpu_seconds(pid) - cpu_before if pid else float("nan")

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m[1]) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m[2]]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    done = re.search(r"(\d+) requests in", out)
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "cpu_us": cpu / int(done[1]) * 1e6 if done and int(done[1]) else float("nan"),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": errors + (int(non2xx[1]) if non2xx else 0),
        "raw": out,
    }


def start_server(seeds: Path, static: Path, cache: Path, port: int) -> subprocess.Popen:
    env = {
        "ARGMAP_SEEDS_DIR": str(seeds),
        "ARGMAP_STATIC_DIR": str(static),
        "ARGMAP_CACHE_DIR": str(cache),
    }
    return start_uvicorn(["app.reloading:create_reloadable_app", "--factory"], env, port, "/api/debates")


def start_bare(body_bytes: int, port: int, headers: list | None = None, status: int = 200) -> subprocess.Popen:
    """The bare ASGI app (bench/bare_asgi.py) answering `body_bytes` bytes, with `headers`
    (with status 304: those headers and no body)."""
    arguments = ["bare_asgi:app", "--app-dir", str(HERE), "--lifespan", "off"]
    env = {
        "ARGMAP_BARE_BYTES": str(body_bytes),
        "ARGMAP_BARE_HEADERS": json.dumps(headers or []),
        "ARGMAP_BARE_STATUS": str(status),
    }
    return start_uvicorn(arguments, env, port, "/", status)


def start_uvicorn(arguments: list[str], env: dict, port: int, ready_path: str, ready: int = 200) -> subprocess.Popen:
    """One uvicorn worker on the loopback, the same flags for every app; returns once
    `ready_path` answers with the status `ready`."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            *arguments,
            "--host",
            HOST,
            "--port",
            str(port),
            "--http",
            HTTP_IMPL,
            "--loop",
            LOOP_IMPL,
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 600  # a first 100k start builds the snapshot
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"server exited:\n{server.stderr.read()[-3000:]}")
        try:
            if get(f"http://{HOST}:{port}{ready_path}")[0] == ready:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    sys.exit("server did not start in time")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def bench_size(n: int, duration: int, connections: int, workdir: Path) -> dict:
    from app import snapshot

    seeds = ensure_corpus(n)
    cache = Path(tempfile.gettempdir()) / "argmap-bench" / "snapshots"
    graph = snapshot.load_graph_cached(seeds, cache)  # builds the snapshot once, before timing
    rng = random.Random(n)
    ids = list(graph.g.nodes)
    # a typical argument: the median neighbourhood among a sample
    sample = sorted(rng.sample(ids, 201), key=lambda i: (graph.g.degree(i), i))  # noqa: F821 (deleted below, after use)
    arg_id = sample[100]
    doc_id = graph.node(arg_id)["document"]
    many = rng.sample(ids, min(1000, len(ids)))
    del graph

    static = workdir / f"static-{n}"
    shutil.copytree(ROOT / "static", static, ignore=shutil.ignore_patterns("vendor", "node_modules"))
    port = free_port()
    base = f"http://{HOST}:{port}"
    started = time.perf_counter()
    server = start_server(seeds, static, cache, port)
    start_seconds = time.perf_counter() - started
    bare = dressed = revalidated = None
    try:
        status, headers, page = get(f"{base}/arguments/{arg_id}")
        assert status == 200, status
        (static / "same-size.html").write_bytes(b"x" * len(page))
        etag = {k.lower(): v for k, v in headers.items()}.get("etag")
        id_list = "ids = {" + ",".join(json.dumps(i) for i in many) + "}\ni = 0\n"
        script = workdir / f"many-{n}.lua"
        script.write_text(
            id_list + "request = function()\n  i = i + 1\n"
            "  return wrk.format('GET', '/arguments/' .. ids[i % #ids + 1])\nend\n"
        )
        # an unknown query parameter is ignored by the page but makes every URL new:
        # no cache anywhere can answer, each request renders the page
        fresh = workdir / f"fresh-{n}.lua"
        fresh.write_text(
            id_list + "request = function()\n  i = i + 1\n"
            "  return wrk.format('GET', '/arguments/' .. ids[i % #ids + 1] .. '?fresh=' .. i)\nend\n"
        )
        sizes = {}
        for name, path in (
            ("graph_document", f"/api/graph?document={doc_id}"),
            ("graph_around", f"/api/graph?around={arg_id}&depth=2"),
        ):
            body = get(base + path)[2]
            sizes[name] = (len(body), json.loads(body)["count"]["nodes"])
        runs = {}
        bare_port, dressed_port = free_port(), free_port()
        bare = start_bare(len(page), bare_port)
        bare_url = f"http://{HOST}:{bare_port}/"
        # the permalink's own headers (uvicorn adds date and server to both; urllib asked for
        # `connection: close`, which wrk's connections must not get)
        own = [[k, v] for k, v in headers.items() if k.lower() not in ("date", "server", "connection")]
        dressed = start_bare(len(page), dressed_port, own)
        dressed_url = f"http://{HOST}:{dressed_port}/"
        # a revalidation's own ceiling: a bare 304 with the headers of the app's 304
        not_modified = get(f"{base}/arguments/{arg_id}", {"If-None-Match": etag}) if etag else None
        if not_modified:
            assert not_modified[0] == 304, not_modified[0]
            kept = [[k, v] for k, v in not_modified[1].items() if k.lower() not in ("date", "server", "connection")]
            revalidated_port = free_port()
            revalidated = start_bare(0, revalidated_port, kept, status=304)
        revalidated_url = f"http://{HOST}:{revalidated_port}/" if revalidated else None
        for name, url, extra, lua in (
            ("bare ASGI, same size", bare_url, None, None),
            ("bare ASGI, same headers too", dressed_url, None, None),
            ("static file, same size", f"{base}/static/same-size.html", None, None),
            ("permalink, same id", f"{base}/arguments/{arg_id}", None, None),
            ("permalink, 1000 ids", base, None, script),
            ("permalink, rendered each time", base, None, fresh),
            ("permalink, If-None-Match", f"{base}/arguments/{arg_id}", {"If-None-Match": etag}, None),
            ("bare ASGI, 304, same headers", revalidated_url, None, None),
            ("/api/graph?document=", f"{base}/api/graph?document={doc_id}", None, None),
            ("/api/graph?around=&depth=2", f"{base}/api/graph?around={arg_id}&depth=2", None, None),
            # the ceiling measured again last: the ratios use the higher of its two figures,
            # so that a busy machine at one moment does not flatter the app
            ("bare ASGI, same size, again", bare_url, None, None),
        ):
            if url is None or (name.endswith("If-None-Match") and not etag):
                continue
            pid = {bare_url: bare.pid, dressed_url: dressed.pid}.get(url, server.pid)
            pid = revalidated.pid if revalidated and url == revalidated_url else pid
            wrk(url, 1, connections, extra, lua)  # warm-up
            runs[name] = wrk(url, duration, connections, extra, lua, pid=pid)
        server_mb = rss_mb(server.pid)
    finally:
        stop(server)
        for extra_server in (bare, dressed, revalidated):
            if extra_server is not None:
                stop(extra_server)
        shutil.rmtree(static, ignore_errors=True)
    return {
        "n": n,
        "page_bytes": len(page),
        "runs": runs,
        "sizes": sizes,
        "start_s": start_seconds,
        "server_mb": server_mb,
        "etag": etag,
    }


def lua_cycle(path: Path, urls: list[str], fresh: bool = False) -> Path:
    """A wrk script requesting the URLs in turn (each time a new one with `fresh`)."""
    suffix = " .. (string.find(u, '?') and '&' or '?') .. 'fresh=' .. i" if fresh else ""
    path.write_text(
        "urls = {" + ",".join(json.dumps(u) for u in urls) + "}\ni = 0\n"
        "request = function()\n  i = i + 1\n  local u = urls[i % #urls + 1]\n"
        f"  return wrk.format('GET', u{suffix})\nend\n"
    )
    return path


def wrk_background(url: str, duration: int, connections: int, script: Path) -> subprocess.Popen:
    """wrk running beside a measurement (its own figures are read when it ends)."""
    return subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", "-s", str(script), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def curated_ids(seeds: Path) -> list[str]:
    """The ids of the hand-curated arguments of a seeds folder."""
    import yaml

    ids = []
    for path in sorted((seeds / "curated").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids += [a["id"] for a in data.get("arguments", []) if isinstance(a, dict) and "id" in a]
    return ids


def bench_imported(n: int, duration: int, connections: int, workdir: Path) -> dict:
    """Cached permalinks of the seeds while the largest page of an n-argument imported
    map is hit by `connections` clients, cached and rendered each time."""
    seeds = workdir / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns("imported"))
    doc_id = write_imported_map(seeds, n)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(seeds, ROOT / "static", workdir / "snapshots", port)
    try:
        parts = json.loads(get(f"{base}/documents/{doc_id}.json")[2])["document"]["parts"]["count"]
        pages = [f"/documents/{doc_id}"] + [f"/documents/{doc_id}?part={k}" for k in range(2, parts + 1)]
        sizes = {url: len(get(base + url)[2]) for url in pages}
        largest = max(pages, key=lambda url: sizes[url])
        seed_ids = curated_ids(seeds)
        permalinks = lua_cycle(workdir / "permalinks.lua", [f"/arguments/{i}" for i in seed_ids])
        wrk(base, 2, 2, script=permalinks)  # every permalink rendered once: cached from now on
        runs = {"permalinks alone": wrk(base, duration, 2, script=permalinks)}
        for name, fresh in (("big page, cached", False), ("big page, rendered each time", True)):
            hammer = wrk_background(
                base, duration + 2, connections, lua_cycle(workdir / "hammer.lua", [largest], fresh)
            )
            time.sleep(1)  # the hammer is running before the permalinks are measured
            runs[f"permalinks while {name}"] = wrk(base, duration, 2, script=permalinks)
            out = hammer.communicate(timeout=duration + 60)[0]
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
            runs[name] = {"rps": float(rps[1]) if rps else 0.0, "raw": out}
        server_mb = rss_mb(server.pid)
    finally:
        stop(server)
    return {
        "n": n,
        "largest": largest,
        "bytes": sizes[largest],
        "parts": parts,
        "permalinks": len(seed_ids),
        "runs": runs,
        "server_mb": server_mb,
    }


def report_imported(r: dict, connections: int) -> bool:
    """Print the imported-map figures beside the goal; True when the goal is met."""
    print(
        f"\n{r['n']:,}-argument imported map: {r['parts']} parts, largest page {r['largest']} "
        f"{r['bytes']:,} bytes; {r['permalinks']} seed permalinks read in turn by 2 clients; "
        f"server RSS {r['server_mb']:.0f} MB"
    )
    print(f"  {'permalinks (cached)':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    met = True
    for name, run in r["runs"].items():
        if name.startswith("permalinks"):
            print(f"  {name:<44} {run['rps']:>9.0f} {run['p50']:>8.2f} {run['p99']:>8.2f} {run['errors']:>7}")
            met = met and run["p99"] < GOAL_P99_UNDER_LOAD_MS and run["errors"] == 0
        else:
            print(f"  {'  ' + name + f' ({connections} clients)':<44} {run['rps']:>9.0f}")
    worst = max(run["p99"] for name, run in r["runs"].items() if name.startswith("permalinks while"))
    print(
        f"  goal: permalink p99 < {GOAL_P99_UNDER_LOAD_MS:.0f} ms under load: worst {worst:.2f} ms "
        f"{'met' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--imported",
        type=int,
        default=2500,
        help="arguments of the imported map hammered beside cached permalinks (0: skip)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")

    print(
        f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; one uvicorn worker, "
        f"wrk -t1 -c{args.connections} -d{args.duration}s on {HOST}; every server: uvicorn --http {HTTP_IMPL} "
        f"--loop {LOOP_IMPL} --no-access-log"
    )
    errors = 0
    with tempfile.TemporaryDirectory(prefix="argmap-http-") as tmp:
        if args.imported:
            with tempfile.TemporaryDirectory(prefix="argmap-imported-") as work:
                report_imported(
                    bench_imported(args.imported, args.duration, args.connections, Path(work)), args.connections
                )
        for n in (int(s) for s in args.sizes.split(",") if s):
            r = bench_size(n, args.duration, args.connections, Path(tmp))
            print(
                f"\n{n:,} arguments: permalink page {r['page_bytes']:,} bytes, ETag {'yes' if r['etag'] else 'no'}, "
                f"server up in {r['start_s']:.1f} s, server RSS {r['server_mb']:.0f} MB"
            )
            print(
                f"  {'target':<30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs bare':>8} "
                f"{'CPU µs/req':>10} {'vs bare':>8}"
            )
            bare_runs = [r["runs"]["bare ASGI, same size"], r["runs"]["bare ASGI, same size, again"]]
            bare_rps = max(run["rps"] for run in bare_runs)
            bare_cpu = min(run["cpu_us"] for run in bare_runs)
            for name, run in r["runs"].items():
                ratio = run["rps"] / bare_rps if bare_rps else float("nan")
                errors += run["errors"]
                print(
                    f"  {name:<30} {run['rps']:>9.0f} {run['p50']:>8.2f} {run['p99']:>8.2f} {run['errors']:>7} "
                    f"{ratio:>8.2f} {run['cpu_us']:>10.1f} {bare_cpu / run['cpu_us']:>8.2f}"
                )
            for name, (size, nodes) in r["sizes"].items():
                print(f"  answer size {name}: {size:,} bytes, {nodes} nodes")
            for goal, run_name in (
                (GOAL_CACHED, "permalink, same id"),
                (GOAL_NOT_MODIFIED, "permalink, If-None-Match"),
            ):
                run = r["runs"].get(run_name, {"rps": 0.0, "cpu_us": float("nan")})
                ratio = run["rps"] / bare_rps if bare_rps else 0.0
                print(
                    f"  goal: {run_name} ≥ {goal:.1f} × bare ASGI: {ratio:.2f} {'met' if ratio >= goal else 'MISSED'} "
                    f"(CPU per answer: {bare_cpu / run['cpu_us']:.2f} × bare's capacity)"
                )
            # like with like: each answer against a bare answer carrying the same headers
            for run_name, ceiling in (
                ("permalink, same id", "bare ASGI, same headers too"),
                ("permalink, If-None-Match", "bare ASGI, 304, same headers"),
            ):
                run, top = r["runs"].get(run_name), r["runs"].get(ceiling)
                if run and top and top["rps"]:
                    print(
                        f"  like with like: {run_name} / {ceiling}: {run['rps'] / top['rps']:.2f} × req/s, "
                        f"{top['cpu_us'] / run['cpu_us']:.2f} × its capacity by CPU"
                    )
    print(f"\ngoal: no error under load: {errors} errors {'met' if errors == 0 else 'MISSED'}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
