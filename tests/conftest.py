"""Shared fixtures: two communes with their schools and contacts, an editor of the first one, a user
with the same model permissions but no commune, a superuser, and a logged-in admin client for each.

Commune A is Saint-Malo (35288) and commune B Combourg (35085); their schools are rows of
``tests/data/etablissements-35-extrait.csv`` (see ``TEST_DATA``).
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from mon_enfant.models import Commune, Contact, ResponsibleBody, School, SchoolLevel
from tests.testdata import TEST_DATA  # noqa: E402

ETABLISSEMENTS_35 = TEST_DATA / "etablissements-35-extrait.csv"

CORE_ONLY_DIR = Path(__file__).resolve().parent / "core_only"

EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *[("mon_enfant", f"{action}_{model}") for model in ("commune", "school", "contact")
      for action in ("add", "change", "delete", "view")],
]


def pytest_ignore_collect(collection_path, config):
    """``tests/core_only/`` runs with the core-only settings (``--ds tests.settings_core``), everything
    else with the full test project: each run collects only its own tests, whatever paths it is given."""
    path = Path(collection_path).resolve()
    in_core_only = path == CORE_ONLY_DIR or CORE_ONLY_DIR in path.parents
    if getattr(settings, "TESTS_CORE_ONLY", False):
        return None if in_core_only or path in CORE_ONLY_DIR.parents else True
    return True if in_core_only else None


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty default cache: Wagtail caches the sites' root paths there, and a
    rolled-back test would leave the paths of pages that no longer exist for the next one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request asking for English (Accept-Language) leaves it
    active in the thread, which would leak into the next test's direct calls."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


def group_with_editor_permissions(name):
    group = Group.objects.create(name=name)
    for app_label, codename in EDITOR_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def commune_a(db):
    return Commune.objects.create(name="Saint-Malo", code_insee="35288", postal_codes="35400")


@pytest.fixture
def commune_b(db):
    return Commune.objects.create(name="Combourg", code_insee="35085", postal_codes="35270")


@pytest.fixture
def editor_group_a(commune_a):
    group = group_with_editor_permissions("Éditeurs de Saint-Malo")
    commune_a.editor_groups.add(group)
    return group


@pytest.fixture
def editor_a(django_user_model, editor_group_a):
    user = django_user_model.objects.create_user("editeur-a", "editeur-a@example.org", "password")
    user.groups.add(editor_group_a)
    return user


@pytest.fixture
def user_without_commune(django_user_model, db):
    """Same model permissions as an editor, but no commune is given to the group."""
    user = django_user_model.objects.create_user("sans-commune", "sans-commune@example.org", "password")
    user.groups.add(group_with_editor_permissions("Éditeurs sans commune"))
    return user


@pytest.fixture
def superuser(django_user_model, db):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "password")


@pytest.fixture
def school_a(commune_a):
    """Row 4 of the extract (line 4 of the file): Collège Duguay-Trouin, Saint-Malo."""
    return School.objects.create(
        uai="0350916F", name="Collège Duguay-Trouin", level=SchoolLevel.COLLEGE, commune=commune_a,
        address="5 rue HENRI LEMARIE", postcode="35400", city="ST MALO",
        latitude=Decimal("48.656216"), longitude=Decimal("-1.973099"),
    )


@pytest.fixture
def school_b(commune_b):
    """Line 2 of the extract: Collège François René de Chateaubriand, Combourg."""
    return School.objects.create(
        uai="0350707D", name="Collège François René de Chateaubriand", level=SchoolLevel.COLLEGE,
        commune=commune_b, address="12 avenue DES ACACIAS", postcode="35270", city="COMBOURG",
    )


@pytest.fixture
def contact_a(commune_a):
    return Contact.objects.create(
        commune=commune_a, service_name="Service Éducation de Saint-Malo",
        responsible_body=ResponsibleBody.MAIRIE, phone="02 99 40 71 11", email="education@saint-malo.example",
    )


@pytest.fixture
def contact_b(commune_b):
    return Contact.objects.create(
        commune=commune_b, service_name="Service Scolaire de Combourg",
        responsible_body=ResponsibleBody.MAIRIE, phone="02 99 73 00 18",
    )


@pytest.fixture
def two_communes_data(school_a, school_b, contact_a, contact_b):
    """Both communes, each with one school and one contact."""
    return {"school_a": school_a, "school_b": school_b, "contact_a": contact_a, "contact_b": contact_b}


@pytest.fixture
def editor_client(editor_a):
    return logged_in_client(editor_a)


@pytest.fixture
def superuser_client(superuser):
    return logged_in_client(superuser)


@pytest.fixture
def no_commune_client(user_without_commune):
    return logged_in_client(user_without_commune)


@pytest.fixture
def etablissements_bytes():
    """The national file extract, byte for byte (UTF-8 with BOM, ``;``, CRLF)."""
    return ETABLISSEMENTS_35.read_bytes()
