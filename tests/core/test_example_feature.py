"""The feature registry, shown with the example feature of ``tests/example_feature`` ("La rentrée"): a
third-party app that plugs a block, an API router, an admin screen, a starter page and a family section
into the package by declaring them on its ``AppConfig``, without any change to the core."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from example_site.home.models import HomePage
from mon_enfant import features
from mon_enfant.blocks import mon_enfant_blocks
from mon_enfant.models import SchoolDirectoryPage
from tests.example_feature.apps import ExampleFeatureConfig
from tests.example_feature.blocks import BackToSchoolBlock
from tests.openapi import answer_validator

API = "/api/mon-enfant/v1/exemple/rentree"


def test_the_example_feature_is_an_installed_feature():
    assert any(isinstance(feature, ExampleFeatureConfig) for feature in features.installed_features())


def test_its_block_is_listed_after_the_core_and_the_other_features_blocks():
    names = [name for name, _block in mon_enfant_blocks()]
    assert names[-1] == "back_to_school"
    assert isinstance(dict(mon_enfant_blocks())["back_to_school"], BackToSchoolBlock)


def test_its_block_renders_the_back_to_school_day(settings):
    settings.MON_ENFANT_SCHOOL_YEAR_START = "09-02"
    html = BackToSchoolBlock().render({"heading": "La rentrée"})
    assert "<h2>La rentrée</h2>" in html
    assert '-09-02">' in html


@pytest.mark.django_db
def test_its_block_renders_inside_a_host_page(client):
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Ville", slug="ville", body=[("back_to_school", {"heading": "Rentrée 2026"})])
    )
    Site.objects.filter(is_default_site=True).update(root_page=home)
    response = client.get("/")
    assert response.status_code == 200
    assert "<h2>Rentrée 2026</h2>" in response.content.decode()


@pytest.mark.django_db
def test_its_router_answers_under_the_package_api(client):
    response = client.get(API, {"annee": "2027-2028"})
    assert response.status_code == 200
    assert response.json() == {"school_year": "2027-2028", "day": "2027-09-01"}


@pytest.mark.django_db
def test_its_router_words_bad_input_in_french_and_answers_400(client):
    response = client.get(API, {"annee": "2027-2029"})
    assert response.status_code == 400
    assert "la seconde année doit suivre la première" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("annee", ["2027-2028", "2027-2029", "0}"])
def test_its_answers_and_refusals_are_declared_in_the_openapi_document(client, annee):
    validate = answer_validator(client, API)
    validate(client.get(API, {"annee": annee}))


@pytest.mark.django_db
def test_its_operation_is_in_the_package_openapi_document(client):
    schema = client.get("/api/mon-enfant/v1/openapi.json").json()
    assert "/api/mon-enfant/v1/exemple/rentree" in schema["paths"]


@pytest.mark.django_db
def test_its_family_section_is_composed_with_the_others(commune_a):
    context = features.FamilyContext(commune=commune_a, school_year="2026-2027", level="elementaire")
    sections = features.family_sections(context)
    [section] = [section for section in sections if section.feature == "mon_enfant_example"]
    assert section.context["day"] == dt.date(2026, 9, 1)
    assert section.context["commune"] == commune_a
    assert sections == sorted(sections, key=lambda section: section.order)


@pytest.mark.django_db
def test_its_family_section_renders(commune_a):
    from django.template.loader import render_to_string

    context = features.FamilyContext(commune=commune_a, school_year="2026-2027")
    [section] = [s for s in features.family_sections(context) if s.feature == "mon_enfant_example"]
    with translation.override("fr"):
        html = render_to_string(section.template, section.context)
    assert "Rentrée 2026-2027 à Saint-Malo" in html
    assert 'datetime="2026-09-01"' in html


@pytest.mark.django_db
def test_its_family_section_is_silent_without_a_school_year(commune_a):
    context = features.FamilyContext(commune=commune_a, school_year="")
    assert all(section.feature != "mon_enfant_example" for section in features.family_sections(context))


def test_its_starter_page_is_gathered_with_the_others():
    [page] = [page for page in features.starter_pages() if page.slug == "ecoles-de-la-rentree"]
    assert page.page_model is SchoolDirectoryPage
    assert page.title == "Les écoles à la rentrée"


@pytest.mark.django_db
def test_its_starter_page_can_be_created_under_a_site_root():
    [starter] = [page for page in features.starter_pages() if page.slug == "ecoles-de-la-rentree"]
    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(instance=starter.page_model(title=starter.title, slug=starter.slug, **starter.fields))
    assert page.specific.intro == starter.fields["intro"]


def test_its_admin_screen_is_in_the_mon_enfant_menu_and_answers(superuser_client):
    response = superuser_client.get(reverse("wagtailadmin_home"))
    url = reverse("mon_enfant_example:index")
    assert url in response.content.decode()
    screen = superuser_client.get(url)
    assert screen.status_code == 200
    assert "Rentrée" in screen.content.decode()


@pytest.mark.django_db
def test_its_school_section_is_composed_for_a_school_page(commune_a):
    from mon_enfant.models import School

    school = School.objects.create(uai="0350001A", name="École des Rentrées", level="elementaire", commune=commune_a)
    college = School.objects.create(uai="0350002B", name="Collège", level="college", commune=commune_a)
    [section] = [s for s in features.school_sections(school) if s.feature == "mon_enfant_example"]
    assert section.context["commune"] == commune_a
    assert section.context["day"].month == 9
    assert all(s.feature != "mon_enfant_example" for s in features.school_sections(college))


@pytest.mark.django_db
def test_without_a_feature_that_knows_the_school_the_family_school_is_none(commune_a, settings):
    context = features.FamilyContext(commune=commune_a, school_year="2026-2027", level="elementaire",
                                     address="")
    assert features.family_school(context) is None
