"""Rate limits (mon_enfant/ratelimit.py): off by default at no cost; over the host's rate a client gets 429 with
``Retry-After``, in its language, matching the OpenAPI document; a fixed window per operation and per client
(its address hashed, behind a proxy the right-most address of the header), exempt networks never counted;
wrong settings stopped by the system checks; a cache that fails limits nothing. The pages: the features'
tests (tests/catchment/test_page_rate_limit.py, tests/fees/..., tests/guichet/...)."""

import importlib
import json
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

from mon_enfant import checks, ratelimit
from mon_enfant.conf import get_setting
from tests.core.production import BASE_DIR, production_env
from tests.openapi import answer_validator

pytestmark = pytest.mark.django_db

STREETS_URL = "/api/mon-enfant/v1/streets"
CATCHMENT_URL = "/api/mon-enfant/v1/catchment"
TYPED = "14 rue du Secret-Bien-Gardé"
FRENCH_DETAIL = "Trop de demandes en peu de temps. Réessayez dans {} secondes."


class CountingCache(LocMemCache):
    """The local memory cache, remembering every key it was asked about."""

    keys: list = []

    def incr(self, key, *args, **kwargs):
        self.keys.append(key)
        return super().incr(key, *args, **kwargs)

    def add(self, key, *args, **kwargs):
        self.keys.append(key)
        return super().add(key, *args, **kwargs)


