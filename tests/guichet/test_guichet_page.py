"""Mon enfant: one answer for one family. The page composes the registry's family sections (carte scolaire,
prices, menus...) in order; the question travels by GET and can be kept as a link, the QF only by POST
(CSRF, never in a URL or the link); bad input gets a clear message and never a 500; the journey writes
nothing, logs nothing of what was typed, and reads a constant number of rows whatever the data."""

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from mon_enfant.catchment.models import CatchmentRule
from mon_enfant.guichet.pages import FamilyPage
from mon_enfant.menus import services as menus_services
from mon_enfant.menus.importers import import_menus
from mon_enfant.models import School, SchoolLevel
from mon_enfant.utils import current_school_year
from tests.catchment.data import CORSAIRES, ROCHER, make_catchment
from tests.core.test_logs_keep_nothing_typed import (
    every_logger_at_debug,  # noqa: F401  (a fixture)
    record_text,
)
from tests.core.wording import NOT_CONFIGURED
from tests.fees.data import PARIS_2020, make_grid, make_service
from tests.menus.data import scdl

YEAR = str(current_school_year())
ADDRESS = "14 rue Guy Ropartz"
MONDAY = dt.date(2026, 12, 7)
QF = "400"


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def in_order(found, *expected):
    """The sections ``expected`` are there in this order (others, such as the example feature's, may sit
    between them)."""
    return [title for title in found if title in expected] == list(expected)


def headings(response):
    return [html.unescape(title) for title in re.findall(r'<h2 id="famille-[^"]+">([^<]+)</h2>',
                                                           response.content.decode())]


@pytest.fixture(autouse=True)
def frozen_week(monkeypatch):
    monkeypatch.setattr(menus_services, "today", lambda: MONDAY + dt.timedelta(days=2))


def menu_rows(uai, restaurant, days=5, dishes=("Hachis parmentier",)):
    return [{"menuRestaurantNom": restaurant, "menuRestaurantId": uai, "menuRestaurantType": "élémentaire",
             "menuDate": str(MONDAY + dt.timedelta(days=day)), "menuPlatNom": dish}
            for day in range(days) for dish in dishes]


@pytest.fixture
def family_page(commune_a):
    site = Site.objects.get(is_default_site=True)
    commune_a.sites.add(site)
    make_catchment(commune_a)
    service = make_service(commune_a)
    make_grid(service, YEAR, brackets=PARIS_2020)
    import_menus(scdl(*menu_rows(CORSAIRES, "Restaurant des Corsaires")))
    page = FamilyPage(title="Mon enfant à l'école", slug="mon-enfant")
    site.root_page.add_child(instance=page)
    page.communes.set([commune_a])
    page.save_revision().publish()
    return page


def ask(client, page, **params):
    return client.get(page.url, {"address": ADDRESS, "level": "elementaire", "school_year": YEAR, **params})


