"""HTTP benchmark of "Trouver mon école": the JSON lookup endpoint served by gunicorn (2 workers) against
the trivial ``/_ping`` JSON view of the same server, wrk on loopback, rounds alternated (see harness).

Target (issue 3): the lookup endpoint reaches at least 70% of the baseline's requests per second.

The demo database is used, with the hand-written carte scolaire of the tests (tests/catchment_data.py)
added at a high priority, so the measured question has a known answer: a school found with its card.
The server keeps its database connections (``CONN_MAX_AGE=60``, the production setting) and its workers
share a mirror of the version stamp (``MON_ENFANT_STAMP_DIR``, the single-host setting of the example
site), so a warm lookup makes no query. For information, the same lookup is measured with the stamp read
from the database on every request (the default for sites spread over several hosts), and the street
autocomplete.

    .venv/bin/python bench/run.py catchment_http
"""

import json
import urllib.parse
import urllib.request

from harness import bench_database, compare, gunicorn, manage

TARGET_RATIO = 0.70
QUESTION = {"commune": "35288", "address": "34 bis rue Guy-Ropartz", "level": "elementaire"}
STREETS = {"commune": "35288", "q": "34 rue de la"}
SEED = (
    "from mon_enfant.models import Commune; from tests.catchment_data import make_catchment; "
    "make_catchment(Commune.objects.get(code_insee='35288'), priority=100)"
)


def run():
    with bench_database() as env:
        manage("shell", "-c", SEED, env=env)
        with gunicorn(env) as base:
            lookup_path = "/api/mon-enfant/v1/catchment?" + urllib.parse.urlencode(QUESTION)
            streets_path = "/api/mon-enfant/v1/streets?" + urllib.parse.urlencode(STREETS)
            answer = json.load(urllib.request.urlopen(base + lookup_path, timeout=5))
            assert answer["status"] == "found" and answer["schools"][0]["known"], answer
            assert json.load(urllib.request.urlopen(base + streets_path, timeout=5))["streets"]
            baseline, target, ratio = compare(base, "/_ping", lookup_path)
            streets_baseline, streets, streets_ratio = compare(base, "/_ping", streets_path, rounds=2)
        with gunicorn({**env, "MON_ENFANT_STAMP_DIR": ""}) as base:
            db_baseline, db_target, db_ratio = compare(base, "/_ping", lookup_path, rounds=2)
    print(f"/_ping (trivial JSON view):                      {baseline:8,.0f} req/s")
    print(f"/api/mon-enfant/v1/catchment (found, 1 school):  {target:8,.0f} req/s")
    verdict = "OK" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(f"ratio {ratio:.2f} (target >= {TARGET_RATIO:.2f}): {verdict}")
    print(f"for information, /streets autocomplete: {streets:,.0f} req/s vs /_ping {streets_baseline:,.0f} "
          f"(ratio {streets_ratio:.2f})")
    print(f"for information, stamp read from the database on every lookup: {db_target:,.0f} req/s vs /_ping "
          f"{db_baseline:,.0f} (ratio {db_ratio:.2f})")
    return ratio >= TARGET_RATIO


if __name__ == "__main__":
    import sys

    sys.exit(0 if run() else 1)
