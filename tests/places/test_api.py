"""The GeoJSON export: RFC 7946 (validated by an independent library, python-geojson), longitude first,
the import's columns as properties (an export imports back), ETag and Last-Modified with 304 answers to
conditional requests, and every change seen; bad parameters answer 4xx, never 500."""

import json
from decimal import Decimal

import geojson
import pytest

from mon_enfant.places.importers import import_places
from mon_enfant.places.models import Place
from tests.places.data import PLACES_CSV

pytestmark = pytest.mark.django_db

URL = "/api/mon-enfant/v1/places.geojson"


@pytest.fixture
def imported(commune_a, school_a):
    import_places(PLACES_CSV.read_bytes())


def test_the_export_is_valid_geojson_longitude_first(client, imported):
    response = client.get(URL, {"commune": "35288"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    document = geojson.loads(response.content.decode())
    assert document.is_valid, document.errors()
    assert isinstance(document, geojson.FeatureCollection) and len(document["features"]) == 8
    creche = next(f for f in document["features"] if f["properties"]["nom"] == "Multi-accueil de Rocabey")
    assert creche["geometry"] == {"type": "Point", "coordinates": [-2.007, 48.644]}
    assert creche["properties"]["horaires"] == "lu-ve 07:30-18:30"
    assert creche["properties"]["fermetures"] == "2026-12-24/2027-01-01 Vacances de Noël"
    school = next(f for f in document["features"] if f["properties"]["source"] == "ecole")
    assert school["properties"]["identifiant"] == "0350916F"


def test_an_export_imports_back_unchanged(client, imported):
    exported = client.get(URL, {"commune": "35288"}).content
    report = import_places(exported)
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 7)
    assert report.schools_skipped == 1


def test_the_category_filter(client, imported):
    document = json.loads(client.get(URL, {"commune": "35288", "category": ["creche", "pmi"]}).content)
    assert sorted(f["properties"]["categorie"] for f in document["features"]) == ["creche", "pmi"]


def test_a_conditional_request_answers_304_until_something_changes(client, imported):
    first = client.get(URL, {"commune": "35288"})
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(URL, {"commune": "35288"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(URL, {"commune": "35288"}, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another filter is another document.
    assert client.get(URL, {"commune": "35288", "category": "pmi"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    place = Place.objects.get(key="pmi-saint-malo")
    place.latitude = Decimal("48.6481")
    place.save()
    changed = client.get(URL, {"commune": "35288"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    etag = changed["ETag"]
    Place.objects.filter(key="pmi-saint-malo").delete()
    assert client.get(URL, {"commune": "35288"}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_304_reads_no_place(client, imported, django_assert_max_num_queries):
    etag = client.get(URL, {"commune": "35288"})["ETag"]
    with django_assert_max_num_queries(5):
        assert client.get(URL, {"commune": "35288"}, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(("query", "status"), [
    ({}, 422), ({"commune": "x"}, 422), ({"commune": "99999"}, 404), ({"commune": "35288", "category": "zoo"}, 404),
    ({"commune": "35288", "category": "<script>" * 500}, 404), ({"commune": "35288", "category": ["a"] * 100}, 422),
])
def test_bad_parameters_answer_4xx(client, imported, query, status):
    response = client.get(URL, query)
    assert response.status_code == status
    assert "<script>" not in response.content.decode()


def test_a_version_is_built_once_then_served_from_the_cache(client, imported, django_assert_max_num_queries):
    first = client.get(URL, {"commune": "35288"}).content
    with django_assert_max_num_queries(5):  # the commune, the categories, the version: no place read
        again = client.get(URL, {"commune": "35288"})
    assert again.status_code == 200 and again.content == first
