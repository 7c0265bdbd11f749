"""The JSON API: the schools of a commune, with malformed questions answered 422 (never 500)."""

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
