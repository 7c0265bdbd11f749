"""``manage.py mon_enfant_pages --site HOST``: one published page per installed tool under the site's
root (the core's school directory and every feature's ``starter_pages``), idempotent, with a dry run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from wagtail.models import Page, Site

from mon_enfant import features
from mon_enfant.agenda.pages import AgendaPage
from mon_enfant.catchment.pages import CatchmentLookupPage
from mon_enfant.faq.pages import FaqPage, ProcedureIndexPage
from mon_enfant.fees.pages import FeeCalculatorPage
from mon_enfant.guichet.pages import FamilyPage
from mon_enfant.management.commands.mon_enfant_pages import core_starter_pages
from mon_enfant.menus.pages import CanteenMenuPage
from mon_enfant.models import SchoolDirectoryPage
from mon_enfant.places.pages import PlacesMapPage

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("mon_enfant_pages", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def site():
    return Site.objects.get()


def children(site):
    return list(site.root_page.get_children().specific())


def test_the_features_declare_their_starter_pages():
    models = {starter.page_model for starter in features.starter_pages()}
    assert {CatchmentLookupPage, FeeCalculatorPage} <= models


def test_one_published_page_per_tool_under_the_site_root(site, commune_a):
    commune_a.sites.add(site)
    run("--site", "localhost")
    pages = children(site)
    assert {type(page) for page in pages} == {SchoolDirectoryPage, CatchmentLookupPage, FeeCalculatorPage,
                                             CanteenMenuPage, PlacesMapPage, FaqPage, ProcedureIndexPage, AgendaPage,
                                             FamilyPage}
    assert all(page.live and page.latest_revision is not None for page in pages)
    assert {page.slug for page in pages} == {"ecoles", "trouver-mon-ecole", "tarifs", "menus", "carte", "questions",
                                            "demarches", "agenda", "mon-enfant"}


def test_each_created_page_answers_200(site, commune_a, school_a):
    commune_a.sites.add(site)
    run("--site", "localhost")
    client = Client()
    for page in children(site):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    assert "Collège Duguay-Trouin" in client.get("/ecoles/").content.decode()


def test_the_pages_carry_the_features_neutral_texts(site):
    run("--site", "localhost")
    lookup = CatchmentLookupPage.objects.get()
    [starter] = [page for page in features.starter_pages() if page.page_model is CatchmentLookupPage]
    assert lookup.title == starter.title == "Trouver mon école"
    assert lookup.intro == starter.fields["intro"]
    assert "dérogation" in lookup.derogation_text
    assert list(lookup.communes.all()) == []  # every commune of the site


def test_a_second_run_creates_nothing_and_says_so(site):
    run("--site", "localhost")
    before = Page.objects.count()
    out = run("--site", "localhost")
    assert Page.objects.count() == before
    assert "Aucune page créée" in out


def test_an_existing_page_of_a_tool_is_kept(site):
    mine = FeeCalculatorPage(title="Nos tarifs", slug="nos-tarifs", intro="<p>À moi</p>")
    site.root_page.add_child(instance=mine)
    run("--site", "localhost")
    kept = [(mine.pk, "Nos tarifs", "<p>À moi</p>")]
    assert list(FeeCalculatorPage.objects.values_list("pk", "title", "intro")) == kept
    assert CatchmentLookupPage.objects.count() == 1


def test_a_slug_taken_by_another_page_skips_that_tool_without_failing(site):
    site.root_page.add_child(instance=Page(title="Tarifs (ancienne page)", slug="tarifs"))
    out = run("--site", "localhost")
    assert not FeeCalculatorPage.objects.exists()
    assert "« tarifs »" in out
    assert CatchmentLookupPage.objects.count() == 1


def test_the_dry_run_says_what_it_would_create_and_creates_nothing(site):
    before = Page.objects.count()
    out = run("--site", "localhost", "--dry-run")
    assert Page.objects.count() == before
    assert "Serait créée : « Trouver mon école »" in out
    assert "rien n'est enregistré" in out


def test_a_site_id_is_accepted(site):
    run("--site", str(site.pk))
    assert CatchmentLookupPage.objects.child_of(site.root_page).exists()


def test_an_unknown_site_is_refused_with_the_sites_that_exist(site):
    with pytest.raises(CommandError, match=rf"localhost:{site.port} \(id {site.pk}\)"):
        run("--site", "www.saint-malo.example")
    assert not CatchmentLookupPage.objects.exists()


def test_a_site_without_a_commune_is_told_how_to_attach_one(site):
    out = run("--site", "localhost")
    assert f"create_commune CODE_INSEE NOM --site {site.pk}" in out


def test_the_texts_follow_the_site_language():
    with translation.override("en"):
        [directory] = core_starter_pages()
        titles = {starter.page_model: starter.title for starter in features.starter_pages()}
    assert directory.title == "Schools"
    assert titles[CatchmentLookupPage] != "Trouver mon école"


def test_the_dry_run_counts_each_page_type_once(site):
    # The example feature of the test project offers a second school directory: one page of a type is enough.
    out = run("--site", "localhost", "--dry-run")
    assert out.count("Serait créée") == 9
    assert "9 page(s) seraient créées" in out


def test_a_run_that_could_create_nothing_says_which_tools_were_left_out(site):
    slugs = [starter.slug for starter in [*core_starter_pages(), *features.starter_pages()]]
    for slug in slugs:
        site.root_page.add_child(instance=Page(title=f"Ancienne page {slug}", slug=slug))
    out = run("--site", "localhost")
    assert f"Aucune page créée : {len(slugs)} outil(s) ignoré(s)" in out
    assert out.count("ignorée : une autre page a déjà l'adresse") == len(slugs)
