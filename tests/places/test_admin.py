"""The services map in the Wagtail admin: an editor of commune A adds a place by its address (its point comes
from the address index), with its week's hours and an exception, imports a file with a dry-run report, and
never sees nor changes commune B's places; the categories are for those who hold their permission."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mon_enfant.addresses.models import Street
from mon_enfant.addresses.parsing import street_key
from mon_enfant.places.models import Place, PlaceCategory
from tests.places.data import PLACES_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def places_editor_client(editor_a, editor_group_a):
    editor_group_a.permissions.add(*Permission.objects.filter(content_type__app_label="mon_enfant_places",
                                                              codename__endswith="_place"))
    client = Client()
    client.force_login(editor_a)
    return client


@pytest.fixture
def place_b(commune_b):
    return Place.objects.create(commune=commune_b, key="secret", name="Crèche secrète de Combourg",
                                category=PlaceCategory.objects.get(code="creche"))


def place_form(commune, **fields):
    data = {"commune": commune.pk, "name": "Crèche du Port", "category": PlaceCategory.objects.get(code="creche").pk,
            "key": "", "description": "", "address": "", "postcode": "", "city": "", "latitude": "",
            "longitude": "", "phone": "", "email": "", "website": "", "age_min": "", "age_max": "",
            "hours_note": "", "accessibility": "", "responsible_body": "mairie",
            "opening_slots-TOTAL_FORMS": 0, "opening_slots-INITIAL_FORMS": 0, "opening_slots-MIN_NUM_FORMS": 0,
            "opening_slots-MAX_NUM_FORMS": 1000, "closures-TOTAL_FORMS": 0, "closures-INITIAL_FORMS": 0,
            "closures-MIN_NUM_FORMS": 0, "closures-MAX_NUM_FORMS": 1000}
    data.update(fields)
    return data


def test_the_menu_items_are_shown_to_an_editor(places_editor_client):
    html = places_editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("mon_enfant_places_place:list") in html and reverse("mon_enfant_places_import:import") in html
    assert reverse("mon_enfant_places_category:list") not in html  # the site's list: superusers by default


def test_an_editor_adds_a_place_by_its_address_with_its_hours(places_editor_client, commune_a):
    Street.objects.create(commune=commune_a, key=street_key("Rue de la Gare"), label="Rue de la Gare",
                          latitude=Decimal("48.64"), longitude=Decimal("-2.00"))
    response = places_editor_client.post(reverse("mon_enfant_places_place:add"), place_form(
        commune_a, address="rue de la Gare", phone="0299407171", **{
            "opening_slots-TOTAL_FORMS": 2,
            "opening_slots-0-weekday": 1, "opening_slots-0-opens": "08:30", "opening_slots-0-closes": "12:00",
            "opening_slots-0-ORDER": 1, "opening_slots-0-id": "", "opening_slots-0-DELETE": "",
            "opening_slots-1-weekday": 1, "opening_slots-1-opens": "13:30", "opening_slots-1-closes": "18:00",
            "opening_slots-1-ORDER": 2, "opening_slots-1-id": "", "opening_slots-1-DELETE": "",
            "closures-TOTAL_FORMS": 1, "closures-0-start": "2026-12-24", "closures-0-end": "2027-01-01",
            "closures-0-hours": "", "closures-0-label": "Vacances de Noël", "closures-0-ORDER": 1,
            "closures-0-id": "", "closures-0-DELETE": ""}))
    assert response.status_code == 302, response.context["form"].errors
    place = Place.objects.get()
    assert (place.key, place.phone, place.latitude, place.longitude) == (
        "creche-du-port", "02 99 40 71 71", Decimal("48.64"), Decimal("-2.00"))
    assert place.opening_slots.count() == 2 and place.closures.get().label == "Vacances de Noël"


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"phone": "12 34 56"}, "phone", "n'est pas un numéro de téléphone français"),
    ({"latitude": "-2.0", "longitude": "48.6"}, "latitude", "semblent inversées"),
    ({"latitude": "48.6"}, "longitude", "Donnez la latitude et la longitude, ou aucune des deux."),
    ({"age_min": "6", "age_max": "3"}, "age_max", "est inférieur à l'âge minimum"),
])
def test_a_bad_value_is_refused_on_its_field(places_editor_client, commune_a, fields, field, message):
    response = places_editor_client.post(reverse("mon_enfant_places_place:add"), place_form(commune_a, **fields))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Place.objects.exists()


def test_an_editor_never_sees_nor_places_in_another_commune(places_editor_client, commune_a, commune_b, place_b):
    listing = places_editor_client.get(reverse("mon_enfant_places_place:list")).content.decode()
    assert "Crèche secrète de Combourg" not in listing
    assert places_editor_client.get(reverse("mon_enfant_places_place:edit", args=[place_b.pk])).status_code == 404
    response = places_editor_client.post(reverse("mon_enfant_places_place:add"), place_form(commune_b))
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert Place.objects.count() == 1


def test_the_import_screen_simulates_then_imports(places_editor_client, commune_a, commune_b):
    url = reverse("mon_enfant_places_import:import")
    data = PLACES_CSV.read_bytes().replace(b"\npmi-saint-malo;35288;", b"\npmi-saint-malo;35085;")
    dry_run = places_editor_client.post(url, {"file": SimpleUploadedFile("lieux.csv", data, content_type="text/csv")})
    lines = dry_run.context["report"].summary_lines()
    assert "Simulation : rien n'a été enregistré." in lines
    assert "1 lignes ignorées : la commune 35085 ne fait pas partie de vos communes." in lines
    assert not Place.objects.exists()
    confirmed = places_editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert confirmed.status_code == 302
    assert Place.objects.filter(commune=commune_a).count() == 6 and not Place.objects.filter(commune=commune_b).exists()


def test_the_import_screen_shows_every_error_with_its_line(places_editor_client, commune_a):
    data = PLACES_CSV.read_bytes().replace(b";creche;", b";zoo;").replace(b";0299407272;", b";02;")
    response = places_editor_client.post(reverse("mon_enfant_places_import:import"), {
        "file": SimpleUploadedFile("lieux.csv", data)})
    errors = [str(error) for error in response.context["errors"]]
    assert errors[0].startswith("Ligne 2 : categorie « zoo » inconnue")
    assert errors[1].startswith("Ligne 3 : telephone : « 02 »")


def test_the_import_screen_is_forbidden_without_place_permissions(editor_client):
    assert editor_client.get(reverse("mon_enfant_places_import:import")).status_code in (302, 403)


def test_a_superuser_edits_the_categories(superuser_client):
    category = PlaceCategory.objects.get(code="creche")
    response = superuser_client.post(reverse("mon_enfant_places_category:edit", args=[category.pk]), {
        "label": "Crèches", "code": "creche", "colour": "#123456", "sort_order": 5})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.label, category.colour) == ("Crèches", "#123456")
    bad = superuser_client.post(reverse("mon_enfant_places_category:edit", args=[category.pk]), {
        "label": "Crèches", "code": "creche", "colour": "rouge", "sort_order": 5})
    assert "colour" in bad.context["form"].errors


def test_the_place_form_has_a_point_picker_under_the_coordinates(places_editor_client):
    html = places_editor_client.get(reverse("mon_enfant_places_place:add")).content.decode()
    assert 'data-point-picker data-latitude="id_latitude" data-longitude="id_longitude"' in html
    assert "mon_enfant_places/point-picker.js" in html and "leaflet/leaflet.js" in html
    assert '<script id="point-picker-options" type="application/json">' in html
