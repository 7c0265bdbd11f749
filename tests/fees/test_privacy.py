"""What a family types is used for the answer and forgotten: a quote writes nothing to the database, logs
nothing containing the amounts (not even in SQL), never travels in a URL, and no cache may keep the
answer. And no input, however odd, makes the form or the API answer 500."""

import json
import logging
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Site

from example_site.home.models import HomePage
from mon_enfant.fees import services
from mon_enfant.fees.models import (
    FEES_STAMP,
    FeeBracket,
    FeeDataVersion,
    NonResidentMode,
    PricingKind,
    SiblingKind,
)
from mon_enfant.fees.pages import FeeCalculatorPage
from tests.fees.data import make_grid, make_service

pytestmark = pytest.mark.django_db

QUOTE_URL = "/api/mon-enfant/v1/fees/quote"
YEAR = "2026-2027"

# Distinctive amounts: if any of them shows up in a log record or an SQL statement, it leaked.
QF = "7654.32"
RESOURCES = "98765.43"
BENEFITS = "321.09"
SECRETS = ["7654", "98765", "321.09", "321,09", "-4567"]


@pytest.fixture
def grids(commune_a):
    canteen = make_service(commune_a, "Restauration scolaire", "repas", order=1)
    make_grid(canteen, YEAR, brackets=[(0, 500, "2.00", "0.50"), (500, None, "4.00", "1.50")],
              non_resident_mode=NonResidentMode.FLAT, non_resident_amount=Decimal("6.20"),
              siblings=[(3, SiblingKind.NEXT_LOWER_BRACKET, None)])
    care = make_service(commune_a, "Accueil périscolaire", "heure", order=2)
    make_grid(care, YEAR, pricing=PricingKind.EFFORT_RATE, rate_percent=Decimal("0.36"),
              floor_price=Decimal("2.60"), ceiling_price=Decimal("4.50"))


@pytest.fixture
def fee_page(commune_a, contact_a, grids):
    site = Site.objects.get(is_default_site=True)
    commune_a.sites.add(site)
    page = FeeCalculatorPage(title="Tarifs", slug="tarifs")
    site.root_page.add_child(instance=page)
    page.communes.set([commune_a])
    page.save_revision().publish()
    return page


@pytest.fixture
def csrf_client(fee_page):
    """A browser-like client: CSRF enforced, token taken from the page as a browser would."""
    client = Client(enforce_csrf_checks=True)
    client.get(fee_page.url)
    return client


def form_post(client, page, **fields):
    data = {"qf_source": "known", "school_year": YEAR, "resident": "oui", "child_rank": "1", "couple": "oui",
            **fields}
    body = {"mon_enfant_fees": "tarifs", **{f"tarifs-{name}": value for name, value in data.items()}}
    if client.cookies.get("csrftoken"):
        body["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(page.url, body)


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy}


def family_requests(client, page):
    """Every way a family can ask: API with QF, API with household (and a bad one), form with QF, form
    with income, form with an error."""
    yield client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": QF}, content_type="application/json")
    yield client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "household": {
        "annual_resources": RESOURCES, "monthly_benefits": BENEFITS, "couple": True, "children": 2},
        "usage": [{"service": "restauration-scolaire", "units_per_week": 4}]}, content_type="application/json")
    yield client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": "-4567.89"},
                      content_type="application/json")
    yield form_post(client, page, qf=QF)
    yield form_post(client, page, qf_source="compute", annual_resources=RESOURCES, monthly_benefits=BENEFITS,
                    children="2", **{"usage_restauration-scolaire": "4"})
    yield form_post(client, page, qf="-4567,89")


# --- Nothing written ----------------------------------------------------------------------------


def test_a_quote_writes_nothing_to_the_database(csrf_client, fee_page):
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        statuses = [response.status_code for response in family_requests(csrf_client, fee_page)]
    assert statuses == [200, 200, 422, 200, 200, 200]
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert set(statements) <= {"SELECT"}, statements
    assert row_counts() == before


def test_a_warm_quote_makes_no_query(client, fee_page, settings):
    settings.MON_ENFANT_REFRESH_SECONDS = 60  # within the refresh delay, the stamp is not read again
    body = {"commune": "35288", "school_year": YEAR, "qf": "800"}
    client.post(QUOTE_URL, body, content_type="application/json")  # compiles the grids
    with CaptureQueriesContext(connection) as queries:
        assert client.post(QUOTE_URL, body, content_type="application/json").status_code == 200
    assert len(queries) == 0


