"""Many processes, one carte scolaire: after an import in one process, every other process answers from
the new rules on its next lookup, and a lookup served during an import sees the old rules or the new
ones, never a mix.

Each process keeps an in-memory index (``mon_enfant.catchment.services``) and compares it, on every lookup,
with the shared version stamp (``RulesetVersion``) that imports bump in their transaction. The first tests
count index builds in this process; the last ones run real separate processes (``manage.py
import_catchment`` and small Django scripts) on a real database: a SQLite file in a temporary folder, or
a fresh PostgreSQL database when ``DATABASE_URL`` points at PostgreSQL. Rules come from line 296 of the
national extract (BOULEVARD CHATEAUBRIAND, odd numbers 1 to 23, Saint-Malo), its collège changed between
imports.
"""

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from mon_enfant.catchment import services
from mon_enfant.catchment.importers import import_catchment
from mon_enfant.catchment.models import CatchmentRule, RulesetVersion
from mon_enfant.models import Commune

from ..conftest import TEST_DATA

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = TEST_DATA / "carte-scolaire-colleges-35-extrait.csv"
DUGUAY_TROUIN, CHARCOT, CHATEAUBRIAND = "0350916F", "0350896J", "0350044H"
ADDRESS = "7 boulevard Chateaubriand"


def boulevard_file(uai):
    """The header and line 296 of the national extract, the collège replaced by ``uai``."""
    lines = NATIONAL.read_bytes().split(b"\r\n")
    assert b"BOULEVARD CHATEAUBRIAND;1;;23;;I;0350916F" in lines[295]
    return b"\r\n".join([lines[0], lines[295].replace(b"0350916F", uai.encode())]) + b"\r\n"


@pytest.fixture
def counted_builds(monkeypatch):
    """Every index build of this process, counted."""
    services.reset()
    builds = []
    original = services.build_index

    def counting_build():
        builds.append(RulesetVersion.current())
        return original()

    monkeypatch.setattr(services, "build_index", counting_build)
    yield builds
    services.reset()


# --- One process ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_is_built_once_while_the_stamp_does_not_move(counted_builds):
    Commune.objects.create(name="Saint-Malo", code_insee="35288")
    for _ in range(3):
        services.lookup("35288", ADDRESS, "college")
    assert len(counted_builds) == 1
    assert services.get_index() is services.get_index()


@pytest.mark.django_db
def test_an_import_or_an_edit_makes_the_next_lookup_rebuild_once(counted_builds):
    commune = Commune.objects.create(name="Saint-Malo", code_insee="35288")
    assert services.lookup("35288", ADDRESS, "college").status == "no_sector"
    import_catchment(boulevard_file(DUGUAY_TROUIN))
    assert services.lookup("35288", ADDRESS, "college").result.uais == (DUGUAY_TROUIN,)
    assert services.lookup("35288", ADDRESS, "college").result.uais == (DUGUAY_TROUIN,)
    assert len(counted_builds) == 2
    CatchmentRule.objects.filter(commune=commune).first().delete()  # an edit in the admin: a signal bumps
    assert services.lookup("35288", ADDRESS, "college").status == "no_sector"
    assert len(counted_builds) == 3


@pytest.mark.django_db
def test_an_index_read_while_an_import_lands_is_read_again(monkeypatch):
    """The stamp is read before and after reading the rules; if it moved, the rules are read again, so an
    index never keeps a half-old, half-new state labelled with either version."""
    services.reset()
    original = services.build_index
    calls = []

    def build_during_an_import():
        calls.append(1)
        if len(calls) == 1:
            RulesetVersion.bump()  # another process's import commits while this one reads
        return original()

    monkeypatch.setattr(services, "build_index", build_during_an_import)
    services.get_index()
    assert len(calls) == 2
    services.get_index()
    assert len(calls) == 2
    services.reset()


# --- Real processes on a real database ----------------------------------------------------------


WORKER = textwrap.dedent("""
    import json, sys
    import django
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from mon_enfant.catchment import services

    builds = []
    original = services.build_index

    def counting_build():
        builds.append(1)
        return original()

    services.build_index = counting_build
    print("ready", flush=True)
    for line in sys.stdin:
        with CaptureQueriesContext(connection) as queries:
            answer = services.lookup("35288", line.strip(), "college")
        print(json.dumps({"status": str(answer.status), "uais": list(answer.result.uais), "builds": len(builds),
                          "queries": len(queries)}), flush=True)
""")

