"""The API reference at /docs works offline: Swagger UI comes from static/vendor/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_api_reference_lists_every_endpoint_without_reaching_the_internet(m, api):
    outside: list[str] = []
    m.page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((m.base, "data:")) else None)
    m.page.goto(m.base + "/docs")
    m.page.wait_for_selector(".opblock")
    spec = api("/openapi.json")
    documented = {path for path in spec["paths"]}
    shown = set(m.page.locator(".opblock-summary-path").evaluate_all("els => els.map(e => e.dataset.path)"))
    assert shown == documented
    assert outside == []
    m.page.locator(".opblock-summary").first.click()  # try an endpoint, under the same strict CSP
    m.page.locator("button.try-out__btn").first.click()
    m.page.locator("button.execute").first.click()
    status = m.page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    m.shot("api-docs")
    m.assert_clean()
