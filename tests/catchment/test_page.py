"""The "Trouver mon école" page and block: a plain GET form that answers each kind of lookup in words a
parent understands, ties every error to its field, keeps the address out of caches, referrers and logs,
and renders with a bounded number of queries. Data: tests/catchment_data.py."""

import json
import logging
import re
import sys
import types

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from example_site.home.models import HomePage
from mon_enfant.blocks import mon_enfant_blocks
from mon_enfant.catchment import services
from mon_enfant.catchment.blocks import CatchmentLookupBlock
from mon_enfant.catchment.models import CatchmentRule, CatchmentZone
from mon_enfant.catchment.pages import CatchmentLookupPage
from mon_enfant.models import Commune, Contact, ResponsibleBody, School, SchoolLevel, Street
from mon_enfant.utils import current_school_year
from tests.catchment.data import DECOUVERTE, ROCHER, UNKNOWN_UAI, make_catchment
from tests.core.wording import NOT_CONFIGURED

# Site, page tree and menu (host), communes, contacts, the rules' version stamp, the schools of the answer,
# the contact for the answer: 12 today.
MAX_QUERIES_ANSWER_PAGE = 14
SECRET_ADDRESS = "17 rue du Secret-Bien-Gardé"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts from a rolled-back database: neither the process's catchment index nor Wagtail's
    cache of site root paths (these tests move the site root) may outlive it."""
    services.reset()
    yield
    services.reset()
    Site.clear_site_root_paths_cache()


def build_home():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Ville de test", slug="ville"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def add_lookup_page(home, communes, **fields):
    fields.setdefault("levels", ["maternelle", "elementaire", "college"])
    fields.setdefault("derogation_text", "<p>Les dérogations se demandent au service Éducation avant le 31 mars.</p>")
    page = home.add_child(instance=CatchmentLookupPage(title="Trouver mon école", slug="trouver-mon-ecole",
                                                       intro="<p>Tapez votre adresse.</p>", **fields))
    page.communes.set(communes)
    page.save_revision().publish()
    return page


@pytest.fixture
def catchment(commune_a):
    return make_catchment(commune_a)


@pytest.fixture
def lookup_page(catchment, commune_a):
    return add_lookup_page(build_home(), [commune_a])


def ask(client, page, **params):
    params.setdefault("level", "elementaire")
    return client.get(page.url, params)


def answer_region(response):
    html = response.content.decode()
    start = html.index('id="catchment-answer"')
    return html[start:html.index("</aside>", start) if "</aside>" in html[start:] else None]


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


# --- Wagtail's page assertions -------------------------------------------------------------------


class CatchmentLookupPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
        make_catchment(cls.commune)
        cls.home = build_home()
        cls.page = add_lookup_page(cls.home, [cls.commune])
        cls.superuser = cls.create_superuser("editeur-carte")

    def setUp(self):
        services.reset()

    def tearDown(self):
        services.reset()
        Site.clear_site_root_paths_cache()

    def edit_form_data(self):
        self.client.force_login(self.superuser)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk])).content.decode()
        self.client.logout()
        return querydict_from_html(html, form_id="page-edit-form")

    def test_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, CatchmentLookupPage)

    def test_has_no_subpages(self):
        self.assertCanNotCreateAt(CatchmentLookupPage, CatchmentLookupPage)

    def test_is_renderable_empty(self):
        self.assertPageIsRenderable(self.page)

    def test_is_renderable_with_a_question(self):
        self.assertPageIsRenderable(self.page, query_data={"address": "34 bis rue Guy Ropartz",
                                                           "level": "elementaire"})

    def test_is_editable(self):
        data = self.edit_form_data()
        self.assertEqual(data.getlist("levels"), ["maternelle", "elementaire", "college"])
        self.assertPageIsEditable(self.page, post_data=data)

    def test_edit_keeps_the_checked_levels(self):
        data = self.edit_form_data()
        data.setlist("levels", ["college"])
        data["action-publish"] = "action-publish"
        self.client.force_login(self.superuser)
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CatchmentLookupPage.objects.get(pk=self.page.pk).levels, ["college"])

    def test_edit_refuses_a_page_without_level(self):
        data = self.edit_form_data()
        data.setlist("levels", [])
        data["action-publish"] = "action-publish"
        self.client.force_login(self.superuser)
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Cochez au moins un niveau.")

    def test_is_previewable(self):
        self.assertPageIsPreviewable(self.page, post_data=self.edit_form_data())


# --- the empty form ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_empty_form_has_address_level_and_year_but_no_answer(client, lookup_page):
    response = client.get(lookup_page.url)
    html = response.content.decode()
    assert 'method="get"' in html
    assert 'name="address"' in html and 'for="catchment-address"' in html
    assert 'aria-describedby="catchment-address_helptext"' in html
    assert '<p class="mon-enfant-form__hint" id="catchment-address_helptext">' in html
    assert '<select name="level"' in html and '<select name="school_year"' in html
    assert 'name="commune"' not in html  # one commune: nothing to choose
    assert "Votre établissement de secteur" not in html
    assert 'role="status"' in html and 'aria-live="polite"' in html


@pytest.mark.django_db
def test_empty_form_is_not_marked_private(client, lookup_page):
    response = client.get(lookup_page.url)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_level_select_offers_only_the_levels_of_the_page(client, catchment, commune_a):
    page = add_lookup_page(build_home(), [commune_a], levels=["college", "maternelle"])
    html = client.get(page.url).content.decode()
    options = re.findall(r'<option value="(\w*)"', html[html.index('name="level"'):html.index('name="school_year"')])
    assert options == ["", "maternelle", "college"]  # the school order, after the "choose" option


@pytest.mark.django_db
def test_a_single_level_is_preselected_and_may_be_left_out_of_the_url(client, catchment, commune_a):
    page = add_lookup_page(build_home(), [commune_a], levels=["elementaire"])
    html = client.get(page.url).content.decode()
    assert re.search(r'<option value="elementaire" selected>', html)
    response = client.get(page.url, {"address": "34 bis rue Guy Ropartz"})
    assert "École élémentaire publique des Corsaires" in answer_region(response)


@pytest.mark.django_db
def test_school_year_offers_the_current_and_the_next_year_current_first_and_selected(client, lookup_page):
    current = current_school_year()
    html = client.get(lookup_page.url).content.decode()
    years = re.findall(r'<option value="(\d{4}-\d{4})"( selected)?', html)
    assert years == [(str(current), " selected"), (str(current.next()), "")]


@pytest.mark.django_db
def test_the_form_goes_back_to_the_answer_region(client, lookup_page):
    html = client.get(lookup_page.url).content.decode()
    assert f'action="{lookup_page.url}#catchment-answer"' in html
    assert 'id="catchment-answer"' in html


@pytest.mark.django_db
def test_autocomplete_script_is_an_external_deferred_file_with_the_api_url_in_data_attributes(client, lookup_page):
    html = client.get(lookup_page.url).content.decode()
    assert re.search(r'<script src="/static/mon_enfant_catchment/street-autocomplete\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script
    assert " style=" not in html  # strict CSP: no style attribute
    assert 'data-streets-url="/api/mon-enfant/v1/streets"' in html
    assert 'data-commune="35288"' in html


@pytest.mark.django_db
def test_print_stylesheets_are_linked_for_print_only(client, lookup_page):
    html = client.get(lookup_page.url).content.decode()
    assert '<link rel="stylesheet" href="/static/mon_enfant/print.css" media="print">' in html
    assert '<link rel="stylesheet" href="/static/mon_enfant_catchment/catchment-print.css" media="print">' in html


# --- answers, one per status ----------------------------------------------------------------------


@pytest.mark.django_db
def test_found_shows_the_school_card_the_rule_note_and_the_question(client, lookup_page):
    region = answer_region(ask(client, lookup_page, address="34 bis rue Guy-Ropartz"))
    text = text_of(region)
    assert "Votre recherche : 34 bis Rue Guy Ropartz (Saint-Malo), niveau élémentaire" in text
    assert "Votre établissement de secteur" in text
    assert '<h3 id="school-0359902B">École élémentaire publique des Corsaires</h3>' in region
    assert "14 rue des Corsaires, 35400 Saint-Malo" in text
    assert 'href="tel:0299000001"' in region
    assert "À noter : Entrée des élèves rue des Corsaires." in text


@pytest.mark.django_db
def test_found_says_who_decides_the_derogation_note_and_whom_to_call(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="34 bis rue Guy-Ropartz")))
    assert "Qui décide ? Mairie — La mairie fixe les secteurs des écoles publiques" in text
    assert "(dérogation) Les dérogations se demandent au service Éducation avant le 31 mars." in text
    assert "Qui contacter ? Service Éducation de la ville – téléphone : 02 99 40 71 11" in text


@pytest.mark.django_db
def test_college_is_decided_by_the_education_nationale(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", level="college")))
    assert "Qui décide ? Éducation nationale — L'affectation au collège est décidée par la direction académique" in text


@pytest.mark.django_db
def test_college_question_points_to_an_education_nationale_contact_when_the_commune_lists_one(
        client, lookup_page, commune_a):
    Contact.objects.create(commune=commune_a, service_name="DSDEN d'Ille-et-Vilaine", phone="02 99 00 11 22",
                           responsible_body=ResponsibleBody.EDUCATION_NATIONALE, is_primary=False)
    text = text_of(answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", level="college")))
    assert "Qui contacter ? DSDEN d'Ille-et-Vilaine – téléphone : 02 99 00 11 22" in text


@pytest.mark.django_db
def test_shared_sector_lists_every_school_and_explains_it(client, lookup_page):
    region = answer_region(ask(client, lookup_page, address="12 avenue du Rocher"))
    text = text_of(region)
    assert "Vos établissements de secteur" in text
    assert "secteur partagé entre ces 3 établissements" in text
    assert all(f'id="school-{uai}"' in region for uai in (ROCHER, DECOUVERTE, UNKNOWN_UAI))


@pytest.mark.django_db
def test_school_not_yet_described_shows_its_uai_with_a_sentence(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="12 avenue du Rocher")))
    assert f"Établissement {UNKNOWN_UAI}" in text
    assert f"Les coordonnées de cet établissement (code UAI {UNKNOWN_UAI}) ne sont pas encore publiées" in text


@pytest.mark.django_db
def test_whole_commune_rule_says_it_is_a_single_sector(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="3 rue de Nulle Part", level="maternelle")))
    assert "École maternelle publique des Corsaires" in text
    assert "Toute la commune dépend de ce secteur (secteur unique)." in text


@pytest.mark.django_db
def test_number_outside_every_sector_says_so_plainly_and_whom_to_call(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="25 rue des Corsaires")))
    assert "Aucun secteur trouvé" in text
    assert "L'adresse 25 Rue des Corsaires n'est rattachée à aucun secteur pour le niveau élémentaire" in text
    assert "Service Éducation de la ville – téléphone : 02 99 40 71 11" in text
    assert "(dérogation)" not in text


@pytest.mark.django_db
def test_level_without_any_published_rule_says_the_map_is_not_published(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", level="college")))
    assert "La carte scolaire de Saint-Malo n'est pas encore publiée sur ce site pour le niveau collège." in text


@pytest.mark.django_db
def test_unknown_street_offers_did_you_mean_links_that_keep_the_number(client, lookup_page):
    region = answer_region(ask(client, lookup_page, address="34 bis rue Gui Roparz"))
    assert "Nous ne trouvons pas cette voie" in text_of(region)
    assert "Vouliez-vous dire… ?" in region
    link = re.search(r'<a href="([^"]+)">Rue Guy Ropartz</a>', region).group(1).replace("&amp;", "&")
    assert link.startswith(f"{lookup_page.url}?address=34+bis+Rue+Guy+Ropartz&level=elementaire&school_year=")
    assert link.endswith("#catchment-answer")


@pytest.mark.django_db
def test_did_you_mean_links_lead_only_to_streets_with_a_sector_for_the_level(client, lookup_page):
    # One letter from what is typed and known to the address index, but no école rule: not offered.
    Street.objects.create(commune=lookup_page.communes.get(), label="Rue Guy Roparts", key="RUE GUY ROPARTS")
    region = answer_region(ask(client, lookup_page, address="3 rue Gui Roparts"))
    suggestions = re.search(r'<ul class="mon-enfant-catchment__suggestions".*?</ul>', region, re.DOTALL).group(0)
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', suggestions) == ["Rue Guy Ropartz"]


@pytest.mark.django_db
def test_following_a_suggestion_finds_the_school(client, lookup_page):
    region = answer_region(ask(client, lookup_page, address="34 bis rue Gui Roparz"))
    link = re.search(r'<a href="([^"]+)">Rue Guy Ropartz</a>', region).group(1).replace("&amp;", "&")
    assert "École élémentaire publique des Corsaires" in answer_region(client.get(link))


@pytest.mark.django_db
def test_unknown_street_without_close_name_asks_to_check_the_spelling(client, lookup_page):
    text = text_of(answer_region(ask(client, lookup_page, address="8 chemin Zzyzx")))
    assert "Vérifiez l'orthographe" in text
    assert "Vouliez-vous dire" not in text


@pytest.mark.django_db
def test_street_shared_between_sectors_asks_for_the_number_with_the_ranges(client, lookup_page):
    region = answer_region(ask(client, lookup_page, address="rue Guy Ropartz"))
    text = text_of(region)
    assert "Précisez le numéro" in text
    assert "du n° 1 au n° 49 : École élémentaire publique des Corsaires" in text
    assert "à partir du n° 50 : École élémentaire publique du Rocher" in text
    assert 'href="#catchment-address"' in region


@pytest.mark.django_db
def test_the_shared_street_sentence_agrees_with_any_street_type(client, lookup_page, commune_a):
    """Issue 11 point 10: "« Boulevard Chateaubriand » est partagée" (a boulevard is masculine): the
    sentence is worded so that the street's gender does not matter."""
    from tests.catchment.data import CORSAIRES, rule

    rule(commune_a, "BOULEVARD CHATEAUBRIAND", CORSAIRES, 1, 30)
    rule(commune_a, "BOULEVARD CHATEAUBRIAND", ROCHER, 31, None)
    text = text_of(answer_region(ask(client, lookup_page, address="boulevard Chateaubriand")))
    assert "Plusieurs secteurs se partagent « BOULEVARD CHATEAUBRIAND » : l'établissement dépend du numéro." in text
    assert "partagée" not in text and "partagé " not in text


