"""The agenda page: the events to come by month (ongoing ones first), filters by school, type and month that work
without JavaScript, archives page by page, news, drafts and other communes never shown, hostile values answered
with a message, a constant number of queries, the schema.org JSON-LD; the block and the starter page."""

import datetime as dt
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from mon_enfant.agenda.pages import AgendaPage
from mon_enfant.agenda.starter import starter_pages
from mon_enfant.models import Commune
from tests.core.wording import NOT_CONFIGURED

from .data import make_event, make_news, saint_malo_agenda


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def titles(response):
    return re.findall(r'<h\d id="evenement-\d+-titre">([^<]+)</h\d>', html.unescape(response.content.decode()))


def status(response):
    found = re.search(r'role="status"[^>]*>(.*?)</div>', response.content.decode(), re.S).group(1)
    return re.sub(r"\s+", " ", html.unescape(found.replace("<p>", "").replace("</p>", ""))).strip()


def test_the_page_lists_the_events_to_come_by_month_the_ongoing_first(client, agenda_page):
    response = client.get(agenda_page.url)
    assert response.status_code == 200
    assert titles(response) == ["Inscriptions scolaires pour la rentrée 2027", "Fête de Noël",
                                "Réunion d'information sur la petite section"]
    page = text(response)
    assert "Décembre 2026" in page and "Janvier 2027" in page
    assert "Du 1er décembre 2026 au 15 janvier 2027 (en cours)" in page
    assert status(response) == "3 événements à venir."


def test_each_event_says_when_where_for_whom_and_who_decides(client, agenda_page, agenda):
    response = client.get(agenda_page.url)
    body = response.content.decode()
    noel = agenda["events"]["noel"]
    assert '<time datetime="2026-12-18T18:00">Le 18 décembre 2026, de 18 h à 20 h</time>' in body
    assert '<time datetime="2026-12-01">' in body
    page = text(response)
    assert "Où Préau de l'école" in page
    assert "Pour qui École élémentaire des Corsaires" in page
    assert "Pour qui Toutes les écoles de Saint-Malo" in page
    assert "Qui décide ? Éducation nationale" in page and "Qui décide ? École" in page
    assert f'href="/api/mon-enfant/v1/agenda/events/{noel.pk}.ics"' in body
    assert 'href="/api/mon-enfant/v1/agenda.ics?commune=35288"' in body
    assert "Apportez le livret de famille.<br>Et un justificatif" in body


def test_drafts_past_events_and_other_communes_are_not_listed(client, agenda_page):
    page = text(client.get(agenda_page.url))
    assert "Brouillon secret" not in page and "Combourg" not in page
    assert "Sortie au Grand Aquarium" not in page


def test_the_news_published_so_far_latest_first(client, agenda_page):
    response = client.get(agenda_page.url)
    news = re.findall(r'<h\d id="actualite-\d+-titre">([^<]+)</h\d>', html.unescape(response.content.decode()))
    assert news == ["Travaux dans la cour des Corsaires", "Nouveau prestataire de cantine"]
    assert "<summary>Lire la suite" in response.content.decode()


def test_a_school_keeps_its_events_and_its_communes_whole(client, agenda_page):
    response = client.get(agenda_page.url, {"ecole": "0359901A"})
    assert titles(response) == ["Inscriptions scolaires pour la rentrée 2027", "Fête de Noël"]
    assert status(response) == "2 événements à venir pour École élémentaire des Corsaires et toute sa commune."
    assert 'href="/api/mon-enfant/v1/agenda.ics?commune=35288&amp;school=0359901A"' in response.content.decode()
    assert '<option value="0359901A" selected>' in response.content.decode()


def test_a_type_keeps_only_its_events(client, agenda_page):
    response = client.get(agenda_page.url, {"type": "fete"})
    assert titles(response) == ["Fête de Noël"]
    assert status(response) == "1 événement à venir (Fête d'école)."


def test_a_month_shows_all_its_events_past_ones_too(client, agenda_page):
    response = client.get(agenda_page.url, {"mois": "2026-11"})
    assert titles(response) == ["Sortie au Grand Aquarium"]
    assert status(response) == "1 événement en novembre 2026."
    december = client.get(agenda_page.url, {"mois": "2026-12"})
    assert titles(december) == ["Inscriptions scolaires pour la rentrée 2027", "Fête de Noël"]


