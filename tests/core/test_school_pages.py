"""Each school's own page, under the school directory (``/ecoles/<uai>/``), and the directory's filters.

The page shows the school's facts (its address as text, a link to OpenStreetMap, its ENT), who decides and whom
to call, then what each installed feature knows of the school, each under its own ``<h2>``, in order; it
answers 404 for a school the directory does not serve. ``school_page_url`` links to it from anywhere on the
site. The directory is filtered by a GET form (level, public or private) whose values are never a reason to
fail. The number of queries of either page does not depend on the data.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Site

from mon_enfant.forms import INVALID_CHOICE
from mon_enfant.models import Contact, ResponsibleBody, School, SchoolLevel, SchoolSector
from mon_enfant.school_pages import school_page_url
from tests.core.test_pages import add_schools, build_site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(commune_a):
    return build_site_tree([commune_a])[1]


@pytest.fixture
def ecole(commune_a):
    return School.objects.create(
        uai="0359901A", name="École maternelle publique des Corsaires", level=SchoolLevel.MATERNELLE,
        commune=commune_a, address="19 rue TOULLIER", postcode="35400", city="ST MALO",
        latitude=Decimal("48.6452"), longitude=Decimal("-2.0071"), ent_url="https://ent.example.org/corsaires",
        director="Mme Le Goff",
    )


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def headings(html, level=2):
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html)]


# --- The route ------------------------------------------------------------------------------------------


def test_a_school_has_its_page_under_the_directory(client, directory, ecole):
    html = get(client, f"{directory.url}{ecole.uai}/")
    assert re.search(r"<h1>\s*École maternelle publique des Corsaires\s*</h1>", html)
    assert re.search(r"<title>École maternelle publique des Corsaires – Les écoles", html)
    assert "19 rue Toullier, 35400 Saint-Malo" in html  # the address as text...
    assert "https://www.openstreetmap.org/?mlat=48.645200&amp;mlon=-2.007100" in html  # ...and on a map
    assert 'href="https://ent.example.org/corsaires"' in html
    assert "Mme Le Goff" in html


def test_the_page_leads_back_to_the_directory(client, directory, ecole):
    html = get(client, f"{directory.url}{ecole.uai}/")
    breadcrumb = re.search(r'<nav class="mon-enfant__breadcrumb" aria-label="Fil d\'Ariane">(.*?)</nav>', html, re.S)
    assert f'<a href="{directory.url}">Les écoles</a>' in breadcrumb.group(1)
    assert '<span aria-current="page">École maternelle publique des Corsaires</span>' in breadcrumb.group(1)


def test_the_uai_is_read_in_any_case_and_leads_to_the_one_address_of_the_page(client, directory, ecole):
    response = client.get(f"{directory.url}0359901a/")
    assert response.status_code == 301
    assert response["Location"] == f"{directory.url}0359901A/"


@pytest.mark.parametrize("path", ["0359999Z/", "0359901/", "0359901AA/", "abcdefgh/", "0359901A/x/", "%00/",
                                  "0359901A%0A/", "٠٣٥٩٩٠١A/"])
def test_an_unknown_or_malformed_uai_is_not_found(client, directory, ecole, path):
    assert client.get(directory.url + path).status_code == 404


def test_a_school_of_another_commune_is_not_found(client, directory, school_b):
    assert client.get(f"{directory.url}{school_b.uai}/").status_code == 404


def test_an_unknown_school_leads_back_to_the_directory(client, directory, ecole):
    """A closed school's old link: the directory, saying so in the page's language, still a 404."""
    response = client.get(f"{directory.url}0359999Z/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Aucun établissement de code 0359999Z dans cet annuaire" in body
    assert "<title>Établissement introuvable – " in body and "École maternelle publique des Corsaires" in body
    english = client.get(f"{directory.url}0359999Z/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No school with code 0359999Z in this directory" in english


def test_a_school_serving_the_directorys_commune_has_its_page_there(client, directory, commune_a, school_b):
    school_b.served_communes.add(commune_a)
    assert "Collège François René de Chateaubriand" in get(client, f"{directory.url}{school_b.uai}/")


def test_a_directory_without_chosen_communes_serves_its_sites_communes(client, commune_a, ecole, school_b):
    _, directory = build_site_tree([])
    commune_a.sites.add(Site.objects.get(is_default_site=True))
    assert client.get(f"{directory.url}{ecole.uai}/").status_code == 200
    assert client.get(f"{directory.url}{school_b.uai}/").status_code == 404


def test_the_directory_itself_still_answers(client, directory, ecole):
    assert ecole.name in get(client, directory.url)


# --- What the page says -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "sector", "decider"), [
    (SchoolLevel.MATERNELLE, SchoolSector.PUBLIC, "Mairie"),
    (SchoolLevel.COLLEGE, SchoolSector.PUBLIC, "Éducation nationale"),
    (SchoolLevel.ELEMENTAIRE, SchoolSector.PRIVATE, "École"),
])
def test_the_page_says_who_decides_for_this_school(client, directory, commune_a, level, sector, decider):
    School.objects.create(uai="0359909J", name="Une école", level=level, sector=sector, commune=commune_a)
    html = get(client, f"{directory.url}0359909J/")
    assert f'<span class="mon-enfant__decides-label">Qui décide ?</span> {decider}' in html
    assert f"<p><strong>{decider}</strong> — " in html


def test_the_contact_is_the_one_of_the_body_that_decides(client, directory, commune_a, school_a, contact_a):
    rectorat = Contact.objects.create(commune=commune_a, service_name="DSDEN 35", is_primary=False,
                                      responsible_body=ResponsibleBody.EDUCATION_NATIONALE, phone="02 99 25 10 10")
    html = get(client, f"{directory.url}{school_a.uai}/")  # a collège: the Éducation nationale decides
    assert rectorat.service_name in html
    assert contact_a.service_name not in html


def test_the_features_sections_follow_the_facts_each_under_its_heading_in_order(client, directory, ecole):
    html = get(client, f"{directory.url}{ecole.uai}/")
    found = headings(html)
    assert found[0] == "L'établissement"
    assert "La rentrée" in found  # the example feature's school_section (tests/example_feature)
    assert found.index("La rentrée") == 1  # its order (10) puts it before the others
    assert re.search(r"Rentrée \d{4}-\d{4} à Saint-Malo", html)
    assert '<a href="#ecole-mon_enfant_example">La rentrée</a>' in html  # and the page's own table of contents


def test_a_feature_with_nothing_to_say_of_the_school_is_left_out(client, directory, school_a):
    assert "La rentrée" not in headings(get(client, f"{directory.url}{school_a.uai}/"))  # a collège


def test_the_level_and_the_sector_lead_to_the_filtered_directory(client, directory, ecole):
    html = get(client, f"{directory.url}{ecole.uai}/")
    assert f'<a href="{directory.url}?niveau=maternelle">Maternelle</a>' in html
    assert f'<a href="{directory.url}?secteur=public">Public</a>' in html


# --- Links to the page ------------------------------------------------------------------------------------


def test_the_directorys_cards_link_each_school_to_its_page(client, directory, ecole):
    html = get(client, directory.url)
    assert f'<a href="{directory.url}0359901A/">École maternelle publique des Corsaires</a>' in html


def request_for(path="/"):
    request = RequestFactory().get(path)
    request.META["HTTP_HOST"] = "localhost"
    return request


def test_school_page_url_finds_the_directory_serving_the_schools_commune(directory, ecole, school_b, commune_a):
    request = request_for()
    assert school_page_url(ecole, request) == f"{directory.url}0359901A/"
    assert school_page_url(school_b, request) == ""  # no directory of the site serves Combourg
    school_b.served_communes.add(commune_a)
    assert school_page_url(school_b, request_for()) == f"{directory.url}{school_b.uai}/"


def test_school_page_url_is_empty_without_a_request_or_a_directory(ecole):
    assert school_page_url(ecole, None) == ""
    assert school_page_url(ecole, request_for()) == ""


def test_school_page_url_reads_the_directories_once_per_request(directory, commune_a, django_assert_max_num_queries):
    add_schools(commune_a, 10)
    schools = list(School.objects.all())
    request = request_for()
    school_page_url(schools[0], request)
    with django_assert_max_num_queries(0):
        urls = [school_page_url(school, request) for school in schools]
    assert all(url.startswith(directory.url) for url in urls)


# --- Queries ------------------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_feature_data(school, count, start=0):
    """``count`` more of what the installed features know of ``school``: streets of its sector, dishes of its
    restaurant's week, places near it (and another school and contact of its commune)."""
    from mon_enfant.catchment.models import CatchmentRule
    from mon_enfant.menus import logic as menus_logic
    from mon_enfant.menus import services as menus
    from mon_enfant.menus.models import Dish, Menu, Restaurant
    from mon_enfant.places.models import Place, PlaceCategory

    restaurant, _created = Restaurant.objects.get_or_create(commune=school.commune, name="Restaurant scolaire")
    restaurant.schools.add(school)
    week = menus_logic.Week.to_show(menus.today())
    categories = list(PlaceCategory.objects.filter(for_schools=False))
    for number in range(start, start + count):
        CatchmentRule.objects.create(commune=school.commune, level=school.level, first_number=number + 1,
                                     street_label=f"RUE DES TILLEULS {number}", uai=school.uai)
        day = week.days(5)[number % 5]
        menu, _created = Menu.objects.get_or_create(restaurant=restaurant, date=day)
        Dish.objects.create(menu=menu, name=f"Plat {number}", sort_order=number)
        Place.objects.create(commune=school.commune, key=f"lieu-{number}", name=f"Lieu {number}",
                             category=categories[number % len(categories)],
                             latitude=school.latitude + Decimal("0.001") * number, longitude=school.longitude)
    add_schools(school.commune, count, start=start)
    for number in range(start, start + count):
        Contact.objects.create(commune=school.commune, service_name=f"Service {number}", is_primary=False)


