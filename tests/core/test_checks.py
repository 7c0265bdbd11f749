"""Start-up checks: fail early, with a message that says what to change in the host's settings."""

import pytest

from mon_enfant import checks


def test_a_missing_base_template_is_a_warning(settings):
    settings.MON_ENFANT_BASE_TEMPLATE = "absent/base.html"
    [warning] = checks.check_base_template()
    assert warning.id == "mon_enfant.W001"
    assert "absent/base.html" in warning.msg


def test_the_example_site_passes_the_checks():
    assert checks.check_required_apps() == []
    assert checks.check_base_template() == []


# --- settings whose value can be wrong ----------------------------------------------------------


def messages(errors):
    return [(error.id, error.msg, error.hint) for error in errors]


@pytest.mark.parametrize("value", ["09-31", "13-01", "septembre", "", None, "0901"])
def test_a_school_year_start_that_is_not_a_day_is_an_error_saying_the_format(settings, value):
    settings.MON_ENFANT_SCHOOL_YEAR_START = value
    [(code, message, hint)] = messages(checks.check_school_year_start())
    assert code == "mon_enfant.E002"
    assert repr(value) in message
    assert '"MM-DD"' in hint


@pytest.mark.parametrize("value", ["09-01", "08-25", "02-29"])
def test_a_school_year_start_that_is_a_day_is_fine(settings, value):
    settings.MON_ENFANT_SCHOOL_YEAR_START = value
    assert checks.check_school_year_start() == []


@pytest.mark.parametrize(("setting", "in_message", "in_hint"), [
    ({"backend": "google"}, "'google', which is not a geocoder", "local, ban, nominatim"),
    ("ban", "not a dict", '"backend"'),
    ({"backend": "ban", "domain": "https://data.geopf.fr/geocodage"}, "not a host name", "'scheme'"),
    ({"backend": "ban", "scheme": "ftp"}, "['scheme'] is 'ftp'", '"https"'),
    ({"backend": "local", "cache": "absent"}, "'absent', not a cache of CACHES", "CACHES"),
    ({"backend": "nominatim", "timeout": 0}, "['timeout'] is 0", "positive number"),
    ({"backend": "local", "timout": 3}, "unknown key 'timout'", "timeout"),
])
def test_a_wrong_geocoder_setting_is_an_error_saying_what_to_change(settings, setting, in_message, in_hint):
    settings.MON_ENFANT_GEOCODER = setting
    [(code, message, hint)] = messages(checks.check_geocoder())
    assert code == "mon_enfant.E003"
    assert in_message in message
    assert in_hint in hint


@pytest.mark.parametrize("setting", [{"backend": "local"}, {"backend": "ban", "timeout": 1.5},
                                     {"backend": "nominatim", "user_agent": "saint-malo.fr"}])
def test_a_right_geocoder_setting_is_fine(settings, setting):
    settings.MON_ENFANT_GEOCODER = setting
    assert checks.check_geocoder() == []


@pytest.mark.parametrize(("name", "value", "code"), [
    ("MON_ENFANT_REFRESH_SECONDS", -1, "mon_enfant.E004"),
    ("MON_ENFANT_REFRESH_SECONDS", "1", "mon_enfant.E004"),
    ("MON_ENFANT_IMPORT_MAX_BYTES", 0, "mon_enfant.E005"),
    ("MON_ENFANT_IMPORT_MAX_BYTES", "20M", "mon_enfant.E005"),
])
def test_a_wrong_number_is_an_error_naming_the_setting(settings, name, value, code):
    setattr(settings, name, value)
    [(found, message, hint)] = messages(checks.check_numbers())
    assert found == code
    assert message == f"{name} is {value!r}."
    assert name in hint


@pytest.mark.parametrize("value", [0, 1, 0.5, 30])
def test_any_refresh_delay_from_zero_is_fine(settings, value):
    settings.MON_ENFANT_REFRESH_SECONDS = value
    assert checks.check_numbers() == []


def test_a_stamp_directory_still_set_is_a_warning_that_it_is_no_longer_used(settings):
    settings.MON_ENFANT_STAMP_DIR = "/run/mon-enfant"
    [(code, message, hint)] = messages(checks.check_removed_settings())
    assert code == "mon_enfant.W002"
    assert message.startswith("MON_ENFANT_STAMP_DIR is no longer used")
    assert "MON_ENFANT_REFRESH_SECONDS" in message
    assert hint == "Remove MON_ENFANT_STAMP_DIR from your settings."


def test_the_test_settings_pass_every_setting_check():
    assert checks.check_school_year_start() + checks.check_geocoder() + checks.check_numbers() == []
    assert checks.check_removed_settings() == []


def test_a_stamp_cache_that_is_not_in_caches_is_an_error(settings):
    settings.MON_ENFANT_STAMP_CACHE = "stamps"
    [(code, message, hint)] = messages(checks.check_stamp_cache())
    assert (code, message) == ("mon_enfant.E006", "MON_ENFANT_STAMP_CACHE is 'stamps', not a cache of CACHES.")
    assert "None" in hint


@pytest.mark.parametrize(("backend", "found"), [
    ("django.core.cache.backends.locmem.LocMemCache", ["mon_enfant.W003"]),
    ("django.core.cache.backends.db.DatabaseCache", []),
    ("django.core.cache.backends.redis.RedisCache", []),
])
def test_a_stamp_cache_must_be_shared_by_the_processes(settings, backend, found):
    settings.CACHES = {**settings.CACHES, "stamps": {"BACKEND": backend, "LOCATION": "x"}}
    settings.MON_ENFANT_STAMP_CACHE = "stamps"
    assert [error.id for error in checks.check_stamp_cache()] == found


@pytest.mark.parametrize("value", [0, -5, "1000", 2.5, True, None])
def test_an_import_row_limit_that_is_not_a_positive_whole_number_is_reported(settings, value):
    settings.MON_ENFANT_IMPORT_MAX_ROWS = value
    (error,) = checks.check_import_max_rows()
    assert error.id == "mon_enfant.E007"
    assert "MON_ENFANT_IMPORT_MAX_ROWS" in error.msg


def test_the_default_import_row_limit_passes_the_check():
    assert checks.check_import_max_rows() == []
