"""Issue 10, finding 8: with EVERY logger at DEBUG (the root, ``django.template``, ``django.db.backends``,
``django.request``...), a whole family journey — the lookup page with an address, the fee calculator with
incomes and a QF, the API's lookup and quote — leaves none of the typed values in any log record: not in
a message, not in its arguments, not in an exception attached to it.

The trap this guards: Django logs, at DEBUG on ``django.template``, every variable a template cannot
resolve together with the exception, whose text is the whole template context (the form, its cleaned
data, the answer)."""

import logging
import traceback

import pytest
from django.db import connection
from django.template import Context, Template
from wagtail.models import Site

from mon_enfant.catchment import services as catchment_services
from mon_enfant.fees import services as fee_services
from mon_enfant.fees.pages import FeeCalculatorPage
from tests.catchment.data import make_catchment
from tests.catchment.test_page import add_lookup_page, build_home
from tests.fees.test_privacy import QUOTE_URL, YEAR, form_post
from tests.fees.test_privacy import grids as grids  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

ADDRESS = "17 rue du Secret-Bien-Gardé"
QF = "7654.32"
RESOURCES = "98765.43"
BENEFITS = "321.09"
# Each amount is looked for by its last integer digits and its cents, with a point or a comma, so that any
# grouping ("7654,32", "7 654,32") is caught while a bare integer (a row id, a sequence number: in a
# whole run on PostgreSQL an id reaches 7654) is not taken for a leak.
SECRETS = ["Secret-Bien", "654.32", "654,32", "765.43", "765,43", "321.09", "321,09"]


@pytest.fixture(autouse=True)
def fresh_caches():
    catchment_services.reset()
    fee_services.clear_cache()
    yield
    catchment_services.reset()
    fee_services.clear_cache()
    Site.clear_site_root_paths_cache()


@pytest.fixture
def every_logger_at_debug(caplog):
    """caplog's handler on the root logger, every logger known to the process at DEBUG, SQL logged."""
    caplog.set_level(logging.DEBUG)
    for name in ["django", "django.template", "django.db.backends", "django.request", "django.server",
                 "wagtail", "mon_enfant", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = False


def record_text(record):
    """Everything a handler or a formatter could write out of ``record``."""
    parts = [str(record.msg), repr(record.args)]
    try:
        parts.append(record.getMessage())
    except Exception:  # noqa: BLE001  (a malformed record still shows its parts)
        pass
    if record.exc_info:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    parts.append(record.exc_text or "")
    parts.append(repr(getattr(record, "request", "")))
    return "\n".join(parts)


def leaked(caplog):
    """Each secret found, with the start of the first record that holds it (to say where it leaked)."""
    found = {}
    for record in caplog.records:
        text = record_text(record)
        for secret in SECRETS:
            if secret in text and secret not in found:
                found[secret] = f"{record.name}: {text[:300]}"
    return sorted(found.items())


@pytest.fixture
def pages(commune_a, contact_a, grids):  # noqa: F811
    home = build_home()
    commune_a.sites.add(Site.objects.get(is_default_site=True))
    make_catchment(commune_a)
    lookup = add_lookup_page(home, [commune_a])
    fees = home.add_child(instance=FeeCalculatorPage(title="Tarifs", slug="tarifs"))
    fees.communes.set([commune_a])
    fees.save_revision().publish()
    return lookup, fees


def test_a_whole_family_journey_leaves_no_typed_value_in_any_log_record(client, pages, every_logger_at_debug):
    lookup, fees = pages
    client.get(fees.url)  # the CSRF cookie, as a browser gets it
    statuses = [
        client.get(lookup.url, {"address": ADDRESS, "level": "elementaire"}).status_code,
        form_post(client, fees, qf=QF).status_code,
        form_post(client, fees, qf_source="compute", annual_resources=RESOURCES, monthly_benefits=BENEFITS,
                  children="2", **{"usage_restauration-scolaire": "4"}).status_code,
        client.get("/api/mon-enfant/v1/catchment",
                   {"commune": "35288", "address": ADDRESS, "level": "elementaire"}).status_code,
        client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": QF},
                    content_type="application/json").status_code,
        client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "household": {
            "annual_resources": RESOURCES, "monthly_benefits": BENEFITS, "couple": True, "children": 2}},
            content_type="application/json").status_code,
    ]
    assert statuses == [200] * 6
    names = {record.name for record in every_logger_at_debug.records}
    assert "django.db.backends" in names, "the loggers were not on: the test proves nothing"
    # The package's templates resolve every variable they use, so django.template may have nothing to say:
    # it must still have been listening (what it logs when a template fails is the last test's subject).
    assert logging.getLogger("django.template").isEnabledFor(logging.DEBUG)
    assert leaked(every_logger_at_debug) == []


def test_the_example_base_template_resolves_its_site_name(client, pages, every_logger_at_debug):
    lookup, _fees = pages
    response = client.get(lookup.url)
    unresolved = [record.getMessage() for record in every_logger_at_debug.records if record.name == "django.template"]
    assert not [message for message in unresolved if "site_name" in message]
    assert "<title>Trouver mon école – Ville de démonstration</title>" in response.content.decode()


@pytest.mark.parametrize("context", [
    # What the view put in the context: the address as typed.
    lambda request: {"typed": request.GET["address"]},
    # The request itself, whose text is its URL: the address URL-encoded (17+rue+du+Secret-Bien-Gard%C3%A9).
    lambda request: {"request": request},
], ids=["typed-value", "request-url"])
def test_a_template_logging_its_context_while_a_family_is_served_is_redacted(rf, every_logger_at_debug, context):
    """Whatever template a host writes: an unresolved variable logs the context, the typed value is gone."""
    from django.http import HttpResponse

    from mon_enfant.privacy import family_input

    @family_input()
    def view(request):
        return HttpResponse(Template("{{ missing_variable }}").render(Context(context(request))))

    view(rf.get("/trouver-mon-ecole/", {"address": ADDRESS}))
    assert any(record.name == "django.template" for record in every_logger_at_debug.records)
    assert leaked(every_logger_at_debug) == []