def test_the_school_page_makes_as_many_queries_whatever_the_data(client, directory, ecole, contact_a,
                                                                 django_assert_num_queries):
    url = f"{directory.url}{ecole.uai}/"
    add_feature_data(ecole, 2)
    client.get(url)  # warm the site and page caches
    before = count_queries(client, url)
    add_feature_data(ecole, 20, start=2)
    html = get(client, url)
    assert "Rue des Tilleuls 21" in html and "Plat 21" in html and "Lieu 3" in html  # the sections show the new data
    with django_assert_num_queries(before):
        client.get(url)


# --- The directory's filters -----------------------------------------------------------------------------------


@pytest.fixture
def schools(commune_a):
    made = [
        ("0359901A", "École maternelle des Corsaires", SchoolLevel.MATERNELLE, SchoolSector.PUBLIC),
        ("0359902B", "École primaire Sainte-Anne", SchoolLevel.PRIMAIRE, SchoolSector.PRIVATE),
        ("0359903C", "École élémentaire du Rocher", SchoolLevel.ELEMENTAIRE, SchoolSector.PUBLIC),
        ("0350916F", "Collège Duguay-Trouin", SchoolLevel.COLLEGE, SchoolSector.PUBLIC),
    ]
    return [School.objects.create(uai=uai, name=name, level=level, sector=sector, commune=commune_a)
            for uai, name, level, sector in made]