def test_the_empty_page_offers_the_form_privately(client, family_page):
    response = client.get(family_page.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert 'name="address"' in response.content.decode() and "rubrique" not in text(response)


def test_a_family_gets_its_school_its_prices_and_its_menu_in_order(client, family_page):
    response = ask(client, family_page)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "strict-origin"
    assert in_order(headings(response), "L'école de secteur", "Les tarifs des services", "Menus de la cantine")
    page = text(response)
    assert "Votre réponse pour 14 rue Guy Ropartz (Saint-Malo), niveau élémentaire" in page
    assert "École élémentaire publique des Corsaires" in page and "Entrée des élèves rue des Corsaires." in page
    assert "de 0,13 € à 4,61 € par repas" in page
    assert "Hachis parmentier" in page
    assert re.search(r'role="status"[^>]*>\s*<p[^>]*>Votre réponse', response.content.decode())


def test_the_link_to_keep_holds_the_question_and_never_the_income(family_page):
    client = Client(enforce_csrf_checks=True)
    ask(client, family_page)  # the answer holds the QF form, and its CSRF token
    response = client.post(family_page.url, {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value, "mon_enfant_guichet": "",
        "address": ADDRESS, "level": "elementaire", "school_year": YEAR, "quotient_familial": QF})
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page = text(response)
    assert f"Vos tarifs en {YEAR}, pour un quotient familial de 400,00 €" in page
    assert "1,62 € par repas" in page and "Hachis parmentier" in page
    link = html.unescape(re.search(r'<a href="([^"]+)">Lien vers cette réponse', response.content.decode()).group(1))
    assert parse_qs(urlparse(link).query) == {"address": [ADDRESS], "level": ["elementaire"], "school_year": [YEAR]}
    assert Client().get(link).status_code == 200


def test_a_qf_in_the_url_is_ignored(client, family_page):
    response = ask(client, family_page, quotient_familial=QF)
    assert "de 0,13 € à 4,61 €" in text(response) and "400,00" not in text(response)
    assert 'value="400"' not in response.content.decode()


def test_a_qf_post_without_the_csrf_token_is_refused_in_plain_french(family_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(family_page.url, {"mon_enfant_guichet": "", "address": ADDRESS, "level": "elementaire",
                                             "quotient_familial": QF})
    assert response.status_code == 403
    page = text(response)
    assert "Votre envoi n'a pas pu être pris en compte" in page and "Ville de démonstration" in page
    assert f'<a href="{family_page.url}">Revenir à la page et recommencer</a>' in response.content.decode()
    assert "Guy Ropartz" not in page and QF not in page


def test_a_bad_qf_is_said_next_to_its_field_and_the_answer_stays(family_page, client):
    response = client.post(family_page.url, {"mon_enfant_guichet": "", "address": ADDRESS, "level": "elementaire",
                                             "school_year": YEAR, "quotient_familial": "-12"})
    page = text(response)
    assert "Saisissez un nombre positif ou nul." in page and "-12" not in page
    assert "École élémentaire publique des Corsaires" in page
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_chosen_school_answers_without_an_address(client, family_page):
    response = client.get(family_page.url, {"level": "elementaire", "school": CORSAIRES})
    assert in_order(headings(response), "L'école de votre enfant", "Les tarifs des services", "Menus de la cantine")
    assert "L'école de secteur" not in headings(response)


def test_a_shared_sector_names_its_schools_and_no_menu(client, family_page):
    response = ask(client, family_page, address="3 avenue du Rocher")
    assert "Menus de la cantine" not in headings(response)
    assert "École élémentaire publique du Rocher" in text(response)


def test_an_unknown_street_suggests_the_same_answer_for_the_right_one(client, family_page):
    response = ask(client, family_page, address="14 rue Guy Ropars")
    links = [html.unescape(url) for url in re.findall(r'<a href="([^"]+)">Rue Guy Ropartz</a>',
                                                      response.content.decode())]
    assert links and parse_qs(urlparse(links[0]).query)["address"] == ["14 Rue Guy Ropartz"]
    assert urlparse(links[0]).path == family_page.url
    assert "École élémentaire publique des Corsaires" in text(client.get(links[0]))


def test_an_address_or_a_school_is_needed(client, family_page):
    response = client.get(family_page.url, {"address": "", "level": "elementaire"})
    assert "Indiquez votre adresse, ou choisissez l'école de votre enfant." in text(response)
    assert 'href="#id_address"' in response.content.decode()


def test_a_school_that_does_not_teach_the_level_is_refused(client, family_page):
    response = client.get(family_page.url, {"level": "college", "school": CORSAIRES})
    assert "Cette école n'accueille pas les enfants de ce niveau" in text(response)


HOSTILE = [
    {"address": "x" * 5000, "level": "elementaire"},
    {"address": "12 rue\x00 des Corsaires", "level": "elementaire"},
    {"address": ADDRESS, "level": "lycee"},
    {"address": ADDRESS, "level": "elementaire", "school_year": "1999-2000"},
    {"address": ADDRESS, "level": "elementaire", "school": "0000000Z"},
    {"address": ADDRESS, "level": "elementaire", "commune": "99999"},
    {"address": ["a", "b"], "level": ["elementaire", "college"]},
    {"address": "9" * 400 + " rue Guy Ropartz", "level": "elementaire"},
    {"address": f"{ADDRESS}' OR 1=1 --", "level": "elementaire"},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_questions_get_a_page_never_a_500(client, family_page, params):
    response = client.get(family_page.url, params)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("qf", ["abc", "1e3", "NaN", "9" * 40, "١٠٥٠", "1.050,50", "100001"])
def test_hostile_qfs_get_a_message_never_echoed(client, family_page, qf):
    response = client.post(family_page.url, {"mon_enfant_guichet": "", "address": ADDRESS, "level": "elementaire",
                                             "school_year": YEAR, "quotient_familial": qf})
    assert response.status_code == 200
    # The CSRF token is random letters and digits: "abc" may be in it by chance.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    assert qf not in page
    assert "Saisissez un nombre" in text(response)


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy}


def test_the_journey_writes_nothing_and_logs_nothing_typed(family_page, every_logger_at_debug):  # noqa: F811
    client = Client()
    ask(client, family_page)  # warm, and the CSRF cookie
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        statuses = [
            ask(client, family_page).status_code,
            ask(client, family_page, address="14 rue Guy Ropars").status_code,
            client.post(family_page.url, {
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value, "mon_enfant_guichet": "",
                "address": ADDRESS, "level": "elementaire", "school_year": YEAR, "quotient_familial": "7654,32",
            }).status_code,
        ]
    assert statuses == [200] * 3
    assert row_counts() == before
    writes = [query["sql"] for query in queries.captured_queries
              if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.I)]
    assert writes == []
    assert "django.db.backends" in {record.name for record in every_logger_at_debug.records}
    found = [record.name for record in every_logger_at_debug.records
             if any(secret in record_text(record) for secret in ("Guy Ropar", "654,32", "654.32"))]
    assert found == []


def count_queries(client, page, **params):
    ask(client, page, **params)  # warm: the per-process indexes
    with CaptureQueriesContext(connection) as queries:
        assert ask(client, page, **params).status_code == 200
    return len(queries)


def test_the_answer_reads_a_constant_number_of_rows_whatever_the_data(client, family_page, commune_a):
    before = count_queries(client, family_page)
    for number in range(30):
        uai = f"03598{number:02d}K"
        School.objects.create(uai=uai, name=f"École {number}", level=SchoolLevel.ELEMENTAIRE, commune=commune_a)
        CatchmentRule.objects.create(commune=commune_a, level="elementaire", street_label=f"RUE {number}", uai=uai)
    import_menus(scdl(*menu_rows(CORSAIRES, "Restaurant des Corsaires", dishes=[f"Plat {n}" for n in range(12)]),
                      *menu_rows(ROCHER, "Restaurant du Rocher")))
    for number in range(4):
        make_grid(make_service(commune_a, name=f"Accueil {number}", unit="heure"), YEAR, brackets=PARIS_2020)
    assert count_queries(client, family_page) == before


def test_a_page_without_commune_says_so(client, commune_b):
    site = Site.objects.get(is_default_site=True)
    page = FamilyPage(title="Mon enfant", slug="mon-enfant-vide")
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    response = client.get(page.url, {"address": ADDRESS, "level": "elementaire"})
    assert NOT_CONFIGURED in text(response)


def test_the_block_answers_under_its_own_prefix(rf, family_page, commune_a):
    from django.template.loader import render_to_string

    from mon_enfant.guichet.blocks import FamilySummaryBlock

    block = FamilySummaryBlock()
    value = block.to_python({"commune": commune_a.pk, "heading": "", "intro": ""})
    request = rf.get("/", {"famille-35288-address": ADDRESS, "famille-35288-level": "elementaire"})
    request.site = Site.objects.get(is_default_site=True)
    rendered = render_to_string(block.meta.template, block.get_context(value, {"request": request}), request)
    assert "École élémentaire publique des Corsaires" in rendered and 'name="famille-35288-address"' in rendered
    assert 'name="mon_enfant_guichet" value="famille-35288"' in rendered


def test_the_page_speaks_english(client, family_page):
    response = client.get(family_page.url, {"address": ADDRESS, "level": "elementaire", "school_year": YEAR},
                          HTTP_ACCEPT_LANGUAGE="en")
    page = text(response)
    assert "Your answer for 14 rue Guy Ropartz" in page and "School fees" in page


def test_a_refused_qf_is_said_at_the_top_with_a_link_to_its_field(client, family_page):
    response = client.post(family_page.url, {"mon_enfant_guichet": "", "address": ADDRESS, "level": "elementaire",
                                             "school_year": YEAR, "quotient_familial": "abc"})
    content = response.content.decode()
    status = re.search(r'role="status".*?</div>', content, re.S).group(0)
    assert "Votre quotient familial n'a pas été pris en compte" in status
    assert 'href="#famille-qf-quotient_familial"' in status and 'id="famille-qf-quotient_familial"' in content


def test_every_id_of_the_answer_is_unique_and_optional_is_said_once(client, family_page):
    content = ask(client, family_page).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', content)
    assert len(ids) == len(set(ids))
    assert "(facultatif) (facultatif)" not in text(client.get(family_page.url))


def test_the_count_includes_the_school_the_family_named(client, family_page):
    response = client.get(family_page.url, {"level": "elementaire", "school": CORSAIRES.lower()})
    shown = len(re.findall(r'<section class="mon-enfant-guichet__section', response.content.decode()))
    assert f"{shown} rubriques ci-dessous." in text(response)


def test_next_years_prices_not_yet_published_are_said_and_no_qf_is_asked(client, family_page):
    next_year = str(current_school_year().next())
    response = ask(client, family_page, school_year=next_year)
    assert f"Les tarifs de l'année scolaire {next_year} ne sont pas encore publiés." in text(response)
    assert 'name="quotient_familial"' not in response.content.decode()


def test_a_college_family_is_told_the_prices_are_the_mairies(client, family_page):
    response = ask(client, family_page, level="college")
    assert "la cantine du collège a ses propres tarifs" in text(response)


def test_a_too_long_address_gets_one_message(client, family_page):
    page = text(ask(client, family_page, address="x" * 300))
    assert "L'adresse est trop longue (200 caractères au plus)." in page
    assert "Indiquez votre adresse, ou choisissez" not in page
