"""The services map page and block: the list is there without JavaScript (the map's accessible equivalent),
filters by category and age and sorting by distance are a GET form, a bad address or filter gives a clear
message tied to its field and never a 500, an address makes the answer private, the JSON-LD is schema.org,
and the page reads its places in a constant number of queries, whatever their number."""

import datetime as dt
import html
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from mon_enfant import features
from mon_enfant.addresses.models import Address, Street
from mon_enfant.addresses.parsing import street_key
from mon_enfant.models import Commune
from mon_enfant.places import services
from mon_enfant.places.importers import import_places
from mon_enfant.places.models import Place, PlaceCategory
from mon_enfant.places.pages import PlacesMapPage
from tests.core.wording import NOT_CONFIGURED
from tests.places.data import PLACES_CSV

# Wednesday 9 December 2026, 10:00 in Paris.
NOW = timezone.make_aware(dt.datetime(2026, 12, 9, 10, 0))


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr(services, "now", lambda: timezone.localtime(NOW))


def add_page(site, communes, slug="carte"):
    page = PlacesMapPage(title="Carte des services enfance", slug=slug)
    site.root_page.add_child(instance=page)
    page.communes.set(communes)
    page.save_revision().publish()
    return page


@pytest.fixture
def places(commune_a, school_a, contact_a, site):
    commune_a.sites.add(site)
    import_places(PLACES_CSV.read_bytes())
    return add_page(site, [commune_a])


@pytest.fixture
def gare(commune_a):
    """An address of the commune's index, near the Rocabey crèche (48.644, -2.007)."""
    street = Street.objects.create(commune=commune_a, key=street_key("Rue de la Gare"), label="Rue de la Gare",
                                   latitude=Decimal("48.6445"), longitude=Decimal("-2.0065"))
    Address.objects.create(street=street, number=3, latitude=Decimal("48.6443"), longitude=Decimal("-2.0068"))
    return "3 rue de la Gare"


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def names(response):
    return re.findall(r'<h3 id="(?:lieu|ecole)-[^"]+-nom">([^<]+)</h3>', response.content.decode())


class TestPlacesMapPageIsAWagtailPage(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = Site.objects.get(is_default_site=True)
        cls.commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
        cls.commune.sites.add(cls.site)
        import_places(PLACES_CSV.read_bytes())
        cls.home = HomePage(title="Accueil", slug="accueil-test")
        cls.site.root_page.add_child(instance=cls.home)
        cls.page = PlacesMapPage(title="Carte", slug="carte")
        cls.home.add_child(instance=cls.page)

    def test_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, PlacesMapPage)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.page)

    def test_is_editable(self):
        self.assertPageIsEditable(self.page)

    def test_is_previewable(self):
        self.assertPageIsPreviewable(self.page)


def test_the_list_shows_every_place_and_school_without_javascript(client, places):
    response = client.get(places.url)
    assert response.status_code == 200
    shown = names(response)
    assert "Multi-accueil de Rocabey" in shown and "Collège Duguay-Trouin" in shown and len(shown) == 8
    page = text(response)
    assert "8 lieux." in page
    assert "Du lundi au vendredi : de 7 h 30 à 18 h 30" in page
    assert "Ouvert maintenant, jusqu'à 18 h 30" in page
    assert "Du 24 décembre 2026 au 1er janvier 2027 : fermé (Vacances de Noël)" in page
    assert "Jusqu'à 3 ans" in page and "De 3 à 11 ans" in page and "Géré par Intercommunalité" in page
    body = response.content.decode()
    assert 'role="status"' in body and 'href="tel:+33299407171"' in body
    assert "https://www.openstreetmap.org/directions?route=%3B48.644%2C-2.007" in body
    # The map is hidden until its script draws it, with the same places, and a link skips it.
    assert re.search(r'<div class="mon-enfant-places__map[^"]*" id="carte-carte" data-places-map[^>]* hidden>', body)
    data = json.loads(re.search(r'<script id="carte-carte-lieux" type="application/json">(.*?)</script>',
                                body, re.S).group(1))
    assert {item["name"] for item in data} == set(shown)
    assert 'href="#carte-liste"' in body
    assert "<script>" not in body and " style=" not in body


def test_the_category_filter_and_the_age_filter(client, places):
    shown = names(client.get(places.url, {"categorie": ["creche", "pmi"]}))
    assert shown == ["Multi-accueil de Rocabey", "Centre de PMI"]
    shown = names(client.get(places.url, {"age": "8"}))
    assert "Multi-accueil de Rocabey" not in shown and "Accueil de loisirs de Marville" in shown
    assert "Médiathèque La Grande Passerelle" in shown  # no age range: every age
    assert "Collège Duguay-Trouin" not in shown  # a collège is for 11 to 15


def test_an_address_sorts_by_distance_and_makes_the_answer_private(client, places, gare):
    response = client.get(places.url, {"adresse": gare})
    shown = names(response)
    assert shown[0] == "Multi-accueil de Rocabey"
    assert "du plus proche au plus éloigné de votre adresse" in text(response)
    assert "à 40 m" in text(response)
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "no-referrer"
    body = response.content.decode()
    assert "48.6443" not in body  # the family's point is never written in the page


