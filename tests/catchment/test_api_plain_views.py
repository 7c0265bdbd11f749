"""The busiest operations are served by plain Django views in front of ninja (mon_enfant/api_support.py):
the same function answers through both, so for any input the status, the JSON and the privacy headers
must be the same; and ninja still documents them."""

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja.testing import TestClient

from mon_enfant.api import api
from mon_enfant.catchment import services
from mon_enfant.fees.models import PricingKind
from tests.catchment.data import make_catchment
from tests.fees.data import PARIS_2020, make_grid, make_service

pytestmark = pytest.mark.django_db

PREFIX = "/api/mon-enfant/v1"
YEAR = "2026-2027"
ninja_client = TestClient(api)


@pytest.fixture
def data(commune_a):
    services.reset()
    make_catchment(commune_a)
    make_grid(make_service(commune_a, "Restauration scolaire", "repas", order=1), YEAR, brackets=PARIS_2020)
    make_grid(make_service(commune_a, "Accueil périscolaire", "heure", order=2), YEAR,
              pricing=PricingKind.EFFORT_RATE, rate_percent=Decimal("0.36"), floor_price=Decimal("2.60"),
              ceiling_price=Decimal("4.50"))
    yield
    services.reset()


def both_get(client, route, params):
    plain = client.get(PREFIX + route, params)
    through_ninja = ninja_client.get(route, query_params=params)
    return plain, through_ninja


def assert_same(plain, through_ninja):
    assert plain.status_code == through_ninja.status_code, (plain.content, through_ninja.content)
    assert plain.json() == json.loads(through_ninja.content)
    for header in ("Cache-Control", "Referrer-Policy", "Expires"):  # the answer's own privacy headers
        if through_ninja.get(header) is not None:  # (the plain one also passes through the middleware)
            assert plain.get(header) == through_ninja.get(header)


def test_the_plain_view_serves_the_route():
    from django.urls import resolve

    assert resolve(f"{PREFIX}/catchment").func.__name__ == "plain_catchment"
    assert resolve(f"{PREFIX}/streets").func.__name__ == "plain_streets"


@pytest.mark.parametrize("params", [
    {"commune": "35288", "address": "34 bis rue Guy-Ropartz", "level": "elementaire"},
    {"commune": "35288", "address": "rue inconnue", "level": "college", "school_year": "2026-2027"},
    {"commune": "35288", "address": "", "level": "lycee"},
    {"commune": "3528"},
    {},
])
def test_catchment_answers_alike_through_both(client, data, params):
    assert_same(*both_get(client, "/catchment", params))


@given(params=st.dictionaries(st.sampled_from(["commune", "address", "level", "school_year", "lieu_dit", "other"]),
                              st.one_of(st.sampled_from(["35288", "elementaire", "34 rue Guy Ropartz", "2026-2027"]),
                                        st.text(max_size=30))))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_gets_the_same_answer_through_both(client, data, params):
    assert_same(*both_get(client, "/catchment", params))
    assert_same(*both_get(client, "/streets", {key: value for key, value in params.items() if key != "address"}
                          | {"q": params.get("address", "")}))


@given(body=st.one_of(
    st.fixed_dictionaries({"commune": st.sampled_from(["35288", "99999", ""]),
                           "school_year": st.sampled_from([YEAR, "2030-2031", "2026"]),
                           "qf": st.one_of(st.none(), st.integers(-5, 3000), st.text(max_size=6))},
                          optional={"child_rank": st.integers(0, 12), "pai": st.booleans(),
                                    "resident": st.booleans()}),
    st.text(max_size=20).map(lambda text: {"raw": text}),
))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_quote_gets_the_same_answer_through_both(client, data, body):
    raw = body["raw"] if "raw" in body else json.dumps({k: v for k, v in body.items() if v is not None})
    plain = client.post(f"{PREFIX}/fees/quote", raw, content_type="application/json")
    through_ninja = ninja_client.post("/fees/quote", data=raw, content_type="application/json")
    assert plain.status_code in (200, 400, 422)
    assert_same(plain, through_ninja)


def test_a_wrong_method_is_refused_as_ninja_does(client):
    assert client.post(f"{PREFIX}/catchment").status_code == 405
    assert client.get(f"{PREFIX}/fees/quote").status_code == 405


def test_a_malformed_question_names_the_field_and_does_not_echo_it(client, data):
    response = client.get(f"{PREFIX}/catchment", {"commune": "35288", "address": "x" * 300, "level": "college"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "address"]
    assert "xxxx" not in response.content.decode()


def test_too_many_parameters_are_refused_not_a_server_error(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    response = client.get(f"{PREFIX}/catchment?a=1&b=2&c=3&d=4")
    assert response.status_code == 400


def test_openapi_still_documents_the_plain_operations(client):
    schema = client.get(f"{PREFIX}/openapi.json").json()
    lookup = schema["paths"][f"{PREFIX}/catchment"]["get"]
    assert {parameter["name"] for parameter in lookup["parameters"]} == {"commune", "address", "level",
                                                                          "school_year", "lieu_dit"}
    assert {p["name"]: p["required"] for p in lookup["parameters"]}["level"] is True
    assert set(lookup["responses"]) == {"200", "422"}
    assert "requestBody" in schema["paths"][f"{PREFIX}/fees/quote"]["post"]
