"""The menus' pure rules: SCDL vocabulary and spellings, the 14 allergens, lists, ISO weeks, the loi EGalim's
weekly vegetarian menu."""

import datetime as dt

import pytest

from mon_enfant.menus import logic


@pytest.mark.parametrize("spelling, code", [
    ("gluten", "gluten"), ("Céréales contenant du gluten", "gluten"),
    ("crustacés", "crustaces"), ("CRUSTACES", "crustaces"),
    ("œufs", "oeufs"), ("Œufs", "oeufs"), ("oeufs", "oeufs"), ("oeuf", "oeufs"),
    ("poissons", "poissons"), ("arachides", "arachides"), ("soja", "soja"), ("Lait", "lait"),
    ("fruits à coques", "fruits-a-coque"), ("fruits à coque", "fruits-a-coque"), ("fruits-a-coque", "fruits-a-coque"),
    ("céleri", "celeri"), ("moutarde", "moutarde"),
    ("graines de sésame", "sesame"), ("sésame", "sesame"),
    ("anhydride sulfureux et sulfites", "sulfites"), ("Sulfites", "sulfites"),
    ("lupin", "lupin"), ("mollusques", "mollusques"), ("  Mollusques ", "mollusques"),
])
def test_allergen_spellings_used_in_files_are_read(spelling, code):
    assert logic.allergen_code(spelling) == code


def test_the_fourteen_allergens_of_the_regulation():
    assert len(logic.ALLERGENS) == 14


@pytest.mark.parametrize("spelling", ["kiwi", "", "traces", "gluten;lait"])
def test_unknown_allergen_is_refused_with_its_value(spelling):
    with pytest.raises(logic.MenuValueError) as caught:
        logic.allergen_code(spelling)
    assert caught.value.code == "unknown_allergen"
    assert caught.value.value == spelling


@pytest.mark.parametrize("cell, items", [
    ('["lait","fruits à coques"]', ["lait", "fruits à coques"]),
    ('["lait", "lait"]', ["lait"]),
    ("lait, gluten", ["lait", "gluten"]),
    ("lait;gluten", ["lait", "gluten"]),
    ("", []),
    ("[]", []),
])
def test_list_cells_in_the_schema_form_and_as_written_in_files(cell, items):
    assert logic.split_list(cell) == items


@pytest.mark.parametrize("cell", ['["lait"', '["lait",]', "[1, 2]", '[["lait"]]'])
def test_a_malformed_list_is_refused(cell):
    with pytest.raises(logic.MenuValueError) as caught:
        logic.split_list(cell)
    assert caught.value.code == "bad_list"


def test_allergens_come_in_the_annex_order_once():
    assert logic.allergen_codes('["lait","gluten","LAIT"]') == ["gluten", "lait"]


def test_written_lists_read_back():
    items = ["végétarien", "sans porc"]
    assert logic.split_list(logic.write_list(items)) == items
    assert logic.write_list([]) == ""


@pytest.mark.parametrize("cell, precisions, alternative", [
    ("plat de substitution", [], True),
    ("Semaine du goût;Plat de substitution", ["Semaine du goût"], True),
    ("Repas de Noël", ["Repas de Noël"], False),
    ("", [], False),
])
def test_the_alternative_flag_travels_in_the_precision(cell, precisions, alternative):
    assert logic.precisions(cell) == (precisions, alternative)


@pytest.mark.parametrize("text, code", [
    ("déjeuner", "dejeuner"), ("Dejeuner", "dejeuner"), ("goûter", "gouter"), ("petit-déjeuner", "petit-dejeuner"),
    ("pique-nique", "pique-nique"), ("dîner", "diner"),
])
def test_meals(text, code):
    assert logic.meal_code(text) == code


@pytest.mark.parametrize("text, code", [
    ("entrée", "entree"), ("plat principal", "plat"), ("Produit laitier", "produit-laitier"), ("pain", "pain"),
])
def test_courses(text, code):
    assert logic.course_code(text) == code


@pytest.mark.parametrize("text, code", [
    ("agriculture biologique", "bio"), ("AB", "bio"), ("appellation d'origine contrôlée", "aop"),
    ("appellation d’origine protégée", "aop"), ("IGP", "igp"), ("Label Rouge", "label-rouge"),
    ("spécialité traditionnelle garantie", "stg"),
])
def test_siqo(text, code):
    assert logic.siqo_code(text) == code


