"""Schemathesis against the served OpenAPI schema, as the office (the role that may call every
endpoint): no 5xx, every status and body as the schema declares. Bounded examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from duban.api.tokens import issue_token
from duban.ledger.choices import Role
from duban.ledger.services import save_account
from duban.wsgi import application

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_connection():
    """Keep the test transaction's connection open across requests, as Django's test client
    does (the WSGI handler would close it when each response is finished)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def office_headers(db, keep_connection, settings, tmp_path):
    """A bearer token of an office user, with media files kept in a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from ledger.base import import_extraction
    from web.base import EXTRACTION

    office = save_account(None, "schema-office", Role.OFFICE, password="pw-schema-123")
    import_extraction(EXTRACTION, name="schema.txt")
    return {"Authorization": f"Bearer {issue_token(office, 'schemathesis')[1]}"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_it_answers_as_the_schema_says(case, office_headers):
    case.call_and_validate(headers=office_headers, checks=CHECKS)