def listed(html):
    return re.findall(r'<h3 id="school-(\w+)">', html)


def status(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(r'<div role="status"[^>]*>(.*?)</div>', html, re.S)
                                     .group(1))).strip()


@pytest.mark.parametrize(("query", "uais", "announced"), [
    ("", ["0359901A", "0359902B", "0359903C", "0350916F"], "4 établissements."),
    ("?niveau=maternelle", ["0359901A", "0359902B"], "2 établissements (maternelle)."),  # a primaire too
    ("?niveau=elementaire", ["0359902B", "0359903C"], "2 établissements (élémentaire)."),
    ("?niveau=college", ["0350916F"], "1 établissement (collège)."),
    ("?secteur=prive", ["0359902B"], "1 établissement (privé)."),
    ("?niveau=elementaire&secteur=public", ["0359903C"], "1 établissement (élémentaire, public)."),
    ("?niveau=&secteur=", ["0359901A", "0359902B", "0359903C", "0350916F"], "4 établissements."),
])
def test_the_directory_is_filtered_by_level_and_sector(client, directory, schools, query, uais, announced):
    html = get(client, directory.url + query)
    assert sorted(listed(html)) == sorted(uais)
    assert status(html).startswith(announced)


def test_the_filter_form_is_a_get_form_with_labelled_fields(client, directory, schools):
    html = get(client, directory.url + "?niveau=college")
    form = re.search(r'<form method="get" action="#ecoles-resultat"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert '<label class="mon-enfant-form__label" for="id_niveau">Niveau' in form
    assert '<option value="college" selected>Collège</option>' in form
    assert "<button type=\"submit\">Afficher les écoles</button>" in form


def test_the_directory_links_to_each_filter_and_back_to_every_school(client, directory, schools):
    html = get(client, directory.url)
    for query in ("niveau=maternelle", "niveau=elementaire", "niveau=college", "secteur=public", "secteur=prive"):
        assert f'href="{directory.url}?{query}#ecoles-resultat"' in html
    assert "Voir tous les établissements" not in html
    filtered = get(client, directory.url + "?secteur=prive")
    assert f'<a href="{directory.url}">Voir tous les établissements</a>' in filtered


def test_a_filter_that_matches_nothing_says_so(client, directory, commune_a):
    School.objects.create(uai="0350916F", name="Collège Duguay-Trouin", level=SchoolLevel.COLLEGE, commune=commune_a)
    html = get(client, directory.url + "?secteur=prive")
    assert status(html).startswith("Aucun établissement (privé).")
    assert "Aucun établissement ne correspond à ces critères" in html


HOSTILE = ["<script>alert(1)</script>", "x" * 5000, "maternelle\x00", "MATERNELLE", "%",
           "'; DROP TABLE mon_enfant_school; --", "🙂", "primaire"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_value_gets_a_clear_message_and_never_a_500(client, directory, schools, value):
    response = client.get(directory.url, {"niveau": value, "secteur": "prive"})
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(str(INVALID_CHOICE)) in html
    assert 'role="alert"' in html  # the error summary
    assert "<title>Erreur :" in html
    assert listed(html) == ["0359902B"]  # the sector, which was valid, still applies
    if len(value) > 3 and value != "primaire":  # a word the page says anyway
        assert value not in html  # never quoted back


def test_repeated_and_unknown_parameters_are_no_reason_to_fail(client, directory, schools):
    response = client.get(directory.url + "?niveau=college&niveau=maternelle&secteur[]=x&page=-1&niveau%00=1")
    assert response.status_code == 200


def test_the_filtered_directory_makes_as_many_queries_as_the_whole_one(client, directory, commune_a, contact_a):
    add_schools(commune_a, 6)
    client.get(directory.url)
    whole = count_queries(client, directory.url)
    assert count_queries(client, directory.url + "?niveau=college&secteur=public") == whole
    add_schools(commune_a, 20, start=6)
    assert count_queries(client, directory.url + "?niveau=college&secteur=public") == whole
