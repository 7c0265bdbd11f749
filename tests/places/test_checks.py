"""The services map's start-up checks: django-leaflet installed, and no Django admin autodiscovery without
GDAL (django-leaflet's admin module needs it). They belong to the map's app: the core needs neither."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.admin.apps import AdminConfig, SimpleAdminConfig
from django.core.exceptions import ImproperlyConfigured

from mon_enfant import checks as core_checks
from mon_enfant.places import checks


class AppRegistry:
    """The few app registry calls the check makes, for an imagined host's INSTALLED_APPS."""

    def __init__(self, admin_config_class=None, leaflet=True):
        self.installed = {"leaflet"} if leaflet else set()
        self.configs = {}
        if admin_config_class is not None:
            self.installed.add("django.contrib.admin")
            self.configs["admin"] = admin_config_class("django.contrib.admin", import_module("django.contrib.admin"))

    def is_installed(self, name):
        return name in self.installed

    def get_app_config(self, label):
        return self.configs[label]


@pytest.fixture
def host(monkeypatch):
    def configure(admin_config_class=None, leaflet=True, gdal=False):
        monkeypatch.setattr(checks, "apps", AppRegistry(admin_config_class, leaflet))
        monkeypatch.setattr(checks, "_gdal_available", lambda: gdal)

    return configure


def test_admin_autodiscovery_without_gdal_is_reported_with_the_fix(host):
    host(AdminConfig, gdal=False)
    message = checks.admin_autodiscovery_problem()
    assert "'django.contrib.admin' autodiscovers django-leaflet's admin module, which needs GDAL" in message
    assert "'django.contrib.admin.apps.SimpleAdminConfig'" in message


def test_simple_admin_config_without_gdal_is_fine(host):
    host(SimpleAdminConfig, gdal=False)
    assert checks.admin_autodiscovery_problem() is None


def test_admin_autodiscovery_with_gdal_is_fine(host):
    host(AdminConfig, gdal=True)
    assert checks.admin_autodiscovery_problem() is None


def test_no_django_admin_is_fine(host):
    host(None, gdal=False)
    assert checks.admin_autodiscovery_problem() is None


def test_admin_autodiscovery_without_leaflet_is_fine(host):
    host(AdminConfig, leaflet=False, gdal=False)
    assert checks.admin_autodiscovery_problem() is None


def test_the_example_site_configuration_is_fine():
    assert isinstance(apps.get_app_config("admin"), SimpleAdminConfig)
    assert not isinstance(apps.get_app_config("admin"), AdminConfig)
    assert checks.admin_autodiscovery_problem() is None


def test_the_app_refuses_to_start_with_the_message(monkeypatch):
    monkeypatch.setattr(checks, "admin_autodiscovery_problem", lambda: "Remplacez AdminConfig.")
    with pytest.raises(ImproperlyConfigured, match="Remplacez AdminConfig."):
        apps.get_app_config("mon_enfant_places").import_models()


def test_leaflet_is_required_by_the_map(monkeypatch):
    monkeypatch.setattr(checks, "apps", AppRegistry(SimpleAdminConfig, leaflet=False))
    [error] = checks.check_leaflet_installed()
    assert error.id == "mon_enfant_places.E001" and "'leaflet' must be in INSTALLED_APPS" in error.msg


def test_the_core_no_longer_requires_leaflet():
    assert "leaflet" not in core_checks.REQUIRED_APPS
