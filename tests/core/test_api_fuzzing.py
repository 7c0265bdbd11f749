"""Schemathesis over the whole OpenAPI document: every operation of every feature, asked questions generated from
its declared parameters and bodies (valid ones and malformed ones), must never answer a server error, and every
answer must have a status, a content type and a body that the document declares for it.

The site is the demo commune (``load_demo``) in the test database, served in-process through Django's WSGI
handler (no server, no remote geocoder). A bounded, derandomised number of examples per operation keeps the run
reproducible and short; a failure names the operation and the request that reproduces it. Every finding fixed
here has a regression test of its own in the feature's tests.
"""

import io
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mon_enfant.api import api

PREFIX = "/api/mon-enfant/v1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = pytest.mark.once


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker):
    """The demo loaded once for the whole module inside a transaction rolled back at its end, so the other
    modules' tests never see it. The per-process data built from it is dropped before and after."""
    from django.db import transaction

    from mon_enfant.catchment import services as catchment_services
    from mon_enfant.fees import services as fee_services

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as monkeypatch:
        # No remote geocoder: a commune drawn as zones answers "location needed" instead.
        monkeypatch.setattr("mon_enfant.catchment.services.locate", lambda commune, parsed: None)
        catchment_services.reset()
        fee_services.clear_cache()
        with transaction.atomic():
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
        catchment_services.reset()
        fee_services.clear_cache()


@pytest.fixture(scope="module")
def site():
    return WSGIHandler()


# The document the site serves at /api/mon-enfant/v1/openapi.json, read through JSON as a client reads it. It is
# loaded when the module is collected (schemathesis's fixture-based loading needs a pytest internal that pytest 9
# no longer has); building it needs no database.
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX)))
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_document_fuzzed_is_the_one_served(client, db):
    assert client.get(f"{PREFIX}/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(max_examples=25, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_declares(case, site, demo_database, db):
    # Asking for no compression: Django's test transport hands the bytes over as they are, where an HTTP
    # client would inflate a gzipped answer (the GeoJSON export compresses) before reading it.
    case.call_and_validate(app=site, checks=CHECKS, headers={"Accept-Encoding": "identity"})