@pytest.mark.django_db
def test_an_english_request_gets_the_ranges_in_english(client, lookup_page):
    response = client.get(lookup_page.url, {"level": "elementaire", "address": "rue Guy Ropartz"},
                          HTTP_ACCEPT_LANGUAGE="en")
    text = text_of(answer_region(response))
    assert "from no. 1 to no. 49: École élémentaire publique des Corsaires" in text
    assert "from no. 50: École élémentaire publique du Rocher" in text
    assert "du n°" not in text


@pytest.mark.django_db
def test_name_of_several_streets_offers_each_street_as_a_link(client, lookup_page):
    region = answer_region(ask(client, lookup_page, address="du Moulin"))
    assert "Plusieurs voies portent ce nom" in text_of(region)
    labels = re.findall(r'<a href="[^"]*address=[^"]*">([^<]+)</a>', region)
    assert labels == ["Impasse du Moulin", "Rue du Moulin"]


def install_geocoder(monkeypatch, answer):
    """A stand-in for mon_enfant.addresses.geocoding (written by the address index), imported lazily."""
    module = types.ModuleType("mon_enfant.addresses.geocoding")
    module.get_geocoder = lambda: answer
    monkeypatch.setitem(sys.modules, "mon_enfant.addresses.geocoding", module)


@pytest.fixture
def college_zone(commune_a):
    # A square around the centre of Saint-Malo, for the collège Duguay-Trouin (0350916F).
    ring = [[-2.03, 48.63], [-1.97, 48.63], [-1.97, 48.66], [-2.03, 48.66], [-2.03, 48.63]]
    return CatchmentZone.objects.create(commune=commune_a, level="college", uai="0350916F",
                                        geometry={"type": "Polygon", "coordinates": [ring]})


