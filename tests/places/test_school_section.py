"""The services map on a school's page (``school_section`` of the places): a small map of the school and the
childhood services near it (drawn by places-map.js from JSON data blocks, never an inline script), and the same
places as text, each with its distance from the school; silent for a school without a position."""

import json
import re
from decimal import Decimal

import pytest

from mon_enfant import features
from mon_enfant.models import SchoolDirectoryPage
from tests.places.test_pages import places, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site, commune_a):  # noqa: F811
    page = SchoolDirectoryPage(title="Les écoles", slug="ecoles")
    site.root_page.add_child(instance=page)
    page.communes.set([commune_a])
    page.save_revision().publish()
    return page


def places_section(school):
    return next((s for s in features.school_sections(school) if s.feature == "mon_enfant_places"), None)


def test_the_section_lists_the_nearest_place_of_each_category_with_its_distance(places, school_a):  # noqa: F811
    section = places_section(school_a)
    assert section.order == 40
    items = section.context["places_items"]
    assert items and all(item.distance is not None for item in items)
    assert len(items) == len({item.category.pk for item in items})  # one per category
    assert all(item.kind == "place" for item in items)  # the schools are not listed as services


def test_the_map_shows_the_school_first_then_the_same_places_as_the_list(places, school_a):  # noqa: F811
    section = places_section(school_a)
    markers = section.context["places_map_data"]
    assert markers[0]["name"] == school_a.name and markers[0]["id"] == f"ecole-{school_a.uai}"
    assert [marker["name"] for marker in markers[1:]] == [item.name for item in section.context["places_items"]]
    assert section.context["places_map_options"]["fitextent"] is True


def test_places_beyond_the_reach_are_left_out(places, school_a, settings):  # noqa: F811
    settings.MON_ENFANT_PLACES_FAMILY_MAX_METRES = 1
    section = places_section(school_a)
    assert section.context["places_items"] == []


def test_the_section_is_silent_for_a_school_without_a_position(places, school_b):  # noqa: F811
    assert school_b.latitude is None
    assert places_section(school_b) is None


def test_the_school_page_draws_the_map_without_inline_script_and_lists_the_places(client, places, directory,  # noqa: F811
                                                                                  school_a):
    html = client.get(f"{directory.url}{school_a.uai}/").content.decode()
    section = html[html.index('<h2 id="ecole-mon_enfant_places">'):]
    assert 'id="ecole-carte" data-places-map' in section and " hidden></div>" in section  # hidden without JS
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attributes or 'type="application/' in attributes for attributes in scripts)
    data = json.loads(re.search(r'<script id="ecole-carte-lieux" type="application/json">(.*?)</script>',
                                html).group(1))
    assert data[0]["name"] == school_a.name
    assert "Les services enfance proches de l'école" in section.replace("&#x27;", "'")
    first = places_section(school_a).context["places_items"][0]
    assert f'<li id="{first.anchor}"><strong>{first.category.label}</strong> : {first.name}, à' in section


def test_a_school_with_no_place_near_it_says_so(places, school_a, client, directory):  # noqa: F811
    school_a.latitude, school_a.longitude = Decimal("43.3"), Decimal("5.4")  # Marseille
    school_a.save()
    html = client.get(f"{directory.url}{school_a.uai}/").content.decode().replace("&#x27;", "'")
    assert "Aucun service enfance n'est publié près de l'école." in html
