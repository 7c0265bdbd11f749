"""Issue 10, finding 13, end to end: the example site in production (``example_site.settings_production``,
``example_site/gunicorn.conf.py``, one worker), its PostgreSQL reached through a loopback proxy that can
stall (it then accepts connections and never answers, and relays nothing more on the open ones). The
demo commune is loaded (``load_demo``). Once the
worker has answered a lookup and a street search, the database stalls: the same requests still answer at
once (they need no database: the version stamps are in Redis), and a request that does need the database
fails within the connect timeout with a 503 instead of holding the worker until gunicorn kills it. The
longer scenarios (a database refusing, then stalling, for 10 s, and back) are in ``bench/faults.py``.

Needs PostgreSQL (127.0.0.1:5432, MON_ENFANT_TEST_POSTGRES to change it) and Redis; skipped without.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.core.production import collect_static, production_env
from tests.core.test_access_log import get, gunicorn_serving
from tests.core.test_database_free_answers import redis_reachable, skip_or_fail

BASE_DIR = Path(__file__).resolve().parent.parent.parent
POSTGRES = os.environ.get("MON_ENFANT_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# One per test process: several runs (SQLite and PostgreSQL suites, several checkouts) may overlap.
DATABASE = f"mon_enfant_stall_test_{os.getpid()}"
# A Redis database of its own (it clears it): make test runs test files side by side (pytest-xdist).
REDIS_URL = os.environ.get("MON_ENFANT_TEST_STALL_REDIS_URL", "redis://127.0.0.1:6379/8")
CONNECT_TIMEOUT = 2
LOOKUP = {"commune": "35288", "address": "2 rue de Metz", "level": "elementaire"}


class StallingProxy:
    """Relays TCP connections to ``target`` until :meth:`stall`; from then on it accepts new connections
    and never answers them, and stops relaying on the open ones, as a database whose host froze."""

    def __init__(self, target):
        self.target = target
        self.stalled = threading.Event()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(32)
        self.port = self.server.getsockname()[1]
        self.sockets = []
        self.held = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.server.accept()
            except OSError:
                return
            self.sockets.append(client)
            if self.stalled.is_set():
                self.held += 1
                continue
            upstream = socket.create_connection(self.target)
            self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._relay, args=(source, sink), daemon=True).start()

    def _relay(self, source, sink):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data or self.stalled.is_set():
                return
            try:
                sink.sendall(data)
            except OSError:
                return

    def stall(self):
        self.stalled.set()

    def close(self):
        self.server.close()
        for sock in self.sockets:
            sock.close()


def postgres_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def administer(*statements):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@pytest.fixture(scope="module")
def site_behind_proxy(tmp_path_factory):
    pytest.importorskip("gunicorn")
    pytest.importorskip("psycopg")
    if not (postgres_reachable() and redis_reachable()):
        skip_or_fail("needs PostgreSQL at 127.0.0.1:5432 and Redis")
    administer(f'DROP DATABASE IF EXISTS "{DATABASE}"', f'CREATE DATABASE "{DATABASE}"')
    env = production_env(tmp_path_factory.mktemp("static"), DATABASE_URL=f"{POSTGRES}/{DATABASE}",
                         REDIS_URL=REDIS_URL, DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
                         MON_ENFANT_REFRESH_SECONDS="0")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    collect_static(env)
    # The demo commune (Saint-Malo) with its catchment rules and streets, as a commune's site would have.
    subprocess.run([sys.executable, "manage.py", "load_demo", "-v0"], cwd=BASE_DIR, env=env, check=True)
    subprocess.run([sys.executable, "-c", "import django, redis; django.setup(); "
                    "from django.core.cache import caches; caches['shared'].clear()"],
                   cwd=BASE_DIR, env=env, check=True)
    proxy = StallingProxy(("127.0.0.1", 5432))
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{proxy.port}/{DATABASE}"
    try:
        with gunicorn_serving(env, tmp_path_factory.mktemp("stall")) as base:
            yield base, proxy
    finally:
        proxy.close()
        administer(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

def timed_get(url):
    started = time.monotonic()
    status = get(url)
    return status, time.monotonic() - started


def test_a_stalled_database_holds_neither_lookups_nor_a_worker(site_behind_proxy):
    base, proxy = site_behind_proxy
    lookup = f"{base}/api/mon-enfant/v1/catchment?{urlencode(LOOKUP)}"
    streets = f"{base}/api/mon-enfant/v1/streets?{urlencode({'commune': '35288', 'q': 'rue de Me'})}"
    assert [get(lookup), get(streets)] == [200, 200]  # the worker builds its data from the database
    proxy.stall()
    for url in (lookup, streets, lookup):
        status, waited = timed_get(url)
        assert (status, waited < 1) == (200, True), f"{url} waited {waited:.1f} s"
    # What needs the database fails once the connect timeout is over, far from gunicorn's 30 s: a 503
    # (mon_enfant.middleware.DatabaseUnavailableMiddleware), not a server error.
    status, waited = timed_get(f"{base}/api/mon-enfant/v1/schools?commune=35288")
    assert status == 503
    assert waited < CONNECT_TIMEOUT + 2, f"the schools list waited {waited:.1f} s"
    assert proxy.held >= 1, "no connection reached the stalled database: the test proves nothing"
    # The worker is still alive and serving.
    assert timed_get(lookup)[0] == 200