def test_a_month_outside_the_list_is_still_understood(client, agenda_page, commune_a):
    make_event(commune_a, "Kermesse de 2030", dt.date(2030, 6, 20))
    response = client.get(agenda_page.url, {"mois": "2030-06"})
    assert titles(response) == ["Kermesse de 2030"]
    assert '<option value="2030-06" selected>Juin 2030</option>' in response.content.decode()


def test_the_archives_list_past_events_latest_first_page_by_page(client, agenda_page, commune_a, settings):
    settings.MON_ENFANT_AGENDA_ARCHIVE_PAGE_SIZE = 2
    for day in (3, 4):
        make_event(commune_a, f"Spectacle du {day} novembre", dt.date(2026, 11, day), kind="spectacle")
    response = client.get(agenda_page.url, {"archives": "1"})
    assert titles(response) == ["Sortie au Grand Aquarium", "Spectacle du 4 novembre"]
    assert status(response) == "3 événements passés."
    body = html.unescape(response.content.decode())
    assert "Archives : événements passés" in body and "Page 1 sur 2" in body
    assert 'href="?archives=1&page=2#agenda-resultat" rel="next"' in body
    assert 'href="?#agenda-resultat">Voir les événements à venir' in body
    assert '<input type="hidden" name="archives" value="1"' in body
    second = client.get(agenda_page.url, {"archives": "1", "page": "2"})
    assert titles(second) == ["Spectacle du 3 novembre"]
    assert "Nouveau prestataire de cantine" not in text(second)  # the news go with the events to come


@pytest.mark.parametrize("query", [
    {"mois": "2026-13"}, {"mois": "<script>alert(1)</script>"}, {"mois": "x" * 5000}, {"ecole": "9999999Z"},
    {"type": "zoo"}, {"archives": "oui", "page": "-1"}, {"archives": "1", "page": "99999999999999999999"},
    {"archives": "1", "page": "abc"}, {"mois": "\x00"}, {"ecole": ["0359901A", "0359903C"]},
])
def test_any_filter_value_answers_200_with_a_clear_message(client, agenda_page, query):
    response = client.get(agenda_page.url, query)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body and "x" * 100 not in body
    assert 'role="status"' in body


@pytest.mark.parametrize(("query", "message"), [
    ({"mois": "2026-13"}, "Ce n'est pas un mois : choisissez-le dans la liste (ou écrivez-le comme « 2026-12 »)."),
    ({"ecole": "9999999Z"}, "Choisissez l'une des options proposées."),
])
def test_a_bad_filter_is_named_in_french_and_the_others_still_apply(client, agenda_page, query, message):
    response = client.get(agenda_page.url, {**query, "type": "fete"})
    page = text(response)
    assert "Le filtre n'a pas pu être appliqué" in page and message in page
    assert titles(response) == ["Fête de Noël"]


def test_the_page_makes_a_fixed_number_of_queries(client, agenda_page, commune_a, agenda, django_assert_num_queries):
    def count(query):
        with CaptureQueriesContext(connection) as captured:
            client.get(agenda_page.url, query)
        return len(captured)

    queries = [{}, {"ecole": "0359901A"}, {"archives": "1"}, {"mois": "2026-12"}]
    count({})  # the site's root paths, cached
    before = [count(query) for query in queries]
    for number in range(30):
        make_event(commune_a, f"Événement {number}", dt.date(2026, 12, 1) + dt.timedelta(days=number * 3 - 40),
                   schools=[agenda["corsaires"], agenda["rocher"]])
        make_news(commune_a, f"Actualité {number}", dt.date(2026, 11, 1), schools=[agenda["rocher"]])
    for query, expected in zip(queries, before, strict=True):
        with django_assert_num_queries(expected):
            client.get(agenda_page.url, query)


