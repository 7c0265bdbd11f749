"""The OpenAPI document is the contract of the "Trouver mon école" API: every kind of answer (found, a
shared sector, no sector, an unknown commune, an unpublished level, an unknown street, a number needed, a
street name shared by two streets, a commune déléguée needed, a location needed, the street autocomplete,
malformed questions) validates against the response schema that the operation declares, in French and in
English. The operations are ninja operations with typed query parameters: no plain view in front of them.
"""

import json

import pytest
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mon_enfant.api import api
from mon_enfant.catchment import services
from mon_enfant.catchment.models import CatchmentZone
from mon_enfant.validators import INSEE_PATTERN
from tests.catchment.data import CORSAIRES, ROCHER, make_catchment, rule
from tests.openapi import validate_against

pytestmark = pytest.mark.django_db

PREFIX = "/api/mon-enfant/v1"
CATCHMENT_URL = f"{PREFIX}/catchment"
STREETS_URL = f"{PREFIX}/streets"
YEAR = "2026-2027"
LANGUAGES = ["fr", "en"]


@pytest.fixture
def data(commune_a, monkeypatch):
    services.reset()
    # No remote geocoder in tests: a commune drawn as zones then needs a location.
    monkeypatch.setattr("mon_enfant.catchment.services.locate", lambda commune, parsed: None)
    make_catchment(commune_a)
    rule(commune_a, "RUE DE LA MAIRIE", CORSAIRES, lieu_dit="Paramé")
    rule(commune_a, "RUE DE LA MAIRIE", ROCHER, lieu_dit="Saint-Servan")
    ring = [[-2.03, 48.63], [-1.97, 48.63], [-1.97, 48.66], [-2.03, 48.66], [-2.03, 48.63]]
    CatchmentZone.objects.create(commune=commune_a, level="college", uai="0350916F",
                                 geometry={"type": "Polygon", "coordinates": [ring]})
    yield
    services.reset()


@pytest.fixture(scope="module")
def openapi():
    # Through JSON, as a client reads the document (status codes become strings).
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX)))


def response_schema(openapi, path, status):
    """The schema an operation declares for ``status``, with the document's components to resolve $refs."""
    content = openapi["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]
    return {**content["schema"], "components": openapi["components"]}


def assert_valid(openapi, path, response):
    assert response.status_code in (200, 422), response.content
    validate_against(openapi, response_schema(openapi, path, response.status_code), response.json())


def ask(client, language, **params):
    return client.get(CATCHMENT_URL, {"commune": "35288", "level": "elementaire", **params},
                      HTTP_ACCEPT_LANGUAGE=language)


# Every kind of answer of the lookup, with what makes it that kind.
ANSWERS = {
    "found": ({"address": "34 bis rue Guy-Ropartz"}, {"status": "found", "needs_number": False}),
    "shared sector": ({"address": "3 avenue du Rocher"}, {"status": "found"}),
    "number outside every range": ({"address": "80 rue des Corsaires"}, {"status": "no_sector"}),
    "unknown commune": ({"address": "1 rue X", "commune": "99999"}, {"status": "no_sector"}),
    "level not published": ({"address": "1 rue Guy Ropartz", "commune": "35288", "level": "maternelle",
                             "school_year": "2040-2041"}, {"status": "found"}),
    "unknown street": ({"address": "12 rue Guy Ropars"}, {"status": "unknown_street"}),
    "number needed": ({"address": "rue Guy Ropartz"}, {"status": "ambiguous", "needs_number": True}),
    "two streets of that name": ({"address": "du Moulin"}, {"status": "ambiguous", "needs_number": False}),
    "commune déléguée needed": ({"address": "3 rue de la Mairie"}, {"status": "ambiguous", "needs_lieu_dit": True}),
    "commune déléguée given": ({"address": "3 rue de la Mairie", "lieu_dit": "Paramé"}, {"status": "found"}),
    "location needed": ({"address": "34 rue Guy Ropartz", "level": "college"},
                        {"status": "no_sector", "needs_location": True}),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ANSWERS)
def test_every_kind_of_answer_matches_the_declared_schema(client, data, openapi, kind, language):
    params, expected = ANSWERS[kind]
    response = ask(client, language, **params)
    assert_valid(openapi, CATCHMENT_URL, response)
    body = response.json()
    assert {key: body[key] for key in expected} == expected
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(("language", "message", "suggestions"), [
    ("fr", "Précisez le numéro : cette voie est partagée entre plusieurs secteurs.",
     [f"du n° 1 au n° 49 : {CORSAIRES}", f"à partir du n° 50 : {ROCHER}"]),
    ("en", "Please give the house number: this street is split between several catchment areas.",
     [f"from no. 1 to no. 49: {CORSAIRES}", f"from no. 50: {ROCHER}"]),
])
def test_the_ranges_of_a_split_street_are_worded_in_the_requested_language(client, data, language, message,
                                                                          suggestions):
    body = ask(client, language, address="rue Guy Ropartz").json()
    assert (body["message"], body["suggestions"]) == (message, suggestions)


def test_an_english_request_gets_an_english_answer_with_the_published_names(client, data):
    body = ask(client, "en", address="12 rue Guy Ropars").json()
    assert body["message"].startswith("Unknown street. Did you mean: ")
    assert body["suggestions"] == ["Rue Guy Ropartz"]
    french = ask(client, "fr", address="12 rue Guy Ropars").json()
    assert french["message"].startswith("Voie inconnue. Vouliez-vous dire : ")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [
    {"commune": "35288", "q": "34 rue gu"},
    {"commune": "35288", "q": "moul"},
    {"commune": "99999", "q": "rue"},
    {"commune": "35288"},
    {"commune": "3528", "q": "rue"},
    {"q": "rue"},
])
def test_every_kind_of_autocomplete_answer_matches_the_declared_schema(client, data, openapi, params, language):
    assert_valid(openapi, STREETS_URL, client.get(STREETS_URL, params, HTTP_ACCEPT_LANGUAGE=language))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [
    {"commune": "35288", "address": "34 bis rue Guy-Ropartz", "level": "elementaire"},
    {"commune": "35288", "address": "", "level": "lycee"},
    {"commune": "3528", "address": "1 rue X", "level": "college", "school_year": "2026-2028"},
    {"commune": "35288", "address": "1 rue X", "level": "college", "lieu_dit": "x" * 101},
    {},
])
def test_malformed_questions_match_the_declared_error_schema(client, data, openapi, params, language):
    response = client.get(CATCHMENT_URL, params, HTTP_ACCEPT_LANGUAGE=language)
    assert_valid(openapi, CATCHMENT_URL, response)


