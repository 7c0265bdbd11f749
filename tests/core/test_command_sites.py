"""``--site`` of the package's commands names a Site by hostname, ``hostname:port`` or id; a name that
matches no Site is refused with the list of the Sites that exist, so a webmaster on a fresh
``wagtail start`` project (one Site, ``localhost``) sees what to type instead."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from mon_enfant.models import Commune

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def localhost():
    [site] = Site.objects.all()
    return site


def test_an_unknown_hostname_is_refused_with_the_sites_that_exist(localhost):
    with pytest.raises(CommandError) as refusal:
        run("create_commune", "35288", "Saint-Malo", "--site", "www.saint-malo.example")
    message = str(refusal.value)
    assert "Aucun site Wagtail ne correspond à « www.saint-malo.example »" in message
    assert f"localhost:{localhost.port} (id {localhost.pk})" in message
    assert "--site" in message
    assert not Commune.objects.exists()


def test_every_existing_site_is_listed_in_the_refusal(localhost):
    other = Site.objects.create(hostname="ecoles.ville.example", port=8080, root_page=Page.objects.get(depth=1))
    with pytest.raises(CommandError) as refusal:
        run("create_commune", "35288", "Saint-Malo", "--site", "nowhere.example")
    assert f"ecoles.ville.example:8080 (id {other.pk})" in str(refusal.value)
    assert f"localhost:{localhost.port} (id {localhost.pk})" in str(refusal.value)


def test_a_site_id_is_accepted(localhost):
    run("create_commune", "35288", "Saint-Malo", "--site", str(localhost.pk))
    assert list(Commune.objects.get().sites.all()) == [localhost]


def test_hostname_and_port_are_accepted(localhost):
    run("create_commune", "35288", "Saint-Malo", "--site", f"localhost:{localhost.port}")
    assert list(Commune.objects.get().sites.all()) == [localhost]


def test_an_unknown_site_id_is_refused_with_the_sites_that_exist(localhost):
    with pytest.raises(CommandError, match=rf"localhost:{localhost.port} \(id {localhost.pk}\)"):
        run("create_commune", "35288", "Saint-Malo", "--site", str(localhost.pk + 100))
    assert not Commune.objects.exists()


def test_a_hostname_shared_by_two_sites_asks_for_the_port_or_the_id(localhost):
    Site.objects.create(hostname="localhost", port=8000, root_page=localhost.root_page)
    with pytest.raises(CommandError, match="précisez le port ou l'id"):
        run("create_commune", "35288", "Saint-Malo", "--site", "localhost")
    run("create_commune", "35288", "Saint-Malo", "--site", "localhost:8000")
    assert [site.port for site in Commune.objects.get().sites.all()] == [8000]


def test_a_site_id_in_another_scripts_digits_names_no_site(localhost):
    arabic_id = "".join(chr(0x0660 + int(digit)) for digit in str(localhost.pk))
    with pytest.raises(CommandError, match=f"Aucun site Wagtail ne correspond à « {arabic_id} »"):
        run("create_commune", "35288", "Saint-Malo", "--site", arabic_id)
    assert not Commune.objects.exists()


@pytest.mark.parametrize("site", ["9" * 5000, "localhost:" + "9" * 5000])
def test_an_id_or_port_of_thousands_of_digits_is_refused_quoting_forty_characters(localhost, site):
    with pytest.raises(CommandError) as refusal:
        run("create_commune", "35288", "Saint-Malo", "--site", site)
    assert f"ne correspond à « {site[:40]}… »" in str(refusal.value)
    assert not Commune.objects.exists()