def test_the_json_ld_describes_each_event_shown(client, agenda_page, agenda):
    body = client.get(agenda_page.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    events = {event["name"]: event for event in data["@graph"]}
    assert set(events) == {"Inscriptions scolaires pour la rentrée 2027", "Fête de Noël",
                           "Réunion d'information sur la petite section"}
    noel = events["Fête de Noël"]
    assert noel["@type"] == "Event" and noel["startDate"] == "2026-12-18T18:00:00+01:00"
    assert noel["endDate"] == "2026-12-18T20:00:00+01:00" and noel["location"]["name"] == "Préau de l'école"
    assert noel["organizer"]["name"] == "École" and noel["url"] == "https://corsaires.example/noel"
    assert events["Inscriptions scolaires pour la rentrée 2027"]["endDate"] == "2027-01-15"
    reunion = agenda["events"]["reunion"]
    assert events["Réunion d'information sur la petite section"]["url"] == f"http://localhost/agenda/#evenement-{reunion.pk}"


def test_the_page_needs_no_inline_script_or_style(client, agenda_page):
    body = client.get(agenda_page.url).content.decode()
    assert "style=" not in body and "<style" not in body
    assert re.findall(r"<script(?![^>]*(?:src=|application/ld\+json))", body) == []


def test_a_page_without_commune_says_it_is_not_configured(client, site):
    page = AgendaPage(title="Agenda", slug="agenda")
    site.root_page.add_child(instance=page)
    assert NOT_CONFIGURED in text(client.get(page.url))


def test_a_commune_without_events_says_so(client, site, commune_a):
    commune_a.sites.add(site)
    page = AgendaPage(title="Agenda", slug="agenda")
    site.root_page.add_child(instance=page)
    assert "Aucun événement à venir." in text(client.get(page.url))


def test_the_page_is_a_wagtail_page_made_from_its_starter(client, site, commune_a):
    commune_a.sites.add(site)
    [starter] = starter_pages()
    assert (starter.slug, starter.title) == ("agenda", "Agenda et actualités des écoles")
    assert AgendaPage.can_create_at(site.root_page)
    page = site.root_page.add_child(instance=AgendaPage(title=starter.title, slug=starter.slug, **starter.fields))
    response = client.get(page.url)
    assert response.status_code == 200 and "Choisissez l'école de votre enfant" in text(response)


def test_the_block_lists_the_agenda_with_its_own_filters(rf, agenda_page, commune_a):
    from mon_enfant.agenda.blocks import AgendaBlock

    block = AgendaBlock()
    value = block.to_python({"commune": commune_a.pk, "heading": "À l'agenda"})
    rendered = html.unescape(block.render(value, {"request": rf.get("/", {"agenda-35288-type": "reunion"})}))
    assert "À l'agenda" in rendered
    assert re.findall(r'<h5 id="evenement-\d+-titre">([^<]+)</h5>', rendered) == [
        "Réunion d'information sur la petite section"]
    assert 'name="agenda-35288-ecole"' in rendered


class TestAgendaPageIsAWagtailPage(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        site = Site.objects.get(is_default_site=True)
        commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
        commune.sites.add(site)
        saint_malo_agenda(commune, Commune.objects.create(name="Combourg", code_insee="35085"))
        cls.home = HomePage(title="Accueil", slug="accueil-test")
        site.root_page.add_child(instance=cls.home)
        cls.page = AgendaPage(title="Agenda", slug="agenda")
        cls.home.add_child(instance=cls.page)

    def test_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, AgendaPage)

    def test_has_no_subpages(self):
        self.assertCanNotCreateAt(AgendaPage, AgendaPage)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.page)
        self.assertPageIsRenderable(self.page, query_data={"ecole": "0359901A", "type": "fete", "mois": "2026-12"})
        self.assertPageIsRenderable(self.page, query_data={"archives": "1", "page": "2"})

    def test_is_editable(self):
        self.assertPageIsEditable(self.page)

    def test_is_previewable(self):
        self.assertPageIsPreviewable(self.page)


def test_the_archives_flag_is_never_an_error_nor_written_back(client, agenda_page):
    response = client.get(agenda_page.url, {"archives": "on" + "x" * 300})
    body = response.content.decode()
    assert "Le filtre n'a pas pu être appliqué" not in text(response) and "x" * 50 not in body
    assert 'name="archives" value="1"' in body


def test_a_school_code_in_lower_case_is_understood(client, agenda_page):
    response = client.get(agenda_page.url, {"ecole": "0359901a"})
    assert status(response) == "2 événements à venir pour École élémentaire des Corsaires et toute sa commune."


def test_who_decides_sits_inside_its_brackets_without_a_space(client, agenda_page):
    from django.template.loader import render_to_string

    from mon_enfant.agenda.services import family_section
    from mon_enfant.features import FamilyContext
    from mon_enfant.models import Commune

    section = family_section(FamilyContext(commune=Commune.objects.get(code_insee="35288"), school_year=""))
    html = render_to_string(section.template, section.context)
    assert "Mairie</span>)" in html and "Mairie )" not in html
