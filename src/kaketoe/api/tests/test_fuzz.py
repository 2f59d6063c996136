"""schemathesis against the live schema and the WSGI app, authenticated with a bearer token of
a case manager on the Hakobyan team: no 5xx and every response as the schema says.

Bounded (20 examples per operation) so CI stays within its time; run alone with
`pytest -m api_fuzz`.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from kaketoe.accounts.models import ApiToken
from kaketoe.testing import make_cast

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def token(db):
    cast = make_cast()
    return ApiToken.issue(cast.casemanager, name="fuzz")[1]


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI handler directly fires request_started/finished, whose
    close_old_connections would close the test's connection (inside its transaction) on
    PostgreSQL. Django's test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(token, keep_test_connection):
    auth = {"Authorization": f"Bearer {token}"}
    # Built here, after the test settings (plain HTTP) are in place: middleware reads them once.
    app = WSGIHandler()
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=auth)


FUZZ = settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.mark.api_fuzz
def test_api_has_no_server_errors_and_keeps_to_its_schema(api_schema, token):
    auth = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def check(case):
            case.validate_response(case.call(headers=auth), checks=CHECKS)

        check()
