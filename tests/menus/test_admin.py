"""The menus in the Wagtail admin: an editor of commune A types a week dish by dish (allergens as checkboxes),
previews it as parents will see it, copies it to another week, imports the caterer's SCDL file with a
dry-run report, and reads the weekly EGalim check; nothing of commune B appears or changes."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mon_enfant.menus.importers import import_menus
from mon_enfant.menus.models import Dish, Menu, Restaurant
from tests.menus.data import MENUS_SCDL, scdl

pytestmark = pytest.mark.django_db


@pytest.fixture
def menus_editor_client(editor_a, editor_group_a):
    editor_group_a.permissions.add(*Permission.objects.filter(content_type__app_label="mon_enfant_menus"))
    client = Client()
    client.force_login(editor_a)
    return client


@pytest.fixture
def restaurant_a(commune_a, school_a):
    import_menus(MENUS_SCDL.read_bytes())
    return Restaurant.objects.get(identifier="0350916F")


@pytest.fixture
def restaurant_b(commune_b):
    restaurant = Restaurant.objects.create(commune=commune_b, name="Cantine de Combourg", collectivity_name="Combourg",
                                           collectivity_siret="21350085400017", kitchen_name="Cuisine de Combourg")
    menu = Menu.objects.create(restaurant=restaurant, date=dt.date(2026, 12, 7))
    Dish.objects.create(menu=menu, name="Galette saucisse secrète", course="plat")
    return restaurant


def menu_form(restaurant, date, dishes, **fields):
    data = {"restaurant": restaurant.pk, "date": date, "meal": "dejeuner", "modification_info": "",
            "dishes-TOTAL_FORMS": len(dishes), "dishes-INITIAL_FORMS": 0, "dishes-MIN_NUM_FORMS": 0,
            "dishes-MAX_NUM_FORMS": 1000}
    for index, dish in enumerate(dishes):
        data.update({f"dishes-{index}-{name}": value for name, value in {
            "course": "plat", "name": "", "labels": "", "diets": "", "textures": "", "precisions": "",
            "nutriscore": "", "code": "", "cost": "", "ORDER": index + 1, "id": "", "DELETE": "", **dish}.items()})
    data.update(fields)
    return data


def test_the_menu_items_are_shown_to_an_editor(menus_editor_client):
    html = menus_editor_client.get(reverse("wagtailadmin_home")).content.decode()
    for url in ("mon_enfant_menus_restaurant:list", "mon_enfant_menus_menu:list", "mon_enfant_menus_import:import",
                "mon_enfant_menus_copy:import", "mon_enfant_menus_egalim:import"):
        assert reverse(url) in html


def test_an_editor_types_a_menu_dish_by_dish(menus_editor_client, restaurant_a):
    response = menus_editor_client.post(reverse("mon_enfant_menus_menu:add"), menu_form(
        restaurant_a, "2026-12-14",
        [{"course": "entree", "name": "Soupe à l'oignon", "allergens": ["gluten", "lait"], "siqo": ["bio"],
          "labels": "fait maison ; local", "diets": "végétarien"},
         {"course": "plat", "name": "Omelette", "allergens": ["oeufs"], "diets": "végétarien", "cost": "1.20"},
         {"course": "plat", "name": "Omelette sans lait", "is_alternative": "on", "diets": "sans lactose"}],
    ))
    assert response.status_code == 302, response.context["form"].errors
    menu = Menu.objects.get(restaurant=restaurant_a, date=dt.date(2026, 12, 14))
    soup, omelette, alternative = menu.dishes.order_by("sort_order")
    assert (soup.allergens, soup.siqo, soup.labels, soup.diets) == (["gluten", "lait"], ["bio"],
                                                                    ["fait maison", "local"], ["végétarien"])
    assert (omelette.allergens, str(omelette.cost)) == (["oeufs"], "1.20")
    assert alternative.is_alternative


def test_an_unknown_allergen_is_refused_on_its_dish(menus_editor_client, restaurant_a):
    response = menus_editor_client.post(reverse("mon_enfant_menus_menu:add"), menu_form(
        restaurant_a, "2026-12-14", [{"name": "Kiwi", "allergens": ["kiwi"]}]))
    assert response.status_code == 200
    assert not Menu.objects.filter(date=dt.date(2026, 12, 14)).exists()


def test_the_menu_form_offers_only_the_editors_restaurants(menus_editor_client, restaurant_a, restaurant_b):
    response = menus_editor_client.get(reverse("mon_enfant_menus_menu:add"))
    assert set(response.context["form"].fields["restaurant"].queryset) == set(
        Restaurant.objects.filter(commune=restaurant_a.commune))
    refused = menus_editor_client.post(reverse("mon_enfant_menus_menu:add"),
                                       menu_form(restaurant_b, "2026-12-14", [{"name": "Intrus"}]))
    assert refused.status_code == 200
    assert not Menu.objects.filter(restaurant=restaurant_b, date=dt.date(2026, 12, 14)).exists()


def test_listings_show_only_the_editors_communes(menus_editor_client, restaurant_a, restaurant_b):
    html = menus_editor_client.get(reverse("mon_enfant_menus_menu:list")).content.decode()
    assert "Restaurant du collège Duguay-Trouin" in html and "Cantine de Combourg" not in html
    html = menus_editor_client.get(reverse("mon_enfant_menus_restaurant:list")).content.decode()
    assert "Cantine de Combourg" not in html
    # The listing's "restaurant" filter offers only the editor's restaurants too.
    filters = menus_editor_client.get(reverse("mon_enfant_menus_menu:list")).context["filters"]
    assert set(filters.filters["restaurant"].queryset) == set(Restaurant.objects.filter(commune__code_insee="35288"))
    menu_b = Menu.objects.get(restaurant=restaurant_b)
    assert menus_editor_client.get(reverse("mon_enfant_menus_menu:edit", args=[menu_b.pk])).status_code == 404


def test_the_preview_shows_the_week_as_parents_will(menus_editor_client, restaurant_a):
    url = reverse("mon_enfant_menus_menu:preview_on_add")
    data = menu_form(restaurant_a, "2026-12-09", [{"course": "plat", "name": "Crêpes aux champignons",
                                                   "diets": "végétarien", "allergens": ["gluten"]}])
    assert menus_editor_client.post(url, data).json()["is_valid"]
    html = menus_editor_client.get(url).content.decode()
    assert "Crêpes aux champignons" in html  # the menu being typed, not saved
    assert "Lasagnes aux légumes" in html  # the rest of its week, from the database
    assert not Menu.objects.filter(restaurant=restaurant_a, date=dt.date(2026, 12, 9)).exists()


def test_copy_a_week(menus_editor_client, restaurant_a):
    url = reverse("mon_enfant_menus_copy:import")
    response = menus_editor_client.post(url, {"restaurant": restaurant_a.pk, "source": "2026-W50",
                                              "target": "2027-W02"})
    assert response.status_code == 302
    copied = Menu.objects.filter(restaurant=restaurant_a, date__range=(dt.date(2027, 1, 11), dt.date(2027, 1, 17)))
    assert sorted({menu.date for menu in copied}) == [dt.date(2027, 1, 11), dt.date(2027, 1, 12),
                                                      dt.date(2027, 1, 14)]
    assert Dish.objects.filter(menu__in=copied).count() == 15
    lasagna = Dish.objects.get(menu__in=copied, name="Lasagnes aux légumes")
    assert lasagna.siqo == ["bio", "label-rouge"]


def test_copy_refuses_another_communes_restaurant_and_an_empty_week(menus_editor_client, restaurant_a, restaurant_b):
    url = reverse("mon_enfant_menus_copy:import")
    response = menus_editor_client.post(url, {"restaurant": restaurant_b.pk, "source": "2026-W50",
                                              "target": "2026-W51"})
    assert response.context["form"].errors["restaurant"]
    response = menus_editor_client.post(url, {"restaurant": restaurant_a.pk, "source": "2026-W40",
                                              "target": "2026-W51"})
    assert "aucun menu" in response.context["form"].errors["source"][0]
    response = menus_editor_client.post(url, {"restaurant": restaurant_a.pk, "source": "2026-W99",
                                              "target": "2026-W51"})
    assert response.context["form"].errors["source"]
    assert not Menu.objects.filter(date__gte=dt.date(2026, 12, 14), restaurant=restaurant_a).exists()


def test_the_egalim_check_flags_a_week_without_vegetarian_menu(menus_editor_client, restaurant_a, restaurant_b):
    response = menus_editor_client.get(reverse("mon_enfant_menus_egalim:import"), {"semaine": "2026-W50"})
    rows = {(row.restaurant.name, str(row.week)): row.check for row in response.context["rows"]}
    assert set(rows) == {("Restaurant du collège Duguay-Trouin", "2026-W50"),
                         ("Restaurant scolaire de Rocabey", "2026-W50")}
    assert rows[("Restaurant scolaire de Rocabey", "2026-W50")].missing_vegetarian
    college = rows[("Restaurant du collège Duguay-Trouin", "2026-W50")]
    assert (college.vegetarian_days, college.dishes_with_quality, college.dishes) == ((dt.date(2026, 12, 8),), 8, 15)
    html = response.content.decode()
    assert "Aucun : à corriger" in html and "Combourg" not in html
    assert response.context["missing"] == 1


def test_the_import_screen_simulates_then_imports(menus_editor_client, commune_a, commune_b):
    url = reverse("mon_enfant_menus_import:import")
    data = scdl({}, {"menuRestaurantInsee": "35085", "menuRestaurantNom": "Cantine de Combourg",
                     "menuRestaurantIdType": "sans", "menuRestaurantId": ""})
    dry_run = menus_editor_client.post(url, {"file": SimpleUploadedFile("menus.csv", data, content_type="text/csv")})
    lines = dry_run.context["report"].summary_lines()
    assert "Simulation : rien n'a été enregistré." in lines
    assert "1 lignes ignorées : la commune 35085 ne fait pas partie de vos communes." in lines
    assert not Menu.objects.exists()
    confirmed = menus_editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert confirmed.status_code == 302
    assert list(Restaurant.objects.values_list("commune__code_insee", flat=True)) == ["35288"]


def test_the_import_screen_shows_every_error_with_its_line(menus_editor_client, commune_a):
    response = menus_editor_client.post(reverse("mon_enfant_menus_import:import"), {
        "file": SimpleUploadedFile("menus.csv", scdl({"menuDate": "hier"}, {"menuPlatAllergene": "kiwi"}))})
    errors = [str(error) for error in response.context["errors"]]
    assert errors[0].startswith("Ligne 2 : menuDate") and errors[1].startswith("Ligne 3 : allergène « kiwi »")


def test_the_import_screen_with_a_commune_for_a_file_without_insee(menus_editor_client, commune_a):
    url = reverse("mon_enfant_menus_import:import")
    file = SimpleUploadedFile("menus.csv", scdl({"menuRestaurantInsee": ""}))
    dry_run = menus_editor_client.post(url, {"file": file, "commune": commune_a.pk})
    menus_editor_client.post(url, {"confirm_token": dry_run.context["confirm_token"]})
    assert Restaurant.objects.get().commune == commune_a


def test_screens_are_forbidden_without_menu_permissions(editor_client):
    for name in ("mon_enfant_menus_import:import", "mon_enfant_menus_copy:import", "mon_enfant_menus_egalim:import"):
        response = editor_client.get(reverse(name))
        assert response.status_code in (302, 403), name