PAUSED_IMPORT = textwrap.dedent("""
    import sys
    from pathlib import Path
    import django
    django.setup()
    from django.db import transaction
    from mon_enfant.catchment.importers import import_catchment

    with transaction.atomic():
        import_catchment(Path(sys.argv[1]).read_bytes(), create_communes=True)
        print("imported, not committed", flush=True)
        sys.stdin.readline()
    print("committed", flush=True)
""")


def _postgres_admin_connection(url):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password,
        dbname="postgres", autocommit=True,
    )


@pytest.fixture(scope="module", params=["stamp-every-request", "stamp-every-second"])
def live_database(request, tmp_path_factory):
    """A migrated database outside the test transaction, and the environment that points processes at it;
    the processes read the stamp from the database on every lookup, or at most once a second
    (MON_ENFANT_REFRESH_SECONDS)."""
    url = os.environ.get("DATABASE_URL", "")
    folder = tmp_path_factory.mktemp("live-database")
    postgres_name = None
    if url.startswith("postgres"):
        postgres_name = f"mon_enfant_versions_{os.getpid()}"
        with _postgres_admin_connection(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{postgres_name}"')
            admin.execute(f'CREATE DATABASE "{postgres_name}"')
        live_url = urlsplit(url)._replace(path=f"/{postgres_name}").geturl()
    else:
        live_url = f"sqlite:///{folder / 'live.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": live_url,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        "MON_ENFANT_REFRESH_SECONDS": "1" if request.param == "stamp-every-second" else "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    yield {"env": env, "folder": folder}
    if postgres_name:
        with _postgres_admin_connection(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{postgres_name}" WITH (FORCE)')


class Worker:
    """A separate Django process answering lookups of ADDRESS-like lines on stdin."""

    def __init__(self, live):
        script = live["folder"] / "worker.py"
        script.write_text(WORKER)
        self.process = subprocess.Popen(
            [sys.executable, str(script)], cwd=ROOT, env=live["env"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def lookup(self, address=ADDRESS):
        self.process.stdin.write(address + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def workers(live_database):
    started = []

    def start():
        worker = Worker(live_database)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def import_in_another_process(live, uai):
    path = live["folder"] / f"carte-{uai}.csv"
    path.write_bytes(boulevard_file(uai))
    subprocess.run(
        [sys.executable, "manage.py", "import_catchment", str(path), "--create-communes"],
        cwd=ROOT, env=live["env"], check=True, stdout=subprocess.DEVNULL,
    )
    wait_for_refresh(live)


def wait_for_refresh(live):
    """Other processes see a commit within the refresh delay: wait that long."""
    time.sleep(float(live["env"]["MON_ENFANT_REFRESH_SECONDS"]))


def test_after_an_import_in_process_a_process_b_answers_from_the_new_rules(live_database, workers):
    process_b = workers()
    import_in_another_process(live_database, DUGUAY_TROUIN)
    first = process_b.lookup()
    assert (first["status"], first["uais"]) == ("found", [DUGUAY_TROUIN])
    again = process_b.lookup()
    assert again["builds"] == first["builds"]  # no new import: no rebuild
    # The stamp check: one query on every lookup, or none within the refresh delay.
    assert again["queries"] == (1 if live_database["env"]["MON_ENFANT_REFRESH_SECONDS"] == "0" else 0)

    import_in_another_process(live_database, CHARCOT)
    second = process_b.lookup()
    assert (second["status"], second["uais"]) == ("found", [CHARCOT])
    assert second["builds"] == first["builds"] + 1


def test_a_lookup_served_during_an_import_sees_the_old_rules_until_it_commits(live_database, workers):
    import_in_another_process(live_database, DUGUAY_TROUIN)
    warm = workers()
    assert warm.lookup()["uais"] == [DUGUAY_TROUIN]

    path = live_database["folder"] / "paused.csv"
    path.write_bytes(boulevard_file(CHATEAUBRIAND))
    script = live_database["folder"] / "paused_import.py"
    script.write_text(PAUSED_IMPORT)
    importer = subprocess.Popen([sys.executable, str(script), str(path)], cwd=ROOT, env=live_database["env"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert importer.stdout.readline().strip() == "imported, not committed"
        # The rules are deleted and re-created inside the open transaction: nobody sees that yet, neither a
        # process with an index nor a new process building its first one.
        assert warm.lookup()["uais"] == [DUGUAY_TROUIN]
        assert workers().lookup()["uais"] == [DUGUAY_TROUIN]
        importer.stdin.write("\n")
        importer.stdin.flush()
        assert importer.stdout.readline().strip() == "committed"
    finally:
        importer.stdin.close()
        importer.wait(timeout=30)
    wait_for_refresh(live_database)
    assert warm.lookup()["uais"] == [CHATEAUBRIAND]