class FailingCache(LocMemCache):
    """A cache that is down, as Redis refusing connections."""

    def incr(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    add = incr


@pytest.fixture
def counting_cache(settings):
    CountingCache.keys = []
    settings.CACHES = {**settings.CACHES, "counting": {
        "BACKEND": "tests.core.test_ratelimit.CountingCache", "LOCATION": "ratelimit-tests"}}
    settings.MON_ENFANT_RATE_LIMIT_CACHE = "counting"
    caches["counting"].clear()
    yield CountingCache
    CountingCache.keys = []


@pytest.fixture
def limits(settings, counting_cache):
    """Sets ``MON_ENFANT_RATE_LIMITS`` (the other settings as given) for this test."""

    def set_limits(rates, **others):
        settings.MON_ENFANT_RATE_LIMITS = rates
        for name, value in others.items():
            setattr(settings, f"MON_ENFANT_RATE_LIMIT_{name.upper()}", value)

    return set_limits


@pytest.fixture
def clock(monkeypatch):
    """The wall clock the windows are counted on, at 15 s into a minute."""
    now = [60 * 29_000_000 + 15.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    return now


def streets(client, remote="192.0.2.1", **headers):
    return client.get(STREETS_URL, {"commune": "35288", "q": TYPED}, REMOTE_ADDR=remote, headers=headers)


def statuses(client, times, **kwargs):
    return [streets(client, **kwargs).status_code for _ in range(times)]


# --- off by default, at no cost -----------------------------------------------------------------------


def test_rate_limits_are_off_in_the_package_and_the_demo():
    assert get_setting("MON_ENFANT_RATE_LIMITS") == {}
    for module in ("tests.settings", "example_site.settings"):
        assert not getattr(importlib.import_module(module), "MON_ENFANT_RATE_LIMITS", None)


def test_off_no_request_asks_the_cache(client, commune_a, monkeypatch):
    caches = mock.MagicMock()
    monkeypatch.setattr(ratelimit, "caches", caches)
    assert statuses(client, 20) == [200] * 20
    assert client.get(CATCHMENT_URL, {"commune": "35288", "address": TYPED, "level": "elementaire"}).status_code == 200
    assert caches.mock_calls == []


def test_an_operation_the_host_leaves_out_asks_no_cache(client, commune_a, limits):
    limits({"catchment_lookup": "1/m"})
    assert statuses(client, 5) == [200] * 5
    assert CountingCache.keys == []


# --- over the limit: 429 ------------------------------------------------------------------------------


def test_over_the_limit_the_api_answers_429_with_retry_after_in_french(client, commune_a, limits, clock):
    limits({"catchment_streets": "3/m"})
    assert statuses(client, 3) == [200] * 3
    response = streets(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "45"  # the end of the minute
    assert response.json() == {"detail": FRENCH_DETAIL.format(45)}
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "no-referrer"
    assert "Secret" not in response.content.decode()


def test_the_429_answer_matches_the_openapi_document(client, commune_a, limits):
    limits({"catchment_streets": "1/m"})
    validate = answer_validator(client, STREETS_URL)
    validate(streets(client))
    assert validate(streets(client))["detail"].startswith("Trop de demandes")


def test_the_429_answer_is_in_english_with_accept_language(client, commune_a, limits, clock):
    limits({"catchment_streets": "1/m"})
    streets(client)
    response = streets(client, **{"accept-language": "en"})
    with translation.override("en"):
        expected = translation.ngettext("Trop de demandes en peu de temps. Réessayez dans %(count)d seconde.",
                                        "Trop de demandes en peu de temps. Réessayez dans %(count)d secondes.",
                                        45) % {"count": 45}
    assert response.status_code == 429 and response.json() == {"detail": expected}


@pytest.mark.parametrize(("seconds", "message"), [
    (1, "Réessayez dans 1 seconde."),
    (45, "Réessayez dans 45 secondes."),
    (119, "Réessayez dans 119 secondes."),
    (120, "Réessayez dans 2 minutes."),
    (3599, "Réessayez dans 60 minutes."),
])
def test_the_message_says_when_to_try_again(seconds, message):
    assert ratelimit.too_many_requests_message(seconds).endswith(message)


def test_the_counter_starts_again_with_the_next_window(client, commune_a, limits, clock):
    limits({"catchment_streets": "2/m"})
    assert statuses(client, 3) == [200, 200, 429]
    clock[0] += 44.5
    assert streets(client)["Retry-After"] == "1"
    clock[0] += 1
    assert statuses(client, 3) == [200, 200, 429]


@pytest.mark.parametrize(("rate", "count", "seconds"), [
    ("60/m", 60, 60), ("1000/h", 1000, 3600), ("5/10s", 5, 10), ("100/d", 100, 86400), ("10 / minute", 10, 60),
    ("3/2hours", 3, 7200),
])
def test_rates_are_read_as_count_per_period(rate, count, seconds):
    assert ratelimit.parse_rate(rate) == ratelimit.Rate(count, seconds)


# --- who is counted -----------------------------------------------------------------------------------


def test_each_operation_has_its_own_counter(client, commune_a, limits):
    limits({"catchment_streets": "1/m", "catchment_lookup": "1/m"})
    assert statuses(client, 2) == [200, 429]
    lookup = {"commune": "35288", "address": TYPED, "level": "elementaire"}
    assert [client.get(CATCHMENT_URL, lookup, REMOTE_ADDR="192.0.2.1").status_code for _ in range(2)] == [200, 429]


def test_each_client_has_its_own_counter(client, commune_a, limits):
    limits({"catchment_streets": "1/m"})
    assert statuses(client, 2, remote="192.0.2.1") == [200, 429]
    assert statuses(client, 2, remote="2001:db8::7") == [200, 429]
    assert statuses(client, 1, remote="192.0.2.2") == [200]


def test_the_counter_key_holds_neither_the_address_nor_anything_typed(client, commune_a, limits):
    limits({"catchment_streets": "5/m"})
    statuses(client, 2, remote="198.51.100.23")
    assert CountingCache.keys
    for key in CountingCache.keys:
        assert key.startswith("mon_enfant:ratelimit:catchment_streets:")
        assert "198.51.100.23" not in key and "Secret" not in key and "rue" not in key


def test_exempt_networks_are_never_counted(client, commune_a, limits):
    limits({"catchment_streets": "1/m"}, exempt=["10.0.0.0/8", "2001:db8::1"])
    assert statuses(client, 3, remote="10.20.30.40") == [200] * 3
    assert statuses(client, 3, remote="2001:db8::1") == [200] * 3
    assert CountingCache.keys == []
    assert statuses(client, 2, remote="192.0.2.1") == [200, 429]


def test_behind_a_proxy_the_right_most_address_of_the_header_is_the_client(client, commune_a, limits):
    limits({"catchment_streets": "1/m"}, client_header="X-Forwarded-For")
    proxy = "10.0.0.2"
    assert statuses(client, 2, remote=proxy, x_forwarded_for="203.0.113.7") == [200, 429]
    # What the client wrote on the left changes nothing: the proxy appended its address.
    assert statuses(client, 1, remote=proxy, x_forwarded_for="198.51.100.1, 203.0.113.7") == [429]
    # Another client behind the same proxy.
    assert statuses(client, 1, remote=proxy, x_forwarded_for="203.0.113.8") == [200]
    # A request that did not come through the proxy: its own address.
    assert statuses(client, 1, remote="192.0.2.50") == [200]


def test_the_sites_own_proxies_are_skipped_from_the_right(client, commune_a, limits):
    limits({"catchment_streets": "1/m"}, client_header="X-Forwarded-For", trusted_proxies=["10.0.0.0/8"])
    assert statuses(client, 1, remote="10.0.0.2", x_forwarded_for="203.0.113.7, 10.0.0.9") == [200]
    assert statuses(client, 1, remote="10.0.0.3", x_forwarded_for="1.2.3.4, 203.0.113.7") == [429]


# --- a cache that fails -------------------------------------------------------------------------------


def test_a_cache_that_fails_lets_every_request_through_and_is_logged_once_without_client_data(
        client, commune_a, settings, caplog):
    settings.CACHES = {**settings.CACHES, "down": {"BACKEND": "tests.core.test_ratelimit.FailingCache"}}
    settings.MON_ENFANT_RATE_LIMIT_CACHE = "down"
    settings.MON_ENFANT_RATE_LIMITS = {"catchment_streets": "1/m"}
    with caplog.at_level(logging.DEBUG, logger="mon_enfant"):
        assert statuses(client, 5, remote="198.51.100.23") == [200] * 5
    warnings = [record for record in caplog.records if record.name == "mon_enfant.ratelimit"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ConnectionError" in logged
    assert "198.51.100.23" not in logged and "Secret" not in logged and "6379" not in logged


# --- system checks ------------------------------------------------------------------------------------


def check_ids(settings, **values):
    for name, value in values.items():
        setattr(settings, name, value)
    return [(error.id, error.msg) for error in checks.check_rate_limits()]


def test_the_checks_pass_when_off_and_with_good_settings(settings):
    assert checks.check_rate_limits() == []
    assert check_ids(settings, MON_ENFANT_RATE_LIMITS={"catchment_lookup": "60/m", "fees_quote": "1000/h",
                                                       "guichet_family": None},
                     MON_ENFANT_RATE_LIMIT_CLIENT_HEADER="X-Forwarded-For",
                     MON_ENFANT_RATE_LIMIT_EXEMPT=["10.0.0.0/8", "2001:db8::1"]) == []


def test_every_operation_the_features_limit_is_known():
    assert {"catchment_lookup", "catchment_streets", "fees_quote", "catchment_lookup_page", "fees_simulation",
            "guichet_family"} <= ratelimit.OPERATIONS


@pytest.mark.parametrize(("values", "code", "in_message"), [
    ({"MON_ENFANT_RATE_LIMITS": {"catchment_lookup": "60 per minute"}}, "mon_enfant.E008", "'60 per minute'"),
    ({"MON_ENFANT_RATE_LIMITS": {"catchment_lookup": "60/fortnight"}}, "mon_enfant.E008", "not a rate"),
    ({"MON_ENFANT_RATE_LIMITS": ["catchment_lookup"]}, "mon_enfant.E008", "not a dict"),
    ({"MON_ENFANT_RATE_LIMIT_CACHE": "absent"}, "mon_enfant.E009", "'absent', not a cache"),
    ({"MON_ENFANT_RATE_LIMIT_CLIENT_HEADER": "X Forwarded For"}, "mon_enfant.E010", "not an HTTP header"),
    ({"MON_ENFANT_RATE_LIMIT_EXEMPT": ["10.0.0.0/33"]}, "mon_enfant.E011", "10.0.0.0/33"),
    ({"MON_ENFANT_RATE_LIMIT_EXEMPT": "10.0.0.0/8"}, "mon_enfant.E011", "not a string"),
    ({"MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES": ["proxy.example.fr"]}, "mon_enfant.E011", "proxy.example.fr"),
    ({"MON_ENFANT_RATE_LIMITS": {"catchment_lokup": "60/m"}}, "mon_enfant.W004", "'catchment_lokup'"),
])
def test_a_wrong_setting_is_reported_by_the_checks(settings, values, code, in_message):
    [(found, message)] = check_ids(settings, **values)
    assert found == code and in_message in message


def test_wrong_settings_limit_nothing_rather_than_fail_requests(client, commune_a, settings):
    settings.MON_ENFANT_RATE_LIMITS = {"catchment_streets": "1 per minute"}
    assert statuses(client, 3) == [200] * 3


# --- the example site in production -------------------------------------------------------------------


def production_rate_limits(**environ):
    script = ("import json; from example_site import settings_production as s; print(json.dumps({name: getattr(s, "
              "name) for name in dir(s) if name.startswith('MON_ENFANT_RATE_LIMIT')}))")
    env = {name: value for name, value in production_env().items() if not name.startswith("MON_ENFANT_RATE_LIMIT")}
    result = subprocess.run([sys.executable, "-c", script], env={**env, **environ}, capture_output=True, text=True,
                            check=True, cwd=BASE_DIR)
    return json.loads(result.stdout)


def test_production_counts_in_the_shared_redis_and_is_off_unless_the_environment_names_limits():
    assert production_rate_limits() == {
        "MON_ENFANT_RATE_LIMITS": {}, "MON_ENFANT_RATE_LIMIT_CACHE": "shared",
        "MON_ENFANT_RATE_LIMIT_CLIENT_HEADER": None, "MON_ENFANT_RATE_LIMIT_EXEMPT": [],
        "MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES": []}
    assert production_rate_limits(
        MON_ENFANT_RATE_LIMITS="catchment_lookup=60/m  fees_quote=1000/h",
        MON_ENFANT_RATE_LIMIT_CLIENT_HEADER="X-Forwarded-For",
        MON_ENFANT_RATE_LIMIT_EXEMPT="10.0.0.0/8 192.0.2.10",
        MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES="10.0.0.0/8",
    ) == {
        "MON_ENFANT_RATE_LIMITS": {"catchment_lookup": "60/m", "fees_quote": "1000/h"},
        "MON_ENFANT_RATE_LIMIT_CACHE": "shared", "MON_ENFANT_RATE_LIMIT_CLIENT_HEADER": "X-Forwarded-For",
        "MON_ENFANT_RATE_LIMIT_EXEMPT": ["10.0.0.0/8", "192.0.2.10"],
        "MON_ENFANT_RATE_LIMIT_TRUSTED_PROXIES": ["10.0.0.0/8"]}


# --- counting at once from many threads, in the local memory cache and in Redis ------------------------------

REDIS_URL = os.environ.get("MON_ENFANT_TEST_RATELIMIT_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture(params=["locmem", "redis"])
def shared_counter(request, settings):
    if request.param == "redis":
        from tests.core.test_database_free_answers import skip_or_fail

        try:
            import redis

            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except Exception as exc:  # noqa: BLE001
            skip_or_fail(f"no Redis at {REDIS_URL}: {type(exc).__name__}")
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                   "KEY_PREFIX": "ratelimit-tests"}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-threads"}
    settings.CACHES = {**settings.CACHES, "counter": backend}
    settings.MON_ENFANT_RATE_LIMIT_CACHE = "counter"
    caches["counter"].clear()
    yield caches["counter"]
    caches["counter"].clear()


def test_requests_served_at_once_are_each_counted_once(shared_counter, settings):
    from concurrent.futures import ThreadPoolExecutor

    from django.test import RequestFactory

    settings.MON_ENFANT_RATE_LIMITS = {"catchment_lookup": "50/h"}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(lambda _: ratelimit.retry_after(request, "catchment_lookup"), range(120)))
    refused = [wait for wait in waits if wait is not None]
    assert len(refused) == 120 - 50 and all(0 < wait <= 3600 for wait in refused)
