"""The core app alone (``tests/settings_core.py``: no feature installed, no demo host): it migrates, the
admin answers, schools and addresses import, and the core's page renders. A site may install the core
without any feature, and a feature's absence must never surface as a missing table or module."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Page, Site

from mon_enfant import features
from mon_enfant.blocks import mon_enfant_blocks
from mon_enfant.models import Address, Commune, ResponsibleBody, School, SchoolDirectoryPage, Street
from mon_enfant.signals import address_index_replaced
from tests.testdata import TEST_DATA

pytestmark = pytest.mark.django_db

BAN_SAMPLE = TEST_DATA / "ban-adresses-38002-extrait.csv"
ETABLISSEMENTS_35 = TEST_DATA / "etablissements-35-extrait.csv"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_no_feature_is_installed():
    assert features.installed_features() == []
    assert [config.label for config in apps.get_app_configs() if config.name.startswith("mon_enfant")] == [
        "mon_enfant"
    ]


def test_every_migration_is_applied_and_only_the_cores_tables_exist():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    tables = [table for table in connection.introspection.table_names() if table.startswith("mon_enfant")]
    assert tables and all(table.startswith("mon_enfant_") for table in tables)
    models = apps.get_app_config("mon_enfant").get_models()
    # a proxy (the log entries read by commune) has no table of its own
    assert {model._meta.db_table for model in models if not model._meta.proxy} <= set(tables)
    assert not [table for table in tables if table.split("_")[2] in ("catchment", "fees")]


def test_the_cores_models_need_no_new_migration():
    run("makemigrations", "mon_enfant", "--check", "--dry-run")


def test_the_system_checks_pass():
    run("check", "--fail-level", "WARNING")


def test_the_blocks_are_the_cores_own():
    assert [name for name, _block in mon_enfant_blocks()] == [
        name for name, _block in mon_enfant_blocks() if _block.__module__.startswith("mon_enfant.blocks")
    ]
    assert mon_enfant_blocks()


def test_no_family_section_without_features(commune_a):
    assert features.family_sections(features.FamilyContext(commune=commune_a, school_year="2026-2027")) == []
    assert features.starter_pages() == []


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "mon_enfant_commune:list",
        "mon_enfant_commune:add",
        "mon_enfant_school:list",
        "mon_enfant_school:add",
        "mon_enfant_contact:list",
        "mon_enfant_contact:add",
        "mon_enfant_school_import:import",
    ],
)
def test_the_admin_pages_answer(superuser_client, url_name):
    assert superuser_client.get(reverse(url_name)).status_code == 200


def test_the_admin_menu_offers_the_cores_screens(superuser_client):
    html = superuser_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("mon_enfant_school_import:import") in html


def test_an_object_edit_page_answers(superuser_client, school_a):
    assert superuser_client.get(reverse("mon_enfant_school:edit", args=[school_a.pk])).status_code == 200


def test_create_commune_and_import_schools():
    run("create_commune", "35288", "Saint-Malo", "--site", "localhost")
    out = run("import_schools", str(ETABLISSEMENTS_35), "--create-communes")
    assert "7 écoles créées" in out
    assert School.objects.filter(commune__code_insee="35288").exists()
    assert Commune.objects.count() == 5


def test_import_addresses_fills_the_index_without_any_listener():
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    address_index_replaced.connect(listener)
    try:
        run("import_addresses", str(BAN_SAMPLE), "--create-communes")
    finally:
        address_index_replaced.disconnect(listener)
    assert Street.objects.filter(commune__code_insee="38002").count() > 0
    assert Address.objects.count() == 9
    assert received


def test_import_addresses_again_replaces_the_index():
    run("import_addresses", str(BAN_SAMPLE), "--create-communes")
    run("import_addresses", str(BAN_SAMPLE), "--create-communes")
    assert Address.objects.count() == 9


def test_import_addresses_dry_run_writes_nothing():
    run("import_addresses", str(BAN_SAMPLE), "--create-communes", "--dry-run")
    assert not Address.objects.exists()


def test_the_school_directory_page_renders(client, school_a, contact_a):
    root = Page.get_first_root_node()
    directory = root.add_child(
        instance=SchoolDirectoryPage(title="Les écoles", slug="ecoles", intro="<p>Toutes les écoles.</p>",
                                     responsible_body=ResponsibleBody.MAIRIE)
    )
    directory.communes.set([school_a.commune])
    directory.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(root_page=directory)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Collège Duguay-Trouin" in html
    assert contact_a.phone in html


def test_the_school_directory_page_can_be_added_and_edited_in_the_admin(superuser_client):
    home = Site.objects.get(is_default_site=True).root_page
    add = reverse("wagtailadmin_pages:add", args=["mon_enfant", "schooldirectorypage", home.pk])
    assert superuser_client.get(add).status_code == 200
    directory = home.add_child(instance=SchoolDirectoryPage(title="Les écoles", slug="ecoles"))
    assert superuser_client.get(reverse("wagtailadmin_pages:edit", args=[directory.pk])).status_code == 200


def test_the_api_answers_and_documents_no_feature_operation(client):
    response = client.get("/api/mon-enfant/v1/openapi.json")
    assert response.status_code == 200
    assert not [path for path in response.json()["paths"] if "exemple" in path]


def test_the_cores_own_operation_is_mounted_and_answers(client, school_a):
    """The core mounts its router (/schools) from its ready(), as each feature mounts its own."""
    assert list(client.get("/api/mon-enfant/v1/openapi.json").json()["paths"]) == ["/api/mon-enfant/v1/schools"]
    response = client.get("/api/mon-enfant/v1/schools", {"commune": school_a.commune.code_insee})
    assert [school["uai"] for school in response.json()] == [school_a.uai]


def test_a_schools_page_renders_without_any_feature(client, school_a, contact_a):
    """The school's page under the directory: its facts, who decides, whom to call, and no feature's part."""
    root = Page.get_first_root_node()
    directory = root.add_child(instance=SchoolDirectoryPage(title="Les écoles", slug="ecoles"))
    directory.communes.set([school_a.commune])
    directory.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(root_page=directory)
    assert features.school_sections(school_a) == []
    response = client.get(f"/{school_a.uai.lower()}/", follow=True)
    assert response.redirect_chain == [(f"/{school_a.uai}/", 301)]
    html = response.content.decode()
    assert "<h1>Collège Duguay-Trouin</h1>" in html
    assert "Éducation nationale" in html
    assert 'href="/">Les écoles</a>' in html
    directory_html = client.get("/?niveau=college").content.decode()
    assert f'<a href="/{school_a.uai}/">Collège Duguay-Trouin</a>' in directory_html
