"""Every URL the README and the docs show as an example answers, and shows something.

Examples are the backticked paths and query strings of README.md and docs/*.md. A
placeholder (`{id}`, `ID`, `…`) is replaced by a real id of the kind the path names;
a bare query string (`?author=…`) is tried on /arguments, as the README means it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PLACEHOLDERS = {
    "/arguments": "presence-imperative",
    "/debates": "presence-vs-roi",
    "/documents": "revelation-exclusive",
    "/authors": "etienne-rotardeau",
    "/export": "aif",
    "/map": "presence-imperative",
}
QUERY_PLACEHOLDERS = {
    "debate": "presence-vs-roi",
    "argument": "presence-imperative",
    "around": "presence-imperative",
    "focus": "presence-imperative",
    "off": "roi-unmeasurable",
    "author": "fred",
    "year": "2011",
    "document": "revelation-exclusive",
    "origin": "curated",
    "q": "ROI",
    "expand": "presence-imperative",
    "fold": "presence-imperative",
    "asof": "revelation-exclusive%233",
}


def examples() -> list[tuple[str, str]]:
    """(where, URL) for every example URL in the docs, placeholders filled in."""
    found = []
    for doc in DOCS:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for text in re.findall(r"`([/?][^`\s]*)`", line):
                url = concrete(text)
                if url:
                    found.append((f"{doc.name}:{number}", url))
    return found


def concrete(text: str) -> str | None:
    """The example as a URL to request, or None when it is no URL (`/static/…?v=<digest>`,
    `/api/...`: prose for a family of URLs)."""
    if "<" in text or text.endswith("...") or text.startswith("/static/"):
        return None
    path, _, query = text.partition("?")
    path = path or "/arguments"
    path = re.sub(r"\{[^}]+\}|\bID\b|…", lambda m: PLACEHOLDERS[_root(path)], path)
    pairs = []
    for item in filter(None, query.split("&")):
        key, _, value = item.partition("=")
        if not value or value in ("ID", "…") or "{" in value:
            value = QUERY_PLACEHOLDERS[key]
        pairs.append(f"{key}={value}")
    return path + ("?" + "&".join(pairs) if pairs else "")


def _root(path: str) -> str:
    return "/" + path.strip("/").split("/")[0]


def twin(url: str) -> str | None:
    """The JSON answer of an example: itself under /api, its `.json` twin for a page."""
    path, _, query = url.partition("?")
    if path.startswith("/api/") or path.endswith(".json"):
        return url
    if path in ("/docs",) or path.startswith("/export/") or path.startswith("/map."):
        return None
    return ("/index" if path == "/" else path) + ".json" + (f"?{query}" if query else "")


def test_the_docs_show_examples():
    urls = [u for _, u in examples()]
    assert len(urls) >= 30
    assert "/arguments?author=etienne-rotardeau&year=2011" in urls


@pytest.mark.parametrize("where,url", examples(), ids=[f"{w} {u}" for w, u in examples()])
def test_every_example_in_the_docs_answers_and_shows_something(client, where, url):
    page = client.get(url)
    assert page.status_code == 200, f"{where}: {url} answers {page.status_code}"
    data_url = twin(url)
    if url.startswith("/history"):  # the changes other tests made, or none on a fresh database
        data = client.get(data_url).json()
        assert len(data["changes"]) == min(data["total"] - data["offset"], data["limit"])
        return
    if data_url is None:
        assert page.content, f"{where}: {url} is empty"
        return
    data = client.get(data_url).json()
    for key in ("total", "arguments", "items", "nodes", "labels"):
        value = data.get(key)
        if isinstance(value, (int, list, dict)) and not isinstance(value, bool):
            assert (value if isinstance(value, int) else len(value)) > 0, f"{where}: {url} shows no {key}"
