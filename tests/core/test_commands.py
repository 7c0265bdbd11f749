"""Management commands for scripted set-ups: ``create_commune`` and ``load_demo``, both idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from mon_enfant.models import Commune, Contact, School, SchoolDirectoryPage

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- create_commune ---------------------------------------------------------------------------


def test_create_commune_creates_the_commune_on_the_site():
    out = run("create_commune", "35288", "Saint-Malo", "--site", "localhost")
    commune = Commune.objects.get()
    assert (commune.code_insee, commune.name) == ("35288", "Saint-Malo")
    assert list(commune.sites.all()) == [Site.objects.get(hostname="localhost")]
    assert "Commune Saint-Malo (35288) créée." in out


def test_create_commune_twice_keeps_one_commune():
    run("create_commune", "35288", "Saint-Malo", "--site", "localhost")
    out = run("create_commune", "35288", "Saint-Malo", "--site", "localhost")
    assert Commune.objects.count() == 1
    assert Commune.objects.get().sites.count() == 1
    assert "mise à jour" in out


def test_create_commune_again_updates_name_and_postal_codes():
    run("create_commune", "35288", "St-Malo")
    run("create_commune", "35288", "Saint-Malo", "--postal-codes", "35400")
    assert list(Commune.objects.values_list("name", "postal_codes")) == [("Saint-Malo", "35400")]


def test_create_commune_accepts_a_corsican_code():
    run("create_commune", "2a004", "Ajaccio")
    assert Commune.objects.get().code_insee == "2A004"


@pytest.mark.parametrize("code", ["3528", "ABCDE", "20004", "352888"])
def test_create_commune_refuses_an_invalid_insee_code(code):
    with pytest.raises(CommandError, match="code_insee"):
        run("create_commune", code, "Nulle part")
    assert not Commune.objects.exists()


def test_create_commune_refuses_bad_postal_codes():
    with pytest.raises(CommandError, match="postal_codes"):
        run("create_commune", "35288", "Saint-Malo", "--postal-codes", "354")
    assert not Commune.objects.exists()


def test_create_commune_refuses_an_unknown_site():
    with pytest.raises(CommandError, match="www.example.org"):
        run("create_commune", "35288", "Saint-Malo", "--site", "www.example.org")
    assert not Commune.objects.exists()


# --- load_demo --------------------------------------------------------------------------------


def demo_counts():
    return {
        "communes": Commune.objects.count(),
        "schools": School.objects.count(),
        "contacts": Contact.objects.count(),
        "pages": Page.objects.count(),
        "directory pages": SchoolDirectoryPage.objects.count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
        "places": commune_places().count(),
        "questions": app_model("mon_enfant_faq", "Question").objects.count(),
    }


def app_model(app_label, name):
    from django.apps import apps

    return apps.get_model(app_label, name)


def commune_places():
    return app_model("mon_enfant_places", "Place").objects.all()


def test_load_demo_loads_saint_malo_with_its_schools_and_directory_page():
    run("load_demo")
    commune = Commune.objects.get()
    assert (commune.code_insee, commune.name) == ("35288", "Saint-Malo")
    assert commune.schools.count() == 8  # example_site/fixtures/saint-malo: 3 real collèges and 5 fictional écoles
    assert commune.contacts.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert commune in site.mon_enfant_communes.all()
    directory = SchoolDirectoryPage.objects.get()
    assert directory.live
    assert directory.get_parent().specific_class.__name__ == "HomePage"
    assert site.root_page.specific_class.__name__ == "HomePage"
    # The services map: 30+ places in 8+ categories, and its page (issue 13).
    places = commune_places()
    assert places.count() >= 30 and len({place.category_id for place in places}) >= 8
    # Questions and procedures: 25+ live questions in 6+ themes at /questions/, three live guides under
    # /demarches/ (issue 14).
    questions = app_model("mon_enfant_faq", "Question").objects.filter(commune=commune, live=True)
    assert questions.count() >= 25 and len({question.theme for question in questions}) >= 6
    faq_page = app_model("mon_enfant_faq", "FaqPage").objects.get()
    assert (faq_page.slug, faq_page.live) == ("questions", True)
    index = app_model("mon_enfant_faq", "ProcedureIndexPage").objects.get()
    assert (index.slug, index.live) == ("demarches", True)
    guides = app_model("mon_enfant_faq", "ProcedureGuidePage").objects.child_of(index).live()
    assert guides.count() == 3
    # Mon enfant: the family answer at /mon-enfant/, first among the home page's tools (issue 15).
    family = app_model("mon_enfant_guichet", "FamilyPage").objects.get()
    assert (family.slug, family.live, family.get_prev_sibling()) == ("mon-enfant", True, None)


def test_load_demo_twice_changes_no_count():
    run("load_demo")
    first = demo_counts()
    run("load_demo")
    assert demo_counts() == first


def test_load_demo_without_admin_creates_no_user():
    run("load_demo")
    assert not get_user_model().objects.exists()


def test_load_demo_admin_creates_the_demo_superuser_once():
    out = run("load_demo", "--admin")
    run("load_demo", "--admin")
    user = get_user_model().objects.get()
    assert (user.username, user.is_superuser) == ("admin", True)
    assert user.check_password("demo-admin")
    assert "identifiant « admin »" in out


def test_load_demo_refuses_a_folder_without_demo_data(tmp_path):
    with pytest.raises(CommandError, match="introuvables"):
        run("load_demo", "--fixtures", str(tmp_path))
