"""The API fuzzed from its OpenAPI schema: no input makes it fail, errors keep their documented shape.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

import json

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from tests.robustness.corpus import APP, error_body_ok

FUZZ_EXAMPLES = 25  # per API operation
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_fuzz_no_server_error(case):
    """No input the schema allows (or almost allows) makes the API fail, and answers
    conform to the schema's content types; successful answers to their schema."""
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, content_type_conformance])
    if response.status_code < 300:
        case.validate_response(response, checks=[response_schema_conformance])
    elif response.status_code == 308:  # a path ending in "/" (an empty id): to the same path without it
        location = response.headers["location"][0]
        assert location.startswith("/") and not location.split("?")[0].endswith("/")
    else:
        assert 400 <= response.status_code < 500
        if case.path.startswith("/api/"):
            assert error_body_ok(response), response.text
        else:  # a browser form's endpoint (POST /logout): its errors are pages
            assert response.headers["content-type"][0].startswith("text/html"), response.headers


def test_documented_error_schema_matches_error_answers():
    spec = TestClient(APP).get("/openapi.json").json()
    documented = spec["paths"]["/api/arguments"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert "HTTPValidationError" not in json.dumps(documented)
