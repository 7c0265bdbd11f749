"""``import_menus``: a SCDL file imports every field; a malformed file is refused with the line and what is
wrong, in French, and changes nothing; re-importing a period replaces it for those restaurants; a dry run
says what would happen and writes nothing; editors import only into their communes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from mon_enfant.csvfiles import ImportFileError
from mon_enfant.menus.importers import COLUMNS, import_menus
from mon_enfant.menus.models import Dish, Menu, Restaurant
from tests.menus.data import MENUS_SCDL, scdl

pytestmark = pytest.mark.django_db


def snapshot():
    return (list(Restaurant.objects.order_by("pk").values_list()), list(Menu.objects.order_by("pk").values_list()),
            list(Dish.objects.order_by("pk").values_list()))


def test_the_scdl_file_imports_every_field(commune_a, school_a):
    report = import_menus(MENUS_SCDL.read_bytes())
    assert (report.rows_read, report.dishes, report.menus, report.days) == (20, 20, 6, 4)
    assert report.schools_matched == ["0350916F"]
    assert (report.first_date, report.last_date) == (dt.date(2026, 12, 7), dt.date(2026, 12, 10))
    college = Restaurant.objects.get(identifier="0350916F")
    assert list(college.schools.all()) == [school_a]
    assert (college.commune, college.identifier_type, college.restaurant_type, college.kitchen_siret) == (
        commune_a, "EN", "collège", "21350288400021")
    rocabey = Restaurant.objects.get(name="Restaurant scolaire de Rocabey")
    assert (rocabey.identifier_type, rocabey.identifier, list(rocabey.schools.all())) == ("sans", "", [])

    monday = Menu.objects.get(restaurant=college, date=dt.date(2026, 12, 7))
    dishes = list(monday.dishes.order_by("sort_order"))
    assert [dish.course for dish in dishes] == ["entree", "plat", "plat", "garniture", "dessert"]
    carrots, pork, turkey, _rice, far = dishes
    assert (carrots.siqo, carrots.diets, carrots.allergens, carrots.nutriscore, carrots.cost, carrots.code) == (
        ["bio"], ["végétarien"], ["moutarde"], "A", Decimal("0.42"), "ENT-001")
    assert pork.cost == Decimal("1.21")  # 1.205, rounded half-up to the cent
    assert (pork.labels, pork.allergens, pork.is_alternative) == (["local"], ["soja", "sulfites"], False)
    assert (turkey.is_alternative, turkey.diets, turkey.allergens) == (True, ["sans porc"], ["sulfites"])
    assert (far.labels, far.allergens, far.textures) == (["fait maison", "local"], ["gluten", "oeufs", "lait"],
                                                         ["normal", "mixé"])
    assert monday.published_at == dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)

    tuesday = Menu.objects.filter(restaurant=college, date=dt.date(2026, 12, 8))
    assert sorted(tuesday.values_list("meal", flat=True)) == ["dejeuner", "gouter"]
    lunch = tuesday.get(meal="dejeuner")
    lasagna = lunch.dishes.get(course="plat")
    assert (lasagna.siqo, lasagna.precisions) == (["bio", "label-rouge"], ["Semaine du goût"])
    assert lunch.dishes.get(course="dessert").allergens == ["fruits-a-coque"]
    thursday = Menu.objects.get(restaurant=college, date=dt.date(2026, 12, 10))
    assert thursday.modification_info == "Livraison de cabillaud annulée : colin à la place"
    assert thursday.modified_at == dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    assert thursday.dishes.get(course="dessert").allergens == ["lait", "sesame"]


def test_the_report_warns_of_a_school_week_without_a_vegetarian_menu(commune_a):
    report = import_menus(MENUS_SCDL.read_bytes())
    # The collège serves lasagnes aux légumes on Tuesday; Rocabey's week has none.
    assert report.weeks_without_vegetarian == [("Restaurant scolaire de Rocabey", "2026-W50")]
    assert any("EGalim" in line and "Rocabey" in line for line in report.summary_lines())


def test_reimporting_replaces_the_period_of_those_restaurants_only(commune_a):
    import_menus(MENUS_SCDL.read_bytes())
    college = Restaurant.objects.get(identifier="0350916F")
    later = Menu.objects.create(restaurant=college, date=dt.date(2026, 12, 14))
    report = import_menus(scdl({"menuDate": "2026-12-07", "menuPlatNom": "Gratin de pâtes"},
                               {"menuDate": "2026-12-10", "menuPlatNom": "Poisson pané"}))
    # The collège's 7-10 December are replaced (4 menus: 3 lunches and a goûter); 14 December and Rocabey stay.
    assert report.menus_replaced == 4
    assert sorted(Menu.objects.filter(restaurant=college).values_list("date", flat=True)) == [
        dt.date(2026, 12, 7), dt.date(2026, 12, 10), dt.date(2026, 12, 14)]
    assert Menu.objects.filter(pk=later.pk).exists()
    assert Menu.objects.filter(restaurant__name="Restaurant scolaire de Rocabey").count() == 2
    assert report.restaurants_updated == ["Restaurant du collège Duguay-Trouin"]  # its kitchen changed


def test_a_dry_run_writes_nothing_and_reports_the_same(commune_a):
    before = snapshot()
    dry = import_menus(MENUS_SCDL.read_bytes(), dry_run=True)
    assert snapshot() == before
    real = import_menus(MENUS_SCDL.read_bytes())
    assert (dry.dishes, dry.menus, dry.restaurants_created) == (real.dishes, real.menus, real.restaurants_created)
    assert "Simulation" in dry.summary_lines()[-1]


def test_the_commune_option_fills_a_missing_insee_and_skips_other_communes(commune_a, commune_b):
    data = scdl({"menuRestaurantInsee": ""}, {"menuRestaurantInsee": "35085", "menuRestaurantNom": "Combourg",
                                                 "menuRestaurantIdType": "sans", "menuRestaurantId": ""})
    report = import_menus(data, commune="35288")
    assert report.skipped_filtered == 1
    assert list(Restaurant.objects.values_list("commune__code_insee", flat=True)) == ["35288"]
    with pytest.raises(ImportFileError) as caught:
        import_menus(scdl({"menuRestaurantInsee": ""}))
    assert "menuRestaurantInsee" in str(caught.value)


def test_an_editor_imports_only_into_their_communes(commune_a, commune_b, school_b):
    data = scdl({}, {"menuRestaurantInsee": "35085", "menuRestaurantNom": "Cantine de Combourg",
                     "menuRestaurantId": "0350707D"})
    report = import_menus(data, allowed_communes=[commune_a])
    assert report.skipped_not_allowed == {"35085": 1}
    assert not Restaurant.objects.filter(commune=commune_b).exists()


def test_a_school_of_another_commune_is_not_tied_by_an_import(commune_a, school_b):
    report = import_menus(scdl({"menuRestaurantId": "0350707D"}))
    assert report.schools_of_other_communes == ["0350707D"]
    assert not school_b.restaurants.exists()


def test_an_unknown_uai_is_reported(commune_a):
    report = import_menus(scdl({"menuRestaurantId": "0359999Z"}))
    assert report.unknown_schools == ["0359999Z"]


def test_semicolon_separator_is_accepted(commune_a):
    assert import_menus(scdl({}, delimiter=";")).dishes == 1


BAD_FILES = {
    "missing required column": (
        scdl({}, columns=[column for column in COLUMNS if column != "menuDate"]), 1, "menuDate"),
    "bad date": (scdl({}, {"menuDate": "07/12/2026"}), 3, "AAAA-MM-JJ"),
    "unknown allergen": (scdl({"menuPlatAllergene": '["lait","kiwi"]'}), 2, "allergène « kiwi » inconnu"),
    "bad SIRET": (scdl({"menuCollSiret": "2135028840001"}), 2, "n'est pas un SIRET"),
    "duplicated dish": (scdl({}, {"menuPlatNom": "hachis  Parmentier"}), 3, "figure déjà ligne 2"),
    "name over 160 characters": (scdl({"menuPlatNom": "x" * 160}), 2, "159 caractères au plus"),
    "unknown course": (scdl({"menuPlatType": "fromage"}), 2, "type de plat « fromage » inconnu"),
    "unknown meal": (scdl({"menuRepasType": "brunch"}), 2, "type de repas « brunch » inconnu"),
    "bad UAI for EN": (scdl({"menuRestaurantId": "123"}), 2, "code UAI"),
    "bad list": (scdl({"menuPlatRegime": '["végétarien"'}), 2, "mal écrite"),
    "bad nutriscore": (scdl({"menuPlatNutriscore": "F"}), 2, "Nutri-Score"),
    "bad price": (scdl({"menuPlatPrix": "1e3"}), 2, "menuPlatPrix"),
    "bad publication date": (scdl({"menuPublicationDate": "hier"}), 2, "menuPublicationDate"),
    "restaurant described twice": (scdl({}, {"menuRestaurantConvive": "adultes", "menuPlatNom": "Riz"}), 3,
                                   "décrit autrement ligne 2"),
    "missing dish name": (scdl({"menuPlatNom": ""}), 2, "menuPlatNom est obligatoire"),
    "not UTF-8": ("menuCollNom,menuPlatNom\nVille,Crème brûlée\n".encode("latin-1"), 2, "UTF-8"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_malformed_file_is_refused_with_its_line_and_changes_nothing(name, commune_a):
    import_menus(MENUS_SCDL.read_bytes())
    before = snapshot()
    data, line, words = BAD_FILES[name]
    with pytest.raises(ImportFileError) as caught:
        import_menus(data)
    assert any(error.line == line and words in error.message for error in caught.value.errors), caught.value.errors
    assert snapshot() == before


def test_the_wrong_separator_is_refused_on_line_1(commune_a):
    data = scdl({}, delimiter="|")
    with pytest.raises(ImportFileError) as caught:
        import_menus(data)
    assert caught.value.errors[0].line == 1
    assert "colonnes manquantes" in caught.value.errors[0].message


def test_every_bad_row_is_reported_at_once(commune_a):
    with pytest.raises(ImportFileError) as caught:
        import_menus(scdl({"menuDate": "x"}, {}, {"menuPlatAllergene": "kiwi"}))
    assert [error.line for error in caught.value.errors] == [2, 4]


def test_a_cell_is_quoted_cut_to_40_characters(commune_a):
    with pytest.raises(ImportFileError) as caught:
        import_menus(scdl({"menuPlatAllergene": "k" * 5000}))
    assert "k" * 41 not in str(caught.value)


def test_command(tmp_path, commune_a, capsys):
    path = tmp_path / "menus.csv"
    path.write_bytes(MENUS_SCDL.read_bytes())
    call_command("import_menus", str(path), "--dry-run")
    assert not Menu.objects.exists()
    call_command("import_menus", str(path), "--commune", "35288")
    assert Menu.objects.count() == 6
    path.write_bytes(scdl({"menuDate": "demain"}))
    with pytest.raises(CommandError, match="rien n'a été modifié"):
        call_command("import_menus", str(path))
    assert "Ligne 2" in capsys.readouterr().err
