"""Fuzz every API operation from its own OpenAPI schema (schemathesis) with ALL its checks: no
500, every status code documented, every response matching its schema, every schema-valid
request accepted and every schema-violating one rejected, auth enforced, wrong methods refused.

Bounded to a few examples per operation so the whole module stays fast. Valid tokens are sent,
so the push endpoints really validate and write what is generated.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from config.wsgi import application
from tests import factories as f
from tests.records.exchange_factories import token

# Phases: the schema's examples and property-based fuzzing (positive and negative). The coverage
# phase (every boundary of every field, hundreds of cases per push endpoint) is left to
# `schemathesis run` in a deeper audit: here the whole module stays well under a minute.
#
# A push that reuses an Idempotency-Key with other content is schema-valid and still refused with
# 422, as the IETF Idempotency-Key draft prescribes: hypothesis repeats short keys ("0") across
# examples, so 422 joins the statuses a valid push may get.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "operations": [
            {
                "include-path-regex": "^/api/v1/push/",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "3xx", 401, 403, 404, 409, 422, 429, "5xx"]
                    }
                },
            }
        ],
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """schemathesis calls the WSGI app directly; like Django's test client, keep the request
    signals from closing the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_headers(db):
    dept = f.department()
    f.list_type()
    company = f.subject()
    f.penalty(company, dept)
    return {"push": f"Bearer {token(dept)[1]}", "read": f"Bearer {token(dept, direction='read')[1]}"}


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_does_what_its_schema_says(case, api_headers):
    path = case.operation.path
    if path.startswith("/api/v1/push/") or path == "/api/v1/token/":
        headers = {"Authorization": api_headers["push"]}
    elif path.startswith(("/api/v1/credit-check/", "/api/v1/changes/")):
        headers = {"Authorization": api_headers["read"]}
    else:
        headers = {}
    case.call_and_validate(headers=headers)