@pytest.mark.parametrize("text", ["2026-12-7", "07/12/2026", "2026-02-30", "", "２０２６-12-07"])
def test_dates_are_iso_only(text):
    with pytest.raises(logic.MenuValueError):
        logic.parse_date(text)


@pytest.mark.parametrize("text", ["2026-11-27T08:00:00+01:00", "2026-11-27 08:00", "2026-11-27",
                                  "2026-11-27T07:00:00Z"])
def test_publication_datetimes(text):
    assert logic.parse_datetime(text).date() == dt.date(2026, 11, 27)


def test_weeks():
    week = logic.Week.parse("2026-W50")
    assert week.monday == dt.date(2026, 12, 7)
    assert str(week.shifted(-1)) == "2026-W49"
    assert str(logic.Week.parse("2026-W53").shifted(1)) == "2027-W01"
    assert str(logic.Week.parse("2026w50")) == "2026-W50"


@pytest.mark.parametrize("text", ["2026-W54", "2025-W53", "2026-50", "W50", "1999-W10", "2026-W00", ""])
def test_malformed_weeks(text):
    with pytest.raises(logic.MenuValueError) as caught:
        logic.Week.parse(text)
    assert caught.value.code == "bad_week"


@pytest.mark.parametrize("today, shown", [
    (dt.date(2026, 12, 7), "2026-W50"),   # Monday
    (dt.date(2026, 12, 11), "2026-W50"),  # Friday
    (dt.date(2026, 12, 12), "2026-W51"),  # Saturday: next week
    (dt.date(2026, 12, 13), "2026-W51"),  # Sunday
])
def test_the_week_shown_by_default(today, shown):
    assert str(logic.Week.to_show(today)) == shown


def test_ranges():
    logic.check_range(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with pytest.raises(logic.MenuValueError) as caught:
        logic.check_range(dt.date(2026, 1, 1), dt.date(2027, 1, 2))
    assert caught.value.code == "range_too_long"
    with pytest.raises(logic.MenuValueError) as caught:
        logic.check_range(dt.date(2026, 1, 2), dt.date(2026, 1, 1))
    assert caught.value.code == "range_reversed"


def dish(course="plat", diets=(), siqo=(), labels=(), alternative=False):
    return logic.DishFacts(course, tuple(diets), tuple(siqo), tuple(labels), alternative)


def test_a_vegetarian_menu_is_one_whose_main_course_is_vegetarian_for_everyone():
    assert logic.is_vegetarian_menu([dish(diets=["végétarien"]), dish("entree")])
    assert logic.is_vegetarian_menu([dish(diets=["Végétalien"])])
    # A vegetarian alternative to a meat dish is a substitute, not the weekly vegetarian menu.
    assert not logic.is_vegetarian_menu([dish(), dish(diets=["végétarien"], alternative=True)])
    assert not logic.is_vegetarian_menu([dish("entree", diets=["végétarien"])])
    # A meat main course with a vegetarian-or-not alternative offered next to it: the main course decides.
    assert logic.is_vegetarian_menu([dish(diets=["végétarien"]), dish(diets=["sans porc"], alternative=True)])


def test_week_check_counts_lunches_vegetarian_days_and_quality():
    monday, tuesday = dt.date(2026, 12, 7), dt.date(2026, 12, 8)
    check = logic.check_week([
        (monday, "dejeuner", [dish(siqo=["bio"]), dish("dessert", labels=["local"])]),
        (tuesday, "dejeuner", [dish(diets=["végétarien"])]),
        (tuesday, "gouter", [dish("pain")]),
    ])
    assert (check.lunches, check.vegetarian_days, check.dishes, check.dishes_with_quality) == (2, (tuesday,), 4, 2)
    assert not check.missing_vegetarian
    assert logic.check_week([(monday, "dejeuner", [dish()])]).missing_vegetarian
    assert not logic.check_week([(monday, "gouter", [dish("pain")])]).missing_vegetarian


def test_allergen_filter():
    assert logic.filter_allergens(["gluten", "lait", "oeufs"], {"oeufs", "lait", "soja"}) == ["lait", "oeufs"]


def test_logic_has_no_django_import():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(logic))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(module.startswith(("django", "wagtail", "mon_enfant")) for module in modules)