def test_an_unknown_address_is_an_error_tied_to_its_field(client, places):
    response = client.get(places.url, {"adresse": "99 avenue de Nulle Part"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nous ne trouvons pas cette adresse dans la commune" in text(response)
    field = re.search(r'<input[^>]*id="id_adresse"[^>]*>', body).group()
    assert 'aria-invalid="true"' in field and "id_adresse_error" in field
    assert 'href="#id_adresse"' in body  # the summary leads to the field
    assert len(names(response)) == 8  # the list stays, by category


def test_a_bad_age_keeps_the_address_and_the_categories(client, places, gare):
    response = client.get(places.url, {"age": "-3", "adresse": gare, "categorie": ["creche", "pmi"]})
    assert "du plus proche au plus éloigné de votre adresse" in text(response)
    assert names(response) == ["Multi-accueil de Rocabey", "Centre de PMI"]
    assert 'href="#id_age"' in response.content.decode() and "Catégories (2)" in text(response)


@pytest.mark.parametrize("query", [
    {"age": "-1"}, {"age": "x" * 3000}, {"age": "99999999999999999999999"}, {"categorie": "<script>"},
    {"adresse": "x" * 3000}, {"adresse": "<b>rue</b>"}, {"adresse": "!!!"}, {"page": "9999"}, {"page": "abc"},
    {"adresse": "\x00"},
])
def test_hostile_parameters_never_answer_500(client, places, query):
    response = client.get(places.url, query)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<b>rue</b>" not in body
    summary = re.search(r'mon-enfant-form__error-summary.*?</ul>', body, re.S)
    assert summary is None or "x" * 40 not in summary.group() and "rue" not in summary.group()


def test_the_json_ld_describes_each_place_with_its_hours(client, places):
    body = client.get(places.url).content.decode()
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert graph["@context"] == "https://schema.org"
    creche = next(item for item in graph["@graph"] if item["name"] == "Multi-accueil de Rocabey")
    assert creche["geo"] == {"@type": "GeoCoordinates", "latitude": 48.644, "longitude": -2.007}
    monday = creche["openingHoursSpecification"][0]
    assert monday == {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday",
                      "opens": "07:30", "closes": "18:30"}
    assert {"@type": "OpeningHoursSpecification", "validFrom": "2026-12-24", "validThrough": "2027-01-01",
            "opens": "00:00", "closes": "00:00"} in creche["openingHoursSpecification"]


def add_places(commune, count):
    category = PlaceCategory.objects.get(code="sport")
    Place.objects.bulk_create([Place(commune=commune, key=f"lieu-{n}", name=f"Lieu {n:04d}", category=category,
                                     latitude=Decimal("48.64"), longitude=Decimal("-2.00")) for n in range(count)])


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_the_page_makes_a_fixed_number_of_queries_and_pages_its_list(client, places, commune_a, gare, settings):
    settings.MON_ENFANT_PLACES_PER_PAGE = 20
    client.get(places.url)  # warm Wagtail's site and page caches
    few = queries_for(client, places.url)
    few_near = queries_for(client, places.url, {"adresse": gare})
    add_places(commune_a, 300)
    # At most as many: a page showing no school (or no exception) skips their query.
    assert queries_for(client, places.url) <= few
    assert queries_for(client, places.url, {"adresse": gare}) <= few_near
    response = client.get(places.url, {"page": "2", "categorie": "sport"})
    assert len(names(response)) == 20 and "page 2 sur 16" in text(response)
    assert 'href="?categorie=sport&amp;page=3#carte-liste"' in response.content.decode()


def test_a_page_without_commune_says_it_is_not_configured(client, site):
    page = add_page(site, [])
    assert NOT_CONFIGURED in text(client.get(page.url))


def test_a_commune_without_places_says_so(client, site, commune_b):
    commune_b.sites.add(site)
    page = add_page(site, [commune_b])
    assert "Aucun lieu n'est encore publié pour cette commune." in text(client.get(page.url))


def test_the_page_speaks_english(client, places):
    response = client.get(places.url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Open now, until" in text(response) and "Monday to Friday" in text(response)


def test_the_family_section_lists_the_nearest_place_of_each_category(places, commune_a, gare):
    context = features.FamilyContext(commune=commune_a, school_year="2026-2027", address=gare)
    [section] = [s for s in features.family_sections(context) if s.feature == "mon_enfant_places"]
    listed = [item.name for item in section.context["places_items"]]
    assert listed[0] == "Multi-accueil de Rocabey" and "Collège Duguay-Trouin" not in listed
    assert len(listed) == len({item.category.pk for item in section.context["places_items"]})
    nowhere = features.FamilyContext(commune=commune_a, school_year="2026-2027", address="1 rue Inconnue")
    assert not [s for s in features.family_sections(nowhere) if s.feature == "mon_enfant_places"]


def test_the_block_filters_under_its_own_prefix(rf, places, commune_a):
    from mon_enfant.places.blocks import PlacesMapBlock

    block = PlacesMapBlock()
    request = rf.get("/", {"carte-35288-categorie": "pmi"})
    value = block.to_python({"commune": commune_a.pk, "heading": "Près de chez vous"})
    html = block.render(value, {"request": request})
    assert "Près de chez vous" in html and 'name="carte-35288-categorie"' in html
    assert re.findall(r'<h4 id="lieu-[^"]+-nom">([^<]+)</h4>', html) == ["Centre de PMI"]
    assert 'data-places-data="carte-35288-carte-lieux"' in html and "places-map.js" in html
