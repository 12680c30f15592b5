"""The app as users get it: `argmap serve` (uvicorn, the graph snapshot, real sockets)
over the shipped seeds, spoken to over HTTP on a free port."""

from __future__ import annotations

import gzip
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import write
from tests.servers import LOGS, running
from tests.test_cli import ARGDOWN_MAP, argmap

pytestmark = pytest.mark.slow  # spaCy, subprocesses or a real server: left out of `make check`


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    folder.chmod(0o700)
    return folder


def serve(cache_dir: Path, name: str):
    return running(["app", "serve"], name, {"ARGMAP_CACHE_DIR": str(cache_dir)})


@pytest.fixture(scope="module")
def server(cache_dir):
    with serve(cache_dir, "argmap-serve") as base:
        yield base


def fetch(url: str, method: str = "GET", headers: dict | None = None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_every_kind_of_page_answers(server):
    for path in [
        "/",
        "/arguments",
        "/arguments/presence-imperative",
        "/documents",
        "/documents/revelation-exclusive",
        "/authors",
        "/authors/fred",
        "/search?q=ROI",
        "/debates/presence-vs-roi",
        "/map",
        "/arguments?author=fred&year=2011",
        "/map?around=presence-imperative",
    ]:
        status, headers, body = fetch(server + path)
        assert status == 200, path
        assert headers["content-type"].startswith("text/html"), path
        assert b"</html>" in body, path


def test_a_link_unfurler_gets_the_preview_from_head_and_get(server):
    url = server + "/arguments/presence-imperative"
    status, head_headers, body = fetch(url, "HEAD")
    assert status == 200 and body == b""
    assert head_headers["content-type"].startswith("text/html")
    status, headers, page = fetch(url)
    html = page.decode()
    assert 'property="og:title" content="Being present on social media is an imperative, not an option"' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    status, headers, card = fetch(url + "/card.png")
    assert status == 200 and headers["content-type"] == "image/png" and card[:8] == b"\x89PNG\r\n\x1a\n"
    assert fetch(url + "/card.png", "HEAD")[0] == 200


def test_answers_are_compressed_and_revalidated(server):
    url = server + "/arguments/presence-imperative"
    status, headers, body = fetch(url, headers={"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip"
    assert b"presence" in gzip.decompress(body)
    etag = headers["etag"]
    assert fetch(url, headers={"If-None-Match": etag})[0] == 304


def test_unknown_ids_are_real_404s_in_html_and_json(server):
    status, headers, body = fetch(server + "/arguments/no-such-argument")
    assert status == 404 and headers["content-type"].startswith("text/html") and b"Not found" in body
    status, headers, body = fetch(server + "/api/arguments/no-such-argument")
    assert status == 404 and json.loads(body)["status"] == 404


def test_filters_in_the_url_reach_the_api(server):
    status, _, body = fetch(server + "/api/arguments?author=herve-kabla&year=2011&limit=500")
    items = json.loads(body)["items"]
    assert items and all(a["speaker"] == "herve-kabla" and a["year"] == 2011 for a in items)
    status, _, body = fetch(server + "/api/arguments?author=fred&year=2011")
    assert json.loads(body)["total"] == 0  # Fred's comments carry no year: the filters intersect
    assert fetch(server + "/api/arguments?year=banana")[0] == 422


def test_permalinks_survive_a_restart(server, cache_dir):
    _, _, before = fetch(server + "/api/graph")
    with serve(cache_dir, "argmap-serve-again") as other:  # starts from the snapshot the first one wrote
        _, _, after = fetch(other + "/api/graph")
    ids = lambda body: sorted(n["data"]["id"] for n in json.loads(body)["elements"]["nodes"])  # noqa: E731
    assert ids(before) == ids(after)
    assert len(ids(after)) > 100


def test_a_forged_host_header_never_reaches_a_page_or_the_cache(server):
    """Absolute URLs name the configured origin; a request with another Host cannot write
    its host into a page that the response cache then serves to everyone."""
    path = "/arguments/presence-imperative"
    status, _, body = fetch(server + path, headers={"Host": "evil.example"})
    assert status == 200 and b"evil.example" not in body
    status, _, body = fetch(server + path)
    assert status == 200 and b"evil.example" not in body
    assert f'<link rel="canonical" href="{server}{path}">'.encode() in body
    assert f'content="{server}{path}/card.png"'.encode() in body


def test_the_trailing_slash_redirect_is_a_path_not_the_callers_host(server):
    request = urllib.request.Request(server + "/arguments/?author=fred", headers={"Host": "evil.example"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=10)
        raise AssertionError("no redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 308 and answer.headers["location"] == "/arguments?author=fred"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_with_allowed_hosts_configured_other_hosts_are_refused(cache_dir):
    with running(
        ["app", "serve"],
        "argmap-allowed-hosts",
        {"ARGMAP_CACHE_DIR": str(cache_dir), "ARGMAP_ALLOWED_HOSTS": "127.0.0.1,argmap.example"},
    ) as base:
        assert fetch(base + "/")[0] == 200
        assert fetch(base + "/", headers={"Host": "argmap.example"})[0] == 200
        status, _, body = fetch(base + "/", headers={"Host": "evil.example"})
        assert status == 400 and b"evil.example" not in body


def test_a_running_server_shows_an_import_by_itself_and_logs_the_reload(cache_dir, seeds_copy):
    with running(
        ["app", "serve"],
        "argmap-watch",
        {"ARGMAP_CACHE_DIR": str(cache_dir), "ARGMAP_SEEDS_DIR": str(seeds_copy), "ARGMAP_WATCH_SECONDS": "0.2"},
    ) as base:
        assert fetch(base + "/debates/imported-brands")[0] == 404
        source = write(seeds_copy.parent / "brands.argdown", ARGDOWN_MAP)
        assert argmap("--seeds", str(seeds_copy), "import", "--format", "argdown", str(source)).returncode == 0
        deadline = time.monotonic() + 20
        while fetch(base + "/debates/imported-brands")[0] != 200:
            assert time.monotonic() < deadline, "the import never showed"
            time.sleep(0.2)
        version = json.loads(fetch(base + "/api/acceptability")[2])["version"]
    assert f"reloaded: corpus version {version}" in (LOGS / "argmap-watch.log").read_text()
