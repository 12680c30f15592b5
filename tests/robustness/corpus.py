"""What the robustness tests share: a deterministic synthetic corpus (bench/synthetic.py:
documents with comment threads, many speakers and years, support/attack/undercut
relations, debates), so that they do not depend on the curated map of the day; a corpus
with markup in every text field; and the app wired with caching as in deployment.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

from starlette.middleware import Middleware

from app.seeds import load_graph
from app.web import create_app
from app.web.caching import ResponseCaching
from app.web.limits import QueryLimits
from tests.conftest import synthetic, write

# A deterministic synthetic corpus (bench/synthetic.py: documents with comment threads,
# many speakers and years, support/attack/undercut relations, debates), so that these
# tests do not depend on the curated map of the day.
SEEDS = Path(tempfile.mkdtemp(prefix="argmap-robustness-")) / "seeds"
atexit.register(shutil.rmtree, SEEDS.parent, True)
synthetic.generate(300, SEEDS, seed=8)
GRAPH = load_graph(SEEDS)
APP = create_app(graph=GRAPH)


def with_caching(app):
    """The app with ResponseCaching and QueryLimits wired as docs/deployment.md says (innermost,
    inside gzip), unless create_app already does it."""
    names = [m.cls.__name__ for m in app.user_middleware]  # outermost first
    if "QueryLimits" not in names:
        at = names.index("SecurityHeaders") + 1 if "SecurityHeaders" in names else 0
        app.user_middleware.insert(at, Middleware(QueryLimits))  # just inside the security headers
    if "ResponseCaching" not in names:
        app.user_middleware.append(Middleware(ResponseCaching))
    return app


def error_body_ok(response) -> bool:
    body = response.json()
    return isinstance(body, dict) and body.get("status") == response.status_code and "detail" in body


XSS = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)> onload="alert(3)'
RAW_MARKERS = ("<script>alert", "<img src=x", 'onload="alert', "onerror=alert(2)>")


def hostile_seeds(root: Path) -> Path:
    """A corpus with markup in every text field that a page shows."""
    seeds = root / "seeds"
    body = f"Titre {XSS}\n\nLe corps dit {XSS} ici. Une phrase assez longue pour un argument.\n"
    comment = f"Un commentaire {XSS} aussi, contre le corps."
    text = body + "\n" + comment + "\n"
    write(seeds / "documents" / "hostile.txt", text)
    b0 = text.index("Le corps")
    c0 = text.index("Un commentaire")
    y = json.dumps  # JSON strings are valid YAML double-quoted scalars
    write(
        seeds / "documents.yaml",
        f"""
        people:
          - {{id: mallory, name: {y(XSS)}, note: {y(XSS)}}}
          - {{id: eve, name: {y("Eve " + XSS)}}}
        documents:
          - id: hostile
            file: hostile.txt
            title: {y(XSS)}
            title_note: {y(XSS)}
            authors: [mallory]
            authors_note: {y(XSS)}
            year: 2012
            year_note: {y(XSS)}
            language: fr
            source: {y(XSS)}
            source_note: {y(XSS)}
            body: {{start: {b0}, end: {b0 + len(text[b0:].split(chr(10))[0])}}}
            comments:
              - {{number: 1, speaker: eve, speaker_note: {y(XSS)}, start: {c0}, end: {c0 + len(comment)},
                  replies_note: {y(XSS)}}}
        """,
    )
    write(
        seeds / "curated" / "hostile.yaml",
        f"""
        document: hostile
        arguments:
          - id: claim
            label: {y("Claim " + XSS)}
            label_fr: {y("Thèse " + XSS)}
            quote: {y("Le corps dit " + XSS + " ici.")}
            tags: [xss]
            main: true
          - id: objection
            label: {y("Objection " + XSS)}
            label_fr: {y(XSS)}
            quote: {y("Un commentaire " + XSS + " aussi")}
        relations:
          - {{from: objection, kind: attack, to: claim, note: {y(XSS)}}}
        debates:
          - id: fight
            title: {y(XSS)}
            question: {y(XSS)}
            sides:
              - {{name: {y(XSS)}, claims: [claim]}}
              - {{name: {y("Other " + XSS)}, claims: [objection]}}
        """,
    )
    return seeds


def html_pages(app) -> list[str]:
    """Every HTML page route of the app, with ids of the hostile corpus filled in."""
    fill = {"arg_id": "claim", "doc_id": "hostile", "person_id": "mallory", "debate_id": "fight"}

    def walk(routes):
        for route in routes:
            inner = getattr(route, "original_router", None)  # FastAPI's included routers
            yield from walk(inner.routes) if inner is not None else [route]

    paths = []
    for route in walk(app.routes):
        path = getattr(route, "path", "")
        if (
            "GET" not in getattr(route, "methods", ())
            or path.startswith(("/api", "/static", "/docs", "/redoc", "/openapi"))
            or path.endswith((".json", ".png"))
        ):
            continue
        for name, value in fill.items():
            path = path.replace("{" + name + "}", value)
        if "{" not in path:
            paths.append(path)
    return paths


def check_security_headers(response, path: str) -> None:
    h = response.headers
    assert h.get("x-content-type-options") == "nosniff", path
    assert h.get("referrer-policy"), path
    csp = h.get("content-security-policy", "")
    assert csp, path
    assert h.get("x-frame-options") == "DENY" or "frame-ancestors 'none'" in csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert "default-src 'self'" in csp and "object-src 'none'" in csp, path
