import pytest
from wagtail.models import Site

from mon_enfant.agenda import services
from mon_enfant.agenda.pages import AgendaPage

from .data import TODAY, saint_malo_agenda


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def agenda(commune_a, commune_b, contact_a):
    return saint_malo_agenda(commune_a, commune_b)


@pytest.fixture
def agenda_page(site, commune_a, agenda):
    commune_a.sites.add(site)
    page = AgendaPage(title="Agenda et actualités des écoles", slug="agenda")
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page