@pytest.mark.django_db
def test_map_zones_without_a_located_address_say_the_address_could_not_be_placed(
        client, lookup_page, college_zone, monkeypatch):
    install_geocoder(monkeypatch, lambda commune, parsed: None)
    text = text_of(answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", level="college")))
    assert "Les secteurs de cette commune sont tracés sur une carte, et nous n'avons pas pu situer votre adresse." \
        in text


@pytest.mark.django_db
def test_map_zones_answer_with_the_point_of_the_configured_geocoder(client, lookup_page, college_zone, monkeypatch):
    install_geocoder(monkeypatch, lambda commune, parsed: (48.645, -2.0))
    region = answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", level="college"))
    assert "0350916F" in region and "Votre établissement de secteur" in region


@pytest.mark.django_db
def test_the_geocoder_s_message_is_shown_with_the_answer(client, lookup_page, college_zone, monkeypatch):
    from mon_enfant.addresses.geocoding import GeocodeResult

    class FallingBack:
        """A remote geocoder whose service failed: the local index's point, and a message for the parent."""

        def __call__(self, commune, parsed):
            return GeocodeResult(48.645, -2.0, "housenumber", "local", fallback=True,
                                 message="Le service de géolocalisation ne répond pas.")

    install_geocoder(monkeypatch, FallingBack())
    region = answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", level="college"))
    assert "0350916F" in region and "Le service de géolocalisation ne répond pas." in region


@pytest.mark.django_db
def test_a_failing_geocoder_is_no_error_and_is_logged_without_the_address(
        client, lookup_page, college_zone, monkeypatch, caplog):
    def broken(commune, parsed):
        raise TimeoutError("remote geocoder down")

    install_geocoder(monkeypatch, broken)
    with caplog.at_level(logging.DEBUG):
        response = ask(client, lookup_page, address=SECRET_ADDRESS, level="college")
    assert response.status_code == 200
    assert "tracés sur une carte" in text_of(answer_region(response))
    assert "TimeoutError" in caplog.text
    assert "Secret" not in caplog.text


# --- errors tied to their fields --------------------------------------------------------------


@pytest.mark.django_db
def test_empty_address_is_an_error_tied_to_the_field(client, lookup_page):
    response = ask(client, lookup_page, address="")
    html = response.content.decode()
    field = re.search(r'<input type="text" name="address"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="catchment-address_helptext catchment-address_error"' in field
    assert re.search(r'<p class="mon-enfant-form__error" id="catchment-address_error">'
                     r'<span class="mon-enfant__sr-only">Erreur : </span>Indiquez votre adresse', html)


@pytest.mark.django_db
def test_error_summary_links_each_message_to_its_field(client, lookup_page):
    region = answer_region(client.get(lookup_page.url, {"address": " ", "level": ""}))
    assert "Votre demande est incomplète" in region
    assert re.findall(r'<a href="(#[\w-]+)">', region) == ["#catchment-address", "#catchment-level"]


@pytest.mark.django_db
def test_page_title_starts_with_erreur_when_the_form_has_errors(client, lookup_page):
    html = ask(client, lookup_page, address="").content.decode()
    assert re.search(r"<title>\s*Erreur : Trouver mon école", html)


@pytest.mark.django_db
def test_too_long_address_is_an_error(client, lookup_page):
    html = ask(client, lookup_page, address="1 rue " + "x" * 200).content.decode()
    assert "L&#x27;adresse est trop longue (200 caractères au plus)." in html


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["2019-2020", "2026", "n'importe quoi"])
def test_bad_school_year_is_an_error_on_the_year_field(client, lookup_page, year):
    html = ask(client, lookup_page, address="34 rue Guy Ropartz", school_year=year).content.decode()
    field = re.search(r'<select name="school_year"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "catchment-school_year_error" in field
    assert "Choisissez l&#x27;année scolaire parmi celles proposées." in html


@pytest.mark.django_db
def test_level_not_offered_by_the_page_is_an_error(client, catchment, commune_a):
    page = add_lookup_page(build_home(), [commune_a], levels=["maternelle", "elementaire"])
    html = ask(client, page, address="34 rue Guy Ropartz", level="college").content.decode()
    assert "Choisissez un niveau parmi ceux proposés." in html


@pytest.mark.django_db
def test_next_school_year_rules_replace_the_general_ones(client, lookup_page, commune_a):
    next_year = str(current_school_year().next())
    CatchmentRule.objects.create(commune=commune_a, level="elementaire", street_label="RUE GUY ROPARTZ", uai=ROCHER,
                                 school_year=next_year)
    assert "des Corsaires" in answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz"))
    region = answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz", school_year=next_year))
    assert "École élémentaire publique du Rocher" in region and f"année scolaire {next_year}" in region


@pytest.mark.django_db
@given(address=st.text(max_size=250), level=st.text(max_size=12), school_year=st.text(max_size=12))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_text_ever_gives_a_server_error(client, lookup_page, address, level, school_year):
    response = client.get(lookup_page.url, {"address": address, "level": level, "school_year": school_year})
    assert response.status_code == 200  # a 500 would raise here (the test client re-raises)


# --- several communes ----------------------------------------------------------------------------


@pytest.fixture
def two_commune_page(catchment, commune_a, commune_b, school_b):
    CatchmentRule.objects.create(commune=commune_b, level="college", street_label="AVENUE DES ACACIAS",
                                 uai=school_b.uai)
    return add_lookup_page(build_home(), [commune_a, commune_b])


@pytest.mark.django_db
def test_commune_select_appears_when_the_page_serves_several_communes(client, two_commune_page):
    html = client.get(two_commune_page.url).content.decode()
    select = html[html.index('<select name="commune"'):]
    assert re.findall(r'<option value="(\w*)"', select[:select.index("</select>")]) == ["", "35085", "35288"]  # by name


@pytest.mark.django_db
def test_the_chosen_commune_is_the_one_looked_up(client, two_commune_page):
    response = ask(client, two_commune_page, address="3 avenue des Acacias", level="college", commune="35085")
    assert "Collège François René de Chateaubriand" in answer_region(response)


@pytest.mark.django_db
def test_missing_commune_is_an_error_when_there_are_several(client, two_commune_page):
    html = ask(client, two_commune_page, address="3 avenue des Acacias").content.decode()
    assert re.search(r'<select name="commune"[^>]*aria-invalid="true"', html)
    assert '<a href="#catchment-commune">Choisissez votre commune.</a>' in html


@pytest.mark.django_db
def test_page_without_commune_says_it_is_not_configured(client, catchment):
    page = add_lookup_page(build_home(), [])
    html = client.get(page.url).content.decode()
    assert NOT_CONFIGURED in text_of(html)
    assert 'name="address"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("params", [
    {"address": "34 rue Guy Ropartz", "level": "elementaire"},
    {"address": "34 rue Guy Ropartz", "level": "elementaire", "school_year": "n'importe quoi"},
    {"address": ""},
])
def test_page_without_commune_says_so_once_an_address_is_typed(client, catchment, params):
    """Issue 11 point 4: a page whose commune set is empty (a commune not attached to the page's site)
    answered 500 once an address was typed."""
    page = add_lookup_page(build_home(), [])
    response = client.get(page.url, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_CONFIGURED in text_of(html)
    assert "Votre demande est incomplète" not in html and "Votre recherche" not in html
    assert 'name="address"' not in html


@pytest.mark.django_db
def test_block_on_a_site_without_commune_says_so_in_every_state(client, catchment):
    home = home_with_block(None)
    for params in ({}, {"address": "34 rue Guy Ropartz", "lookup": BLOCK_ID}):
        response = client.get(home.url, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert NOT_CONFIGURED in text_of(html)
        assert "Votre recherche" not in html


# --- privacy ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["34 bis rue Guy Ropartz", "25 rue des Corsaires", "rue Gui", ""])
def test_answers_are_neither_cached_nor_sent_as_referrer(client, lookup_page, address):
    response = ask(client, lookup_page, address=address)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_the_address_is_not_logged(client, lookup_page, caplog):
    with caplog.at_level(logging.DEBUG):
        ask(client, lookup_page, address=SECRET_ADDRESS)
        client.get("/api/mon-enfant/v1/catchment", {"commune": "35288", "address": SECRET_ADDRESS,
                                                    "level": "elementaire"})
        client.get("/api/mon-enfant/v1/catchment", {"commune": "35288", "address": SECRET_ADDRESS, "level": "lycee"})
        client.get("/api/mon-enfant/v1/streets", {"commune": "35288", "q": SECRET_ADDRESS})
    assert "Secret" not in caplog.text
    assert all("Secret" not in str(record.args) for record in caplog.records)


@pytest.mark.django_db
def test_the_address_is_not_stored(client, lookup_page, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries:
        ask(client, lookup_page, address=SECRET_ADDRESS)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert all("Secret" not in q["sql"] for q in queries)


# --- queries -------------------------------------------------------------------------------------


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_answer_page_query_count_is_bounded(client, lookup_page):
    client.get(lookup_page.url, {"address": "1 rue X", "level": "elementaire"})  # build the index first
    assert count_queries(client, lookup_page.url, {"address": "12 avenue du Rocher", "level": "elementaire"}) \
        <= MAX_QUERIES_ANSWER_PAGE


@pytest.mark.django_db
def test_answer_page_query_count_is_the_same_for_one_and_three_schools(client, lookup_page, commune_a):
    School.objects.create(uai=UNKNOWN_UAI, name="École élémentaire du Sillon", level=SchoolLevel.ELEMENTAIRE,
                          commune=commune_a, phone="02 99 00 00 09")
    client.get(lookup_page.url, {"address": "1 avenue du Rocher", "level": "elementaire"})  # warm up
    one = count_queries(client, lookup_page.url, {"address": "34 rue Guy Ropartz", "level": "elementaire"})
    three = count_queries(client, lookup_page.url, {"address": "12 avenue du Rocher", "level": "elementaire"})
    assert three == one


# --- the block -------------------------------------------------------------------------------------

BLOCK_ID = "3f2a9c1e-0000-4000-8000-000000000001"


def home_with_block(commune, block_id=BLOCK_ID, **value):
    home = build_home()
    value = {"heading": "Trouver mon école", "commune": commune.pk if commune else None,
             "levels": ["elementaire"], "derogation_text": "<p>Dérogations : écrire au maire.</p>", **value}
    home.body = json.dumps([{"type": "catchment_lookup", "value": value, "id": block_id}])
    home.save_revision().publish()
    return home


def test_the_block_is_offered_to_host_stream_fields():
    assert any(isinstance(block, CatchmentLookupBlock) for _name, block in mon_enfant_blocks())


def test_the_block_has_a_template_a_description_and_a_preview_value():
    meta = CatchmentLookupBlock._meta_class
    assert meta.template == "mon_enfant_catchment/blocks/catchment_lookup.html"
    assert meta.description and meta.preview_value


@pytest.mark.django_db
def test_the_block_preview_renders_the_form(rf, catchment, commune_a):
    Site.objects.filter(is_default_site=True).get().mon_enfant_communes.add(commune_a)
    block = CatchmentLookupBlock()
    request = RequestFactory().get("/admin/block-preview/")
    html = block.render(block.normalize(CatchmentLookupBlock._meta_class.preview_value), context={"request": request})
    assert 'name="address"' in html and "Trouver mon école" in html


@pytest.mark.django_db
def test_the_block_preview_of_the_admin_renders(client, superuser, catchment, commune_a):
    Site.objects.get(is_default_site=True).mon_enfant_communes.add(commune_a)
    block = next(block for _name, block in mon_enfant_blocks() if isinstance(block, CatchmentLookupBlock))
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    assert 'name="address"' in response.content.decode()


@pytest.mark.django_db
def test_the_block_form_goes_back_to_its_page_and_names_itself(client, catchment, commune_a):
    home = home_with_block(commune_a)
    html = client.get(home.url).content.decode()
    assert 'action="/#catchment-3f2a9c1e-answer"' in html
    assert '<input type="hidden" name="lookup" value="3f2a9c1e">' in html
    assert 'id="catchment-3f2a9c1e-address"' in html
    assert '<script src="/static/mon_enfant_catchment/street-autocomplete.js" defer></script>' in html


@pytest.mark.django_db
def test_the_block_answers_in_place_with_private_headers(client, catchment, commune_a):
    home = home_with_block(commune_a)
    response = client.get(home.url, {"address": "34 bis rue Guy Ropartz", "lookup": "3f2a9c1e"})
    html = response.content.decode()
    region = html[html.index('id="catchment-3f2a9c1e-answer"'):]
    assert "École élémentaire publique des Corsaires" in region
    assert "Dérogations : écrire au maire." in region
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_the_block_ignores_a_question_asked_to_another_block(client, catchment, commune_a):
    home = home_with_block(commune_a)
    response = client.get(home.url, {"address": "34 bis rue Guy Ropartz", "lookup": "another1"})
    assert "des Corsaires" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_block_without_commune_uses_the_communes_of_the_site(client, catchment, commune_a):
    home = home_with_block(None)
    Site.objects.get(is_default_site=True).mon_enfant_communes.add(commune_a)
    response = client.get(home.url, {"address": "34 rue Guy Ropartz", "lookup": "3f2a9c1e"})
    assert "des Corsaires" in response.content.decode()


@pytest.mark.django_db
def test_the_block_ties_errors_to_its_own_fields(client, catchment, commune_a):
    home = home_with_block(commune_a)
    html = client.get(home.url, {"address": "", "lookup": "3f2a9c1e"}).content.decode()
    assert '<a href="#catchment-3f2a9c1e-address">' in html
    assert 'aria-describedby="catchment-3f2a9c1e-address_helptext catchment-3f2a9c1e-address_error"' in html
    assert 'id="catchment-3f2a9c1e-error-summary"' in html


@pytest.mark.django_db
def test_a_street_of_several_communes_deleguees_offers_each_as_a_link(client, lookup_page, commune_a):
    from tests.catchment.data import CORSAIRES, ROCHER, rule

    rule(commune_a, "RUE DE LA MAIRIE", CORSAIRES, lieu_dit="Paramé")
    rule(commune_a, "RUE DE LA MAIRIE", ROCHER, lieu_dit="Saint-Servan")
    region = answer_region(ask(client, lookup_page, address="3 rue de la Mairie"))
    assert "Précisez la commune déléguée" in region
    link = re.search(r'<a href="([^"]+)">Saint-Servan</a>', region).group(1).replace("&amp;", "&")
    assert "lieu_dit=Saint-Servan" in link
    chosen = answer_region(client.get(link))
    assert "École élémentaire publique du Rocher" in text_of(chosen)
    assert "Commune déléguée : Saint-Servan." in text_of(chosen)
    # A new question through the form does not keep the choice: it is no form field.
    assert "lieu_dit" not in answer_region(ask(client, lookup_page, address="34 rue Guy Ropartz"))
