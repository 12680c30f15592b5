"""Behind a reverse proxy: `argmap serve` believes X-Forwarded-For only from the proxies
named in ARGMAP_FORWARDED_ALLOW_IPS, and the login limit counts failures by the client
address that results, so that one client cannot lock out everyone behind the same proxy
and a client cannot dodge the limit by making up the header."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import running

FAILURES = 2  # the login limit of these servers: failures per name and per address


def log_in(base: str, name: str, forwarded_for: str) -> int:
    """A wrong password for `name`, sent as if through a proxy for `forwarded_for`: the status."""
    body = urllib.parse.urlencode({"name": name, "password": "not the password"}).encode()
    request = urllib.request.Request(base + "/login", data=body, headers={"X-Forwarded-For": forwarded_for})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def serve(tmp_path, **env):
    database = {"ARGMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'argmap.db'}", "ARGMAP_LOGIN_FAILURES": str(FAILURES)}
    return running(["app", "serve", "--host", "127.0.0.1"], "proxy-server", {**database, **env})


def test_with_the_proxy_named_the_forwarded_address_is_what_gets_rate_limited(tmp_path):
    with serve(tmp_path, ARGMAP_FORWARDED_ALLOW_IPS="127.0.0.1") as base:
        assert [log_in(base, f"guess{i}", "203.0.113.7") for i in range(FAILURES)] == [401] * FAILURES
        assert log_in(base, "another-name", "203.0.113.7") == 429  # that client is held back
        assert log_in(base, "someone-else", "198.51.100.9") == 401  # another client behind the proxy is not


def test_without_the_setting_the_forwarded_header_is_ignored(tmp_path):
    with serve(tmp_path) as base:
        assert [log_in(base, f"guess{i}", "203.0.113.7") for i in range(FAILURES)] == [401] * FAILURES
        # a made-up header does not make a new client: the address that connects is held back
        assert log_in(base, "someone-else", "198.51.100.9") == 429


@pytest.mark.parametrize(
    "allowed, expected",
    [
        ("", {"proxy_headers": False, "forwarded_allow_ips": None}),
        ("10.0.0.0/8, 127.0.0.1", {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.0/8, 127.0.0.1"}),
    ],
)
def test_serve_passes_the_setting_to_uvicorn(allowed, expected):
    from app.cli import proxy_options
    from app.settings import Settings

    assert proxy_options(Settings(forwarded_allow_ips=allowed)) == expected
