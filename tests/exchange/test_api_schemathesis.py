"""Fuzzing the public API from its OpenAPI document (schemathesis, through the WSGI app: no
server). Bounded and derandomized so that CI is stable: every operation, a fixed number of
cases, checking no server error, conformance to the documented schemas and status codes."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from chm.wsgi import application

from .conftest import publish_news


def app(environ, start_response):
    """The site, as behind a server that gives the client's address (the rate limits count
    visitors by it). Schemathesis's WSGI client asks for gzip but does not decompress, so the
    answers come uncompressed (compression is tested in tests/chm/test_page_weight.py)."""
    environ.setdefault("REMOTE_ADDR", "192.0.2.1")
    environ.pop("HTTP_ACCEPT_ENCODING", None)
    return application(environ, start_response)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction on PostgreSQL; its test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, records, restricted_thread, news_index, settings, _keep_the_test_connection):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "api.read": {"anonymous": (100_000, 60), "member": (100_000, 60)},
    }
    publish_news(news_index, "Seagrass in Mozambique", day=7, target=2, country="MZ")
    return records


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_schema(case, seeded):
    case.call_and_validate(checks=CHECKS)
