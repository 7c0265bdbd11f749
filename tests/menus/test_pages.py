"""The canteen page and block: a Wagtail page like any other; the school's week day by day and course by
course, the allergen filter as a GET form, previous and next weeks, days without a menu said plainly, who
decides, the contact; a constant number of queries whatever the number of dishes and schools; the school
card's link and the family section."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from mon_enfant import features
from mon_enfant.menus import services
from mon_enfant.menus.blocks import CanteenMenuBlock
from mon_enfant.menus.importers import import_menus
from mon_enfant.menus.models import Dish, Menu, Restaurant
from mon_enfant.menus.pages import CanteenMenuPage
from mon_enfant.models import Commune, School, SchoolDirectoryPage, SchoolLevel
from tests.core.wording import NOT_CONFIGURED
from tests.menus.data import MENUS_SCDL

WEEK = "2026-W50"


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def frozen_today(monkeypatch):
    """Today is Wednesday 9 December 2026 (week 2026-W50)."""
    monkeypatch.setattr(services, "today", lambda: dt.date(2026, 12, 9))


def add_page(site, communes, slug="menus"):
    page = CanteenMenuPage(title="Menus de la cantine", slug=slug)
    site.root_page.add_child(instance=page)
    page.communes.set(communes)
    page.save_revision().publish()
    return page


@pytest.fixture
def menus(commune_a, school_a, contact_a, site, frozen_today):
    commune_a.sites.add(site)
    import_menus(MENUS_SCDL.read_bytes())
    return add_page(site, [commune_a])


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


class TestCanteenMenuPageIsAWagtailPage(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = Site.objects.get(is_default_site=True)
        cls.commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
        cls.commune.sites.add(cls.site)
        School.objects.create(uai="0350916F", name="Collège Duguay-Trouin", level=SchoolLevel.COLLEGE,
                              commune=cls.commune)
        import_menus(MENUS_SCDL.read_bytes())
        cls.home = HomePage(title="Accueil", slug="accueil-test")
        cls.site.root_page.add_child(instance=cls.home)
        cls.page = CanteenMenuPage(title="Menus", slug="menus")
        cls.home.add_child(instance=cls.page)

    def test_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, CanteenMenuPage)

    def test_has_no_subpages(self):
        self.assertCanNotCreateAt(CanteenMenuPage, CanteenMenuPage)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.page)
        self.assertPageIsRenderable(self.page, query_data={"ecole": "0350916F", "semaine": WEEK,
                                                           "allergenes": ["lait", "gluten"]})

    def test_is_editable(self):
        self.assertPageIsEditable(self.page)

    def test_is_previewable(self):
        self.assertPageIsPreviewable(self.page)


@pytest.mark.django_db
def test_the_only_school_shows_this_weeks_menus_day_by_day(client, menus):
    response = client.get(menus.url)
    page = text(response)
    assert "Menus de Collège Duguay-Trouin, semaine du 7 décembre au 11 décembre 2026." in page
    for day in ("Lundi 7 décembre", "Mardi 8 décembre", "Mercredi 9 décembre (aujourd'hui)", "Jeudi 10 décembre",
                "Vendredi 11 décembre"):
        assert day in page
    # Wednesday and Friday have no menu: said plainly.
    assert page.count("Pas de menu publié pour ce jour.") == 2
    assert "Entrée Carottes râpées végétarien Agriculture biologique Allergènes : moutarde" in page
    assert "ou Sauté de dinde au caramel plat de substitution local sans porc Allergènes : sulfites" in page
    assert "Menu végétarien" in page  # Tuesday's lasagnes
    assert "Goûter" in page and "Pain au chocolat" in page
    assert "Allergènes : gluten, œufs, lait" in page  # written out, in the annex's order
    assert "Menus préparés par Cuisine centrale de Saint-Malo ; qui décide des menus : Mairie." in page
    assert 'role="status"' in response.content.decode()
    assert "Service Éducation de Saint-Malo" in page  # the human contact


@pytest.mark.django_db
def test_the_allergen_filter_flags_the_dishes_in_words_without_javascript(client, menus):
    response = client.get(menus.url, {"ecole": "0350916F", "semaine": WEEK, "allergenes": ["lait", "sesame"]})
    page = text(response)
    assert "7 plats contiennent un allergène signalé." in page
    assert "Far breton" in page and "Attention, contient : lait" in page
    assert "Attention, contient : sésame, lait" not in page  # the annex's order: lait before sésame
    assert "Attention, contient : lait, sésame" in page
    html = response.content.decode()
    assert re.search(r'<input type="checkbox" name="allergenes" value="lait"[^>]*checked', html)
    assert '<form method="get"' in html


@pytest.mark.django_db
def test_previous_and_next_weeks_keep_the_school_and_allergens(client, menus):
    html = client.get(menus.url, {"ecole": "0350916F", "semaine": WEEK, "allergenes": "lait"}).content.decode()
    assert 'href="?ecole=0350916F&amp;semaine=2026-W49&amp;allergenes=lait#menus-semaine" rel="prev"' in html
    assert 'href="?ecole=0350916F&amp;semaine=2026-W51&amp;allergenes=lait#menus-semaine" rel="next"' in html
    page = text(client.get(menus.url, {"ecole": "0350916F", "semaine": "2026-W51"}))
    assert "Aucun menu n'est publié pour cette semaine" in page
    assert page.count("Pas de menu publié pour ce jour.") == 5


@pytest.mark.django_db
def test_on_a_weekend_the_next_week_is_shown(client, menus, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: dt.date(2026, 12, 5))  # Saturday of week 49
    assert "semaine du 7 décembre au 11 décembre 2026" in text(client.get(menus.url))


@pytest.mark.django_db
def test_bad_parameters_never_answer_500(client, menus):
    for query in ({"semaine": "2026-W99"}, {"ecole": "0359999Z"}, {"ecole": "\x00"}, {"allergenes": "kiwi"},
                  {"semaine": "x" * 5000}, {"ecole": ["0350916F", "x"]}):
        response = client.get(menus.url, query)
        assert response.status_code == 200, query
    page = text(client.get(menus.url, {"semaine": "2026-W99"}))
    assert "Semaine invalide" in page
    assert "x" * 41 not in text(client.get(menus.url, {"semaine": "x" * 5000}))


@pytest.mark.django_db
def test_several_schools_ask_which_one(client, menus, commune_a):
    other = School.objects.create(uai="0359902B", name="École des Corsaires", level=SchoolLevel.ELEMENTAIRE,
                                  commune=commune_a)
    Restaurant.objects.get(identifier="0350916F").schools.add(other)
    page = text(client.get(menus.url))
    assert "Choisissez l'école de votre enfant pour afficher ses menus." in page
    assert "Menus de Collège" not in page
    assert "Menus de École des Corsaires" in text(client.get(menus.url, {"ecole": "0359902B"}))
    response = client.get(menus.url, {"ecole": "0359999Z"})
    assert "Choisissez l'une des options proposées." in text(response)
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.django_db
def test_a_page_without_commune_says_it_is_not_configured(client, site, frozen_today):
    page = add_page(site, [])
    assert NOT_CONFIGURED in text(client.get(page.url))


@pytest.mark.django_db
def test_a_commune_without_menus_says_so(client, site, commune_b, frozen_today):
    page = add_page(site, [commune_b])
    assert "Aucun menu n'est encore publié pour les écoles de cette commune." in text(client.get(page.url))


def page_queries(client, url, query):
    client.get(url, query)  # Wagtail's site root paths cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_week_page_makes_a_fixed_number_of_queries(client, menus, commune_a):
    query = {"ecole": "0350916F", "semaine": WEEK, "allergenes": "lait"}
    before = page_queries(client, menus.url, query)
    restaurant = Restaurant.objects.get(identifier="0350916F")
    # Ten times the dishes, a second restaurant serving the school, and twenty more schools.
    for menu in Menu.objects.filter(restaurant=restaurant):
        Dish.objects.bulk_create([Dish(menu=menu, name=f"Plat {number}", course="dessert", allergens=["lait"],
                                       sort_order=10 + number) for number in range(40)])
    second = Restaurant.objects.create(commune=commune_a, name="Cuisine 2", collectivity_name="x",
                                       collectivity_siret="21350288400013", kitchen_name="y")
    second.schools.add(restaurant.schools.get())
    friday = Menu.objects.create(restaurant=second, date=dt.date(2026, 12, 11))
    Dish.objects.create(menu=friday, name="Crêpe", course="dessert")
    for number in range(20):
        school = School.objects.create(uai=f"03599{number:02d}A", name=f"École {number}", level="primaire",
                                       commune=commune_a)
        restaurant.schools.add(school)
    after = page_queries(client, menus.url, query)
    assert after == before, (before, after)


@pytest.mark.django_db
def test_the_block_shows_the_same_week_under_its_own_prefix(rf, menus, commune_a):
    block = CanteenMenuBlock()
    request = rf.get("/", {"menus-35288-ecole": "0350916F", "menus-35288-allergenes": "lait",
                           "menus-35288-semaine": WEEK})
    html = block.render(block.to_python({"commune": commune_a.pk, "heading": "Au menu"}), {"request": request})
    assert "Au menu" in html
    assert "Attention, contient : lait" in html
    assert 'name="menus-35288-allergenes"' in html


@pytest.mark.django_db
def test_the_school_card_links_to_the_menus_of_its_school(client, menus, site, commune_a, school_b):
    directory = SchoolDirectoryPage(title="Écoles", slug="ecoles")
    site.root_page.add_child(instance=directory)
    directory.communes.set([commune_a])
    directory.save_revision().publish()
    html = client.get(directory.url).content.decode()
    assert f'href="{menus.url}?ecole=0350916F">Menus de la cantine de cette école' in html


@pytest.mark.django_db
def test_no_link_without_a_canteen_page(rf, commune_a, school_a, site):
    import_menus(MENUS_SCDL.read_bytes())
    request = rf.get("/")
    assert features.school_links([school_a], request) == {}


@pytest.mark.django_db
def test_the_family_section_shows_this_weeks_menu_of_the_familys_school(menus, commune_a, school_a, school_b):
    context = features.FamilyContext(commune=commune_a, school_year="2026-2027", school=school_a)
    section = next(s for s in features.family_sections(context) if s.feature == "mon_enfant_menus")
    assert str(section.context["menus_week"].week) == WEEK
    assert section.title == "Menus de la cantine"
    from django.template.loader import render_to_string

    html = render_to_string(section.template, dict(section.context))
    assert "Carottes râpées" in html
    without = features.FamilyContext(commune=commune_a, school_year="2026-2027", school=school_b)
    assert all(s.feature != "mon_enfant_menus" for s in features.family_sections(without))


@pytest.mark.django_db
def test_the_week_in_english(client, menus):
    response = client.get(menus.url, {"ecole": "0350916F", "semaine": WEEK, "allergenes": "lait"},
                          HTTP_ACCEPT_LANGUAGE="en")
    page = text(response)
    assert "Monday 7 December" in page or "Monday, 7 December" in page or "Monday December 7" in page
    assert "Allergens:" in page
    assert "Warning, contains: milk" in page
