"""The menus on a school's page (``school_section`` of the menus): this week's menus of the school's restaurants,
with a link to the other weeks on the canteen page; silent for a school no restaurant serves."""

import re

import pytest

from mon_enfant import features
from mon_enfant.models import SchoolDirectoryPage
from tests.menus.test_pages import frozen_today, menus, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site, commune_a):  # noqa: F811
    page = SchoolDirectoryPage(title="Les écoles", slug="ecoles")
    site.root_page.add_child(instance=page)
    page.communes.set([commune_a])
    page.save_revision().publish()
    return page


def menus_section(school):
    return next((s for s in features.school_sections(school) if s.feature == "mon_enfant_menus"), None)


def test_the_section_is_this_weeks_menus_of_the_school(menus, school_a):  # noqa: F811
    section = menus_section(school_a)
    assert (section.title, section.order) == ("Menus de la cantine", 30)
    assert str(section.context["menus_week"].week) == "2026-W50"


def test_the_section_is_silent_for_a_school_without_restaurant(menus, school_b):  # noqa: F811
    assert menus_section(school_b) is None


def test_the_school_page_shows_the_week_and_leads_to_the_other_weeks(client, menus, directory, school_a):  # noqa: F811
    html = client.get(f"{directory.url}{school_a.uai}/").content.decode()
    section = html[html.index('<h2 id="ecole-mon_enfant_menus">Menus de la cantine</h2>'):]
    assert "Carottes râpées" in section
    assert re.search(r'<h3 id="ecole-menus-semaine-titre"[^>]*>Semaine du 7 décembre au', section)
    assert f'<a href="{menus.url}?ecole={school_a.uai}">Les menus des autres semaines' in section
    assert 'href="/static/mon_enfant_menus/menus.css"' in html
