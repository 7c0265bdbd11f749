"""The SCDL export: it follows the schema's rules (every column, required values, formats, enumerations), and
import → database → export → import gives the same menus on every supported field."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command

from mon_enfant.menus import logic
from mon_enfant.menus.importers import COLUMNS, REQUIRED_COLUMNS, import_menus
from mon_enfant.menus.models import Dish, Menu, Restaurant
from tests.menus.data import MENUS_SCDL, scdl

pytestmark = pytest.mark.django_db

EXPORT_URL = "/api/mon-enfant/v1/menus.csv"

# The schema's rules (SCDL menus-collectifs 1.2.3), written out from its documentation, independently of the
# importer's tables.
PATTERNS = {
    "menuCollSiret": r"\d{14}",
    "menuEtablissementSiret": r"(\d{14})?",
    "menuRestaurantInsee": r"(([013-9]\d|2[AB1-9])\d{3})?",
    "menuDate": r"\d{4}-\d{2}-\d{2}",
    "menuPlatNutriscore": r"[A-E]?",
    "menuPlatPrix": r"(\d+(\.\d+)?)?",
    "menuPublicationDate": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)",
    "menuModificationDate": r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?",
}
ENUMS = {
    "menuRestaurantIdType": {"SIRET", "EN", "autre", "sans"},
    "menuRestaurantType": {"crèche", "maternelle", "élémentaire", "collège", "lycée", "université",
                           "centre de formation", "administration", "résidence sénior", "EHPAD", "repas à domicile",
                           "centre de loisirs", "restaurant d'entreprise", "autre"},
    "menuRepasType": {"petit-déjeuner", "déjeuner", "goûter", "dîner", "collation", "pique-nique", "autre"},
    "menuPlatType": {"entrée", "plat principal", "garniture", "dessert", "produit laitier", "pain", "autre"},
}
LIST_COLUMNS = ["menuPlatSiqo", "menuPlatRegime", "menuPlatAllergene", "menuPlatTexture"]


def read(text):
    return list(csv.DictReader(io.StringIO(text), delimiter=","))


def menus_state():
    """Every supported field of every menu and dish, keyed by what identifies them (not by database ids)."""
    state = {}
    for menu in Menu.objects.select_related("restaurant__commune").prefetch_related("dishes"):
        restaurant = menu.restaurant
        key = (restaurant.commune.code_insee, restaurant.name, menu.date, menu.meal)
        state[key] = (
            tuple(getattr(restaurant, name) for name in ("identifier_type", "identifier", "restaurant_type", "diners",
                                                         "collectivity_name", "collectivity_siret", "kitchen_name",
                                                         "kitchen_siret")),
            menu.published_at, menu.modified_at, menu.modification_info,
            [(dish.sort_order, dish.course, dish.name, dish.code, dish.is_alternative, dish.siqo, dish.labels,
              dish.diets, dish.allergens, dish.textures, dish.precisions, dish.nutriscore, dish.cost)
             for dish in menu.dishes.order_by("sort_order")],
        )
    return state


@pytest.fixture
def imported(commune_a, school_a):
    import_menus(MENUS_SCDL.read_bytes())


def export(client, **params):
    response = client.get(EXPORT_URL, {"commune": "35288", "from": "2026-12-01", "to": "2026-12-31", **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.content.decode()


def test_the_export_follows_the_schema(client, imported):
    text = export(client)
    assert text.splitlines()[0].split(",") == COLUMNS
    rows = read(text)
    assert len(rows) == 20
    for row in rows:
        for column in REQUIRED_COLUMNS:
            assert row[column], (column, row)
        for column, pattern in PATTERNS.items():
            assert re.fullmatch(pattern, row[column]), (column, row[column])
        for column, allowed in ENUMS.items():
            assert row[column] in allowed, (column, row[column])
        for column in LIST_COLUMNS:
            if row[column]:
                items = json.loads(row[column])
                assert isinstance(items, list) and all(isinstance(item, str) for item in items)
        assert len(row["menuPlatNom"]) < 160
        assert len(row["menuPlatCode"]) < 16
        if row["menuPlatAllergene"]:
            assert set(json.loads(row["menuPlatAllergene"])) <= set(logic.ALLERGENS.values())
        if row["menuPlatSiqo"]:
            assert set(json.loads(row["menuPlatSiqo"])) <= set(logic.SIQO.values())


def test_round_trip_is_lossless(client, imported):
    before = menus_state()
    text = export(client)
    Dish.objects.all().delete()
    Menu.objects.all().delete()
    Restaurant.objects.all().delete()
    import_menus(text.encode())
    assert menus_state() == before
    # And once more: the second export is the first, byte for byte.
    assert export(client) == text


def test_round_trip_over_the_existing_menus_changes_nothing(client, imported):
    before = menus_state()
    report = import_menus(export(client).encode())
    assert menus_state() == before
    assert report.restaurants_updated == []


def test_export_of_one_school_and_a_period(client, imported):
    rows = read(export(client, school="0350916F", **{"from": "2026-12-08", "to": "2026-12-08"}))
    assert {row["menuRestaurantNom"] for row in rows} == {"Restaurant du collège Duguay-Trouin"}
    assert {row["menuDate"] for row in rows} == {"2026-12-08"}
    assert {row["menuRepasType"] for row in rows} == {"déjeuner", "goûter"}


def test_an_editor_typed_formula_is_neutralised(client, commune_a):
    import_menus(scdl({"menuPlatNom": "=HYPERLINK(\"http://example.org\")"}))
    assert read(export(client))[0]["menuPlatNom"].startswith("'=")


@pytest.mark.parametrize("params, field", [
    ({"from": "2026-01-01", "to": "2027-06-01"}, "to"),
    ({"from": "2026-12-31", "to": "2026-12-01"}, "to"),
    ({"from": "31/12/2026"}, "from"),
    ({"commune": "3528"}, "commune"),
    ({"school": "nope"}, "school"),
])
def test_bad_parameters_answer_422_with_the_field(client, imported, params, field):
    query = {"commune": "35288", "from": "2026-12-01", "to": "2026-12-31", **params}
    response = client.get(EXPORT_URL, query)
    assert response.status_code == 422
    assert field in [error["loc"][-1] for error in response.json()["detail"]]


def test_unknown_commune_or_school_answer_404(client, imported):
    assert client.get(EXPORT_URL, {"commune": "35085", "from": "2026-12-01", "to": "2026-12-31"}).status_code == 404
    assert client.get(EXPORT_URL, {"commune": "35288", "from": "2026-12-01", "to": "2026-12-31",
                                   "school": "0359999Z"}).status_code == 404


def test_export_command(tmp_path, imported):
    path = tmp_path / "export.csv"
    call_command("export_menus", "--commune", "35288", "--from", "2026-12-07", "--to", "2026-12-07", "-o", str(path))
    rows = read(path.read_text(encoding="utf-8"))
    assert {row["menuDate"] for row in rows} == {dt.date(2026, 12, 7).isoformat()}
    assert len(rows) == 8
