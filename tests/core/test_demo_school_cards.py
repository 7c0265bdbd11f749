"""The demo's school cards show what its home page promises (hours, direction, ENT) and the address in
its usual case, not the annuaire's capitals."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from mon_enfant.models import School, SchoolDirectoryPage

pytestmark = pytest.mark.django_db

DETAILS = Path(__file__).resolve().parents[2] / "example_site" / "fixtures" / "saint-malo" / "ecoles-fiches.json"


@pytest.fixture
def directory_html():
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    return Client().get(SchoolDirectoryPage.objects.get().url).content.decode()


def test_every_demo_school_has_hours_a_direction_and_an_ent_link(directory_html):
    schools = School.objects.all()
    assert schools.count() == 8
    for school in schools:
        assert school.opening_hours and school.director, school.uai
        assert school.ent_url.startswith("https://ent.example.org/"), school.uai
        assert school.email.endswith("@example.org"), school.uai


def test_the_demo_details_name_only_schools_of_the_demo():
    details = json.loads(DETAILS.read_text(encoding="utf-8"))["schools"]
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert set(details) == set(School.objects.values_list("uai", flat=True))


def test_the_directory_cards_show_hours_direction_and_ent(directory_html):
    for label in ("Horaires", "Direction", "Espace numérique de travail"):
        assert directory_html.count(f"<dt>{label}</dt>") == 8, label
    assert 'href="https://ent.example.org/ecole-elementaire-des-corsaires"' in directory_html
    assert "Lundi, mardi, jeudi et vendredi : 8 h 30 – 11 h 45 et 13 h 30 – 16 h 15<br>" in directory_html


def test_the_directory_cards_show_addresses_in_their_usual_case(directory_html):
    assert "21 rue Toullier, 35400 Saint-Malo" in directory_html
    assert "29 rue Albert Ier, 35400 Saint-Malo" in directory_html  # the address index's "Ier", not "1ER"
    assert "26 boulevard Villebois Mareuil, 35406 Saint-Malo Cedex" in directory_html
    assert "rue TOULLIER" not in directory_html
    assert "ST MALO" not in directory_html


def test_loading_the_demo_again_restores_an_edited_card():
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    School.objects.filter(uai="0359902B").update(opening_hours="", ent_url="")
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    school = School.objects.get(uai="0359902B")
    assert school.opening_hours.startswith("Lundi")
    assert school.ent_url == "https://ent.example.org/ecole-elementaire-des-corsaires"
