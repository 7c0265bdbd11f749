"""Issue 10, finding 13: a lookup or a quote needs no database once warm, so a stalled database must not
stall it. With ``MON_ENFANT_STAMP_CACHE`` pointing at a shared Redis cache (production's set-up, see
docs/deploy.md) and the stamps read on every request (``MON_ENFANT_REFRESH_SECONDS = 0``, the worst case),
warm API lookups and quotes make no query at all, through the whole middleware stack (sessions, auth,
locale, CSRF, redirects); and a stall in front of PostgreSQL does not hold them.

Redis: 127.0.0.1:6379, database 7 (10 in a second xdist worker: tests/core/redis_databases.py;
MON_ENFANT_TEST_REDIS_URL to change it); the tests skip without it.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext

from mon_enfant.catchment import services as catchment_services
from mon_enfant.catchment.models import CATCHMENT_STAMP
from mon_enfant.fees import services as fee_services
from mon_enfant.fees.models import FEES_STAMP
from tests.catchment.data import make_catchment
from tests.core.production import production_env
from tests.core.redis_databases import per_worker
from tests.fees.test_privacy import QUOTE_URL, YEAR
from tests.fees.test_privacy import grids as grids  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("MON_ENFANT_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{per_worker()}")
LOOKUP_URL = "/api/mon-enfant/v1/catchment"
LOOKUP = {"commune": "35288", "address": "34 bis rue Guy-Ropartz", "level": "elementaire"}
QUOTE = {"commune": "35288", "school_year": YEAR, "qf": "800"}


def redis_reachable():
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def production_settings(**environ):
    """The names that ``example_site.settings_production`` gives, read in a fresh interpreter with ``environ``
    (the settings module reads the environment once, at import)."""
    script = ("import json; from example_site import settings_production as s; "
              "print(json.dumps({'DATABASES': s.DATABASES, 'CACHES': s.CACHES, "
              "'MON_ENFANT_STAMP_CACHE': s.MON_ENFANT_STAMP_CACHE}, default=str))")
    env = production_env(**{"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mon_enfant", **environ})
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    return json.loads(result.stdout)


def skip_or_fail(reason):
    """CI (MON_ENFANT_REQUIRE_SERVICES=1) starts Redis and PostgreSQL: there, a missing one is a failure."""
    if os.environ.get("MON_ENFANT_REQUIRE_SERVICES"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def redis_stamps(settings):
    if not redis_reachable():
        skip_or_fail(f"no Redis at {REDIS_URL}")
    production = production_settings(REDIS_URL=REDIS_URL)
    alias = production["MON_ENFANT_STAMP_CACHE"]
    assert production["CACHES"][alias]["LOCATION"] == REDIS_URL
    settings.CACHES = {**settings.CACHES, alias: production["CACHES"][alias]}
    settings.MON_ENFANT_STAMP_CACHE = alias
    settings.MON_ENFANT_REFRESH_SECONDS = 0
    caches[alias].clear()
    for stamp in (CATCHMENT_STAMP, FEES_STAMP):
        stamp.forget()
    catchment_services.reset()
    fee_services.clear_cache()
    yield caches[alias]
    caches[alias].clear()
    for stamp in (CATCHMENT_STAMP, FEES_STAMP):
        stamp.forget()
    catchment_services.reset()
    fee_services.clear_cache()


@pytest.fixture
def data(commune_a, grids):  # noqa: F811
    make_catchment(commune_a)


def warm_queries(client, ask, times=5):
    """Queries made by ``times`` requests once a first one has built the process's data."""
    assert ask(client).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        for _ in range(times):
            assert ask(client).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def lookup(client):
    return client.get(LOOKUP_URL, LOOKUP)


def quote(client):
    return client.post(QUOTE_URL, QUOTE, content_type="application/json")


@pytest.mark.parametrize("ask", [lookup, quote], ids=["lookup", "quote"])
def test_a_warm_answer_makes_no_query_when_stamps_are_in_the_shared_cache(client, data, redis_stamps, ask):
    assert warm_queries(client, ask) == []
    assert redis_stamps.get(CATCHMENT_STAMP.cache_key if ask is lookup else FEES_STAMP.cache_key) is not None


@pytest.mark.parametrize("ask", [lookup, quote], ids=["lookup", "quote"])
def test_a_browser_with_a_session_cookie_costs_no_query_either(client, data, redis_stamps, ask, superuser):
    """The parent may be logged in (an editor testing the page): sessions and auth stay lazy on the API."""
    client.force_login(superuser)
    assert warm_queries(client, ask) == []


def test_without_the_shared_cache_the_stamp_is_the_only_query(client, data, settings):
    """The control: the same warm lookup, stamps read from the database on every request, costs one query
    per request, the stamp's: so the zero above is the cache's doing, not a test that cannot fail."""
    settings.MON_ENFANT_REFRESH_SECONDS = 0
    settings.MON_ENFANT_STAMP_CACHE = None
    CATCHMENT_STAMP.forget()
    catchment_services.reset()
    sql = warm_queries(client, lookup, times=3)
    assert len(sql) == 3 and all("rulesetversion" in statement for statement in sql)


# --- a stalled database ----------------------------------------------------------------------------


class SilentServer:
    """A TCP server on loopback that accepts connections and never answers: a database that stalls (it
    does not refuse, which a client would notice at once)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.socket.accept()[0])
            except OSError:
                return

    def close(self):
        self.socket.close()
        for accepted in self.accepted:
            accepted.close()


@pytest.fixture
def stalled_database():
    server = SilentServer()
    yield server
    server.close()


def test_the_production_settings_bound_every_wait_on_the_database():
    options = production_settings()["DATABASES"]["default"]["OPTIONS"]
    assert 0 < options["connect_timeout"] <= 5
    assert "-c statement_timeout=" in options["options"]
    assert 0 < int(options["options"].split("statement_timeout=")[1].split()[0]) <= 10_000


def test_connecting_to_a_stalled_database_fails_within_the_connect_timeout(stalled_database):
    pytest.importorskip("psycopg")
    production = production_settings(DATABASE_URL=f"postgres://postgres@127.0.0.1:{stalled_database.port}/db")
    database = production["DATABASES"]["default"]
    wrapper = ConnectionHandler({"default": database})["default"]
    started = time.monotonic()
    with pytest.raises(OperationalError):
        wrapper.ensure_connection()
    waited = time.monotonic() - started
    assert stalled_database.accepted, "the server did not even accept: the test proves nothing"
    assert waited < database["OPTIONS"]["connect_timeout"] + 1.5
