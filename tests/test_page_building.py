"""Pages are built one at a time: threads building pages side by side would only share
one GIL, and the event loop, which answers cached pages, would wait behind each of them
(bench/http_rps.py --imported measures the cached permalinks beside a large page)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, Request

from app.web.rendering import page


def test_pages_are_built_one_at_a_time_however_many_requests_arrive_together():
    router = APIRouter()
    building = 0
    most = 0
    lock = threading.Lock()

    @page(router, "/slow", "index.html")
    def slow(request: Request) -> dict:
        nonlocal building, most
        with lock:
            building += 1
            most = max(most, building)
        time.sleep(0.02)
        with lock:
            building -= 1
        return {"built": True}

    twin = next(route.endpoint for route in router.routes if route.path == "/slow.json")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: twin(request=None), range(8)))
    assert [a.body for a in answers] == [b'{"built":true}'] * 8
    assert most == 1
