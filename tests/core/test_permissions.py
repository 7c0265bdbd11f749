"""mon_enfant.permissions: views ask the models' permission policies through user_may, never a raw
has_perm string; "only superusers add a commune" is said once, in the commune policy; an import screen
declares its required permissions and gets the check, the menu and the importer's options from them."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

import mon_enfant
from mon_enfant.admin_views import BaseImportView, ImportUploadForm, SchoolImportView
from mon_enfant.models import Commune, Contact, School
from mon_enfant.permissions import commune_restriction, user_may, user_may_add_communes, user_may_any

pytestmark = pytest.mark.django_db


class ContactImportView(BaseImportView):
    """A feature's import screen: all it says about permissions is what it needs."""

    required_permissions = [(Contact, ["add", "delete"])]


def test_an_editor_may_change_schools_but_not_add_a_commune_whatever_their_groups_say(editor_a):
    assert user_may(editor_a, ["add", "change"], School)
    assert user_may(editor_a, "change", Commune)
    assert editor_a.has_perm("mon_enfant.add_commune")  # the group gives it...
    assert not user_may(editor_a, "add", Commune)  # ...the policy does not
    assert not user_may_add_communes(editor_a)


def test_a_superuser_may_add_communes(superuser):
    assert user_may_add_communes(superuser)


def test_instances_are_narrowed_to_the_users_communes(editor_a, school_a, school_b):
    assert user_may(editor_a, "change", School, instance=school_a)
    assert not user_may(editor_a, "change", School, instance=school_b)


def test_any_of_several_actions(user_without_commune, editor_a):
    assert user_may_any(editor_a, ["publish", "change"], School)
    assert not user_may_any(user_without_commune, ["frobnicate"], School)


def test_the_commune_restriction_of_an_import(editor_a, superuser, commune_a, commune_b):
    assert commune_restriction(editor_a) == [commune_a]
    assert commune_restriction(superuser) is None


def test_an_import_screen_follows_its_declared_permissions(editor_a, user_without_commune, superuser):
    assert ContactImportView.user_may_import(editor_a)
    assert not ContactImportView.user_may_import(user_without_commune)  # the permissions, no commune
    assert ContactImportView.user_may_import(superuser)  # before any commune exists


def test_without_declared_permissions_nobody_imports(superuser):
    assert not BaseImportView.user_may_import(superuser)


def test_only_those_who_may_add_communes_are_offered_to_create_them(editor_a, superuser):
    assert "create_communes" not in ImportUploadForm(user=editor_a).fields
    assert "create_communes" in ImportUploadForm(user=superuser).fields


@pytest.mark.parametrize(("user_fixture", "expected"), [("editor_a", False), ("superuser", True)])
def test_the_importer_options_come_from_the_policy(request, user_fixture, expected, commune_a):
    view = SchoolImportView()
    view.request = RequestFactory().post("/")
    view.request.user = request.getfixturevalue(user_fixture)
    options = view.import_options({"create_communes": True})
    assert options["create_communes"] is expected
    assert (options["allowed_communes"] is None) is expected


def test_no_core_module_tests_a_raw_permission_string():
    core = Path(mon_enfant.__file__).parent
    offenders = [path.name for path in core.glob("*.py")
                 if path.name != "permissions.py" and re.search(r"has_perm\(|is_superuser", path.read_text())]
    assert offenders == []