def test_a_grid_published_by_another_process_is_noticed_through_the_stamp(client, grids, monkeypatch):
    body = {"commune": "35288", "school_year": YEAR, "qf": "800"}
    assert client.post(QUOTE_URL, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "4.00"
    # Another process changes the data: no signal here, only its new stamp in the database.
    FeeBracket.objects.filter(price=Decimal("4.00")).update(price=Decimal("4.40"))
    FeeDataVersion.objects.update(token="written-by-another-process")
    FEES_STAMP.forget()  # as when MON_ENFANT_REFRESH_SECONDS have passed
    assert client.post(QUOTE_URL, body, content_type="application/json").json()["quotes"][0]["unit_price"] == "4.40"


def test_the_process_keeps_the_compiled_grids_not_the_qfs_typed(client, grids):
    client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": QF}, content_type="application/json")
    fees = services.commune_fees_by_code("35288")
    kept = repr(services._cache.entries)
    assert "35288" in kept and fees.years[YEAR], "the commune's compiled grids are kept"
    assert "7654" not in kept


# --- Nothing logged -----------------------------------------------------------------------------


def test_a_quote_logs_nothing_containing_the_amounts(csrf_client, fee_page, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.db.backends", "django.server", "wagtail", "mon_enfant"):
        caplog.set_level(logging.DEBUG, logger=name)
    services.clear_cache()  # also log the SELECTs that load the grids
    connection.force_debug_cursor = True
    try:
        statuses = [response.status_code for response in family_requests(csrf_client, fee_page)]
    finally:
        connection.force_debug_cursor = False
    assert 422 in statuses  # the refused amount was logged by django.request as a warning, without the body
    sql_records = [record for record in caplog.records if record.name == "django.db.backends"]
    assert sql_records, "SQL logging was not on: the test would prove nothing"
    assert any(record.name == "django.request" for record in caplog.records)
    logged = "\n".join(record.getMessage() + repr(getattr(record, "request", "")) for record in caplog.records)
    for secret in SECRETS:
        assert secret not in logged


def test_error_reports_would_hide_the_post_body(csrf_client, fee_page):
    """If a page or API request ever failed, Django's error report must not show what was typed."""
    response = form_post(csrf_client, fee_page, qf=QF)
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    response = csrf_client.post(QUOTE_URL, {"commune": "35288", "school_year": YEAR, "qf": QF},
                                content_type="application/json")
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


# --- Nothing in URLs, nothing cached ------------------------------------------------------------


def test_the_form_posts_and_its_action_carries_no_query(client, fee_page):
    html = client.get(fee_page.url).content.decode()
    form = re.search(r"<form [^>]*>", html).group(0)
    assert 'method="post"' in form
    assert "?" not in re.search(r'action="([^"]*)"', form).group(1)


def test_amounts_in_a_url_are_ignored(client, fee_page):
    response = client.get(fee_page.url, {"tarifs-qf": "800", "tarifs-school_year": YEAR, "mon_enfant_fees": "tarifs"})
    assert response.context["fees_result"] is None


def test_the_answer_is_not_a_redirect_to_a_url(csrf_client, fee_page):
    assert form_post(csrf_client, fee_page, qf=QF).status_code == 200


def assert_private(response, referrer_policy="no-referrer"):
    """The core's privacy headers (mon_enfant.privacy.PRIVATE_HEADERS), exactly."""
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == referrer_policy


@pytest.mark.parametrize("method", ["get", "post", "post-error"])
def test_every_response_of_the_page_is_private(csrf_client, fee_page, method):
    if method == "get":
        response = csrf_client.get(fee_page.url)
    else:
        response = form_post(csrf_client, fee_page, qf=QF if method == "post" else "pas un nombre")
    assert response.status_code == 200
    # The calculator page posts to itself: "no-referrer" would make browsers send "Origin: null", which
    # Django's CSRF check refuses (tests/browser/test_fees_journey.py submits it in Chromium).
    assert_private(response, referrer_policy="same-origin")


QUOTE_BODIES = {
    200: {"commune": "35288", "school_year": YEAR, "qf": QF},
    # a malformed body (ninja's own 400)
    400: "{not json",
    # ninja's validation (a rank out of bounds); ours (an unknown commune) is tested below
    422: {"commune": "35288", "school_year": YEAR, "qf": QF, "child_rank": 0},
}


@pytest.mark.parametrize("status", sorted(QUOTE_BODIES))
def test_every_quote_api_answer_is_private(client, grids, status):
    body = QUOTE_BODIES[status]
    response = client.post(QUOTE_URL, body if isinstance(body, str) else json.dumps(body),
                           content_type="application/json")
    assert response.status_code == status, response.content
    assert_private(response)


def test_a_quote_api_error_of_ours_is_private(client, grids):
    response = client.post(QUOTE_URL, {"commune": "99999", "school_year": YEAR, "qf": QF},
                           content_type="application/json")
    assert response.status_code == 422
    assert_private(response)


def test_a_page_answering_a_calculator_block_post_is_no_store(client, commune_a, grids):
    site = Site.objects.get(is_default_site=True)
    home = HomePage(title="Accueil", slug="accueil-bloc",
                    body=[("fee_calculator", {"commune": commune_a, "heading": "", "intro": "", "show_grids": False})])
    site.root_page.add_child(instance=home)
    home.save_revision().publish()
    assert "no-store" not in client.get(home.url).headers.get("Cache-Control", "")
    response = client.post(home.url, {"mon_enfant_fees": "tarifs-35288", "tarifs-35288-school_year": YEAR,
                                      "tarifs-35288-qf_source": "known", "tarifs-35288-qf": "800",
                                      "tarifs-35288-resident": "oui", "tarifs-35288-child_rank": "1",
                                      "tarifs-35288-couple": "oui"})
    # The answer holds the form again, posted to the site: it must be able to post once more (CSRF).
    assert_private(response, referrer_policy="same-origin")
    assert "Résultat de votre simulation" in response.content.decode()


def test_a_post_without_csrf_token_is_refused(fee_page):
    response = Client(enforce_csrf_checks=True).post(fee_page.url, {"mon_enfant_fees": "tarifs", "tarifs-qf": QF})
    assert response.status_code == 403


# --- No input answers 500 -----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30) | st.sampled_from(["1050", "1e400", "-0", "1,5", "NaN", "Infinity", "2026-2027", "35288"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
QUOTE_KEYS = ["commune", "school_year", "qf", "household", "resident", "child_rank", "pai", "usage"]
HOUSEHOLD_KEYS = ["method", "annual_resources", "monthly_benefits", "couple", "children", "disabled_children",
                  "tax_parts", "case_t"]
households = st.fixed_dictionaries({}, optional={key: json_values for key in HOUSEHOLD_KEYS})
usages = st.lists(st.fixed_dictionaries({}, optional={"service": st.sampled_from(
    ["restauration-scolaire", "accueil-periscolaire", "piscine"]) | json_values, "units_per_week": json_values}),
    max_size=3)
quote_bodies = st.fixed_dictionaries(
    {"commune": st.sampled_from(["35288", "35085", "99999"]) | json_values,
     "school_year": st.sampled_from([YEAR, "2025-2026"]) | json_values},
    optional={"qf": json_values, "household": households | json_values, "resident": json_values,
              "child_rank": json_values, "pai": json_values, "usage": usages | json_values},
)
NO_500 = hypothesis_settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@NO_500
@given(body=quote_bodies | json_values)
def test_no_json_body_makes_the_quote_api_answer_500(client, grids, body):
    response = client.post(QUOTE_URL, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 422), response.content


@NO_500
@given(raw=st.binary(max_size=200))
def test_no_raw_body_makes_the_quote_api_answer_500(client, grids, raw):
    response = client.post(QUOTE_URL, raw, content_type="application/json")
    assert response.status_code in (200, 400, 422), response.content


FORM_FIELDS = ["school_year", "qf_source", "qf", "annual_resources", "monthly_benefits", "couple", "children",
               "disabled_children", "resident", "child_rank", "pai", "usage_restauration-scolaire",
               "usage_accueil-periscolaire", "commune", "tax_parts", "case_t"]
form_values = st.text(max_size=40) | st.sampled_from(
    ["1050", "1 050,50", "-1", "1e400", "NaN", "0", "2026-2027", "known", "compute", "none", "oui", "non", "3",
     "99999999999999999999", "1.050,50", "∞", "٣٤٥"])


@NO_500
@given(fields=st.dictionaries(st.sampled_from(FORM_FIELDS), form_values, max_size=len(FORM_FIELDS)))
def test_no_form_input_makes_the_page_answer_500(client, fee_page, fields):
    body = {"mon_enfant_fees": "tarifs", **{f"tarifs-{name}": value for name, value in fields.items()}}
    response = client.post(fee_page.url, body)
    assert response.status_code == 200
    assert_private(response, referrer_policy="same-origin")