@given(params=st.dictionaries(st.sampled_from(["commune", "address", "level", "school_year", "lieu_dit", "other"]),
                              st.one_of(st.sampled_from(["35288", "elementaire", "34 rue Guy Ropartz", "2026-2027"]),
                                        st.text(max_size=30))),
       language=st.sampled_from(LANGUAGES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_gets_an_answer_of_the_declared_schema(client, data, openapi, params, language):
    assert_valid(openapi, CATCHMENT_URL, client.get(CATCHMENT_URL, params, HTTP_ACCEPT_LANGUAGE=language))
    streets = {key: value for key, value in params.items() if key != "address"} | {"q": params.get("address", "")}
    assert_valid(openapi, STREETS_URL, client.get(STREETS_URL, streets, HTTP_ACCEPT_LANGUAGE=language))


def test_the_operations_are_served_by_ninja():
    for path in (CATCHMENT_URL, STREETS_URL):
        assert resolve(path).url_name in ("catchment_lookup", "catchment_streets")
        assert resolve(path).namespace == "mon_enfant_api"


def test_the_openapi_parameters_are_typed(openapi):
    parameters = {p["name"]: p for p in openapi["paths"][CATCHMENT_URL]["get"]["parameters"]}
    assert set(parameters) == {"commune", "address", "level", "school_year", "lieu_dit"}
    assert {name: p["required"] for name, p in parameters.items()} == {
        "commune": True, "address": True, "level": True, "school_year": False, "lieu_dit": False}
    assert parameters["commune"]["schema"]["pattern"] == INSEE_PATTERN
    assert parameters["level"]["schema"]["enum"] == ["maternelle", "elementaire", "college"]
    assert parameters["address"]["schema"]["maxLength"] == 200
    streets = {p["name"]: p for p in openapi["paths"][STREETS_URL]["get"]["parameters"]}
    assert streets["commune"]["schema"]["pattern"] == INSEE_PATTERN
    assert set(openapi["paths"][CATCHMENT_URL]["get"]["responses"]) == {"200", "422", "429"}


def test_a_wrong_method_is_refused(client):
    assert client.post(CATCHMENT_URL).status_code == 405
    assert client.post(STREETS_URL).status_code == 405


def test_a_malformed_question_names_the_field_and_does_not_echo_it(client, data):
    response = client.get(CATCHMENT_URL, {"commune": "35288", "address": "x" * 300, "level": "college"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "address"]
    assert "xxxx" not in response.content.decode()


def test_too_many_parameters_are_refused_not_a_server_error(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    assert client.get(f"{CATCHMENT_URL}?a=1&b=2&c=3&d=4").status_code == 400
