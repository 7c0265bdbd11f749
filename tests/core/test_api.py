"""The JSON API: the schools of a commune, with malformed questions answered 422 (never 500)."""

import json

import pytest

from mon_enfant.models import Commune, School

pytestmark = pytest.mark.django_db

SCHOOLS_URL = "/api/mon-enfant/v1/schools"


def test_schools_of_a_commune_are_listed(client, school_a, school_b):
    response = client.get(SCHOOLS_URL, {"commune": "35288"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "uai": "0350916F",
            "name": "Collège Duguay-Trouin",
            "level": "college",
            "sector": "public",
            "address": "5 rue HENRI LEMARIE",
            "postcode": "35400",
            "city": "ST MALO",
            "commune": "35288",
            "latitude": 48.656216,
            "longitude": -1.973099,
            "phone": "",
            "email": "",
            "website": "",
            "ent_url": "",
        }
    ]


def test_schools_are_listed_by_name(client, commune_a, school_a):
    school_a.pk = None
    school_a.uai, school_a.name = "0350044H", "Collège Chateaubriand"
    school_a.save()
    names = [school["name"] for school in client.get(SCHOOLS_URL, {"commune": "35288"}).json()]
    assert names == ["Collège Chateaubriand", "Collège Duguay-Trouin"]


def test_school_without_coordinates_has_null_latitude_and_longitude(client, school_b):
    [school] = client.get(SCHOOLS_URL, {"commune": "35085"}).json()
    assert (school["latitude"], school["longitude"]) == (None, None)


def test_commune_code_is_trimmed_and_case_insensitive(client):
    ajaccio = Commune.objects.create(name="Ajaccio", code_insee="2A004")
    School.objects.create(uai="0359901A", name="École d'Ajaccio", level="primaire", commune=ajaccio)
    assert [s["uai"] for s in client.get(SCHOOLS_URL, {"commune": " 2a004 "}).json()] == ["0359901A"]


def test_unknown_commune_gives_an_empty_list(client, school_a):
    response = client.get(SCHOOLS_URL, {"commune": "99999"})
    assert response.status_code == 200
    assert response.json() == []


def test_missing_commune_parameter_gives_422(client):
    response = client.get(SCHOOLS_URL)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "commune"]


def test_openapi_schema_is_published(client):
    response = client.get("/api/mon-enfant/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/mon-enfant/v1/schools" in response.json()["paths"]


def _body_properties(openapi, operation):
    """The properties of an operation's JSON body, its $ref followed."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    while "$ref" in body:
        body = openapi["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    return body.get("properties", {})


def test_every_operation_taking_a_commune_declares_the_insee_pattern_and_its_422():
    """Issue 10, finding 12: the INSEE pattern on every operation's commune (query or body), and the 422
    answer in each such operation's schema — for every installed feature, not only the catchment."""
    from mon_enfant.api import api
    from mon_enfant.validators import INSEE_PATTERN

    openapi = json.loads(json.dumps(api.get_openapi_schema(path_prefix="")))
    checked = []
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            communes = [parameter["schema"] for parameter in operation.get("parameters", [])
                        if parameter["name"] == "commune"]
            communes += [schema for name, schema in _body_properties(openapi, operation).items() if name == "commune"]
            for schema in communes:
                assert schema.get("pattern") == INSEE_PATTERN, f"{method.upper()} {path}"
                assert "422" in operation["responses"], f"{method.upper()} {path}"
                checked.append(f"{method.upper()} {path}")
    assert {"GET /schools", "GET /fees/grids", "POST /fees/quote", "GET /catchment", "GET /streets"} <= set(checked)


@pytest.mark.parametrize("code", ["3528٨", "ZZZZZ", "35288 OR 1=1", "../etc"])
def test_a_malformed_commune_gets_422_naming_the_field_without_echoing_it(client, school_a, code):
    for response in [client.get(SCHOOLS_URL, {"commune": code}),
                     client.get("/api/mon-enfant/v1/fees/grids", {"commune": code}),
                     client.post("/api/mon-enfant/v1/fees/quote",
                                 {"commune": code, "school_year": "2026-2027", "qf": "1"},
                                 content_type="application/json")]:
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert detail[0]["loc"][-1] == "commune"
        assert code not in response.content.decode()
