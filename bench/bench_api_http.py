"""HTTP benchmark of the two busiest operations, each against the trivial ``/_ping`` JSON view of the same
server (gunicorn, 2 workers, wrk on loopback, rounds alternated: see harness), on SQLite and on PostgreSQL:

* the catchment lookup ``GET /api/mon-enfant/v1/catchment`` (a school found, with its card);
* the fee quote ``POST /api/mon-enfant/v1/fees/quote`` with a QF (the family's certificate).

Target (issue 9): each reaches at least 0.7× the baseline's requests per second, on both databases.
The demo database is used, with the hand-written carte scolaire of the tests added at a high priority,
so the lookup has a known answer. The server runs with the package's defaults (version stamps checked at
most once per ``MON_ENFANT_REFRESH_SECONDS`` = 1 s). For information: the street autocomplete and a
household quote (QF computed, sibling rank, monthly estimate), and the plain Wagtail page (the host's page
type with an empty body) against /_ping: the baseline of the page benchmarks. BENCH_QUICK=1: one round of 1 s.

    .venv/bin/python bench/run.py api_http                 # both databases
    BENCH_DATABASES=sqlite .venv/bin/python bench/run.py api_http
    BENCH_ROOT=/path/to/other/checkout .venv/bin/python bench/run.py api_http   # measure another version
"""

import json
import os
import urllib.parse
import urllib.request

from harness import PLAIN_PAGE, PLAIN_PAGE_SEED, bench_database, compare, gunicorn, manage
from results import Goal, Row, detail, main, quick

TARGET_RATIO = 0.70
LOOKUP = "/api/mon-enfant/v1/catchment?" + urllib.parse.urlencode(
    {"commune": "35288", "address": "34 bis rue Guy-Ropartz", "level": "elementaire"})
STREETS = "/api/mon-enfant/v1/streets?" + urllib.parse.urlencode({"commune": "35288", "q": "34 rue de la"})
QUOTE = "/api/mon-enfant/v1/fees/quote"
QF_BODY = json.dumps({"commune": "35288", "school_year": "2026-2027", "qf": "1050"})
HOUSEHOLD_BODY = json.dumps({
    "commune": "35288", "school_year": "2026-2027",
    "household": {"method": "caf", "annual_resources": "36000", "monthly_benefits": "150", "couple": True,
                  "children": 2},
    "child_rank": 2,
    "usage": [{"service": "restauration-scolaire", "units_per_week": 4},
              {"service": "accueil-periscolaire", "units_per_week": 6}],
})
JSON = {"Content-Type": "application/json"}
SEED = (
    "import importlib; from mon_enfant.models import Commune\n"
    "for name in ('tests.catchment.data', 'tests.catchment_data'):\n"
    "    try: module = importlib.import_module(name); break\n"
    "    except ImportError: pass\n"
    "module.make_catchment(Commune.objects.get(code_insee='35288'), priority=100)"
)


def _get(url, body=None):
    request = urllib.request.Request(url, data=body and body.encode(), headers=JSON if body else {},
                                     method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def measure(database):
    """(name, goal, (baseline req/s, req/s, ratio)) of each operation against /_ping, and of /_ping and the plain
    Wagtail page against each other."""
    seconds, rounds = (1, 1) if quick() else (4, 3)
    with bench_database(database) as env:
        manage("shell", "-c", SEED, env=env)
        manage("shell", "-c", PLAIN_PAGE_SEED, env=env)
        with gunicorn(env) as base:
            answer = _get(base + LOOKUP)
            assert answer["status"] == "found" and answer["schools"][0]["known"], answer
            assert _get(base + QUOTE, QF_BODY)["qf"] == "1050.00"
            assert _get(base + STREETS)["streets"]
            urllib.request.urlopen(base + PLAIN_PAGE, timeout=5).read()
            timing = {"seconds": seconds}
            rows = [
                ("catchment lookup", TARGET_RATIO, compare(base, "/_ping", LOOKUP, rounds=rounds, **timing)),
                ("fee quote (QF)", TARGET_RATIO, compare(base, "/_ping", QUOTE, method="POST", body=QF_BODY,
                                                         headers=JSON, rounds=rounds, **timing)),
                ("street autocomplete", None, compare(base, "/_ping", STREETS, rounds=max(1, rounds - 1), **timing)),
                ("fee quote (household)", None, compare(base, "/_ping", QUOTE, method="POST", body=HOUSEHOLD_BODY,
                                                        headers=JSON, rounds=max(1, rounds - 1), **timing)),
                ("plain Wagtail page", None, compare(base, "/_ping", PLAIN_PAGE, rounds=max(1, rounds - 1),
                                                     **timing)),
            ]
    return rows


def run():
    rows = []
    detail(f"{'database':<11}{'operation':<24}{'/_ping req/s':>13}{'req/s':>9}{'ratio':>7}  target")
    for database in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(","):
        command = f"BENCH_DATABASES={database} .venv/bin/python bench/run.py api_http"
        for name, target, (baseline, measured, ratio) in measure(database):
            detail(f"{database:<11}{name:<24}{baseline:>13,.0f}{measured:>9,.0f}{ratio:>7.2f}  {target or ''}")
            rows.append(Row("api_http", f"{name}, {LABELS[database]}, gunicorn 2 workers", measured, "req/s",
                            baseline=baseline, baseline_name="/_ping", command=command,
                            goal=None if target is None else Goal("ratio", ">=", target)))
    return rows


LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

if __name__ == "__main__":
    main(run)
