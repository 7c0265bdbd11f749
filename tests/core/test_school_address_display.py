"""The school cards show the address in its usual case, the street named as the address index names it,
at a constant number of queries for a whole directory."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mon_enfant.addresses.display import fill_display_addresses
from mon_enfant.addresses.parsing import street_key
from mon_enfant.models import School, SchoolDirectoryPage, SchoolLevel, Street

pytestmark = pytest.mark.django_db


def school(commune, uai, address, postcode="35400", city="ST MALO"):
    return School.objects.create(uai=uai, name=f"École {uai}", level=SchoolLevel.ELEMENTAIRE, commune=commune,
                                 address=address, postcode=postcode, city=city)


def indexed_street(commune, label):
    return Street.objects.create(commune=commune, label=label, key=street_key(label), postcode="35400",
                                 latitude=Decimal("48.64"), longitude=Decimal("-2.00"))


def test_a_street_the_index_knows_is_named_as_the_index_names_it(commune_a):
    indexed_street(commune_a, "Rue Henri Lémarié")
    assert school(commune_a, "0359901A", "5 rue HENRI LEMARIE").display_address == (
        "5 rue Henri Lémarié, 35400 Saint-Malo")


def test_a_street_the_index_does_not_know_is_title_cased(commune_a):
    assert school(commune_a, "0359901A", "14 rue DES CORSAIRES").display_address == (
        "14 rue des Corsaires, 35400 Saint-Malo")


def test_another_communes_street_is_not_borrowed(commune_a, commune_b):
    indexed_street(commune_b, "Rue Henri Lémarié")
    assert school(commune_a, "0359901A", "5 rue HENRI LEMARIE").display_address.startswith("5 rue Henri Lemarie,")


def test_a_whole_list_costs_two_queries_whatever_its_length(commune_a, commune_b):
    indexed_street(commune_a, "Rue des Corsaires")
    schools = [school(commune_a, f"035990{index}A", f"{index} rue DES CORSAIRES") for index in range(1, 6)]
    school(commune_b, "0359909B", "12 avenue DES ACACIAS", postcode="35270", city="COMBOURG")
    schools = list(School.objects.all())
    with CaptureQueriesContext(connection) as queries:
        fill_display_addresses(schools)
        shown = [school.display_address for school in schools]
    assert len(queries) == 2
    assert sum(line.endswith(" rue des Corsaires, 35400 Saint-Malo") for line in shown) == 5
    assert "12 avenue des Acacias, 35270 Combourg" in shown


def test_the_directory_card_shows_the_address_in_its_usual_case(client, commune_a):
    from wagtail.models import Site

    indexed_street(commune_a, "Rue des Corsaires")
    school(commune_a, "0359901A", "14 rue DES CORSAIRES")
    site = Site.objects.get()
    commune_a.sites.add(site)
    page = site.root_page.add_child(instance=SchoolDirectoryPage(title="Les écoles", slug="ecoles"))
    html = client.get(page.url).content.decode()
    assert "14 rue des Corsaires, 35400 Saint-Malo" in html
    assert "DES CORSAIRES" not in html
