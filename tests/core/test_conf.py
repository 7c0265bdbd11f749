"""The app's settings are read once and forgotten when Django announces a change (setting_changed)."""

import pytest
from django.test import override_settings

from mon_enfant.conf import DEFAULTS, get_setting


def test_a_setting_left_out_gives_its_default_and_follows_overrides():
    assert get_setting("MON_ENFANT_SCHOOL_YEAR_START") == DEFAULTS["MON_ENFANT_SCHOOL_YEAR_START"]
    with override_settings(MON_ENFANT_SCHOOL_YEAR_START="08-25"):
        assert get_setting("MON_ENFANT_SCHOOL_YEAR_START") == "08-25"
    assert get_setting("MON_ENFANT_SCHOOL_YEAR_START") == "09-01"


def test_the_pytest_django_settings_fixture_is_followed_too(settings):
    assert get_setting("MON_ENFANT_IMPORT_MAX_BYTES") == DEFAULTS["MON_ENFANT_IMPORT_MAX_BYTES"]
    settings.MON_ENFANT_IMPORT_MAX_BYTES = 100
    assert get_setting("MON_ENFANT_IMPORT_MAX_BYTES") == 100
    settings.MON_ENFANT_IMPORT_MAX_BYTES = 200
    assert get_setting("MON_ENFANT_IMPORT_MAX_BYTES") == 200


def test_an_unknown_setting_is_refused():
    with pytest.raises(KeyError):
        get_setting("MON_ENFANT_NOTHING")


class FakeFeature:
    settings_defaults = {"MON_ENFANT_MENUS_DAYS": 5}


def test_a_feature_declares_its_settings_with_their_defaults(monkeypatch, settings):
    monkeypatch.setattr("mon_enfant.features.installed_features", lambda: [FakeFeature()])
    assert get_setting("MON_ENFANT_MENUS_DAYS") == 5
    settings.MON_ENFANT_MENUS_DAYS = 4
    assert get_setting("MON_ENFANT_MENUS_DAYS") == 4


def test_the_refresh_delay_defaults_to_one_second(settings):
    settings.MON_ENFANT_REFRESH_SECONDS = 5  # announced: the value read before is forgotten...
    del settings.MON_ENFANT_REFRESH_SECONDS  # ...then left out (unannounced): the default applies
    assert get_setting("MON_ENFANT_REFRESH_SECONDS") == 1
