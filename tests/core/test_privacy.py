"""mon_enfant.privacy: every view handling what a family typed answers ``private, no-store`` with no
referrer, whatever its status, hides its POST body from error reports, and no log record of the package
holds a typed value (every logger at DEBUG)."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from mon_enfant.privacy import PRIVATE_HEADERS, REDACTED, PrivatePageMixin, get_logger, mark_private

ADDRESS = "34 bis rue Guy-Ropartz"
QF = "7654"

pytestmark = pytest.mark.urls("tests.core.privacy_urls")


def assert_private(response):
    for name, value in PRIVATE_HEADERS.items():
        assert response[name] == value


@pytest.fixture
def every_logger_at_debug(caplog):
    caplog.set_level(logging.DEBUG)  # the root logger
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def all_text(caplog):
    return "\n".join(f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records)


@pytest.mark.parametrize(("params", "status"), [({"address": ADDRESS}, 200), ({}, 400)])
def test_a_function_view_is_private_whatever_its_status(client, params, status):
    response = client.get("/address/", params)
    assert response.status_code == status
    assert_private(response)


def test_a_ninja_operation_is_private_even_when_ninja_answers_422(client):
    valid = client.post("/api/quote", json.dumps({"address": ADDRESS, "quotient_familial": 7654}),
                        content_type="application/json")
    invalid = client.post("/api/quote", json.dumps({"address": ADDRESS, "quotient_familial": "beaucoup"}),
                          content_type="application/json")
    assert (valid.status_code, invalid.status_code) == (200, 422)
    assert_private(valid)
    assert_private(invalid)


def test_the_post_body_is_hidden_from_error_reports():
    from tests.core.privacy_urls import address_view

    request = RequestFactory().post("/address/", {"address": ADDRESS})
    address_view(request)
    assert request.sensitive_post_parameters == "__ALL__"


class FakePage:
    def __init__(self, status):
        self.status = status

    def serve(self, request, *args, **kwargs):
        get_logger("mon_enfant.tests.page").info("Page asked about %s", request.GET.get("address"))
        return HttpResponse(status=self.status)


class PrivatePage(PrivatePageMixin, FakePage):
    pass


@pytest.mark.parametrize("status", [200, 404])
def test_a_private_page_type_marks_every_answer(status, every_logger_at_debug):
    response = PrivatePage(status).serve(RequestFactory().get("/", {"address": ADDRESS}))
    assert response.status_code == status
    assert_private(response)
    assert ADDRESS not in all_text(every_logger_at_debug)


def test_the_private_headers_apply_after_a_block_marks_the_request(rf):
    from wagtail import hooks

    request = rf.get("/", {"address": ADDRESS})

    def serve_page(page, request, args, kwargs):
        mark_private(request)
        return HttpResponse()

    [hook] = [fn for fn in hooks.get_hooks("on_serve_page") if fn.__module__ == "mon_enfant.privacy"]
    assert_private(hook(serve_page)(None, request, (), {}))
    plain = hook(lambda page, request, args, kwargs: HttpResponse())(None, rf.get("/"), (), {})
    assert "Referrer-Policy" not in plain


def test_no_log_record_holds_a_typed_value(client, every_logger_at_debug):
    client.get("/address/", {"address": ADDRESS})
    client.post("/address/", {"address": ADDRESS})
    client.post("/api/quote", json.dumps({"address": ADDRESS, "quotient_familial": int(QF)}),
                content_type="application/json")
    text = all_text(every_logger_at_debug)
    assert REDACTED in text  # the views did log: the filter replaced the values
    assert ADDRESS not in text
    assert QF not in text


def test_outside_a_family_request_messages_are_left_alone(every_logger_at_debug):
    get_logger("mon_enfant.tests.privacy").warning("Commune %s imported", "Saint-Malo")
    assert "Commune Saint-Malo imported" in all_text(every_logger_at_debug)


@pytest.mark.urls("example_site.urls")
def test_a_catchment_journey_logs_no_typed_address(client, commune_a, every_logger_at_debug):
    """A real journey, the SQL included: the address and its street never reach a record."""
    from django.db import connection

    from mon_enfant.catchment import services
    from tests.catchment.data import make_catchment

    make_catchment(commune_a)
    services.reset()
    connection.force_debug_cursor = True
    try:
        statuses = [client.get("/api/mon-enfant/v1/catchment", {"commune": "35288", "address": address,
                                                                "level": "elementaire"}).status_code
                    for address in (ADDRESS, "999 impasse Inconnue-Ropartz", "x" * 500)]
    finally:
        connection.force_debug_cursor = False
        services.reset()
    assert statuses[:2] == [200, 200]
    records = every_logger_at_debug.records
    assert any(record.name == "django.db.backends" for record in records), "SQL logging was off"
    text = all_text(every_logger_at_debug)
    for typed in ("Guy-Ropartz", "GUY ROPARTZ", "Inconnue", "INCONNUE"):
        assert typed not in text


@pytest.mark.django_db  # Django closes old database connections when a request ends
def test_the_typed_values_are_forgotten_when_the_request_ends(rf):
    from django.core.signals import request_finished

    from mon_enfant import privacy

    mark_private(rf.get("/", {"address": ADDRESS}))  # a block, rendering after the page hook returned
    assert ADDRESS in privacy.remembered_values()
    request_finished.send(sender=None)
    assert privacy.remembered_values() == ()
